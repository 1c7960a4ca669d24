/**
 * Work an evaluation shares instead of repeating: weights of the same masked units (TAE's manual
 * anonymizations differ only in their replacements) and sentence vectors of whole documents on disk.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoizedWeighting, SentenceEncoder, type TokenWeighting } from '../../src/eval/index.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe('memoized weighting', () => {
  it('computes the weights of one (document, units) once and gives them again; other units are new calls', async () => {
    const calls: string[] = [];
    const inner: TokenWeighting = {
      name: 'counting',
      weights: async (_text, units, docId) => {
        calls.push(`${docId}:${units.length}`);
        return units.map((u) => u.end - u.start);
      },
    };
    const memo = memoizedWeighting(inner);
    const units = [{ start: 0, end: 4 }, { start: 6, end: 9 }];
    expect(await memo.weights('text one', units, 'a')).toEqual([4, 3]);
    expect(await memo.weights('text one', [...units.map((u) => ({ ...u }))], 'a')).toEqual([4, 3]);
    expect(calls).toEqual(['a:2']);
    await memo.weights('text one', units.slice(0, 1), 'a');
    await memo.weights('text one', units, 'b');
    expect(calls).toEqual(['a:2', 'a:1', 'b:2']);
    expect(memo.name).toBe('counting');
  });
});

describe('sentence vectors on disk', () => {
  const dir = useTempDir('sanitext-encoder-cache-');
  // More than one 512-piece window: a whole document, which is cached; the short text is not.
  const long = Array.from({ length: 120 }, (_, i) => `Anna Berg met witness number ${i} in Oslo on 3 May 1961.`).join(' ');
  const short = 'Anna Berg was born in Oslo.';

  it('a whole document is read back from disk by a new encoder, with the same vector; short texts stay in memory only', async () => {
    const cacheDir = join(dir.path, 'encoder');
    const first = await SentenceEncoder.create({ threads: 1, cacheDir });
    const computed = await first.embed(long);
    await first.embed(short);
    const passes = first.counters.windows;
    await first.dispose();
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const second = await SentenceEncoder.create({ threads: 1, cacheDir });
    const restored = await second.embed(long);
    expect(second.counters.windows).toBe(0);
    expect([...restored]).toEqual([...computed]);
    await second.embed(short);
    expect(second.counters.windows).toBeGreaterThan(0);
    expect(passes).toBeGreaterThan(2);
    await second.dispose();
  });
});
