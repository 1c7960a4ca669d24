/**
 * Around a backend: a disk cache keyed by client id (backend + model) and request (a re-run sends
 * nothing), retries with exponential backoff on 429/5xx/connection failures and timeouts, and the
 * web-search token bucket as rate limit. Cache outermost, so a hit costs no token.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { systemClock, TokenBucket, type Clock } from '../indicators/web-search/resilience.ts';
import { readCacheFile, writeCacheFile } from '../lm/disk-cache.ts';
import { LlmRequestError } from './errors.ts';
import { parseJsonAnswer } from './openai-backend.ts';
import type { LlmClient, LlmRequest, LlmResponse } from './types.ts';

export const DEFAULT_LLM_CACHE_DIR = '.cache/llm';

export interface ResilienceOptions {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff (default 1000 ms), doubled each retry, at most maxDelayMs (30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Requests per second (default 2; false: no rate limit) and burst (default 1). */
  qps?: number | false;
  burst?: number;
  /** Cache folder; false: no cache. */
  cacheDir?: string | false;
  clock?: Clock;
  random?: () => number;
}

const cachedSchema = z.object({ client: z.string(), text: z.string() }).strict();

export class ResilientLlmClient implements LlmClient {
  readonly id: string;
  readonly external: boolean;
  /** Counters for reports and tests. */
  readonly stats = { requests: 0, retries: 0, cacheHits: 0 };
  private readonly bucket: TokenBucket | undefined;
  private readonly folder: string | undefined;

  constructor(
    private readonly inner: LlmClient,
    private readonly options: ResilienceOptions = {},
  ) {
    this.id = inner.id;
    this.external = inner.external;
    this.bucket = options.qps === false ? undefined : new TokenBucket(options.qps ?? 2, options.burst ?? 1, options.clock ?? systemClock);
    const cacheDir = options.cacheDir ?? DEFAULT_LLM_CACHE_DIR;
    this.folder = cacheDir === false ? undefined : resolve(cacheDir);
  }

  async complete<T>(request: LlmRequest<T>): Promise<LlmResponse<T>> {
    const file = this.folder === undefined ? undefined : join(this.folder, `${cacheKey(this.id, request)}.json`);
    if (file) {
      const entry = readCacheFile(file, (bytes) => {
        const parsed = cachedSchema.safeParse(JSON.parse(bytes.toString('utf8')));
        return parsed.success && parsed.data.client === this.id ? parsed.data : undefined;
      });
      if (entry) {
        this.stats.cacheHits++;
        return { text: entry.text, ...(request.schema ? { json: parseJsonAnswer(this.id, entry.text, request.schema) } : {}), cached: true };
      }
    }
    const response = await this.withRetries(request);
    // Only answers that passed validation are kept, so a bad answer is asked for again next run.
    if (file) writeCacheFile(file, JSON.stringify({ client: this.id, text: response.text }));
    return response;
  }

  /** Frees what the backend holds (the embedded runtime: model and context). */
  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private async withRetries<T>(request: LlmRequest<T>): Promise<LlmResponse<T>> {
    const retries = this.options.retries ?? 4;
    const base = this.options.baseDelayMs ?? 1000;
    const ceiling = this.options.maxDelayMs ?? 30_000;
    const clock = this.options.clock ?? systemClock;
    const random = this.options.random ?? Math.random;
    for (let attempt = 0; ; attempt++) {
      await this.bucket?.take();
      this.stats.requests++;
      try {
        return await this.inner.complete(request);
      } catch (error) {
        if (attempt >= retries || !(error instanceof LlmRequestError && error.retryable)) throw error;
        this.stats.retries++;
        const backoff = Math.min(ceiling, base * 2 ** attempt) * (0.5 + 0.5 * random());
        await clock.sleep(Math.max(backoff, Math.min(error.retryAfterMs ?? 0, ceiling)));
      }
    }
  }
}

/** SHA-256 of client id and request: file names do not show the prompts. */
function cacheKey(clientId: string, request: LlmRequest): string {
  const { messages, schema, temperature, maxTokens } = request;
  const material = JSON.stringify([clientId, messages, schema ? [schema.name, schema.jsonSchema] : null, temperature ?? null, maxTokens ?? null]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
