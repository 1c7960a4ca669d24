/**
 * The LLM strategies and the options of the LLM masking step, in a module that imports only zod and the
 * client's option schema: the pipeline config validates `mask.llm` with it without loading a client, the
 * recognizer or the prompts.
 */
import { z } from 'zod/v4';
import { llmOptionsSchema } from '../../llm/options.ts';

export const LLM_STRATEGIES = ['llm-fictional', 'llm-generalize', 'llm-rewrite'] as const;
export type LlmStrategyName = (typeof LLM_STRATEGIES)[number];

/** The client's options and the LLM step's own; the pipeline config's `mask.llm` is this less `strategy`. */
export const llmMaskOptionsSchema = llmOptionsSchema
  .extend({
    strategy: z.enum(LLM_STRATEGIES),
    promptVersion: z.number().int().positive().optional(),
    promptDir: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    /** Detector layers of the leak check (default rules + gazetteers: fast, no model). */
    leakCheckLayers: z.array(z.string()).min(1).optional(),
  });

export type LlmMaskOptions = z.input<typeof llmMaskOptionsSchema>;
