/**
 * An LLM client from plain options (config, CLI flags), with retries, rate limit and cache around it:
 * an OpenAI-compatible endpoint (`url` + `model`) or the embedded runtime (`modelPath`, a GGUF file).
 */
import type { Clock } from '../indicators/web-search/resilience.ts';
import { llmBackendProblem } from './backend-choice.ts';
import { llmOptionsSchema } from './options.ts';
import { LlamaCppBackend } from './llama-cpp-backend.ts';
import { OpenAiCompatibleBackend } from './openai-backend.ts';
import { ResilientLlmClient } from './resilience.ts';


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
