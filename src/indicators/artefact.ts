/**
 * Trained risk indicators as files (artefacts): any registered indicator or combination, fitted
 * once and loaded anywhere with the same scores. An artefact keeps the options that rebuild the
 * indicator through its registered factory (model references made portable: a bundled name, a
 * hub id or an absolute folder), the models it loads, the decision threshold, what it was trained
 * on, and the trained state its `toJSON()` gave; `digest` is the SHA-256 of the canonical JSON of
 * all the rest, so a modified or damaged file is refused rather than silently scoring otherwise.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, readJsonFile, writeJsonFile, type InputProblem } from '../corpus/index.ts';
import { checkModelReference, ModelReferenceSchema, type ModelReference } from '../models/index.ts';
import { checkIndicatorOptions, indicatorFactory } from './registry.ts';
import type { IndicatorContext, RiskIndicator, SpanDocument } from './types.ts';

export const ARTEFACT_FORMAT = 'sanitext-risk-indicator';
export const ARTEFACT_VERSION = 1;

/**
 * The revision of what indicators and their classifiers learn from the same data. It is part of the key
 * of every fold a benchmark saves fitted (`.cache/benchmark/fitted/`), so a fold fitted by older code is
 * fitted again rather than restored: bump it with any change that alters a fitted state (a classifier's
 * split search, a feature, a default that is not an option).
 */
export const FIT_REVISION = 1;

/** What an indicator was trained on (counts only: never a text or a span). */
export interface TrainingDescription {
  /** Dataset selector, e.g. `tab144`. */
  dataset?: string;
  /** Split, e.g. `train`. */
  split?: string;
  /** Training documents (distinct). */
  documents: number;
  /** Labelled spans, over every annotator. */
  spans: number;
  /** Annotators whose gold spans were used: the most span sets given for one document. */
  annotators: number;
  /** Spans labelled MASK and NO_MASK. */
  mask: number;
  noMask: number;
  /** The training documents were limited to this many. */
  limit?: number;
}

export interface IndicatorArtefact {
  format: typeof ARTEFACT_FORMAT;
  version: typeof ARTEFACT_VERSION;
  /** Registered indicator name (`combination` for a vote). */
  indicator: string;
  /** Options that rebuild it through its registered factory. */
  options: Record<string, unknown>;
  /** The models it loads. */
  models: ModelReference[];
  /** Decision threshold handed to `decide` (null: the indicator's own, fitted or configured). */
  threshold: number | null;
  training: TrainingDescription;
  createdAt: string;
  /** The indicator's `toJSON()` after training (null for indicators without state). */
  state: unknown;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  digest: string;
}

/** A member of a combination in a training config. */
export interface MemberConfig {
  indicator: string;
  options?: Record<string, unknown>;
  /** The member's decision threshold inside the vote (default: its own). */
  threshold?: number;
}

export interface TrainConfig {
  /** Registered indicator name; `combination` with `members`. */
  indicator: string;
  options?: Record<string, unknown>;
  threshold?: number;
  /** Members of a combination (`indicator: 'combination'`); merged into its options. */
  members?: readonly MemberConfig[];
}

/** Describes the training data beyond what the documents tell (dataset name, split, limit). */
export interface TrainingDataInfo {
  dataset?: string;
  split?: string;
  limit?: number;
}

const TrainingSchema = z
  .object({
    dataset: z.string().optional(),
    split: z.string().optional(),
    documents: z.number().int().nonnegative(),
    spans: z.number().int().nonnegative(),
    annotators: z.number().int().nonnegative(),
    mask: z.number().int().nonnegative(),
    noMask: z.number().int().nonnegative(),
    limit: z.number().int().positive().optional(),
  })
  .strict();

const ArtefactSchema = z
  .object({
    format: z.literal(ARTEFACT_FORMAT),
    version: z.literal(ARTEFACT_VERSION),
    indicator: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    models: z.array(ModelReferenceSchema),
    threshold: z.number().nullable(),
    training: TrainingSchema,
    createdAt: z.string().min(1),
    state: z.unknown(),
    digest: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'),
  })
  .strict();

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 of the canonical JSON of the artefact without its digest. */
export function artefactDigest(artefact: Omit<IndicatorArtefact, 'digest'> & { digest?: string }): string {
  const { digest: _digest, ...rest } = artefact;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The registry options of a training config (a combination's members folded in). */
export function registryOptionsOf(config: TrainConfig): Record<string, unknown> {
  const options = { ...(config.options ?? {}) };
  if (config.members === undefined) return options;
  if (config.indicator !== 'combination') throw new Error(`members are for the combination indicator, not "${config.indicator}"`);
  options.members = config.members.map((m) => ({ name: m.indicator, options: m.options ?? {} }));
  if (config.members.some((m) => m.threshold !== undefined)) options.memberThresholds = config.members.map((m) => m.threshold ?? null);
  return options;
}

/** Problems with options that cannot be saved as JSON (functions, class instances such as a shared engine). */
function nonJsonPaths(value: unknown, path: string): string[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return typeof value === 'number' && !Number.isFinite(value) ? [path] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => nonJsonPaths(v, `${path}.${i}`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (v === undefined ? [] : nonJsonPaths(v, `${path}.${k}`)));
  }
  return [path];
}

function describeTraining(train: readonly SpanDocument[], info: TrainingDataInfo = {}): TrainingDescription {
  const perDocument = new Map<string, number>();
  for (const { doc } of train) perDocument.set(doc.id, (perDocument.get(doc.id) ?? 0) + 1);
  let spans = 0;
  let mask = 0;
  let noMask = 0;
  for (const { spans: list } of train) {
    const labelled = list.filter((s) => s.label !== undefined);
    spans += labelled.length;
    mask += labelled.filter((s) => s.label === 'MASK').length;
    noMask += labelled.filter((s) => s.label === 'NO_MASK').length;
  }
  return {
    ...(info.dataset !== undefined ? { dataset: info.dataset } : {}),
    ...(info.split !== undefined ? { split: info.split } : {}),
    documents: perDocument.size,
    spans,
    annotators: Math.max(0, ...perDocument.values()),
    mask,
    noMask,
    ...(info.limit !== undefined ? { limit: info.limit } : {}),
  };
}

export type TrainContext = IndicatorContext & { trainingData?: TrainingDataInfo };

/** Fits an indicator from a training config and returns it with its artefact. */
export async function fitIndicator(config: TrainConfig, train: readonly SpanDocument[], context: TrainContext = {}): Promise<{ indicator: RiskIndicator; artefact: IndicatorArtefact }> {
  const options = registryOptionsOf(config);
  const problems = checkIndicatorOptions(config.indicator, options).map((p) => ({
    file: '(indicator config)',
    message: `${['options', ...p.path].join('.')}: ${p.message}`,
  }));
  const notJson = nonJsonPaths(options, 'options');
  for (const path of notJson) problems.push({ file: '(indicator config)', message: `${path}: not plain JSON (an artefact saves its options; pass model references, not loaded objects)` });
  if (problems.length > 0) throw new InputError(problems);
  const { trainingData, ...indicatorContext } = context;
  const indicator = await indicatorFactory(config.indicator)(options, indicatorContext);
  await indicator.fit(train);
  const state = indicator.toJSON ? JSON.parse(JSON.stringify(indicator.toJSON())) : null;
  const body: Omit<IndicatorArtefact, 'digest'> = {
    format: ARTEFACT_FORMAT,
    version: ARTEFACT_VERSION,
    indicator: config.indicator,
    options: JSON.parse(JSON.stringify(indicator.effectiveOptions?.() ?? options)),
    models: JSON.parse(JSON.stringify(indicator.modelReferences?.() ?? [])),
    threshold: config.threshold ?? null,
    training: describeTraining(train, trainingData),
    createdAt: new Date().toISOString(),
    state,
  };
  return { indicator, artefact: { ...body, digest: artefactDigest(body) } };
}

/**
 * Fits `config.indicator` (or a combination of `config.members`) on the training documents and
 * returns its artefact. `context`: the run's shared settings (seed, engine, baseDir, …) and a
 * description of the training data.
 */
export async function trainIndicator(config: TrainConfig, train: readonly SpanDocument[], context?: TrainContext): Promise<IndicatorArtefact> {
  return (await fitIndicator(config, train, context)).artefact;
}

/** Writes an artefact atomically (temporary file + rename). */
export async function saveIndicatorArtefact(path: string, artefact: IndicatorArtefact): Promise<void> {
  await writeJsonFile(path, artefact);
}

/**
 * Loads an artefact (a file path, or one in memory) and rebuilds its indicator with the trained
 * state. Relative model folders are relative to `baseDir` (default: the artefact file's folder).
 * Every problem is an InputError naming the file and the field; a digest that does not match the
 * content is refused. Models are loaded on first use, shared through the process-wide cache.
 */
export async function loadIndicatorArtefact(
  source: string | IndicatorArtefact,
  context: IndicatorContext & { baseDir?: string } = {},
): Promise<{ indicator: RiskIndicator; artefact: IndicatorArtefact; threshold: number | undefined }> {
  const file = typeof source === 'string' ? source : '(indicator artefact)';
  const raw: unknown = typeof source === 'string' ? await readJsonFile(source) : source;
  const fail = (problems: string[]): never => {
    throw new InputError(problems.map((message): InputProblem => ({ file, message })));
  };
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== ARTEFACT_FORMAT) {
    fail([`format: not a sanitext risk-indicator artefact (expected "format": "${ARTEFACT_FORMAT}")`]);
  }
  const parsed = ArtefactSchema.safeParse(raw);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.') || '(top level)';
        return issue.code === 'unrecognized_keys' ? `${path ? `${path}: ` : ''}unknown field(s) ${issue.keys.join(', ')}` : `${path}: ${issue.message}`;
      }),
    );
  }
  const artefact = raw as IndicatorArtefact;
  if (artefactDigest(artefact) !== artefact.digest) {
    fail(['digest: does not match the content (the artefact was modified or damaged); refusing to load it']);
  }
  const baseDir = context.baseDir ?? (typeof source === 'string' ? dirname(resolve(source)) : process.cwd());
  const optionProblems = checkIndicatorOptions(artefact.indicator, artefact.options).map((p) =>
    p.path.length === 0 ? `indicator: ${p.message}` : `${['options', ...p.path].join('.')}: ${p.message}`,
  );
  if (optionProblems.length > 0) fail(optionProblems);
  const modelProblems = artefact.models.flatMap((ref, i) => {
    const problem = checkModelReference(ref, baseDir);
    return problem ? [`models.${i}.model: ${problem}`] : [];
  });
  if (modelProblems.length > 0) fail(modelProblems);
  // A run's shared engine may hold another model or window: the indicator builds its own engine
  // from the saved options (the model itself is shared through the process-wide model cache).
  const { engine: _engine, ...rest } = context;
  let indicator: RiskIndicator;
  try {
    indicator = await indicatorFactory(artefact.indicator)(artefact.options, { ...rest, baseDir });
  } catch (error) {
    if (error instanceof InputError) throw error;
    return fail([`options: the indicator cannot be built from them: ${(error as Error).message}`]);
  }
  if (artefact.state !== null) {
    if (!indicator.restoreState) fail([`state: indicator "${artefact.indicator}" cannot restore a saved state`]);
    try {
      indicator.restoreState!(artefact.state);
    } catch (error) {
      fail([`state: ${(error as Error).message}`]);
    }
  }
  return { indicator, artefact, threshold: artefact.threshold ?? undefined };
}
