/**
 * Mapping files. An encrypted file is a JSON envelope: a format/version header, the KDF and its
 * salt, a key-check value (so a wrong key is told apart from a modified file), and the AES-256-GCM
 * nonce, tag and ciphertext. The header is authenticated as additional data, so changing any byte
 * of the file is detected. A plain (unencrypted) file holds the mapping in clear under the same
 * header, for users who keep mappings elsewhere.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../corpus/index.ts';
import { SCRYPT_PARAMS, type MaskKey } from './keys.ts';
import type { Mapping, MappingSet } from './types.ts';

export const MAPPING_FORMAT = 'sanitext-mapping';
export const MAPPING_FORMAT_VERSION = 1;
const CIPHER = 'aes-256-gcm';
const PURPOSE = 'sanitext mapping v1';

export type MappingPayload = Mapping | MappingSet;

const entrySchema = z.object({
  placeholder: z.string(),
  key: z.string().optional(),
  entityType: z.string(),
  original: z.string(),
  occurrences: z.array(z.string()),
});
const mappingSchema = z.object({
  kind: z.literal('mapping'),
  version: z.literal(1),
  strategy: z.string(),
  reversible: z.boolean(),
  entries: z.array(entrySchema),
});
const mappingSetSchema = z.object({
  kind: z.literal('mapping-set'),
  version: z.literal(1),
  strategy: z.string(),
  documents: z.record(mappingSchema),
});
const payloadSchema = z.discriminatedUnion('kind', [mappingSchema, mappingSetSchema]);

const kdfSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('hkdf-sha256'), salt: z.string() }),
  z.object({ name: z.literal('scrypt'), salt: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int() }),
]);
const envelopeSchema = z.object({
  format: z.literal(MAPPING_FORMAT),
  version: z.literal(MAPPING_FORMAT_VERSION),
  encrypted: z.literal(true),
  cipher: z.literal(CIPHER),
  kdf: kdfSchema,
  keyCheck: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});
const plainSchema = z.object({
  format: z.literal(MAPPING_FORMAT),
  version: z.literal(MAPPING_FORMAT_VERSION),
  encrypted: z.literal(false),
  mapping: z.unknown(),
});

type Envelope = z.infer<typeof envelopeSchema>;

function additionalData(e: Pick<Envelope, 'format' | 'version' | 'cipher' | 'kdf' | 'keyCheck' | 'iv'>): Buffer {
  return Buffer.from(JSON.stringify([e.format, e.version, e.cipher, e.kdf, e.keyCheck, e.iv]), 'utf8');
}

function keyCheckOf(encryptionKey: Buffer): Buffer {
  return createHmac('sha256', encryptionKey).update('sanitext key check').digest().subarray(0, 16);
}

function kdfFor(key: MaskKey, salt: Buffer): Envelope['kdf'] {
  const encoded = salt.toString('base64');
  return key.kind === 'raw' ? { name: 'hkdf-sha256', salt: encoded } : { name: 'scrypt', salt: encoded, ...SCRYPT_PARAMS };
}

/** Encrypts a mapping; returns the file content (JSON text). */
export function encryptMapping(payload: MappingPayload, key: MaskKey): string {
  const salt = randomBytes(16);
  const encryptionKey = key.deriveKey(salt, PURPOSE);
  const iv = randomBytes(12);
  const header = { format: MAPPING_FORMAT, version: MAPPING_FORMAT_VERSION, cipher: CIPHER, kdf: kdfFor(key, salt), keyCheck: keyCheckOf(encryptionKey).toString('base64'), iv: iv.toString('base64') } as const;
  const cipher = createCipheriv(CIPHER, encryptionKey, iv);
  cipher.setAAD(additionalData(header));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const envelope: Envelope = { ...header, encrypted: true, tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  return JSON.stringify(envelope, null, 2) + '\n';
}

/** A mapping file in clear text (only on explicit request: it holds the originals). */
export function plainMappingFile(payload: MappingPayload): string {
  return JSON.stringify({ format: MAPPING_FORMAT, version: MAPPING_FORMAT_VERSION, encrypted: false, mapping: payload }, null, 2) + '\n';
}

/**
 * Reads a mapping file's content. Wrong key, a modified file, an unknown format or version: an
 * InputError naming `source`, and nothing decrypted is returned.
 */
export function decryptMapping(content: string, key: MaskKey | undefined, source = '(mapping)'): MappingPayload {
  const fail = (message: string): never => {
    throw new InputError([{ file: source, message }]);
  };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return fail('not a sanitext mapping file (not JSON)');
  }
  const header = z.object({ format: z.string(), version: z.number() }).safeParse(json);
  if (!header.success || header.data.format !== MAPPING_FORMAT) return fail(`not a sanitext mapping file (no "format": "${MAPPING_FORMAT}" header)`);
  if (header.data.version !== MAPPING_FORMAT_VERSION) return fail(`mapping format version ${header.data.version} is not supported (this sanitext reads version ${MAPPING_FORMAT_VERSION})`);

  const plain = plainSchema.safeParse(json);
  if (plain.success) return validatePayload(plain.data.mapping, fail);
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return fail(`malformed mapping file: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (!key) return fail('the mapping is encrypted: pass --key-file FILE or set $SANITEXT_MAPPING_KEY');
  const e = envelope.data;
  if (e.kdf.name === 'scrypt' && (e.kdf.N !== SCRYPT_PARAMS.N || e.kdf.r !== SCRYPT_PARAMS.r || e.kdf.p !== SCRYPT_PARAMS.p)) {
    return fail('unsupported scrypt parameters in the mapping header (modified file?)');
  }
  if ((e.kdf.name === 'scrypt') !== (key.kind === 'passphrase')) {
    return fail(`wrong key: the mapping was encrypted with a ${e.kdf.name === 'scrypt' ? 'passphrase' : 'raw 256-bit key'}, ${key.source} holds a ${key.kind === 'raw' ? 'raw key' : 'passphrase'}`);
  }
  const encryptionKey = key.deriveKey(Buffer.from(e.kdf.salt, 'base64'), PURPOSE);
  const check = Buffer.from(e.keyCheck, 'base64');
  const expected = keyCheckOf(encryptionKey);
  if (check.length !== expected.length || !timingSafeEqual(check, expected)) return fail(`wrong key: ${key.source} does not decrypt this mapping`);
  let plaintext: string;
  try {
    const decipher = createDecipheriv(CIPHER, encryptionKey, Buffer.from(e.iv, 'base64'));
    decipher.setAAD(additionalData(e));
    decipher.setAuthTag(Buffer.from(e.tag, 'base64'));
    plaintext = Buffer.concat([decipher.update(Buffer.from(e.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return fail('the mapping file was modified: authentication failed (AES-GCM tag mismatch)');
  }
  return validatePayload(JSON.parse(plaintext), fail);
}

function validatePayload(value: unknown, fail: (message: string) => never): MappingPayload {
  const parsed = payloadSchema.safeParse(value);
  if (!parsed.success) return fail(`malformed mapping: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
