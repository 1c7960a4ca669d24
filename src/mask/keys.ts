/**
 * Secret handling. One secret (a key file or the SANITEXT_MAPPING_KEY environment variable) serves
 * both the keyed wild tags and the mapping encryption; each use derives its own subkey, so neither
 * output reveals anything about the other. A secret is either a raw 256-bit key (64 hex digits, or
 * `base64:` followed by at least 32 bytes) — subkeys by HKDF-SHA-256 — or a passphrase (at least 12
 * characters, not all alike) — subkeys by scrypt, which makes guessing a weak passphrase expensive.
 */
import { hkdfSync, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../corpus/index.ts';

export const KEY_ENV_VARIABLE = 'SANITEXT_MAPPING_KEY';
export const MIN_PASSPHRASE_LENGTH = 12;
/** Fewer different characters than this is a trivial passphrase, however long. */
export const MIN_PASSPHRASE_DISTINCT = 5;
const RAW_KEY_HEX_DIGITS = 64;

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

  /**
   * Parses a secret string; `source` names where it came from in error messages. A secret of hex
   * digits only is a raw key and must be exactly 64 of them: a key cut short or lengthened by a copy
   * error must not silently become a passphrase. A passphrase needs at least 12 characters and at
   * least 5 different non-space ones (12 spaces or "aaaaaaaaaaaa" are refused).
   */
  static fromSecret(secret: string, source: string): MaskKey {
    const value = secret.replace(/[\r\n]+$/u, '');
    // Surrounding spaces are copy noise for keys; a passphrase keeps them (older mappings depend on it).
    const bare = value.trim();
    const fail = (message: string): never => {
      throw new InputError([{ file: source, message }]);
    };
    if (/^[0-9a-fA-F]+$/.test(bare)) {
      if (bare.length !== RAW_KEY_HEX_DIGITS) {
        fail(`a secret of hex digits only is read as a raw key: expected ${RAW_KEY_HEX_DIGITS} hex digits, got ${bare.length} (a passphrase needs other characters too)`);
      }
      return new MaskKey('raw', Buffer.from(bare, 'hex'), source);
    }
    if (bare.startsWith('base64:')) {
      const bytes = Buffer.from(bare.slice('base64:'.length), 'base64');
      if (bytes.length < 32) fail(`a base64 key must hold at least 32 bytes (it holds ${bytes.length})`);
      return new MaskKey('raw', bytes, source);
    }
    if ([...bare].length < MIN_PASSPHRASE_LENGTH) {
      fail(
        bare === ''
          ? 'the key is empty or only white space'
          : `the key is neither ${RAW_KEY_HEX_DIGITS} hex digits nor base64:… and too short for a passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters)`,
      );
    }
    const distinct = new Set([...bare].filter((c) => !/\s/u.test(c))).size;
    if (distinct < MIN_PASSPHRASE_DISTINCT) {
      fail(`the passphrase is too easy to guess: it has ${distinct} different non-space character(s), at least ${MIN_PASSPHRASE_DISTINCT} are needed`);
    }
    return new MaskKey('passphrase', Buffer.from(value.normalize('NFC'), 'utf8'), source);
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
