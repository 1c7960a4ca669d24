/**
 * Every disk cache (masked-LM results, span-encoder vectors, web-search responses) writes entries
 * atomically and treats a cut-short entry as a miss with a warning naming the file (issue 11, item 8).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDataset, goldCandidates } from '../../src/corpus/index.ts';
import { Bm25SearchBackend, CachedBackend, SpanEncoder } from '../../src/indicators/index.ts';
import { MaskedLmEngine, setCacheWarning, type CacheWarning } from '../../src/lm/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'sanitext-caches-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const warnings: string[] = [];
let previous: CacheWarning;
beforeEach(() => {
  warnings.length = 0;
  previous = setCacheWarning((m) => warnings.push(m));
});
afterEach(() => void setCacheWarning(previous));

const filesIn = (dir: string, ext: string): string[] => readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => join(dir, f));

describe('disk caches survive a cut-short entry', () => {
  it('masked LM: a truncated .json entry is recomputed (same numbers) with a warning naming it, then rewritten whole', async () => {
    const [doc] = (await loadDataset('sample')).documents;
    const requests = goldCandidates(doc).slice(0, 6).map((span) => ({ span }));
    const cacheDir = join(scratch, 'lm');
    const engine = await MaskedLmEngine.create({ precision: 'q8', threads: 1, cacheDir });
    try {
      const first = await engine.spanLogProbs(doc, requests);
      const [entry] = filesIn(cacheDir, '.json');
      expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const whole = statSync(entry).size;
      truncateSync(entry, Math.floor(whole / 2));
      const again = await engine.spanLogProbs(doc, requests);
      expect(again).toEqual(first);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(entry);
      expect(statSync(entry).size).toBe(whole);
      // A structurally wrong entry (valid JSON, wrong shape) is a miss too.
      writeFileSync(entry, '[{"tokenIds":[1]}]');
      expect(await engine.spanLogProbs(doc, requests)).toEqual(first);
      expect(warnings).toHaveLength(2);
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it('span encoder: a .f32 entry cut to an odd length is recomputed with a warning, not a RangeError', async () => {
    const [doc] = (await loadDataset('sample')).documents;
    const spans = goldCandidates(doc).slice(0, 4);
    const cacheDir = join(scratch, 'encoder');
    const encoder = await SpanEncoder.create({ threads: 1, cacheDir });
    try {
      const first = await encoder.encode(doc, spans);
      const [entry] = filesIn(cacheDir, '.f32');
      const whole = readFileSync(entry).length;
      truncateSync(entry, whole - 3);
      const again = await encoder.encode(doc, spans);
      expect(again.contextual.map((v) => Array.from(v))).toEqual(first.contextual.map((v) => Array.from(v)));
      expect(warnings.join('\n')).toContain(entry);
      expect(readFileSync(entry).length).toBe(whole);
    } finally {
      await encoder.dispose();
    }
  }, 120_000);

  it('web search: a damaged cached response is fetched again with a warning naming the file', async () => {
    const inner = new Bm25SearchBackend([
      { id: 'a', text: 'Anna Berg lives in Oslo' },
      { id: 'b', text: 'Oslo is a city' },
    ]);
    const cacheDir = join(scratch, 'web');
    const cached = new CachedBackend(inner, cacheDir);
    const first = await cached.search('Oslo', { count: 5 });
    const [entry] = filesIn(cached.folder, '.json');
    truncateSync(entry, 5);
    expect(await new CachedBackend(inner, cacheDir).search('Oslo', { count: 5 })).toEqual(first);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(entry);
  });
});
