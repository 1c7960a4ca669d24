/** The paper's majority-rule baseline: every span is risky. */
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

registerIndicator('mask-everything', createMaskEverything);
