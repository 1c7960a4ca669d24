import { z } from 'zod';
import { MaskedLmEngine } from '../lm/index.ts';

/**
 * The masked-LM options every LM-based indicator accepts (used only when no shared engine is
 * given: a run's shared engine brings its own settings).
 */
export const maskedLmOptionShape = {
  /** Masked LM folder or Hugging Face id (default: bundled minibert-en-cased). */
  model: z.string().optional(),
  precision: z.enum(['fp32', 'q8']).default('fp32'),
  threads: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  cacheDir: z.string().optional(),
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

/** An engine for an indicator that was given no shared one. */
export function engineFromOptions(options: z.output<z.ZodObject<typeof maskedLmOptionShape>>): Promise<MaskedLmEngine> {
  return MaskedLmEngine.create({
    model: options.model,
    precision: options.precision,
    threads: options.threads,
    batchSize: options.batchSize,
    cacheDir: options.cacheDir,
  });
}
