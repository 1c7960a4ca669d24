import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import type { OffsetTokenizer, PieceTokenizer, TokenizedText } from '../../src/lm/index.ts';

type Tokenization = TokenizedText & { misses: number };

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'models');
export const BUNDLED_WORDPIECE = join(REPO_ROOT, 'models', 'minibert-en-cased');
/** The three families: the bundled BERT, and the fixtures made by training/make_tiny_fixtures.py. */
export const FAMILY_MODELS = {
  wordpiece: BUNDLED_WORDPIECE,
  'byte-level-bpe': join(FIXTURES, 'tiny-roberta-bpe-mlm'),
  'sentencepiece-unigram': join(FIXTURES, 'tiny-xlmr-unigram-mlm'),
} as const;

/**
 * SHA-256 prefixes of the old hand-written WordPieceTokenizer's {ids, starts, ends} and of the old
 * word-by-word OffsetTokenizer's {words, pieces}, per document of sample, tab144 and wiki-test,
 * written with those implementations before they were replaced (committed results depend on them).
 */
export const WORDPIECE_GOLDEN = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'lm', 'wordpiece-golden.json'), 'utf8')) as Record<
  string,
  Record<string, { pieces: string; words: string }>
>;

export const shortHash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

export function piecesHash(tokens: TokenizedText): string {
  return shortHash([[...tokens.ids], [...tokens.starts], [...tokens.ends]]);
}

export function wordsHash(tokenizer: OffsetTokenizer, text: string): string {
  return shortHash(tokenizer.tokenize(text));
}

const normalized = new WeakMap<PieceTokenizer, Map<string, string>>();
const decoded = new WeakMap<PieceTokenizer, Map<number, string>>();

/** `compute` memoized per tokenizer (documents repeat the same pieces and words thousands of times). */
function memo<K, V>(caches: WeakMap<PieceTokenizer, Map<K, V>>, tokenizer: PieceTokenizer, compute: (key: K) => V): (key: K) => V {
  let cache = caches.get(tokenizer);
  if (!cache) caches.set(tokenizer, (cache = new Map()));
  const map = cache;
  return (key) => {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * Problems with a tokenization of `text` (the tokenizer's own, or `aligned`), checked independently
 * of its alignment: ids as Transformers.js encodes the text, no alignment misses, ranges in order inside the text, and
 * each piece's text, normalized by the tokenizer's normalizer, spelling what Transformers.js
 * decodes the piece to (a byte-level piece holding part of a character decodes to U+FFFD and must
 * cover exactly one character).
 */
export function offsetProblems(tokenizer: PieceTokenizer, text: string, aligned?: Tokenization): string[] {
  const problems: string[] = [];
  // Given an alignment of Transformers.js' own ids (`align(text, encode(text))`), the ids need no second check.
  const tokens = aligned ?? tokenizer.tokenizeWithMisses(text);
  if (!aligned) {
    const reference = tokenizer.reference.encode(text, { add_special_tokens: false });
    if (reference.length !== tokens.ids.length || reference.some((id, i) => id !== tokens.ids[i])) problems.push('ids differ from Transformers.js');
  }
  if (tokens.misses > 0) problems.push(`${tokens.misses} piece(s) not aligned`);
  const normalize = memo(normalized, tokenizer, (s: string): string => (tokenizer.reference._tokenizer.normalizer?.normalize(s) ?? s).replace(/[\s▁]/gu, ''));
  const decode = memo(decoded, tokenizer, (id: number): string =>
    tokenizer.reference
      .decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false })
      .replace(/\s/gu, '')
      .replace(/^##/, ''),
  );
  for (let i = 0; i < tokens.ids.length; i++) {
    const [start, end] = [tokens.starts[i], tokens.ends[i]];
    if (start > end || start < 0 || end > text.length || (i > 0 && end < tokens.ends[i - 1]) || (i > 0 && start < tokens.starts[i - 1])) {
      problems.push(`piece ${i}: range ${start}-${end} out of order`);
      continue;
    }
    const id = tokens.ids[i];
    if (id === tokenizer.unkId) continue;
    const spelt = decode(id);
    const slice = text.slice(start, end);
    if (spelt.includes('\uFFFD')) {
      if ([...slice].length !== 1) problems.push(`piece ${i}: a partial character over ${JSON.stringify(slice)}`);
    } else if (normalize(slice) !== normalize(spelt)) {
      problems.push(`piece ${i}: ${JSON.stringify(slice)} does not spell ${JSON.stringify(spelt)}`);
    }
    if (problems.length > 5) break;
  }
  return problems;
}
