import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConll, scoreConllTokens } from '../../bench/conll.ts';
import type { DetectedMention } from '../../src/detect/index.ts';

// The multilingual bench counts word units (\w+ inside each CoNLL token), as every token-level figure
// of the project: WikiANN's comma inside "Springfield , Illinois" is not a unit to find.
describe('bench/conll.ts scoring', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conll-units-'));
  const file = join(dir, 'test.conllu');
  writeFileSync(file, ['0\tSpringfield\tB-LOC', '1\t,\tI-LOC', '2\tIllinois\tI-LOC', '3\tand\tO', '4\tU.S.\tB-LOC', '5\tFC\tB-MISC', ''].join('\n'));
  const [sentence] = readConll(file);
  const layer = (spans: [string, string][]) => ({
    detect: async (): Promise<DetectedMention[]> =>
      spans.map(([surface, entityType]) => {
        const start = sentence.text.indexOf(surface);
        return { start, end: start + surface.length, entityType, confidence: 1, source: 'test' };
      }),
  });

  it('counts letters and digits, not punctuation tokens, and splits a token into its units', async () => {
    expect(sentence.text).toBe('Springfield , Illinois and U.S. FC');
    const counts = await scoreConllTokens(layer([['Springfield', 'LOC'], ['Illinois', 'LOC'], ['U.S', 'PERSON']]), [sentence]);
    // Gold units: Springfield, Illinois, U, S (the comma is none; FC is MISC and counts nowhere).
    expect(counts.gold).toBe(4);
    expect(counts.hit).toBe(4);
    expect(counts.hitLabel).toBe(2);
    expect(counts.predicted).toBe(4);
  });

  it('a mention that misses a unit loses it, and one on an O unit is a false positive', async () => {
    const counts = await scoreConllTokens(layer([['Springfield', 'LOC'], ['and', 'ORG']]), [sentence]);
    expect(counts.gold).toBe(4);
    expect(counts.hit).toBe(1);
    expect(counts.predicted).toBe(2);
  });
});
