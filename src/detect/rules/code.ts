/** CODE: identifiers — application and case numbers, phone, IBAN, card, e-mail, URL, IP, plates, ids. */
import type { Rule } from './types.ts';
import { dateValid, ibanValid, ipv4Valid, luhnValid, phoneDigitsValid } from './validators.ts';

export const CODE_RULES: readonly Rule[] = [
  {
    // ECHR application numbers ("36110/97") and file numbers ("1996/302", "2001/123-45").
    name: 'application-number',
    entityType: 'CODE',
    confidence: 0.9,
    pattern: /(?<![\w/.,-])\d{3,6}\/\d{2,5}(?:[-/]\d{1,5})?(?![\w/]|[.,]\d)/g,
    requires: ['/'],
    validate: (value) => !looksLikeSlashDate(value),
  },
  {
    // Court file references such as "E. 2001/123", "K. 2002/45", "no. 2 K 21/01", "Az. 3 Ob 12/04".
    name: 'file-reference',
    entityType: 'CODE',
    confidence: 0.85,
    pattern: /\b(?:[A-Z]{1,3}\.?\s?)?\d{1,4}\s?(?:[A-Z][A-Za-z]{0,3}\.?\s)\d{1,6}\/\d{2,4}\b/g,
    requires: ['/'],
  },
  {
    name: 'email',
    entityType: 'CODE',
    confidence: 0.99,
    pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g,
    requires: ['@'],
  },
  {
    name: 'url',
    entityType: 'CODE',
    confidence: 0.95,
    pattern: /\b(?:https?:\/\/|www\.)[^\s<>"'()]+[^\s<>"'().,;:!?]/g,
    requires: ['http', 'www.'],
  },
  {
    name: 'ipv4',
    entityType: 'CODE',
    confidence: 0.95,
    pattern: /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.]|\.\d)/g,
    validate: ipv4Valid,
  },
  {
    name: 'iban',
    entityType: 'CODE',
    confidence: 0.99,
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    validate: ibanValid,
  },
  {
    name: 'payment-card',
    entityType: 'CODE',
    confidence: 0.97,
    pattern: /(?<![\d-])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\d-])/g,
    validate: luhnValid,
  },
  {
    // International or bracketed-area phone numbers; bare digit runs are left to other rules.
    name: 'phone',
    entityType: 'CODE',
    confidence: 0.85,
    pattern: /(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?|\(\d{2,5}\)[\s.-]?)\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w])/g,
    validate: phoneDigitsValid,
  },
  {
    name: 'phone-after-cue',
    entityType: 'CODE',
    confidence: 0.85,
    pattern: /\b(?:tel(?:ephone)?|phone|fax|mobile)\.?(?: number)?:?\s*(?<span>\+?\d[\d\s./-]{5,}\d)/dgi,
    validate: phoneDigitsValid,
  },
  {
    // UK-style registration plates ("AB12 CDE") and hyphenated continental ones ("34 ABC 123", "W-12345").
    name: 'licence-plate',
    entityType: 'CODE',
    confidence: 0.7,
    pattern: /\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}|\d{2} [A-Z]{1,3} \d{2,4}|[A-Z]{1,3}-[A-Z]{0,2} ?\d{2,5})\b/g,
  },
  {
    // Passport / identity-card numbers: letters + 6–9 digits, or a cue word followed by any code.
    name: 'id-number',
    entityType: 'CODE',
    confidence: 0.75,
    pattern: /\b[A-Z]{1,2}\d{6,9}\b/g,
  },
  {
    name: 'number-after-cue',
    entityType: 'CODE',
    confidence: 0.7,
    pattern:
      /\b(?:passport|identity card|ID card|ID|licence|license|registration|account|reference|case|file|docket|application|complaint|decision|judgment|plot|parcel|register|social security|insurance)(?: no\.| nos\.| number| numbers)?:?\s+(?:no\.\s*)?(?<span>[A-Z]{0,4}[-/ ]?\d[\dA-Z]*(?:[-/.][\dA-Z]+)*)/dg,
  },
  {
    // Law-report citations counted as CODE in TAB: "[1999] 3 WLR 206", "3 WLR 206".
    name: 'law-report',
    entityType: 'CODE',
    confidence: 0.8,
    pattern: /\b\d{1,4} (?:WLR|All ER|EHRR|AC|QB|KB|Ch|ECR|CMLR|BCLC|Cr App R) \d{1,4}\b/g,
  },
];

/** "12/05/99" is a date, not a file number. */
function looksLikeSlashDate(value: string): boolean {
  const parts = value.split(/[/-]/).map(Number);
  return parts.length === 3 && dateValid(parts[0], parts[1], parts[2]);
}
