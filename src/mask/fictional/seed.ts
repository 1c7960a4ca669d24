/**
 * Seeds from the key: every draw seeds faker with an HMAC-SHA-256, under a subkey of the user's
 * secret, of what is drawn for (entity, mention part, attempt). The same key gives the same
 * substitutes on every run; without the key nobody can recompute them (so they reveal nothing).
 */
import { createHmac } from 'node:crypto';
import type { MaskKey } from '../keys.ts';

const PURPOSE = 'sanitext fictional v1';
const subkeys = new WeakMap<MaskKey, Buffer>();

/** The subkey of the fictional strategy, derived once per key (scrypt for passphrases is slow). */
export function fictionalSubkey(key: MaskKey): Buffer {
  let subkey = subkeys.get(key);
  if (!subkey) {
    subkey = key.deriveKey(Buffer.from(PURPOSE, 'utf8'), PURPOSE);
    subkeys.set(key, subkey);
  }
  return subkey;
}

/** HMAC of the parts (NUL-separated) under the subkey. */
export function keyedDigest(subkey: Buffer, parts: readonly (string | number)[]): Buffer {
  return createHmac('sha256', subkey).update(parts.join('\u0000'), 'utf8').digest();
}

/** A faker seed (four 32-bit words) from the digest of the parts. */
export function seedOf(subkey: Buffer, parts: readonly (string | number)[]): number[] {
  const digest = keyedDigest(subkey, parts);
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset));
}
