/**
 * The LLM privacy proxy (`sanitext proxy`): an OpenAI-compatible `/v1/chat/completions` and
 * `/v1/completions` that sanitizes every message with the pipeline, forwards the request to the upstream
 * API and puts the originals back into the answer, streamed (SSE) answers included. One pseudonym
 * session per conversation (bounded, least recently used evicted) keeps later turns consistent.
 * Logs carry route, status, duration and sizes only; the originals never reach the upstream.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { InputError } from '../corpus/index.ts';
import { isLoopbackHost } from '../indicators/web-search/http.ts';
import { MaskKey, PseudonymSession, sanitize, type MaskSpan } from '../mask/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { ServiceError, deanonymize, errorAnswer, type ServiceLogEntry } from './app.ts';
import { parseServiceLimits, type ServiceLimits, type ServiceLimitsInput } from './schemas.ts';
import { StreamRestorer } from './stream-restore.ts';

/** The header that names a conversation; without it the first user message identifies it (by hash). */
export const CONVERSATION_HEADER = 'x-sanitext-conversation';

export const PROXY_STRATEGIES = ['keyed-tag', 'fictional'] as const;
export type ProxyStrategy = (typeof PROXY_STRATEGIES)[number];

export interface ProxyOptions {
  pipeline: Pipeline;
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1`: requests go to `{upstream}/chat/completions`. */
  upstream: string;
  /** Needed when the upstream is not on this machine: the sanitized prompts (and their context) go to a third party. */
  allowExternalLlm?: boolean;
  strategy?: ProxyStrategy;
  /** Key of the pseudonyms; default a random key of this process. */
  key?: MaskKey;
  /** Conversations kept (least recently used dropped first). */
  conversations?: number;
  limits?: ServiceLimitsInput;
  log?: (entry: ServiceLogEntry) => void;
}

export interface Proxy {
  app: FastifyInstance;
  limits: ServiceLimits;
  /** Conversations held now. */
  conversationCount(): number;
}

/** What one conversation remembers: its pseudonym session and every placeholder → original it handed out. */
interface Conversation {
  session: PseudonymSession;
  items: Record<string, string>;
}

/** Refuses an upstream that is not a URL, or one off this machine without the opt-in. */
export function checkUpstream(upstream: string, allowExternalLlm: boolean): URL {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new InputError([{ file: '(command line)', message: '--upstream: not a URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError([{ file: '(command line)', message: `--upstream: expected http or https, not ${url.protocol}` }]);
  if (!isLoopbackHost(url.hostname) && !allowExternalLlm) {
    throw new InputError([{ file: '(command line)', message: `--upstream: ${url.hostname} is not on this machine; sending prompts there needs --allow-external-llm` }]);
  }
  return url;
}

export function createProxy(options: ProxyOptions): Proxy {
  const { pipeline } = options;
  if (pipeline.config.detect.given !== undefined) {
    throw new InputError([{ file: '(pipeline config)', message: 'detect.given: a proxy pipeline must detect spans itself (detect.layers)' }]);
  }
  const upstream = checkUpstream(options.upstream, options.allowExternalLlm ?? false).href.replace(/\/+$/, '');
  const strategy = options.strategy ?? 'keyed-tag';
  const limits = parseServiceLimits(options.limits);
  const key = options.key ?? MaskKey.fromSecret(randomBytes(32).toString('hex'), '(proxy key of this process)');
  const capacity = options.conversations ?? 1000;
  const conversations = new Map<string, Conversation>();
  // Conversation ids are keyed hashes: a first message cannot be confirmed from its id.
  const idSecret = randomBytes(32);

  const conversationOf = (id: string): Conversation => {
    let conversation = conversations.get(id);
    if (conversation) conversations.delete(id); // re-inserted last: the Map's order is the recency order
    else conversation = { session: new PseudonymSession(), items: {} };
    conversations.set(id, conversation);
    while (conversations.size > capacity) conversations.delete(conversations.keys().next().value as string);
    return conversation;
  };

  const app = Fastify({ logger: false, bodyLimit: limits.bodyBytes, requestTimeout: limits.requestTimeoutMs, connectionTimeout: limits.requestTimeoutMs, return503OnClosing: true });
  const documents = new WeakMap<FastifyRequest, number>();
  const errors = new WeakMap<FastifyRequest, string>();

  app.addHook('onResponse', async (request, reply) => {
    const error = errors.get(request);
    options.log?.({
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      requestBytes: Number(request.headers['content-length'] ?? 0),
      responseBytes: Number(reply.getHeader('content-length') ?? 0),
      documents: documents.get(request) ?? 0,
      ...(error !== undefined ? { error } : {}),
    });
  });
  app.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error, limits);
    errors.set(request, answer.code);
    return reply.code(answer.status).send({ error: { code: answer.code, message: answer.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    errors.set(request, 'not_found');
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  /** Sanitizes one text in the conversation: its placeholders join the conversation's items. */
  async function sanitizeText(text: string, conversationId: string, conversation: Conversation, request: FastifyRequest, where: string): Promise<string> {
    if (text.length > limits.textLength) throw new ServiceError(413, 'text_too_long', `${where}: longer than ${limits.textLength} characters`);
    const result = await pipeline.runOne({ id: conversationId, text });
    documents.set(request, (documents.get(request) ?? 0) + 1);
    const spans: MaskSpan[] = result.decisions.filter((d) => d.mask).map((d) => ({ start: d.start, end: d.end, entityId: d.entityId, entityType: d.entityType, label: 'MASK' }));
    const masked = sanitize(text, spans, { strategy, key, session: conversation.session, docId: conversationId });
    for (const entry of masked.mapping.entries) conversation.items[entry.placeholder] = entry.original;
    return masked.text;
  }

  async function forward(path: '/chat/completions' | '/completions', request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ServiceError(400, 'invalid_request', 'the body must be a JSON object');
    const payload = { ...(body as Record<string, unknown>) };
    const conversationId = conversationIdOf(request, payload, path, idSecret);
    const conversation = conversationOf(conversationId);
    if (path === '/chat/completions') {
      if (!Array.isArray(payload.messages)) throw new ServiceError(400, 'invalid_request', 'messages: expected an array');
      payload.messages = await Promise.all(payload.messages.map((message: unknown, i: number) => sanitizeMessage(message, i)));
    } else {
      const prompt = payload.prompt;
      if (typeof prompt === 'string') payload.prompt = await sanitizeText(prompt, conversationId, conversation, request, 'prompt');
      else if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) payload.prompt = await Promise.all(prompt.map((p: string, i) => sanitizeText(p, conversationId, conversation, request, `prompt[${i}]`)));
      else throw new ServiceError(400, 'invalid_request', 'prompt: expected a string or an array of strings');
    }

    async function sanitizeMessage(message: unknown, i: number): Promise<unknown> {
      if (typeof message !== 'object' || message === null) throw new ServiceError(400, 'invalid_request', `messages[${i}]: expected an object`);
      const copy = { ...(message as Record<string, unknown>) };
      if (typeof copy.content === 'string') copy.content = await sanitizeText(copy.content, conversationId, conversation, request, `messages[${i}].content`);
      else if (Array.isArray(copy.content)) {
        copy.content = await Promise.all(
          copy.content.map(async (part: unknown, j: number) => {
            if (typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text' && typeof (part as { text?: unknown }).text === 'string') {
              return { ...part, text: await sanitizeText((part as { text: string }).text, conversationId, conversation, request, `messages[${i}].content[${j}].text`) };
            }
            return part;
          }),
        );
      }
      return copy;
    }

    // The client leaving cancels the upstream call.
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: request.headers.accept ?? 'application/json' };
    if (request.headers.authorization !== undefined) headers.authorization = request.headers.authorization;
    let response: Response;
    try {
      response = await fetch(`${upstream}${path}`, { method: 'POST', headers, body: JSON.stringify(payload), signal: abort.signal });
    } catch {
      throw new ServiceError(502, 'upstream_unreachable', `the upstream ${new URL(upstream).host} could not be reached`);
    }
    // A snapshot: placeholders of this request and earlier turns of the conversation.
    const items = { ...conversation.items };
    if (!response.ok) return upstreamError(response, reply, items, request);
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream') && response.body) {
      void reply.code(200).header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache');
      return reply.send(Readable.from(restoreEvents(response.body, items)));
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new ServiceError(502, 'upstream_invalid', 'the upstream answer is not JSON');
    }
    return restoreAnswer(answer, items);
  }

  async function upstreamError(response: Response, reply: FastifyReply, items: Record<string, string>, request: FastifyRequest): Promise<unknown> {
    const status = response.status >= 400 && response.status <= 599 ? response.status : 502;
    errors.set(request, 'upstream_error');
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // An upstream JSON error is passed through (restored: it may quote the prompt); anything else is described.
    const error =
      typeof parsed === 'object' && parsed !== null && 'error' in parsed
        ? restoreAnswer(parsed, items)
        : { error: { code: 'upstream_error', message: `the upstream answered ${response.status} ${response.statusText}`.trim() } };
    return reply.code(status).send(error);
  }

  app.post('/v1/chat/completions', async (request, reply) => forward('/chat/completions', request, reply));
  app.post('/v1/completions', async (request, reply) => forward('/completions', request, reply));

  return { app, limits, conversationCount: () => conversations.size };
}

/** The conversation header, else a hash of the first user message (prompt) with the route. */
function conversationIdOf(request: FastifyRequest, payload: Record<string, unknown>, path: string, secret: Buffer): string {
  const header = request.headers[CONVERSATION_HEADER];
  if (typeof header === 'string' && header !== '') return `header:${keyedHash(header, secret)}`;
  let first: unknown = payload.prompt;
  if (Array.isArray(payload.messages)) {
    const user = payload.messages.find((m: unknown) => typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'user');
    first = (user as { content?: unknown } | undefined)?.content;
  }
  return `first:${keyedHash(`${path}\n${JSON.stringify(first ?? null)}`, secret)}`;
}

function keyedHash(value: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(value).digest('hex').slice(0, 32);
}

/** The answer with originals in every message content, text and error message. */
function restoreAnswer(answer: unknown, items: Record<string, string>): unknown {
  if (typeof answer === 'string') return deanonymize(answer, items);
  if (Array.isArray(answer)) return answer.map((value) => restoreAnswer(value, items));
  if (typeof answer !== 'object' || answer === null) return answer;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(answer)) copy[name] = RESTORED_FIELDS.has(name) || typeof value === 'object' ? restoreAnswer(value, items) : value;
  return copy;
}

/** String fields that carry model text (the others — ids, roles, model names — are kept as sent). */
const RESTORED_FIELDS = new Set(['content', 'text', 'message', 'arguments', 'refusal']);

/**
 * An upstream SSE stream with originals restored in each choice's `delta.content` (chat) or `text`
 * (completions), incrementally: only a possible placeholder prefix is held back, and flushed when the
 * choice finishes or the stream ends.
 */
async function* restoreEvents(body: ReadableStream<Uint8Array>, items: Record<string, string>): AsyncGenerator<string> {
  const restorers = new Map<number, StreamRestorer>();
  /** The last event of each choice: the template of a closing event for text still held at the end. */
  const lastEvent = new Map<number, Record<string, unknown>>();
  const restorerOf = (index: number): StreamRestorer => {
    let restorer = restorers.get(index);
    if (!restorer) restorers.set(index, (restorer = new StreamRestorer(items)));
    return restorer;
  };
  const closing = function* (): Generator<string> {
    for (const [index, restorer] of restorers) {
      const rest = restorer.flush();
      if (rest === '') continue;
      const template = lastEvent.get(index) ?? {};
      const isChat = template.object === 'chat.completion.chunk' || (Array.isArray(template.choices) && (template.choices as { delta?: unknown }[])[0]?.delta !== undefined);
      const choice = isChat ? { index, delta: { content: rest }, finish_reason: null } : { index, text: rest, finish_reason: null };
      yield `data: ${JSON.stringify({ ...template, choices: [choice] })}\n\n`;
    }
  };
  const transform = (line: string): string => {
    const match = /^data: ?(.*)$/.exec(line);
    if (!match || match[1].trim() === '[DONE]') return line;
    let event: unknown;
    try {
      event = JSON.parse(match[1]);
    } catch {
      return line;
    }
    if (typeof event !== 'object' || event === null || !Array.isArray((event as { choices?: unknown }).choices)) return `data: ${JSON.stringify(restoreAnswer(event, items))}`;
    const record = event as Record<string, unknown> & { choices: Record<string, unknown>[] };
    record.choices = record.choices.map((choice) => {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      lastEvent.set(index, record);
      const finished = choice.finish_reason !== null && choice.finish_reason !== undefined;
      const restorer = restorerOf(index);
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (delta && typeof delta.content === 'string') {
        return { ...choice, delta: { ...delta, content: restorer.push(delta.content) + (finished ? restorer.flush() : '') } };
      }
      if (typeof choice.text === 'string') return { ...choice, text: restorer.push(choice.text) + (finished ? restorer.flush() : '') };
      if (finished) {
        const rest = restorer.flush();
        if (rest !== '') return delta ? { ...choice, delta: { ...delta, content: rest } } : { ...choice, text: rest };
      }
      return choice;
    });
    return `data: ${JSON.stringify(record)}`;
  };

  const decoder = new TextDecoder();
  let pending = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = done ? '' : (lines.pop() ?? '');
      if (done && lines.at(-1) === '') lines.pop();
      const out: string[] = [];
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (/^data: ?\[DONE\]\s*$/.test(line)) {
          for (const event of closing()) out.push(event);
        }
        out.push(`${transform(line)}\n`);
      }
      if (done) {
        for (const event of closing()) out.push(event);
      }
      if (out.length > 0) yield out.join('');
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
