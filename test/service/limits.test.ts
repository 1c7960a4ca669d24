import { describe, expect, it } from 'vitest';
import { checkBinding, createService, isLoopback, listenService } from '../../src/service/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { LETTER, serviceWith } from './helpers.ts';

const json = { 'content-type': 'application/json' };

describe('bad requests get a 4xx with a JSON error and no crash', () => {
  it('malformed JSON is a 400 located by line and column, without quoting the body', async () => {
    const { app } = await serviceWith();
    const response = await app.inject({ method: 'POST', url: '/api/sanitize', headers: json, payload: '{"text": "John Smith lives at' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid_json', message: 'malformed JSON: syntax error at line 1, column 30' } });
    const bad = await app.inject({ method: 'POST', url: '/api/sanitize', headers: json, payload: '{"text": John Smith}' });
    expect(bad.json().error.code).toBe('invalid_json');
    expect(bad.body).not.toContain('John');
  });

  it('wrong types, unknown fields and missing fields are 400s naming the field, never its value', async () => {
    const { app } = await serviceWith();
    const wrongType = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 42 } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'invalid_request' });
    expect(wrongType.json().error.message).toContain('body.text');
    const unknown = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 'x', returnMaping: 'plain' } });
    expect(unknown.json().error.message).toContain('returnMaping');
    const badEnum = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 'x', returnMapping: 'Secret Name' } });
    expect(badEnum.statusCode).toBe(400);
    expect(badEnum.body).not.toContain('Secret Name');
    const both = await app.inject({ method: 'POST', url: '/api/detect', payload: { text: 'x', documents: [] } });
    expect(both.json().error.message).toContain('exactly one of "text" and "documents"');
    const duplicate = await app.inject({ method: 'POST', url: '/api/detect', payload: { documents: [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }] } });
    expect(duplicate.json().error.message).toBe('documents[1].id: the id occurs twice in the batch');
    const noBody = await app.inject({ method: 'POST', url: '/api/detect' });
    expect(noBody.statusCode).toBe(400);
    const plainText = await app.inject({ method: 'POST', url: '/api/detect', headers: { 'content-type': 'text/plain' }, payload: 'John Smith' });
    expect(plainText.statusCode).toBe(415);
    expect(plainText.json().error.code).toBe('unsupported_media_type');
  });

  it('a body that is not UTF-8 is a 400, in the body and in the query string', async () => {
    const { app } = await serviceWith();
    const body = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const response = await app.inject({ method: 'POST', url: '/api/sanitize', headers: json, payload: body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_utf8');
    const query = await app.inject({ method: 'GET', url: '/api/anonymize?text=caf%E9' });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.code).toBe('invalid_utf8');
  });

  it('body size, text length and batch size over the limits are 413s', async () => {
    const { app } = await serviceWith({ limits: { bodyBytes: 4096, textLength: 500, batchSize: 2 } });
    const big = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 'a'.repeat(5000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('body_too_large');
    const long = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 'a'.repeat(501) } });
    expect(long.statusCode).toBe(413);
    expect(long.json().error).toEqual({ code: 'text_too_long', message: 'text: 501 characters, at most 500' });
    const longQuery = await app.inject({ method: 'GET', url: `/api/anonymize?text=${'a'.repeat(501)}` });
    expect(longQuery.statusCode).toBe(413);
    const batch = await app.inject({ method: 'POST', url: '/api/detect', payload: { documents: ['a', 'b', 'c'].map((id) => ({ id, text: id })) } });
    expect(batch.statusCode).toBe(413);
    expect(batch.json().error.code).toBe('batch_too_large');
    // The server still answers after all of that.
    expect((await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 'Mr John Smith' } })).statusCode).toBe(200);
  });

  it('a request that works longer than the timeout is a 503', async () => {
    const { app } = await serviceWith({ limits: { requestTimeoutMs: 1, textLength: 2_000_000, bodyBytes: 10_000_000 } });
    const response = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { documents: Array.from({ length: 20 }, (_, i) => ({ id: `d${i}`, text: LETTER.repeat(200) })) } });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('timeout');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('beyond the concurrency and the queue the service answers 503 at once', async () => {
    const { app } = await serviceWith({ limits: { concurrency: 1, queue: 0, textLength: 2_000_000, bodyBytes: 10_000_000 } });
    const slow = app.inject({ method: 'POST', url: '/api/sanitize', payload: { documents: Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, text: LETTER.repeat(100) })) } });
    // Let the first request take the only slot.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('overloaded');
    expect((await slow).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER } })).statusCode).toBe(200);
  });
});

describe('a request cancelled mid-way', () => {
  it('frees its work: a batch stops at the next document, the abort is logged as 499', async () => {
    const service = await serviceWith({ limits: { textLength: 2_000_000, bodyBytes: 50_000_000, batchSize: 10_000 } });
    const address = await service.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const inFlight = async (): Promise<number> => (await service.metrics.inFlight.get()).values[0]?.value ?? 0;
      const controller = new AbortController();
      const documents = Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, text: LETTER.repeat(10) }));
      const pending = fetch(`${address}/api/sanitize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents }), signal: controller.signal }).catch(() => 'aborted');
      for (let i = 0; i < 100 && (await inFlight()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await inFlight()).toBe(1);
      controller.abort();
      expect(await pending).toBe('aborted');
      for (let i = 0; i < 50 && (await inFlight()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await inFlight()).toBe(0);
      const aborted = service.logs.find((l) => l.status === 499);
      expect(aborted).toMatchObject({ route: '/api/sanitize', error: 'client_closed' });
      expect(aborted!.documents).toBeLessThan(2000);
    } finally {
      await service.app.close();
    }
  });
});

describe('bearer-token auth', () => {
  it('with a token, API routes need it; health, the page and the OpenAPI document do not', async () => {
    const { app } = await serviceWith({ token: 'a-long-random-token' });
    const none = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthorized');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await app.inject({ method: 'POST', url: '/api/sanitize', headers: { authorization: 'Bearer wrong' }, payload: { text: LETTER } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({ method: 'POST', url: '/api/sanitize', headers: { authorization: 'Bearer a-long-random-token' }, payload: { text: LETTER } });
    expect(right.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    for (const url of ['/healthz', '/openapi.json', '/', '/app.js']) expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
  });

  it('a port in use is one message naming the address', async () => {
    const first = await serviceWith();
    const address = await listenService(first, '127.0.0.1', 0, undefined);
    try {
      const second = await serviceWith();
      const port = Number(new URL(address).port);
      await expect(listenService(second, '127.0.0.1', port, undefined)).rejects.toThrow(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    } finally {
      await first.app.close();
    }
  });

  it('a bad or misspelt limit is one message naming it', async () => {
    await expect(serviceWith({ limits: { concurrency: 0 } })).rejects.toThrow(/\(service limits\): concurrency: /);
    await expect(serviceWith({ limits: { concurency: 2 } as never })).rejects.toThrow(/Unrecognized key: "concurency"/);
  });

  it('a pipeline that takes given spans cannot be served', async () => {
    const pipeline = await createPipeline({ detect: { given: 'gold' } }, { env: {} });
    expect(() => createService({ pipeline })).toThrow('a service pipeline must detect spans itself');
  });

  it('binding off loopback without a token is refused', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(() => checkBinding('0.0.0.0', undefined)).toThrow(/SANITEXT_SERVICE_TOKEN/);
    expect(() => checkBinding('0.0.0.0', 'token')).not.toThrow();
    expect(() => checkBinding('127.0.0.1', undefined)).not.toThrow();
  });
});
