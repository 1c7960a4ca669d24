import { z } from 'zod';
import { MaskedLmEngine } from '../lm/index.ts';
import { DEFAULT_MASKED_LM, portableModelName, resolveModelReference, type ModelReference } from '../models/index.ts';

/**
 * The masked-LM options every LM-based indicator accepts (used only when no shared engine is
 * given: a run's shared engine brings its own settings).
 */
export const maskedLmOptionShape = {
  /** Masked LM: a model reference (bundled name, folder or Hugging Face id; default: bundled minibert-en-cased). */
  model: z.string().optional(),
  dtype: z.enum(['fp32', 'q8']).optional(),
  /** The former name of `dtype`, still accepted; `dtype` wins. */
  precision: z.enum(['fp32', 'q8']).optional(),
  threads: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  cacheDir: z.string().optional(),
  /** Context window in word-pieces (special tokens included); unset: the model's (512 for the bundled one). */
  windowLength: z.number().int().min(16).max(512).optional(),
};

/** Options of the indicators that train a classifier on span features. */
export const classifierOptionShape = {
  classifier: z.enum(['logistic', 'forest', 'ensemble']).default('ensemble'),
  /** P(MASK) at or above which a span is masked. */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Cross-validation folds of the ensemble's model selection. */
  folds: z.number().int().min(2).default(5),
  seed: z.number().int().default(42),
};

type MaskedLmOptionValues = z.output<z.ZodObject<typeof maskedLmOptionShape>>;

/** The dtype an indicator's own engine loads (default fp32). */
export function lmDtype(options: Pick<MaskedLmOptionValues, 'dtype' | 'precision'>): 'fp32' | 'q8' {
  return options.dtype ?? options.precision ?? 'fp32';
}

/** An engine for an indicator that was given no shared one; `baseDir`: what a relative model path is relative to. */
export function engineFromOptions(options: MaskedLmOptionValues, baseDir?: string): Promise<MaskedLmEngine> {
  return MaskedLmEngine.create({
    model: options.model,
    dtype: lmDtype(options),
    threads: options.threads,
    batchSize: options.batchSize,
    cacheDir: options.cacheDir,
    windowLength: options.windowLength,
    baseDir,
  });
}

/**
 * The settings of the engine an indicator actually used, as indicator options: saved with a
 * trained indicator so that a reload without the run's shared engine scores identically.
 */
export function engineOptions(engine: MaskedLmEngine): Pick<MaskedLmOptionValues, 'model' | 'dtype' | 'threads' | 'windowLength'> {
  return {
    model: engine.lm.portableName,
    dtype: engine.lm.dtype,
    ...(engine.lm.threads ? { threads: engine.lm.threads } : {}),
    windowLength: engine.windowLength,
  };
}

/** The model reference of an engine. */
export function engineReference(engine: MaskedLmEngine): ModelReference {
  return { model: engine.lm.portableName, dtype: engine.lm.dtype, ...(engine.lm.threads ? { threads: engine.lm.threads } : {}) };
}

function portableOf(model: string, baseDir?: string): string {
  const location = resolveModelReference(model, baseDir);
  return location.kind === 'missing' ? model : portableModelName(location);
}

/**
 * Options with the masked-LM `model` made portable (bundled name, hub id or absolute folder) and
 * run-local settings (cache folder) left out: what a saved indicator needs to load its model anywhere.
 */
export function portableLmOptions<T extends Partial<MaskedLmOptionValues>>(options: T, baseDir?: string): Omit<T, 'cacheDir'> & { model: string } {
  const { cacheDir: _cacheDir, ...rest } = options;
  return { ...rest, model: portableOf(options.model ?? DEFAULT_MASKED_LM, baseDir) };
}
