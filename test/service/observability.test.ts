import { describe, expect, it } from 'vitest';
import { MappingStore } from '../../src/service/index.ts';
import { ANONYMIZE_RS_PIPELINE, LETTER, serviceWith } from './helpers.ts';

const SECRET = 'Zebulon Quartermaine';

describe('logs', () => {
  it('carry route, status, duration and sizes, never a text, a span, a query or a body', async () => {
    const service = await serviceWith({ limits: { textLength: 200 } });
    const { app, logs } = service;
    const text = `Dear Mr ${SECRET}, write to zebulon@example.com.`;
    await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text, returnMapping: 'plain' } });
    await app.inject({ method: 'GET', url: `/api/anonymize?text=${encodeURIComponent(text)}` });
    await app.inject({ method: 'POST', url: '/api/detect', headers: { 'content-type': 'application/json' }, payload: `{"text": "${SECRET}` });
    await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: `${SECRET} `.repeat(20) } });
    await app.inject({ method: 'GET', url: `/no/such/route?text=${encodeURIComponent(SECRET)}` });
    await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text, returnMapping: SECRET } });
    expect(logs.map((l) => [l.route, l.status, l.error])).toEqual([
      ['/api/sanitize', 200, undefined],
      ['/api/anonymize', 200, undefined],
      ['/api/detect', 400, 'invalid_json'],
      ['/api/sanitize', 413, 'text_too_long'],
      ['(no route)', 404, 'not_found'],
      ['/api/sanitize', 400, 'invalid_request'],
    ]);
    expect(Object.keys(logs[0]).sort()).toEqual(['documents', 'method', 'ms', 'requestBytes', 'responseBytes', 'route', 'status']);
    expect(logs[0].documents).toBe(1);
    expect(logs[0].responseBytes).toBeGreaterThan(0);
    const written = JSON.stringify(logs);
    for (const part of ['Zebulon', 'Quartermaine', 'zebulon', 'example.com']) expect(written).not.toContain(part);
  });

  it('a 404 names the path, not the query string', async () => {
    const { app } = await serviceWith();
    const response = await app.inject({ method: 'GET', url: `/api/anonymise?text=${encodeURIComponent(SECRET)}` });
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/anonymise' } });
  });
});

describe('GET /metrics', () => {
  it('is the Prometheus text format: requests by route and status, a latency histogram, documents, errors', async () => {
    const { app } = await serviceWith({}, ANONYMIZE_RS_PIPELINE);
    await app.inject({ method: 'POST', url: '/api/sanitize', payload: { documents: [{ id: 'a', text: 'apples' }, { id: 'b', text: 'plums' }] } });
    await app.inject({ method: 'GET', url: '/api/anonymize?text=bananas' });
    await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: 1 } });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    const lines = response.body.split('\n');
    expect(lines).toContain('# TYPE sanitext_http_requests_total counter');
    expect(lines).toContain('sanitext_http_requests_total{route="/api/sanitize",method="POST",status="200"} 1');
    expect(lines).toContain('sanitext_http_requests_total{route="/api/sanitize",method="POST",status="400"} 1');
    expect(lines).toContain('sanitext_http_requests_total{route="/api/anonymize",method="GET",status="200"} 1');
    expect(lines).toContain('# TYPE sanitext_http_request_duration_seconds histogram');
    expect(lines).toContain('sanitext_http_request_duration_seconds_count{route="/api/sanitize"} 2');
    expect(lines).toContain('sanitext_http_request_duration_seconds_bucket{le="+Inf",route="/api/sanitize"} 2');
    expect(lines).toContain('sanitext_documents_total{route="/api/sanitize"} 2');
    expect(lines).toContain('sanitext_documents_total{route="/api/anonymize"} 1');
    expect(lines).toContain('sanitext_errors_total{route="/api/sanitize",code="invalid_request"} 1');
    // Every sample line is `name{labels} value`.
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? [-+0-9.eInf]+$/);
  });
});

describe('the mapping store', () => {
  const mapping = { kind: 'mapping' as const, version: 1 as const, strategy: 'numbered', reversible: true, entries: [] };

  it('gives opaque random ids and forgets a mapping after its time to live', () => {
    let now = 0;
    const store = new MappingStore({ maxEntries: 10, ttlMs: 1000, now: () => now });
    const id = store.put(mapping);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(store.put(mapping)).not.toBe(id);
    now = 999;
    expect(store.get(id)).toBe(mapping);
    now = 1000;
    expect(store.get(id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('drops the least recently used mapping beyond its size', () => {
    const store = new MappingStore({ maxEntries: 2, ttlMs: 60_000 });
    const first = store.put(mapping);
    const second = store.put(mapping);
    expect(store.get(first)).toBe(mapping); // now `second` is the least recently used
    const third = store.put(mapping);
    expect(store.size).toBe(2);
    expect(store.get(second)).toBeUndefined();
    expect(store.get(first)).toBe(mapping);
    expect(store.get(third)).toBe(mapping);
  });

  it('through the API: the oldest stored mapping is gone once the store is full', async () => {
    const { app } = await serviceWith({ limits: { storedMappings: 1 } });
    const a = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, storeMapping: true } })).json();
    const b = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: `${LETTER} Again.`, storeMapping: true } })).json();
    expect((await app.inject({ method: 'POST', url: '/api/restore', payload: { text: a.text, mappingId: a.mappingId } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/restore', payload: { text: b.text, mappingId: b.mappingId } })).json().text).toBe(`${LETTER} Again.`);
  });
});
