/**
 * A FlashText-style multi-keyword matcher: terms are token sequences in a trie, the text is scanned
 * token by token, so every match starts and ends on a word boundary and the scan is linear in the
 * text whatever the number of terms. Leftmost-longest, non-overlapping matches.
 */
import type { Span } from '../../corpus/index.ts';
import { FNV_OFFSET, FNV_PRIME } from '../fnv.ts';
import { isWhitespace } from '../form-scan.ts';
import { lowerCaseInPlace } from '../lower-case.ts';

/** Case policy of a term list: `sensitive` matches the exact form; `insensitive` ignores case. */
export type CasePolicy = 'sensitive' | 'insensitive';

export interface TermEntry<P> {
  term: string;
  casePolicy: CasePolicy;
  payload: P;
}

export interface TermMatch<P> extends Span {
  term: string;
  payload: P;
}

interface TrieNode<P> {
  /**
   * Children by a hash of their lower-cased token (then by the token itself): the scan looks a
   * text token up without cutting a string out of the text, which dominated its cost.
   */
  children: Map<number, TrieChild<P>[]>;
  entries: TermEntry<P>[];
}

interface TrieChild<P> {
  key: string;
  node: TrieNode<P>;
}


/** FNV-1a over UTF-16 code units of s[start, end), kept within V8's small-integer range. */
function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h & 0x3fffffff;
}

/** Where the scan reads its tokens: lower-cased text (or keys) and token bounds. */
interface TokenView {
  count: number;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  hashes: ArrayLike<number>;
  /** True when token k, lower-cased, equals keys.slice(at, at + length). */
  is(k: number, keys: string, at: number, length: number): boolean;
}

/**
 * The tokens of a text, read from its lower case in place. A class, not an object with a closure:
 * one is made per text, and a closure made per call was named (defineProperty) by the TypeScript
 * runner's transform every time.
 */
class TextTokenView implements TokenView {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly hashes: Int32Array;
  private readonly lowered: string;

  constructor(text: string) {
    this.lowered = lowerSameLength(text);
    const { count, starts, ends, hashes } = scanHashedTokens(text, this.lowered);
    this.count = count;
    this.starts = starts;
    this.ends = ends;
    this.hashes = hashes;
  }

  is(k: number, keys: string, at: number, length: number): boolean {
    return length === this.ends[k] - this.starts[k] && sameUnits(this.lowered, this.starts[k], keys, at, length);
  }
}

/** Given tokens (with their lower-cased keys), as the scan reads them. */
class GivenTokenView implements TokenView {
  readonly count: number;
  readonly starts: number[];
  readonly ends: number[];
  readonly hashes: Int32Array;
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
    this.count = tokens.length;
    this.starts = tokens.map((t) => t.start);
    this.ends = tokens.map((t) => t.end);
    this.hashes = Int32Array.from(tokens, (t) => hashRange(t.key, 0, t.key.length));
  }

  is(k: number, keys: string, at: number, length: number): boolean {
    const key = this.tokens[k].key;
    return key.length === length && sameUnits(key, 0, keys, at, length);
  }
}

/** Whether a[aAt, aAt + length) and b[bAt, bAt + length) are the same code units (no string cut out). */
function sameUnits(a: string, aAt: number, b: string, bAt: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(aAt + i) !== b.charCodeAt(bAt + i)) return false;
  return true;
}

/*
 * Tokens: runs of word characters ([\p{L}\p{N}\p{M}_]), and every other non-space character on its
 * own, i.e. what /[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu matches. tokenBounds() scans for
 * them by hand: the expression allocates a match per token and runs slower on these classes.
 */

/**
 * Lower-cases code unit by code unit so offsets never move ("İ".toLowerCase() has two code units;
 * such characters are kept as they are).
 */
export function lowerSameLength(text: string): string {
  const lowered = lowerCaseInPlace(text);
  if (lowered !== undefined) return lowered;
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    out += lower.length === char.length ? lower : char;
  }
  return out;
}

export interface Token extends Span {
  /** Lower-cased token text, the trie key. */
  key: string;
}

/** Character kinds of the token grammar. */
const enum Kind {
  Space,
  Word,
  Other,
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;
const SPACE_CHAR = /^\s$/u;

/** Kinds of the ASCII characters, by code. */
const ASCII_KINDS = Uint8Array.from({ length: 128 }, (_, code) => kindOfCodePoint(code));
/** Kinds of the non-ASCII code points met so far (few distinct ones per corpus). */
const otherKinds = new Map<number, Kind>();

function kindOfCodePoint(codePoint: number): Kind {
  const char = String.fromCodePoint(codePoint);
  if (WORD_CHAR.test(char)) return Kind.Word;
  return SPACE_CHAR.test(char) ? Kind.Space : Kind.Other;
}

function kindOf(codePoint: number): Kind {
  if (codePoint < 128) return ASCII_KINDS[codePoint] as Kind;
  let kind = otherKinds.get(codePoint);
  if (kind === undefined) otherKinds.set(codePoint, (kind = kindOfCodePoint(codePoint)));
  return kind;
}

/** Token boundaries as two parallel arrays: no object and no key string per token. */
export interface TokenBounds {
  starts: number[];
  ends: number[];
}

/**
 * The tokens of the grammar above, by a hand-written scan: runs of word characters, and every other
 * non-space code point (a surrogate pair is one code point, a lone surrogate one "other" unit).
 */
export function tokenBounds(text: string): TokenBounds {
  const { count, starts, ends } = scanTokens(text);
  return { starts: Array.from(starts.subarray(0, count)), ends: Array.from(ends.subarray(0, count)) };
}

/** Token bounds (and, given the lower-cased text, trie hashes) in typed arrays; `count` are set. */
interface TokenScan {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
}

/**
 * The scan behind tokenBounds and the matcher: one pass over the text that also hashes each token
 * of the lower-cased text (the trie's lookup key), into arrays grown by doubling.
 */
function scanTokens(text: string, lowered?: string): TokenScan {
  const n = text.length;
  const hashing = lowered !== undefined;
  let capacity = (n >> 2) + 16;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let hashes = new Int32Array(hashing ? capacity : 0);
  let count = 0;
  let i = 0;
  while (i < n) {
    // ASCII is told by a table lookup; other code points by their (cached) kind.
    let code = text.charCodeAt(i);
    let width = 1;
    let kind: Kind;
    if (code < 128) kind = ASCII_KINDS[code] as Kind;
    else {
      code = text.codePointAt(i) as number;
      width = code > 0xffff ? 2 : 1;
      kind = kindOf(code);
    }
    if (kind === Kind.Space) {
      i += width;
      continue;
    }
    const start = i;
    // The hash (hashRange over the lower-cased token) is built as the token is read: an ASCII
    // capital lower-cases to itself + 32, other units are read from the lower-cased text.
    let hash = FNV_OFFSET;
    if (hashing) for (let k = i; k < i + width; k++) hash = Math.imul(hash ^ (code < 128 ? lowerAscii(code) : lowered.charCodeAt(k)), FNV_PRIME);
    i += width;
    if (kind === Kind.Word) {
      while (i < n) {
        const next = text.charCodeAt(i);
        if (next < 128) {
          if (ASCII_KINDS[next] !== Kind.Word) break;
          if (hashing) hash = Math.imul(hash ^ lowerAscii(next), FNV_PRIME);
          i++;
        } else {
          const codePoint = text.codePointAt(i) as number;
          if (kindOf(codePoint) !== Kind.Word) break;
          const end = i + (codePoint > 0xffff ? 2 : 1);
          if (hashing) for (let k = i; k < end; k++) hash = Math.imul(hash ^ lowered.charCodeAt(k), FNV_PRIME);
          i = end;
        }
      }
    }
    if (count === capacity) {
      capacity *= 2;
      starts = grow(starts, capacity);
      ends = grow(ends, capacity);
      if (hashing) hashes = grow(hashes, capacity);
    }
    starts[count] = start;
    ends[count] = i;
    if (hashing) hashes[count] = hash & 0x3fffffff;
    count++;
  }
  return { count, starts, ends, hashes };
}

/**
 * scanTokens with the hashes, written out for the matcher's hot path: the same tokens and hashes,
 * with no test of whether to hash, and a one-character token (punctuation, the bulk of "other"
 * tokens) stored without entering the word loop.
 */
function scanHashedTokens(text: string, lowered: string): TokenScan {
  const n = text.length;
  let { starts, ends, hashes } = hashedScratch;
  let capacity = starts.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const start = i;
    let code = text.charCodeAt(i);
    let kind: Kind;
    let hash: number;
    if (code < 128) {
      kind = ASCII_KINDS[code] as Kind;
      if (kind === Kind.Space) {
        i++;
        continue;
      }
      hash = Math.imul(FNV_OFFSET ^ lowerAscii(code), FNV_PRIME);
      i++;
    } else {
      code = text.codePointAt(i) as number;
      const end = i + (code > 0xffff ? 2 : 1);
      kind = kindOf(code);
      if (kind === Kind.Space) {
        i = end;
        continue;
      }
      hash = FNV_OFFSET;
      for (let k = i; k < end; k++) hash = Math.imul(hash ^ lowered.charCodeAt(k), FNV_PRIME);
      i = end;
    }
    if (kind === Kind.Word) {
      while (i < n) {
        const next = text.charCodeAt(i);
        if (next < 128) {
          if (ASCII_KINDS[next] !== Kind.Word) break;
          hash = Math.imul(hash ^ lowerAscii(next), FNV_PRIME);
          i++;
        } else {
          const codePoint = text.codePointAt(i) as number;
          if (kindOf(codePoint) !== Kind.Word) break;
          const end = i + (codePoint > 0xffff ? 2 : 1);
          for (let k = i; k < end; k++) hash = Math.imul(hash ^ lowered.charCodeAt(k), FNV_PRIME);
          i = end;
        }
      }
    }
    if (count === capacity) {
      capacity *= 2;
      starts = grow(starts, capacity);
      ends = grow(ends, capacity);
      hashes = grow(hashes, capacity);
    }
    starts[count] = start;
    ends[count] = i;
    hashes[count] = hash & 0x3fffffff;
    count++;
  }
  hashedScratch = { count, starts, ends, hashes };
  return hashedScratch;
}

/**
 * The arrays scanHashedTokens fills, kept from text to text (grown when a text needs more): the
 * matcher reads them before it returns, and on short texts three new arrays per text cost more than
 * the scan. Only scanHashedTokens and the match that called it use them.
 */
let hashedScratch: TokenScan = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024), hashes: new Int32Array(1024) };

/** An ASCII code lower-cased (as toLowerCase does). */
function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function grow(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

export function tokenize(text: string): Token[] {
  const lowered = lowerSameLength(text);
  const { starts, ends } = tokenBounds(text);
  return starts.map((start, k) => ({ start, end: ends[k], key: lowered.slice(start, ends[k]) }));
}

/** Collapses whitespace so "ballet  dancer" in a text matches the term "ballet dancer". */
function normalizeSpacing(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/**
 * Bits of each start filter. A term starts at token i only if it is token i alone (its hash is in
 * the one-token filter) or begins with tokens i and i+1 (their pair is in the pair filter): most
 * tokens, "the" and "of" among them, are passed over with two bit tests instead of trie lookups
 * (map lookups in a large trie miss the CPU cache).
 */
const FILTER_LOG_BITS = 19;
const FILTER_BITS = 1 << FILTER_LOG_BITS;

const pairHash = (first: number, second: number): number => Math.imul(first, 0x9e3779b1) ^ second;
/** The filter bit of a hash: the top bits of a multiplicative (Fibonacci) hash, well spread. */
const bitOf = (hash: number): number => Math.imul(hash, 0x9e3779b1) >>> (32 - FILTER_LOG_BITS);
const hasBit = (filter: Uint8Array, hash: number): boolean => {
  const bit = bitOf(hash);
  return (filter[bit >>> 3] & (1 << (bit & 7))) !== 0;
};
const setBit = (filter: Uint8Array, hash: number): void => {
  const bit = bitOf(hash);
  filter[bit >>> 3] |= 1 << (bit & 7);
};

interface StartFilters {
  oneToken: Uint8Array;
  pairs: Uint8Array;
}

/**
 * The trie as flat tables for the scan: node ids, and one open-addressing table of edges keyed by
 * (parent id, token hash). A lookup reads a few adjacent slots of one typed array where the map trie
 * chased a map, a bucket array and two objects per token, which missed the CPU cache once the rule
 * layer had run over the same text (the gazetteer layer took twice its time alone).
 */
interface FlatTrie<P> {
  mask: number;
  /**
   * Five numbers per slot, side by side (a probe reads one or two cache lines): the parent node id of
   * the edge (-1: empty), its token hash, its child node id, where the child's key starts in `keys`,
   * and the key's length times two plus one when the child has entries. A step of the scan then reads
   * the slot and the key's units, where it read a list of key strings, a string and a list of entry
   * lists (each a miss of the CPU cache on a trie of some 60,000 nodes).
   */
  slots: Int32Array;
  /** The lower-cased tokens of the edges, one after another. */
  keys: string;
  /** By node id: its entries (empty for none). */
  entries: TermEntry<P>[][];
}

const SLOT_WIDTH = 5;

const slotOf = (parent: number, hash: number, mask: number): number => (Math.imul(hash, 0x9e3779b1) ^ Math.imul(parent + 1, 0x85ebca6b)) >>> 0 & mask;

function flatten<P>(root: TrieNode<P>): FlatTrie<P> {
  const keys: string[] = [];
  let keysLength = 0;
  const entries: TermEntry<P>[][] = [root.entries];
  const edges: { parent: number; hash: number; child: number; keyAt: number; lengthAndFlag: number }[] = [];
  const queue: { node: TrieNode<P>; id: number }[] = [{ node: root, id: 0 }];
  for (let q = 0; q < queue.length; q++) {
    const { node, id } = queue[q];
    for (const [hash, bucket] of node.children) {
      for (const child of bucket) {
        const childId = entries.length;
        edges.push({ parent: id, hash, child: childId, keyAt: keysLength, lengthAndFlag: child.key.length * 2 + (child.node.entries.length > 0 ? 1 : 0) });
        keys.push(child.key);
        keysLength += child.key.length;
        entries.push(child.node.entries);
        queue.push({ node: child.node, id: childId });
      }
    }
  }
  let size = 16;
  while (size < edges.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size * SLOT_WIDTH).fill(-1);
  for (const { parent, hash, child, keyAt, lengthAndFlag } of edges) {
    let slot = slotOf(parent, hash, mask);
    while (slots[slot * SLOT_WIDTH] !== -1) slot = (slot + 1) & mask;
    slots.set([parent, hash, child, keyAt, lengthAndFlag], slot * SLOT_WIDTH);
  }
  return { mask, slots, keys: keys.join(''), entries };
}

/** The slot of the edge from node `parent` along token k of the view, or -1. */
function edgeOf<P>(trie: FlatTrie<P>, parent: number, view: TokenView, k: number): number {
  const hash = view.hashes[k];
  const { mask, slots, keys } = trie;
  for (let slot = slotOf(parent, hash, mask); slots[slot * SLOT_WIDTH] !== -1; slot = (slot + 1) & mask) {
    const at = slot * SLOT_WIDTH;
    if (slots[at] === parent && slots[at + 1] === hash && view.is(k, keys, slots[at + 3], slots[at + 4] >>> 1)) return at;
  }
  return -1;
}

export class KeywordMatcher<P> {
  private readonly root: TrieNode<P> = { children: new Map(), entries: [] };
  private count = 0;
  /** Built on the first match after an add. */
  private startFilters: StartFilters | undefined;
  private flat: FlatTrie<P> | undefined;

  get size(): number {
    return this.count;
  }

  add(entry: TermEntry<P>): void {
    const tokens = tokenize(entry.term);
    if (tokens.length === 0) return;
    let node = this.root;
    for (const token of tokens) {
      const hash = hashRange(token.key, 0, token.key.length);
      let bucket = node.children.get(hash);
      if (!bucket) node.children.set(hash, (bucket = []));
      let child = bucket.find((c) => c.key === token.key);
      if (!child) bucket.push((child = { key: token.key, node: { children: new Map(), entries: [] } }));
      node = child.node;
    }
    node.entries.push({ ...entry, term: normalizeSpacing(entry.term) });
    this.count++;
    this.startFilters = undefined;
    this.flat = undefined;
  }

  private filters(): StartFilters {
    if (!this.startFilters) {
      const filters: StartFilters = { oneToken: new Uint8Array(FILTER_BITS >>> 3), pairs: new Uint8Array(FILTER_BITS >>> 3) };
      for (const [first, bucket] of this.root.children) {
        for (const { node } of bucket) {
          if (node.entries.length > 0) setBit(filters.oneToken, first);
          for (const second of node.children.keys()) setBit(filters.pairs, pairHash(first, second));
        }
      }
      this.startFilters = filters;
    }
    return this.startFilters;
  }

  /** Leftmost-longest matches whose case agrees with their list's policy. */
  match(text: string, tokens?: Token[]): TermMatch<P>[] {
    const view: TokenView = tokens ? new GivenTokenView(tokens) : new TextTokenView(text);
    const { oneToken, pairs } = this.filters();
    const matches: TermMatch<P>[] = [];
    const { count, hashes } = view;
    let i = 0;
    while (i < count) {
      const hash = hashes[i];
      if (!hasBit(oneToken, hash) && (i + 1 === count || !hasBit(pairs, pairHash(hash, hashes[i + 1])))) {
        i++;
        continue;
      }
      const best = this.longestAt(text, view, i);
      if (best) {
        matches.push(best.match);
        i = best.nextToken;
      } else {
        i++;
      }
    }
    return matches;
  }

  private longestAt(text: string, view: TokenView, first: number): { match: TermMatch<P>; nextToken: number } | undefined {
    const trie = (this.flat ??= flatten(this.root));
    let node = 0;
    let best: { match: TermMatch<P>; nextToken: number } | undefined;
    for (let j = first; j < view.count; j++) {
      const edge = edgeOf(trie, node, view, j);
      if (edge < 0) break;
      node = trie.slots[edge + 2];
      if ((trie.slots[edge + 4] & 1) === 0) continue;
      const entries = trie.entries[node];
      const start = view.starts[first];
      const end = view.ends[j];
      const entry = firstAccepted(entries, text, start, end, j === first);
      if (entry) best = { match: { start, end, term: entry.term, payload: entry.payload }, nextToken: j + 1 };
    }
    return best;
  }
}

/**
 * The first entry whose case policy accepts the surface text[start, end), compared in place: one
 * token holds no space; several are read with each run of whitespace as one space.
 */
function firstAccepted<P>(entries: readonly TermEntry<P>[], text: string, start: number, end: number, oneToken: boolean): TermEntry<P> | undefined {
  for (const e of entries) {
    if (e.casePolicy === 'insensitive') return e;
    if (oneToken ? e.term.length === end - start && text.startsWith(e.term, start) : sameSpacedSurface(e.term, text, start, end)) return e;
  }
  return undefined;
}

/** Whether text[start, end), its whitespace runs read as one space, is `term` (normalizeSpacing's form), compared in place. */
function sameSpacedSurface(term: string, text: string, start: number, end: number): boolean {
  let k = 0;
  for (let i = start; i < end; ) {
    const unit = text.charCodeAt(i);
    if (isWhitespace(unit)) {
      if (term.charCodeAt(k) !== 32) return false;
      do i++;
      while (i < end && isWhitespace(text.charCodeAt(i)));
    } else {
      if (term.charCodeAt(k) !== unit) return false;
      i++;
    }
    k++;
  }
  return k === term.length;
}
