import type { Span } from '../corpus/index.ts';

/** Python's Unicode `\w+` as the TAB scorer uses it: letters, numbers of any category, `_`. */
const WORD_UNIT = /[\p{L}\p{N}_]+/gu;

/**
 * The word units inside a span, found in the span's own substring (so a span that cuts a word
 * yields a partial-word unit, as in the reference scorer). Absolute UTF-16 offsets.
 */
export function wordUnits(text: string, span: Span): Span[] {
  const units: Span[] = [];
  const slice = text.slice(span.start, span.end);
  for (const match of slice.matchAll(WORD_UNIT)) {
    const start = span.start + (match.index ?? 0);
    units.push({ start, end: start + match[0].length });
  }
  return units;
}
