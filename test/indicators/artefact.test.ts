import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, InputError, loadDataset, REPO_ROOT, type Document } from '../../src/corpus/index.ts';
import { trainingDocuments } from '../../src/experiment/index.ts';
import {
  artefactDigest,
  fitIndicator,
  loadIndicatorArtefact,
  saveIndicatorArtefact,
  trainIndicator,
  type IndicatorArtefact,
  type SpanDocument,
  type TrainConfig,
} from '../../src/indicators/index.ts';
import { MaskedLmEngine } from '../../src/lm/index.ts';

let scratch: string;
let engine: MaskedLmEngine;
let docs: Document[];
let train: SpanDocument[];
let test: SpanDocument[];

// Small settings throughout: the bundled int8 models, a 64-piece window, two training documents.
const LM = { dtype: 'q8', windowLength: 64, threads: 2 } as const;
const BM25 = { kind: 'bm25', datasets: ['sample'] };

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sanitext-artefact-'));
  // Its disk cache lets the indicators trained below share the training documents' LM passes; the
  // reloaded indicators get no cache, so their scores are computed afresh.
  engine = await MaskedLmEngine.create({ dtype: 'q8', windowLength: 64, threads: 2, cacheDir: join(scratch, 'lm') });
  docs = (await loadDataset('sample')).documents;
  const byId = (id: string): Document => docs.find((d) => d.id === id)!;
  train = trainingDocuments([byId('sample-echr-01'), byId('sample-wiki-01')]);
  test = [byId('sample-echr-10'), byId('sample-wiki-06')].map((doc) => ({ doc, spans: goldCandidates(doc) }));
}, 120_000);

afterAll(async () => {
  await engine.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** Trains, saves, reloads from the file (no shared engine), and compares scores and decisions on the test spans. */
async function roundTrip(name: string, config: TrainConfig, trainOn: readonly SpanDocument[] = train, testOn: readonly SpanDocument[] = test): Promise<IndicatorArtefact> {
  const { indicator, artefact } = await fitIndicator(config, trainOn, { engine, seed: 7, trainingData: { dataset: 'sample', split: 'train' } });
  const file = join(scratch, `${name}.json`);
  await saveIndicatorArtefact(file, artefact);
  const loaded = await loadIndicatorArtefact(file);
  expect(loaded.artefact).toEqual(artefact);
  expect(loaded.threshold).toBe(config.threshold);
  for (const { doc, spans } of testOn) {
    const expected = await indicator.score(doc, spans);
    const actual = await loaded.indicator.score(doc, spans);
    expect(actual).toEqual(expected);
    expect(loaded.indicator.decide(actual, loaded.threshold)).toEqual(indicator.decide(expected, config.threshold));
  }
  return artefact;
}

describe('indicator artefacts: every registered indicator loads with the scores it was trained with', () => {
  it('mask-everything', async () => {
    const artefact = await roundTrip('mask-everything', { indicator: 'mask-everything', threshold: 0.5 });
    expect(artefact).toMatchObject({ format: 'sanitext-risk-indicator', version: 1, indicator: 'mask-everything', models: [], threshold: 0.5, state: null });
    expect(artefact.training).toEqual({ dataset: 'sample', split: 'train', documents: 2, spans: 68, annotators: 1, mask: expect.any(Number), noMask: expect.any(Number) });
    expect(artefact.training.mask + artefact.training.noMask).toBe(68);
  });

  it('llm-probability, trained with a shared engine and reloaded without it', async () => {
    const artefact = await roundTrip('llm', { indicator: 'llm-probability', options: { classifier: 'logistic' } });
    // The shared engine's model and window are what the scores came from, so they are what is saved.
    expect(artefact.options).toMatchObject({ model: 'minibert-en-cased', dtype: 'q8', windowLength: 64, classifier: 'logistic' });
    expect(artefact.models).toEqual([{ model: 'minibert-en-cased', dtype: 'q8', threads: 2 }]);
  }, 240_000);

  it('span-classification', async () => {
    const artefact = await roundTrip('span', { indicator: 'span-classification', options: { ...LM, classifier: 'logistic', components: 4 } }, train, test.slice(0, 1));
    expect(artefact.models.map((m) => m.model)).toEqual(['minibert-en-cased', expect.stringMatching(/minibert-en-cased-encoder$/)]);
  }, 240_000);

  it('perturbation, with its fitted threshold', async () => {
    // Ten spans per document keep the entity pairs few.
    const few = (items: readonly SpanDocument[]): SpanDocument[] => items.map(({ doc, spans }) => ({ doc, spans: spans.slice(0, 10) }));
    const artefact = await roundTrip('perturbation', { indicator: 'perturbation', options: { gridSize: 8 } }, few(train), few(test).slice(0, 1));
    expect(typeof (artefact.state as { threshold: unknown }).threshold).toBe('number');
  }, 240_000);

  it('sequence-labelling (a bundled fine-tuned model, no training)', async () => {
    const artefact = await roundTrip('sequence', { indicator: 'sequence-labelling', options: { model: 'minibert-tab-mask', match: 'full', dtype: 'q8' }, threshold: 0.4 });
    expect(artefact.models).toEqual([{ model: 'minibert-tab-mask', dtype: 'q8' }]);
  }, 120_000);

  it('sequence-labelling named by relative folders: saved as the bundled name or an absolute folder, loadable from anywhere', async () => {
    const fromRepo = await trainIndicator({ indicator: 'sequence-labelling', options: { model: 'models/minibert-tab-mask' } }, train.slice(0, 1), { baseDir: REPO_ROOT });
    expect(fromRepo.options.model).toBe('minibert-tab-mask');
    symlinkSync(join(REPO_ROOT, 'models', 'minibert-tab-mask'), join(scratch, 'my-model'));
    const own = await trainIndicator({ indicator: 'sequence-labelling', options: { model: './my-model' } }, train.slice(0, 1), { baseDir: scratch });
    expect(own.options.model).toBe(join(scratch, 'my-model'));
    expect(own.models).toEqual([{ model: join(scratch, 'my-model'), dtype: 'q8' }]);
    await expect(loadIndicatorArtefact(own, { baseDir: tmpdir() })).resolves.toBeDefined();
  });

  it('web-search (offline BM25) with a tuned lower bound', async () => {
    const artefact = await roundTrip('web', { indicator: 'web-search', options: { variant: 'hit-count', backend: BM25, tuneThreshold: true } });
    expect(artefact.state).toMatchObject({ name: 'web-search', threshold: expect.any(Number) });
  }, 120_000);

  it('a weighted vote (logistic regression over member decisions), members restored too', async () => {
    const artefact = await roundTrip('weighted', {
      indicator: 'combination',
      options: { rule: 'logistic-regression' },
      members: [
        { indicator: 'sequence-labelling', options: { match: 'partial', dtype: 'q8' } },
        { indicator: 'web-search', options: { variant: 'hit-count', backend: BM25, tuneThreshold: true } },
        { indicator: 'sequence-labelling', options: { match: 'full', dtype: 'q8' }, threshold: 0.6 },
      ],
    });
    const state = artefact.state as { weights: number[]; members: unknown[] };
    expect(state.weights).toHaveLength(3);
    expect(artefact.options.memberThresholds).toEqual([null, null, 0.6]);
    expect(artefact.models).toEqual([{ model: 'minibert-tab-mask', dtype: 'q8' }]);
  }, 240_000);

  it('an at-least vote', async () => {
    await roundTrip('at-least', {
      indicator: 'combination',
      options: { rule: 'at-least', k: 2 },
      members: [{ indicator: 'mask-everything' }, { indicator: 'sequence-labelling', options: { dtype: 'q8' } }],
    });
  }, 120_000);
});

describe('loading a damaged or foreign artefact', () => {
  let good: IndicatorArtefact;
  beforeAll(async () => {
    good = await trainIndicator({ indicator: 'sequence-labelling', options: { dtype: 'q8' } }, train.slice(0, 1));
  });

  /** Writes a changed copy, with its digest recomputed unless `keepDigest`. */
  function variant(name: string, change: (a: Record<string, unknown>) => void, keepDigest = false): string {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    change(copy);
    if (!keepDigest) copy.digest = artefactDigest(copy as unknown as IndicatorArtefact);
    const file = join(scratch, `${name}.json`);
    writeFileSync(file, JSON.stringify(copy));
    return file;
  }

  async function problem(file: string): Promise<string> {
    const error = await loadIndicatorArtefact(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }

  it('refuses a modified artefact whose digest no longer matches', async () => {
    const file = variant('tampered', (a) => ((a.options as Record<string, unknown>).match = 'full'), true);
    expect(await problem(file)).toMatch(/tampered\.json: digest: does not match the content/);
  });

  it('names the file and the field of a structural problem', async () => {
    expect(await problem(variant('foreign', (a) => (a.format = 'something-else')))).toMatch(/foreign\.json: format: not a sanitext risk-indicator artefact/);
    expect(await problem(variant('extra', (a) => (a.extra = 1)))).toMatch(/extra\.json: .*unknown field\(s\) extra/);
    expect(await problem(variant('threshold', (a) => (a.threshold = 'high')))).toMatch(/threshold\.json: threshold: /);
  });

  it('names a misspelt option and an unknown indicator', async () => {
    expect(await problem(variant('option', (a) => ((a.options as Record<string, unknown>).mach = 'full')))).toMatch(/option\.json: options\.mach: unrecognized key/);
    expect(await problem(variant('unknown', (a) => (a.indicator = 'oracle')))).toMatch(/unknown\.json: indicator: unknown risk indicator "oracle"/);
  });

  it('names a model that is not there, and where it looked, before loading anything', async () => {
    const file = variant('model', (a) => {
      (a.models as { model: string }[])[0].model = '/nowhere/minibert-tab-mask';
      (a.options as Record<string, unknown>).model = '/nowhere/minibert-tab-mask';
    });
    expect(await problem(file)).toMatch(/model\.json: models\.0\.model: model "\/nowhere\/minibert-tab-mask" not found: .*no folder at \/nowhere\/minibert-tab-mask/);
  });

  it('names a missing or malformed file', async () => {
    expect(await problem(join(scratch, 'absent.json'))).toMatch(/absent\.json: file not found/);
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{"format": "sanitext-risk-indicator",');
    expect(await problem(broken)).toMatch(/broken\.json: malformed JSON/);
  });

  it('saves atomically: no temporary file is left beside the artefact', async () => {
    const file = join(scratch, 'atomic', 'risk.json');
    await saveIndicatorArtefact(file, good);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(good);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(scratch, 'atomic'))).toEqual(['risk.json']);
  });

  it('refuses options that are not plain JSON (a loaded engine cannot be saved)', async () => {
    await expect(trainIndicator({ indicator: 'llm-probability', options: { engine } }, train)).rejects.toThrow(/options\.engine: /);
  });
});
