/**
 * SearXNG (https://docs.searxng.org), a self-hostable metasearch engine with a JSON API
 * (`/search?q=…&format=json&pageno=N`; the instance must list `json` under `search.formats`).
 *
 * Why it is here: an organisation can run it itself, so no search-engine account or API key ties
 * the queries to it, and the queries can be restricted to engines it controls. Caveat: a default
 * SearXNG instance forwards each query to the public engines it is configured with (Google, Bing,
 * …), so the query text still reaches them, only without the requester's identity. Queries to an
 * instance on another host need the allowExternalSearch opt-in; an instance on localhost does not,
 * and its operator is responsible for which upstream engines it uses.
 */
import { z } from 'zod';
import { ExternalSearchNotAllowedError, SearchHttpError, SearchResponseError } from './errors.ts';
import { getJson, globalFetch, isLoopbackHost } from './http.ts';
import type { FetchLike, SearchBackend, SearchRequestOptions, SearchResponse, SearchResult } from './types.ts';

export interface SearxngBackendOptions {
  /** Instance URL, e.g. http://localhost:8888. Default: env SEARXNG_URL. */
  baseUrl?: string;
  /** Required unless the instance runs on this machine. */
  allowExternalSearch?: boolean;
  env?: NodeJS.ProcessEnv;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Extra query parameters (e.g. engines, language), passed through unchanged. */
  params?: Record<string, string>;
  /** Pages fetched at most per query; SearXNG pages hold a varying number of results. */
  maxPages?: number;
}

const responseSchema = z.object({
  number_of_results: z.number().optional(),
  results: z.array(z.object({ url: z.string(), title: z.string().nullish(), content: z.string().nullish() })),
});

export class SearxngSearchBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  private readonly base: URL;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly params: Record<string, string>;
  private readonly maxPages: number;

  constructor(options: SearxngBackendOptions = {}) {
    const env = options.env ?? process.env;
    const baseUrl = options.baseUrl ?? env.SEARXNG_URL;
    if (!baseUrl) throw new Error('web-search backend "searxng" needs a base URL (option baseUrl or env SEARXNG_URL)');
    let base: URL;
    try {
      base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    } catch {
      throw new Error(`web-search backend "searxng": base URL is not a URL (${JSON.stringify(baseUrl)})`);
    }
    this.external = !isLoopbackHost(base.hostname);
    if (this.external && !options.allowExternalSearch) throw new ExternalSearchNotAllowedError('searxng', `the SearXNG instance at ${base.host}`);
    this.base = base;
    this.id = `searxng:${base.host}${base.pathname}`;
    this.fetchImpl = options.fetch ?? globalFetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.params = options.params ?? {};
    this.maxPages = options.maxPages ?? 5;
  }

  async search(query: string, { count }: SearchRequestOptions): Promise<SearchResponse> {
    const results: SearchResult[] = [];
    const seen = new Set<string>();
    let totalHits: number | undefined;
    for (let pageno = 1; results.length < count && pageno <= this.maxPages; pageno++) {
      const url = new URL('search', this.base);
      for (const [key, value] of Object.entries({ ...this.params, q: query, format: 'json', pageno: String(pageno) })) url.searchParams.set(key, value);
      let data: unknown;
      try {
        data = await getJson('searxng', this.fetchImpl, url.href, { Accept: 'application/json' }, this.timeoutMs);
      } catch (error) {
        if (error instanceof SearchHttpError && error.status === 403) {
          throw new SearchHttpError('searxng', 403, undefined, 'the instance refuses JSON; add "json" to search.formats in its settings.yml');
        }
        throw error;
      }
      const parsed = responseSchema.safeParse(data);
      if (!parsed.success) throw new SearchResponseError('searxng', parsed.error.issues[0]?.message ?? 'schema mismatch');
      // SearXNG reports 0 when none of its engines gave an estimate, which is not "no hits".
      const reported = parsed.data.number_of_results;
      if (totalHits === undefined && reported !== undefined && (reported > 0 || (pageno === 1 && parsed.data.results.length === 0))) totalHits = reported;
      let fresh = 0;
      for (const r of parsed.data.results) {
        if (seen.has(r.url)) continue;
        seen.add(r.url);
        fresh++;
        results.push({ url: r.url, title: r.title ?? '', snippet: r.content ?? '' });
      }
      if (fresh === 0) break;
    }
    return { totalHits, results: results.slice(0, count) };
  }
}
