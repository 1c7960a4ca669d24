/**
 * The one tokenizer of every model-based component: piece ids exactly as Transformers.js'
 * `tokenizer.encode(text)` gives them, plus each piece's UTF-16 range in the original text, for the
 * three families of `tokenizer.json` files — WordPiece (BERT, ELECTRA), byte-level BPE (RoBERTa,
 * GPT-2, Longformer) and SentencePiece Unigram/BPE with the Metaspace `▁` (XLM-R, DeBERTa-v3, mT5).
 * Special tokens (the sequence template, mask, pad) come from the tokenizer's own files.
 *
 * Transformers.js gives ids but no offsets, so the offsets are recovered by alignment: the text is
 * normalized piecewise with the tokenizer's own normalizer (code point by code point, or a base
 * character with its combining marks where normalizing them together differs, e.g. NFKC composing
 * "e\u0301") into a UTF-8 byte stream that remembers where each byte came from, and each piece's
 * surface bytes (`##` stripped, byte-level characters mapped back to bytes, `▁` read as a space,
 * `<0xNN>` byte-fallback pieces as their byte) are matched against that stream in order.
 * Whitespace is matched loosely (pre-tokenizers drop, replace or prepend it); a piece's range covers
 * its non-space characters only (like `trim_offsets`). A byte-level piece holding only some bytes
 * of a multi-byte character covers that whole character, so consecutive pieces may share it.
 * Pieces that spell nothing in the text (the unknown token) cover the text between their matched
 * neighbours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';

/** Pieces of a text without special tokens; `starts[i]..ends[i]` is piece i's UTF-16 range. */
export interface TokenizedText {
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
}

export type TokenizerFamily = 'wordpiece' | 'byte-level-bpe' | 'sentencepiece-unigram' | 'sentencepiece-bpe' | 'bpe' | 'unigram';

/** The parts of a `tokenizer.json` read here. */
interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  decoder?: unknown;
  model?: { type?: string; continuing_subword_prefix?: string | null; end_of_word_suffix?: string | null; byte_fallback?: boolean };
  added_tokens?: { id: number; content: string }[];
}

interface Component {
  type?: string;
  replacement?: string;
  pretokenizers?: unknown[];
  decoders?: unknown[];
  normalizers?: unknown[];
}

/** Every component of a (possibly `Sequence`) pre-tokenizer, decoder or normalizer. */
function components(value: unknown): Component[] {
  if (!value || typeof value !== 'object') return [];
  const c = value as Component;
  const nested = c.pretokenizers ?? c.decoders ?? c.normalizers;
  return nested ? nested.flatMap(components) : [c];
}

/** GPT-2's byte ↔ printable character table: the character that stands for each byte in byte-level pieces. */
function byteLevelDecoder(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  return new Map(bytes.map((b, i) => [String.fromCodePoint(chars[i]), b]));
}

const ENCODER = new TextEncoder();
const WHITESPACE = /\s/u;
/** Combining marks: they join the character before them when the normalizer composes. */
const COMBINING = /^\p{M}$/u;
const BYTE_FALLBACK = /^<0x([0-9A-Fa-f]{2})>$/;
/** How far (in bytes) past an unknown piece the next piece is looked for. */
const RESYNC_WINDOW = 4096;

/** The text normalized into UTF-8 bytes, each with the UTF-16 range it came from and whether it is a space. */
interface ByteStream {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  space: Uint8Array;
  length: number;
}

/** One original string normalized: its UTF-8 bytes and which of them are spaces. */
interface NormalizedUnit {
  normalized: string;
  bytes: Uint8Array;
  space: Uint8Array;
}

/** The vocabulary string of an id ("" when there is none). */
function tokenString(tokenizer: PreTrainedTokenizer, id: number): string {
  return tokenizer._tokenizer.id_to_token(id) ?? '';
}

/** A special token named in tokenizer_config.json (string or `{content}`), or undefined. */
function configToken(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}

export class PieceTokenizer {
  readonly family: TokenizerFamily;
  /** Ids the tokenizer's template puts before / after one sequence ([CLS] … [SEP], <s> … </s>, … </s>). */
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
  /** Ids of the tokenizer config's tokens (undefined where the config names none). */
  readonly padId: number | undefined;
  readonly maskId: number | undefined;
  readonly unkId: number | undefined;
  /** The config's mask token ("[MASK]", "<mask>"), for messages. */
  readonly maskToken: string | undefined;
  private readonly byteLevel: Map<string, number> | undefined;
  private readonly metaspace: string | undefined;
  private readonly byteFallback: boolean;
  private readonly subwordPrefix: string | undefined;
  private readonly wordSuffix: string | undefined;
  private readonly addedTokens: Map<number, string>;
  private readonly surfaces = new Map<number, Uint8Array | null>();
  private readonly normalized = new Map<string, string>();
  private readonly units = new Map<string, NormalizedUnit>();

  constructor(
    /** Transformers.js' own tokenizer: the ids come from it. */
    readonly reference: PreTrainedTokenizer,
    /** Names the model in errors. */
    readonly source: string,
  ) {
    const json = (reference._tokenizerJSON ?? {}) as TokenizerJson;
    const config = (reference._tokenizerConfig ?? {}) as Record<string, unknown>;
    const parts = [...components(json.pre_tokenizer), ...components(json.decoder)];
    const type = json.model?.type;
    this.byteLevel = parts.some((p) => p.type === 'ByteLevel') ? byteLevelDecoder() : undefined;
    this.metaspace = parts.find((p) => p.type === 'Metaspace')?.replacement ?? (parts.some((p) => p.type === 'Metaspace') ? '▁' : undefined);
    this.byteFallback = json.model?.byte_fallback === true;
    this.subwordPrefix = (type === 'WordPiece' ? (json.model?.continuing_subword_prefix ?? '##') : json.model?.continuing_subword_prefix) || undefined;
    this.wordSuffix = json.model?.end_of_word_suffix || undefined;
    this.addedTokens = new Map((json.added_tokens ?? []).map((t) => [t.id, t.content]));
    if (type === 'WordPiece') this.family = 'wordpiece';
    else if (type === 'BPE') this.family = this.byteLevel ? 'byte-level-bpe' : this.metaspace ? 'sentencepiece-bpe' : 'bpe';
    else if (type === 'Unigram') this.family = this.metaspace ? 'sentencepiece-unigram' : 'unigram';
    else throw new Error(`${source}: tokenizer model type ${type ?? 'unknown'} is not supported (WordPiece, BPE or Unigram)`);

    // The template around one sequence, found by encoding one character with and without special tokens.
    const withSpecials = reference.encode('a', { add_special_tokens: true });
    const bare = reference.encode('a', { add_special_tokens: false });
    const at = withSpecials.findIndex((_, i) => bare.every((b, j) => withSpecials[i + j] === b));
    if (at < 0) throw new Error(`${source}: cannot find the text inside the tokenizer's sequence template`);
    this.prefix = withSpecials.slice(0, at);
    this.suffix = withSpecials.slice(at + bare.length);
    const id = (key: string): number | undefined => {
      const token = configToken(config, key);
      return token === undefined ? undefined : reference._tokenizer.token_to_id(token);
    };
    this.maskToken = configToken(config, 'mask_token');
    this.maskId = id('mask_token');
    this.padId = id('pad_token');
    this.unkId = id('unk_token') ?? (reference.unk_token_id ?? undefined);
  }

  /** Loads the tokenizer of a model folder or hub id through Transformers.js. */
  static async load(target: string, options: { local_files_only?: boolean } = {}): Promise<PieceTokenizer> {
    return new PieceTokenizer(await AutoTokenizer.from_pretrained(target, options), target);
  }

  /**
   * The tokenizer of a local model folder, synchronously: the same class Transformers.js'
   * AutoTokenizer picks (`tokenizer_class`), from the same two files.
   */
  static fromFolder(folder: string): PieceTokenizer {
    const read = (name: string): Record<string, unknown> => {
      const file = join(folder, name);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${file}: cannot read the tokenizer (${(error as Error).message})`);
      }
    };
    const json = read('tokenizer.json');
    const config = read('tokenizer_config.json');
    const name = typeof config.tokenizer_class === 'string' ? config.tokenizer_class.replace(/Fast$/, '') : 'PreTrainedTokenizer';
    const candidate = (transformers as unknown as Record<string, unknown>)[name];
    const Class = typeof candidate === 'function' && candidate.prototype instanceof PreTrainedTokenizer ? (candidate as typeof PreTrainedTokenizer) : PreTrainedTokenizer;
    return new PieceTokenizer(new Class(json, config), folder);
  }

  /** The prefix and suffix as one [CLS]/[SEP]-style pair; throws when the template is anything else. */
  singleSpecials(role: string): { cls: number; sep: number } {
    if (this.prefix.length !== 1 || this.suffix.length !== 1) {
      throw new Error(`${role} ${this.source}: the tokenizer's sequence template has ${this.prefix.length} token(s) before the text and ${this.suffix.length} after; one of each is needed`);
    }
    return { cls: this.prefix[0], sep: this.suffix[0] };
  }

  /** The pad id, or an error naming the model. */
  requirePad(role: string): number {
    if (this.padId === undefined) throw new Error(`${role} ${this.source}: the tokenizer config names no pad token`);
    return this.padId;
  }

  tokenize(text: string): TokenizedText {
    return this.tokenizeWithMisses(text);
  }

  /**
   * Pieces with offsets, and how many pieces other than the unknown token could not be matched to
   * the text (and were placed between their neighbours instead): 0 on every document we use.
   */
  tokenizeWithMisses(text: string): TokenizedText & { misses: number } {
    return this.align(text, this.reference.encode(text, { add_special_tokens: false }));
  }

  /** Offsets of pieces `pieceIds` (Transformers.js' encoding of `text`, without special tokens) in `text`. */
  align(text: string, pieceIds: readonly number[]): TokenizedText & { misses: number } {
    const ids = Int32Array.from(pieceIds);
    const stream = this.stream(text);
    const starts = new Int32Array(ids.length);
    const ends = new Int32Array(ids.length);
    let cursor = 0;
    let lastEnd = 0;
    let misses = 0;
    let pending: number[] = [];
    /** Places the pending (unmatched) pieces over the text from the cursor up to stream byte `until`. */
    const flush = (until: number): void => {
      if (pending.length === 0) return;
      let first = cursor;
      while (first < until && stream.space[first]) first++;
      let last = until - 1;
      while (last >= first && stream.space[last]) last--;
      if (first > last) {
        const at = this.positionAt(stream, first, text.length, lastEnd);
        for (const p of pending) starts[p] = ends[p] = at;
      } else {
        // Runs of non-space text; with one run per unknown piece (consecutive unknown words), each takes its own.
        const runs: [number, number][] = [];
        for (let b = first; b <= last; b++) {
          if (stream.space[b]) continue;
          if (runs.length > 0 && runs[runs.length - 1][1] === b - 1) runs[runs.length - 1][1] = b;
          else runs.push([b, b]);
        }
        // Pieces of spaces only (a "▁" after an unknown piece) sit, empty, where the text before them ends.
        const content = pending.filter((p) => !this.spaceOnly(ids[p]));
        let k = 0;
        for (const p of pending) {
          if (this.spaceOnly(ids[p])) {
            starts[p] = ends[p] = lastEnd;
            continue;
          }
          const [from, to] = runs.length === content.length ? runs[k++] : [first, last];
          starts[p] = Math.max(stream.starts[from], lastEnd);
          ends[p] = Math.max(stream.ends[to], starts[p]);
          lastEnd = Math.max(lastEnd, ends[p]);
        }
      }
      cursor = until;
      pending = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const surface = this.surface(ids[i]);
      if (surface === null) {
        pending.push(i);
        continue;
      }
      if (pending.length > 0 && this.spaceOnly(ids[i])) {
        // Spaces cannot tell where the text of an unknown piece ends: wait for a piece with content.
        pending.push(i);
        continue;
      }
      let match = this.match(stream, surface, cursor);
      if (match) flush(cursor);
      else if (pending.length > 0) {
        // After an unknown piece: find where this piece resumes, a little further on.
        const limit = Math.min(stream.length, cursor + RESYNC_WINDOW);
        for (let from = cursor + 1; from <= limit && !match; from++) {
          match = this.match(stream, surface, from);
          if (match) flush(from);
        }
      }
      if (!match) {
        misses++;
        pending.push(i);
        continue;
      }
      if (match.start >= 0) {
        starts[i] = match.start;
        ends[i] = match.end;
      } else if (match.wsStart >= 0) {
        // A piece of spaces only (a lone "▁" or "Ġ", "ĊĊ") covers the spaces it stands for.
        starts[i] = Math.max(match.wsStart, lastEnd);
        ends[i] = Math.max(match.wsEnd, starts[i]);
      } else {
        starts[i] = ends[i] = this.positionAt(stream, cursor, text.length, lastEnd);
      }
      lastEnd = Math.max(lastEnd, ends[i]);
      cursor = match.next;
    }
    flush(stream.length);
    return { ids, starts, ends, misses };
  }

  /** True for a piece that spells only spaces ("▁", "Ġ", "ĊĊ"). */
  private spaceOnly(id: number): boolean {
    const surface = this.surface(id);
    return surface !== null && surface.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
  }

  private isUnknown(id: number): boolean {
    return id === this.unkId;
  }

  /** Where a zero-length piece sits: at the stream byte's character, never before an earlier piece's end. */
  private positionAt(stream: ByteStream, at: number, textLength: number, lastEnd: number): number {
    return Math.max(at < stream.length ? stream.starts[at] : textLength, lastEnd);
  }

  /**
   * Matches a piece's bytes at stream position `from`. Space bytes of the piece consume stream
   * spaces where there are some; stream spaces before a non-space byte are skipped.
   */
  private match(
    stream: ByteStream,
    surface: Uint8Array,
    from: number,
  ): { start: number; end: number; wsStart: number; wsEnd: number; next: number } | undefined {
    let c = from;
    let start = -1;
    let end = -1;
    let wsStart = -1;
    let wsEnd = -1;
    for (const b of surface) {
      if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) {
        if (c < stream.length && stream.space[c]) {
          if (wsStart < 0) wsStart = stream.starts[c];
          wsEnd = stream.ends[c];
          c++;
        }
        continue;
      }
      while (c < stream.length && stream.bytes[c] !== b && stream.space[c]) c++;
      if (c >= stream.length || stream.bytes[c] !== b) return undefined;
      if (start < 0) start = stream.starts[c];
      end = Math.max(end, stream.ends[c]);
      c++;
    }
    return { start, end, wsStart, wsEnd, next: c };
  }

  /** The bytes a piece spells in the normalized text; null for the unknown token. */
  private surface(id: number): Uint8Array | null {
    let surface = this.surfaces.get(id);
    if (surface !== undefined) return surface;
    surface = this.computeSurface(id);
    this.surfaces.set(id, surface);
    return surface;
  }

  private computeSurface(id: number): Uint8Array | null {
    if (this.isUnknown(id)) return null;
    const added = this.addedTokens.get(id);
    if (added !== undefined) return ENCODER.encode(added);
    let token = tokenString(this.reference, id);
    if (this.byteLevel) {
      const bytes: number[] = [];
      for (const char of token) {
        const b = this.byteLevel.get(char);
        if (b === undefined) return ENCODER.encode(token);
        bytes.push(b);
      }
      return Uint8Array.from(bytes);
    }
    if (this.byteFallback) {
      const byte = BYTE_FALLBACK.exec(token);
      if (byte) return Uint8Array.of(parseInt(byte[1], 16));
    }
    if (this.subwordPrefix && token.length > this.subwordPrefix.length && token.startsWith(this.subwordPrefix)) token = token.slice(this.subwordPrefix.length);
    if (this.wordSuffix && token.length > this.wordSuffix.length && token.endsWith(this.wordSuffix)) token = token.slice(0, -this.wordSuffix.length);
    if (this.metaspace) token = token.replaceAll(this.metaspace, ' ');
    return ENCODER.encode(token);
  }

  /** The tokenizer's normalizer applied to a piece of text (memoized). */
  private normalize(text: string): string {
    const known = this.normalized.get(text);
    if (known !== undefined) return known;
    const normalizer = this.reference._tokenizer.normalizer;
    const value: string = normalizer ? normalizer.normalize(text) : text;
    if (this.normalized.size > 100_000) this.normalized.clear();
    this.normalized.set(text, value);
    return value;
  }

  /** A piece of text normalized and encoded, with a space flag per byte (memoized per original string). */
  private unit(original: string): NormalizedUnit {
    let unit = this.units.get(original);
    if (!unit) {
      const normalized = this.normalize(original);
      const bytes: number[] = [];
      const space: number[] = [];
      for (const char of normalized) {
        const isSpace = WHITESPACE.test(char) || char === this.metaspace ? 1 : 0;
        for (const b of ENCODER.encode(char)) bytes.push(b), space.push(isSpace);
      }
      unit = { normalized, bytes: Uint8Array.from(bytes), space: Uint8Array.from(space) };
      if (this.units.size > 100_000) this.units.clear();
      this.units.set(original, unit);
    }
    return unit;
  }

  private stream(text: string): ByteStream {
    let capacity = Math.max(16, text.length * 2);
    let bytes = new Uint8Array(capacity);
    let starts = new Int32Array(capacity);
    let ends = new Int32Array(capacity);
    let space = new Uint8Array(capacity);
    let length = 0;
    const push = (unit: NormalizedUnit, start: number, end: number): void => {
      if (length + unit.bytes.length > capacity) {
        capacity = capacity * 2 + unit.bytes.length;
        const grownBytes = new Uint8Array(capacity);
        const grownStarts = new Int32Array(capacity);
        const grownEnds = new Int32Array(capacity);
        const grownSpace = new Uint8Array(capacity);
        grownBytes.set(bytes), grownStarts.set(starts), grownEnds.set(ends), grownSpace.set(space);
        (bytes = grownBytes), (starts = grownStarts), (ends = grownEnds), (space = grownSpace);
      }
      bytes.set(unit.bytes, length);
      space.set(unit.space, length);
      starts.fill(start, length, length + unit.bytes.length);
      ends.fill(end, length, length + unit.bytes.length);
      length += unit.bytes.length;
    };
    let i = 0;
    while (i < text.length) {
      const first = text.codePointAt(i)!;
      let j = i + (first > 0xffff ? 2 : 1);
      // A base character and the combining marks after it: the unit NFC/NFKC may compose.
      while (j < text.length) {
        const next = text.codePointAt(j)!;
        if (next < 0x300 || !COMBINING.test(String.fromCodePoint(next))) break;
        j += next > 0xffff ? 2 : 1;
      }
      const cluster = text.slice(i, j);
      const whole = this.unit(cluster);
      const single = j - i === (first > 0xffff ? 2 : 1);
      if (single) {
        push(whole, i, j);
        i = j;
        continue;
      }
      // Code point by code point, unless the cluster normalizes differently as a whole.
      const codePoints = [...cluster];
      const parts = codePoints.map((cp) => this.unit(cp));
      if (parts.map((u) => u.normalized).join('') !== whole.normalized) {
        push(whole, i, j);
      } else {
        let offset = i;
        codePoints.forEach((cp, k) => {
          push(parts[k], offset, offset + cp.length);
          offset += cp.length;
        });
      }
      i = j;
    }
    return { bytes, starts, ends, space, length };
  }
}

/** Indices of the pieces whose character range overlaps [start, end), in order. */
export function piecesOverlapping(tokens: TokenizedText, start: number, end: number): number[] {
  const found: number[] = [];
  // Piece ends never decrease: binary-search the first piece ending after `start`.
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
