/**
 * Brave Search API (https://api.search.brave.com), web search endpoint. Key: env BRAVE_SEARCH_KEY,
 * sent as the X-Subscription-Token header. At most 20 results per request (`count`), `offset`
 * counts pages. Brave reports no total hit count, so only the URL-intersection variant of the
 * indicator can use it.
 */
import { z } from 'zod';
import { ExternalSearchNotAllowedError, SearchResponseError } from './errors.ts';
import { getJson, globalFetch } from './http.ts';
import type { FetchLike, SearchBackend, SearchRequestOptions, SearchResponse, SearchResult } from './types.ts';

export interface BraveBackendOptions {
  /** Required: queries carry personal data to Brave. */
  allowExternalSearch?: boolean;
  /** Default: env BRAVE_SEARCH_KEY. */
  apiKey?: string;
  env?: NodeJS.ProcessEnv;
  /** Default https://api.search.brave.com/res/v1/web/search; tests point it at a local server. */
  endpoint?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

const PAGE_SIZE = 20;
/** Brave accepts offsets 0..9. */
const MAX_PAGES = 10;

const responseSchema = z.object({
  web: z.object({ results: z.array(z.object({ url: z.string(), title: z.string().nullish(), description: z.string().nullish() })) }).optional(),
});

export class BraveSearchBackend implements SearchBackend {
  readonly id = 'brave';
  readonly external = true;
  private readonly apiKey: string;
  private readonly endpoint: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(options: BraveBackendOptions = {}) {
    if (!options.allowExternalSearch) throw new ExternalSearchNotAllowedError('brave', 'Brave (api.search.brave.com)');
    const apiKey = options.apiKey ?? (options.env ?? process.env).BRAVE_SEARCH_KEY;
    if (!apiKey) throw new Error('web-search backend "brave" needs an API key in the environment variable BRAVE_SEARCH_KEY');
    this.apiKey = apiKey;
    this.endpoint = options.endpoint ?? 'https://api.search.brave.com/res/v1/web/search';
    this.fetchImpl = options.fetch ?? globalFetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async search(query: string, { count }: SearchRequestOptions): Promise<SearchResponse> {
    const results: SearchResult[] = [];
    // Brave's offset counts pages of `count` results, so the page size must stay the same across pages.
    const size = Math.min(PAGE_SIZE, count);
    for (let offset = 0; results.length < count && offset < MAX_PAGES; offset++) {
      const url = new URL(this.endpoint);
      url.searchParams.set('q', query);
      url.searchParams.set('count', String(size));
      url.searchParams.set('offset', String(offset));
      const data = await getJson('brave', this.fetchImpl, url.href, { Accept: 'application/json', 'X-Subscription-Token': this.apiKey }, this.timeoutMs);
      const parsed = responseSchema.safeParse(data);
      if (!parsed.success) throw new SearchResponseError('brave', parsed.error.issues[0]?.message ?? 'schema mismatch');
      const page = parsed.data.web?.results ?? [];
      results.push(...page.map((r) => ({ url: r.url, title: r.title ?? '', snippet: r.description ?? '' })));
      if (page.length < size) break;
    }
    return { results: results.slice(0, count) };
  }
}
