/**
 * Mapping files. An encrypted file is a JSON envelope: a format/version header, the KDF and its
 * salt, a key-check value, a key proof under a second salt, and the AES-256-GCM nonce, tag and
 * ciphertext. The whole header is authenticated as additional data, so changing any byte of the file
 * is detected. The key check (derived with the header's salt) and the key proof (derived with its
 * own salt) are independent: both failing means a wrong key, one failing means the header was
 * modified. A plain (unencrypted) file holds the mapping in clear under the same header, for users
 * who keep mappings elsewhere; it is not authenticated, so with a key it is refused unless allowed.
 * Writers give mapping files MAPPING_FILE_MODE (0600), written through a temporary file and a rename.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../corpus/index.ts';
import { SCRYPT_PARAMS, type MaskKey } from './keys.ts';
import type { Mapping, MappingSet } from './types.ts';

export const MAPPING_FORMAT = 'sanitext-mapping';
/** Version 2 added the key proof; version 1 files are still read. */
export const MAPPING_FORMAT_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];
const CIPHER = 'aes-256-gcm';
const PURPOSE = 'sanitext mapping v1';
const PROOF_PURPOSE = 'sanitext mapping key proof v2';
/** Owner read/write only: a mapping holds the originals (in clear with --plain-mapping). */
export const MAPPING_FILE_MODE = 0o600;

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
  textSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  literalKeys: z.array(z.string()).optional(),
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
const keyProofSchema = z.object({ salt: z.string(), check: z.string() });
const envelopeSchema = z.object({
  format: z.literal(MAPPING_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  encrypted: z.literal(true),
  cipher: z.literal(CIPHER),
  kdf: kdfSchema,
  keyCheck: z.string(),
  keyProof: keyProofSchema.optional(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});
const plainSchema = z.object({
  format: z.literal(MAPPING_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  encrypted: z.literal(false),
  mapping: z.unknown(),
});

type Envelope = z.infer<typeof envelopeSchema>;
type Header = Pick<Envelope, 'format' | 'version' | 'cipher' | 'kdf' | 'keyCheck' | 'keyProof' | 'iv'>;

function additionalData(e: Header): Buffer {
  const fields: unknown[] = [e.format, e.version, e.cipher, e.kdf, e.keyCheck, e.iv];
  if (e.version >= 2) fields.push(e.keyProof ?? null);
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

function checkValue(derivedKey: Buffer, label: string): Buffer {
  return createHmac('sha256', derivedKey).update(label).digest().subarray(0, 16);
}

const keyCheckOf = (encryptionKey: Buffer): Buffer => checkValue(encryptionKey, 'sanitext key check');
const keyProofOf = (key: MaskKey, salt: Buffer): Buffer => checkValue(key.deriveKey(salt, PROOF_PURPOSE), 'sanitext key proof');

function sameBytes(stored: string, expected: Buffer): boolean {
  const bytes = Buffer.from(stored, 'base64');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

function kdfFor(key: MaskKey, salt: Buffer): Envelope['kdf'] {
  const encoded = salt.toString('base64');
  return key.kind === 'raw' ? { name: 'hkdf-sha256', salt: encoded } : { name: 'scrypt', salt: encoded, ...SCRYPT_PARAMS };
}

/** Encrypts a mapping; returns the file content (JSON text). */
export function encryptMapping(payload: MappingPayload, key: MaskKey): string {
  const salt = randomBytes(16);
  const proofSalt = randomBytes(16);
  const encryptionKey = key.deriveKey(salt, PURPOSE);
  const iv = randomBytes(12);
  const header = {
    format: MAPPING_FORMAT,
    version: MAPPING_FORMAT_VERSION,
    cipher: CIPHER,
    kdf: kdfFor(key, salt),
    keyCheck: keyCheckOf(encryptionKey).toString('base64'),
    keyProof: { salt: proofSalt.toString('base64'), check: keyProofOf(key, proofSalt).toString('base64') },
    iv: iv.toString('base64'),
  } as const;
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

export interface DecryptOptions {
  /**
   * Read a plain (unauthenticated) mapping although a key is given (default false): with a key the
   * user expects a modified mapping to be rejected, which only an encrypted file can promise.
   */
  allowPlain?: boolean;
}

/**
 * Reads a mapping file's content. Wrong key, a modified file, an unknown format or version, a plain
 * file while a key is given (unless allowed): an InputError naming `source`, and nothing decrypted is
 * returned.
 */
export function decryptMapping(content: string, key: MaskKey | undefined, source = '(mapping)', options: DecryptOptions = {}): MappingPayload {
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
  if (!READABLE_VERSIONS.includes(header.data.version)) {
    return fail(`mapping format version ${header.data.version} is not supported (this sanitext reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }

  const plain = plainSchema.safeParse(json);
  if (plain.success) {
    if (key && !options.allowPlain) {
      return fail(
        `the mapping is not encrypted, so nothing proves it unmodified, but a key was given (${key.source}): pass --allow-plain-mapping to read it anyway`,
      );
    }
    return validatePayload(plain.data.mapping, fail);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return fail(`malformed mapping file: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (!key) return fail('the mapping is encrypted: pass --key-file FILE or set $SANITEXT_MAPPING_KEY');
  const e = envelope.data;
  if (e.version >= 2 && !e.keyProof) return fail('the mapping file header was modified (authentication failed): its key proof is missing');
  if (e.kdf.name === 'scrypt' && (e.kdf.N !== SCRYPT_PARAMS.N || e.kdf.r !== SCRYPT_PARAMS.r || e.kdf.p !== SCRYPT_PARAMS.p)) {
    return fail('unsupported scrypt parameters in the mapping header (modified file?)');
  }
  const encryptionKey = identifyKey(e, key, fail);
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

/**
 * The encryption key, once the key is known to be the right one. The key proof does not depend on
 * the KDF name, salt or key check, so it tells a wrong key (proof and check fail) from a modified
 * header (one of them fails). Version 1 files have no proof: any failure there reads "wrong key".
 */
function identifyKey(e: Envelope, key: MaskKey, fail: (message: string) => never): Buffer {
  const proofOk = e.keyProof ? sameBytes(e.keyProof.check, keyProofOf(key, Buffer.from(e.keyProof.salt, 'base64'))) : undefined;
  const headerModified = 'the mapping file header was modified (authentication failed)';
  const fileKind = e.kdf.name === 'scrypt' ? 'passphrase' : 'raw';
  if (fileKind !== key.kind) {
    if (proofOk) return fail(`${headerModified}: its key derivation was changed`);
    return fail(`wrong key: the mapping was encrypted with a ${fileKind === 'passphrase' ? 'passphrase' : 'raw 256-bit key'}, ${key.source} holds a ${key.kind === 'raw' ? 'raw key' : 'passphrase'}`);
  }
  const encryptionKey = key.deriveKey(Buffer.from(e.kdf.salt, 'base64'), PURPOSE);
  const checkOk = sameBytes(e.keyCheck, keyCheckOf(encryptionKey));
  if (checkOk && proofOk !== false) return encryptionKey;
  if (proofOk === undefined || (!checkOk && !proofOk)) return fail(`wrong key: ${key.source} does not decrypt this mapping`);
  return fail(`${headerModified}: the key is right, but its ${checkOk ? 'key proof' : 'salt or key check'} was changed`);
}

function validatePayload(value: unknown, fail: (message: string) => never): MappingPayload {
  const parsed = payloadSchema.safeParse(value);
  if (!parsed.success) return fail(`malformed mapping: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
