import type { Span } from '../../corpus/index.ts';
import type { ContextWords } from '../context.ts';
import { anyCuePresent, registerCues } from './cues.ts';
import { featuresOf } from './features.ts';

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
  /**
   * A cheap necessary condition on the text's features (features.ts: e.g. "a digit, a hyphen, a
   * digit"), all found by one pass shared by every rule: a text whose features fail the gate holds
   * no match and is not scanned. For rules whose matches all have a shape rare in prose.
   */
  gate?: (features: number) => boolean;
  /**
   * Cue words: every match holds one of them (in any case) where a word starts (`\b` before it).
   * All rules' cues are looked for in one scan of the text (cues.ts); a text with none of a rule's
   * cues is not scanned by it. For rules that read a value after a word ("tel", "invoice", "aged").
   */
  cues?: readonly string[];
  /**
   * With `cues`: every match starts where one of them starts. The pattern is then tried only at the
   * places the shared cue scan found them (sticky, as with `startsAt`), not run over the whole text:
   * for rules whose cues are common words ("case", "application") in the texts they run on.
   * `'or-dot-before'`: or at a dot right before one (the cardinal ".5" before the cue "5").
   */
  opensWithCue?: boolean | 'or-dot-before';
  /**
   * With `opensWithCue`: a cue that ends with an ASCII letter opens a match only as a whole word (no
   * ASCII word unit after it), one that ends otherwise wherever it starts ("1" opens "1990"). For
   * rules whose patterns follow every such cue with a space, a hyphen, a full stop or a look-ahead for
   * a non-word character: "a" then opens "a few weeks" and not "about", "Dr" "Dr. Smith" and not
   * "drama" (a cue scan finds a cue wherever a word starts with it).
   */
  cuesAsWords?: boolean;
  /**
   * With `startsAt`: the end of the match of `pattern` that starts at `at` (sticky), or -1 when none
   * starts there, computed without running the pattern. For a rule tried at very many places (the
   * capitalized-sequence rule at every capital), where each run of the expression costs more than
   * its work. It must agree with the pattern (property-tested against the plain scan); a rule that
   * declares it never reads a `span` group.
   */
  matchAt?: (text: string, at: number) => number;
  /** Narrows or drops a match before validation, as cleanCapitalizedSequence does for English. */
  clean?: (text: string, span: Span) => Span | undefined;
}

const prefilters = new WeakMap<Rule, RegExp | null>();
/** By cue list: rules that share one list share one id list (and cueStarts' answer for it). */
const cueIdLists = new WeakMap<readonly string[], readonly number[]>();
const NO_CUES: readonly string[] = [];

/** The ids of a rule's cues in the shared cue scan (cues.ts), registered on first use. */
export function cueIdsOf(rule: Rule): readonly number[] {
  const cues = rule.cues ?? NO_CUES;
  let ids = cueIdLists.get(cues);
  if (!ids) cueIdLists.set(cues, (ids = registerCues(cues)));
  return ids;
}

/** The keyword alternation of a rule's `requires`, with the pattern's case flags; null when none. */
export function prefilterOf(rule: Rule): RegExp | null {
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

/** False only when no match of the rule can occur in the text: its features fail the gate, or it holds none of its cues or required strings. */
export function ruleMayMatch(rule: Rule, text: string): boolean {
  if (rule.gate && !rule.gate(featuresOf(text))) return false;
  if (rule.cues && !anyCuePresent(text, cueIdsOf(rule))) return false;
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
