import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { createPipeline, type PipelineResult } from '../../src/pipeline/index.ts';

const DOC = { id: 'd', text: 'Mr Jan Kowalski, born on 12 May 1970, wrote to jan.kowalski@example.org.' };

describe('createPipeline', () => {
  it('streams: pulls the next document only when the previous result is taken', async () => {
    const pipeline = await createPipeline({ detect: { layers: { rules: true } } }, { env: {} });
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 5; i++) {
        pulled++;
        yield { id: `doc${i}`, text: `Mr Jan Kowalski number ${i} wrote on 12 May 1970.` };
      }
    }
    const results = pipeline.run(source());
    const first = await results.next();
    expect(first.value?.id).toBe('doc0');
    expect(pulled).toBe(1);
    const rest: string[] = [];
    for await (const r of results) rest.push(r.id);
    expect(rest).toEqual(['doc1', 'doc2', 'doc3', 'doc4']);
    expect(pulled).toBe(5);
  });

  it('takes plain iterables too, and gives per-document mentions, decisions, text, mapping and counts', async () => {
    const pipeline = await createPipeline({ detect: { layers: { rules: true } } }, { env: {} });
    const results: PipelineResult[] = [];
    for await (const r of pipeline.run([DOC])) results.push(r);
    const [result] = results;
    expect(result.text).toBe('[PERSON_1], born on [DATETIME_1], wrote to [CODE_1].');
    expect(result.mentions.map((m) => [m.entityType, m.layer, m.source])).toEqual([
      ['PERSON', 'rules', 'rules:person-title'],
      ['DATETIME', 'rules', 'rules:date-month-name'],
      ['CODE', 'rules', 'rules:email'],
    ]);
    expect(result.decisions.every((d) => d.mask && d.risk === null && d.decidedBy === 'none')).toBe(true);
    expect(result.counts).toEqual({ mentions: 3, entities: 3, masked: 3, kept: 0, replacements: 3 });
    expect(pipeline.indicator).toBe('none');
    expect(pipeline.layers).toEqual(['rules']);
  });

  it('never puts the text of a span in mentions, decisions or counts', async () => {
    const pipeline = await createPipeline({ detect: { layers: { rules: true } } }, { env: {} });
    const result = await pipeline.runOne(DOC);
    const described = JSON.stringify({ mentions: result.mentions, decisions: result.decisions, kept: result.kept, counts: result.counts, offsetMap: result.offsetMap });
    for (const secret of ['Kowalski', '1970', 'example.org']) {
      expect(described).not.toContain(secret);
      expect(result.text).not.toContain(secret);
    }
  });

  it('per-type overrides: never-masked types are kept in clear and listed; always wins over the indicator', async () => {
    const pipeline = await createPipeline({ detect: { layers: { rules: true } }, assess: { never: ['DATETIME'], always: ['CODE'] } }, { env: {} });
    const result = await pipeline.runOne(DOC);
    expect(result.text).toBe('[PERSON_1], born on 12 May 1970, wrote to [CODE_1].');
    expect(result.kept).toEqual([expect.objectContaining({ entityType: 'DATETIME', mask: false, decidedBy: 'never', risk: null })]);
    expect(result.decisions.map((d) => d.decidedBy)).toEqual(['none', 'never', 'always']);
    expect(result.counts).toMatchObject({ masked: 2, kept: 1 });
  });

  it('refuses a document without a string id or text, without crashing the stream machinery', async () => {
    const pipeline = await createPipeline({ detect: { layers: { rules: true } } }, { env: {} });
    await expect(pipeline.runOne({ id: 'x', text: 3 } as unknown as { id: string; text: string })).rejects.toBeInstanceOf(InputError);
  });
});
