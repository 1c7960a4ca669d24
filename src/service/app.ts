/**
 * The sanitization service: an HTTP API (Fastify) over one pipeline, created once and shared by every
 * request. Privacy rules: mappings leave the server only when a request asks (`returnMapping`), logs
 * carry route, status, duration and sizes only (never a text, a span or a query string), and error
 * messages name fields, never their values.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod/v4';
import { InputError, describeJsonSyntaxError, offsetConverter, parseCorpus, parseSystemSpans } from '../corpus/index.ts';
import { evaluate, roundMetrics } from '../eval/index.ts';
import { MAPPING_FORMAT, MAPPING_FORMAT_VERSION, MaskKey, decryptMapping, encryptMapping, restore, type Mapping } from '../mask/index.ts';
import { pipelineStrategies, type Pipeline, type PipelineDocument, type PipelineResult, type RunOverrides } from '../pipeline/index.ts';
import { MappingStore } from './mapping-store.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import {
  AnonymizeQuerySchema,
  DeanonymizeRequestSchema,
  DetectRequestSchema,
  EvaluateRequestSchema,
  MappingIdParamsSchema,
  RestoreRequestSchema,
  SanitizeRequestSchema,
  parseServiceLimits,
  type ServiceLimits,
  type ServiceLimitsInput,
} from './schemas.ts';

/** One log line per request: what a log may hold (no text, no span, no URL query). */
export interface ServiceLogEntry {
  method: string;
  /** The route pattern (`/api/sanitize`), never the URL as sent. */
  route: string;
  status: number;
  ms: number;
  requestBytes: number;
  responseBytes: number;
  documents: number;
  /** The error code of a 4xx/5xx answer. */
  error?: string;
}

export interface ServiceOptions {
  pipeline: Pipeline;
  limits?: ServiceLimitsInput;
  /** Bearer token every API request must carry (required by `listenService` off loopback). */
  token?: string;
  /** Encrypts mappings sent back with `returnMapping: "encrypted"`; default: a random key of this process. */
  key?: MaskKey;
  log?: (entry: ServiceLogEntry) => void;
}

export interface Service {
  app: FastifyInstance;
  limits: ServiceLimits;
  mappings: MappingStore;
  metrics: ServiceMetrics;
}

/** An answer with a status and a JSON error `{error: {code, message}}`. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Routes answered without a token. */
const PUBLIC_ROUTES = new Set(['/', '/app.js', '/healthz', '/openapi.json']);

const WEB_PAGE = new URL('./web/index.html', import.meta.url);
const WEB_SCRIPT = new URL('./web/app.js', import.meta.url);
/** The page runs only its own script and talks only to this server. */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

interface RequestState {
  documents: number;
  error?: string;
  /** The client closed the connection before the answer (logged then, as status 499). */
  aborted?: boolean;
}

export function createService(options: ServiceOptions): Service {
  const { pipeline } = options;
  // Given spans (gold annotations, a span file) belong to a fixed corpus, not to texts posted by clients.
  if (pipeline.config.detect.given !== undefined) {
    throw new InputError([{ file: '(pipeline config)', message: 'detect.given: a service pipeline must detect spans itself (detect.layers), not take them from gold annotations or a span file' }]);
  }
  const limits = parseServiceLimits(options.limits);
  const key = options.key ?? MaskKey.fromSecret(randomBytes(32).toString('hex'), '(service key of this process)');
  const mappings = new MappingStore({ maxEntries: limits.storedMappings, ttlMs: limits.mappingTtlMs });
  const metrics = createServiceMetrics();
  const states = new WeakMap<FastifyRequest, RequestState>();
  const stateOf = (request: FastifyRequest): RequestState => {
    let state = states.get(request);
    if (!state) states.set(request, (state = { documents: 0 }));
    return state;
  };
  const tokenDigest = options.token === undefined ? undefined : sha256(options.token);
  const webPage = readFileSync(WEB_PAGE, 'utf8');
  const webScript = readFileSync(WEB_SCRIPT, 'utf8');

  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyBytes,
    // Time to receive a whole request: a slow client cannot hold a connection for ever.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    return503OnClosing: true,
  });

  // Our own JSON parser: strict UTF-8 (no silent U+FFFD), and syntax errors located without quoting the body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    } catch {
      done(new ServiceError(400, 'invalid_utf8', 'the request body is not valid UTF-8'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new ServiceError(400, 'invalid_json', `malformed JSON: ${describeJsonSyntaxError(error, text)}`), undefined);
    }
  });

  const started = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    stateOf(request);
    started.set(request, performance.now());
    if (tokenDigest === undefined || PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !timingSafeEqual(sha256(match[1]), tokenDigest)) throw new ServiceError(401, 'unauthorized', 'a valid bearer token is required (Authorization: Bearer TOKEN)');
  });

  const record = (request: FastifyRequest, status: number, ms: number, responseBytes: number): void => {
    const route = request.routeOptions.url ?? '(no route)';
    const state = stateOf(request);
    metrics.requests.inc({ route, method: request.method, status: String(status) });
    metrics.duration.observe({ route }, ms / 1000);
    if (state.documents > 0) metrics.documents.inc({ route }, state.documents);
    if (status >= 400) metrics.errors.inc({ route, code: state.error ?? String(status) });
    options.log?.({
      method: request.method,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
      requestBytes: Number(request.headers['content-length'] ?? 0),
      responseBytes,
      documents: state.documents,
      ...(state.error !== undefined ? { error: state.error } : {}),
    });
  };
  app.addHook('onResponse', async (request, reply) => {
    if (!stateOf(request).aborted) record(request, reply.statusCode, reply.elapsedTime, Number(reply.getHeader('content-length') ?? 0));
  });
  /** A client gone before its answer: logged and counted once, as 499 (Fastify's onResponse never runs for it). */
  const recordAbort = (request: FastifyRequest): void => {
    const state = stateOf(request);
    if (state.aborted) return;
    state.aborted = true;
    state.error = 'client_closed';
    record(request, 499, performance.now() - (started.get(request) ?? performance.now()), 0);
  };

  app.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error, limits);
    stateOf(request).error = answer.code;
    if (answer.status === 401) void reply.header('www-authenticate', 'Bearer');
    if (answer.status === 503) void reply.header('retry-after', '1');
    return reply.code(answer.status).send({ error: { code: answer.code, message: answer.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    stateOf(request).error = 'not_found';
    // The path only: a query string may hold a text.
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });

  // Concurrency: `limits.concurrency` requests work at once, `limits.queue` wait, the rest get 503.
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (active < limits.concurrency) {
      active++;
      return;
    }
    if (waiting.length >= limits.queue) throw new ServiceError(503, 'overloaded', 'the service is saturated; retry later');
    metrics.queued.inc();
    await new Promise<void>((resolve) => waiting.push(resolve));
    metrics.queued.dec();
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  /**
   * Runs pipeline work in a slot, within the request timeout. `cancelled` turns true on timeout or when
   * the client goes away; batches check it between documents, so a dropped request frees its slot.
   */
  async function work<T>(request: FastifyRequest, reply: FastifyReply, run: (cancelled: () => boolean) => Promise<T>): Promise<T> {
    let cancelled = false;
    const onClose = (): void => {
      if (reply.raw.writableFinished) return;
      cancelled = true;
      recordAbort(request);
    };
    reply.raw.once('close', onClose);
    await acquire();
    metrics.inFlight.inc();
    let timer: NodeJS.Timeout | undefined;
    const running = (async () => {
      try {
        if (cancelled) throw new ServiceError(503, 'cancelled', 'the request was cancelled or timed out');
        return await run(() => cancelled);
      } finally {
        metrics.inFlight.dec();
        release();
      }
    })();
    running.catch(() => undefined); // answered by the timeout below when that came first
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancelled = true;
        reject(new ServiceError(503, 'timeout', `the request took longer than ${limits.requestTimeoutMs} ms`));
      }, limits.requestTimeoutMs);
    });
    try {
      return await Promise.race([running, timeout]);
    } finally {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
    }
  }

  /** Runs the pipeline on each document of a request, counting them for the metrics. */
  async function runDocuments(request: FastifyRequest, reply: FastifyReply, documents: readonly PipelineDocument[], overrides: RunOverrides = {}): Promise<PipelineResult[]> {
    return work(request, reply, async (cancelled) => {
      const results: PipelineResult[] = [];
      for (const doc of documents) {
        // Back to the event loop between documents: other requests, timers and a closed socket get a turn.
        await new Promise((resolve) => setImmediate(resolve));
        if (cancelled()) throw new ServiceError(503, 'cancelled', 'the request was cancelled or timed out');
        results.push(await pipeline.runOne(doc, overrides));
        stateOf(request).documents++;
      }
      return results;
    });
  }

  const documentsOf = (body: { text?: string; documents?: { id: string; text: string }[] }): { single: boolean; documents: PipelineDocument[] } => {
    const documents = body.documents ?? [{ id: 'text', text: body.text ?? '' }];
    if (documents.length > limits.batchSize) throw new ServiceError(413, 'batch_too_large', `documents: ${documents.length} documents, at most ${limits.batchSize} per request`);
    const seen = new Set<string>();
    documents.forEach((doc, index) => {
      const where = body.documents ? `documents[${index}].text` : 'text';
      checkTextLength(doc.text, where, limits);
      if (seen.has(doc.id)) throw new ServiceError(400, 'invalid_request', `documents[${index}].id: the id occurs twice in the batch`);
      seen.add(doc.id);
    });
    return { single: body.documents === undefined, documents };
  };
  const answer = <T>(single: boolean, results: T[]): T | { documents: T[] } => (single ? results[0] : { documents: results });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_POLICY).send(webPage));
  app.get('/app.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(webScript));
  // No icon: an empty answer rather than a 404 the browser logs as a console error.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  app.get('/healthz', async () => ({ status: 'ok', pipeline: pipeline.config.name ?? null, layers: pipeline.layers, indicator: pipeline.indicator }));

  app.get('/api/strategies', async () => ({ strategies: [...pipelineStrategies(pipeline.config.mask.redactWith).names()], default: pipeline.config.mask.strategy, byType: pipeline.config.mask.byType }));

  app.get('/openapi.json', async () => openApiDocument());

  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  app.post('/api/detect', async (request, reply) => {
    const { single, documents } = documentsOf(validate(DetectRequestSchema, request.body, 'body'));
    const results = await runDocuments(request, reply, documents);
    return answer(
      single,
      results.map((r, i) => ({ id: r.id, mentions: spansOf(documents[i].text, r, false) })),
    );
  });

  app.post('/api/assess', async (request, reply) => {
    const { single, documents } = documentsOf(validate(DetectRequestSchema, request.body, 'body'));
    const results = await runDocuments(request, reply, documents);
    return answer(
      single,
      results.map((r, i) => ({ id: r.id, indicator: pipeline.indicator, threshold: pipeline.threshold ?? null, counts: r.counts, spans: spansOf(documents[i].text, r, true) })),
    );
  });

  app.post('/api/sanitize', async (request, reply) => {
    const body = validate(SanitizeRequestSchema, request.body, 'body');
    const { single, documents } = documentsOf(body);
    const overrides: RunOverrides = { ...(body.mask ? { mask: body.mask } : {}), ...(body.threshold !== undefined ? { threshold: body.threshold } : {}) };
    // A bad override is a 400 before any work: the error names the field (mask.byType.CODE, threshold).
    pipeline.checkOverrides(overrides, 'body');
    const results = await runDocuments(request, reply, documents, overrides);
    return answer(
      single,
      results.map((r) => ({
        id: r.id,
        text: r.text,
        counts: r.counts,
        ...(body.storeMapping ? { mappingId: mappings.put(r.mapping) } : {}),
        ...(body.returnMapping === 'plain' ? { mapping: r.mapping } : {}),
        ...(body.returnMapping === 'encrypted' ? { encryptedMapping: encryptMapping(r.mapping, key) } : {}),
      })),
    );
  });

  app.post('/api/restore', async (request) => {
    const body = validate(RestoreRequestSchema, request.body, 'body');
    checkTextLength(body.text, 'text', limits);
    const mapping = mappingOf(body, mappings, key);
    const restored = restore(body.text, mapping, { source: { file: 'text', mapping: 'mapping' } });
    stateOf(request).documents++;
    return {
      text: restored.text,
      restored: restored.restored,
      textCheck: restored.textCheck,
      missing: restored.missing,
      altered: restored.altered.length,
      unknown: restored.unknown.length,
    };
  });

  app.delete('/api/mappings/:id', async (request, reply) => {
    const { id } = validate(MappingIdParamsSchema, request.params, 'params');
    if (!mappings.delete(id)) throw new ServiceError(404, 'unknown_mapping', 'mappingId: no such mapping (unknown, expired or evicted)');
    return reply.code(204).send();
  });

  // anonymize-rs' API: GET /api/anonymize?text= → {text, items}; POST /api/deanonymize {text, items} → {text}.
  app.get('/api/anonymize', async (request, reply) => {
    const { text } = validate(AnonymizeQuerySchema, strictQuery(request.url), 'query');
    checkTextLength(text, 'text', limits);
    const [result] = await runDocuments(request, reply, [{ id: 'text', text }]);
    // The anonymize-rs shape carries the originals: asking this route is asking for them.
    return { text: result.text, items: result.items ?? Object.fromEntries(result.mapping.entries.map((e) => [e.placeholder, e.original])) };
  });

  app.post('/api/deanonymize', async (request) => {
    const body = validate(DeanonymizeRequestSchema, request.body, 'body');
    checkTextLength(body.text, 'text', limits);
    stateOf(request).documents++;
    return { text: deanonymize(body.text, body.items) };
  });

  app.post('/api/evaluate', async (request, reply) => {
    const body = validate(EvaluateRequestSchema, request.body, 'body');
    if (body.gold.length > limits.batchSize) throw new ServiceError(413, 'batch_too_large', `gold: ${body.gold.length} documents, at most ${limits.batchSize} per request`);
    return work(request, reply, async () => {
      const corpus = parseCorpus(body.gold, 'gold');
      corpus.documents.forEach((d, i) => checkTextLength(d.text, `gold[${i}].text`, limits));
      const { spans, notes } = parseSystemSpans(body.system, 'system', corpus);
      const result = await evaluate(corpus, spans);
      stateOf(request).documents += result.documentsEvaluated;
      return { metrics: roundMetrics(result.metrics), documentsEvaluated: result.documentsEvaluated, notes: result.notes, emptySpans: notes.emptySpans, overlappingSpans: notes.overlappingSpans };
    });
  });

  return { app, limits, mappings, metrics };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Validates with a strict zod schema; a problem names the field (`body.documents.0.text`), never its value. */
function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  if (value === undefined || value === null) throw new ServiceError(400, 'invalid_request', `${where}: a JSON object is required (Content-Type: application/json)`);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new ServiceError(400, 'invalid_request', problems.join('; '));
}

function checkTextLength(text: string, where: string, limits: ServiceLimits): void {
  if (text.length > limits.textLength) throw new ServiceError(413, 'text_too_long', `${where}: ${text.length} characters, at most ${limits.textLength}`);
}

/**
 * The query string, decoded strictly: percent-escapes that are not UTF-8 are refused rather than turned
 * into U+FFFD (a restore would not give the bytes back), and a repeated parameter is an error.
 */
function strictQuery(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const query: Record<string, string> = {};
  if (at < 0) return query;
  for (const pair of url.slice(at + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' '));
      value = decodeURIComponent(rawValue.replaceAll('+', ' '));
    } catch {
      throw new ServiceError(400, 'invalid_utf8', 'query: a parameter is not valid percent-encoded UTF-8');
    }
    if (Object.hasOwn(query, name)) throw new ServiceError(400, 'invalid_request', `query.${name}: given more than once`);
    query[name] = value;
  }
  return query;
}

/** The mapping a restore request names: stored, plain (validated as a mapping file would be) or encrypted. */
function mappingOf(body: { mappingId?: string; mapping?: Record<string, unknown>; encryptedMapping?: string }, store: MappingStore, key: MaskKey): Mapping {
  if (body.mappingId !== undefined) {
    const stored = store.get(body.mappingId);
    if (!stored) throw new ServiceError(404, 'unknown_mapping', 'mappingId: no such mapping (unknown, expired or evicted)');
    return stored;
  }
  const payload =
    body.mapping !== undefined
      ? decryptMapping(JSON.stringify({ format: MAPPING_FORMAT, version: MAPPING_FORMAT_VERSION, encrypted: false, mapping: body.mapping }), undefined, 'mapping')
      : decryptMapping(body.encryptedMapping ?? '', key, 'encryptedMapping');
  if (payload.kind !== 'mapping') throw new ServiceError(400, 'invalid_request', 'mapping: expected the mapping of one document, not a mapping set');
  return payload;
}

/** anonymize-rs' deanonymization: every placeholder of `items` replaced by its original, longest first, in one pass. */
export function deanonymize(text: string, items: Record<string, string>): string {
  const placeholders = Object.keys(items).sort((a, b) => b.length - a.length);
  if (placeholders.length === 0) return text;
  const pattern = new RegExp(placeholders.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
  return text.replace(pattern, (placeholder) => items[placeholder]);
}

/** Mentions (and with `withRisk` the decisions) of a result, offsets in code points, no covered text. */
function spansOf(text: string, result: PipelineResult, withRisk: boolean): Record<string, unknown>[] {
  const offsets = offsetConverter(text);
  return result.mentions.map((m, i) => ({
    mentionId: m.mentionId,
    entityId: m.entityId,
    entityType: m.entityType,
    ...(m.subtype !== undefined ? { subtype: m.subtype } : {}),
    start: offsets.toCodePoint(m.start),
    end: offsets.toCodePoint(m.end),
    confidence: m.confidence,
    layer: m.layer,
    source: m.source,
    ...(withRisk ? { risk: result.decisions[i].risk, decision: result.decisions[i].mask ? 'mask' : 'keep', decidedBy: result.decisions[i].decidedBy } : {}),
  }));
}

export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** Any error as an answer; only messages known to hold no request content are passed on. */
export function errorAnswer(error: unknown, limits: ServiceLimits): ErrorAnswer {
  if (error instanceof ServiceError) return { status: error.status, code: error.code, message: error.message };
  // Our readers' messages name files, documents and fields, never text.
  if (error instanceof InputError) return { status: 400, code: 'invalid_input', message: error.message };
  const fastifyCode = (error as { code?: unknown }).code;
  const status = (error as { statusCode?: unknown }).statusCode;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', message: `the request body is larger than ${limits.bodyBytes} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'the body must be application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'the JSON body is empty' };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, code: 'bad_request', message: `bad request (${typeof fastifyCode === 'string' ? fastifyCode : status})` };
  return { status: 500, code: 'internal', message: 'internal error' };
}
