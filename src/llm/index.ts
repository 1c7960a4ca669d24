/** LLM clients: one `complete(request)` contract, an OpenAI-compatible backend and an embedded llama.cpp one, retries, rate limit, disk cache. */
export type { LlmClient, LlmJsonSchema, LlmMessage, LlmRequest, LlmResponse } from './types.ts';
export { ExternalLlmNotAllowedError, LlmRequestError, LlmResponseError } from './errors.ts';
export { OpenAiCompatibleBackend, LLM_KEY_VARIABLES, parseJsonAnswer } from './openai-backend.ts';
export type { OpenAiBackendOptions } from './openai-backend.ts';
export { LlamaCppBackend, fileIdentity } from './llama-cpp-backend.ts';
export type { LlamaCppBackendOptions } from './llama-cpp-backend.ts';
export { llmBackendProblem } from './backend-choice.ts';
export { ResilientLlmClient, DEFAULT_LLM_CACHE_DIR } from './resilience.ts';
export type { ResilienceOptions } from './resilience.ts';
export { createLlmClient } from './factory.ts';
export { llmOptionsSchema } from './options.ts';
export type { LlmEnvironment } from './factory.ts';
export type { LlmOptions } from './options.ts';
