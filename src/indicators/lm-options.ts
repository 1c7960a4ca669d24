import { z } from 'zod';

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
