/** The LLM masking strategies, as one async step (registry strategies are synchronous). */
export { llmSanitize } from './sanitize.ts';
export type { LlmSanitizeOptions, LlmSanitizeResult } from './sanitize.ts';
export { LLM_STRATEGIES, llmMaskOptionsSchema } from './options.ts';
export type { LlmStrategyName, LlmMaskOptions } from './options.ts';
export { maskLeaks } from './leaks.ts';
export type { LeakCheckResult, LeakOriginal, LeakReport } from './leaks.ts';
export { loadPrompt, renderPrompt, defaultPromptDir } from './prompts.ts';
export type { PromptTemplate } from './prompts.ts';
export { createLlmMasker } from './stage.ts';
export type { LlmMasker } from './stage.ts';
