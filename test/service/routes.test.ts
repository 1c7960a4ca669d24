import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaskKey } from '../../src/mask/index.ts';
import { ANONYMIZE_RS_PIPELINE, LETTER, serviceWith } from './helpers.ts';

// Rules, then the bundled TAB risk artefact (pipelines/risk-tab.yaml's): spans get a risk to threshold.
const RISK_PIPELINE = { name: 'risk', detect: { layers: { rules: true } }, assess: { artefact: join(import.meta.dirname, '../../pipelines/risk-tab.indicator.json') }, mask: { strategy: 'numbered' } };

const KEY = MaskKey.fromSecret('ab'.repeat(32), '(test key)');

describe('the service routes', () => {
  it('GET /healthz names the pipeline and its layers', async () => {
    const { app } = await serviceWith();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', pipeline: 'rules-only', layers: ['rules'], indicator: 'none' });
  });

  it('GET /openapi.json documents every route with request schemas from the zod schemas', async () => {
    const { app } = await serviceWith();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    for (const path of ['/api/detect', '/api/assess', '/api/sanitize', '/api/restore', '/api/anonymize', '/api/deanonymize', '/api/evaluate', '/healthz', '/metrics']) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    const sanitize = document.paths['/api/sanitize'].post.requestBody.content['application/json'].schema;
    expect(sanitize.properties.returnMapping.enum).toEqual(['plain', 'encrypted']);
    expect(sanitize.additionalProperties).toBe(false);
  });

  it('POST /api/detect gives spans in code points without their text, for one text and for a batch', async () => {
    const { app } = await serviceWith();
    const text = `😀 ${LETTER}`; // an astral character first: code points and UTF-16 differ by one after it
    const one = (await app.inject({ method: 'POST', url: '/api/detect', payload: { text } })).json();
    const email = one.mentions.find((m: { subtype?: string }) => m.subtype === 'EMAIL');
    expect([...text].slice(email.start, email.end).join('')).toBe('john.smith@example.com');
    expect(JSON.stringify(one)).not.toContain('john.smith');
    const batch = (await app.inject({ method: 'POST', url: '/api/detect', payload: { documents: [{ id: 'a', text: LETTER }, { id: 'b', text: 'nothing here' }] } })).json();
    expect(batch.documents.map((d: { id: string }) => d.id)).toEqual(['a', 'b']);
    expect(batch.documents[0].mentions.length).toBeGreaterThan(3);
    expect(batch.documents[1].mentions).toEqual([]);
  });

  it('POST /api/assess gives a risk and a decision per span', async () => {
    const { app } = await serviceWith();
    const result = (await app.inject({ method: 'POST', url: '/api/assess', payload: { text: LETTER } })).json();
    expect(result.indicator).toBe('none');
    expect(result.spans.length).toBe(result.counts.mentions);
    expect(result.spans.every((s: { decision: string; decidedBy: string }) => s.decision === 'mask' && s.decidedBy === 'none')).toBe(true);
  });

  it('POST /api/sanitize returns no mapping unless asked, and each kind of mapping restores the text', async () => {
    const { app } = await serviceWith({ key: KEY });
    const bare = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER } })).json();
    expect(Object.keys(bare).sort()).toEqual(['counts', 'id', 'text']);
    expect(bare.text).toContain('[CODE_1]');
    expect(bare.text).not.toContain('john.smith');

    const asked = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, returnMapping: 'encrypted', storeMapping: true } })).json();
    expect(asked.encryptedMapping).not.toContain('john.smith');
    expect(asked.mapping).toBeUndefined();
    const byEncrypted = (await app.inject({ method: 'POST', url: '/api/restore', payload: { text: asked.text, encryptedMapping: asked.encryptedMapping } })).json();
    expect(byEncrypted).toMatchObject({ text: LETTER, textCheck: 'same', missing: [] });
    const byId = (await app.inject({ method: 'POST', url: '/api/restore', payload: { text: asked.text, mappingId: asked.mappingId } })).json();
    expect(byId.text).toBe(LETTER);

    const plain = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { documents: [{ id: 'd1', text: LETTER }], returnMapping: 'plain' } })).json();
    expect(plain.documents[0].mapping.kind).toBe('mapping');
    const byPlain = (await app.inject({ method: 'POST', url: '/api/restore', payload: { text: plain.documents[0].text, mapping: plain.documents[0].mapping } })).json();
    expect(byPlain.text).toBe(LETTER);
  });

  it('POST /api/sanitize applies per-request strategies (byType over the default) without changing the next request', async () => {
    const { app } = await serviceWith();
    const payload = { text: LETTER, mask: { byType: { DATETIME: 'generalize', CODE: 'redact' } } };
    const overridden = (await app.inject({ method: 'POST', url: '/api/sanitize', payload })).json();
    expect(overridden.text).toContain('2021');
    expect(overridden.text).not.toContain('12 March');
    expect(overridden.text).toContain('***');
    expect(overridden.text).not.toContain('[CODE_1]');
    expect(overridden.text).not.toContain('john.smith');
    const defaults = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER } })).json();
    expect(defaults.text).toContain('[CODE_1]');
    expect(defaults.text).not.toContain('2021');
  });

  it('POST /api/sanitize refuses an unknown strategy, and a threshold without an assess stage, naming the field', async () => {
    const { app } = await serviceWith();
    const unknown = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, mask: { byType: { CODE: 'shred' } } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('mask.byType.CODE');
    expect(unknown.json().error.message).not.toContain('john.smith');
    const unknownDefault = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, mask: { strategy: 'shred' } } });
    expect(unknownDefault.statusCode).toBe(400);
    expect(unknownDefault.json().error.message).toContain('mask.strategy');
    const threshold = await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, threshold: 0.5 } });
    expect(threshold.statusCode).toBe(400);
    expect(threshold.json().error.message).toContain('threshold');
  });

  it('POST /api/sanitize masks exactly the spans whose risk reaches the request threshold', async () => {
    const { app } = await serviceWith({}, RISK_PIPELINE);
    const assessed = (await app.inject({ method: 'POST', url: '/api/assess', payload: { text: LETTER } })).json();
    const risks: number[] = assessed.spans.map((s: { risk: number }) => s.risk).sort((a: number, b: number) => a - b);
    expect(risks.length).toBeGreaterThan(1);
    const sanitizeAt = async (threshold: number) => (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, threshold } })).json();
    expect((await sanitizeAt(0)).counts.masked).toBe(risks.length);
    const none = await sanitizeAt(Math.max(...risks) + 0.01);
    expect(none.counts.masked).toBe(0);
    expect(none.text).toBe(LETTER);
    // At the median risk: the spans at or above it are masked, the others kept.
    const median = risks[Math.floor(risks.length / 2)];
    expect((await sanitizeAt(median)).counts.masked).toBe(risks.filter((r) => r >= median).length);
  });

  it('GET /api/strategies lists the registered strategies and the pipeline defaults', async () => {
    const { app } = await serviceWith();
    const listed = (await app.inject({ method: 'GET', url: '/api/strategies' })).json();
    expect(listed.strategies).toEqual(expect.arrayContaining(['numbered', 'redact', 'generalize']));
    expect(listed.default).toBe('numbered');
  });

  it('an encrypted mapping needs the server key, and a forgotten mapping id is a 404', async () => {
    const { app } = await serviceWith({ key: KEY });
    const asked = (await app.inject({ method: 'POST', url: '/api/sanitize', payload: { text: LETTER, returnMapping: 'encrypted', storeMapping: true } })).json();
    const other = await serviceWith({ key: MaskKey.fromSecret('cd'.repeat(32), '(other key)') });
    const wrongKey = await other.app.inject({ method: 'POST', url: '/api/restore', payload: { text: asked.text, encryptedMapping: asked.encryptedMapping } });
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json().error.message).toContain('wrong key');
    expect((await app.inject({ method: 'DELETE', url: `/api/mappings/${asked.mappingId}` })).statusCode).toBe(204);
    const gone = await app.inject({ method: 'POST', url: '/api/restore', payload: { text: asked.text, mappingId: asked.mappingId } });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('unknown_mapping');
  });

  it('GET /api/anonymize and POST /api/deanonymize have the anonymize-rs shapes and round-trip', async () => {
    const { app } = await serviceWith({}, ANONYMIZE_RS_PIPELINE);
    const text = 'I like to eat apples and bananas and plums';
    const anonymized = (await app.inject({ method: 'GET', url: `/api/anonymize?text=${encodeURIComponent(text)}` })).json();
    expect(anonymized).toEqual({
      text: 'I like to eat FRUIT_FLASH0 and FRUIT_FLASH1 and FRUIT_REGEX0',
      items: { FRUIT_FLASH0: 'apples', FRUIT_FLASH1: 'bananas', FRUIT_REGEX0: 'plums' },
    });
    const back = await app.inject({ method: 'POST', url: '/api/deanonymize', payload: anonymized });
    expect(back.json()).toEqual({ text });
  });

  it('deanonymize replaces longer placeholders first (PERSON10 is not PERSON1 followed by 0)', async () => {
    const { app } = await serviceWith();
    const items = { PERSON1: 'Ann', PERSON10: 'Bo' };
    const back = (await app.inject({ method: 'POST', url: '/api/deanonymize', payload: { text: 'PERSON10 met PERSON1', items } })).json();
    expect(back.text).toBe('Bo met Ann');
  });

  it('POST /api/evaluate gives the TAB metrics of system spans', async () => {
    const { app } = await serviceWith();
    const gold = JSON.parse(readFileSync(new URL('../../datasets/sample/sample.json', import.meta.url), 'utf8')).slice(0, 2);
    const empty = (await app.inject({ method: 'POST', url: '/api/evaluate', payload: { gold, system: { [gold[0].doc_id]: [] } } })).json();
    const whole = (await app.inject({ method: 'POST', url: '/api/evaluate', payload: { gold, system: { [gold[0].doc_id]: [[0, [...gold[0].text].length]] } } })).json();
    expect(empty.documentsEvaluated).toBe(1);
    expect(empty.metrics.recall_all_entities).toBe(0);
    expect(whole.metrics.recall_all_entities).toBe(1);
    const unknown = await app.inject({ method: 'POST', url: '/api/evaluate', payload: { gold, system: { nope: [] } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('nope');
  });

  it('GET / serves the web page', async () => {
    const { app } = await serviceWith();
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('sanitext');
  });

  it('the web page loads nothing from elsewhere, its script parses, and it inserts text only as text', async () => {
    const { app } = await serviceWith();
    const response = await app.inject({ method: 'GET', url: '/' });
    const page = response.body;
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(response.headers['content-security-policy']).toContain("script-src 'self';");
    expect(page).toContain('<script type="module" src="/app.js"></script>');
    const scriptResponse = await app.inject({ method: 'GET', url: '/app.js' });
    expect(scriptResponse.headers['content-type']).toContain('text/javascript');
    const script = scriptResponse.body;
    expect(script.length).toBeGreaterThan(1000);
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    // The routes it calls exist.
    const documented = Object.keys((await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    const called = [...script.matchAll(/call\('(?:GET|POST)', '([^']+)'/g)].map(([, route]) => route);
    expect(called).toEqual(expect.arrayContaining(['/api/assess', '/api/sanitize', '/api/restore', '/api/strategies']));
    for (const route of called) expect(documented).toContain(route);
  });
});
