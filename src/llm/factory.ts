/** An LLM client from plain options (config, CLI flags), with retries, rate limit and cache around it. */
import { z } from 'zod';
import type { Clock } from '../indicators/web-search/resilience.ts';
import { OpenAiCompatibleBackend } from './openai-backend.ts';
import { ResilientLlmClient } from './resilience.ts';

export const llmOptionsSchema = z
  .object({
    /** OpenAI-compatible base URL (--llm-url), e.g. http://127.0.0.1:8080/v1. */
    url: z.string().min(1),
    /** Model name (--llm-model). */
    model: z.string().min(1),
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
  const backend = new OpenAiCompatibleBackend({ url: o.url, model: o.model, allowExternalLlm: o.allowExternalLlm, timeoutMs: o.timeoutMs, env: environment.env });
  return new ResilientLlmClient(backend, { retries: o.retries, baseDelayMs: o.baseDelayMs, qps: o.qps, burst: o.burst, cacheDir: o.cacheDir, clock: environment.clock, random: environment.random });
}
