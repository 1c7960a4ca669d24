import { describe, expect, it } from 'vitest';
import { PUBLISHED, PUBLISHED_DATASETS, canonicalMethod, groupOf, publishedRowFor, publishedRows } from '../../src/report/index.ts';

describe('published figures', () => {
  it('has every row of Tables 5 and 6 (9 per dataset) and Table 7 (3 per dataset)', () => {
    for (const dataset of PUBLISHED_DATASETS) {
      expect(publishedRows('Table 5', dataset)).toHaveLength(9);
      expect(publishedRows('Table 6', dataset)).toHaveLength(9);
      expect(publishedRows('Table 7', dataset)).toHaveLength(3);
      expect(publishedRows('Table 3', dataset)).toHaveLength(10);
    }
  });

  it('transcribes spot values exactly as printed', () => {
    expect(publishedRowFor('span-classification', 'Table 5', 'tab')?.scores).toEqual({ P: 0.74, Pw: 0.77, R_all: 0.92, F1: 0.83, R_ent: 0.93, R_direct: 1, R_quasi: 0.92 });
    expect(publishedRowFor('web-search:urls', 'Table 6', 'wikipedia')?.scores).toEqual({ P: 1, Pw: 1, R_all: 0.11, F1: 0.2, R_ent: 0.02, R_direct: 0.2, R_quasi: 0 });
    expect(publishedRowFor('combination:>=3', 'Table 7', 'tab')?.scores.F1).toBe(0.75);
    expect(publishedRowFor('PERSON', 'Table 3', 'wikipedia')?.scores).toEqual({ P: 0.97, R_all: 0.88, F1: 0.92 });
    // The paper prints n/a for CODE on Wikipedia biographies.
    expect(publishedRowFor('recognizer:CODE', 'Table 3', 'wikipedia')?.scores).toEqual({ P: null, R_all: null, F1: null });
    expect(publishedRowFor('recognizer:micro-no-label-match', 'Table 3', 'tab')?.scores).toEqual({ P: 0.63, R_all: 0.93, F1: 0.75 });
  });

  it('keeps every published score in [0, 1] with at most two decimals', () => {
    for (const byDataset of Object.values(PUBLISHED)) {
      for (const rows of Object.values(byDataset)) {
        for (const row of rows) {
          for (const v of Object.values(row.scores)) {
            if (v === null || v === undefined) continue;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            expect(Math.round(v * 100) / 100).toBe(v);
          }
        }
      }
    }
  });

  it('maps our method names and their spellings to the published rows', () => {
    expect(canonicalMethod('>=2')).toBe('combination:>=2');
    expect(canonicalMethod('Combination: ≥ 1')).toBe('combination:>=1');
    expect(canonicalMethod('combination:3')).toBe('combination:>=3');
    expect(canonicalMethod('LLM-Probability:AutoML')).toBe('llm-probability:ensemble');
    expect(canonicalMethod('sequence-labelling:strict')).toBe('sequence-labelling:full');
    expect(canonicalMethod('misc')).toBe('recognizer:MISC');
    expect(canonicalMethod('my-method')).toBe('my-method');
    expect(publishedRowFor('web-search:hits', 'Table 5', 'wikipedia')?.label).toBe('Web search (# of hits)');
    expect(publishedRowFor('sequence-labelling:partial', 'Table 5', 'tab')?.label).toBe('Sequence labelling (Longformer, partial match)');
    expect(publishedRowFor('perturbation', 'Table 6', 'tab')?.label).toBe('Perturbations (threshold ≈ 10)');
    expect(publishedRowFor('my-method', 'Table 5', 'tab')).toBeUndefined();
    expect(publishedRowFor('combination:>=1', 'Table 5', 'tab')).toBeUndefined();
  });

  it('groups rows by explicit group, else by method family', () => {
    expect(groupOf('llm-probability:logreg')).toBe('LLM probabilities');
    expect(groupOf('llm-probability:logreg', 'baseline')).toBe('baseline');
    expect(groupOf('>=2')).toBe('Combination');
    expect(groupOf('unknown:x')).toBe('unknown');
  });
});
