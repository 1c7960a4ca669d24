/**
 * `sanitext benchmark`: runs every indicator row of an experiment on its folds, scores the
 * decisions with the TAB metrics and hands the rows to the report writers. Scores are
 * checkpointed per document (resume), and the masked-LM cache under `cacheDir` keeps re-runs and
 * threshold changes from recomputing model passes.
 */
import { join, resolve } from 'node:path';
import {
  goldCandidates,
  REPO_ROOT,
  type CandidateSpan,
  type Corpus,
  type Document,
  type Span,
} from '../corpus/index.ts';
import { evaluate, uniformWeighting, type TabMetrics, type TokenWeighting } from '../eval/index.ts';
import { createMlmWeighting, MaskedLmEngine } from '../lm/index.ts';
import { indicatorFactory, type IndicatorContext, type RiskIndicator, type SpanDocument } from '../indicators/index.ts';
import type { FigureData, ResultRow, RunMetrics } from '../report/index.ts';
import { rowId, type ExperimentConfig, type IndicatorRun } from './config.ts';
import { ScoreCheckpoint, stableHash } from './checkpoint.ts';
import { makeFolds, seededShuffle, type Fold } from './folds.ts';
import type { ProgressSink } from './progress.ts';

export interface RunOptions {
  dataRoot: string;
  /** Where checkpoints and model caches live (default `.cache/` in the repository). */
  cacheDir?: string;
  /** Ignore checkpoints of earlier runs. */
  fresh?: boolean;
  /** `--allow-external-search`: web-search indicators may send spans to external engines. */
  allowExternalSearch?: boolean;
  progress: ProgressSink;
  /** The config file, for error messages. */
  configFile: string;
}

/** Per test document: the spans judged and, per row, the MASK decisions. */
interface RowOutcome {
  decisions: Map<string, boolean[]>;
  scores: Map<string, number[]>;
  seconds: number;
  /** The fitted indicator of each fold (for threshold sweeps). */
  fitted: RiskIndicator[];
}

interface RunContext {
  config: ExperimentConfig;
  options: RunOptions;
  corpus: Corpus;
  folds: Fold[];
  testCorpus: Corpus;
  spansByDoc: Map<string, CandidateSpan[]>;
  weighting: TokenWeighting;
  cacheDir: string;
  /** One masked-LM engine (and its disk cache) shared by every indicator and figure. */
  engine: MaskedLmEngine;
}

export async function runExperiment(config: ExperimentConfig, corpus: Corpus, options: RunOptions): Promise<RunMetrics> {
  await import('../indicators/index.ts'); // registers every built-in indicator
  const folds = makeFolds(corpus, config, options.configFile);
  const testDocs = folds.flatMap((f) => f.test);
  const cacheDir = resolve(options.cacheDir ?? join(REPO_ROOT, '.cache'));
  const ctx: RunContext = {
    config,
    options,
    corpus,
    folds,
    testCorpus: { ...corpus, documents: testDocs },
    spansByDoc: await spansToJudge(testDocs, config, options.progress),
    weighting: config.weighting === 'uniform' ? uniformWeighting : memoizedWeighting(await weightingFor(config)),
    cacheDir,
    engine: await MaskedLmEngine.create({
      model: resolveModel(config.lm.model),
      precision: config.lm.dtype,
      ...(config.lm.threads ? { threads: config.lm.threads } : {}),
      ...(config.lm.windowLength ? { windowLength: config.lm.windowLength } : {}),
      cacheDir: join(cacheDir, 'lm'),
    }),
  };
  const rows: ResultRow[] = [];
  const outcomes = new Map<string, RowOutcome>();
  for (const run of config.indicators) {
    const outcome = await runIndicator(ctx, run, folds, run.trainDocuments);
    outcomes.set(rowId(run), outcome);
    rows.push(await resultRow(ctx, rowId(run), run.group ?? groupOf(run.indicator), outcome.decisions, outcome.seconds));
  }
  for (const combo of config.combinations) {
    const started = performance.now();
    const decisions = voteAtLeast(combo.of.map((id) => outcomes.get(id)!.decisions), combo.atLeast, ctx.spansByDoc);
    const seconds = (performance.now() - started) / 1000 + combo.of.reduce((s, id) => s + outcomes.get(id)!.seconds, 0);
    rows.push(await resultRow(ctx, combo.id ?? `combination:>=${combo.atLeast}`, combo.group ?? 'combination', decisions, seconds));
  }
  const figures = await figureData(ctx, outcomes);
  const spanCount = [...ctx.spansByDoc.values()].reduce((s, spans) => s + spans.length, 0);
  return {
    name: config.name,
    dataset: config.dataset,
    split: 'train' in config.evaluation ? config.evaluation.test : `${config.evaluation.crossValidation.folds}-fold cross-validation`,
    spanSource: config.spans === 'gold' ? 'gold' : 'detected',
    spans: spanCount,
    documents: testDocs.length,
    createdAt: new Date().toISOString(),
    settings: runSettings(config, folds),
    ...(config.published ? { published: config.published } : {}),
    rows,
    ...(Object.keys(figures).length ? { figures } : {}),
    notes: runNotes(ctx),
  };
}

async function spansToJudge(docs: Document[], config: ExperimentConfig, progress: ProgressSink): Promise<Map<string, CandidateSpan[]>> {
  if (config.spans === 'gold') return new Map(docs.map((d) => [d.id, goldCandidates(d)]));
  const { createRecognizer } = await import('../detect/index.ts');
  const recognizer = await createRecognizer(config.spans.detected.layers ? { layers: config.spans.detected.layers } : {});
  const out = new Map<string, CandidateSpan[]>();
  progress.start(docs.length, 'detecting spans');
  for (const doc of docs) {
    out.set(doc.id, await recognizer.recognize(doc));
    progress.tick({ docs: 1, spans: out.get(doc.id)!.length });
  }
  progress.stop();
  return out;
}

/**
 * Rows that mask the same units of a document (mask-everything, perturbation at threshold 0, …)
 * need the same information-content weights: compute them once per run.
 */
function memoizedWeighting(inner: TokenWeighting): TokenWeighting {
  const memo = new Map<string, Promise<number[]>>();
  return {
    name: inner.name,
    weights(text, units, docId) {
      const key = `${docId}\u0000${units.map((u) => `${u.start}:${u.end}`).join(',')}`;
      let weights = memo.get(key);
      if (!weights) {
        weights = inner.weights(text, units, docId);
        memo.set(key, weights);
      }
      return weights;
    },
  };
}

async function weightingFor(config: ExperimentConfig): Promise<TokenWeighting> {
  if (config.weighting === 'uniform') return uniformWeighting;
  return createMlmWeighting(resolveModel(config.lm.model), { precision: config.lm.dtype, ...(config.lm.threads ? { threads: config.lm.threads } : {}) });
}

/** Relative model paths in configs are relative to the repository, not the working directory. */
function resolveModel(model: string): string {
  return model.startsWith('.') || model.startsWith('models/') ? resolve(REPO_ROOT, model) : model;
}

/** What every indicator of the run shares: the seed, the engine, the data root, the opt-ins. */
function indicatorContext(ctx: RunContext): IndicatorContext {
  return {
    seed: ctx.config.seed,
    engine: ctx.engine,
    cacheDir: ctx.cacheDir,
    dataRoot: ctx.options.dataRoot,
    allowExternalSearch: ctx.options.allowExternalSearch,
  };
}

/** Training documents: every annotator's gold spans, with labels. */
function trainingDocuments(docs: readonly Document[]): SpanDocument[] {
  return docs.flatMap((doc) => doc.annotations.map((a) => ({ doc, spans: goldCandidates(doc, a.annotator) })));
}

async function runIndicator(ctx: RunContext, run: IndicatorRun, folds: Fold[], trainLimit?: number): Promise<RowOutcome> {
  const outcome: RowOutcome = { decisions: new Map(), scores: new Map(), seconds: 0, fitted: [] };
  const factory = indicatorFactory(run.indicator);
  for (const fold of folds) {
    const train = trainLimit === undefined ? fold.train : seededShuffle(fold.train, ctx.config.seed).slice(0, trainLimit);
    const key = stableHash({
      indicator: run.indicator,
      options: run.options,
      lm: ctx.config.lm,
      seed: ctx.config.seed,
      dataset: ctx.config.dataset,
      spans: ctx.config.spans,
      train: train.map((d) => d.id),
    });
    // Keyed by everything that changes scores (not by config name): configs sharing a row share its work.
    const checkpoint = new ScoreCheckpoint(join(ctx.cacheDir, 'benchmark'), `${rowId(run).replace(/[^\w.-]+/g, '_')}-${key}`);
    const done = ctx.options.fresh ? new Map() : checkpoint.load();
    const fitStarted = performance.now();
    const indicator = await factory(run.options, indicatorContext(ctx));
    await indicator.fit(trainingDocuments(train));
    outcome.seconds += (performance.now() - fitStarted) / 1000;
    outcome.fitted.push(indicator);
    ctx.options.progress.start(fold.test.length, `${rowId(run)}${folds.length > 1 ? ` fold ${fold.index + 1}/${folds.length}` : ''}`);
    for (const doc of fold.test) {
      const spans = ctx.spansByDoc.get(doc.id) ?? [];
      let entry = done.get(doc.id);
      if (!entry || entry.scores.length !== spans.length) {
        const started = performance.now();
        const scores = await indicator.score(doc, spans);
        entry = { docId: doc.id, scores, seconds: (performance.now() - started) / 1000 };
        checkpoint.append(entry);
      }
      outcome.scores.set(doc.id, entry.scores);
      outcome.decisions.set(doc.id, indicator.decide(entry.scores, run.threshold));
      outcome.seconds += entry.seconds;
      ctx.options.progress.tick({ docs: 1, spans: spans.length });
    }
    ctx.options.progress.stop();
  }
  return outcome;
}

function voteAtLeast(voters: Map<string, boolean[]>[], atLeast: number, spansByDoc: Map<string, CandidateSpan[]>): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  for (const [docId, spans] of spansByDoc) {
    out.set(docId, spans.map((_, i) => voters.filter((v) => v.get(docId)?.[i]).length >= atLeast));
  }
  return out;
}

async function metricsOf(ctx: RunContext, decisions: Map<string, boolean[]>, weighted: boolean): Promise<TabMetrics> {
  const system = new Map<string, Span[]>();
  for (const [docId, spans] of ctx.spansByDoc) {
    const decided = decisions.get(docId) ?? [];
    system.set(docId, spans.filter((_, i) => decided[i]).map(({ start, end }) => ({ start, end })));
  }
  return (await evaluate(ctx.testCorpus, system, weighted ? { weighting: ctx.weighting } : {})).metrics;
}

async function resultRow(ctx: RunContext, method: string, group: string, decisions: Map<string, boolean[]>, seconds: number): Promise<ResultRow> {
  const m = await metricsOf(ctx, decisions, ctx.weighting !== uniformWeighting);
  return {
    method,
    group,
    P: m.token_precision,
    ...(m.weighted_token_precision !== undefined ? { Pw: m.weighted_token_precision } : {}),
    R_all: m.token_recall,
    F1: m.token_f1,
    R_ent: m.recall_all_entities,
    R_direct: m.recall_direct_entities,
    R_quasi: m.recall_quasi_entities,
    seconds,
  };
}

const groupOf = (indicator: string): string => (indicator === 'mask-everything' ? 'baseline' : indicator);

async function figureData(ctx: RunContext, outcomes: Map<string, RowOutcome>): Promise<FigureData> {
  const figures: FigureData = {};
  const spec = ctx.config.figures;
  if (spec.thresholds) {
    const outcome = outcomes.get(spec.thresholds.row)!;
    const run = ctx.config.indicators.find((r) => rowId(r) === spec.thresholds!.row)!;
    figures.perturbationThresholds = [];
    for (const threshold of spec.thresholds.values) {
      const decisions = new Map<string, boolean[]>();
      for (const fold of ctx.folds) {
        const indicator = outcome.fitted[fold.index];
        for (const doc of fold.test) decisions.set(doc.id, indicator.decide(outcome.scores.get(doc.id) ?? [], threshold));
      }
      const m = await metricsOf(ctx, decisions, false);
      figures.perturbationThresholds.push({ threshold, P: m.token_precision, R_direct: m.recall_direct_entities, R_quasi: m.recall_quasi_entities });
      void run;
    }
  }
  if (spec.trainingSize) {
    figures.trainingSize = [];
    for (const id of spec.trainingSize.rows) {
      const run = ctx.config.indicators.find((r) => rowId(r) === id)!;
      const points = [];
      for (const size of spec.trainingSize.sizes) {
        const trainCount = Math.max(2, Math.round(size * Math.min(...ctx.folds.map((f) => f.train.length))));
        const outcome = await runIndicator(ctx, run, ctx.folds, trainCount);
        const m = await metricsOf(ctx, outcome.decisions, false);
        points.push({ size: trainCount, F1: m.token_f1, R_ent: m.recall_all_entities, P: m.token_precision });
      }
      figures.trainingSize.push({ method: id, points });
    }
  }
  if (spec.logprobs) figures.logprobByDecision = await logprobsByDecision(ctx);
  return figures;
}

/** Figure 3: mean word-piece log-probability of each gold span (coreferent mentions masked), by decision. */
async function logprobsByDecision(ctx: RunContext): Promise<{ mask: number[]; noMask: number[] }> {
  const engine = ctx.engine;
  const out = { mask: [] as number[], noMask: [] as number[] };
  for (const doc of ctx.testCorpus.documents) {
    const spans = ctx.spansByDoc.get(doc.id) ?? [];
    const requests = spans.map((span) => ({
      span,
      extraMasked: spans.filter((other) => other !== span && other.entityId === span.entityId),
    }));
    const results = await engine.spanLogProbs(doc, requests);
    results.forEach((r, i) => {
      if (r.logProbs.length === 0) return;
      const mean = r.logProbs.reduce((a, b) => a + b, 0) / r.logProbs.length;
      (spans[i].label === 'NO_MASK' ? out.noMask : out.mask).push(mean);
    });
  }
  return out;
}

function runSettings(config: ExperimentConfig, folds: Fold[]): Record<string, unknown> {
  return {
    dataset: config.dataset,
    evaluation: config.evaluation,
    trainDocuments: folds.length === 1 ? folds[0].train.length : `${folds.length} folds`,
    spans: config.spans,
    lm: config.lm,
    weighting: config.weighting,
    seed: config.seed,
    indicators: config.indicators.map((r) => ({
      id: rowId(r),
      indicator: r.indicator,
      options: r.options,
      threshold: r.threshold ?? 'default',
      ...(r.trainDocuments ? { trainDocuments: r.trainDocuments } : {}),
    })),
    combinations: config.combinations,
    ...(config.limitDocuments ? { limitDocuments: config.limitDocuments } : {}),
  };
}

function runNotes(ctx: RunContext): string[] {
  const notes: string[] = [];
  const multi = ctx.testCorpus.documents.filter((d) => d.annotations.length > 1).length;
  if (multi > 0 && ctx.config.spans === 'gold') {
    notes.push(`${multi} test document(s) have several annotators: the spans judged are the first annotator's; the metrics use all annotators (micro-average).`);
  }
  if ('crossValidation' in ctx.config.evaluation) {
    notes.push('No training split with identifier types: indicators are trained and evaluated by cross-validation over documents.');
  }
  return notes;
}
