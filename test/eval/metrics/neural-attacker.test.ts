/**
 * The neural TRIR attacker with a real artefact: test/fixtures/attacker/model, trained by
 * training/train_trir_attacker.py (one encoder layer, int8) on the invented background knowledge
 * test/fixtures/attacker/background-knowledge.json (alice, bob, carol, dave, erin).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorpus, REPO_ROOT, type Corpus } from '../../../src/corpus/index.ts';
import { anonymizationUnderTest, attackerWindows, NeuralAttacker, parseEvaluationConfig, runEvaluation, trirMetric, type MetricContext } from '../../../src/eval/index.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'attacker');
const BK_FILE = join(FIXTURE, 'background-knowledge.json');
const MODEL = join(FIXTURE, 'model');
const knowledge = new Map(Object.entries(JSON.parse(readFileSync(BK_FILE, 'utf8')) as Record<string, string>));

const corpus: Corpus = parseCorpus(
  [
    { doc_id: 'alice', text: 'Alice Moreau paints watercolour landscapes near the lighthouse and teaches a drawing class for children.', masked_spans: [] },
    { doc_id: 'bob', text: 'Bob Lindqvist repairs diesel engines at the harbour garage and races motorboats on weekends.', masked_spans: [] },
    { doc_id: 'carol', text: 'Carol Nakamura teaches organic chemistry and plays the cello in the city orchestra.', masked_spans: [] },
    // Nobody called frank is in the background knowledge: he cannot be re-identified, whatever the attacker says.
    { doc_id: 'frank', text: 'Frank drives a night bus through Dublin and writes crime novels.', masked_spans: [] },
  ],
  'docs.json',
);

function contextFor(bkFile: string | undefined, bk: ReadonlyMap<string, string> = knowledge): MetricContext {
  return {
    corpus,
    baseDir: REPO_ROOT,
    backgroundKnowledge: async () => bk,
    backgroundKnowledgeFile: () => bkFile,
    log: () => {},
  } as unknown as MetricContext;
}

const neuralOptions = (extra: Record<string, unknown> = {}) => trirMetric.options.parse({ backgroundKnowledge: 'bk', attacker: 'neural', model: MODEL, ...extra });

describe('attacker windows', () => {
  it('cuts piece ids into windows of `size`, each `stride` after the previous, the last reaching the end', () => {
    const ids = [10, 11, 12, 13, 14, 15, 16];
    expect(attackerWindows(ids, 3, 2).map((w) => [...w])).toEqual([[10, 11, 12], [12, 13, 14], [14, 15, 16]]);
    expect(attackerWindows(ids, 4, 4).map((w) => [...w])).toEqual([[10, 11, 12, 13], [14, 15, 16]]);
    expect(attackerWindows(ids, 7, 3).map((w) => [...w])).toEqual([ids]);
    expect(attackerWindows([], 4, 2).map((w) => [...w])).toEqual([[]]);
    expect(() => attackerWindows(ids, 3, 4)).toThrow(/stride must be in \[1, 3\]/);
  });
});

describe('neural attacker', () => {
  let attacker: NeuralAttacker;
  beforeAll(async () => {
    attacker = await NeuralAttacker.load({ model: MODEL, threads: 1 });
  });
  afterAll(async () => {
    await attacker.dispose();
  });

  it('reads its labels and training from the artefact, and cuts texts with the trained window and stride', () => {
    expect(attacker.labels).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(attacker.training).toMatchObject({ window: 16, stride: 8, seed: 7, background_knowledge_file: 'background-knowledge.json' });
    const windows = attacker.windows(knowledge.get('bob')!);
    expect(windows.length).toBeGreaterThan(2);
    expect(windows.slice(0, -1).every((w) => w.length === 16)).toBe(true);
    // Consecutive windows share size − stride = 8 pieces.
    expect([...windows[1].subarray(0, 8)]).toEqual([...windows[0].subarray(8)]);
  });

  it('links a document to the argmax of its window logits summed', async () => {
    const text = corpus.documents[1].text;
    const windows = attacker.windows(text);
    expect(windows.length).toBeGreaterThan(1);
    const sum = new Float64Array(attacker.labels.length);
    for (const w of windows) (await attacker.windowLogits(w)).forEach((v, c) => (sum[c] += v));
    const document = await attacker.documentLogits(text);
    expect([...document]).toEqual([...sum]);
    const best = [...sum].indexOf(Math.max(...sum));
    expect(await attacker.predict(text)).toBe(attacker.labels[best]);
    expect(attacker.labels[best]).toBe('bob');
  });

  it('refuses a model that is not an attacker artefact, naming its config file', async () => {
    await expect(NeuralAttacker.load({ model: 'minibert-tab-ner' })).rejects.toThrow(/minibert-tab-ner\/config\.json: not a TRIR attacker \(trir_attacker: .*\); train one with training\/train_trir_attacker\.py/);
  });

  it('gives the same logits on every run and from a second load', async () => {
    const text = knowledge.get('dave')!;
    const again = await NeuralAttacker.load({ model: MODEL, threads: 1 });
    try {
      expect([...(await again.documentLogits(text))]).toEqual([...(await attacker.documentLogits(text))]);
      expect([...(await attacker.documentLogits(text))]).toEqual([...(await attacker.documentLogits(text))]);
    } finally {
      await again.dispose();
    }
  });
});

describe('TRIR with the neural attacker', () => {
  const temp = useTempDir('sanitext-attacker-');

  it('is the share of documents linked to their own id; a document absent from the background knowledge counts as not re-identified; two runs agree', async () => {
    const names = new Map([['alice', [{ start: 0, end: 12 }]], ['bob', [{ start: 0, end: 13 }]], ['carol', [{ start: 0, end: 14 }]], ['frank', [{ start: 0, end: 5 }]]]);
    const masked = anonymizationUnderTest('names', corpus, names, names, '[MASK]');
    const first = await trirMetric.create(neuralOptions({ threads: 1 }), contextFor(BK_FILE));
    const second = await trirMetric.create(neuralOptions({ threads: 1 }), contextFor(BK_FILE));
    try {
      // alice, bob and carol keep enough of their words to be linked; frank (erin's sentence) cannot count: 3 of 4.
      expect(await first.evaluate(masked)).toEqual({ TRIR: 3 / 4 });
      expect(await second.evaluate(masked)).toEqual(await first.evaluate(masked));
      // Everything suppressed: every document is the same empty text, so one guess for all, at most one right.
      const all = new Map(corpus.documents.map((d) => [d.id, [{ start: 0, end: d.text.length }]]));
      const { TRIR } = await first.evaluate(anonymizationUnderTest('all', corpus, all, all, ''));
      expect(TRIR).toBeLessThanOrEqual(1 / 4);
    } finally {
      await first.dispose?.();
      await second.dispose?.();
    }
  });

  it('refuses background knowledge other than the file it was trained on, naming both files and no text', async () => {
    const changed = join(temp.path, 'background-knowledge.json');
    const edited = { ...Object.fromEntries(knowledge), erin: knowledge.get('erin')!.replace('night bus', 'night tram') };
    writeFileSync(changed, JSON.stringify(edited, null, 2));
    const error = await trirMetric.create(neuralOptions(), contextFor(changed)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(join(MODEL, 'config.json'));
    expect(message).toContain(changed);
    expect(message).toMatch(/trained on background-knowledge\.json .*same name, different content/);
    expect(message).not.toMatch(/tram|night bus|Walsh/);
    const notAFile = await trirMetric.create(neuralOptions(), contextFor(undefined)).catch((e: Error) => e);
    expect((notAFile as Error).message).toMatch(/background knowledge "bk" is not a file/);
  });

  it('refuses an artefact without a label for a corpus document that the background knowledge has', async () => {
    const copy = join(temp.path, 'model-without-carol');
    cpSync(MODEL, copy, { recursive: true });
    const config = JSON.parse(readFileSync(join(copy, 'config.json'), 'utf8')) as { id2label: Record<string, string> };
    config.id2label['2'] = 'someone-else';
    writeFileSync(join(copy, 'config.json'), JSON.stringify(config));
    const error = await trirMetric.create(neuralOptions({ model: copy }), contextFor(BK_FILE)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/has no label for 1 document\(s\) of the corpus that the background knowledge has \(e\.g\. carol\)/);
  });

  it('keeps a strict options schema: unknown keys, a missing model, options of the other attacker', () => {
    const issues = (raw: Record<string, unknown>) => {
      const result = trirMetric.options.safeParse({ backgroundKnowledge: 'bk', ...raw });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ attacker: 'neural', model: MODEL, modle: 'x' }).join('\n')).toMatch(/modle/);
    expect(issues({ attacker: 'neural' })).toEqual(['model: the neural attacker needs a model (e.g. trir-attacker-tab-public)']);
    expect(issues({ attacker: 'neural', model: MODEL, epochs: 3 })[0]).toMatch(/^epochs: not an option of attacker: neural/);
    expect(issues({ model: MODEL })[0]).toMatch(/^model: not an option of attacker: lexical/);
    expect(issues({ attacker: 'bert' })[0]).toMatch(/^attacker: /);
    expect(issues({ attacker: 'neural', model: MODEL, dtype: 'q8', threads: 1 })).toEqual([]);
  });
});

describe('evaluate --config with the neural attacker', () => {
  const temp = useTempDir('sanitext-attacker-config-');
  const config = (model: string) => ({
    name: 'attack',
    corpus: 'corpus.json',
    anonymizations: [{ name: 'names', file: 'names.json' }],
    backgroundKnowledge: { BK: BK_FILE },
    metrics: [{ metric: 'trir', options: { backgroundKnowledge: 'BK', attacker: 'neural', model, threads: 1 } }],
  });

  it('checks the model before any work and scores a run', async () => {
    expect(() => parseEvaluationConfig(config('./no-such-attacker'), join(temp.path, 'eval.yaml'))).toThrow(/eval\.yaml: metrics\.0\.options\.model: model "\.\/no-such-attacker" not found/);
    writeFileSync(join(temp.path, 'corpus.json'), JSON.stringify(corpus.documents.map((d) => ({ doc_id: d.id, text: d.text, masked_spans: [] }))));
    writeFileSync(join(temp.path, 'names.json'), JSON.stringify({ alice: [[0, 12]], bob: [[0, 13]], carol: [[0, 14]], frank: [[0, 5]] }));
    const file = join(temp.path, 'eval.yaml');
    const results = await runEvaluation(parseEvaluationConfig(config(MODEL), file), { dataRoot: temp.path, baseDir: temp.path });
    expect(results.rows).toEqual([{ anonymization: 'names', values: { TRIR: 3 / 4 } }]);
  });

  it('refuses an attacker trained on other background knowledge before any metric runs, so no partial report is written', async () => {
    const other = join(temp.path, 'other-bk.json');
    writeFileSync(other, JSON.stringify({ ...Object.fromEntries(knowledge), frank: 'Frank sells bicycles.' }));
    const raw = config(MODEL);
    const twoMetrics = {
      ...raw,
      backgroundKnowledge: { BK: other },
      metrics: [{ metric: 'trir', options: { backgroundKnowledge: 'BK' }, rename: { TRIR: 'TRIR_lexical' } }, raw.metrics[0]],
    };
    const partials: unknown[] = [];
    const run = runEvaluation(parseEvaluationConfig(twoMetrics, join(temp.path, 'eval.yaml')), { dataRoot: temp.path, baseDir: temp.path, onPartial: async (p) => void partials.push(p) });
    await expect(run).rejects.toThrow(/trained on background-knowledge\.json .* not on the run's background knowledge "BK", .*other-bk\.json/);
    expect(partials).toEqual([]);
  });
});
