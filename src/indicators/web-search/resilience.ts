/**
 * What every remote engine needs around it: an on-disk cache (queries cost money and quota, and
 * re-runs must not repeat them), a token-bucket rate limit (engines ban bursts) and retries with
 * exponential backoff on 429/5xx. Each is a SearchBackend wrapping another one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { cacheWarning } from '../../lm/index.ts';
import { isRetryable, SearchHttpError } from './errors.ts';
import type { SearchBackend, SearchRequestOptions, SearchResponse } from './types.ts';

/** Time source; injectable so tests check spacing and backoff without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

/**
 * Token bucket: `qps` tokens a second, at most `burst` saved up. Callers are served in arrival
 * order (a promise chain), so concurrent queries are spaced too.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly qps: number,
    readonly burst = 1,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(qps > 0)) throw new Error(`rate limit: qps must be > 0 (got ${qps})`);
    if (!(burst >= 1)) throw new Error(`rate limit: burst must be ≥ 1 (got ${burst})`);
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.clock.sleep(((1 - this.tokens) / this.qps) * 1000);
      this.refill();
    }
    // Floating-point refill can leave 0.9999…; the wait above was for a whole token.
    this.tokens = Math.max(0, this.tokens - 1);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}

export class RateLimitedBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  constructor(
    private readonly inner: SearchBackend,
    private readonly bucket: TokenBucket,
  ) {
    this.id = inner.id;
    this.external = inner.external;
  }

  async search(query: string, options: SearchRequestOptions): Promise<SearchResponse> {
    await this.bucket.take();
    return this.inner.search(query, options);
  }
}

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff delay (default 1000 ms); doubled each retry. */
  baseDelayMs?: number;
  /** Backoff ceiling (default 30 s). */
  maxDelayMs?: number;
  clock?: Clock;
  /** 0..1 source for jitter; default Math.random. Jitter spreads retries of parallel runs apart. */
  random?: () => number;
}

/** Retries 429, 5xx and connection failures with exponential backoff; honours Retry-After when longer. */
export class RetryingBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(
    private readonly inner: SearchBackend,
    options: RetryOptions = {},
  ) {
    this.id = inner.id;
    this.external = inner.external;
    this.retries = options.retries ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  async search(query: string, options: SearchRequestOptions): Promise<SearchResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.search(query, options);
      } catch (error) {
        if (attempt >= this.retries || !isRetryable(error)) throw error;
        const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt) * (0.5 + 0.5 * this.random());
        const requested = error instanceof SearchHttpError ? (error.retryAfterMs ?? 0) : 0;
        await this.clock.sleep(Math.max(backoff, Math.min(requested, this.maxDelayMs)));
      }
    }
  }
}

const cachedSchema = z.object({
  backend: z.string(),
  count: z.number(),
  totalHits: z.number().optional(),
  results: z.array(z.object({ url: z.string(), title: z.string(), snippet: z.string() })),
});

/** Default cache folder, relative to the working directory (ignored by git). */
export const DEFAULT_CACHE_DIR = '.cache/web-search';

/**
 * On-disk cache keyed by backend id + count + query. File names are SHA-256 hashes, and the files
 * hold only the responses, so the cache does not list the queries (span texts) in clear.
 */
export class CachedBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  readonly folder: string;
  /** Counters for reports and tests. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly inner: SearchBackend,
    cacheDir: string = DEFAULT_CACHE_DIR,
  ) {
    this.id = inner.id;
    this.external = inner.external;
    const backendKey = `${inner.id.split(':')[0].replace(/[^a-z0-9-]/gi, '_')}-${sha256(inner.id).slice(0, 12)}`;
    this.folder = join(resolve(cacheDir), backendKey);
  }

  async search(query: string, options: SearchRequestOptions): Promise<SearchResponse> {
    const file = join(this.folder, `${sha256(`${this.id}\u0000${options.count}\u0000${query}`)}.json`);
    const cached = await readCached(file);
    if (cached && cached.backend === this.id && cached.count === options.count) {
      this.stats.hits++;
      return { ...(cached.totalHits === undefined ? {} : { totalHits: cached.totalHits }), results: cached.results };
    }
    this.stats.misses++;
    const response = await this.inner.search(query, options);
    await mkdir(this.folder, { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify({ backend: this.id, count: options.count, ...response }), 'utf8');
    await rename(temporary, file);
    return response;
  }
}

async function readCached(file: string): Promise<z.infer<typeof cachedSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let reason: string;
  try {
    const parsed = cachedSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    reason = 'not a cached response';
  } catch (error) {
    reason = (error as Error).message;
  }
  // A damaged entry (interrupted write from an older version, manual edit) is fetched again.
  cacheWarning(`ignoring damaged cache entry ${file} (${reason}); fetching it again`);
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
