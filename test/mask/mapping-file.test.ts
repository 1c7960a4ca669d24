import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { MaskKey, decryptMapping, encryptMapping, loadMaskKey, plainMappingFile, restore, sanitize, type MappingPayload } from '../../src/mask/index.ts';

const raw = MaskKey.fromSecret('0f'.repeat(32), 'raw key');
const text = 'Anna Berg lives in Oslo.';
const { text: sanitized, mapping } = sanitize(text, [{ start: 0, end: 9, entityType: 'PERSON' }, { start: 19, end: 23, entityType: 'LOC' }]);

// Written by sanitext before format version 2 (no key proof), with the raw key above.
const VERSION_1_MAPPING = {
  kind: 'mapping',
  version: 1,
  strategy: 'numbered',
  reversible: true,
  entries: [
    { placeholder: '[PERSON_1]', key: 'N:PERSON:1', entityType: 'PERSON', original: 'Anna Berg', occurrences: ['Anna Berg'] },
    { placeholder: '[LOC_1]', key: 'N:LOC:1', entityType: 'LOC', original: 'Oslo', occurrences: ['Oslo'] },
  ],
};
const VERSION_1_FILE = {
  format: 'sanitext-mapping',
  version: 1,
  cipher: 'aes-256-gcm',
  kdf: { name: 'hkdf-sha256', salt: 'JJ3+L8A4ZmHuYD1y+ff9NQ==' },
  keyCheck: 'wzl5+Cmg6AUugFhNc4pjRA==',
  iv: 'ZjnLIDX2j+aUe0S0',
  encrypted: true,
  tag: 'oT5g30zZ3iP/KtZgUk4sRw==',
  ciphertext:
    'Hsja5yZ99MVfNz8Loyas7LyO8EOfCKe7o4qmYMu0mAuQ8HC0jSe4Jhm7b/4cLAzAqnxY8pTSQwMrzeVHZEFpUxIDWHER4bi0OuvW3DxJmAyR6h8kQ28LcMHH5sqCPFrCmQYOkksVvCG//fsldxBvKqFGhO8Q1Mv6Ugt21P10UU/4Tw5nCMRvU9an/RcwCmPjkMfmaRAcQMjDqj7R2KJk+amm2oI8UuDYUaF7UMVVl4VmGN0FXfNothm7jm4US3FtswjEpUMXbjNl1YoQiSnhU7SxHo2Db7tN4FvxK8uP2lqZb22Jk5AvVufql7TbKnfhf/KSOEcV0oEH32mrvWSAPnsABvs2J/QuCMEjpz/p7H328qAUjv+OcblJCNIybWjYsuFknf6MYGtqUHIBamvBCWY=',
};

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('encrypted mapping files', () => {
  it('round-trip with a raw key and with a passphrase, and hold no original in clear', () => {
    const passphrase = MaskKey.fromSecret('correct horse battery staple', 'passphrase');
    for (const key of [raw, passphrase]) {
      const file = encryptMapping(mapping, key);
      expect(file).not.toContain('Anna');
      expect(file).not.toContain('Oslo');
      const decrypted = decryptMapping(file, key, 'm.json') as MappingPayload;
      expect(decrypted).toEqual(mapping);
      expect(restore(sanitized, mapping).text).toBe(text);
    }
    expect(JSON.parse(encryptMapping(mapping, passphrase)).kdf).toMatchObject({ name: 'scrypt', N: 32768, r: 8, p: 1 });
  });

  it('say "wrong key" for another key of either kind', () => {
    const file = encryptMapping(mapping, raw);
    expect(messageOf(() => decryptMapping(file, MaskKey.fromSecret('1f'.repeat(32), 'other.key'), 'm.json'))).toBe('m.json: wrong key: other.key does not decrypt this mapping');
    expect(messageOf(() => decryptMapping(file, MaskKey.fromSecret('a long passphrase here', 'pass.txt'), 'm.json'))).toMatch(/^m\.json: wrong key: the mapping was encrypted with a raw 256-bit key/);
    expect(messageOf(() => decryptMapping(file, undefined, 'm.json'))).toMatch(/the mapping is encrypted: pass --key-file/);
  });

  it('reject any modified ciphertext, tag or header field', () => {
    const envelope = JSON.parse(encryptMapping(mapping, raw)) as Record<string, unknown>;
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[bytes.length - 1] ^= 1;
      return bytes.toString('base64');
    };
    for (const field of ['ciphertext', 'tag', 'iv']) {
      const tampered = JSON.stringify({ ...envelope, [field]: flip(envelope[field] as string) });
      expect(messageOf(() => decryptMapping(tampered, raw, 'm.json'))).toBe('m.json: the mapping file was modified: authentication failed (AES-GCM tag mismatch)');
    }
    expect(messageOf(() => decryptMapping(JSON.stringify({ ...envelope, version: 3 }), raw, 'm.json'))).toBe(
      'm.json: mapping format version 3 is not supported (this sanitext reads versions 1 and 2)',
    );
    expect(messageOf(() => decryptMapping(JSON.stringify({ ...envelope, format: 'other' }), raw, 'm.json'))).toMatch(/not a sanitext mapping file/);
    expect(messageOf(() => decryptMapping('{"format": "sanitext-mapping"', raw, 'm.json'))).toBe('m.json: not a sanitext mapping file (not JSON)');
  });

  it('report a modified salt, key check, key proof or key derivation as a modified header, not as a wrong key', () => {
    for (const key of [raw, MaskKey.fromSecret('correct horse battery staple', 'passphrase')]) {
      const envelope = JSON.parse(encryptMapping(mapping, key)) as { kdf: { name: string; salt: string }; keyCheck: string; keyProof: { salt: string; check: string } };
      const flip = (b64: string): string => {
        const bytes = Buffer.from(b64, 'base64');
        bytes[0] ^= 1;
        return bytes.toString('base64');
      };
      const tampered = [
        { ...envelope, kdf: { ...envelope.kdf, salt: flip(envelope.kdf.salt) } },
        { ...envelope, keyCheck: flip(envelope.keyCheck) },
        { ...envelope, keyProof: { ...envelope.keyProof, salt: flip(envelope.keyProof.salt) } },
        { ...envelope, keyProof: { ...envelope.keyProof, check: flip(envelope.keyProof.check) } },
        { ...envelope, kdf: envelope.kdf.name === 'scrypt' ? { name: 'hkdf-sha256', salt: envelope.kdf.salt } : { name: 'scrypt', salt: envelope.kdf.salt, N: 32768, r: 8, p: 1 } },
      ];
      // scrypt is slow on purpose: a passphrase runs the salt and derivation cases only.
      for (const file of key.kind === 'raw' ? tampered : [tampered[0], tampered[4]]) {
        expect(messageOf(() => decryptMapping(JSON.stringify(file), key, 'm.json'))).toMatch(/^m\.json: the mapping file header was modified \(authentication failed\)/);
      }
      const { keyProof: _dropped, ...withoutProof } = envelope;
      expect(messageOf(() => decryptMapping(JSON.stringify(withoutProof), key, 'm.json'))).toMatch(/header was modified \(authentication failed\): its key proof is missing/);
    }
  });

  it('still read version 1 files (no key proof), where a wrong key and a modified salt both read "wrong key"', () => {
    const decrypted = decryptMapping(JSON.stringify(VERSION_1_FILE), raw, 'v1.json');
    expect(decrypted).toEqual(VERSION_1_MAPPING);
    expect(restore(sanitized, decrypted as typeof mapping).text).toBe(text);
    expect(messageOf(() => decryptMapping(JSON.stringify(VERSION_1_FILE), MaskKey.fromSecret('1f'.repeat(32), 'other.key'), 'v1.json'))).toMatch(/wrong key/);
    expect(messageOf(() => decryptMapping(JSON.stringify({ ...VERSION_1_FILE, version: 2 }), raw, 'v1.json'))).toMatch(/header was modified|was modified: authentication failed/);
  });

  it('refuse a plain (unauthenticated) mapping when a key is given, unless allowed', () => {
    const plain = plainMappingFile(mapping);
    expect(messageOf(() => decryptMapping(plain, raw, 'p.json'))).toBe(
      'p.json: the mapping is not encrypted, so nothing proves it unmodified, but a key was given (raw key): pass --allow-plain-mapping to read it anyway',
    );
    expect(decryptMapping(plain, raw, 'p.json', { allowPlain: true })).toEqual(mapping);
  });

  it('read plain mapping files without a key, and validate their content', () => {
    expect(decryptMapping(plainMappingFile(mapping), undefined)).toEqual(mapping);
    const broken = plainMappingFile({ ...mapping, entries: [{ placeholder: '[X_1]' }] } as unknown as typeof mapping);
    expect(messageOf(() => decryptMapping(broken, undefined, 'p.json'))).toMatch(/^p\.json: malformed mapping: entries\.0\.entityType/);
  });
});

describe('keys', () => {
  it('accept 64 hex digits, base64 keys and passphrases, and reject short secrets', () => {
    expect(MaskKey.fromSecret('ab'.repeat(32) + '\n', 'f').kind).toBe('raw');
    expect(MaskKey.fromSecret(`base64:${Buffer.alloc(32, 7).toString('base64')}`, 'f').kind).toBe('raw');
    expect(MaskKey.fromSecret('twelve chars', 'f').kind).toBe('passphrase');
    expect(messageOf(() => MaskKey.fromSecret('short', 'k.txt'))).toMatch(/^k\.txt: .*too short for a passphrase \(at least 12 characters\)/);
    expect(messageOf(() => MaskKey.fromSecret('base64:AAAA', 'k.txt'))).toMatch(/at least 32 bytes/);
  });

  it('refuse a hex key of the wrong length instead of taking it for a passphrase', () => {
    expect(messageOf(() => MaskKey.fromSecret('ab'.repeat(32).slice(1), 'k.hex'))).toBe(
      'k.hex: a secret of hex digits only is read as a raw key: expected 64 hex digits, got 63 (a passphrase needs other characters too)',
    );
    expect(messageOf(() => MaskKey.fromSecret(`${'ab'.repeat(32)}0\n`, 'k.hex'))).toMatch(/expected 64 hex digits, got 65/);
    expect(messageOf(() => MaskKey.fromSecret('0123456789abcdef'.repeat(2), 'k.hex'))).toMatch(/expected 64 hex digits, got 32/);
    // Spaces around a key are copy noise, not part of a passphrase.
    expect(MaskKey.fromSecret(`  ${'ab'.repeat(32)} \n`, 'k.hex').kind).toBe('raw');
  });

  it('refuse white space and trivial repetitions as passphrases', () => {
    expect(messageOf(() => MaskKey.fromSecret(' '.repeat(12), 'k.txt'))).toBe('k.txt: the key is empty or only white space');
    expect(messageOf(() => MaskKey.fromSecret('\t \t \t \t \t \t \n', 'k.txt'))).toBe('k.txt: the key is empty or only white space');
    expect(messageOf(() => MaskKey.fromSecret('zzzzzzzzzzzzzzzz', 'k.txt'))).toMatch(/^k\.txt: the passphrase is too easy to guess: it has 1 different non-space character\(s\), at least 5/);
    expect(messageOf(() => MaskKey.fromSecret('xyxy xyxy xyxy', 'k.txt'))).toMatch(/too easy to guess: it has 2 different/);
    expect(messageOf(() => MaskKey.fromSecret('   short    ', 'k.txt'))).toMatch(/too short for a passphrase/);
    expect(MaskKey.fromSecret('correct horse battery staple', 'k.txt').kind).toBe('passphrase');
  });

  it('come from --key-file first, then $SANITEXT_MAPPING_KEY, and name a missing file', () => {
    expect(loadMaskKey(undefined, { SANITEXT_MAPPING_KEY: 'cd'.repeat(32) })?.source).toBe('$SANITEXT_MAPPING_KEY');
    expect(loadMaskKey(undefined, {})).toBeUndefined();
    expect(messageOf(() => loadMaskKey('/nonexistent/key', {}))).toBe('/nonexistent/key: key file not found');
  });
});
