import type { TokenWeighting } from '../eval/index.ts';
import { uniformWeighting } from '../eval/index.ts';

/**
 * `--weights uniform` or `--weights mlm[:MODEL]` (MODEL: a local folder or a Hugging Face id;
 * default: the bundled minibert-en-cased).
 */
export async function weightingFromSpec(spec: string): Promise<TokenWeighting> {
  if (spec === 'uniform') return uniformWeighting;
  if (spec === 'mlm' || spec.startsWith('mlm:')) {
    const { createMlmWeighting } = await import('../lm/index.ts');
    return createMlmWeighting(spec === 'mlm' ? undefined : spec.slice(4));
  }
  throw new Error(`--weights must be "uniform" or "mlm[:MODEL]", got "${spec}"`);
}
