/**
 * Text features for rule gates: one pass over a document notes which short shapes of digits,
 * capitals and separators occur in it ("a digit, a hyphen, a digit", "a capital and a digit",
 * "eight digits in a row"). A rule whose every match holds one of a few such shapes declares them
 * as its `gate` (types.ts), and a document without them is not scanned by that rule at all: on
 * prose most identifier rules (phones, SSNs, IBANs, cards, plates) then cost nothing, where each
 * would otherwise run its expression over the whole text. The pass is shared: its answer for the
 * last text is kept, as every rule of a layer asks about the same document.
 *
 * Each feature is defined by an expression (FEATURE_DEFINITIONS; the tests check the pass against
 * them) and the gate of a rule must be a necessary condition of a match of its pattern.
 */
import { isWhitespace } from '../form-scan.ts';

/** A digit, then the character named, then a digit: `\d[.]\d`, `\d-\d`, `\d \d`, `\d\/\d`, `\d:\d`. */
export const DIGIT_DOT_DIGIT = 1 << 0;
export const DIGIT_HYPHEN_DIGIT = 1 << 1;
export const DIGIT_SPACE_DIGIT = 1 << 2;
export const DIGIT_SLASH_DIGIT = 1 << 3;
export const DIGIT_COLON_DIGIT = 1 << 4;
/** Two separators in one number: `\d[-. /]\d+[-. /]\d` ("123-45-6789", "12.05.1999", "555 123 4567"). */
export const TWO_SEPARATORS = 1 << 5;
/** Eight digits in a row. */
export const DIGIT_RUN_8 = 1 << 6;
/** An ASCII capital right before a digit (`[A-Z]\d`), or with one space between (`[A-Z] \d`). */
export const CAPITAL_DIGIT = 1 << 7;
export const CAPITAL_SPACE_DIGIT = 1 << 8;
/** A digit, a space, an ASCII capital (`\d [A-Z]`). */
export const DIGIT_SPACE_CAPITAL = 1 << 9;
/** An ASCII capital right before a hyphen (`[A-Z]-`). */
export const CAPITAL_HYPHEN = 1 << 10;
/** Three, and six, ASCII capitals in a row. */
export const CAPITAL_RUN_3 = 1 << 11;
export const CAPITAL_RUN_6 = 1 << 12;
/** `+` right before a digit. */
export const PLUS_DIGIT = 1 << 13;
/** A hyphen between two spaces (" - "), as a dash joins two names. */
export const SPACED_HYPHEN = 1 << 14;
/** A currency symbol: one of € $ £ ¥ ₺. */
export const CURRENCY_SYMBOL = 1 << 15;
/** A digit, at most one whitespace character, `a` or `p` in either case, then `m` (either case) or `.` ("9am", "10 p.m.", "9:14 AM"). */
export const DIGIT_AM_PM = 1 << 16;
/** A closing parenthesis, at most one whitespace, dot or hyphen, and a digit: `\)[\s.-]?\d` ("(020) 7946", "(555) 123"). */
export const CLOSE_PAREN_DIGIT = 1 << 19;
/**
 * Five digits as a postcode stands in an address: a run of exactly five digits followed by a space
 * (not a line break), or after a space that follows a comma or a capital ("Springfield, 62704",
 * "IL 62704", "75008 Paris"; not "no. 36110/97").
 */
export const FIVE_DIGITS_PLACED = 1 << 20;
/** A 0 that opens a number (not after a word character or one of `+-./`) and a digit after it. */
export const LEADING_ZERO = 1 << 17;

/** The expression each feature stands for: the feature is set exactly when it matches somewhere. */
export const FEATURE_DEFINITIONS: Readonly<Record<number, RegExp>> = {
  [DIGIT_DOT_DIGIT]: /\d\.\d/,
  [DIGIT_HYPHEN_DIGIT]: /\d-\d/,
  [DIGIT_SPACE_DIGIT]: /\d \d/,
  [DIGIT_SLASH_DIGIT]: /\d\/\d/,
  [DIGIT_COLON_DIGIT]: /\d:\d/,
  [TWO_SEPARATORS]: /\d[-. /]\d+[-. /]\d/,
  [DIGIT_RUN_8]: /\d{8}/,
  [CAPITAL_DIGIT]: /[A-Z]\d/,
  [CAPITAL_SPACE_DIGIT]: /[A-Z] \d/,
  [DIGIT_SPACE_CAPITAL]: /\d [A-Z]/,
  [CAPITAL_HYPHEN]: /[A-Z]-/,
  [CAPITAL_RUN_3]: /[A-Z]{3}/,
  [CAPITAL_RUN_6]: /[A-Z]{6}/,
  [PLUS_DIGIT]: /\+\d/,
  [SPACED_HYPHEN]: / - /,
  [CURRENCY_SYMBOL]: /[€$£¥₺]/,
  [DIGIT_AM_PM]: /\d\s?[apAP][mM.]/,
  [LEADING_ZERO]: /(?<![\w+\-./])0\d/,
  [CLOSE_PAREN_DIGIT]: /\)[\s.-]?\d/,
  [FIVE_DIGITS_PLACED]: /(?<!\d)\d{5}(?!\d)[^\S\n\r\u2028\u2029]|[,A-Z][^\S\n\r\u2028\u2029]\d{5}(?!\d)/,
};

/** Any of the features (a gate that holds when at least one of them is in the text). */
export function anyFeature(...features: readonly number[]): (present: number) => boolean {
  const mask = features.reduce((all, f) => all | f, 0);
  return (present) => (present & mask) !== 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isCapital = (c: number): boolean => c >= 65 && c <= 90;
/** `\w`, `+`, `-`, `.` or `/`: what may not come before the 0 of LEADING_ZERO. */
const blocksLeadingZero = (c: number): boolean => isDigit(c) || isCapital(c) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 45 || c === 46 || c === 47;
const isNumberSeparator = (c: number): boolean => c === 45 || c === 46 || c === 32 || c === 47;
/** A space inside a line (names.ts SP): whitespace but a line or paragraph break. */
const isLineSpace = (c: number): boolean => c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029 && isWhitespace(c);

/** The features of a text, by one pass over its UTF-16 units (every feature is ASCII but for `\s` and the currency symbols). */
export function textFeatures(text: string): number {
  let found = 0;
  let digitRun = 0;
  let capitalRun = 0;
  // Whether the current run of digits came right after "digit, separator" (half of TWO_SEPARATORS).
  let afterSeparatedDigit = false;
  // Whether it came after a comma or a capital and a space (half of FIVE_DIGITS_PLACED).
  let placedStart = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Most units are lower-case letters and spaces outside numbers: all they do is end a run of capitals.
    if (digitRun === 0 && (c === 32 || (c >= 97 && c <= 122))) {
      capitalRun = 0;
      continue;
    }
    if (isDigit(c)) {
      capitalRun = 0;
      if (++digitRun >= 8) found |= DIGIT_RUN_8;
      if (digitRun === 1) placedStart = i > 1 && isLineSpace(text.charCodeAt(i - 1)) && (text.charCodeAt(i - 2) === 44 || isCapital(text.charCodeAt(i - 2)));
      if (digitRun === 1 && i > 0) {
        const before = text.charCodeAt(i - 1);
        const twoBefore = i > 1 ? text.charCodeAt(i - 2) : -1;
        if (isDigit(twoBefore)) {
          if (before === 46) found |= DIGIT_DOT_DIGIT;
          else if (before === 45) found |= DIGIT_HYPHEN_DIGIT;
          else if (before === 32) found |= DIGIT_SPACE_DIGIT;
          else if (before === 47) found |= DIGIT_SLASH_DIGIT;
          else if (before === 58) found |= DIGIT_COLON_DIGIT;
        }
        const separated = isNumberSeparator(before) && isDigit(twoBefore);
        if (separated && afterSeparatedDigit) found |= TWO_SEPARATORS;
        afterSeparatedDigit = separated;
        if (before === 41 || (twoBefore === 41 && (before === 46 || before === 45 || isWhitespace(before)))) found |= CLOSE_PAREN_DIGIT;
        if (isCapital(before)) found |= CAPITAL_DIGIT;
        else if (before === 43) found |= PLUS_DIGIT;
        else if (before === 32 && isCapital(twoBefore)) found |= CAPITAL_SPACE_DIGIT;
      } else if (digitRun === 1) {
        afterSeparatedDigit = false;
      }
      if (c === 48 && digitRun === 1 && i + 1 < n && isDigit(text.charCodeAt(i + 1)) && (i === 0 || !blocksLeadingZero(text.charCodeAt(i - 1)))) found |= LEADING_ZERO;
      continue;
    }
    if (digitRun > 0) {
      // The unit after a run of digits: "d [A-Z]" and "d\s?[apAP][mM.]" are read from here.
      let at = i;
      if (c === 32 && i + 1 < n && isCapital(text.charCodeAt(i + 1))) found |= DIGIT_SPACE_CAPITAL;
      if (isWhitespace(c)) at++;
      const ap = at < n ? text.charCodeAt(at) : -1;
      if ((ap === 97 || ap === 112 || ap === 65 || ap === 80) && at + 1 < n) {
        const next = text.charCodeAt(at + 1);
        if (next === 109 || next === 77 || next === 46) found |= DIGIT_AM_PM;
      }
      if (digitRun === 5 && (placedStart || isLineSpace(c))) found |= FIVE_DIGITS_PLACED;
      // A run that ends without a separator and a digit after it breaks the chain of TWO_SEPARATORS.
      if (!(isNumberSeparator(c) && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) afterSeparatedDigit = false;
      digitRun = 0;
    }
    if (isCapital(c)) {
      if (++capitalRun >= 3) found |= capitalRun >= 6 ? CAPITAL_RUN_3 | CAPITAL_RUN_6 : CAPITAL_RUN_3;
      if (i + 1 < n && text.charCodeAt(i + 1) === 45) found |= CAPITAL_HYPHEN;
      continue;
    }
    capitalRun = 0;
    if (c >= 128 && (c === 0x20ac || c === 0xa3 || c === 0xa5 || c === 0x20ba)) found |= CURRENCY_SYMBOL;
    else if (c === 36) found |= CURRENCY_SYMBOL;
    else if (c === 45 && i > 0 && text.charCodeAt(i - 1) === 32 && text.charCodeAt(i + 1) === 32) found |= SPACED_HYPHEN;
  }
  // A run of five digits at the end of the text.
  if (digitRun === 5 && placedStart) found |= FIVE_DIGITS_PLACED;
  return found;
}

let lastText: string | undefined;
let lastFeatures = 0;

/** textFeatures, with the answer for the last text kept (every rule of a layer asks about one document). */
export function featuresOf(text: string): number {
  if (text !== lastText) {
    lastFeatures = textFeatures(text);
    lastText = text;
  }
  return lastFeatures;
}
