import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offsetConverter, spansToCodePoints } from '../../src/corpus/index.ts';
import { createLayer, createRecognizer, registerLayer, registeredLayers } from '../../src/detect/index.ts';

const TEXT = 'On 1 December 2005 Mr Jan Kowalski, a Polish architect, was arrested (application no. 36110/97). Kowalski paid EUR 4,000.';

describe('createRecognizer', () => {
  it('merges layers and gives all mentions of a person one entity id', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const spans = await recognizer.recognize({ id: 'doc1', text: TEXT });
    const byText = new Map(spans.map((s) => [TEXT.slice(s.start, s.end), s]));
    expect(byText.get('1 December 2005')?.entityType).toBe('DATETIME');
    expect(byText.get('36110/97')?.entityType).toBe('CODE');
    expect(byText.get('EUR 4,000')?.entityType).toBe('QUANTITY');
    expect(byText.get('architect')?.entityType).toBe('DEM');
    expect(byText.get('Kowalski')?.entityId).toBe(byText.get('Mr Jan Kowalski')?.entityId);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
  });

  it('keeps UTF-16 offsets in memory and converts to code points at output, after astral characters', async () => {
    const text = '😀😀 Mr Jan Kowalski 🎉 born 1962';
    const recognizer = await createRecognizer({ layers: ['rules'] });
    const spans = await recognizer.recognize({ id: 'astral', text });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Mr Jan Kowalski', '1962']);
    expect(spansToCodePoints(text, spans)).toEqual([
      [3, 18],
      [26, 30],
    ]);
    expect([...text].slice(26, 30).join('')).toBe('1962');
    expect(offsetConverter(text).toUtf16(26)).toBe(spans[1].start);
  });

  it('handles a long document', async () => {
    const text = `${TEXT} `.repeat(1500);
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const started = performance.now();
    const spans = await recognizer.recognize({ id: 'long', text });
    expect(performance.now() - started).toBeLessThan(20000);
    expect(spans.filter((s) => text.slice(s.start, s.end) === '36110/97')).toHaveLength(1500);
    expect(new Set(spans.filter((s) => s.entityType === 'PERSON').map((s) => s.entityId)).size).toBe(1);
  });

  it('exposes per-layer output and accepts a registered layer', async () => {
    registerLayer('test-fixed', () => ({ name: 'test-fixed', detect: () => [{ start: 3, end: 18, entityType: 'MISC', confidence: 0.1, source: 'test' }] }));
    expect(registeredLayers()).toContain('test-fixed');
    const recognizer = await createRecognizer({ layers: ['rules', 'test-fixed'] });
    const byLayer = await recognizer.detectByLayer({ id: 'd', text: TEXT });
    expect([...byLayer.keys()]).toEqual(['rules', 'test-fixed']);
    const spans = await recognizer.recognize({ id: 'd', text: TEXT });
    expect(spans.find((s) => s.start === 3)?.entityType).toBe('DATETIME');
  });

  it('names unknown layers clearly', async () => {
    await expect(createLayer('nope')).rejects.toThrow(/unknown detector layer "nope"/);
  });
});

describe('sanitext detect', () => {
  const cli = (args: string[]): string => execFileSync(process.execPath, ['bin/sanitext.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('writes TAB-format mentions with code-point offsets for a text file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    const input = join(dir, 'note.txt');
    writeFileSync(input, `😀 ${TEXT}`);
    const out = join(dir, 'out.json');
    cli(['detect', input, '--layers', 'rules,gazetteers', '--out', out]);
    const docs = JSON.parse(readFileSync(out, 'utf8')) as { doc_id: string; text: string; annotations: Record<string, { entity_mentions: { start_offset: number; end_offset: number; span_text: string; entity_id: string }[] }> }[];
    expect(docs[0].doc_id).toBe('note');
    const mentions = docs[0].annotations.sanitext.entity_mentions;
    const codePoints = [...docs[0].text];
    for (const m of mentions) expect(codePoints.slice(m.start_offset, m.end_offset).join('')).toBe(m.span_text);
    expect(mentions.map((m) => m.span_text)).toContain('36110/97');
    const spans = JSON.parse(cli(['detect', input, '--layers', 'rules', '--format', 'spans', '--json'])) as Record<string, [number, number][]>;
    expect(spans.note.length).toBeGreaterThan(3);
  }, 30000);
});
