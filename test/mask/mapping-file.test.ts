import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { MaskKey, decryptMapping, encryptMapping, loadMaskKey, plainMappingFile, restore, sanitize, type MappingPayload } from '../../src/mask/index.ts';

const raw = MaskKey.fromSecret('0f'.repeat(32), 'raw key');
const text = 'Anna Berg lives in Oslo.';
const { text: sanitized, mapping } = sanitize(text, [{ start: 0, end: 9, entityType: 'PERSON' }, { start: 19, end: 23, entityType: 'LOC' }]);

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
    const salted = JSON.stringify({ ...envelope, kdf: { name: 'hkdf-sha256', salt: flip((envelope.kdf as { salt: string }).salt) } });
    expect(messageOf(() => decryptMapping(salted, raw, 'm.json'))).toMatch(/wrong key/);
    expect(messageOf(() => decryptMapping(JSON.stringify({ ...envelope, version: 2 }), raw, 'm.json'))).toBe(
      'm.json: mapping format version 2 is not supported (this sanitext reads version 1)',
    );
    expect(messageOf(() => decryptMapping(JSON.stringify({ ...envelope, format: 'other' }), raw, 'm.json'))).toMatch(/not a sanitext mapping file/);
    expect(messageOf(() => decryptMapping('{"format": "sanitext-mapping"', raw, 'm.json'))).toBe('m.json: not a sanitext mapping file (not JSON)');
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

  it('come from --key-file first, then $SANITEXT_MAPPING_KEY, and name a missing file', () => {
    expect(loadMaskKey(undefined, { SANITEXT_MAPPING_KEY: 'cd'.repeat(32) })?.source).toBe('$SANITEXT_MAPPING_KEY');
    expect(loadMaskKey(undefined, {})).toBeUndefined();
    expect(messageOf(() => loadMaskKey('/nonexistent/key', {}))).toBe('/nonexistent/key: key file not found');
  });
});
