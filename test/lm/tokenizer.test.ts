import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Document } from '../../src/corpus/index.ts';
import { OffsetTokenizer, PieceTokenizer, piecesOverlapping } from '../../src/lm/index.ts';
import { folderTokenizer } from '../../src/eval/metrics/neural-attacker.ts';
import { BUNDLED_WORDPIECE, FAMILY_MODELS, FIXTURES, offsetProblems, piecesHash, WORDPIECE_GOLDEN, wordsHash } from './tokenizer-checks.ts';

let docs: Document[];
const tokenizers = {} as Record<keyof typeof FAMILY_MODELS, PieceTokenizer>;

beforeAll(async () => {
  docs = (await loadDataset('sample')).documents;
  for (const [family, folder] of Object.entries(FAMILY_MODELS)) tokenizers[family as keyof typeof FAMILY_MODELS] = await PieceTokenizer.load(folder, { local_files_only: true });
});

/** What a piece covers, as text. */
function covered(tokenizer: PieceTokenizer, text: string): string[] {
  const tokens = tokenizer.tokenize(text);
  return [...tokens.ids].map((_, i) => text.slice(tokens.starts[i], tokens.ends[i]));
}

describe('PieceTokenizer: one tokenizer for three families', () => {
  it('recognises each family from tokenizer.json', () => {
    expect(Object.fromEntries(Object.entries(tokenizers).map(([k, t]) => [k, t.family]))).toEqual({
      wordpiece: 'wordpiece',
      'byte-level-bpe': 'byte-level-bpe',
      'sentencepiece-unigram': 'sentencepiece-unigram',
    });
  });

  it('reads the template and the mask, pad and unknown tokens from the tokenizer files', () => {
    const bert = tokenizers.wordpiece;
    expect([bert.prefix, bert.suffix, bert.maskToken, bert.maskId, bert.padId, bert.unkId]).toEqual([[2], [3], '[MASK]', 4, 0, 1]);
    for (const family of ['byte-level-bpe', 'sentencepiece-unigram'] as const) {
      const t = tokenizers[family];
      const id = (token: string) => t.reference._tokenizer.token_to_id(token);
      expect([t.prefix, t.suffix, t.maskToken, t.maskId, t.padId, t.unkId]).toEqual([[id('<s>')], [id('</s>')], '<mask>', id('<mask>'), id('<pad>'), id('<unk>')]);
      // RoBERTa and XLM-R put <mask> last, not at BERT's id 4.
      expect(t.maskId).toBe(t.reference.get_vocab().size - 1);
    }
  });

  for (const family of Object.keys(FAMILY_MODELS) as (keyof typeof FAMILY_MODELS)[]) {
    it(`${family}: ids of Transformers.js and exact offsets on every sample document`, () => {
      for (const doc of docs) expect(offsetProblems(tokenizers[family], doc.text), doc.id).toEqual([]);
    });
  }

  it('wordpiece: ids and offsets identical to the old WordPieceTokenizer on every sample document', () => {
    const words = new OffsetTokenizer(tokenizers.wordpiece);
    for (const doc of docs) {
      expect(piecesHash(tokenizers.wordpiece.tokenize(doc.text)), doc.id).toBe(WORDPIECE_GOLDEN.sample[doc.id].pieces);
      expect(wordsHash(words, doc.text), doc.id).toBe(WORDPIECE_GOLDEN.sample[doc.id].words);
    }
  });

  it('byte-level BPE: a piece holding part of a multi-byte character covers that character; spaces stay outside', () => {
    const text = 'Mr Kołodziński — 𝒜lice 😀';
    const t = tokenizers['byte-level-bpe'];
    const tokens = t.tokenize(text);
    const pieces = [...tokens.ids].map((id, i) => ({ token: t.reference._tokenizer.id_to_token(id)!, text: text.slice(tokens.starts[i], tokens.ends[i]) }));
    // "ł" is two UTF-8 bytes, split over two pieces: both cover the one character.
    expect(pieces.filter((p) => p.text === 'ł').length).toBe(2);
    expect(pieces.filter((p) => p.text === '😀').length).toBeGreaterThanOrEqual(2);
    // "ĠK" starts at K: the leading space is not part of the range.
    expect(pieces.find((p) => p.token === 'ĠK')?.text).toBe('K');
    // A span covers all the pieces of its characters.
    const start = text.indexOf('𝒜');
    expect(piecesOverlapping(tokens, start, start + 2).map((i) => pieces[i].text).join('')).toMatch(/^(𝒜)+$/);
  });

  it('SentencePiece: offsets into the original text through NFKC ("𝒜" → "A"), lone "▁" over the space', () => {
    const t = tokenizers['sentencepiece-unigram'];
    const text = 'Mr 𝒜lice met Bob —  in Oslo.';
    const tokens = t.tokenize(text);
    const pieces = [...tokens.ids].map((id, i) => [t.reference._tokenizer.id_to_token(id)!, text.slice(tokens.starts[i], tokens.ends[i])]);
    expect(pieces.find(([token]) => token.includes('A'))?.[1]).toMatch(/^𝒜/);
    for (const [token, covers] of pieces) if (token === '▁') expect(covers.trim()).toBe('');
    expect(offsetProblems(t, text)).toEqual([]);
  });

  it('unknown pieces: consecutive unknown words each get their own word', () => {
    const t = tokenizers.wordpiece;
    const text = 'x 𝔐𝔬𝔬𝔫 🌙 y';
    const tokens = t.tokenize(text);
    expect([...tokens.ids].filter((id) => id === t.unkId).length).toBe(2);
    expect(covered(t, text)).toEqual(['x', '𝔐𝔬𝔬𝔫', '🌙', 'y']);
  });

  it('the neural attacker reads any family from the artefact folder', async () => {
    const bert = await folderTokenizer(BUNDLED_WORDPIECE);
    expect([bert.cls, bert.sep, bert.pad]).toEqual([2, 3, 0]);
    const roberta = await folderTokenizer(join(FIXTURES, 'tiny-roberta-bpe-mlm'));
    expect([roberta.cls, roberta.sep, roberta.pad]).toEqual([0, 2, 1]);
    const text = docs[0].text;
    expect([...roberta.tokenizer.tokenize(text).ids]).toEqual(tokenizers['byte-level-bpe'].reference.encode(text, { add_special_tokens: false }));
  });
});
