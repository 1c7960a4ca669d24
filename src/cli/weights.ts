import { InputError } from '../corpus/index.ts';
import type { TokenWeighting } from '../eval/index.ts';
import { uniformWeighting } from '../eval/index.ts';

/**
 * `--weights uniform` or `--weights mlm[:MODEL]` (MODEL: a model reference — bundled name, folder
 * relative to the working directory, or Hugging Face id; default: the bundled minibert-en-cased).
 */
export async function weightingFromSpec(spec: string): Promise<TokenWeighting> {
  if (spec === 'uniform') return uniformWeighting;
  if (spec === 'mlm' || spec.startsWith('mlm:')) {
    const [{ createMlmWeighting }, { ModelNotFoundError, ModelFolderError }] = await Promise.all([import('../lm/index.ts'), import('../models/index.ts')]);
    try {
      return await createMlmWeighting(spec === 'mlm' ? undefined : spec.slice(4));
    } catch (error) {
      if (error instanceof ModelNotFoundError || error instanceof ModelFolderError) throw new InputError([{ file: '--weights', message: error.message }]);
      throw error;
    }
  }
  throw new InputError([{ file: '--weights', message: `must be "uniform" or "mlm[:MODEL]", got "${spec}"` }]);
}
