import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CandidateSpan, Document } from '../../src/corpus/index.ts';
import {
  Bm25SearchBackend,
  BraveSearchBackend,
  CachedBackend,
  createSearchBackend,
  createWebSearchIndicator,
  emptyRecording,
  ExternalSearchNotAllowedError,
  GoogleSearchBackend,
  indicatorFactory,
  normalizeUrl,
  RateLimitedBackend,
  RecordedSearchBackend,
  RecordingMissError,
  RetryingBackend,
  SearchHttpError,
  SearxngSearchBackend,
  targetNameOf,
  TokenBucket,
  WebSearchIndicator,
  type Clock,
  type FetchLike,
  type Recording,
  type SearchBackend,
  type SearchResponse,
} from '../../src/indicators/index.ts';

// ---------------------------------------------------------------- helpers

interface Seen {
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
}

/** A bounded local HTTP server: 127.0.0.1 only, closed after each test, unref'd so it never holds the process. */
const servers: Server[] = [];
async function localServer(handler: (seen: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry = { path: url.pathname, params: url.searchParams, headers: req.headers };
    seen.push(entry);
    handler(entry, res);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sanitext-web-search-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A clock that only moves when someone sleeps: spacing and backoff become exact numbers. */
function fakeClock(): Clock & { sleeps: number[]; t: number } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** Answers from a table and counts calls. */
class TableBackend implements SearchBackend {
  readonly id = 'table';
  readonly external = false;
  readonly queries: string[] = [];
  constructor(private readonly table: Record<string, SearchResponse>) {}
  async search(query: string, { count }: { count: number }): Promise<SearchResponse> {
    this.queries.push(query);
    const response = this.table[query] ?? { totalHits: 0, results: [] };
    return { ...response, results: response.results.slice(0, count) };
  }
}

const result = (url: string) => ({ url, title: url, snippet: '' });

// ---------------------------------------------------------------- backends

describe('Google Programmable Search backend', () => {
  it('fetches the top 20 as two pages of 10 and reads totalResults', async () => {
    const server = await localServer((seen, res) => {
      const start = Number(seen.params.get('start'));
      const items = Array.from({ length: 10 }, (_, i) => ({ link: `https://example.org/${start + i}`, title: `t${start + i}`, snippet: 's' }));
      json(res, 200, { searchInformation: { totalResults: '4310' }, items });
    });
    const google = new GoogleSearchBackend({ allowExternalSearch: true, apiKey: 'KEY-123', engineId: 'cx-1', rootUrl: server.url });
    const response = await google.search('"Jane Doe"', { count: 20 });
    expect(response.totalHits).toBe(4310);
    expect(response.results.map((r) => r.url)).toEqual(Array.from({ length: 20 }, (_, i) => `https://example.org/${i + 1}`));
    expect(server.seen.map((s) => [s.path, s.params.get('start'), s.params.get('num'), s.params.get('cx'), s.params.get('q')])).toEqual([
      ['/customsearch/v1', '1', '10', 'cx-1', '"Jane Doe"'],
      ['/customsearch/v1', '11', '10', 'cx-1', '"Jane Doe"'],
    ]);
    expect(server.seen[0].params.get('key')).toBe('KEY-123');
    expect(google.id).not.toContain('KEY-123');
  });

  it('stops after a short page and reports HTTP errors without the key or query', async () => {
    const short = await localServer((_, res) => json(res, 200, { searchInformation: { totalResults: '3' }, items: [{ link: 'https://a.example/' }, { link: 'https://b.example/' }, { link: 'https://c.example/' }] }));
    const google = new GoogleSearchBackend({ allowExternalSearch: true, env: { GOOGLE_CSE_KEY: 'ENVKEY', GOOGLE_CSE_ID: 'cx' }, rootUrl: short.url });
    expect((await google.search('q', { count: 20 })).results).toHaveLength(3);
    expect(short.seen).toHaveLength(1);
    expect(short.seen[0].params.get('key')).toBe('ENVKEY');

    const limited = await localServer((_, res) => json(res, 429, { error: { code: 429, message: 'Quota exceeded' } }, { 'retry-after': '2' }));
    const google429 = new GoogleSearchBackend({ allowExternalSearch: true, apiKey: 'SECRET-KEY', engineId: 'cx', rootUrl: limited.url });
    const error = await google429.search('"Jane Doe" "Oslo"', { count: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchHttpError);
    expect((error as SearchHttpError).status).toBe(429);
    expect((error as SearchHttpError).retryAfterMs).toBe(2000);
    expect(String((error as Error).message)).not.toMatch(/SECRET-KEY|Jane|Oslo/);
  });

  it('names the missing environment variables', () => {
    expect(() => new GoogleSearchBackend({ allowExternalSearch: true, env: {} })).toThrow(/GOOGLE_CSE_KEY and GOOGLE_CSE_ID/);
  });
});

describe('SearXNG backend', () => {
  it('asks for format=json page by page, deduplicates, and treats number_of_results 0 as unknown', async () => {
    const server = await localServer((seen, res) => {
      const page = Number(seen.params.get('pageno'));
      const results = page === 1 ? [result('https://a.example/'), result('https://b.example/')] : page === 2 ? [result('https://b.example/'), result('https://c.example/')] : [];
      json(res, 200, { query: seen.params.get('q'), number_of_results: 0, results: results.map((r) => ({ url: r.url, title: r.title, content: 'x' })) });
    });
    const searxng = new SearxngSearchBackend({ baseUrl: server.url });
    expect(searxng.external).toBe(false);
    const response = await searxng.search('"Oslo"', { count: 20 });
    expect(response.results.map((r) => r.url)).toEqual(['https://a.example/', 'https://b.example/', 'https://c.example/']);
    expect(response.totalHits).toBeUndefined();
    expect(server.seen.map((s) => [s.path, s.params.get('format'), s.params.get('pageno')])).toEqual([
      ['/search', 'json', '1'],
      ['/search', 'json', '2'],
      ['/search', 'json', '3'],
    ]);
  });

  it('works through an injected fetch and explains a 403 (JSON format disabled)', async () => {
    const calls: string[] = [];
    const fetch403: FetchLike = async (url) => {
      calls.push(url);
      return new Response('forbidden', { status: 403 });
    };
    const searxng = new SearxngSearchBackend({ baseUrl: 'http://localhost:8888/searx', fetch: fetch403 });
    await expect(searxng.search('q', { count: 5 })).rejects.toThrow(/search\.formats/);
    expect(new URL(calls[0]).pathname).toBe('/searx/search');

    const fetchOk: FetchLike = async () => Response.json({ number_of_results: 12500, results: [{ url: 'https://x.example/', title: 'X', content: 'c' }] });
    const reported = await new SearxngSearchBackend({ baseUrl: 'http://127.0.0.1:1', fetch: fetchOk, maxPages: 1 }).search('q', { count: 5 });
    expect(reported).toEqual({ totalHits: 12500, results: [{ url: 'https://x.example/', title: 'X', snippet: 'c' }] });
  });
});

describe('Brave Search backend', () => {
  it('sends X-Subscription-Token, asks for count 20 in one page, and reports no hit count', async () => {
    const server = await localServer((seen, res) => {
      const results = Array.from({ length: Number(seen.params.get('count')) }, (_, i) => ({ url: `https://brave.example/${i}`, title: `t${i}`, description: 'd' }));
      json(res, 200, { type: 'search', web: { type: 'search', results } });
    });
    const brave = new BraveSearchBackend({ allowExternalSearch: true, env: { BRAVE_SEARCH_KEY: 'BRAVE-KEY' }, endpoint: `${server.url}/res/v1/web/search` });
    const response = await brave.search('"Oslo"', { count: 20 });
    expect(response.results).toHaveLength(20);
    expect(response.totalHits).toBeUndefined();
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].headers['x-subscription-token']).toBe('BRAVE-KEY');
    expect([server.seen[0].params.get('count'), server.seen[0].params.get('offset')]).toEqual(['20', '0']);
  });
});

describe('local BM25 backend', () => {
  const collection = [
    { id: 'oslo-1', text: 'Jane Doe was born in Oslo. Oslo is where Jane Doe studied law.' },
    { id: 'oslo-2', text: 'The city of Oslo hosts a court. A long text about many other things, courts, judges, appeals and hearings.' },
    { id: 'bergen', text: 'Jane Doe moved to Bergen in 1999.' },
    { id: 'none', text: 'Nothing relevant here at all.' },
  ];

  it('ranks by BM25, counts AND-matching documents as hits, and gives local:// urls', async () => {
    const bm25 = new Bm25SearchBackend(collection);
    expect(bm25.external).toBe(false);
    const oslo = await bm25.search('"Oslo"', { count: 20 });
    expect(oslo.totalHits).toBe(2);
    // oslo-1 says "Oslo" twice in a short text: it must outrank the longer oslo-2.
    expect(oslo.results.map((r) => r.url)).toEqual(['local://oslo-1', 'local://oslo-2']);

    const both = await bm25.search('"Jane Doe" "Oslo"', { count: 20 });
    expect(both.totalHits).toBe(1);
    // OR ranking: documents with only some of the terms still come back, after the full match.
    expect(both.results.map((r) => r.url)).toEqual(['local://oslo-1', 'local://bergen', 'local://oslo-2']);
    expect((await bm25.search('"Jane Doe"', { count: 1 })).results).toHaveLength(1);
    expect(await bm25.search('Trondheim', { count: 5 })).toEqual({ totalHits: 0, results: [] });
  });

  it('reads a folder of .txt files through the config factory', async () => {
    const dir = await tempDir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'a.txt'), 'Ankara court hearing');
    await writeFile(join(dir, 'b.txt'), 'Ankara');
    await writeFile(join(dir, 'ignored.md'), 'Ankara Ankara');
    const backend = await createSearchBackend({ kind: 'bm25', folder: dir });
    expect(backend.external).toBe(false);
    const response = await backend.search('ankara', { count: 10 });
    expect(response.totalHits).toBe(2);
    expect(response.results.map((r) => r.url).sort()).toEqual(['local://a', 'local://b']);
  });
});

describe('recorded responses', () => {
  it('replays a recording, refuses unknown queries without naming them, and records through a live backend', async () => {
    const dir = await tempDir();
    const file = join(dir, 'rec.json');
    const live = new TableBackend({ '"Oslo"': { totalHits: 250, results: [result('https://a.example/'), result('https://b.example/')] } });
    const recorder = await RecordedSearchBackend.open(file, { mode: 'record', inner: live });
    expect(await recorder.search('"Oslo"', { count: 20 })).toEqual({ totalHits: 250, results: [result('https://a.example/'), result('https://b.example/')] });
    await recorder.search('"Oslo"', { count: 20 });
    expect(live.queries).toEqual(['"Oslo"']);
    await recorder.save();

    const replay = await RecordedSearchBackend.open(file);
    expect(replay.id).toBe('recorded:table');
    expect(await replay.search('"Oslo"', { count: 1 })).toEqual({ totalHits: 250, results: [result('https://a.example/')] });
    // Two results for count 20 means the engine ran out: a request for 30 is answered too.
    expect((await replay.search('"Oslo"', { count: 30 })).results).toHaveLength(2);
    const miss = await replay.search('"Jane Doe"', { count: 20 }).catch((e: unknown) => e);
    expect(miss).toBeInstanceOf(RecordingMissError);
    expect((miss as Error).message).toContain(file);
    expect((miss as Error).message).not.toContain('Jane');
  });

  it('rejects a file that is not a recording, naming it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, JSON.stringify({ responses: {} }));
    await expect(RecordedSearchBackend.open(file)).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a web-search recording`));
  });
});

// ---------------------------------------------------------------- cache, rate limit, retry, opt-in

describe('cache, rate limit, retries', () => {
  it('serves a repeated query from the disk cache without a second request', async () => {
    const server = await localServer((_, res) => json(res, 200, { number_of_results: 77, results: [{ url: 'https://a.example/', title: 'A', content: '' }] }));
    const cacheDir = await tempDir();
    const backend = await createSearchBackend({ kind: 'searxng', baseUrl: server.url, cacheDir, qps: 1000, maxPages: 1 });
    const first = await backend.search('"Oslo"', { count: 5 });
    const second = await backend.search('"Oslo"', { count: 5 });
    expect(second).toEqual(first);
    expect(first.totalHits).toBe(77);
    expect(server.seen).toHaveLength(1);

    // A fresh process (new wrapper) reads the same files; another count is another entry.
    const again = new CachedBackend(new SearxngSearchBackend({ baseUrl: server.url, maxPages: 1 }), cacheDir);
    await again.search('"Oslo"', { count: 5 });
    expect(again.stats).toEqual({ hits: 1, misses: 0 });
    await again.search('"Oslo"', { count: 6 });
    expect(server.seen).toHaveLength(2);
    // File names are hashes: the cache does not list the queries.
    const [folder] = await readdir(cacheDir);
    expect((await readdir(join(cacheDir, folder))).every((n) => /^[0-9a-f]{64}\.json$/.test(n))).toBe(true);
  });

  it('spaces requests by the token bucket', async () => {
    const clock = fakeClock();
    const inner = new TableBackend({});
    const limited = new RateLimitedBackend(inner, new TokenBucket(4, 1, clock));
    await Promise.all([limited.search('a', { count: 1 }), limited.search('b', { count: 1 }), limited.search('c', { count: 1 })]);
    // 4 per second with no burst: the first goes at once, then one every 250 ms.
    expect(clock.sleeps).toEqual([250, 250]);
    expect(inner.queries).toEqual(['a', 'b', 'c']);

    const burstClock = fakeClock();
    const bucket = new TokenBucket(2, 3, burstClock);
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(burstClock.sleeps).toEqual([500]);

    // And in real time: 3 requests at 20 qps take at least 2 × 50 ms.
    const realStart = performance.now();
    const real = new RateLimitedBackend(new TableBackend({}), new TokenBucket(20));
    for (const q of ['a', 'b', 'c']) await real.search(q, { count: 1 });
    expect(performance.now() - realStart).toBeGreaterThanOrEqual(95);
  });

  it('retries 429 with exponential backoff, then succeeds; does not retry a 400', async () => {
    let calls = 0;
    const server = await localServer((_, res) => {
      calls++;
      if (calls <= 2) json(res, 429, { error: 'slow down' });
      else json(res, 200, { number_of_results: 5, results: [{ url: 'https://ok.example/', title: 'ok', content: '' }] });
    });
    const clock = fakeClock();
    const retrying = new RetryingBackend(new SearxngSearchBackend({ baseUrl: server.url, maxPages: 1 }), { baseDelayMs: 100, clock, random: () => 1 });
    const response = await retrying.search('q', { count: 1 });
    expect(response.results[0].url).toBe('https://ok.example/');
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);

    const bad = await localServer((_, res) => json(res, 400, { error: 'bad' }));
    const noRetryClock = fakeClock();
    const failing = new RetryingBackend(new SearxngSearchBackend({ baseUrl: bad.url, maxPages: 1 }), { clock: noRetryClock });
    await expect(failing.search('q', { count: 1 })).rejects.toThrow(/HTTP 400/);
    expect(bad.seen).toHaveLength(1);
    expect(noRetryClock.sleeps).toEqual([]);

    const down = await localServer((_, res) => json(res, 503, {}, { 'retry-after': '3' }));
    const downClock = fakeClock();
    const giveUp = new RetryingBackend(new SearxngSearchBackend({ baseUrl: down.url, maxPages: 1 }), { retries: 2, baseDelayMs: 100, clock: downClock, random: () => 1 });
    await expect(giveUp.search('q', { count: 1 })).rejects.toThrow(/HTTP 503/);
    // Retry-After (3 s) is longer than the backoff, so it wins; 1 try + 2 retries.
    expect(downClock.sleeps).toEqual([3000, 3000]);
    expect(down.seen).toHaveLength(3);
  });

  it('refuses external engines without the explicit opt-in, saying why', async () => {
    const env = { GOOGLE_CSE_KEY: 'k', GOOGLE_CSE_ID: 'cx', BRAVE_SEARCH_KEY: 'b' };
    expect(() => new GoogleSearchBackend({ env })).toThrow(ExternalSearchNotAllowedError);
    expect(() => new BraveSearchBackend({ env })).toThrow(/personal data would leave this machine/);
    expect(() => new SearxngSearchBackend({ baseUrl: 'https://searx.example.org' })).toThrow(/--allow-external-search/);
    await expect(createSearchBackend({ kind: 'google' }, { env })).rejects.toThrow(ExternalSearchNotAllowedError);
    await expect(createWebSearchIndicator({ variant: 'hit-count', backend: { kind: 'brave' } }, { env })).rejects.toThrow(ExternalSearchNotAllowedError);
    // With the opt-in (flag or option) the same engines are built.
    expect((await createSearchBackend({ kind: 'google', cacheDir: false }, { env, allowExternalSearch: true })).external).toBe(true);
    expect((await createSearchBackend({ kind: 'searxng', baseUrl: 'https://searx.example.org', allowExternalSearch: true, cacheDir: false })).external).toBe(true);
    // A SearXNG instance on this machine needs no opt-in.
    expect((await createSearchBackend({ kind: 'searxng', baseUrl: 'http://[::1]:8080', cacheDir: false })).external).toBe(false);
  });
});

// ---------------------------------------------------------------- the indicator

describe('web-search indicator', () => {
  const text = 'The applicant, Jane Doe, lives in Oslo. She works as a teacher in Oslo since 2001.';
  const at = (s: string, occurrence = 0): CandidateSpan => {
    let start = -1;
    for (let i = 0; i <= occurrence; i++) start = text.indexOf(s, start + 1);
    return { start, end: start + s.length, entityId: s, entityType: 'MISC' };
  };
  const doc: Document = {
    id: 'doc-1',
    text,
    goldKind: 'tab',
    annotations: [],
    task: 'Task: Annotate the document to anonymise the following person: Jane Doe',
    meta: { applicant: 'Jane Doe' },
  };
  const spans = [at('Jane Doe'), at('Oslo'), at('teacher'), at('Oslo', 1), at('2001')];

  const recording: Recording = {
    ...emptyRecording('google:recorded'),
    responses: {
      '"Jane Doe"': { count: 20, totalHits: 5000, results: [result('https://news.example/jane'), result('http://www.court.example/case/'), result('https://jane.example/')] },
      '"Oslo"': { count: 20, totalHits: 9_000_000, results: [result('https://oslo.example/'), result('https://court.example/case')] },
      '"teacher"': { count: 20, totalHits: 40, results: [result('https://teach.example/')] },
      '"2001"': { count: 20, totalHits: 100, results: [] },
      '"Jane Doe" "Oslo"': { count: 20, totalHits: 12, results: [] },
      '"Jane Doe" "Jane Doe"': { count: 20, totalHits: 5000, results: [] },
      '"Jane Doe" "teacher"': { count: 20, totalHits: 3, results: [] },
      '"Jane Doe" "2001"': { count: 20, totalHits: 0, results: [] },
    },
  };

  it('URL intersection: counts the span results shared with the target name results', async () => {
    const backend = new RecordedSearchBackend('inline-recording', structuredClone(recording));
    const indicator = new WebSearchIndicator({ backend, variant: 'url-intersection' });
    const scores = await indicator.score(doc, spans);
    // "Jane Doe" shares all 3 of its URLs with itself; "Oslo" shares court.example/case (www./slash/scheme normalised).
    expect(scores).toEqual([3, 1, 0, 1, 0]);
    expect(indicator.decide(scores)).toEqual([true, true, false, true, false]);
    expect(indicator.decide(scores, 2)).toEqual([true, false, false, false, false]);
    expect(normalizeUrl('http://www.Court.example/case/#top')).toBe(normalizeUrl('https://court.example/case'));
  });

  it('hit count with bounds: risky when lower ≤ hits ≤ upper; each unique span is queried once', async () => {
    const table = new TableBackend(Object.fromEntries(Object.entries(recording.responses).map(([q, r]) => [q, { totalHits: r.totalHits, results: r.results }])));
    const indicator = new WebSearchIndicator({ backend: table, variant: 'hit-count' });
    const scores = await indicator.score(doc, spans);
    expect(scores).toEqual([5000, 9_000_000, 40, 9_000_000, 100]);
    expect(indicator.decide(scores)).toEqual([true, true, false, true, true]);
    expect(table.queries).toEqual(['"Jane Doe"', '"Oslo"', '"teacher"', '"2001"']);

    const bounded = new WebSearchIndicator({ backend: table, variant: 'hit-count', lowerBound: 50, upperBound: 1_000_000 });
    expect(bounded.decide(scores)).toEqual([true, false, false, false, true]);
    expect(bounded.toJSON()).toMatchObject({ variant: 'hit-count', threshold: 50, upperBound: 1_000_000, backend: 'table' });
  });

  it('name-and-span queries put the target name into every query', async () => {
    const backend = new RecordedSearchBackend('inline-recording', structuredClone(recording));
    const indicator = new WebSearchIndicator({ backend, variant: 'hit-count', queryMode: 'name-and-span', lowerBound: 10 });
    const scores = await indicator.score(doc, spans);
    expect(scores).toEqual([5000, 12, 3, 12, 0]);
    expect(indicator.decide(scores)).toEqual([true, true, false, true, false]);
  });

  it('tunes the lower bound on labelled train spans when asked', async () => {
    const table = new TableBackend(Object.fromEntries(Object.entries(recording.responses).map(([q, r]) => [q, { totalHits: r.totalHits, results: [] }])));
    const labelled: CandidateSpan[] = [
      { ...spans[0], label: 'MASK' },
      { ...spans[1], label: 'NO_MASK' },
      { ...spans[2], label: 'MASK' },
      { ...spans[4], label: 'MASK' },
    ];
    const indicator = new WebSearchIndicator({ backend: table, variant: 'hit-count', upperBound: 10_000, tuneThreshold: true });
    await indicator.fit([{ doc, spans: labelled }]);
    // Hits 40, 100, 5000 are MASK and 9e6 NO_MASK (above the upper bound anyway): the smallest bound, 40, keeps them all.
    expect(indicator.threshold).toBe(40);
  });

  it('finds the target in meta.applicant or the task line, and errors name the document and span', async () => {
    expect(targetNameOf(doc)).toBe('Jane Doe');
    expect(targetNameOf({ ...doc, meta: undefined, task: 'Task: Annotate this biographical text to conceal the identity of the main person: maya kodnani' })).toBe('maya kodnani');
    const anonymous: Document = { ...doc, id: 'doc-x', meta: undefined, task: undefined };
    const indicator = new WebSearchIndicator({ backend: new TableBackend({}), variant: 'url-intersection' });
    await expect(indicator.score(anonymous, spans)).rejects.toThrow(/document doc-x names no person to protect/);
    const withName = new WebSearchIndicator({ backend: new TableBackend({}), variant: 'url-intersection', targetName: 'Jane Doe' });
    expect(await withName.score(anonymous, spans)).toEqual([0, 0, 0, 0, 0]);

    const brave: SearchBackend = { id: 'brave', external: true, search: async () => ({ results: [] }) };
    const noHits = new WebSearchIndicator({ backend: brave, variant: 'hit-count' });
    await expect(noHits.score(doc, [spans[1]])).rejects.toThrow(/reports no hit count \(document doc-1, span 34-38\)/);
    const missing = new WebSearchIndicator({ backend: new RecordedSearchBackend('rec.json', emptyRecording('x')), variant: 'hit-count' });
    const error = (await missing.score(doc, [spans[2]]).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^web-search: document doc-1, span \d+-\d+: rec\.json: no recorded response/);
    expect(error.message).not.toContain('teacher');
  });

  it('is registered as "web-search" and builds from plain options', async () => {
    const backend = new RecordedSearchBackend('inline-recording', structuredClone(recording));
    const indicator = await indicatorFactory('web-search')({ variant: 'url-intersection', backend });
    expect(indicator.name).toBe('web-search');
    expect(indicator.decide(await indicator.score(doc, spans))).toEqual([true, true, false, true, false]);
    await expect(createWebSearchIndicator({ variant: 'hits', backend })).rejects.toThrow(/web-search options: variant/);
  });
});

describe('BM25 collections from datasets', () => {
  it('indexes the texts of the bundled sample and finds a document by its own words', async () => {
    const { loadDataset } = await import('../../src/corpus/index.ts');
    const sample = await loadDataset('sample');
    const backend = await createSearchBackend({ kind: 'bm25', datasets: ['sample'] });
    const first = sample.documents[0];
    // The five rarest-looking (longest) words of the first document pick it out of the sample.
    const words = [...new Set(first.text.match(/\p{L}{6,}/gu) ?? [])].sort((a, b) => b.length - a.length).slice(0, 5);
    const response = await backend.search(words.join(' '), { count: 3 });
    expect(response.totalHits).toBeGreaterThanOrEqual(1);
    expect(response.results[0].url).toBe(`local://sample/${first.id}`);
  });

  describe.skipIf(!process.env.SANITEXT_DATA_DIR)('on the full data', () => {
    it('builds the offline "web" of the benchmark (wiki-train-masked + tab144 train)', async () => {
      const { loadDataset } = await import('../../src/corpus/index.ts');
      const texts = (await Promise.all(['wiki-train-masked', 'tab144:train'].map((s) => loadDataset(s)))).flatMap((c) => c.documents.map((d) => d.text));
      expect(texts).toHaveLength(545);
      // Hits checked against a naive scan: documents holding every query term.
      const terms = ['european', 'court', 'of', 'human', 'rights'];
      const expected = texts.filter((t) => {
        const words = new Set(t.toLowerCase().match(/[\p{L}\p{N}]+/gu));
        return terms.every((w) => words.has(w));
      }).length;
      const backend = await createSearchBackend({ kind: 'bm25', datasets: ['wiki-train-masked', 'tab144:train'] });
      const response = await backend.search('"European Court of Human Rights"', { count: 20 });
      expect(response.totalHits).toBe(expected);
      expect(expected).toBeGreaterThan(0);
      expect(response.results).toHaveLength(20);
      expect(response.results.every((r) => r.url.startsWith('local://tab144:train/') || r.url.startsWith('local://wiki-train-masked/'))).toBe(true);
    });
  });
});
