import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMetricsFile, type RunMetrics } from '../../src/report/index.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/report/', import.meta.url));

/** A fixture run: `wikipedia-gold` (Table 5, all three figures) or `tab-detected` (Table 6, no figures). */
export function fixture(name: 'wikipedia-gold' | 'tab-detected'): RunMetrics {
  const file = `${FIXTURES}${name}/metrics.json`;
  return parseMetricsFile(readFileSync(file, 'utf8'), file);
}

/** A small valid run to vary in tests. */
export function minimalRun(overrides: Partial<RunMetrics> = {}): RunMetrics {
  return {
    name: 'mini',
    dataset: 'tab',
    split: 'test',
    spanSource: 'gold',
    spans: 10,
    documents: 2,
    createdAt: '2025-02-01T00:00:00.000Z',
    settings: {},
    rows: [{ method: 'mask-everything', P: 0.5, Pw: 0.6, R_all: 1, F1: 2 / 3, R_ent: 1, R_direct: 1, R_quasi: 1, seconds: 0.5 }],
    ...overrides,
  };
}
