/** The TAB metrics (scorer.ts) as one registry entry: recall and precision of the masked spans against gold. */
import { z } from 'zod';
import { evaluate } from '../scorer.ts';
import { memoizedWeighting, uniformWeighting, type TokenWeighting } from '../weighting.ts';
import { defineMetric } from './registry.ts';

const options = z
  .object({
    /** Gold dataset or file (e.g. `tab144:test` for identifier types); default: the run's corpus. */
    gold: z.string().optional(),
    /** `mlm` adds P_w with the information-content weights of the run's masked LM. */
    weights: z.enum(['uniform', 'mlm']).default('uniform'),
    /** Entity-level recall columns (needs gold with identifier types). */
    entityRecall: z.boolean().default(true),
  })
  .strict();

export const tabMetric = defineMetric({
  name: 'tab',
  description: 'TAB recall and precision (token, mention, entity level; P_w with weights: mlm)',
  needs: ['gold'],
  options,
  columns: (o) => [
    'R_token',
    'R_mention',
    ...(o.entityRecall ? ['R_direct', 'R_quasi', 'R_all'] : []),
    'P',
    'P_mention',
    'F1',
    ...(o.weights === 'mlm' ? ['P_w'] : []),
  ],
  async create(o, context) {
    const gold = await context.gold(o.gold);
    let weighting: TokenWeighting = uniformWeighting;
    if (o.weights === 'mlm') {
      const { MlmWeighting } = await import('../../lm/index.ts');
      // Anonymizations that mask the same units (TAE's manual ones differ only in replacements) share their weights.
      weighting = memoizedWeighting(new MlmWeighting((await context.maskedLm()).lm));
    }
    return {
      async evaluate(anonymization) {
        const { metrics: m } = await evaluate(gold, anonymization.spans, { weighting, weightedLevels: ['token'] });
        return {
          R_token: m.token_recall,
          R_mention: m.mention_recall,
          ...(o.entityRecall ? { R_direct: m.recall_direct_entities, R_quasi: m.recall_quasi_entities, R_all: m.recall_all_entities } : {}),
          P: m.token_precision,
          P_mention: m.mention_precision,
          F1: m.token_f1,
          ...(o.weights === 'mlm' ? { P_w: m.weighted_token_precision ?? null } : {}),
        };
      },
    };
  },
});
