/**
 * BERT WordPiece tokenization with character offsets (UTF-16, into the original text).
 * Transformers.js gives ids but no offsets, and every use of the masked LM here needs to know
 * which word-pieces a character span covers, so the normalizer, pre-tokenizer and WordPiece model
 * of a `tokenizer.json` are reproduced here (tests check the ids against Transformers.js).
 */

export interface WordPieceConfig {
  vocab: ReadonlyMap<string, number>;
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
  cleanText: boolean;
  handleChineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

/** Word-pieces of a text without special tokens; `starts[i]..ends[i]` is piece i's UTF-16 range. */
export interface TokenizedText {
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** One normalized code point and the original UTF-16 range it came from. */
interface NormalizedChar {
  char: string;
  start: number;
  end: number;
}

const PUNCTUATION = /^\p{P}$/u;
const COMBINING_MARK = /^\p{Mn}$/u;
const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cn}]$/u;
const WHITESPACE = /^\s$/u;

function isBertPunctuation(cp: number, char: string): boolean {
  // BERT counts all non-alphanumeric ASCII as punctuation, e.g. "$", "^", "`".
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return PUNCTUATION.test(char);
}

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export class WordPieceTokenizer {
  private readonly unkId: number;

  constructor(private readonly config: WordPieceConfig) {
    const unkId = config.vocab.get(config.unkToken);
    if (unkId === undefined) throw new Error(`WordPiece vocabulary has no unknown token "${config.unkToken}"`);
    this.unkId = unkId;
  }

  tokenize(text: string): TokenizedText {
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (const word of this.words(text)) this.wordPieces(word, ids, starts, ends);
    return { ids: Int32Array.from(ids), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
  }

  /** Normalizes and splits into words (BertNormalizer + BertPreTokenizer), keeping origins. */
  private *words(text: string): Generator<NormalizedChar[]> {
    let word: NormalizedChar[] = [];
    let offset = 0;
    for (const original of text) {
      const start = offset;
      offset += original.length;
      const cp = original.codePointAt(0)!;
      if (this.config.cleanText && (cp === 0 || cp === 0xfffd || (CONTROL.test(original) && !WHITESPACE.test(original)))) continue;
      if (WHITESPACE.test(original)) {
        if (word.length > 0) yield word;
        word = [];
        continue;
      }
      for (const char of this.normalizeChar(original)) {
        const c = char.codePointAt(0)!;
        const isolated = isBertPunctuation(c, char) || (this.config.handleChineseChars && isChineseChar(c));
        if (isolated) {
          if (word.length > 0) yield word;
          yield [{ char, start, end: offset }];
          word = [];
        } else {
          word.push({ char, start, end: offset });
        }
      }
    }
    if (word.length > 0) yield word;
  }

  private normalizeChar(original: string): string[] {
    let s = original;
    if (this.config.stripAccents) s = [...s.normalize('NFD')].filter((c) => !COMBINING_MARK.test(c)).join('');
    if (this.config.lowercase) s = s.toLowerCase();
    return [...s];
  }

  /** Greedy longest-match-first WordPiece; an unsplittable word becomes one [UNK]. */
  private wordPieces(word: NormalizedChar[], ids: number[], starts: number[], ends: number[]): void {
    const wordStart = word[0].start;
    const wordEnd = word[word.length - 1].end;
    if (word.length > this.config.maxInputCharsPerWord) {
      ids.push(this.unkId), starts.push(wordStart), ends.push(wordEnd);
      return;
    }
    const pieces: [number, number, number][] = [];
    let begin = 0;
    while (begin < word.length) {
      let end = word.length;
      let found = -1;
      while (begin < end) {
        let candidate = '';
        for (let i = begin; i < end; i++) candidate += word[i].char;
        if (begin > 0) candidate = this.config.continuingSubwordPrefix + candidate;
        const id = this.config.vocab.get(candidate);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) {
        ids.push(this.unkId), starts.push(wordStart), ends.push(wordEnd);
        return;
      }
      pieces.push([found, word[begin].start, word[end - 1].end]);
      begin = end;
    }
    for (const [id, start, end] of pieces) ids.push(id), starts.push(start), ends.push(end);
  }
}

/** Indices [first, last) of the pieces whose character range overlaps [start, end). */
export function piecesOverlapping(tokens: TokenizedText, start: number, end: number): number[] {
  const found: number[] = [];
  // Pieces are in text order: binary-search the first piece ending after `start`.
  let lo = 0;
  let hi = tokens.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens.ends[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < tokens.starts.length && tokens.starts[i] < end; i++) {
    if (tokens.ends[i] > start) found.push(i);
  }
  return found;
}

/** The parts of a Hugging Face `tokenizer.json` a WordPiece tokenizer needs. */
export interface TokenizerJson {
  normalizer?: { clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean } | null;
  model?: { type?: string; vocab?: Record<string, number>; unk_token?: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number };
}

/** WordPiece settings from a `tokenizer.json`; `source` names the model in errors. */
export function wordPieceConfigFromJson(json: TokenizerJson | undefined, vocab: Map<string, number>, source: string): WordPieceConfig {
  if (json?.model?.type !== 'WordPiece') {
    throw new Error(`${source}: only WordPiece (BERT-style) tokenizers are supported, this one is ${json?.model?.type ?? 'unknown'}`);
  }
  const normalizer = json.normalizer ?? {};
  const lowercase = normalizer.lowercase ?? false;
  return {
    vocab,
    unkToken: json.model.unk_token ?? '[UNK]',
    continuingSubwordPrefix: json.model.continuing_subword_prefix ?? '##',
    maxInputCharsPerWord: json.model.max_input_chars_per_word ?? 100,
    cleanText: normalizer.clean_text ?? true,
    handleChineseChars: normalizer.handle_chinese_chars ?? true,
    // BertNormalizer: strip_accents null follows lowercase.
    stripAccents: normalizer.strip_accents ?? lowercase,
    lowercase,
  };
}
