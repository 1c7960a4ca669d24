import { describe, expect, it } from 'vitest';
import { MaskKey, createStrategyRegistry, loadFictionalStrategy, restore, sanitize } from '../../src/mask/index.ts';
import { createPipeline, type PipelineResult } from '../../src/pipeline/index.ts';

// The fictional strategy follows detect.language: a German letter gets substitutes from faker's de
// locale (names, places, month names), `auto` chooses per document, English is unchanged.
const RAW_KEY = 'b'.repeat(64);
const KEY = MaskKey.fromSecret(RAW_KEY, 'test');
const GERMAN = 'Sehr geehrte Frau Müller,\n\nHerr Klaus Weber aus Köln hat am 3. März 2021 bei der Müller Bau GmbH angerufen.';
const ENGLISH = 'Mr Jan Kowalski, born on 12 May 1970, wrote from Leeds on 3 March 2021.';

async function pipelineFor(language: 'de' | 'en' | 'auto') {
  return createPipeline({ detect: { language, layers: { rules: true, gazetteers: true } }, mask: { strategy: 'fictional', key: { env: 'K' } } }, { env: { K: RAW_KEY } });
}

/** What the fictional strategy of `locale` writes over the pipeline's own spans. */
async function direct(result: PipelineResult, text: string, locale: 'de' | 'en'): Promise<string> {
  const registry = createStrategyRegistry().register(await loadFictionalStrategy({ locale }));
  const spans = result.mentions.map((m) => ({ start: m.start, end: m.end, entityId: m.entityId, entityType: m.entityType }));
  return sanitize(text, spans, { strategy: 'fictional', registry, key: KEY, docId: result.id }).text;
}

describe('fictional substitutes in the documents language', () => {
  it('draws from the German locale for language de, and restores the original', async () => {
    const result = await (await pipelineFor('de')).runOne({ id: 'de', text: GERMAN });
    expect(result.mentions.length).toBeGreaterThanOrEqual(4);
    expect(result.text).toBe(await direct(result, GERMAN, 'de'));
    expect(result.text).not.toBe(await direct(result, GERMAN, 'en'));
    expect(result.text).not.toContain('Weber');
    expect(restore(result.text, result.mapping).text).toBe(GERMAN);
  });

  it('chooses the locale per document with language auto', async () => {
    const pipeline = await pipelineFor('auto');
    const german = await pipeline.runOne({ id: 'de', text: GERMAN });
    const english = await pipeline.runOne({ id: 'en', text: ENGLISH });
    expect([german.language, english.language]).toEqual(['de', 'en']);
    expect(german.text).toBe(await direct(german, GERMAN, 'de'));
    expect(english.text).toBe(await direct(english, ENGLISH, 'en'));
  });

  it('leaves English exactly as the default fictional strategy writes it', async () => {
    const result = await (await pipelineFor('en')).runOne({ id: 'en', text: ENGLISH });
    const spans = result.mentions.map((m) => ({ start: m.start, end: m.end, entityId: m.entityId, entityType: m.entityType }));
    expect(result.text).toBe(sanitize(ENGLISH, spans, { strategy: 'fictional', key: KEY, docId: 'en' }).text);
  });
});
