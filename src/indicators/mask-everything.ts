/** The paper's majority-rule baseline: every span is risky. */
import { z } from 'zod';
import { registerIndicator } from './registry.ts';
import type { RiskIndicator } from './types.ts';

export function createMaskEverything(): RiskIndicator {
  return {
    name: 'mask-everything',
    fit: async () => {},
    score: async (_doc, spans) => spans.map(() => 1),
    decide: (risks, threshold = 0.5) => risks.map((r) => r >= threshold),
  };
}

// No options: a config that gives some has a typo or a wrong indicator name.
registerIndicator('mask-everything', createMaskEverything, z.object({}).strict());
