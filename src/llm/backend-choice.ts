/**
 * Which backend a set of LLM options names: an OpenAI-compatible endpoint (`url` + `model`) or the
 * embedded runtime (`modelPath`, a local GGUF file). Plain code with no imports, shared by the zod v3
 * options of the client (factory.ts) and the zod v4 pipeline config (src/pipeline/config.ts), which
 * must not load a client to check a config.
 */

/** Options only the embedded runtime reads. */
export const EMBEDDED_ONLY_OPTIONS = ['threads', 'contextSize'] as const;
/** Options only an endpoint reads. */
export const ENDPOINT_ONLY_OPTIONS = ['allowExternalLlm'] as const;

export interface LlmBackendChoiceInput {
  url?: unknown;
  model?: unknown;
  modelPath?: unknown;
  [option: string]: unknown;
}

export interface LlmOptionProblem {
  /** The option the problem is about ('' for the whole object). */
  path: string;
  message: string;
}

/** The first problem with the backend choice, or undefined when the options name exactly one backend. */
export function llmBackendProblem(options: LlmBackendChoiceInput): LlmOptionProblem | undefined {
  const endpoint = options.url !== undefined || options.model !== undefined;
  const embedded = options.modelPath !== undefined;
  if (endpoint && embedded) {
    return { path: 'modelPath', message: 'give either modelPath (a local GGUF file, --llm-gguf) or url and model (an OpenAI-compatible endpoint, --llm-url/--llm-model), not both' };
  }
  if (!endpoint && !embedded) {
    return { path: '', message: 'no LLM: give url and model (an OpenAI-compatible endpoint, --llm-url/--llm-model) or modelPath (a local GGUF file, --llm-gguf)' };
  }
  if (endpoint && options.url === undefined) return { path: 'url', message: 'model names a model at an endpoint: give url too (--llm-url)' };
  if (endpoint && options.model === undefined) return { path: 'model', message: 'url needs the model name at that endpoint (--llm-model)' };
  const misplaced = embedded ? ENDPOINT_ONLY_OPTIONS.find((k) => options[k] !== undefined) : EMBEDDED_ONLY_OPTIONS.find((k) => options[k] !== undefined);
  if (misplaced) return { path: misplaced, message: embedded ? 'applies to an endpoint (url), not to a local modelPath' : 'applies to the embedded runtime (modelPath), not to an endpoint' };
  return undefined;
}
