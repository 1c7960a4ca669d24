import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmClient, ExternalLlmNotAllowedError, LlmRequestError, LlmResponseError, type LlmJsonSchema } from '../../src/llm/index.ts';
import { completion, startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.ts';

const answerSchema: LlmJsonSchema<{ answer: string }> = {
  name: 'answer',
  jsonSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
  validate: z.object({ answer: z.string() }),
};
const ask = { messages: [{ role: 'user' as const, content: 'Which court decided the case of Mr A.B.?' }], schema: answerSchema };

let server: FakeLlmServer;
let cacheDir: string;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.authorizations.length = 0;
  cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-llm-cache-'));
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

const client = (extra: Record<string, unknown> = {}) => createLlmClient({ url: server.url, model: 'qwen2.5-7b-instruct', baseDelayMs: 1, qps: 1000, cacheDir, ...extra }, { env: {} });

describe('OpenAI-compatible LLM client', () => {
  it('retries on 500 and 429 with backoff, then returns the validated JSON', async () => {
    server.script({ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }, () => '{"answer": "a regional court"}');
    const llm = client();
    const response = await llm.complete(ask);
    expect(response.json).toEqual({ answer: 'a regional court' });
    expect(server.requests).toHaveLength(3);
    expect(llm.stats.retries).toBe(2);
    expect(server.requests[0].response_format?.type).toBe('json_schema');
  });

  it('waits as long as Retry-After asks', async () => {
    server.script({ status: 429, headers: { 'retry-after': '2' } }, () => '{"answer": "a court"}');
    let now = 0;
    const slept: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
    const response = await createLlmClient({ url: server.url, model: 'm', baseDelayMs: 1, qps: 1000, cacheDir: false }, { env: {}, clock }).complete(ask);
    expect(response.json).toEqual({ answer: 'a court' });
    expect(Math.max(...slept)).toBe(2000);
  });

  it('gives up after the configured retries with the status, never the prompt', async () => {
    server.script({ status: 503 });
    const error = await client({ retries: 1 }).complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as Error).message).toContain('HTTP 503');
    expect((error as Error).message).not.toContain('Mr A.B.');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a slow answer and retries it', async () => {
    server.script({ delayMs: 1500, then: { status: 200, body: completion('{"answer": "late"}') } }, () => '{"answer": "on time"}');
    const started = performance.now();
    const response = await client({ timeoutMs: 200, retries: 1 }).complete(ask);
    expect(response.json).toEqual({ answer: 'on time' });
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1400);
  });

  it('answers a repeated request from the disk cache without a request', async () => {
    server.script(() => '{"answer": "a district court"}');
    const first = await client().complete(ask);
    const second = await client().complete(ask);
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, cached: true });
    expect(server.requests).toHaveLength(1);
    // File names are hashes: the cache does not list the prompts.
    expect(readdirSync(cacheDir, { recursive: true }).join(' ')).not.toContain('court');
    // Another model is another key.
    await client({ model: 'llama-3.1-8b' }).complete(ask);
    expect(server.requests).toHaveLength(2);
  });

  it('falls back to parsing and validating when the server rejects json_schema', async () => {
    server.script({ status: 400, body: { error: { message: 'response_format not supported' } } }, () => 'Sure! ```json\n{"answer": "a high court"}\n```');
    const response = await client().complete(ask);
    expect(response.json).toEqual({ answer: 'a high court' });
    expect(server.requests[1].response_format).toBeUndefined();
  });

  it('rejects an answer that is not of the schema (and does not cache it)', async () => {
    server.script(() => '{"verdict": 3}');
    await expect(client().complete(ask)).rejects.toBeInstanceOf(LlmResponseError);
    await expect(client().complete(ask)).rejects.toBeInstanceOf(LlmResponseError);
    expect(server.requests).toHaveLength(2);
  });

  it('spaces requests by the rate limit (token bucket, injected clock)', async () => {
    server.script(() => '{"answer": "a court"}');
    let now = 0;
    const slept: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
    const llm = createLlmClient({ url: server.url, model: 'm', qps: 2, cacheDir: false }, { env: {}, clock });
    for (const question of ['one', 'two', 'three']) await llm.complete({ ...ask, messages: [{ role: 'user', content: question }] });
    expect(server.requests).toHaveLength(3);
    expect(slept.map(Math.round)).toEqual([500, 500]);
  });

  it('sends the key from SANITEXT_LLM_API_KEY, else OPENAI_API_KEY', async () => {
    server.script(() => '{"answer": "a court"}');
    const make = (env: NodeJS.ProcessEnv) => createLlmClient({ url: server.url, model: 'm', cacheDir: false }, { env });
    await make({ SANITEXT_LLM_API_KEY: 'sk-sanitext', OPENAI_API_KEY: 'sk-openai' }).complete(ask);
    await make({ OPENAI_API_KEY: 'sk-openai' }).complete(ask);
    expect(server.authorizations).toEqual(['Bearer sk-sanitext', 'Bearer sk-openai']);
  });

  it('refuses an endpoint off this machine without the opt-in', () => {
    expect(() => createLlmClient({ url: 'https://api.openai.com/v1', model: 'gpt-4o-mini' }, { env: {} })).toThrow(ExternalLlmNotAllowedError);
    expect(() => createLlmClient({ url: 'http://10.0.0.5:8000/v1', model: 'm' }, { env: {} })).toThrow(/--allow-external-llm/);
    expect(createLlmClient({ url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', allowExternalLlm: true }, { env: {} }).external).toBe(true);
    expect(client().external).toBe(false);
  });

  it('rejects an unknown option with its name', () => {
    expect(() => createLlmClient({ url: server.url, model: 'm', retrys: 2 })).toThrow(/retrys|Unrecognized key/);
  });
});
