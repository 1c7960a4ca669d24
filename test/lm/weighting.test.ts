import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskedLm, MlmWeighting } from '../../src/lm/index.ts';
import { referenceLogProb } from './helpers.ts';

let lm: MaskedLm;
const warnings: string[] = [];
let weighting: MlmWeighting;

beforeAll(async () => {
  lm = await MaskedLm.load({ precision: 'q8', threads: 2 });
  weighting = new MlmWeighting(lm, { warn: (m) => warnings.push(m) });
}, 60_000);
afterAll(async () => lm.dispose());

describe('information-content weighting (spec: Information-content weights)', () => {
  it('matches a hand-built masked sequence on a small case', async () => {
    const text = 'Alice Smith lives in Paris.';
    // Hand-checked tokenization: [CLS] Alice Smith lives in Paris . [SEP]
    const ids = [...lm.special.prefix, 7645, 6439, 3758, 1223, 3309, 18, ...lm.special.suffix];
    expect(ids.length).toBe(8); // BERT's template: one [CLS], one [SEP]
    expect([...lm.tokenizer.tokenize(text).ids]).toEqual(ids.slice(1, -1));
    // Units: "Alice Smith" → positions 1, 2; "Paris" → 5; "ice Sm" overlaps the same two pieces as the name.
    const units = [
      { start: 0, end: 11 },
      { start: 21, end: 26 },
      { start: 2, end: 8 },
    ];
    const maskedIds = ids.map((id, i) => ([1, 2, 5].includes(i) ? lm.special.mask : id));
    const attention = ids.map((_, i) => ([1, 2, 5].includes(i) ? 0 : 1));
    const logits = await lm.forward([{ ids: Int32Array.from(maskedIds), attention: Uint8Array.from(attention) }]);
    const lp = (position: number) => referenceLogProb(logits, 0, position, ids[position]);
    const expected = [-Math.min(lp(1), lp(2)), -lp(5), -Math.min(lp(1), lp(2))];
    const weights = await weighting.weights(text, units, 'hand');
    weights.forEach((w, i) => expect(Math.abs(w - expected[i])).toBeLessThan(1e-4));
    weights.forEach((w) => expect(w).toBeGreaterThan(0));
    // −ln of the MIN probability: the weight is the larger of the two pieces' surprisals.
    expect(weights[0]).toBeCloseTo(Math.max(-lp(1), -lp(2)), 4);
  });

  it('cuts long texts into 100-piece chunks without added [CLS]/[SEP], positions restarting', async () => {
    const sentence = 'The applicant, Mr John Brown, was born in 1962 and lives in Warsaw. ';
    const text = sentence.repeat(12);
    const tokens = lm.tokenizer.tokenize(text);
    expect(tokens.ids.length + 2).toBeGreaterThan(200);
    const target = 150; // a piece in the second chunk
    const unit = { start: tokens.starts[target], end: tokens.ends[target] };
    const ids = [...lm.special.prefix, ...tokens.ids, ...lm.special.suffix];
    const position = target + 1;
    const chunkStart = Math.floor(position / 100) * 100;
    const chunk = ids.slice(chunkStart, chunkStart + 100);
    const attention = chunk.map((_, i) => (chunkStart + i === position ? 0 : 1));
    const masked = chunk.map((id, i) => (chunkStart + i === position ? lm.special.mask : id));
    const logits = await lm.forward([{ ids: Int32Array.from(masked), attention: Uint8Array.from(attention) }]);
    const expected = -referenceLogProb(logits, 0, position - chunkStart, ids[position]);
    const [weight] = await weighting.weights(text, [unit], 'chunks');
    expect(Math.abs(weight - expected)).toBeLessThan(1e-4);
  });

  it('gives 0 with a warning naming the document and unit when a unit covers no word-piece', async () => {
    warnings.length = 0;
    const weights = await weighting.weights('Alice  met Bob.', [{ start: 5, end: 7 }, { start: 11, end: 14 }], 'doc-7');
    expect(weights[0]).toBe(0);
    expect(weights[1]).toBeGreaterThan(0);
    expect(warnings).toEqual(['mlm weighting: document doc-7, unit 5-7 covers no word-piece; weight 0']);
  });

  it('gives the same weights with the head on masked positions only as with full logits (fp32, 100-piece chunks)', async () => {
    const text = 'On 3 May 1994 Mr Jan Kowalski, a Polish engineer born in Gdańsk, was arrested in Warsaw. '.repeat(12);
    const units = [...text.matchAll(/\w+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length })).filter((_, i) => i % 3 === 0);
    const gathered = await MaskedLm.load({ precision: 'fp32', threads: 2 });
    const full = await MaskedLm.load({ precision: 'fp32', threads: 2, headOnTargetsOnly: false });
    try {
      expect(gathered.scoringPath).toBe('head-on-targets');
      expect(gathered.tokenizer.tokenize(text).ids.length).toBeGreaterThan(200);
      const a = await new MlmWeighting(gathered).weights(text, units, 'long');
      const b = await new MlmWeighting(full).weights(text, units, 'long');
      expect(a.length).toBe(units.length);
      a.forEach((w, i) => expect(Math.abs(w - b[i])).toBeLessThanOrEqual(1e-4));
    } finally {
      await Promise.all([gathered.dispose(), full.dispose()]);
    }
  }, 60_000);
});
