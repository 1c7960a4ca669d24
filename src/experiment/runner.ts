/**
 * `sanitext benchmark`: runs every indicator row of an experiment on its folds, scores the
 * decisions with the TAB metrics and hands the rows to the report writers. Scores are
 * checkpointed per document (resume), and the masked-LM cache under `cacheDir` keeps re-runs and
 * threshold changes from recomputing model passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  goldCandidates,
  loadDataset,
  REPO_ROOT,
  type CandidateSpan,
  type Corpus,
  type Document,
  type Span,
  writeJsonFile,
} from '../corpus/index.ts';
import { evaluate, memoizedWeighting, uniformWeighting, type TabMetrics, type TokenWeighting } from '../eval/index.ts';
import { createMlmWeighting, MaskedLmEngine } from '../lm/index.ts';
import { loadTarget, resolveModelReference } from '../models/index.ts';
import { CombinationIndicator, FIT_REVISION, indicatorFactory, loadIndicatorArtefact, type IndicatorContext, type RiskIndicator, type SpanDocument } from '../indicators/index.ts';
import { createDetector, createSpanJudge, detectLayers } from '../pipeline/index.ts';
import type { FigureData, ResultRow, RunMetrics } from '../report/index.ts';
import { layersWithNeural, rowId, type ExperimentConfig, type IndicatorRun } from './config.ts';
import { documentDigest, modelFolderDigest, ScoreCheckpoint, stableHash, trainingDigest } from './checkpoint.ts';
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
  const extraTraining = 'alsoTrainOn' in config.evaluation ? await Promise.all((config.evaluation.alsoTrainOn ?? []).map((selector) => loadDataset(selector, options.dataRoot))) : [];
  const folds = makeFolds(corpus, config, options.configFile, extraTraining.flatMap((c) => c.documents));
  const testDocs = folds.flatMap((f) => f.test);
  const cacheDir = resolve(options.cacheDir ?? join(REPO_ROOT, '.cache'));
  options.progress.phase('loading the masked LM');
  const ctx: RunContext = {
    config,
    options,
    corpus,
    folds,
    testCorpus: { ...corpus, documents: testDocs },
    spansByDoc: await spansToJudge(testDocs, config, options),
    weighting: config.weighting === 'uniform' ? uniformWeighting : memoizedWeighting(await weightingFor(config, configDir(options))),
    cacheDir,
    engine: await MaskedLmEngine.create({
      model: config.lm.model,
      baseDir: configDir(options),
      dtype: config.lm.dtype,
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
    ctx.options.progress.phase(`metrics of ${rowId(run)}`);
    rows.push(await resultRow(ctx, rowId(run), run.group ?? groupOf(run.indicator ?? 'artefact'), outcome.decisions, outcome.seconds));
  }
  for (const combo of config.combinations) {
    const started = performance.now();
    const decisions = combinedDecisions(ctx, combo.of.map((id) => outcomes.get(id)!), combo.atLeast);
    // Its own work only: the members' times are in their rows, and a sum would count them twice.
    const seconds = (performance.now() - started) / 1000;
    ctx.options.progress.phase(`metrics of ${combo.id ?? `combination:>=${combo.atLeast}`}`);
    rows.push(await resultRow(ctx, combo.id ?? `combination:>=${combo.atLeast}`, combo.group ?? 'combination', decisions, seconds));
  }
  if (Object.keys(config.figures).length > 0) options.progress.phase('figures');
  const figures = await figureData(ctx, outcomes);
  options.progress.stop();
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

async function spansToJudge(docs: Document[], config: ExperimentConfig, options: RunOptions): Promise<Map<string, CandidateSpan[]>> {
  if (config.spans === 'gold') return new Map(docs.map((d) => [d.id, goldCandidates(d)]));
  // Detected spans come from the pipeline's detect stage: the spans `sanitize --spans detected` masks.
  const { layers, conventions, neural } = config.spans.detected;
  const chosen = detectLayers(layersWithNeural(layers, neural));
  const detect = neural && chosen.layers ? { layers: { ...chosen.layers, neural } } : chosen;
  const detector = await createDetector({ ...detect, ...(conventions ? { conventions } : {}) }, { file: options.configFile, baseDir: configDir(options) });
  const progress = options.progress;
  const out = new Map<string, CandidateSpan[]>();
  progress.start(docs.length, 'detecting spans');
  for (const doc of docs) {
    out.set(doc.id, await detector.detect(doc));
    progress.tick({ docs: 1, spans: out.get(doc.id)!.length });
  }
  progress.stop();
  return out;
}

async function weightingFor(config: ExperimentConfig, baseDir: string): Promise<TokenWeighting> {
  if (config.weighting === 'uniform') return uniformWeighting;
  return createMlmWeighting(config.lm.model, { dtype: config.lm.dtype, baseDir, ...(config.lm.threads ? { threads: config.lm.threads } : {}) });
}

/** Model paths in a config are relative to the config file (src/models' one rule). */
function configDir(options: RunOptions): string {
  return dirname(resolve(options.configFile));
}

/**
 * Content digests of the local model folders a row uses: the run's masked LM, any option naming a
 * folder (e.g. a sequence-labelling model) and the models the indicator says it loads (defaults
 * included), so a retrained model is not mistaken for the old one.
 */
function modelDigests(config: ExperimentConfig, options: Record<string, unknown>, indicator: RiskIndicator, baseDir: string): Record<string, string> {
  const names = [
    config.lm.model,
    ...Object.values(options).filter((v): v is string => typeof v === 'string'),
    ...(indicator.modelReferences?.() ?? []).map((reference) => reference.model),
  ];
  const digests: Record<string, string> = {};
  for (const name of names) {
    const digest = modelFolderDigest(resolveModel(name, baseDir));
    if (digest !== undefined) digests[name] = digest;
  }
  return digests;
}

/** The folder (or hub id) a model reference of the config names, by src/models' one rule. */
function resolveModel(model: string, baseDir?: string): string {
  const location = resolveModelReference(model, baseDir);
  return location.kind === 'missing' ? model : loadTarget(location);
}

/** What every indicator of the run shares: the seed, the engine, the data root, the opt-ins. */
function indicatorContext(ctx: RunContext): IndicatorContext {
  return {
    seed: ctx.config.seed,
    engine: ctx.engine,
    cacheDir: ctx.cacheDir,
    dataRoot: ctx.options.dataRoot,
    allowExternalSearch: ctx.options.allowExternalSearch,
    baseDir: configDir(ctx.options),
  };
}

/** Training documents: every annotator's gold spans, with labels (also what `sanitext train` fits on). */
export function trainingDocuments(docs: readonly Document[]): SpanDocument[] {
  return docs.flatMap((doc) => doc.annotations.map((a) => ({ doc, spans: goldCandidates(doc, a.annotator) })));
}

async function runIndicator(ctx: RunContext, run: IndicatorRun, folds: Fold[], trainLimit?: number): Promise<RowOutcome> {
  const outcome: RowOutcome = { decisions: new Map(), scores: new Map(), seconds: 0, fitted: [] };
  // An artefact row is trained already: loaded once, used on every fold as saved.
  const saved = run.artefact === undefined ? undefined : await loadIndicatorArtefact(resolve(configDir(ctx.options), run.artefact), indicatorContext(ctx));
  const factory = run.indicator === undefined ? undefined : indicatorFactory(run.indicator);
  const threshold = run.threshold ?? saved?.threshold;
  for (const fold of folds) {
    const train = trainLimit === undefined ? fold.train : seededShuffle(fold.train, ctx.config.seed).slice(0, trainLimit);
    const fitStarted = performance.now();
    const indicator = saved?.indicator ?? (await factory!(run.options, indicatorContext(ctx)));
    // The options the indicator runs with, defaults filled in: a changed default is a new key.
    const options = indicator.effectiveOptions?.() ?? run.options;
    // What the fitted indicator depends on: never the spans judged or the test documents, so Table 6
    // (detected spans) restores the folds Table 5 (gold spans) fitted on the same training documents.
    const fitKey = {
      fitRevision: FIT_REVISION,
      indicator: run.indicator,
      ...(saved ? { artefact: saved.artefact.digest } : {}),
      options,
      lm: ctx.config.lm,
      models: modelDigests(ctx.config, options, indicator, configDir(ctx.options)),
      seed: ctx.config.seed,
      // Contents, not ids: the fitted indicator changes when a training text or annotation does.
      train: train.map((d) => [d.id, trainingDigest(d)]),
    };
    const key = stableHash({ ...fitKey, dataset: ctx.config.dataset, spans: ctx.config.spans });
    // Keyed by everything that changes scores (not by config name): configs sharing a row share its work.
    const checkpoint = new ScoreCheckpoint(join(ctx.cacheDir, 'benchmark'), `${rowId(run).replace(/[^\w.-]+/g, '_')}-${key}`);
    const fittedPath = join(ctx.cacheDir, 'benchmark', 'fitted', `${(run.indicator ?? 'artefact').replace(/[^\w.-]+/g, '_')}-${stableHash(fitKey)}.json`);
    const done = ctx.options.fresh ? new Map() : checkpoint.load();
    const stage = `${rowId(run)}${folds.length > 1 ? ` fold ${fold.index + 1}/${folds.length}` : ''}`;
    ctx.options.progress.phase(`training ${stage} (${ctx.config.indicators.indexOf(run) + 1}/${ctx.config.indicators.length})`);
    if (!saved) {
      // A fold fitted before on the same training data with the same settings (in this config or
      // another one: Tables 5, 6 and 7) is restored from its saved state instead of being fitted again.
      const fitted = ctx.options.fresh ? undefined : loadFittedState(fittedPath, indicator);
      if (fitted) outcome.seconds += fitted.fitSeconds;
      else {
        await indicator.fit(trainingDocuments(train));
        const fitSeconds = (performance.now() - fitStarted) / 1000;
        outcome.seconds += fitSeconds;
        if (indicator.toJSON && indicator.restoreState) await writeJsonFile(fittedPath, { fitSeconds, state: indicator.toJSON() });
      }
    } else outcome.seconds += (performance.now() - fitStarted) / 1000;
    outcome.fitted.push(indicator);
    // The pipeline's assess path: a benchmark row decides as `sanitize --pipeline` with this indicator does.
    const judge = createSpanJudge(indicator, threshold);
    ctx.options.progress.start(fold.test.length, stage);
    for (const doc of fold.test) {
      const spans = ctx.spansByDoc.get(doc.id) ?? [];
      const digest = documentDigest(doc, spans);
      let entry = done.get(doc.id);
      // A checkpointed document is reused only if its text and judged spans are the ones scored then.
      if (!entry || entry.digest !== digest || entry.scores.length !== spans.length) {
        const started = performance.now();
        const scores = await indicator.score(doc, spans);
        entry = { docId: doc.id, digest, scores, seconds: (performance.now() - started) / 1000 };
        checkpoint.append(entry);
      }
      outcome.scores.set(doc.id, entry.scores);
      outcome.decisions.set(doc.id, judge.decide(spans, entry.scores).map((d) => d.mask));
      outcome.seconds += entry.seconds;
      ctx.options.progress.tick({ docs: 1, spans: spans.length });
    }
    ctx.options.progress.stop();
  }
  return outcome;
}

/**
 * The saved state of a fold's fitted indicator, put back into `indicator` (built from the same
 * options and context as the fitted one); undefined when there is none or it no longer loads
 * (a damaged file or a changed state format: the fold is simply fitted again).
 */
function loadFittedState(path: string, indicator: RiskIndicator): { fitSeconds: number } | undefined {
  if (!indicator.restoreState || !existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { fitSeconds?: unknown; state?: unknown };
    if (typeof saved.fitSeconds !== 'number' || saved.state === undefined) return undefined;
    indicator.restoreState(saved.state);
    return { fitSeconds: saved.fitSeconds };
  } catch {
    return undefined;
  }
}

/**
 * A combination row: per fold, CombinationIndicator's at-least-k rule (the one `sanitext train`
 * saves and pipelines load) over the decisions its member rows already made — nothing is scored again.
 */
function combinedDecisions(ctx: RunContext, members: readonly RowOutcome[], atLeast: number): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  for (const fold of ctx.folds) {
    const combination = new CombinationIndicator({ members: members.map((m) => m.fitted[fold.index]), rule: { kind: 'at-least', k: atLeast } });
    for (const doc of fold.test) {
      const spans = ctx.spansByDoc.get(doc.id) ?? [];
      const memberDecisions = members.map((m) => m.decisions.get(doc.id) ?? spans.map(() => false));
      out.set(doc.id, combination.decide(combination.scoreDecisions(memberDecisions, doc.id)));
    }
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
      ...(r.artefact ? { artefact: r.artefact } : {}),
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
  if (ctx.config.combinations.length > 0) notes.push("A combination row's seconds are its vote alone; its members' times are in their own rows.");
  if ('crossValidation' in ctx.config.evaluation) {
    notes.push('No training split with identifier types: indicators are trained and evaluated by cross-validation over documents.');
  }
  return notes;
}
