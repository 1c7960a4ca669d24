import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DATASETS, loadDataset } from '../../src/corpus/index.ts';
import { createRecognizer } from '../../src/detect/index.ts';
import { GuardedPatternSet, createPipeline, type PipelineConfigInput } from '../../src/pipeline/index.ts';

const TEXT = 'Mr Jan Kowalski, born on 12 May 1970, paid 6,932 hryvnias; write to jan.kowalski@example.org. Zorblax ate plums and an Apple.';

async function found(detect: PipelineConfigInput['detect'], text = TEXT): Promise<{ surface: string; type: string; layer: string }[]> {
  const pipeline = await createPipeline({ detect }, { file: 'p.yaml', env: {} });
  const result = await pipeline.runOne({ id: 'd', text });
  return result.mentions.map((m) => ({ surface: text.slice(m.start, m.end), type: m.entityType, layer: m.layer }));
}

const surfaces = (mentions: { surface: string }[]): string[] => mentions.map((m) => m.surface);

describe('pipeline detection', () => {
  it('with no layers configured returns exactly what the recognizer returns (bundled sample, line breaks, emoji)', async () => {
    const pipeline = await createPipeline({ detect: {} }, { env: {} });
    const recognizer = await createRecognizer();
    const sample = await loadDataset('sample', REPO_DATASETS);
    const crafted = { id: 'crafted', text: `Dear Anna Berg 😀,\nJan\nKowalski (born 12 May 1970) wrote from Oslo.\n${TEXT}` };
    const docs = [...sample.documents.map((d) => ({ id: d.id, text: d.text })), crafted];
    expect(docs.length).toBeGreaterThan(10);
    for (const doc of docs) {
      const expected = (await recognizer.recognize(doc)).map((s) => ({ ...s }));
      const result = await pipeline.runOne(doc);
      expect(result.mentions.map(({ layer: _layer, ...m }) => m), doc.id).toEqual(expected);
    }
  });

  it('switches rule families off and drops excluded rules', async () => {
    const all = await found({ layers: { rules: true } });
    expect(all.some((m) => m.type === 'DATETIME')).toBe(true);
    expect(all.some((m) => m.type === 'QUANTITY')).toBe(true);
    const noDates = await found({ layers: { rules: { families: { datetime: false } } } });
    expect(noDates.some((m) => m.type === 'DATETIME')).toBe(false);
    expect(noDates.some((m) => m.type === 'QUANTITY')).toBe(true);
    const noEmail = await found({ layers: { rules: { exclude: ['email'] } } });
    expect(surfaces(all)).toContain('jan.kowalski@example.org');
    expect(surfaces(noEmail)).not.toContain('jan.kowalski@example.org');
  });

  it('finds keyword lists, inline and from a file relative to the config, with their case policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-keywords-'));
    writeFileSync(join(dir, 'fruits.txt'), 'plums\n\napple\n');
    const insensitive = await createPipeline({ detect: { layers: { keywords: [{ type: 'FRUIT', file: 'fruits.txt' }, { type: 'ALIEN', terms: ['zorblax'] }] } } }, { baseDir: dir, env: {} });
    const r = await insensitive.runOne({ id: 'd', text: TEXT });
    expect(r.mentions.map((m) => [TEXT.slice(m.start, m.end), m.entityType, m.source])).toEqual([
      ['Zorblax', 'ALIEN', 'keywords:ALIEN'],
      ['plums', 'FRUIT', 'keywords:FRUIT'],
      ['Apple', 'FRUIT', 'keywords:FRUIT'],
    ]);
    const sensitive = await found({ layers: { keywords: [{ type: 'FRUIT', terms: ['apple', 'plums'], case: 'sensitive' }] } });
    expect(surfaces(sensitive)).toEqual(['plums']);
  });

  it('finds user patterns with their type', async () => {
    const mentions = await found({ layers: { patterns: [{ type: 'FRUIT_REGEX', patterns: ['\\bplum\\w*\\b', '\\bapple\\b'], flags: 'i' }] } });
    expect(mentions).toEqual([
      { surface: 'plums', type: 'FRUIT_REGEX', layer: 'patterns' },
      { surface: 'Apple', type: 'FRUIT_REGEX', layer: 'patterns' },
    ]);
  });

  it('rejects a pattern with nested quantifiers at load, naming the field', async () => {
    await expect(found({ layers: { patterns: [{ type: 'X', patterns: ['ok', '(a+)+$'] }] } })).rejects.toThrow(
      /p\.yaml: detect\.layers\.patterns\.0\.patterns\.1: the pattern could backtrack catastrophically/,
    );
    await expect(found({ deny: [{ regex: '([a-z]*)*x', type: 'X' }] })).rejects.toThrow(/p\.yaml: detect\.deny\.0\.regex: the pattern could backtrack/);
    await expect(found({ allow: [{ regex: '(\\w+\\s?)+$' }] })).rejects.toThrow(/p\.yaml: detect\.allow\.0\.regex: the pattern could backtrack/);
    await expect(found({ layers: { patterns: [{ type: 'X', patterns: ['(unclosed'] }] } })).rejects.toThrow(/detect\.layers\.patterns\.0\.patterns\.0: not a valid regular expression/);
  });

  it('stops a pattern that backtracks past the time bound and names the field and document, not the text', () => {
    // Star height 1, so the load check passes, yet exponential on a run of x without a y.
    const set = new GuardedPatternSet([{ source: '(x|x)*y', flags: '', field: 'detect.layers.patterns.0.patterns.0' }], 50, 'p.yaml');
    const started = performance.now();
    expect(() => set.matchAll(`${'x'.repeat(40)} secret`, 'doc-7')).toThrow(/^p\.yaml, doc doc-7: detect\.layers\.patterns\.0\.patterns\.0: ran longer than 50 ms/);
    expect(performance.now() - started).toBeLessThan(5000);
    try {
      set.matchAll(`${'x'.repeat(40)} secret`, 'doc-7');
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
    // The set still works after a timeout.
    expect(set.matchAll('xxy', 'doc-8')).toEqual([{ pattern: 0, start: 0, end: 3 }]);
  });

  it('allow drops mentions (exact or whole-surface regex), also ones found by name propagation', async () => {
    const base = await found({ layers: { rules: true } });
    expect(surfaces(base)).toEqual(expect.arrayContaining(['Mr Jan Kowalski', '12 May 1970']));
    const allowed = await found({ layers: { rules: true }, allow: ['Mr Jan Kowalski', { regex: '\\d+ May \\d{4}' }] });
    expect(surfaces(allowed)).not.toContain('Mr Jan Kowalski');
    expect(surfaces(allowed)).not.toContain('12 May 1970');
    // With low-confidence cues dropped, "Kowalski" alone comes only from name propagation (after the
    // layers' output is filtered): allowed, it must not come back that way.
    const text = 'Mr Jan Kowalski came, and later on Kowalski left.';
    const propagated = await createPipeline({ detect: { layers: { rules: true }, minConfidence: 0.5 } }, { env: {} });
    expect((await propagated.runOne({ id: 'd', text })).mentions.map((m) => [text.slice(m.start, m.end), m.source])).toContainEqual(['Kowalski', 'coref:propagated']);
    expect(surfaces(await found({ layers: { rules: true }, minConfidence: 0.5, allow: ['Kowalski'] }, text))).toEqual(['Mr Jan Kowalski']);
  });

  it('deny always adds mentions with their type, exact strings and regexes', async () => {
    const mentions = await found({ layers: { rules: { families: { names: false } } }, deny: [{ text: 'Zorblax', type: 'PERSON' }, { regex: 'plums?', type: 'FRUIT' }] });
    expect(mentions).toEqual(expect.arrayContaining([{ surface: 'Zorblax', type: 'PERSON', layer: 'deny' }, { surface: 'plums', type: 'FRUIT', layer: 'deny' }]));
    const denyOnly = await found({ layers: {}, deny: [{ text: 'Zorblax', type: 'PERSON' }] });
    expect(denyOnly).toEqual([{ surface: 'Zorblax', type: 'PERSON', layer: 'deny' }]);
  });

  it('deny mentions survive every clean-up, convention and type revision, and keep their extent inside longer mentions', async () => {
    // Each of these was dropped or changed before: a greeting, a label, a sentence-opening common
    // word, "One of", and surfaces TAB's conventions drop ("the Court", "lawyer").
    const text = 'Dear Customer, the Court heard the lawyer. Patient discharged. One of them left. Focus is key. Dr Anna Berg came.';
    const deny = [
      { text: 'Dear Customer', type: 'PERSON' },
      { text: 'the Court', type: 'ORG' },
      { text: 'lawyer', type: 'DEM' },
      { text: 'Patient', type: 'MISC' },
      { text: 'One', type: 'QUANTITY' },
      { text: 'Focus', type: 'ORG' },
      { text: 'Anna', type: 'MISC' },
    ];
    for (const language of ['en', 'de'] as const) {
      const mentions = await found({ language, layers: { rules: true, gazetteers: true }, deny }, text);
      const denied = mentions.filter((m) => m.layer === 'deny').map((m) => `${m.type} ${m.surface}`);
      expect(denied, language).toEqual(deny.map((d) => `${d.type} ${d.text}`));
      // The rules' name around "Anna" keeps what lies outside it, with its own type.
      if (language === 'en') expect(mentions.filter((m) => m.surface === 'Dr' || m.surface === 'Berg').map((m) => m.type)).toEqual(['PERSON', 'PERSON']);
    }
  });

  it('minConfidence drops low-confidence layer mentions before merging', async () => {
    const all = await found({ layers: { rules: true } }, 'We met Anna Berg at Oslo Central.');
    expect(all.length).toBeGreaterThan(0);
    const confident = await found({ layers: { rules: true }, minConfidence: 0.99 }, 'We met Anna Berg at Oslo Central.');
    expect(confident.length).toBeLessThan(all.length);
    const pipeline = await createPipeline({ detect: { layers: { rules: true }, minConfidence: 0.5 } }, { env: {} });
    const result = await pipeline.runOne({ id: 'd', text: TEXT });
    expect(result.mentions.every((m) => m.confidence >= 0.5)).toBe(true);
  });

  it('refuses a configuration that can detect nothing', async () => {
    await expect(found({ layers: {} })).rejects.toThrow(/p\.yaml: detect\.layers: no layer is switched on/);
  });

  it('loads the neural layer from a model reference and applies its label map', async () => {
    const text = 'John Smith was born on 12 May 1970 in Oslo.';
    const plain = await found({ layers: { neural: { model: 'minibert-tab-ner', dtype: 'q8' } } }, text);
    expect(plain).toContainEqual({ surface: 'John Smith', type: 'PERSON', layer: 'neural' });
    expect(plain.some((m) => m.type === 'DATETIME')).toBe(true);
    const mapped = await found({ layers: { neural: { model: 'minibert-tab-ner', dtype: 'q8', threads: 1, labelMap: { PERSON: 'HUMAN', DATETIME: '' } } } }, text);
    expect(mapped).toContainEqual({ surface: 'John Smith', type: 'HUMAN', layer: 'neural' });
    expect(mapped.some((m) => m.type === 'DATETIME' || m.type === 'PERSON')).toBe(false);
  });
});
