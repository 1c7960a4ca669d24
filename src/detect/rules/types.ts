import type { Span } from '../../corpus/index.ts';

/**
 * One pattern rule. `pattern` must have the `g` flag. When the match has a group named `span`, only
 * that group is the mention (so a rule can require context, e.g. "no." before a number, without
 * marking it). `validate` rejects matches a checksum or range test shows are not what they look like.
 */
export interface Rule {
  name: string;
  entityType: string;
  confidence: number;
  pattern: RegExp;
  validate?: (value: string, text: string, span: Span) => boolean;
}

/** The span of a match: the `span` group when there is one, else the whole match. */
export function matchSpan(match: RegExpMatchArray): Span | undefined {
  const start = match.index ?? 0;
  const group = match.groups?.span;
  if (group === undefined) return { start, end: start + match[0].length };
  const indices = (match as RegExpMatchArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices;
  const range = indices?.groups?.span;
  return range ? { start: range[0], end: range[1] } : undefined;
}
