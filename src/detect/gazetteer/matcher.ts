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
  children: Map<string, TrieNode<P>>;
  entries: TermEntry<P>[];
}

/** Word characters form tokens; every other non-space character is a token of its own. */
const TOKEN = /[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu;

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

export function tokenize(text: string): Token[] {
  const lowered = lowerSameLength(text);
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    tokens.push({ start, end, key: lowered.slice(start, end) });
  }
  return tokens;
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
      let child = node.children.get(token.key);
      if (!child) node.children.set(token.key, (child = { children: new Map(), entries: [] }));
      node = child;
    }
    node.entries.push({ ...entry, term: normalizeSpacing(entry.term) });
    this.count++;
  }

  /** Leftmost-longest matches whose case agrees with their list's policy. */
  match(text: string, tokens: Token[] = tokenize(text)): TermMatch<P>[] {
    const matches: TermMatch<P>[] = [];
    let i = 0;
    while (i < tokens.length) {
      const best = this.longestAt(text, tokens, i);
      if (best) {
        matches.push(best.match);
        i = best.nextToken;
      } else {
        i++;
      }
    }
    return matches;
  }

  private longestAt(text: string, tokens: Token[], first: number): { match: TermMatch<P>; nextToken: number } | undefined {
    let node: TrieNode<P> | undefined = this.root;
    let best: { match: TermMatch<P>; nextToken: number } | undefined;
    for (let j = first; j < tokens.length; j++) {
      node = node.children.get(tokens[j].key);
      if (!node) break;
      if (node.entries.length === 0) continue;
      const start = tokens[first].start;
      const end = tokens[j].end;
      const surface = normalizeSpacing(text.slice(start, end));
      const entry = node.entries.find((e) => e.casePolicy === 'insensitive' || e.term === surface);
      if (entry) best = { match: { start, end, term: entry.term, payload: entry.payload }, nextToken: j + 1 };
    }
    return best;
  }
}
