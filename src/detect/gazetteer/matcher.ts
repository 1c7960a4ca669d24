/**
 * A FlashText-style multi-keyword matcher: terms are token sequences in a trie, the text is scanned
 * token by token, so every match starts and ends on a word boundary and the scan is linear in the
 * text whatever the number of terms. Leftmost-longest, non-overlapping matches.
 */
import type { Span } from '../../corpus/index.ts';

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
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Where the scan reads its tokens: lower-cased text (or keys) and token bounds. */
interface TokenView {
  starts: number[];
  ends: number[];
  hashes: Int32Array;
  /** True when token k, lower-cased, equals key. */
  is(k: number, key: string): boolean;
}

function textView(text: string): TokenView {
  const lowered = lowerSameLength(text);
  const { starts, ends } = tokenBounds(text);
  const hashes = new Int32Array(starts.length);
  for (let k = 0; k < starts.length; k++) hashes[k] = hashRange(lowered, starts[k], ends[k]);
  return { starts, ends, hashes, is: (k, key) => key.length === ends[k] - starts[k] && lowered.startsWith(key, starts[k]) };
}

function tokensView(tokens: readonly Token[]): TokenView {
  return {
    starts: tokens.map((t) => t.start),
    ends: tokens.map((t) => t.end),
    hashes: Int32Array.from(tokens, (t) => hashRange(t.key, 0, t.key.length)),
    is: (k, key) => tokens[k].key === key,
  };
}

function childOf<P>(node: TrieNode<P>, view: TokenView, k: number): TrieNode<P> | undefined {
  const bucket = node.children.get(view.hashes[k]);
  if (bucket === undefined) return undefined;
  for (const child of bucket) if (view.is(k, child.key)) return child.node;
  return undefined;
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
  const lowered = text.toLowerCase();
  if (lowered.length === text.length) return lowered;
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
const ASCII_KINDS: Kind[] = Array.from({ length: 128 }, (_, code) => kindOfCodePoint(code));
/** Kinds of the non-ASCII code points met so far (few distinct ones per corpus). */
const otherKinds = new Map<number, Kind>();

function kindOfCodePoint(codePoint: number): Kind {
  const char = String.fromCodePoint(codePoint);
  if (WORD_CHAR.test(char)) return Kind.Word;
  return SPACE_CHAR.test(char) ? Kind.Space : Kind.Other;
}

function kindOf(codePoint: number): Kind {
  if (codePoint < 128) return ASCII_KINDS[codePoint];
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
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const codePoint = text.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    const kind = kindOf(codePoint);
    if (kind === Kind.Space) {
      i += width;
      continue;
    }
    const start = i;
    i += width;
    if (kind === Kind.Word) {
      while (i < n) {
        const next = text.codePointAt(i) as number;
        if (kindOf(next) !== Kind.Word) break;
        i += next > 0xffff ? 2 : 1;
      }
    }
    starts.push(start);
    ends.push(i);
  }
  return { starts, ends };
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

export class KeywordMatcher<P> {
  private readonly root: TrieNode<P> = { children: new Map(), entries: [] };
  private count = 0;

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
  }

  /** Leftmost-longest matches whose case agrees with their list's policy. */
  match(text: string, tokens?: Token[]): TermMatch<P>[] {
    const view = tokens ? tokensView(tokens) : textView(text);
    const matches: TermMatch<P>[] = [];
    let i = 0;
    while (i < view.starts.length) {
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
    let node: TrieNode<P> | undefined = this.root;
    let best: { match: TermMatch<P>; nextToken: number } | undefined;
    for (let j = first; j < view.starts.length; j++) {
      node = childOf(node, view, j);
      if (!node) break;
      if (node.entries.length === 0) continue;
      const start = view.starts[first];
      const end = view.ends[j];
      const entry = firstAccepted(node.entries, () => normalizeSpacing(text.slice(start, end)));
      if (entry) best = { match: { start, end, term: entry.term, payload: entry.payload }, nextToken: j + 1 };
    }
    return best;
  }
}

/** The first entry whose case policy accepts the surface; the surface is built only if needed. */
function firstAccepted<P>(entries: readonly TermEntry<P>[], surfaceOf: () => string): TermEntry<P> | undefined {
  let surface: string | undefined;
  for (const e of entries) {
    if (e.casePolicy === 'insensitive') return e;
    if ((surface ??= surfaceOf()) === e.term) return e;
  }
  return undefined;
}
