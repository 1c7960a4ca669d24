/**
 * Builds a search backend from plain (config / CLI) options, with cache, rate limit and retries
 * around the remote ones. Remote engines refuse to start without allowExternalSearch.
 */
import { z } from 'zod';
import { loadDataset, resolveDataRoot } from '../../corpus/index.ts';
import { Bm25SearchBackend, type CollectionDocument } from './bm25.ts';
import { BraveSearchBackend } from './brave.ts';
import { GoogleSearchBackend } from './google.ts';
import { RecordedSearchBackend } from './recorded.ts';
import { CachedBackend, DEFAULT_CACHE_DIR, RateLimitedBackend, RetryingBackend, TokenBucket, type Clock } from './resilience.ts';
import { SearxngSearchBackend } from './searxng.ts';
import type { FetchLike, SearchBackend } from './types.ts';

const remoteCommon = {
  /** Explicit consent to send queries (personal data) off this machine. */
  allowExternalSearch: z.boolean().optional(),
  /** Folder of the response cache; false turns caching off. */
  cacheDir: z.union([z.string(), z.literal(false)]).optional(),
  /** Requests per second (token bucket); default 1. */
  qps: z.number().positive().optional(),
  burst: z.number().min(1).optional(),
  /** Retries on 429/5xx/connection errors; default 4. */
  retries: z.number().int().min(0).optional(),
  baseDelayMs: z.number().nonnegative().optional(),
  timeoutMs: z.number().positive().optional(),
};

const googleSchema = z.object({ kind: z.literal('google'), rootUrl: z.string().optional(), ...remoteCommon }).strict();
const searxngSchema = z.object({ kind: z.literal('searxng'), baseUrl: z.string().optional(), params: z.record(z.string(), z.string()).optional(), maxPages: z.number().int().positive().optional(), ...remoteCommon }).strict();
const braveSchema = z.object({ kind: z.literal('brave'), endpoint: z.string().optional(), ...remoteCommon }).strict();
const bm25Schema = z
  .object({
    kind: z.literal('bm25'),
    /** A folder of .txt files … */
    folder: z.string().optional(),
    /** … and/or dataset selectors whose texts form the collection (e.g. "wiki-train-masked", "tab144:train"). */
    datasets: z.array(z.string()).optional(),
    dataDir: z.string().optional(),
    k1: z.number().positive().optional(),
    b: z.number().min(0).max(1).optional(),
  })
  .strict();

type RemoteConfig = z.infer<typeof googleSchema> | z.infer<typeof searxngSchema> | z.infer<typeof braveSchema>;
export type Bm25BackendConfig = z.infer<typeof bm25Schema>;
export interface RecordedBackendConfig {
  kind: 'recorded';
  file: string;
  mode?: 'replay' | 'record';
  /** The backend to record from (mode "record"). */
  record?: SearchBackendConfig;
}
export type SearchBackendConfig = RemoteConfig | Bm25BackendConfig | RecordedBackendConfig;

const recordedSchema: z.ZodType<RecordedBackendConfig> = z.lazy(() =>
  z.object({ kind: z.literal('recorded'), file: z.string(), mode: z.enum(['replay', 'record']).optional(), record: backendConfigSchema.optional() }).strict(),
);
export const backendConfigSchema: z.ZodType<SearchBackendConfig> = z.lazy(() => z.union([googleSchema, searxngSchema, braveSchema, bm25Schema, recordedSchema]));

/** Things a config file cannot hold: injected for tests and programmatic use. */
export interface BackendEnvironment {
  env?: NodeJS.ProcessEnv;
  fetch?: FetchLike;
  clock?: Clock;
  /** Overrides the config's allowExternalSearch (e.g. from the --allow-external-search flag). */
  allowExternalSearch?: boolean;
}

export async function createSearchBackend(config: unknown, environment: BackendEnvironment = {}): Promise<SearchBackend> {
  const parsed = backendConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`web-search backend config: ${issue?.path.join('.') || 'root'}: ${issue?.message}`);
  }
  return build(parsed.data, environment);
}

async function build(config: SearchBackendConfig, environment: BackendEnvironment): Promise<SearchBackend> {
  switch (config.kind) {
    case 'bm25':
      return buildBm25(config);
    case 'recorded': {
      const inner = config.record ? await build(config.record, environment) : undefined;
      return RecordedSearchBackend.open(config.file, { mode: config.mode, inner });
    }
    default:
      return wrapRemote(buildRemote(config, environment), config, environment);
  }
}

function buildRemote(config: RemoteConfig, environment: BackendEnvironment): SearchBackend {
  const allowExternalSearch = environment.allowExternalSearch ?? config.allowExternalSearch ?? false;
  const common = { allowExternalSearch, env: environment.env, timeoutMs: config.timeoutMs };
  switch (config.kind) {
    case 'google':
      return new GoogleSearchBackend({ ...common, rootUrl: config.rootUrl });
    case 'searxng':
      return new SearxngSearchBackend({ ...common, baseUrl: config.baseUrl, params: config.params, maxPages: config.maxPages, fetch: environment.fetch });
    case 'brave':
      return new BraveSearchBackend({ ...common, endpoint: config.endpoint, fetch: environment.fetch });
  }
}

/** Cache outermost (a hit costs no token and no request), then retries, each attempt rate-limited. */
function wrapRemote(backend: SearchBackend, config: RemoteConfig, environment: BackendEnvironment): SearchBackend {
  const limited = new RateLimitedBackend(backend, new TokenBucket(config.qps ?? 1, config.burst ?? 1, environment.clock));
  const retrying = new RetryingBackend(limited, { retries: config.retries, baseDelayMs: config.baseDelayMs, clock: environment.clock });
  return config.cacheDir === false ? retrying : new CachedBackend(retrying, config.cacheDir ?? DEFAULT_CACHE_DIR);
}

async function buildBm25(config: Bm25BackendConfig): Promise<Bm25SearchBackend> {
  if (!config.folder && !config.datasets?.length) throw new Error('web-search backend "bm25" needs a collection: option folder and/or datasets');
  const documents: CollectionDocument[] = [];
  if (config.folder) {
    const fromFolder = await Bm25SearchBackend.fromFolder(config.folder);
    documents.push(...fromFolder.documents());
  }
  const dataRoot = resolveDataRoot(config.dataDir);
  for (const selector of config.datasets ?? []) {
    const corpus = await loadDataset(selector, dataRoot);
    documents.push(...corpus.documents.map((d) => ({ id: `${corpus.name}/${d.id}`, text: d.text })));
  }
  return new Bm25SearchBackend(documents, { k1: config.k1, b: config.b });
}
