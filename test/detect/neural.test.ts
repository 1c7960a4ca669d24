import { beforeAll, describe, expect, it } from 'vitest';
import { createNeuralLayer, decodeWordLabels, parseLabel } from '../../src/detect/neural.ts';
import type { DetectedMention, DetectorLayer } from '../../src/detect/types.ts';

describe('BIO decoding', () => {
  it('reads BIO, BIOES/BILOU and bare labels', () => {
    expect(parseLabel('B-PERSON')).toEqual({ tag: 'B', type: 'PERSON' });
    expect(parseLabel('I-MASK')).toEqual({ tag: 'I', type: 'MASK' });
    expect(parseLabel('U-LOC')).toEqual({ tag: 'S', type: 'LOC' });
    expect(parseLabel('L-ORG')).toEqual({ tag: 'E', type: 'ORG' });
    expect(parseLabel('PER')).toEqual({ tag: 'I', type: 'PER' });
    expect(parseLabel('O')).toEqual({ tag: 'O', type: '' });
  });

  it('starts a span at an I without a B, splits on B and on a type change', () => {
    const labels = ['O', 'I-PERSON', 'I-PERSON', 'B-PERSON', 'I-LOC', 'O', 'B-DATETIME', 'I-DATETIME'];
    const confidence = [1, 0.9, 0.7, 0.8, 0.6, 1, 0.5, 0.7];
    const spans = decodeWordLabels(labels, confidence);
    expect(spans.map(({ first, last, type }) => [first, last, type])).toEqual([
      [1, 2, 'PERSON'],
      [3, 3, 'PERSON'],
      [4, 4, 'LOC'],
      [6, 7, 'DATETIME'],
    ]);
    expect(spans[0].confidence).toBeCloseTo(0.8, 6);
  });
});

describe('neural layer with the committed minibert-tab-ner model', () => {
  let layer: DetectorLayer;
  beforeAll(async () => {
    layer = await createNeuralLayer();
  });

  const find = (mentions: DetectedMention[], text: string, surface: string): DetectedMention | undefined =>
    mentions.find((m) => text.slice(m.start, m.end).includes(surface));

  it('finds the people, places and dates of a court-judgment sentence, on word boundaries', async () => {
    const text =
      'The applicant, Mr Jan Kowalski, is a Polish national who was born in 1962 and lives in Warsaw. ' +
      'On 12 March 2001 the Warsaw Regional Court convicted him of fraud.';
    const mentions = await layer.detect({ id: 'neural-test-1', text });
    expect(layer.name).toBe('neural');
    const person = find(mentions, text, 'Kowalski');
    expect(person?.entityType).toBe('PERSON');
    expect(find(mentions, text, '12 March 2001')?.entityType).toBe('DATETIME');
    expect(find(mentions, text, '1962')?.entityType).toBe('DATETIME');
    for (const m of mentions) {
      // Word boundaries: a mention neither starts nor ends inside a word.
      expect(/[\p{L}\p{N}]/u.test(text[m.start - 1] ?? ' ') && /[\p{L}\p{N}]/u.test(text[m.start])).toBe(false);
      expect(/[\p{L}\p{N}]/u.test(text[m.end] ?? ' ') && /[\p{L}\p{N}]/u.test(text[m.end - 1])).toBe(false);
      expect(m.confidence).toBeGreaterThan(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
      expect(m.source).toBe('neural:minibert-tab-ner');
    }
    // Common words are not entities.
    expect(find(mentions, text, 'convicted')).toBeUndefined();
    expect(find(mentions, text, 'fraud')).toBeUndefined();
  });

  it('maps labels through labelMap and keeps UTF-16 offsets after astral characters', async () => {
    const renamed = await createNeuralLayer({ labelMap: { PERSON: 'PER', DATETIME: '' } });
    const text = '😀 The applicant, Mr Jan Kowalski, was born on 3 May 1970 in Kraków.';
    const mentions = await renamed.detect({ id: 'neural-test-2', text });
    const person = find(mentions, text, 'Kowalski');
    expect(person?.entityType).toBe('PER');
    expect(text.slice(person?.start ?? 0, person?.end ?? 0)).toMatch(/Kowalski$/);
    expect(mentions.some((m) => m.entityType === 'DATETIME' || m.entityType === '')).toBe(false);
  });
});
