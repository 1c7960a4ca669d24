/**
 * Perturbation indicator (paper §5.3, Table 5 rows "Perturbations") on gold spans:
 *  - TAB: threshold fitted on tab144 train (Eq. 1), evaluated on tab144 test;
 *  - Wikipedia: wiki-test is the only typed Wikipedia split (the 453 training biographies carry
 *    masked spans only, no entity ids or identifier types), so the threshold is fitted by k-fold
 *    cross-validation over its documents: each fold's threshold comes from the other folds.
 * Prints P, R_all, F1, R_ent, R_direct, R_quasi next to the mask-everything baseline, with times.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/perturbation.ts \
 *     [--precision q8|fp32] [--window 128] [--train-docs N] [--folds 5] [--datasets tab,wiki] [--out FILE] [--cache DIR]
 */
import { writeFileSync } from 'node:fs';
import { loadDataset, resolveDataRoot } from '../src/corpus/index.ts';
import type { TabMetrics } from '../src/eval/index.ts';
import { seededShuffle } from '../src/experiment/folds.ts';
import { PerturbationIndicator, risksFromPairs, type DocumentPerturbations, type ThresholdPoint } from '../src/indicators/perturbation.ts';
import type { SpanDocument } from '../src/indicators/types.ts';
import { metricsOf, spanDocs } from './gold-spans.ts';
import { benchArgs, choiceOption, listOption, wholeNumber } from './args.ts';

const SEED = 13;

const f2 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));
function row(label: string, m: TabMetrics, seconds: number): string {
  return `| ${label} | ${f2(m.token_precision)} | ${f2(m.token_recall)} | ${f2(m.token_f1)} | ${f2(m.recall_all_entities)} | ${f2(m.recall_direct_entities)} | ${f2(m.recall_quasi_entities)} | ${seconds.toFixed(1)} |`;
}
const HEADER = '| method | P | R_all | F1 | R_ent | R_direct | R_quasi | scoring s |\n|---|---|---|---|---|---|---|---|';

const options = benchArgs({
  precision: { type: 'string', default: 'q8' },
  window: { type: 'string', default: '128' },
  'train-docs': { type: 'string' },
  folds: { type: 'string', default: '5' },
  datasets: { type: 'string', default: 'tab,wiki' },
  out: { type: 'string' },
  cache: { type: 'string' },
});
const args = {
  precision: choiceOption('precision', options.precision, ['q8', 'fp32']),
  window: wholeNumber('window', options.window),
  trainDocs: options['train-docs'] === undefined ? undefined : wholeNumber('train-docs', options['train-docs']),
  folds: wholeNumber('folds', options.folds, 2),
  datasets: listOption(options.datasets),
  out: options.out,
  cacheDir: options.cache,
};
const dataRoot = resolveDataRoot();
// One indicator computes the differences; the risks of both attributions come from the same pairs
// (risksFromPairs), each with its own fitted threshold.
const indicator = new PerturbationIndicator({ precision: args.precision, windowLength: args.window, threads: 2, batchSize: 16, cacheDir: args.cacheDir });
const ATTRIBUTIONS = ['perturbing', 'target'] as const;
const report: Record<string, unknown> = { precision: args.precision, window: args.window };
const log = (line: string): void => void process.stdout.write(line + '\n');

async function differences(items: readonly SpanDocument[]): Promise<{ perturbations: DocumentPerturbations[]; seconds: number }> {
  const started = performance.now();
  const perturbations = await indicator.perturbations(items);
  return { perturbations, seconds: (performance.now() - started) / 1000 };
}
const risksOf = (items: readonly SpanDocument[], perturbations: readonly DocumentPerturbations[], attribution: (typeof ATTRIBUTIONS)[number]): number[][] =>
  items.map(({ spans }, i) => risksFromPairs(spans, perturbations[i], attribution));

if (args.datasets.includes('tab')) {
  const all = (await loadDataset('tab144:train', dataRoot)).documents;
  const trainDocs = args.trainDocs ? seededShuffle(all, SEED).slice(0, args.trainDocs) : all;
  const testDocs = (await loadDataset('tab144:test', dataRoot)).documents;
  const train = spanDocs(trainDocs);
  const test = spanDocs(testDocs);
  const trainRun = await differences(train);
  const testRun = await differences(test);
  const baseline = await metricsOf(testDocs, test, test.map(({ spans }) => spans.map(() => true)));
  log(`\n## tab144 test (${testDocs.length} docs, ${test.reduce((a, t) => a + t.spans.length, 0)} gold spans); thresholds fitted on ${trainDocs.length} train docs`);
  log(`differences: train ${trainRun.seconds.toFixed(1)} s, test ${testRun.seconds.toFixed(1)} s (masked LM ${args.precision}, window ${args.window})`);
  log(HEADER);
  log(row('Mask everything', baseline, 0));
  const out: Record<string, unknown> = { trainDocs: trainDocs.length, trainSeconds: trainRun.seconds, testSeconds: testRun.seconds, baseline };
  const curves: [string, ThresholdPoint[]][] = [];
  for (const attribution of ATTRIBUTIONS) {
    await indicator.fitRisks(train, risksOf(train, trainRun.perturbations, attribution));
    const metrics = await metricsOf(testDocs, test, risksOf(test, testRun.perturbations, attribution).map((r) => indicator.decide(r)));
    log(row(`Perturbations, ${attribution} (threshold ${indicator.threshold.toFixed(2)})`, metrics, testRun.seconds));
    curves.push([attribution, indicator.thresholdCurve]);
    out[attribution] = { threshold: indicator.threshold, metrics, curve: indicator.thresholdCurve };
  }
  for (const [attribution, curve] of curves) logCurve(`train curve, ${attribution}`, curve);
  report.tab = out;
}

if (args.datasets.includes('wiki')) {
  const docs = (await loadDataset('wiki-test', dataRoot)).documents;
  const items = spanDocs(docs);
  const run = await differences(items);
  // k folds over documents (seeded shuffle, round-robin): every document is decided by a threshold
  // fitted on the other folds only.
  const order = seededShuffle(items.map((_, i) => i), SEED);
  const foldOf = new Map(order.map((itemIndex, rank) => [itemIndex, rank % args.folds]));
  const baseline = await metricsOf(docs, items, items.map(({ spans }) => spans.map(() => true)));
  log(`\n## wiki-test (${docs.length} docs, ${items.reduce((a, t) => a + t.spans.length, 0)} gold spans), ${args.folds}-fold CV over documents`);
  log(`differences: ${run.seconds.toFixed(1)} s (masked LM ${args.precision}, window ${args.window})`);
  log(HEADER);
  log(row('Mask everything', baseline, 0));
  const out: Record<string, unknown> = { seconds: run.seconds, baseline };
  const curves: [string, ThresholdPoint[]][] = [];
  for (const attribution of ATTRIBUTIONS) {
    const risks = risksOf(items, run.perturbations, attribution);
    const decisions: boolean[][] = items.map(() => []);
    const thresholds: number[] = [];
    for (let fold = 0; fold < args.folds; fold++) {
      const trainIdx = items.map((_, i) => i).filter((i) => foldOf.get(i) !== fold);
      await indicator.fitRisks(trainIdx.map((i) => items[i]), trainIdx.map((i) => risks[i]));
      thresholds.push(indicator.threshold);
      items.forEach((_, i) => {
        if (foldOf.get(i) === fold) decisions[i] = indicator.decide(risks[i]);
      });
    }
    const metrics = await metricsOf(docs, items, decisions);
    log(row(`Perturbations, ${attribution} (fold thresholds ${thresholds.map((t) => t.toFixed(2)).join('/')})`, metrics, run.seconds));
    // Figure 6 for Wikipedia: the curve over all documents.
    await indicator.fitRisks(items, risks);
    curves.push([attribution, indicator.thresholdCurve]);
    out[attribution] = { thresholds, metrics, thresholdAll: indicator.threshold, curve: indicator.thresholdCurve };
  }
  for (const [attribution, curve] of curves) logCurve(`curve on all documents, ${attribution}`, curve);
  report.wiki = out;
}

if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
await indicator.dispose();

/** A few points of the Figure 6 curve: the best one and the quantile grid every ~10 points. */
function logCurve(title: string, curve: readonly ThresholdPoint[]): void {
  const step = Math.max(1, Math.floor(curve.length / 10));
  const points = curve.filter((_, i) => i % step === 0 || i === curve.length - 1);
  log(`${title} (threshold: P / R_direct / R_quasi / masked share): ` + points.map((p) => `${p.threshold.toFixed(2)}: ${f2(p.P)}/${f2(p.R_direct)}/${f2(p.R_quasi)}/${f2(p.masked)}`).join('; '));
}
