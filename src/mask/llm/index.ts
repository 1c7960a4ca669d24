/** The LLM masking strategies, as one async step (registry strategies are synchronous). */
export { llmSanitize, LLM_STRATEGIES } from './sanitize.ts';
export type { LlmSanitizeOptions, LlmSanitizeResult, LlmStrategyName } from './sanitize.ts';
export { maskLeaks } from './leaks.ts';
export type { LeakCheckResult, LeakOriginal, LeakReport } from './leaks.ts';
export { loadPrompt, renderPrompt, defaultPromptDir } from './prompts.ts';
export type { PromptTemplate } from './prompts.ts';
export { createLlmMasker, llmMaskOptionsSchema } from './stage.ts';
export type { LlmMasker, LlmMaskOptions } from './stage.ts';
