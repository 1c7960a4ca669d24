/**
 * The search-engine side of the web-search risk indicator (paper §5.5): one small interface that
 * Google Programmable Search, SearXNG, Brave, a local BM25 index and recorded responses all meet.
 */

/** One result of a search: where it points and what the engine said about it. */
export interface SearchResult {
  url: string;
  title: string;
  snippet: string;
}

export interface SearchResponse {
  /**
   * The engine's estimate of the total number of matching pages (Google `totalResults`, SearXNG
   * `number_of_results`); undefined when the engine reports none (Brave reports no total).
   */
  totalHits?: number;
  /** At most `count` results, best first. */
  results: SearchResult[];
}

export interface SearchRequestOptions {
  /** How many results to return at most (the paper used the top 20: two Google pages). */
  count: number;
}

export interface SearchBackend {
  /**
   * Identifies the engine and its configuration (e.g. which SearXNG instance, which BM25
   * collection) so that cached or recorded responses are never served for another engine.
   * Never contains an API key.
   */
  readonly id: string;
  /** True when queries leave this machine (and thus carry personal data to someone else). */
  readonly external: boolean;
  search(query: string, options: SearchRequestOptions): Promise<SearchResponse>;
}

/** The part of `fetch` the HTTP backends use; injectable so tests never touch the network. */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;
