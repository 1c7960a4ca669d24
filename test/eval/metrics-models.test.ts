/** TPI/TPS and NMI with the bundled masked LM and encoder (real models, tiny corpus). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../src/corpus/index.ts';
import { parseEvaluationConfig, runEvaluation, termInformation, type MetricContext } from '../../src/eval/index.ts';
import { MaskedLmEngine } from '../../src/lm/index.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const texts = {
  d1: 'Anna Berg was born in Oslo in 1961 and worked as a nurse at the city hospital.',
  d2: 'Jon Dahl repairs fishing boats in Bergen and sails every weekend.',
  d3: 'The court in Tromsø dismissed the appeal of Kari Nord on 3 May 2004.',
  d4: 'Per Lund teaches chemistry at a school in Trondheim.',
  d5: 'The applicant complained about the length of the proceedings before the district court.',
  d6: 'Lise Holm was arrested in Stavanger and held in custody for two weeks.',
};
const span = (id: keyof typeof texts, needle: string): [number, number] => [texts[id].indexOf(needle), texts[id].indexOf(needle) + needle.length];

describe('information preservation and clustering utility with the bundled models', () => {
  const dir = useTempDir('sanitext-eval-models-');

  it('TPI/TPS: 1 when nothing changes; TPS = TPI for suppression; TPS 1 for an identical replacement', async () => {
    await writeFile(join(dir.path, 'docs.json'), JSON.stringify(Object.entries(texts).map(([doc_id, text]) => ({ doc_id, text, masked_spans: [] }))));
    await writeFile(join(dir.path, 'none.json'), JSON.stringify({}));
    await writeFile(join(dir.path, 'suppress.json'), JSON.stringify({ d1: [span('d1', 'Oslo'), span('d1', 'Anna Berg')] }));
    await writeFile(join(dir.path, 'same.json'), JSON.stringify({ d1: [[...span('d1', 'Oslo'), 'Oslo'], [...span('d1', 'Anna Berg'), 'Anna Berg']] }));
    const config = parseEvaluationConfig(
      {
        name: 'models',
        corpus: 'docs.json',
        anonymizations: [
          { name: 'none', file: 'none.json' },
          { name: 'suppress', file: 'suppress.json' },
          { name: 'same', file: 'same.json' },
        ],
        maskedLm: { cacheDir: join(dir.path, 'lm-cache') },
        metrics: [{ metric: 'tpi-tps' }, { metric: 'nmi', options: { kMax: 3 } }],
      },
      'eval.yaml',
    );
    const results = await runEvaluation(config, { dataRoot: dir.path, baseDir: dir.path });
    const [none, suppress, same] = results.rows.map((r) => r.values);
    expect(none).toEqual({ TPI: 1, TPS: 1, NMI: 1 });
    // Only d1 changes: its TPI drops, the mean over 6 documents stays above 5/6.
    expect(suppress.TPI).toBeLessThan(1);
    expect(suppress.TPI).toBeGreaterThan(5 / 6);
    expect(suppress.TPS).toBeCloseTo(suppress.TPI!, 12);
    // The terms are masked (TPI as for suppression) but the replacement is the text itself: similarity 1.
    expect(same.TPI).toBeCloseTo(suppress.TPI!, 12);
    expect(same.TPS).toBeCloseTo(1, 5);
    // The same text embedded the same way: the clustering is unchanged.
    expect(same.NMI).toBe(1);

    // Deterministic: a second run gives the same numbers.
    const again = await runEvaluation(config, { dataRoot: dir.path, baseDir: dir.path });
    expect(again.rows.map((r) => r.values)).toEqual(results.rows.map((r) => r.values));
  });

  it('interleaved masking reads the same terms with every k-th other term masked too', async () => {
    const corpus = parseCorpus([{ doc_id: 'd1', text: texts.d1, masked_spans: [] }], 'docs.json');
    const engine = await MaskedLmEngine.create({ precision: 'fp32', windowLength: 128 });
    const context = { corpus, maskedLm: async () => engine } as unknown as MetricContext;
    const alone = (await termInformation(corpus.documents, context, 0)).get('d1')!;
    const interleaved = (await termInformation(corpus.documents, context, 2)).get('d1')!;
    await engine.dispose();
    expect(interleaved.map(({ start, end }) => [start, end])).toEqual(alone.map(({ start, end }) => [start, end]));
    for (const term of [...alone, ...interleaved]) expect(term.ic).toBeGreaterThan(0);
    // Terms two apart are masked together: less context, other numbers.
    expect(interleaved.some((t, k) => Math.abs(t.ic - alone[k].ic) > 1e-3)).toBe(true);
  });
});
