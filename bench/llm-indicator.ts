/**
 * Paper Table 5, LLM-probability rows, on gold spans: the indicator trained on tab144 train and
 * tested on tab144 test; on the Wikipedia biographies (only the test split has identifier types)
 * by 5-fold cross-validation over the documents of wiki-test. Logistic regression and the
 * cross-validated ensemble, decision threshold 0.5, next to the mask-everything baseline.
 * Spans decided NO_MASK are left out of the system spans. P_w uses the mlm weighting (fp32).
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/llm-indicator.ts [--threads 2] [--window 512] [--train-docs 92] [--no-weighted] [--out DIR]
 *
 * Writes out/llm-indicator/metrics.json (or --out DIR). Span log-probabilities are cached in .cache/lm.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, goldCandidates, loadDataset, resolveDataRoot, type CandidateSpan, type Corpus, type Span } from '../src/corpus/index.ts';
import { evaluate, roundMetrics, type TabMetrics } from '../src/eval/index.ts';
import { groupFolds, type EnsembleReport } from '../src/indicators/classifiers/index.ts';
import { LlmProbabilityIndicator } from '../src/indicators/llm-probability.ts';
import { MaskedLmEngine, createMlmWeighting } from '../src/lm/index.ts';
import { benchArgs, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

const args = benchArgs({
  threads: { type: 'string', default: '2' },
  window: { type: 'string' },
  'train-docs': { type: 'string' },
  'no-weighted': { type: 'boolean', default: false },
  out: { type: 'string' },
});
const threads = wholeNumber('threads', args.threads);
/** Reduced settings for a busy machine: a shorter window, fewer training documents. */
const windowLength = args.window === undefined ? undefined : wholeNumber('window', args.window);
const trainDocs = args['train-docs'] === undefined ? undefined : wholeNumber('train-docs', args['train-docs']);
/** `--no-weighted` skips P_w (the mlm weighting costs a full pass over each document per system). */
const weighted = !args['no-weighted'];
const FOLDS = 5;
const SEED = 42;
const dataRoot = resolveDataRoot();

const engine = await MaskedLmEngine.create({ precision: 'fp32', threads, windowLength, cacheDir: join(REPO_ROOT, '.cache', 'lm') });
const weighting = weighted ? await createMlmWeighting(undefined, { precision: 'fp32', threads }) : undefined;
const classifiers = ['logistic', 'ensemble'] as const;

interface Rows {
  corpus: Corpus;
  spans: CandidateSpan[][];
  rows: number[][][];
}

async function featureRows(selector: string, limit?: number): Promise<Rows> {
  const loaded = await loadDataset(selector, dataRoot);
  const corpus = limit === undefined ? loaded : { ...loaded, documents: loaded.documents.slice(0, limit) };
  const spans = corpus.documents.map((doc) => goldCandidates(doc));
  const start = performance.now();
  const probe = new LlmProbabilityIndicator({ engine });
  const rows: number[][][] = [];
  // A few documents per call: the disk cache then fills as it goes and an interrupted run resumes.
  for (let d = 0; d < corpus.documents.length; d += 4) {
    rows.push(...(await probe.features(corpus.documents.slice(d, d + 4).map((doc, i) => ({ doc, spans: spans[d + i] })))));
  }
  console.log(`${selector}: ${spans.flat().length} spans scored in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return { corpus, spans, rows };
}

const labelsOf = (spans: CandidateSpan[][]) => spans.flat().map((s) => (s.label === 'MASK' ? 1 : 0));
const groupsOf = (data: Rows) => data.spans.flatMap((spans, d) => spans.map(() => data.corpus.documents[d].id));

/** Table 5 columns. */
function table5(m: TabMetrics): Record<string, number | null | undefined> {
  const r = roundMetrics(m);
  return {
    P: r.token_precision,
    P_w: r.weighted_token_precision,
    R_all: r.token_recall,
    F1: r.token_f1,
    R_ent: r.recall_all_entities,
    R_direct: r.recall_direct_entities,
    R_quasi: r.recall_quasi_entities,
  };
}

async function score(corpus: Corpus, spans: CandidateSpan[][], decisions: boolean[][]): Promise<Record<string, number | null | undefined>> {
  const system = new Map<string, Span[]>(corpus.documents.map((doc, d) => [doc.id, spans[d].filter((_, s) => decisions[d][s]).map(({ start, end }) => ({ start, end }))]));
  return table5((await evaluate(corpus, system, { weighting })).metrics);
}

/** Splits a flat per-span array back into per-document arrays. */
function perDocument<T>(flat: T[], spans: CandidateSpan[][]): T[][] {
  let offset = 0;
  return spans.map((s) => flat.slice(offset, (offset += s.length)));
}

const output: Record<string, unknown> = {
  setup: { model: engine.lm.modelName, precision: 'fp32', windowLength: engine.windowLength, trainDocuments: trainDocs ?? 'all', threshold: 0.5, folds: FOLDS, seed: SEED, weighting: weighting?.name ?? 'none (--no-weighted)', spans: 'gold, first annotator' },
};

// TAB: train split → test split.
{
  const train = await featureRows('tab144:train', trainDocs);
  const test = await featureRows('tab144:test');
  const result: Record<string, unknown> = { trainSpans: train.rows.flat().length, testSpans: test.rows.flat().length };
  result['mask everything'] = await score(test.corpus, test.spans, test.spans.map((s) => s.map(() => true)));
  for (const classifier of classifiers) {
    const indicator = new LlmProbabilityIndicator({ engine, classifier, folds: FOLDS, seed: SEED });
    indicator.fitRows(train.rows.flat(), labelsOf(train.spans), groupsOf(train));
    const risks = indicator.scoreRows(test.rows.flat());
    result[`LLM probabilities (${classifier})`] = await score(test.corpus, test.spans, perDocument(indicator.decide(risks), test.spans));
    if (indicator.report) result.ensembleReport = summarize(indicator.report);
  }
  output.tab144 = result;
  console.log('tab144 test:', JSON.stringify(result, null, 1));
}

// Wikipedia: k-fold cross-validation over the documents of wiki-test.
{
  const data = await featureRows('wiki-test');
  const labels = labelsOf(data.spans);
  const groups = groupsOf(data);
  const folds = groupFolds(groups, FOLDS, SEED);
  const rows = data.rows.flat();
  const result: Record<string, unknown> = { spans: rows.length, protocol: `${FOLDS}-fold cross-validation over wiki-test documents` };
  result['mask everything'] = await score(data.corpus, data.spans, data.spans.map((s) => s.map(() => true)));
  for (const classifier of classifiers) {
    const decisions = new Array<boolean>(rows.length).fill(true);
    for (let fold = 0; fold < FOLDS; fold++) {
      const trainIdx = rows.map((_, i) => i).filter((i) => folds[i] !== fold);
      const testIdx = rows.map((_, i) => i).filter((i) => folds[i] === fold);
      const indicator = new LlmProbabilityIndicator({ engine, classifier, folds: FOLDS, seed: SEED });
      indicator.fitRows(trainIdx.map((i) => rows[i]), trainIdx.map((i) => labels[i]), trainIdx.map((i) => groups[i]));
      indicator.decide(indicator.scoreRows(testIdx.map((i) => rows[i]))).forEach((d, k) => (decisions[testIdx[k]] = d));
    }
    result[`LLM probabilities (${classifier})`] = await score(data.corpus, data.spans, perDocument(decisions, data.spans));
  }
  output['wiki-test'] = result;
  console.log('wiki-test:', JSON.stringify(result, null, 1));
}

const outDir = benchOutDir('llm-indicator', args.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'metrics.json'), JSON.stringify(output, null, 2) + '\n');
console.log(`wrote ${join(outDir, 'metrics.json')}`);
await engine.dispose();

function summarize(report: EnsembleReport) {
  return {
    folds: report.folds,
    ensembleLogLoss: Number(report.ensembleLogLoss.toFixed(4)),
    candidates: report.candidates.map((c) => ({ ...c.spec, logLoss: Number(c.logLoss.toFixed(4)), accuracy: Number(c.accuracy.toFixed(4)), weight: c.weight })),
  };
}
