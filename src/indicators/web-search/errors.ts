/** Errors of the web-search layer. Messages never contain API keys or query text (which holds personal data). */

/**
 * Thrown when a backend that sends queries off this machine is created without the explicit
 * opt-in. Queries are built from the document's PII spans and the protected person's name, so
 * sending them to a search engine hands personal data to a third party.
 */
export class ExternalSearchNotAllowedError extends Error {
  constructor(readonly backend: string, where: string) {
    super(
      `web-search backend "${backend}" would send queries to ${where}. The queries contain the protected person's name ` +
        'and the PII spans of the documents, i.e. personal data would leave this machine. Pass allowExternalSearch: true ' +
        '(CLI: --allow-external-search) only if you are allowed to share that data with the search provider; otherwise use ' +
        'the local "bm25" backend, a "recorded" file, or a SearXNG instance on localhost.',
    );
    this.name = 'ExternalSearchNotAllowedError';
  }
}

/** A search request failed with an HTTP status (retryable for 429 and 5xx). */
export class SearchHttpError extends Error {
  constructor(
    readonly backend: string,
    readonly status: number,
    /** From a Retry-After header, when the engine sent one. */
    readonly retryAfterMs?: number,
    detail?: string,
  ) {
    super(`web-search backend "${backend}" answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'SearchHttpError';
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** The request never got an HTTP answer (connection refused, reset, DNS): retried like a 5xx. */
export class SearchNetworkError extends Error {
  constructor(readonly backend: string, reason: string) {
    super(`web-search backend "${backend}" could not be reached: ${reason}`);
    this.name = 'SearchNetworkError';
  }
}

/** The engine answered, but not with the JSON shape its API documents. */
export class SearchResponseError extends Error {
  constructor(readonly backend: string, reason: string) {
    super(`web-search backend "${backend}" sent an unexpected response: ${reason}`);
    this.name = 'SearchResponseError';
  }
}

export function isRetryable(error: unknown): boolean {
  return (error instanceof SearchHttpError && error.retryable) || error instanceof SearchNetworkError;
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
