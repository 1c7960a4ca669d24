/**
 * Span-classification indicator (paper §5.2, Table 5 row "Span classification") on gold spans, for
 * each classifier (logistic, forest, ensemble) with the span vectors and, as an ablation, without
 * them (= the LLM-probability features only):
 *  - TAB: trained on tab144 train, evaluated on tab144 test;
 *  - Wikipedia: wiki-test is the only Wikipedia split with entity and identifier types (the 453
 *    training biographies carry masked spans only), so k-fold cross-validation over its documents.
 * Features are extracted once per document (masked LM + encoder); every variant reuses them.
 * Prints P, R_all, F1, R_ent, R_direct, R_quasi next to the mask-everything baseline, with times.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/span-classification.ts \
 *     [--precision q8|fp32] [--window 128] [--components 32] [--folds 5] [--datasets tab,wiki] [--classifiers logistic,forest,ensemble]
 *     [--cache DIR] [--out FILE]
 * (ml-random-forest trains slowly on thousands of rows: the forest and ensemble variants on TAB take
 * tens of minutes on two busy cores.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, resolveDataRoot } from '../src/corpus/index.ts';
import type { TabMetrics } from '../src/eval/index.ts';
import { seededShuffle } from '../src/experiment/folds.ts';
import { SpanClassificationIndicator } from '../src/indicators/span-classification.ts';
import { SpanEncoder } from '../src/indicators/span-encoder.ts';
import type { SpanDocument } from '../src/indicators/types.ts';
import { metricsOf, spanDocs } from './gold-spans.ts';
import { MaskedLmEngine } from '../src/lm/index.ts';
import { benchArgs, choiceOption, listOption, wholeNumber } from './args.ts';

const SEED = 13;
const VARIANTS = [
  { label: 'logistic, LLM features only', classifier: 'logistic', vectors: 'none' },
  { label: 'logistic, + span vectors', classifier: 'logistic', vectors: 'both' },
  { label: 'forest, LLM features only', classifier: 'forest', vectors: 'none' },
  { label: 'forest, + span vectors', classifier: 'forest', vectors: 'both' },
  { label: 'ensemble, LLM features only', classifier: 'ensemble', vectors: 'none' },
  { label: 'ensemble, + span vectors', classifier: 'ensemble', vectors: 'both' },
] as const;


const f2 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));
const row = (label: string, m: TabMetrics, seconds: number): string =>
  `| ${label} | ${f2(m.token_precision)} | ${f2(m.token_recall)} | ${f2(m.token_f1)} | ${f2(m.recall_all_entities)} | ${f2(m.recall_direct_entities)} | ${f2(m.recall_quasi_entities)} | ${seconds.toFixed(1)} |`;
const HEADER = '| method | P | R_all | F1 | R_ent | R_direct | R_quasi | fit s |\n|---|---|---|---|---|---|---|---|';
const log = (line: string): void => void process.stdout.write(line + '\n');

interface Features {
  base: number[][][];
  vectors: number[][][];
}

const options = benchArgs({
  precision: { type: 'string', default: 'q8' },
  window: { type: 'string', default: '128' },
  components: { type: 'string', default: '32' },
  folds: { type: 'string', default: '5' },
  datasets: { type: 'string', default: 'tab,wiki' },
  out: { type: 'string' },
  cache: { type: 'string' },
  classifiers: { type: 'string', default: 'logistic,forest,ensemble' },
});
const args = {
  precision: choiceOption('precision', options.precision, ['q8', 'fp32']),
  window: wholeNumber('window', options.window),
  components: wholeNumber('components', options.components),
  folds: wholeNumber('folds', options.folds, 2),
  datasets: listOption(options.datasets),
  out: options.out,
  cacheDir: options.cache,
  classifiers: listOption(options.classifiers),
};
const dataRoot = resolveDataRoot();
const engine = await MaskedLmEngine.create({ precision: args.precision, threads: 2, batchSize: 16, windowLength: args.window, cacheDir: args.cacheDir && join(args.cacheDir, 'lm') });
const encoder = await SpanEncoder.create({ threads: 2, cacheDir: args.cacheDir && join(args.cacheDir, 'encoder') });
const variants = VARIANTS.filter((v) => args.classifiers.includes(v.classifier));
const make = (variant: (typeof VARIANTS)[number]): SpanClassificationIndicator =>
  new SpanClassificationIndicator({ engine, encoder, classifier: variant.classifier, vectors: variant.vectors, components: args.components, seed: SEED });
const report: Record<string, unknown> = { precision: args.precision, window: args.window, components: args.components };

async function extract(items: readonly SpanDocument[]): Promise<{ features: Features; seconds: number }> {
  const started = performance.now();
  const features = await make(VARIANTS[1]).rawFeatures(items);
  return { features, seconds: (performance.now() - started) / 1000 };
}

/** Training rows of some documents: labels and document groups for the ensemble's folds. */
function trainingRows(items: readonly SpanDocument[], features: Features, indices: readonly number[]) {
  return {
    base: indices.flatMap((i) => features.base[i]),
    vectors: indices.flatMap((i) => features.vectors[i]),
    labels: indices.flatMap((i) => items[i].spans.map((s) => (s.label === 'MASK' ? 1 : 0))),
    groups: indices.flatMap((i) => items[i].spans.map(() => items[i].doc.id)),
  };
}

if (args.datasets.includes('tab')) {
  const trainDocs = (await loadDataset('tab144:train', dataRoot)).documents;
  const testDocs = (await loadDataset('tab144:test', dataRoot)).documents;
  const train = spanDocs(trainDocs);
  const test = spanDocs(testDocs);
  const trainFeatures = await extract(train);
  const testFeatures = await extract(test);
  log(`\n## tab144 test (${testDocs.length} docs, ${test.reduce((a, t) => a + t.spans.length, 0)} gold spans), trained on tab144 train (${trainDocs.length} docs)`);
  log(`features: train ${trainFeatures.seconds.toFixed(1)} s, test ${testFeatures.seconds.toFixed(1)} s (masked LM ${args.precision}, window ${args.window}; encoder q8)`);
  log(HEADER);
  const baseline = await metricsOf(testDocs, test, test.map(({ spans }) => spans.map(() => true)));
  log(row('Mask everything', baseline, 0));
  const rows: Record<string, TabMetrics> = {};
  const rowsTrain = trainingRows(train, trainFeatures.features, train.map((_, i) => i));
  for (const variant of variants) {
    const indicator = make(variant);
    const started = performance.now();
    indicator.fitRows(rowsTrain.base, rowsTrain.vectors, rowsTrain.labels, rowsTrain.groups);
    const fitSeconds = (performance.now() - started) / 1000;
    const decisions = test.map((_, i) => indicator.decide(indicator.scoreRows(testFeatures.features.base[i], testFeatures.features.vectors[i])));
    rows[variant.label] = await metricsOf(testDocs, test, decisions);
    log(row(variant.label, rows[variant.label], fitSeconds));
  }
  report.tab = { baseline, rows, featureSeconds: { train: trainFeatures.seconds, test: testFeatures.seconds } };
}

if (args.datasets.includes('wiki')) {
  const docs = (await loadDataset('wiki-test', dataRoot)).documents;
  const items = spanDocs(docs);
  const { features, seconds } = await extract(items);
  const order = seededShuffle(items.map((_, i) => i), SEED);
  const foldOf = new Map(order.map((itemIndex, rank) => [itemIndex, rank % args.folds]));
  log(`\n## wiki-test (${docs.length} docs, ${items.reduce((a, t) => a + t.spans.length, 0)} gold spans), ${args.folds}-fold CV over documents`);
  log(`features: ${seconds.toFixed(1)} s (masked LM ${args.precision}, window ${args.window}; encoder q8)`);
  log(HEADER);
  const baseline = await metricsOf(docs, items, items.map(({ spans }) => spans.map(() => true)));
  log(row('Mask everything', baseline, 0));
  const rows: Record<string, TabMetrics> = {};
  for (const variant of variants) {
    const decisions: boolean[][] = items.map(() => []);
    let fitSeconds = 0;
    for (let fold = 0; fold < args.folds; fold++) {
      const trainIdx = items.map((_, i) => i).filter((i) => foldOf.get(i) !== fold);
      const { base, vectors, labels, groups } = trainingRows(items, features, trainIdx);
      const indicator = make(variant);
      const started = performance.now();
      indicator.fitRows(base, vectors, labels, groups);
      fitSeconds += (performance.now() - started) / 1000;
      items.forEach((_, i) => {
        if (foldOf.get(i) === fold) decisions[i] = indicator.decide(indicator.scoreRows(features.base[i], features.vectors[i]));
      });
    }
    rows[variant.label] = await metricsOf(docs, items, decisions);
    log(row(variant.label, rows[variant.label], fitSeconds));
  }
  report.wiki = { baseline, rows, featureSeconds: seconds };
}

if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
await engine.dispose();
await encoder.dispose();
