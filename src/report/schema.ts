/**
 * The contract between the benchmark runner and the report writers: `results/<name>/metrics.json`.
 *
 * Objects are strict (unknown keys are errors) except `settings`, because a misspelt optional key
 * such as `pw` or `logprobsByDecision` would otherwise vanish silently and a column or figure would
 * be missing from the report with no explanation.
 */
import { z } from 'zod/v4';
import { InputError, describeJsonSyntaxError, type InputProblem } from '../corpus/index.ts';

/** A score in [0, 1], or null where it is undefined (e.g. a recall with no gold entity to recall). */
const score = z.number().min(0).max(1).nullable();

/** The metric columns of the paper's Tables 5–7, in the paper's order. */
export const SCORE_KEYS = ['P', 'Pw', 'R_all', 'F1', 'R_ent', 'R_direct', 'R_quasi'] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];

export const PUBLISHED_TABLES = ['Table 3', 'Table 5', 'Table 6', 'Table 7'] as const;
export type PublishedTableName = (typeof PUBLISHED_TABLES)[number];
export const PUBLISHED_DATASETS = ['wikipedia', 'tab'] as const;
export type PublishedDataset = (typeof PUBLISHED_DATASETS)[number];

export const ResultRowSchema = z.strictObject({
  /** Our method name, e.g. `llm-probability:logreg` (see `published.ts` for the known names). */
  method: z.string().min(1),
  /** Rows with the same group are drawn together, like the paper's dashed-line blocks. */
  group: z.string().min(1).optional(),
  P: score,
  Pw: score.optional(),
  R_all: score,
  F1: score,
  R_ent: score,
  R_direct: score,
  R_quasi: score,
  /** Wall-clock seconds the method took on the whole split; null when not measured. */
  seconds: z.number().nonnegative().nullable(),
});
export type ResultRow = z.infer<typeof ResultRowSchema>;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

export const LogprobByDecisionSchema = z.strictObject({
  /** Log-probabilities of the spans (or their tokens) the annotators masked. */
  mask: z.array(finite),
  /** Log-probabilities of the spans the annotators left in clear text. */
  noMask: z.array(finite),
});
export type LogprobByDecision = z.infer<typeof LogprobByDecisionSchema>;

export const TrainingSizePointSchema = z.strictObject({
  /** A fraction of the training split (0 < size ≤ 1) or a number of training examples (> 1). */
  size: z.number().positive(),
  F1: score,
  R_ent: score.optional(),
  P: score.optional(),
});
export const TrainingSizeSeriesSchema = z.strictObject({
  method: z.string().min(1),
  points: z.array(TrainingSizePointSchema).min(1),
});
export type TrainingSizeSeries = z.infer<typeof TrainingSizeSeriesSchema>;
export type TrainingSizePoint = z.infer<typeof TrainingSizePointSchema>;

export const PerturbationPointSchema = z.strictObject({
  threshold: finite,
  P: score,
  R_direct: score,
  R_quasi: score,
});
export type PerturbationPoint = z.infer<typeof PerturbationPointSchema>;

export const FiguresSchema = z.strictObject({
  logprobByDecision: LogprobByDecisionSchema.optional(),
  trainingSize: z.array(TrainingSizeSeriesSchema).optional(),
  perturbationThresholds: z.array(PerturbationPointSchema).optional(),
});
export type FigureData = z.infer<typeof FiguresSchema>;

export const MetricsSchema = z.strictObject({
  name: z.string().min(1),
  dataset: z.string().min(1),
  split: z.string().min(1),
  spanSource: z.enum(['gold', 'detected']),
  spans: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Free-form run settings (models, thresholds, seed, …), listed verbatim in the report. */
  settings: z.record(z.string(), z.unknown()),
  /** Which of the paper's tables to show beside ours. */
  published: z
    .strictObject({ table: z.enum(PUBLISHED_TABLES), dataset: z.enum(PUBLISHED_DATASETS) })
    .optional(),
  rows: z.array(ResultRowSchema),
  figures: FiguresSchema.optional(),
  /** Free-text remarks from the runner (skipped documents, fallbacks), printed under the table. */
  notes: z.array(z.string()).optional(),
});
export type RunMetrics = z.infer<typeof MetricsSchema>;

/** `rows[2].R_direct`: the path as one would write it in JavaScript. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function describeInput(input: unknown): string {
  if (input === undefined) return '';
  // Lists and objects by size only: stringifying a deeply nested value would overflow the stack.
  if (Array.isArray(input)) return ` (got a list of ${input.length} item(s))`;
  if (typeof input === 'object' && input !== null) return ' (got an object)';
  const text = JSON.stringify(input);
  if (text === undefined) return '';
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/**
 * Validates already-parsed JSON. Throws an `InputError` with one problem per bad field, each naming
 * `file` and the field path, e.g. `results/x/metrics.json: rows[2].R_direct: Too big: … (got 1.3)`.
 */
export function validateMetrics(data: unknown, file: string): RunMetrics {
  const result = MetricsSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems: InputProblem[] = result.error.issues.map((issue) => {
    // zod's message already names unrecognized keys; the input there is the whole object.
    const input = issue.code === 'unrecognized_keys' ? '' : describeInput(issue.input);
    return { file, message: `${formatPath(issue.path)}: ${issue.message}${input}` };
  });
  throw new InputError(problems);
}

/** Parses the text of a `metrics.json`; `file` names it in every error message. */
export function parseMetricsFile(text: string, file: string): RunMetrics {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError([{ file, message: `not valid JSON: ${describeJsonSyntaxError(error, text)}` }]);
  }
  return validateMetrics(data, file);
}

/** The JSON Schema of `metrics.json` (draft 2020-12), for editors and for runners in other languages. */
export function metricsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(MetricsSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
}
