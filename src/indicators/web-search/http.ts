import { parseRetryAfter, SearchHttpError, SearchNetworkError, SearchResponseError } from './errors.ts';
import type { FetchLike } from './types.ts';

/** Node's global fetch, typed as the narrow FetchLike the backends accept. */
export const globalFetch: FetchLike = (url, init) => fetch(url, init);

/**
 * GET a JSON document. HTTP errors become SearchHttpError (with Retry-After) and connection
 * failures SearchNetworkError, so the retry layer can tell transient failures from bad requests.
 * The URL is never put in a message: it carries the query (personal data) and sometimes a key.
 */
export async function getJson(backend: string, fetchImpl: FetchLike, url: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new SearchNetworkError(backend, cause);
  }
  if (!response.ok) {
    // Drain the body so the connection is released; its text may echo the query, so keep it out of the message.
    await response.text().catch(() => '');
    throw new SearchHttpError(backend, response.status, parseRetryAfter(response.headers.get('retry-after')));
  }
  const body = await response.text();
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new SearchResponseError(backend, `body is not JSON (${body.length} characters)`);
  }
}

/** True for hosts on this machine: queries sent there do not leave it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
