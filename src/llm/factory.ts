/**
 * An LLM client from plain options (config, CLI flags), with retries, rate limit and cache around it:
 * an OpenAI-compatible endpoint (`url` + `model`) or the embedded runtime (`modelPath`, a GGUF file).
 */
import { z } from 'zod';
import type { Clock } from '../indicators/web-search/resilience.ts';
import { llmBackendProblem } from './backend-choice.ts';
import { LlamaCppBackend } from './llama-cpp-backend.ts';
import { OpenAiCompatibleBackend } from './openai-backend.ts';
import { ResilientLlmClient } from './resilience.ts';

/** Every key either backend takes; `createLlmClient` checks that they name exactly one (backend-choice.ts). */
export const llmOptionsSchema = z
  .object({
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
  })
  .strict();

export type LlmOptions = z.input<typeof llmOptionsSchema>;

/** What a config cannot hold: injected by tests and programs. */
export interface LlmEnvironment {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  random?: () => number;
}

export function createLlmClient(options: unknown, environment: LlmEnvironment = {}, source = 'llm'): ResilientLlmClient {
  const parsed = llmOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || 'root'}: ${issue?.message}`);
  }
  const o = parsed.data;
  const problem = llmBackendProblem(o);
  if (problem) throw new Error(`${source}: ${problem.path || 'root'}: ${problem.message}`);
  const resilience = { retries: o.retries, baseDelayMs: o.baseDelayMs, burst: o.burst, cacheDir: o.cacheDir, clock: environment.clock, random: environment.random };
  if (o.modelPath !== undefined) {
    const backend = new LlamaCppBackend({ modelPath: o.modelPath, threads: o.threads, contextSize: o.contextSize, timeoutMs: o.timeoutMs });
    // A local model has no quota (no rate limit unless asked for), and a failed generation fails the same way again.
    return new ResilientLlmClient(backend, { ...resilience, qps: o.qps ?? false, retries: o.retries ?? 0 });
  }
  const backend = new OpenAiCompatibleBackend({ url: o.url!, model: o.model!, allowExternalLlm: o.allowExternalLlm, timeoutMs: o.timeoutMs, env: environment.env });
  return new ResilientLlmClient(backend, { ...resilience, qps: o.qps });
}
