import type { Span } from '../../corpus/index.ts';
import type { ContextWords } from '../context.ts';

/**
 * One pattern rule. `pattern` must have the `g` flag. When the match has a group named `span`, only
 * that group is the mention (so a rule can require context, e.g. "no." before a number, without
 * marking it). `validate` rejects matches a checksum or range test shows are not what they look like.
 */
/** A position ≥ from before which no match of a rule starts, or -1 (a rule's `seek` or `startsAt`). */
export type SeekFunction = (text: string, from: number) => number;

export interface Rule {
  name: string;
  entityType: string;
  confidence: number;
  pattern: RegExp;
  validate?: (value: string, text: string, span: Span) => boolean;
  /** The finer type of its mentions (subtypes.ts), or a function of the matched value. */
  subtype?: string | ((value: string, text: string, span: Span) => string | undefined);
  /**
   * Context words that raise or lower a mention's confidence (context.ts); default: those of its
   * subtype. With `minConfidence`, a mention whose confidence after context is below it is dropped:
   * a rule too ambiguous alone ("123 45 6789") then needs a word such as "SSN" before it.
   */
  context?: ContextWords;
  minConfidence?: number;
  /**
   * A cheap necessary condition: every match of `pattern` contains at least one of these strings
   * (matched with the pattern's own `i` and `u` flags, so case-insensitive rules compare as they
   * match). A text that contains none of them is not scanned. Worth it only when the strings are
   * rare and much cheaper to look for than the pattern; leave it out otherwise.
   */
  requires?: readonly string[];
  /**
   * Skips ahead: given `from`, a position no later than the start of the first match at or after
   * `from` (-1 when there is none). The scan runs the pattern from there instead of from `from`, so
   * a rule whose matches all contain a rare anchor need not try the pattern at every position.
   */
  seek?: SeekFunction;
  /**
   * The same contract as `seek` (no match starts in [from, result); -1 when none), used another way:
   * the pattern is tried at that one position only (sticky), and where it fails, `startsAt` is asked
   * again from the next position. For rules whose possible starts are cheaper to find than the
   * pattern's own scan finds them (a line start, the place after a postcode, a capital letter), where
   * a plain scan resumed from a failed start would run the pattern at every position after it.
   */
  startsAt?: SeekFunction;
  /** Narrows or drops a match before validation, as cleanCapitalizedSequence does for English. */
  clean?: (text: string, span: Span) => Span | undefined;
}

const prefilters = new WeakMap<Rule, RegExp | null>();

/** The keyword alternation of a rule's `requires`, with the pattern's case flags; null when none. */
function prefilterOf(rule: Rule): RegExp | null {
  let prefilter = prefilters.get(rule);
  if (prefilter === undefined) {
    const required = rule.requires;
    const flags = (rule.pattern.ignoreCase ? 'i' : '') + (rule.pattern.unicode ? 'u' : '') + (rule.pattern.flags.includes('v') ? 'v' : '');
    prefilter = required && required.length > 0 ? new RegExp(required.map(escapeRegExp).join('|'), flags) : null;
    prefilters.set(rule, prefilter);
  }
  return prefilter;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** False only when no match of the rule can occur in the text: it holds none of the required strings. */
export function ruleMayMatch(rule: Rule, text: string): boolean {
  const prefilter = prefilterOf(rule);
  return prefilter === null || prefilter.test(text);
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
