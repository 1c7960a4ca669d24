/**
 * Finds whole-word occurrences of a document's name forms ("Jan Kowalski", "Kowalski") for name
 * propagation. The reference semantics is one regular expression,
 *
 *   /(?<![\p{L}\p{N}])(?:form1|form2|…)(?![\p{L}\p{N}])/gu   (forms longest first, a space = \s+)
 *
 * but compiling a new such expression for every document costs about a millisecond (Unicode
 * property classes in look-arounds), more than everything else done per document. `scanForms`
 * gives the same matches with a plain scan whenever the forms allow it, and uses the expression
 * otherwise.
 */

export interface FormMatch {
  start: number;
  end: number;
  /** The form that matched, as given. */
  form: string;
}

/** Matches of `forms` (already in priority order) in `text`, exactly as formsPattern(forms) finds them. */
export function scanForms(text: string, forms: readonly string[]): FormMatch[] {
  return forms.every(plainScannable) ? plainScan(text, forms) : regexScan(text, forms);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The reference expression. */
export function formsPattern(forms: readonly string[]): RegExp {
  const alternatives = forms.map((f) => escapeRegExp(f).replace(/ /g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

export function regexScan(text: string, forms: readonly string[]): FormMatch[] {
  const found: FormMatch[] = [];
  for (const match of text.matchAll(formsPattern(forms))) {
    const start = match.index ?? 0;
    const form = match[0].replace(/\s+/g, ' ');
    found.push({ start, end: start + match[0].length, form });
  }
  return found;
}

/**
 * Forms the plain scan handles exactly: non-empty, no surrogate code units (so code units and
 * code points compare alike), single inner spaces only (so each `\s+` must take a whole whitespace
 * run: the next character of the form is not whitespace) and no leading or trailing space.
 */
export function plainScannable(form: string): boolean {
  return form !== '' && !/[\ud800-\udfff]/.test(form) && !/^ | $|  |[^\S ]/.test(form);
}

/**
 * Visits, in text order, every position where some form's first word occurs (found with indexOf,
 * so the text is never walked character by character in JavaScript) and whose preceding code
 * point is not a letter or digit; there, the first form whose words match (whitespace runs
 * between them) and that is not followed by a letter or digit wins, and the scan resumes after it,
 * as the global expression does. A match can only start where a first word occurs, so no other
 * position needs a look.
 */
export function plainScan(text: string, forms: readonly string[]): FormMatch[] {
  const entries = forms.map((form) => ({ form, words: form.split(' ') }));
  const found: FormMatch[] = [];
  let resume = 0;
  for (const start of firstWordPositions(text, entries)) {
    if (start < resume || letterOrDigitBefore(text, start)) continue;
    const match = firstMatchAt(text, start, entries);
    if (match) {
      found.push(match);
      resume = match.end;
    }
  }
  return found;
}

/** Sorted distinct positions where any entry's first word occurs. */
function firstWordPositions(text: string, entries: readonly { words: string[] }[]): number[] {
  const positions = new Set<number>();
  for (const first of new Set(entries.map((e) => e.words[0]))) {
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) positions.add(at);
  }
  return [...positions].sort((a, b) => a - b);
}

function firstMatchAt(text: string, start: number, entries: readonly { form: string; words: string[] }[]): FormMatch | undefined {
  for (const { form, words } of entries) {
    const end = matchEnd(text, start, words);
    if (end >= 0 && !letterOrDigitAt(text, end)) return { start, end, form };
  }
  return undefined;
}

/** End of `words` joined by whitespace runs at `start`, or -1. */
function matchEnd(text: string, start: number, words: readonly string[]): number {
  let at = start;
  for (let w = 0; w < words.length; w++) {
    if (w > 0) {
      const runStart = at;
      while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
      if (at === runStart) return -1;
    }
    if (!text.startsWith(words[w], at)) return -1;
    at += words[w].length;
  }
  return at;
}

/** The code point that ends at `at` (a surrogate pair counts as one). */
function letterOrDigitBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const low = text.charCodeAt(at - 1);
  const pair = at >= 2 && low >= 0xdc00 && low <= 0xdfff && isHighSurrogate(text.charCodeAt(at - 2));
  return isLetterOrDigit(pair ? (text.codePointAt(at - 2) as number) : low);
}

function letterOrDigitAt(text: string, at: number): boolean {
  return at < text.length && isLetterOrDigit(text.codePointAt(at) as number);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const letterOrDigitCache = new Map<number, boolean>();

function isLetterOrDigit(codePoint: number): boolean {
  if (codePoint < 128) return (codePoint >= 48 && codePoint <= 57) || ((codePoint | 32) >= 97 && (codePoint | 32) <= 122);
  let known = letterOrDigitCache.get(codePoint);
  if (known === undefined) letterOrDigitCache.set(codePoint, (known = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint))));
  return known;
}

const WHITESPACE = /^\s$/;
const whitespaceCache = new Map<number, boolean>();

/** `\s` (the same set with or without the u flag); whitespace is never a surrogate. */
export function isWhitespace(unit: number): boolean {
  if (unit === 32 || (unit >= 9 && unit <= 13)) return true;
  if (unit < 128) return false;
  let known = whitespaceCache.get(unit);
  if (known === undefined) whitespaceCache.set(unit, (known = WHITESPACE.test(String.fromCharCode(unit))));
  return known;
}
