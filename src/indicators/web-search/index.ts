import { z } from 'zod';
import { registerIndicator } from '../registry.ts';
import { backendConfigSchema, createSearchBackend, type BackendEnvironment } from './factory.ts';
import { WebSearchIndicator } from './indicator.ts';
import type { SearchBackend } from './types.ts';

export type { FetchLike, SearchBackend, SearchRequestOptions, SearchResponse, SearchResult } from './types.ts';
export { ExternalSearchNotAllowedError, SearchHttpError, SearchNetworkError, SearchResponseError } from './errors.ts';
export { GoogleSearchBackend } from './google.ts';
export type { GoogleBackendOptions } from './google.ts';
export { SearxngSearchBackend } from './searxng.ts';
export type { SearxngBackendOptions } from './searxng.ts';
export { BraveSearchBackend } from './brave.ts';
export type { BraveBackendOptions } from './brave.ts';
export { Bm25SearchBackend, bm25Terms } from './bm25.ts';
export type { Bm25Options, CollectionDocument } from './bm25.ts';
export { RecordedSearchBackend, RecordingMissError, RECORDING_FORMAT, emptyRecording } from './recorded.ts';
export type { Recording, RecordedResponse, RecordedBackendOptions } from './recorded.ts';
export { CachedBackend, RateLimitedBackend, RetryingBackend, TokenBucket, systemClock, DEFAULT_CACHE_DIR } from './resilience.ts';
export type { Clock, RetryOptions } from './resilience.ts';
export { createSearchBackend, backendConfigSchema } from './factory.ts';
export type { SearchBackendConfig, BackendEnvironment, Bm25BackendConfig, RecordedBackendConfig } from './factory.ts';
export { WebSearchIndicator, targetNameOf, normalizeUrl, phrase, bestLowerBound } from './indicator.ts';
export type { WebSearchIndicatorOptions, WebSearchVariant, WebSearchQueryMode } from './indicator.ts';

const indicatorOptionsSchema = z
  .object({
    variant: z.enum(['url-intersection', 'hit-count']).default('hit-count'),
    /** A backend config (see factory.ts) or, programmatically, a SearchBackend instance. */
    backend: z.unknown(),
    queryMode: z.enum(['span', 'name-and-span']).optional(),
    resultCount: z.number().int().positive().optional(),
    lowerBound: z.number().nonnegative().optional(),
    /** null = no upper bound (the paper's setting). */
    upperBound: z.number().nonnegative().nullable().optional(),
    targetName: z.string().optional(),
    tuneThreshold: z.boolean().optional(),
    allowExternalSearch: z.boolean().optional(),
  })
  .strict();

function isSearchBackend(value: unknown): value is SearchBackend {
  return typeof value === 'object' && value !== null && typeof (value as SearchBackend).search === 'function' && typeof (value as SearchBackend).id === 'string';
}

/** Builds the indicator from registry/config options (`backend` is a config or a SearchBackend). */
export async function createWebSearchIndicator(options: Record<string, unknown>, environment: BackendEnvironment = {}): Promise<WebSearchIndicator> {
  const parsed = indicatorOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`web-search options: ${issue?.path.join('.') || 'root'}: ${issue?.message}`);
  }
  const o = parsed.data;
  if (o.backend === undefined) throw new Error('web-search options: backend is required (e.g. { kind: "bm25", datasets: ["wiki-train-masked"] })');
  const backend = isSearchBackend(o.backend)
    ? o.backend
    : await createSearchBackend(o.backend, { ...environment, allowExternalSearch: environment.allowExternalSearch ?? o.allowExternalSearch });
  return new WebSearchIndicator({
    backend,
    variant: o.variant,
    queryMode: o.queryMode,
    resultCount: o.resultCount,
    lowerBound: o.lowerBound,
    upperBound: o.upperBound ?? undefined,
    targetName: o.targetName,
    tuneThreshold: o.tuneThreshold,
  });
}

/** What a config may give: the backend as a config object (an instance is for code only), required. */
const configOptionsSchema = indicatorOptionsSchema.extend({ backend: backendConfigSchema });

registerIndicator('web-search', (options, context) => createWebSearchIndicator(options, { allowExternalSearch: context?.allowExternalSearch }), configOptionsSchema);
