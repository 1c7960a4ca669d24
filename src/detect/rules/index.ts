/** The rule layer: validated patterns for CODE, DATETIME, QUANTITY and cheap PERSON/ORG/LOC cues. */
import { CONTEXT_BY_SUBTYPE, enhanceConfidence } from '../context.ts';
import { resolveLanguage, type Language, type LanguageSetting } from '../language.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from '../types.ts';
import { cleanCapitalizedSequence } from './capitalized.ts';
import { CODE_RULES } from './code.ts';
import { DATETIME_RULES } from './datetime.ts';
import { ENGLISH_ONLY_RULES, RULE_FAMILIES, languageRules, type RuleFamily } from './languages/index.ts';
import { NAME_RULES } from './names.ts';
import { QUANTITY_RULES } from './quantity.ts';
import { matchSpan, ruleMayMatch, type Rule } from './types.ts';

export type { Rule } from './types.ts';
export { ruleMayMatch } from './types.ts';
export { CODE_RULES, DATETIME_RULES, QUANTITY_RULES, NAME_RULES };
export { luhnValid, ibanValid, ipv4Valid, dateValid, phoneDigitsValid, nhsValid, ssnValid } from './validators.ts';
export { cleanCapitalizedSequence } from './capitalized.ts';
export { LANGUAGE_RULES, LANGUAGE_RULE_NAMES, ENGLISH_ONLY_RULES, RULE_FAMILIES, languageRules } from './languages/index.ts';
export { steuerIdValid, dniValid, nieValid, bsnValid, peselValid, nirValid } from './languages/index.ts';
export type { RuleFamily } from './languages/index.ts';

export const ALL_RULES: readonly Rule[] = [...CODE_RULES, ...DATETIME_RULES, ...QUANTITY_RULES, ...NAME_RULES];

/** Every match of one rule in a text, after validation (and, for capitalized sequences, cleaning). */
export function applyRule(rule: Rule, text: string): DetectedMention[] {
  return ruleMayMatch(rule, text) ? scanRule(rule, text) : [];
}

function scanRule(rule: Rule, text: string): DetectedMention[] {
  const found: DetectedMention[] = [];
  const source = `rules:${rule.name}`;
  const capitalized = rule.name === 'capitalized-sequence';
  // An exec loop on the rule's own pattern gives the matches text.matchAll(pattern) gives, without
  // the RegExp clone matchAll makes on every call (a fixed cost that shows on short documents).
  const pattern = rule.pattern;
  const unicode = pattern.unicode || pattern.flags.includes('v');
  const seek = rule.seek;
  pattern.lastIndex = 0;
  for (let match = execFrom(pattern, text, seek); match; match = execFrom(pattern, text, seek)) {
    // Like matchAll, step over an empty match (by a code point in unicode mode).
    if (match[0] === '') pattern.lastIndex = advanceIndex(text, pattern.lastIndex, unicode);
    let span = matchSpan(match);
    if (!span || span.end <= span.start) continue;
    if (capitalized) span = cleanCapitalizedSequence(text, span);
    else if (rule.clean) span = rule.clean(text, span);
    if (!span) continue;
    const value = text.slice(span.start, span.end);
    if (rule.validate && !rule.validate(value, text, span)) continue;
    const subtype = typeof rule.subtype === 'function' ? rule.subtype(value, text, span) : rule.subtype;
    const mention: DetectedMention = { start: span.start, end: span.end, entityType: rule.entityType, confidence: rule.confidence, source };
    if (subtype) mention.subtype = subtype;
    const context = rule.context ?? (subtype ? CONTEXT_BY_SUBTYPE[subtype] : undefined);
    if (context) mention.confidence = enhanceConfidence(text, mention, context);
    if (rule.minConfidence !== undefined && mention.confidence < rule.minConfidence) continue;
    found.push(mention);
  }
  pattern.lastIndex = 0;
  return found;
}

/** The next match at or after pattern.lastIndex, jumping first to where the rule's seek says one may start. */
function execFrom(pattern: RegExp, text: string, seek: Rule['seek']): RegExpExecArray | null {
  if (seek) {
    const at = seek(text, pattern.lastIndex);
    if (at < 0) return null;
    pattern.lastIndex = Math.max(pattern.lastIndex, at);
  }
  return pattern.exec(text);
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
  const best = new Map<string, DetectedMention>();
  for (const m of mentions) {
    const key = `${m.start}:${m.end}`;
    const other = best.get(key);
    if (!other || m.confidence > other.confidence) best.set(key, m);
  }
  return best.size === mentions.length ? mentions : mentions.filter((m) => best.get(`${m.start}:${m.end}`) === m);
}

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
  // The rules of each language, built the first time a document in it comes.
  const byLanguage = new Map<Language, readonly Rule[]>([['en', rules]]);
  const rulesOf = (language: Language): readonly Rule[] => {
    let chosen = byLanguage.get(language);
    if (!chosen) {
      const own = languageRules(language, families).filter((r) => !excluded.has(r.name));
      chosen = [...rules.filter((r) => !ENGLISH_ONLY_RULES.includes(r.name)), ...own];
      byLanguage.set(language, chosen);
    }
    return chosen;
  };
  for (const rule of rules) {
    if (!rule.pattern.global) throw new Error(`rule ${rule.name}: pattern needs the g flag`);
  }
  return {
    name: 'rules',
    detect: (doc: TextDocument): DetectedMention[] => keepSurest(rulesOf(resolveLanguage(setting, doc.text)).flatMap((rule) => applyRule(rule, doc.text))),
  };
}
