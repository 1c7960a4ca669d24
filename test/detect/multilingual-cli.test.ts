import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../pipeline/child.ts';

const dir = mkdtempSync(join(tmpdir(), 'sanitext-lang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sanitext detect --language', () => {
  // One child process only (the suite is near its time limit); an unknown value is the schema's
  // error, tested in multilingual.test.ts and by `sanitize --language` by hand.
  it('detects in the given language: "Sehr geehrte Frau Müller" gives Frau Müller, not Sehr', async () => {
    const input = join(dir, 'brief.txt');
    writeFileSync(input, 'Sehr geehrte Frau Müller,\nam 3. März 2021 haben wir Ihre Zahlung erhalten.\n');
    const german = await runCli(['detect', input, '--language', 'de', '--layers', 'rules,gazetteers', '--json']);
    expect(german.status, german.stderr).toBe(0);
    const [doc] = JSON.parse(german.stdout) as { text: string; annotations: Record<string, { entity_mentions: { entity_type: string; span_text: string }[] }> }[];
    const mentions = Object.values(doc.annotations)[0].entity_mentions.map((m) => `${m.entity_type} ${m.span_text}`);
    expect(mentions).toEqual(['PERSON Frau Müller', 'DATETIME 3. März 2021']);
  });
});
