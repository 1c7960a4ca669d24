/**
 * Google Programmable Search (Custom Search JSON API), the engine the paper used (§5.5).
 *
 * NOTE: Google closed the Custom Search JSON API to new customers, and it stops answering on
 * 2027-01-01. Existing keys keep working until then; new projects should use SearXNG, Brave or the
 * local BM25 backend. Quota: 100 free queries a day, at most 10 results per request and 100 per query.
 */
import { createHash } from 'node:crypto';
import { customsearch, type customsearch_v1 } from '@googleapis/customsearch';
import { z } from 'zod';
import { ExternalSearchNotAllowedError, parseRetryAfter, SearchHttpError, SearchNetworkError, SearchResponseError } from './errors.ts';
import type { SearchBackend, SearchRequestOptions, SearchResponse, SearchResult } from './types.ts';

export interface GoogleBackendOptions {
  /** Required: queries carry personal data to Google. */
  allowExternalSearch?: boolean;
  /** Default: env GOOGLE_CSE_KEY. */
  apiKey?: string;
  /** Programmable Search Engine id (`cx`). Default: env GOOGLE_CSE_ID. */
  engineId?: string;
  env?: NodeJS.ProcessEnv;
  /** API root, for tests against a local server. Default https://customsearch.googleapis.com/. */
  rootUrl?: string;
  timeoutMs?: number;
}

/** Google answers at most 10 results per request and never beyond the 100th. */
const PAGE_SIZE = 10;
const MAX_RESULTS = 100;

const searchSchema = z.object({
  searchInformation: z.object({ totalResults: z.string().optional() }).nullish(),
  items: z.array(z.object({ link: z.string(), title: z.string().nullish(), snippet: z.string().nullish() })).nullish(),
});

export class GoogleSearchBackend implements SearchBackend {
  readonly id: string;
  readonly external = true;
  private readonly client: customsearch_v1.Customsearch;
  private readonly apiKey: string;
  private readonly engineId: string;

  constructor(options: GoogleBackendOptions = {}) {
    if (!options.allowExternalSearch) throw new ExternalSearchNotAllowedError('google', 'Google (customsearch.googleapis.com)');
    const env = options.env ?? process.env;
    const apiKey = options.apiKey ?? env.GOOGLE_CSE_KEY;
    const engineId = options.engineId ?? env.GOOGLE_CSE_ID;
    if (!apiKey || !engineId) {
      const missing = [!apiKey && 'GOOGLE_CSE_KEY', !engineId && 'GOOGLE_CSE_ID'].filter(Boolean).join(' and ');
      throw new Error(`web-search backend "google" needs ${missing} (API key and Programmable Search Engine id) in the environment`);
    }
    this.apiKey = apiKey;
    this.engineId = engineId;
    // The engine id is not secret, but hashing keeps cache folder names short and uniform.
    this.id = `google:${createHash('sha256').update(engineId).digest('hex').slice(0, 12)}`;
    // retry: false — retries, backoff and rate limiting are ours (resilience.ts), one policy for all backends.
    this.client = customsearch({ version: 'v1', retry: false, timeout: options.timeoutMs ?? 30_000, ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}) });
  }

  async search(query: string, { count }: SearchRequestOptions): Promise<SearchResponse> {
    const wanted = Math.min(count, MAX_RESULTS);
    const results: SearchResult[] = [];
    let totalHits: number | undefined;
    for (let start = 1; results.length < wanted; start += PAGE_SIZE) {
      const num = Math.min(PAGE_SIZE, wanted - results.length);
      const page = await this.page(query, start, num);
      totalHits ??= page.totalHits;
      results.push(...page.results);
      // Fewer results than asked for: there is no next page.
      if (page.results.length < num) break;
    }
    return { totalHits, results: results.slice(0, wanted) };
  }

  private async page(query: string, start: number, num: number): Promise<SearchResponse> {
    let data: unknown;
    try {
      const response = await this.client.cse.list({ key: this.apiKey, cx: this.engineId, q: query, start, num });
      data = response.data;
    } catch (error) {
      throw translateGaxiosError(error);
    }
    const parsed = searchSchema.safeParse(data);
    if (!parsed.success) throw new SearchResponseError('google', parsed.error.issues[0]?.message ?? 'schema mismatch');
    const total = parsed.data.searchInformation?.totalResults;
    return {
      totalHits: total === undefined ? undefined : Number(total),
      results: (parsed.data.items ?? []).map((item) => ({ url: item.link, title: item.title ?? '', snippet: item.snippet ?? '' })),
    };
  }
}

/**
 * Gaxios errors carry the request config, whose URL holds the API key and the query: only the
 * status and Retry-After survive into our error, never the original message or config.
 */
function translateGaxiosError(error: unknown): Error {
  const e = error as { status?: unknown; response?: { status?: unknown; headers?: unknown }; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.response?.status === 'number' ? e.response.status : undefined;
  if (status === undefined) return new SearchNetworkError('google', typeof e.code === 'string' ? e.code : 'request failed');
  return new SearchHttpError('google', status, parseRetryAfter(headerValue(e.response?.headers, 'retry-after')));
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  // Gaxios may hand back a Headers from another fetch implementation: duck-type it.
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
