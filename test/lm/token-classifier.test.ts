import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { argmax, createTokenClassifier, OffsetTokenizer, pieceWindows, preTokenize, type TokenClassifier } from '../../src/lm/token-classifier.ts';

const BASE = join(REPO_ROOT, 'models', 'minibert-en-cased');
const NER = join(REPO_ROOT, 'models', 'minibert-tab-ner');

describe('preTokenize', () => {
  it('splits on whitespace and puts every punctuation character in a word of its own', () => {
    const text = 'Mr Kołodziński (no. 44521/04) paid €5,000.';
    const words = preTokenize(text).map((w) => text.slice(w.start, w.end));
    expect(words).toEqual(['Mr', 'Kołodziński', '(', 'no', '.', '44521', '/', '04', ')', 'paid', '€5', ',', '000', '.']);
  });

  it('drops control and format characters the BERT normalizer deletes', () => {
    const text = 'a\u200Bb c\u0007d';
    expect(preTokenize(text).map((w) => text.slice(w.start, w.end))).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('OffsetTokenizer', () => {
  let tokenizer: OffsetTokenizer;
  beforeAll(async () => {
    tokenizer = new OffsetTokenizer(await AutoTokenizer.from_pretrained(BASE, { local_files_only: true }));
  });

  it('finds the special tokens of the template', () => {
    expect(tokenizer.prefixIds).toEqual([2]); // [CLS]
    expect(tokenizer.suffixIds).toEqual([3]); // [SEP]
    expect(tokenizer.padId).toBe(0);
  });

  it('maps word pieces to UTF-16 offsets, astral characters included', () => {
    const text = 'In 𝔊𝔬𝔱𝔥𝔞𝔪 😀 Leszek Kołodziński met 𝒜lice on 19 August 2004.';
    const { words, pieces } = tokenizer.tokenize(text);
    // Every piece lies inside its word and the pieces of a word tile it without gaps.
    for (const piece of pieces) {
      const word = words[piece.word];
      expect(piece.start).toBeGreaterThanOrEqual(word.start);
      expect(piece.end).toBeLessThanOrEqual(word.end);
    }
    words.forEach((word, w) => {
      const own = pieces.filter((p) => p.word === w);
      expect(own.length).toBeGreaterThan(0);
      expect(own[0].start).toBe(word.start);
      expect(own.at(-1)?.end).toBe(word.end);
    });
    // Words after astral characters (two UTF-16 code units each) keep exact offsets.
    const surfaces = words.map((w) => text.slice(w.start, w.end));
    expect(surfaces).toContain('Kołodziński');
    expect(surfaces).toContain('😀');
    expect(surfaces).toContain('2004');
    const joined = pieces.filter((p) => words[p.word] && text.slice(words[p.word].start, words[p.word].end) === 'Kołodziński').map((p) => text.slice(p.start, p.end));
    expect(joined.join('')).toBe('Kołodziński');
    expect(joined.length).toBeGreaterThan(1);
    // The emoji is one [UNK] piece covering both code units.
    const emoji = pieces.find((p) => text.slice(p.start, p.end) === '😀');
    expect(emoji?.id).toBe(1);
    expect(emoji && emoji.end - emoji.start).toBe(2);
  });

  it('gives the same ids as tokenizing the whole text at once', async () => {
    const whole = await AutoTokenizer.from_pretrained(BASE, { local_files_only: true });
    const text = 'The applicant, Mr A.B., was detained at Kraków Remand Centre from 3 May 1999 to 12.06.2001 (ref. 2-K/99).';
    expect(tokenizer.tokenize(text).pieces.map((p) => p.id)).toEqual(whole.encode(text, { add_special_tokens: false }));
  });
});

describe('pieceWindows', () => {
  it('covers every piece and takes each from the window where it is most central', () => {
    const { windows, owner } = pieceWindows(1000, 100, 40);
    expect(windows[0]).toEqual({ start: 0, end: 100 });
    expect(windows[1]).toEqual({ start: 60, end: 160 });
    expect(windows.at(-1)?.end).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      const w = windows[owner[i]];
      expect(i).toBeGreaterThanOrEqual(w.start);
      expect(i).toBeLessThan(w.end);
    }
    // Piece 85 is 14 pieces from window 0's end but 25 from window 1's start: window 1 sees more
    // of its context on both sides.
    expect(owner[85]).toBe(1);
    expect(owner[20]).toBe(0);
  });

  it('uses one window for short inputs and rejects bad overlaps', () => {
    expect(pieceWindows(10, 100, 40).windows).toEqual([{ start: 0, end: 10 }]);
    expect(() => pieceWindows(10, 100, 100)).toThrow(/overlap/);
  });
});

describe('createTokenClassifier (committed minibert-tab-ner)', () => {
  let classifier: TokenClassifier;
  beforeAll(async () => {
    classifier = await createTokenClassifier(NER, { maxLength: 512 });
  });
  afterAll(async () => {
    await classifier?.dispose();
  });

  it('reads its labels from config.json', () => {
    expect(classifier.labels[0]).toBe('O');
    expect(classifier.labels).toContain('B-PERSON');
    expect(classifier.labels).toHaveLength(17);
  });

  it('gives (nearly) the same labels with short overlapping windows as with one window', async () => {
    const paragraph =
      'The applicant, Mr Jan Nowak, was born in 1961 and lives in Gdańsk. On 14 March 2003 the Regional Court ' +
      'sentenced him to two years of imprisonment. He appealed to the Court of Appeal, which dismissed the appeal on 2 June 2004. ';
    const text = paragraph.repeat(4);
    const short = await createTokenClassifier(NER, { maxLength: 64, stride: 24 });
    try {
      const one = await classifier.classify(text);
      const windowed = await short.classify(text);
      expect(one.pieces.length).toBeLessThan(510); // one window for the long-window classifier
      expect(windowed.pieces.map((p) => p.id)).toEqual(one.pieces.map((p) => p.id));
      const same = one.pieces.filter((p, i) => argmax(p.probs) === argmax(windowed.pieces[i].probs)).length;
      expect(same / one.pieces.length).toBeGreaterThanOrEqual(0.95);
      for (const piece of windowed.pieces) expect(piece.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    } finally {
      await short.dispose();
    }
  });
});
