/** The rule layer: validated patterns for CODE, DATETIME, QUANTITY and cheap PERSON/ORG/LOC cues. */
import type { DetectedMention, DetectorLayer, TextDocument } from '../types.ts';
import { cleanCapitalizedSequence } from './capitalized.ts';
import { CODE_RULES } from './code.ts';
import { DATETIME_RULES } from './datetime.ts';
import { NAME_RULES } from './names.ts';
import { QUANTITY_RULES } from './quantity.ts';
import { matchSpan, type Rule } from './types.ts';

export type { Rule } from './types.ts';
export { CODE_RULES, DATETIME_RULES, QUANTITY_RULES, NAME_RULES };
export { luhnValid, ibanValid, ipv4Valid, dateValid, phoneDigitsValid } from './validators.ts';
export { cleanCapitalizedSequence } from './capitalized.ts';

export const ALL_RULES: readonly Rule[] = [...CODE_RULES, ...DATETIME_RULES, ...QUANTITY_RULES, ...NAME_RULES];

/** Every match of one rule in a text, after validation (and, for capitalized sequences, cleaning). */
export function applyRule(rule: Rule, text: string): DetectedMention[] {
  const found: DetectedMention[] = [];
  rule.pattern.lastIndex = 0;
  for (const match of text.matchAll(rule.pattern)) {
    let span = matchSpan(match);
    if (!span || span.end <= span.start) continue;
    if (rule.name === 'capitalized-sequence') span = cleanCapitalizedSequence(text, span);
    if (!span) continue;
    const value = text.slice(span.start, span.end);
    if (rule.validate && !rule.validate(value, text, span)) continue;
    found.push({ start: span.start, end: span.end, entityType: rule.entityType, confidence: rule.confidence, source: `rules:${rule.name}` });
  }
  return found;
}

export interface RuleLayerOptions {
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
  /** Drop rules by name, e.g. ["cardinal", "capitalized-sequence"] for a precision-first run. */
  exclude?: readonly string[];
}

export function createRuleLayer(options: RuleLayerOptions = {}): DetectorLayer {
  const excluded = new Set(options.exclude ?? []);
  const rules = (options.rules ?? ALL_RULES).filter((r) => !excluded.has(r.name));
  for (const rule of rules) {
    if (!rule.pattern.global) throw new Error(`rule ${rule.name}: pattern needs the g flag`);
  }
  return {
    name: 'rules',
    detect: (doc: TextDocument): DetectedMention[] => rules.flatMap((rule) => applyRule(rule, doc.text)),
  };
}
