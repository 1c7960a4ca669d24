/**
 * The LLM client's options as one strict schema, in a module that imports only zod: configs (pipelines,
 * the LLM masking step) build on it without loading a client or its backends.
 */
import { z } from 'zod/v4';

/** Every key either backend takes; `createLlmClient` checks that they name exactly one (backend-choice.ts). */
export const llmOptionsSchema = z
  .strictObject({
    /** OpenAI-compatible base URL (--llm-url), e.g. http://127.0.0.1:8080/v1. */
    url: z.string().min(1).optional(),
    /** Model name at `url` (--llm-model). */
    model: z.string().min(1).optional(),
    /** A local GGUF file run by the embedded llama.cpp runtime (--llm-gguf), instead of url + model. */
    modelPath: z.string().min(1).optional(),
    /** Embedded runtime: CPU threads (default: the cores this process may use). */
    threads: z.number().int().positive().optional(),
    /** Embedded runtime: context size in tokens (default: the model's, as far as memory allows). */
    contextSize: z.number().int().positive().optional(),
    /** Consent to send prompts (personal data) off this machine (--allow-external-llm). */
    allowExternalLlm: z.boolean().optional(),
    timeoutMs: z.number().positive().optional(),
    retries: z.number().int().min(0).optional(),
    baseDelayMs: z.number().nonnegative().optional(),
    qps: z.number().positive().optional(),
    burst: z.number().min(1).optional(),
    cacheDir: z.union([z.string(), z.literal(false)]).optional(),
  });

export type LlmOptions = z.input<typeof llmOptionsSchema>;
