/** The default ONNX threads of models whose reference names none, and how workers share the cores. */
import { afterEach, describe, expect, it } from 'vitest';
import { modelThreads, setDefaultModelThreads } from '../../src/models/index.ts';
import { modelThreadsPerWorker } from '../../src/pipeline/index.ts';

describe('model threads', () => {
  afterEach(() => setDefaultModelThreads(undefined));

  it('an explicit value wins, then the thread default, then the loader fallback', () => {
    expect(modelThreads(3, 2)).toBe(3);
    expect(modelThreads(undefined, 2)).toBe(2);
    expect(modelThreads(undefined)).toBeUndefined();
    setDefaultModelThreads(1);
    expect(modelThreads(undefined, 2)).toBe(1);
    expect(modelThreads(4, 2)).toBe(4);
    expect(() => setDefaultModelThreads(0)).toThrow(/positive integer/);
    expect(() => setDefaultModelThreads(1.5)).toThrow(/positive integer/);
  });

  it('workers share the cores: cores ÷ workers, at least one each', () => {
    expect(modelThreadsPerWorker(1, 2)).toBe(2);
    expect(modelThreadsPerWorker(2, 2)).toBe(1);
    expect(modelThreadsPerWorker(3, 8)).toBe(2);
    expect(modelThreadsPerWorker(16, 2)).toBe(1);
  });
});
