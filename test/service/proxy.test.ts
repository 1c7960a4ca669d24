/**
 * The LLM privacy proxy against a real local upstream (node:http on 127.0.0.1): the upstream records what
 * it received (it must never see an original) and answers with the text it was given, whole or streamed
 * in chunks cut at every position; the client must get the originals back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { MaskKey } from '../../src/mask/index.ts';
import { deanonymize } from '../../src/service/app.ts';
import { CONVERSATION_HEADER, createProxy, type Proxy, type ProxyStrategy } from '../../src/service/index.ts';
import { StreamRestorer } from '../../src/service/stream-restore.ts';
import { runChild } from '../cli/child-process.ts';
import { RULES_PIPELINE, pipelineOf } from './helpers.ts';

const KEY = MaskKey.fromSecret('ab'.repeat(32), '(test key)');
const ORIGINALS = ['John Smith', 'john.smith@example.com'];
const MESSAGE = 'Dear Mr John Smith, write to john.smith@example.com please.';

interface Received {
  path: string;
  authorization?: string;
  body: { messages?: { role: string; content: string }[]; prompt?: string; stream?: boolean; user?: string; model?: string };
}

/**
 * The upstream: answers with the contents it was sent, joined by a blank line (`user: "repeat-previous"`:
 * with what the previous request sent). `user: "cut:N"` streams the answer in two chunks cut at N, `cut:each`
 * one character per chunk, `no-finish` too but without a finish_reason. Models `error-json` / `error-text` answer 429 with a JSON error / 500 with text.
 */
let upstream: Server;
let upstreamUrl: string;
const received: Received[] = [];

function answerText(body: Received['body']): string {
  return body.messages ? body.messages.map((m) => m.content).join('\n\n') : (body.prompt ?? '');
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
    const previous = received.at(-1);
    received.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
    if (body.model === 'error-json') {
      response.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit', code: 'rate_limit_exceeded' } }));
      return;
    }
    if (body.model === 'error-text') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
      return;
    }
    const text = body.user === 'repeat-previous' && previous ? answerText(previous.body) : answerText(body);
    const chat = request.url === '/v1/chat/completions';
    if (!body.stream) {
      const choice = chat ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' } : { index: 0, text, finish_reason: 'stop' };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x1', object: chat ? 'chat.completion' : 'text_completion', model: 'echo', choices: [choice] }));
      return;
    }
    const cut = body.user?.startsWith('cut:') ? body.user.slice(4) : 'each';
    const pieces = cut === 'each' ? [...text] : [text.slice(0, Number(cut)), text.slice(Number(cut))];
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (choice: Record<string, unknown>): string => `data: ${JSON.stringify({ id: 'x2', object: chat ? 'chat.completion.chunk' : 'text_completion', model: 'echo', choices: [choice] })}\n\n`;
    if (chat) response.write(event({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }));
    const finish = body.user !== 'no-finish';
    for (const piece of pieces) response.write(event(chat ? { index: 0, delta: { content: piece }, finish_reason: null } : { index: 0, text: piece, finish_reason: null }));
    if (finish) response.write(event(chat ? { index: 0, delta: {}, finish_reason: 'stop' } : { index: 0, text: '', finish_reason: 'stop' }));
    response.end('data: [DONE]\n\n');
  });
}

beforeAll(async () => {
  upstream = createServer(handle);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

async function proxyWith(strategy: ProxyStrategy = 'keyed-tag', url = upstreamUrl): Promise<Proxy> {
  return createProxy({ pipeline: await pipelineOf(RULES_PIPELINE), upstream: url, strategy, key: KEY });
}

function chat(proxy: Proxy, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return proxy.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...headers }, payload: body });
}

/** The text of a streamed answer: every delta content (or text) of choice 0, in order. */
function streamedText(payload: string): string {
  let text = '';
  for (const line of payload.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const event = JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string }; text?: string }[] };
    text += event.choices[0].delta?.content ?? event.choices[0].text ?? '';
  }
  return text;
}

function expectNoOriginal(value: unknown): void {
  const sent = JSON.stringify(value);
  for (const original of ORIGINALS) expect(sent).not.toContain(original);
}

describe('the LLM privacy proxy', () => {
  it('sanitizes the messages, passes Authorization on and restores a whole answer', async () => {
    const proxy = await proxyWith();
    const reply = await chat(proxy, { model: 'echo', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: MESSAGE }] }, { authorization: 'Bearer sk-test' });
    expect(reply.statusCode).toBe(200);
    const sent = received.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe('Bearer sk-test');
    expectNoOriginal(sent.body);
    expect(sent.body.messages![1].content).toMatch(/<PERSON "[0-9a-f]{8,}">/);
    expect(reply.json().choices[0].message.content).toBe(`Be brief.\n\n${MESSAGE}`);
  });

  it('restores /v1/completions prompts too', async () => {
    const proxy = await proxyWith();
    const reply = await proxy.app.inject({ method: 'POST', url: '/v1/completions', payload: { model: 'echo', prompt: MESSAGE } });
    expect(reply.statusCode).toBe(200);
    expectNoOriginal(received.at(-1)!.body);
    expect(reply.json().choices[0].text).toBe(MESSAGE);
  });

  it('restores a streamed answer whose placeholders are cut at every position', async () => {
    const proxy = await proxyWith();
    const each = await chat(proxy, { model: 'echo', stream: true, messages: [{ role: 'user', content: MESSAGE }] });
    expect(each.headers['content-type']).toContain('text/event-stream');
    expect(streamedText(each.payload)).toBe(MESSAGE);
    expect(each.payload.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const sanitized = received.at(-1)!.body.messages![0].content;
    expectNoOriginal(sanitized);
    for (let cut = 1; cut < sanitized.length; cut++) {
      const reply = await chat(proxy, { model: 'echo', stream: true, user: `cut:${cut}`, messages: [{ role: 'user', content: MESSAGE }] });
      expect(streamedText(reply.payload), `cut at ${cut}`).toBe(MESSAGE);
    }
    // Text held back as a possible placeholder start is flushed at [DONE] even without a finish_reason.
    const open = 'Mail john.smith@example.com <';
    const unfinished = await chat(proxy, { model: 'echo', stream: true, user: 'no-finish', messages: [{ role: 'user', content: open }] });
    expect(streamedText(unfinished.payload)).toBe(open);
    expect(unfinished.payload.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const completion = await proxy.app.inject({ method: 'POST', url: '/v1/completions', payload: { model: 'echo', stream: true, prompt: MESSAGE } });
    expect(streamedText(completion.payload)).toBe(MESSAGE);
  });

  it.each(['keyed-tag', 'fictional'] as const)('keeps one mapping per conversation with %s: a later turn reuses the pseudonyms and restores earlier ones', async (strategy) => {
    const proxy = await proxyWith(strategy);
    const first = [{ role: 'user', content: MESSAGE }];
    await chat(proxy, { model: 'echo', messages: first });
    const turn1 = received.at(-1)!.body.messages![0].content;
    expectNoOriginal(turn1);
    // No header: the conversation is known by its first user message.
    const second = [...first, { role: 'assistant', content: MESSAGE }, { role: 'user', content: 'Is John Smith coming?' }];
    await chat(proxy, { model: 'echo', messages: second });
    const turn2 = received.at(-1)!.body.messages!;
    expectNoOriginal(turn2);
    expect(turn2[0].content).toBe(turn1);
    expect(turn2[1].content).toBe(turn1);
    // The upstream answers with the previous turn's text only: the conversation's mapping restores it.
    const header = { [CONVERSATION_HEADER]: 'conv-42' };
    await chat(proxy, { model: 'echo', messages: first }, header);
    const repeated = await chat(proxy, { model: 'echo', user: 'repeat-previous', messages: [{ role: 'user', content: 'Say it again.' }] }, header);
    expect(repeated.json().choices[0].message.content).toBe(MESSAGE);
    // Another conversation does not hold those pseudonyms.
    await chat(proxy, { model: 'echo', messages: first }, header);
    const other = await chat(proxy, { model: 'echo', user: 'repeat-previous', messages: [{ role: 'user', content: 'Say it again.' }] }, { [CONVERSATION_HEADER]: 'conv-43' });
    expectNoOriginal(other.json());
    expect(proxy.conversationCount()).toBe(3);
  });

  it('keeps at most `conversations` conversations, dropping the least recently used', async () => {
    const proxy = createProxy({ pipeline: await pipelineOf(RULES_PIPELINE), upstream: upstreamUrl, key: KEY, conversations: 2 });
    const say = (id: string, user?: string) => chat(proxy, { model: 'echo', ...(user ? { user } : {}), messages: [{ role: 'user', content: user ? 'Again.' : MESSAGE }] }, { [CONVERSATION_HEADER]: id });
    await say('a');
    await say('b');
    await say('a'); // a is now the most recent: c evicts b
    await say('c');
    expect(proxy.conversationCount()).toBe(2);
    await say('a');
    expect((await say('a', 'repeat-previous')).json().choices[0].message.content).toBe(MESSAGE);
    await say('a');
    const evicted = await say('b', 'repeat-previous');
    expectNoOriginal(evicted.json());
  });

  it('passes upstream errors through as JSON errors', async () => {
    const proxy = await proxyWith();
    const limited = await chat(proxy, { model: 'error-json', messages: [{ role: 'user', content: MESSAGE }] });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { message: 'Rate limit reached', type: 'rate_limit', code: 'rate_limit_exceeded' } });
    const broken = await chat(proxy, { model: 'error-text', messages: [{ role: 'user', content: MESSAGE }] });
    expect(broken.statusCode).toBe(500);
    expect(broken.json().error.code).toBe('upstream_error');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await chat(await proxyWith('keyed-tag', `http://127.0.0.1:${port}/v1`), { model: 'echo', messages: [{ role: 'user', content: MESSAGE }] });
    expect(unreachable.statusCode).toBe(502);
    expect(unreachable.json().error.code).toBe('upstream_unreachable');
    const malformed = await proxy.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'echo', messages: 'hello' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toBe('messages: expected an array');
  });

  it('refuses an upstream off this machine without --allow-external-llm', async () => {
    const pipeline = await pipelineOf(RULES_PIPELINE);
    expect(() => createProxy({ pipeline, upstream: 'https://api.openai.com/v1' })).toThrow(InputError);
    expect(() => createProxy({ pipeline, upstream: 'https://api.openai.com/v1', allowExternalLlm: true })).not.toThrow();
  });
});

describe('sanitext proxy', () => {
  const BIN = new URL('../../bin/sanitext.mjs', import.meta.url).pathname;
  const config = (): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'sanitext-proxy-')), 'p.yaml');
    writeFileSync(file, 'name: rules\ndetect:\n  layers: {rules: true}\nassess: none\nmask: {strategy: numbered}\n');
    return file;
  };

  it('refuses an external upstream without --allow-external-llm (exit 2, one message)', async () => {
    const run = await runChild(process.execPath, [BIN, 'proxy', '--pipeline', config(), '--upstream', 'https://api.openai.com/v1', '--port', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--upstream: api.openai.com is not on this machine; sending prompts there needs --allow-external-llm');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('proxies a chat completion on loopback and logs no text', async () => {
    const child = spawn(process.execPath, [BIN, 'proxy', '--pipeline', config(), '--upstream', upstreamUrl, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SANITEXT_MAPPING_KEY: 'cd'.repeat(32) } });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address in time: ${stderr}`)), 15_000);
        child.stderr.on('data', (chunk: string) => {
          stderr += chunk;
          const found = / on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(stderr);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
      });
      const response = await fetch(`${address}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: MESSAGE }] }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toBe(MESSAGE);
      expectNoOriginal(received.at(-1)!.body);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stderr).toContain('"route":"/v1/chat/completions"');
      expectNoOriginal(stderr);
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);
});

describe('StreamRestorer', () => {
  // Placeholders that share prefixes and contain each other's starts: the hard cases for holding back.
  const items: Record<string, string> = { '<PERSON "ab12">': 'John Smith', '<PERSON "ab12cd">': 'Jane Roe', Karl: 'Anna', 'Karl Brown': 'Mary Jones', '<<': 'left' };
  const fragment = fc.oneof(fc.constantFrom(...Object.keys(items)), fc.constantFrom('<', '<P', '<PERSON "a', 'Kar', ' ', 'x', '">', 'Brown'), fc.string({ maxLength: 4 }));

  it('over any chunking, emits exactly the one-shot restore and holds back less than the longest placeholder', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 12 }), (fragments, cuts) => {
        const text = fragments.join('');
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const restorer = new StreamRestorer(items);
        let out = '';
        let last = 0;
        for (const position of [...positions, text.length]) {
          out += restorer.push(text.slice(last, position));
          expect(restorer.pending).toBeLessThan('<PERSON "ab12cd">'.length);
          last = position;
        }
        out += restorer.flush();
        expect(out).toBe(deanonymize(text, items));
      }),
      { numRuns: 500 },
    );
  });
});
