import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStrategyRegistry, restore, sanitize } from '../../src/mask/index.ts';
import { createPipeline, type PipelineConfigInput } from '../../src/pipeline/index.ts';

const TEXT = 'Mr Jan Kowalski, born on 12 May 1970, wrote to jan.kowalski@example.org. Kowalski paid 6,932 hryvnias.';
const RAW_KEY = 'a'.repeat(64);

async function masked(mask: PipelineConfigInput['mask'], text = TEXT, env: NodeJS.ProcessEnv = {}) {
  const pipeline = await createPipeline({ detect: { layers: { rules: true } }, mask }, { file: 'p.yaml', env });
  return pipeline.runOne({ id: 'd', text });
}

describe('pipeline masking', () => {
  it('with one strategy gives exactly sanitize() of the detected spans', async () => {
    const result = await masked({ strategy: 'numbered' });
    const spans = result.mentions.map((m) => ({ start: m.start, end: m.end, entityId: m.entityId, entityType: m.entityType }));
    const direct = sanitize(TEXT, spans, { strategy: 'numbered', docId: 'd' });
    expect(result.text).toBe(direct.text);
    expect(result.mapping).toEqual(direct.mapping);
    expect(result.offsetMap.segments).toEqual(direct.offsetMap.segments);
  });

  it('applies a strategy per entity type with a default, in one output, mapping and offset map', async () => {
    const result = await masked({ strategy: 'numbered', byType: { DATETIME: 'generalize', CODE: 'redact' }, redactWith: '<code>' });
    expect(result.text).toBe('[PERSON_1], born on 1970, wrote to <code>. [PERSON_1] paid [QUANTITY_1].');
    expect(result.mapping.strategy).toBe('numbered+generalize+redact');
    // Every replaced region maps back to its input span.
    for (const segment of result.offsetMap.segments) {
      expect(result.text.slice(segment.outputStart, segment.outputEnd)).toMatch(/^\[PERSON_1\]|1970|<code>|\[QUANTITY_1\]$/);
      expect(result.offsetMap.inputSpan({ start: segment.outputStart, end: segment.outputEnd })).toEqual({ start: segment.inputStart, end: segment.inputEnd });
    }
    // The numbered placeholders restore; the one-way replacements stay as they are.
    const restored = restore(result.text, result.mapping);
    expect(restored.text).toBe('Mr Jan Kowalski, born on 1970, wrote to <code>. Kowalski paid 6,932 hryvnias.');
  });

  it('a subtype\'s strategy comes before its type\'s: an e-mail (CODE/EMAIL) redacted, other codes tagged by type', async () => {
    const text = 'Mr Jan Kowalski wrote to jan.kowalski@example.org from 10.0.0.1.';
    const result = await masked({ strategy: 'numbered', byType: { CODE: 'type-tag', EMAIL: 'redact' }, redactWith: '<e-mail>' }, text);
    expect(result.mentions.map((m) => m.subtype)).toEqual([undefined, 'EMAIL', 'IP']);
    expect(result.text).toBe('[PERSON_1] wrote to <e-mail> from [CODE].');
    expect(result.mapping.strategy).toBe('numbered+redact+type-tag');
  });

  it('numbers entities across documents with scope collection, per document otherwise', async () => {
    for (const scope of ['document', 'collection'] as const) {
      const pipeline = await createPipeline({ detect: { layers: { rules: true } }, mask: { scope } }, { env: {} });
      const results = [];
      for await (const r of pipeline.run([
        { id: 'a', text: 'Mr Jan Kowalski came.' },
        { id: 'b', text: 'Ms Anna Berg came. Mr Jan Kowalski left.' },
      ])) results.push(r.text);
      expect(results[0]).toBe('[PERSON_1] came.');
      expect(results[1]).toBe(scope === 'collection' ? '[PERSON_2] came. [PERSON_1] left.' : '[PERSON_1] came. [PERSON_2] left.');
    }
  });

  it('reads the key from a configured environment variable for keyed tags', async () => {
    const result = await masked({ strategy: 'keyed-tag', key: { env: 'MY_PIPELINE_KEY' } }, 'Mr Jan Kowalski came.', { MY_PIPELINE_KEY: RAW_KEY });
    expect(result.text).toMatch(/^<PERSON "[0-9a-f]{8}"> came\.$/);
    await expect(masked({ strategy: 'keyed-tag' }, 'x', {})).rejects.toThrow(/mask\.key: strategy keyed-tag needs a secret key/);
  });

  it('the anonymize-rs strategy writes LABELn placeholders from 0 and an items map', async () => {
    const pipeline = await createPipeline(
      { detect: { layers: { keywords: [{ type: 'FRUIT_FLASH', terms: ['apples', 'bananas'] }], patterns: [{ type: 'FRUIT_REGEX', patterns: ['\\bplum\\w*\\b'] }] } }, mask: { strategy: 'anonymize-rs', items: true } },
      { env: {} },
    );
    const result = await pipeline.runOne({ id: 'd', text: 'I like to eat apples and bananas and plums and apples' });
    expect(result.text).toBe('I like to eat FRUIT_FLASH0 and FRUIT_FLASH1 and FRUIT_REGEX0 and FRUIT_FLASH0');
    expect(result.items).toEqual({ FRUIT_FLASH0: 'apples', FRUIT_FLASH1: 'bananas', FRUIT_REGEX0: 'plums' });
    // anonymize-rs deanonymizes by putting each item back.
    let back = result.text;
    for (const [placeholder, original] of Object.entries(result.items ?? {})) back = back.replaceAll(placeholder, original);
    expect(back).toBe('I like to eat apples and bananas and plums and apples');
    expect(createStrategyRegistry().has('anonymize-rs')).toBe(false);
  });

  it('reads the key from a file relative to the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-key-'));
    writeFileSync(join(dir, 'key.hex'), `${RAW_KEY}\n`);
    const pipeline = await createPipeline({ detect: { layers: { rules: true } }, mask: { strategy: 'keyed-tag', key: { file: 'key.hex' } } }, { baseDir: dir, env: {} });
    const viaFile = await pipeline.runOne({ id: 'd', text: 'Mr Jan Kowalski came.' });
    const viaEnv = await masked({ strategy: 'keyed-tag', key: { env: 'K' } }, 'Mr Jan Kowalski came.', { K: RAW_KEY });
    expect(viaFile.text).toBe(viaEnv.text);
  });

  it('pipelines/anonymize-rs.yaml reproduces the anonymize-rs README example', async () => {
    const pipeline = await createPipeline(join(import.meta.dirname, '../../pipelines/anonymize-rs.yaml'), { env: {} });
    const result = await pipeline.runOne({ id: 'readme', text: 'I like to eat apples and bananas and plums' });
    expect(result.text).toBe('I like to eat FRUIT_REGEX0 and FRUIT_REGEX1 and FRUIT_REGEX2');
    expect(result.items).toEqual({ FRUIT_REGEX0: 'apples', FRUIT_REGEX1: 'bananas', FRUIT_REGEX2: 'plums' });
  });
});
