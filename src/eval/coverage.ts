/**
 * The spec's `covered(s, e)`: is a gold span masked by the system, once ignorable tokens
 * (by POS or by lower-cased text) and ignorable characters are set aside?
 */
import type { Span } from '../corpus/index.ts';
import type { PosTagger, TaggedToken } from './pos.ts';

export const IGNORED_CHARACTERS = new Set([' ', ',', '.', '-', ';', ':', '/', '&', '(', ')', '[', ']', "'", '"', '\u2013', '\u2019', '\u201C', '\u201D']);
export const IGNORED_TOKENS = new Set(['mr', 'mrs', 'ms', 'no', 'nr', 'about']);
export const IGNORED_POS = new Set(['ADP', 'PART', 'CCONJ', 'DET']);

/** Coverage of one document by one system output; POS tags are computed only when needed. */
export class DocumentCoverage {
  private readonly masked: Uint8Array;
  private tokens: TaggedToken[] | undefined;

  constructor(
    private readonly text: string,
    systemSpans: readonly Span[],
    private readonly tagger: PosTagger,
  ) {
    this.masked = new Uint8Array(text.length);
    for (const s of systemSpans) this.masked.fill(1, s.start, s.end);
  }

  /** True when every character of [start, end) is masked or ignorable. */
  covered(span: Span): boolean {
    const uncovered: number[] = [];
    for (let i = span.start; i < span.end; i++) if (!this.masked[i]) uncovered.push(i);
    if (uncovered.length === 0) return true;
    const ignored = this.ignorableTokenChars(span);
    return uncovered.every((i) => ignored.has(i) || IGNORED_CHARACTERS.has(this.text[i]));
  }

  /** True when some character of the span is masked (for reporting partial matches). */
  touched(span: Span): boolean {
    for (let i = span.start; i < span.end; i++) if (this.masked[i]) return true;
    return false;
  }

  private ignorableTokenChars(span: Span): Set<number> {
    this.tokens ??= this.tagger.tag(this.text);
    const chars = new Set<number>();
    for (const t of overlappingTokens(this.tokens, span)) {
      if (IGNORED_POS.has(t.pos) || IGNORED_TOKENS.has(t.lower)) {
        for (let i = t.start; i < t.end; i++) chars.add(i);
      }
    }
    return chars;
  }
}

/** Tokens (sorted by start) that overlap the span. */
function overlappingTokens(tokens: readonly TaggedToken[], span: Span): TaggedToken[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: TaggedToken[] = [];
  for (let i = lo; i < tokens.length && tokens[i].start < span.end; i++) out.push(tokens[i]);
  return out;
}
