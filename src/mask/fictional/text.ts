/** Small text helpers of the fictional strategy: normal forms, word boundaries, case patterns. */
import { normalizeSurface } from '../spans.ts';

export { normalizeSurface };

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && char !== '' && WORD_CHAR.test(char);
}

/** The whole character (code point) that ends at `offset`, '' at the start. */
export function charBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 && text.charCodeAt(offset - 2) >= 0xd800 && text.charCodeAt(offset - 2) <= 0xdbff ? offset - 2 : offset - 1;
  return text.slice(start, offset);
}

/** The whole character (code point) that starts at `offset`, '' at the end. */
export function charAfter(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/**
 * Whether `haystack` holds `needle` as whole words (both normalized): "Karl Brown" holds "Brown",
 * "Hannah" does not hold "Ann", "2015" does not hold "5".
 */
export function containsWords(haystack: string, needle: string): boolean {
  if (needle === '') return false;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = charBefore(haystack, at);
    const after = charAfter(haystack, at + needle.length);
    const startsWord = isWordChar(charAfter(needle, 0));
    const endsWord = isWordChar(charBefore(needle, needle.length));
    if ((!startsWord || !isWordChar(before)) && (!endsWord || !isWordChar(after))) return true;
  }
  return false;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The substitute written in the original's case pattern: ALL CAPS, all lower, or as drawn. */
export function withCaseOf(original: string, substitute: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return substitute.toUpperCase();
  if (letters.length >= 1 && letters === letters.toLowerCase() && letters !== letters.toUpperCase()) return substitute.toLowerCase();
  return substitute;
}

/** First letter upper case (for a word drawn in lower case that replaces a capitalized one). */
export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
