/** The rule layer: validated patterns for CODE, DATETIME, QUANTITY and cheap PERSON/ORG/LOC cues. */
import { CONTEXT_BY_SUBTYPE, enhanceConfidence } from '../context.ts';
import { resolveLanguage, type Language, type LanguageSetting } from '../language.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from '../types.ts';
import { cleanCapitalizedSequence } from './capitalized.ts';
import { CODE_RULES } from './code.ts';
import { DATETIME_RULES } from './datetime.ts';
import { ENGLISH_ONLY_RULES, RULE_FAMILIES, languageRules, type RuleFamily } from './languages/index.ts';
import { NAME_RULES, splitEventForSide, splitJoinedNames, withoutCalendarTail } from './names.ts';
import { QUANTITY_RULES } from './quantity.ts';
export { countNumberEnd } from './quantity.ts';
import { featuresOf } from './features.ts';
import { anyCueIn, cueMask, cueStarts, cueWordStarts, type CueMask } from './cues.ts';
import { cueIdsOf, matchSpan, prefilterOf, type Rule, type SeekFunction } from './types.ts';
import type { Span } from '../../corpus/index.ts';

export type { Rule } from './types.ts';
export { ruleMayMatch } from './types.ts';
export { CODE_RULES, DATETIME_RULES, QUANTITY_RULES, NAME_RULES };
export { luhnValid, ibanValid, ipv4Valid, dateValid, phoneDigitsValid, nhsValid, ssnValid } from './validators.ts';
export { cleanCapitalizedSequence } from './capitalized.ts';
export { LANGUAGE_RULES, LANGUAGE_RULE_NAMES, ENGLISH_ONLY_RULES, EVERYDAY_NOUNS, isEverydayMention, trimAroundName, RULE_FAMILIES, languageRules } from './languages/index.ts';
export { steuerIdValid, dniValid, nieValid, bsnValid, peselValid, nirValid } from './languages/index.ts';
export type { RuleFamily } from './languages/index.ts';

export const ALL_RULES: readonly Rule[] = [...CODE_RULES, ...DATETIME_RULES, ...QUANTITY_RULES, ...NAME_RULES];

/** Every match of one rule in a text, after validation (and, for capitalized sequences, cleaning). */
export function applyRule(rule: Rule, text: string): DetectedMention[] {
  const found: DetectedMention[] = [];
  scanInto(prepare(rule), text, found);
  return found;
}

/**
 * What a scan reads of a rule, made once per rule: not once per document. Every field is present
 * (undefined or null when the rule lacks it), so that all prepared rules share one object shape: the
 * scan reads them through one shape, where the rules' own objects, each with its own set of keys,
 * made every read of `rule.gate`, `rule.validate`, … a lookup among some eighty shapes.
 */
interface PreparedRule {
  entityType: string;
  confidence: number;
  source: string;
  capitalized: boolean;
  /** Where a match may start: the rule's `startsAt`, or the places its cues start (`opensWithCue`). */
  startsAt: SeekFunction | null;
  /** The rule's pattern, or its sticky copy for a rule tried at given starts. */
  pattern: RegExp;
  prefilter: RegExp | null;
  /** Its cues in the shared cue scan, as bits of their ids; null when it has none. */
  cueMask: CueMask | null;
  gate: Rule['gate'];
  seek: Rule['seek'];
  matchAt: Rule['matchAt'];
  clean: Rule['clean'];
  validate: Rule['validate'];
  /** The rule's subtype when it is a name, and when it is a function of the value. */
  subtype: string | undefined;
  subtypeOf: Exclude<Rule['subtype'], string>;
  context: Rule['context'];
  minConfidence: number | undefined;
}

const preparedRules = new WeakMap<Rule, PreparedRule>();

function prepare(rule: Rule): PreparedRule {
  let prepared = preparedRules.get(rule);
  if (!prepared) {
    const cueIds = rule.cues ? cueIdsOf(rule) : null;
    const cueSeek = rule.opensWithCue && cueIds !== null ? cueStartSeek(cueIds, rule.cuesAsWords ? cueWordStarts : cueStarts) : null;
    const startsAt = rule.startsAt ?? (cueSeek && rule.opensWithCue === 'or-dot-before' ? orDotBefore(cueSeek) : cueSeek);
    prepared = {
      entityType: rule.entityType,
      confidence: rule.confidence,
      source: `rules:${rule.name}`,
      capitalized: rule.name === 'capitalized-sequence',
      startsAt,
      pattern: startsAt ? stickyOf(rule.pattern) : rule.pattern,
      prefilter: prefilterOf(rule),
      cueMask: cueIds && cueMask(cueIds),
      gate: rule.gate,
      seek: rule.seek,
      matchAt: rule.matchAt,
      clean: rule.clean,
      validate: rule.validate,
      subtype: typeof rule.subtype === 'string' ? rule.subtype : undefined,
      subtypeOf: typeof rule.subtype === 'function' ? rule.subtype : undefined,
      context: rule.context,
      minConfidence: rule.minConfidence,
    };
    preparedRules.set(rule, prepared);
  }
  return prepared;
}

/** Appends the rule's mentions in `text` to `found` (after ruleMayMatch's tests, from the prepared rule). */
function scanInto(prepared: PreparedRule, text: string, found: DetectedMention[]): void {
  const { pattern, prefilter, cueMask, startsAt, gate, matchAt } = prepared;
  if (gate && !gate(featuresOf(text))) return;
  if (cueMask !== null && !anyCueIn(text, cueMask)) return;
  if (prefilter !== null && !prefilter.test(text)) return;
  // An exec loop on the rule's own pattern gives the matches text.matchAll(pattern) gives, without
  // the RegExp clone matchAll makes on every call (a fixed cost that shows on short documents).
  if (matchAt && startsAt) {
    matchAtStarts(prepared, startsAt, matchAt, text, found);
    return;
  }
  pattern.lastIndex = 0;
  for (let match = nextMatch(prepared, startsAt, pattern, text); match; match = nextMatch(prepared, startsAt, pattern, text)) {
    // Like matchAll, step over an empty match (by a code point in unicode mode). (The flags are
    // read only here: the `flags` getter builds a string on every call.)
    if (match[0] === '') pattern.lastIndex = advanceIndex(text, pattern.lastIndex, pattern.unicode || pattern.flags.includes('v'));
    const span = matchSpan(match);
    if (span && span.end > span.start) addMention(prepared, text, span, found);
  }
  pattern.lastIndex = 0;
}

/** The matches of a rule with `matchAt`: at each place `startsAt` gives, as the sticky pattern would be tried there. */
function matchAtStarts(prepared: PreparedRule, startsAt: SeekFunction, matchAt: (text: string, at: number) => number, text: string, found: DetectedMention[]): void {
  for (let at = startsAt(text, 0); at >= 0; ) {
    const end = matchAt(text, at);
    if (end < 0) {
      at = startsAt(text, at + 1);
      continue;
    }
    if (end > at) addMention(prepared, text, { start: at, end }, found);
    // After a match the scan resumes at its end (after an empty one, one place on).
    at = startsAt(text, end > at ? end : at + 1);
  }
}

/** A match's span, cleaned, validated, typed and weighed by its context, as a mention (or nothing). */
function addMention(prepared: PreparedRule, text: string, matched: Span, found: DetectedMention[]): void {
  const { clean, capitalized } = prepared;
  const cleaned = capitalized ? cleanCapitalizedSequence(text, matched) : clean ? clean(text, matched) : matched;
  if (!cleaned) return;
  // The three steps below look for a word between spaces (" on ", " and ", " for "): a run of one word (most) has none.
  const severalWords = capitalized && holdsSpace(text, cleaned);
  // A run that took a date after "on" ("Acme Bank on Monday") leaves it to the date rules.
  const span = severalWords ? withoutCalendarTail(text, cleaned) : cleaned;
  // A capitalized run may be two names joined by "and", or an event and the side played for: each is a mention of its own.
  const parts = severalWords ? (splitJoinedNames(text, span) ?? splitEventForSide(text, span)) : undefined;
  if (parts) {
    for (const part of parts) addSpan(prepared, text, part, found);
    return;
  }
  addSpan(prepared, text, span, found);
}

/** Whether text[span] holds a space (read within the span only: indexOf would run on to the next space, however far). */
function holdsSpace(text: string, span: Span): boolean {
  for (let i = span.start; i < span.end; i++) if (text.charCodeAt(i) === 32) return true;
  return false;
}

/** A cleaned span validated, typed and weighed by its context, as a mention (or nothing). */
function addSpan(prepared: PreparedRule, text: string, span: Span, found: DetectedMention[]): void {
  const { source, validate, subtypeOf, minConfidence } = prepared;
  // The matched text is cut out only for a rule that reads it.
  const value = validate || subtypeOf ? text.slice(span.start, span.end) : '';
  if (validate && !validate(value, text, span)) return;
  const subtype = subtypeOf ? subtypeOf(value, text, span) : prepared.subtype;
  // Built whole (one object shape per kind), with the keys in the order they have always had.
  const mention: DetectedMention = subtype
    ? { start: span.start, end: span.end, entityType: prepared.entityType, confidence: prepared.confidence, source, subtype }
    : { start: span.start, end: span.end, entityType: prepared.entityType, confidence: prepared.confidence, source };
  const context = prepared.context ?? (subtype ? CONTEXT_BY_SUBTYPE[subtype] : undefined);
  if (context) mention.confidence = enhanceConfidence(text, mention, context);
  if (minConfidence !== undefined && mention.confidence < minConfidence) return;
  found.push(mention);
}

/**
 * The next match at or after pattern.lastIndex. With `startsAt` (pattern: the sticky copy), the
 * pattern is tried only where it says a match may start; exact, as no match starts before a
 * returned position and a sticky try at a position finds the match the global scan finds there.
 * With `seek`, the scan jumps first to where a match may start.
 */
function nextMatch(prepared: PreparedRule, startsAt: SeekFunction | null, pattern: RegExp, text: string): RegExpExecArray | null {
  if (startsAt) {
    for (let at = startsAt(text, pattern.lastIndex); at >= 0; at = startsAt(text, at + 1)) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match) return match;
    }
    return null;
  }
  const { seek } = prepared;
  if (seek) {
    const at = seek(text, pattern.lastIndex);
    if (at < 0) return null;
    pattern.lastIndex = Math.max(pattern.lastIndex, at);
  }
  return pattern.exec(text);
}

/**
 * The `startsAt` of a rule that opens with one of its cues: the next place ≥ from where the shared
 * cue scan found one (as a word, with `cuesAsWords`: cueWordStarts). Its list is made once per text,
 * and read on from where the last call left off (a scan asks with growing `from`).
 */
function cueStartSeek(ids: readonly number[], startsOf: (text: string, ids: readonly number[]) => readonly number[]): SeekFunction {
  let lastText: string | undefined;
  let starts: readonly number[] = [];
  let next = 0;
  return (text, from) => {
    if (text !== lastText) {
      starts = startsOf(text, ids);
      lastText = text;
      next = 0;
    }
    if (next > 0 && starts[next - 1] >= from) next = 0;
    while (next < starts.length && starts[next] < from) next++;
    return next < starts.length ? starts[next] : -1;
  };
}

/**
 * A seek that also gives the place of a dot right before each place `seek` gives. Exact for a rule
 * whose matches start where `seek` says or at a dot before such a place: when the next place s ≥ from
 * has a dot before it at s - 1 ≥ from, a match may start there, and none starts between from and it.
 */
function orDotBefore(seek: SeekFunction): SeekFunction {
  return (text, from) => {
    const at = seek(text, from);
    return at > from && text.charCodeAt(at - 1) === 46 ? at - 1 : at;
  };
}

const stickyPatterns = new WeakMap<RegExp, RegExp>();

/** The rule's pattern with the `y` flag in place of `g`, made once. */
function stickyOf(pattern: RegExp): RegExp {
  let sticky = stickyPatterns.get(pattern);
  if (!sticky) stickyPatterns.set(pattern, (sticky = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y')));
  return sticky;
}

function advanceIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const first = text.charCodeAt(index);
  if (first < 0xd800 || first > 0xdbff) return index + 1;
  const second = text.charCodeAt(index + 1);
  return second >= 0xdc00 && second <= 0xdfff ? index + 2 : index + 1;
}

/**
 * Two rules that mark the very same span: the surer one says what it is ("02672" after a town is a
 * postcode, not a bare cardinal), whatever the merge's type order would prefer.
 */
function keepSurest(mentions: DetectedMention[]): DetectedMention[] {
  const n = mentions.length;
  // An open-addressing table of mention indexes by span, its arrays kept from one document to the
  // next (a Map per document, keyed by number, was a few per cent of the rule layer on short texts).
  let size = surestSlots.length;
  if (size < n * 4) {
    while (size < n * 4) size *= 2;
    surestSlots = new Int32Array(size);
    surestStamps = new Int32Array(size);
    stamp = 0;
  }
  if (++stamp === 0x7fffffff) {
    surestStamps.fill(0);
    stamp = 1;
  }
  const mask = size - 1;
  let duplicates = false;
  for (let i = 0; i < n; i++) {
    const m = mentions[i];
    let slot = (Math.imul(m.start, 0x9e3779b1) ^ m.end) & mask;
    for (;;) {
      if (surestStamps[slot] !== stamp) {
        surestStamps[slot] = stamp;
        surestSlots[slot] = i;
        break;
      }
      const other = mentions[surestSlots[slot]];
      if (other.start === m.start && other.end === m.end) {
        duplicates = true;
        if (m.confidence > other.confidence) surestSlots[slot] = i;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  if (!duplicates) return mentions;
  // Kept: each span's surest mention (the first of equals), in the order found.
  const kept: DetectedMention[] = [];
  for (let i = 0; i < n; i++) {
    const m = mentions[i];
    let slot = (Math.imul(m.start, 0x9e3779b1) ^ m.end) & mask;
    for (;;) {
      const other = mentions[surestSlots[slot]];
      if (other.start === m.start && other.end === m.end) break;
      slot = (slot + 1) & mask;
    }
    if (surestSlots[slot] === i) kept.push(m);
  }
  return kept;
}

let surestSlots = new Int32Array(256);
let surestStamps = new Int32Array(256);
let stamp = 0;

export interface RuleLayerOptions {
  /** Rules to run (default: all). For another language than English, these are its English part. */
  rules?: readonly Rule[];
  /** Drop rules by name, e.g. ["cardinal", "capitalized-sequence"] for a precision-first run. */
  exclude?: readonly string[];
  /** The documents' language, or `auto` to guess it per document (default `en`: the English rules alone). */
  language?: LanguageSetting;
  /** Families of the language's own rules to run (default: all). */
  families?: readonly RuleFamily[];
}

export function createRuleLayer(options: RuleLayerOptions = {}): DetectorLayer {
  const excluded = new Set(options.exclude ?? []);
  const rules = (options.rules ?? ALL_RULES).filter((r) => !excluded.has(r.name));
  const setting = options.language ?? 'en';
  const families = options.families ?? RULE_FAMILIES;
  // The rules of each language, built (and prepared) the first time a document in it comes.
  const byLanguage = new Map<Language, readonly PreparedRule[]>([['en', rules.map(prepare)]]);
  const rulesOf = (language: Language): readonly PreparedRule[] => {
    let chosen = byLanguage.get(language);
    if (!chosen) {
      const own = languageRules(language, families).filter((r) => !excluded.has(r.name));
      chosen = [...rules.filter((r) => !ENGLISH_ONLY_RULES.includes(r.name)), ...own].map(prepare);
      byLanguage.set(language, chosen);
    }
    return chosen;
  };
  for (const rule of rules) {
    if (!rule.pattern.global) throw new Error(`rule ${rule.name}: pattern needs the g flag`);
  }
  return {
    name: 'rules',
    detect: (doc: TextDocument): DetectedMention[] => {
      const found: DetectedMention[] = [];
      for (const rule of rulesOf(resolveLanguage(setting, doc.text))) scanInto(rule, doc.text, found);
      return keepSurest(found);
    },
  };
}
