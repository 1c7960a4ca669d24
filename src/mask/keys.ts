/**
 * Secret handling. One secret (a key file or the SANITEXT_MAPPING_KEY environment variable) serves
 * both the keyed wild tags and the mapping encryption; each use derives its own subkey, so neither
 * output reveals anything about the other. A secret is either a raw 256-bit key (64 hex digits, or
 * `base64:` followed by at least 32 bytes) — subkeys by HKDF-SHA-256 — or a passphrase (at least 12
 * characters) — subkeys by scrypt, which makes guessing a weak passphrase expensive.
 */
import { hkdfSync, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../corpus/index.ts';

export const KEY_ENV_VARIABLE = 'SANITEXT_MAPPING_KEY';
export const MIN_PASSPHRASE_LENGTH = 12;

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and about 0.1 s per derivation. */
export const SCRYPT_PARAMS = { N: 32768, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

const TAG_CONTEXT = 'sanitext wild-tag v1';

export type KeyKind = 'raw' | 'passphrase';

export class MaskKey {
  private tagKeyCache?: Buffer;

  private constructor(
    readonly kind: KeyKind,
    private readonly secret: Buffer,
    /** Where the secret came from, for messages (never the secret itself). */
    readonly source: string,
  ) {}

  /** Parses a secret string; `source` names where it came from in error messages. */
  static fromSecret(secret: string, source: string): MaskKey {
    const trimmed = secret.replace(/[\r\n]+$/u, '');
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new MaskKey('raw', Buffer.from(trimmed, 'hex'), source);
    if (trimmed.startsWith('base64:')) {
      const bytes = Buffer.from(trimmed.slice('base64:'.length), 'base64');
      if (bytes.length < 32) throw new InputError([{ file: source, message: `a base64 key must hold at least 32 bytes (it holds ${bytes.length})` }]);
      return new MaskKey('raw', bytes, source);
    }
    if ([...trimmed].length < MIN_PASSPHRASE_LENGTH) {
      throw new InputError([
        { file: source, message: `the key is neither 64 hex digits nor base64:… and too short for a passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters)` },
      ]);
    }
    return new MaskKey('passphrase', Buffer.from(trimmed.normalize('NFC'), 'utf8'), source);
  }

  /** The subkey of the wild-tag HMAC; derived once (scrypt is slow on purpose). */
  tagKey(): Buffer {
    this.tagKeyCache ??= this.deriveKey(Buffer.from(TAG_CONTEXT, 'utf8'), TAG_CONTEXT);
    return this.tagKeyCache;
  }

  /** A 32-byte subkey for `purpose` with the given salt: HKDF for raw keys, scrypt for passphrases. */
  deriveKey(salt: Buffer, purpose: string): Buffer {
    if (this.kind === 'raw') return Buffer.from(hkdfSync('sha256', this.secret, salt, purpose, 32));
    return scryptSync(this.secret, Buffer.concat([salt, Buffer.from(purpose, 'utf8')]), 32, { ...SCRYPT_PARAMS, maxmem: SCRYPT_MAXMEM });
  }
}

/** The key from `--key-file` or else the environment; undefined when neither is set. */
export function loadMaskKey(keyFile?: string, env: NodeJS.ProcessEnv = process.env): MaskKey | undefined {
  if (keyFile !== undefined) {
    let content: string;
    try {
      content = readFileSync(keyFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError([{ file: keyFile, message: code === 'ENOENT' ? 'key file not found' : `cannot read key file (${code ?? String(error)})` }]);
    }
    return MaskKey.fromSecret(content, keyFile);
  }
  const fromEnv = env[KEY_ENV_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') return MaskKey.fromSecret(fromEnv, `$${KEY_ENV_VARIABLE}`);
  return undefined;
}
