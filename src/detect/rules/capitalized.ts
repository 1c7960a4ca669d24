/**
 * Cleans capitalized-sequence matches: a capital letter after a full stop says nothing, and many
 * capitalized words in judgments and biographies are boilerplate ("Article", "Convention").
 */
import type { Span } from '../../corpus/index.ts';
import { FNV_OFFSET, FNV_PRIME } from '../fnv.ts';
import {
  EVERYDAY_WORDS,
  GREETINGS,
  MONTH_ABBREVIATIONS,
  MONTH_NAMES,
  NAME_LIKE_ABBREVIATIONS,
  WEEKDAY_ABBREVIATIONS,
  WEEKDAY_NAMES,
  opensSentence,
} from './everyday.ts';
import { charClass } from './seek.ts';

/** Words capitalized because they open a sentence, or function words inside a title. */
const FUNCTION_WORDS = new Set(
  (
    'a an the this that these those there here he she it they we i you his her its their our your my him them us me ' +
    'in on at by for from with without within into onto upon of to as after before during since until while when where ' +
    'whereas whether which who whom whose what why how if unless although though because however moreover furthermore ' +
    'thus therefore hence accordingly nevertheless nonetheless also further finally first second third lastly then ' +
    'subsequently meanwhile instead indeed yet but and or nor not no so such both each every all any some many most ' +
    'other another one none neither either only even just according following having being given under over between ' +
    'among against about above below around through throughout along across beyond despite except like unlike near ' +
    'born during has had have was were is are be been did does do will would shall should can could may might must ' +
    'on upon in at do let see cf ibid ie eg yes mr mrs ms dr starring featuring including'
  ).split(' '),
);

/** Capitalized words of ECHR judgments and biographies that are not names by themselves (checked on TAB train). */
const BOILERPLATE = new Set([
  ...MONTH_NAMES,
  ...WEEKDAY_NAMES,
  // Weekdays and months cut short ("Fri Mar 7"), but not those that are also names.
  ...[...WEEKDAY_ABBREVIATIONS, ...MONTH_ABBREVIATIONS].filter((abbreviation) => !NAME_LIKE_ABBREVIATIONS.has(abbreviation)),
  ...(
    'Article Articles Convention Court Government Governments Applicant Applicants Section Sections Chamber Grand ' +
    'Registrar Judge Judges President Vice-President Rule Rules Protocol Protocols Law Act Code Criminal Civil Procedure ' +
    'Commission Contracting State States Party Parties Republic Agent Agents Counsel Adviser Advisers THE FACTS LAW ' +
    'CIRCUMSTANCES OF CASE ALLEGED VIOLATION APPLICATION FOR THESE REASONS COURT UNANIMOUSLY Holds Declares Dismisses ' +
    'Done English French Strasbourg Deputy Section Registry Judgment Decision Order Pursuant Relevant Domestic ' +
    'Practice International Human Rights European Fundamental Freedoms Freedom Right Rights Member Communication ' +
    'Mr Mrs Ms Dr Prof Sir God Internet Christmas Easter Part Chapter Annex Appendix ' +
    'Paragraph Paragraphs No Nos Constitution Constitutional Ministry Minister Prosecutor Public Office Regional District ' +
    'Supreme Administrative Appeal Appeals Cassation Assize Security Military Protection Fourth Fifth Sixth First Second ' +
    'Third Head Applying Referring Federal Regional Governor Municipalities Former Court’s Government’s Applicant’s'
  ).split(' '),
]);


const WORD_CHAR = /^[\p{L}\p{M}'’-]$/u;
const LOWER_INITIAL = /^\p{Ll}/u;

/** Whether a word begins with a lower-case letter (LOWER_INITIAL), told without the expression for ASCII. */
function lowerInitial(word: string): boolean {
  const first = word.charCodeAt(0);
  return first < 128 ? first >= 97 && first <= 122 : LOWER_INITIAL.test(word);
}

/**
 * The words of the span the cleaning reads (readWords): start, end and kind (the bits below, looked up
 * once per distinct word) in buffers kept from one match to the next, as this runs on every
 * capitalized match and an object per word was a fifth of the rule layer's garbage.
 */
let wordStarts = new Int32Array(32);
let wordEnds = new Int32Array(32);
let wordKinds = new Uint8Array(32);

/** Stores word `n` (the buffers doubled when full) and returns the count after it. */
function storeWord(n: number, start: number, end: number, kind: number): number {
  if (n === wordStarts.length) {
    const starts = new Int32Array(n * 2);
    const ends = new Int32Array(n * 2);
    const kinds = new Uint8Array(n * 2);
    starts.set(wordStarts);
    ends.set(wordEnds);
    kinds.set(wordKinds);
    [wordStarts, wordEnds, wordKinds] = [starts, ends, kinds];
  }
  wordStarts[n] = start;
  wordEnds[n] = end;
  wordKinds[n] = kind;
  return n + 1;
}

/** What a word is, as the cleaning reads it: bits of one number per word. */
const FUNCTION_WORD = 1;
const GREETING = 2;
const EVERYDAY = 4;
const BOILERPLATE_WORD = 8;
/** Ends with "ly" (in any case). */
const LY = 16;
/** Begins with a lower-case letter. */
const LOWERCASE_FIRST = 32;

/**
 * The kinds of the words met so far: names and boilerplate recur, and one lookup replaced a
 * lower-casing and four set lookups per word. An open-addressing table by a hash of the word's code
 * units, read while the words are scanned and compared with the text in place, so a known word is
 * never cut out of the text (a map by the word's text hashed a new string for every word). Emptied
 * when half full (a long-running service reads unbounded vocabularies).
 */
const KIND_TABLE_SIZE = 1 << 16;
const kindWords: (string | undefined)[] = new Array<string | undefined>(KIND_TABLE_SIZE).fill(undefined);
const kindHashes = new Int32Array(KIND_TABLE_SIZE);
const kindBits = new Uint8Array(KIND_TABLE_SIZE);
let kindsStored = 0;

/** Whether `word` stands in `text` at `at`, compared unit by unit (a word is short: the loop costs less than a startsWith call). */
function sameUnitsAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** The kind of the word text[start, end), whose code units hash (FNV-1a) to `hash`. */
function kindAt(text: string, start: number, end: number, hash: number): number {
  let slot = hash & (KIND_TABLE_SIZE - 1);
  for (let known = kindWords[slot]; known !== undefined; known = kindWords[slot]) {
    if (kindHashes[slot] === hash && known.length === end - start && sameUnitsAt(text, start, known)) return kindBits[slot];
    slot = (slot + 1) & (KIND_TABLE_SIZE - 1);
  }
  if (kindsStored >= KIND_TABLE_SIZE / 2) {
    kindWords.fill(undefined);
    kindsStored = 0;
    slot = hash & (KIND_TABLE_SIZE - 1);
  }
  const word = text.slice(start, end);
  const kind = classify(word);
  kindWords[slot] = word;
  kindHashes[slot] = hash;
  kindBits[slot] = kind;
  kindsStored++;
  return kind;
}

/** A contraction's ending ("I've", "don't", "we're"): the word before it says what it is. */
const CONTRACTION = /(?:n['’]t|['’](?:ve|m|ll|d|re))$/u;
/** What "won't", "can't" and "shan't" are cut to. */
const CONTRACTED_VERBS = new Set(['wo', 'ca', 'sha']);
/** "It's", "she's", "let's": an "'s" after other words is a possessive ("A's", "Smith's"). */
const CONTRACTED_S = /^(?:it|he|she|that|there|here|what|who|where|how|let)['’]s$/u;

/** A function word, also contracted ("I've", "doesn't", "let's"). */
function functionWord(lower: string): boolean {
  if (FUNCTION_WORDS.has(lower) || CONTRACTED_S.test(lower)) return true;
  const base = lower.replace(CONTRACTION, '');
  return base !== lower && (FUNCTION_WORDS.has(base) || CONTRACTED_VERBS.has(base));
}

function classify(word: string): number {
  const lower = word.toLowerCase();
  return (
    (functionWord(lower) ? FUNCTION_WORD : 0) |
    (GREETINGS.has(lower) ? GREETING : 0) |
    (EVERYDAY_WORDS.has(lower) ? EVERYDAY : 0) |
    (BOILERPLATE.has(word) ? BOILERPLATE_WORD : 0) |
    (lower.endsWith('ly') ? LY : 0) |
    (lowerInitial(word) ? LOWERCASE_FIRST : 0)
  );
}

const wordChars = new Map<number, boolean>();

/** Whether a code point is a word character (a letter, a mark, an apostrophe or a hyphen). */
function isWordChar(codePoint: number): boolean {
  if (codePoint < 128) return (codePoint | 32) >= 97 && (codePoint | 32) <= 122 ? true : codePoint === 39 || codePoint === 45;
  let known = wordChars.get(codePoint);
  if (known === undefined) wordChars.set(codePoint, (known = WORD_CHAR.test(String.fromCodePoint(codePoint))));
  return known;
}

/**
 * Reads the words of `text[span]` (the runs /[\p{L}\p{M}'’-]+/gu finds in the slice) into the word
 * buffers, with offsets in `text`, scanned in place; returns how many there are.
 */
function readWords(text: string, span: Span): number {
  let count = 0;
  let start = -1;
  let hash = FNV_OFFSET;
  for (let i = span.start; i < span.end; ) {
    // An ASCII unit is its own code point; only others are read as code points.
    let codePoint = text.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) codePoint = text.codePointAt(i) as number;
    // A pair cut by the span's end is a lone surrogate in the slice.
    if (codePoint > 0xffff && i + 1 >= span.end) codePoint = text.charCodeAt(i);
    const width = codePoint > 0xffff ? 2 : 1;
    if (isWordChar(codePoint)) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
      }
      for (let k = i; k < i + width; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
    } else if (start >= 0) {
      count = storeWord(count, start, i, kindAt(text, start, i, hash));
      start = -1;
    }
    i += width;
  }
  if (start >= 0) count = storeWord(count, start, span.end, kindAt(text, start, span.end, hash));
  return count;
}

/** A function word ("with", "me", "not"): what opens a sentence or joins the words of a title. */
export function isFunctionWord(word: string): boolean {
  return functionWord(word.toLowerCase());
}

/**
 * A word that is capitalized for its place, not because it names someone: a function word, or a word
 * of everyday letters and forms (greetings, closings, field labels: "Dear", "Thank", "Subject", "Tel").
 */
export function isCommonWord(word: string): boolean {
  const lower = word.toLowerCase();
  return functionWord(lower) || EVERYDAY_WORDS.has(lower);
}

/** A leading word to trim (word `i`): a function word or greeting, an everyday word opening a sentence, or a boilerplate or "-ly" word opening a sentence. */
function trimmableFirst(text: string, i: number): boolean {
  const kind = wordKinds[i];
  if ((kind & (FUNCTION_WORD | GREETING)) !== 0) return true;
  if (i === 0 && (kind & EVERYDAY) !== 0 && opensSentence(text, wordStarts[i])) return true;
  // opensSentence is the costly test: only ask it when its answer can matter.
  return i === 0 && (kind & (BOILERPLATE_WORD | LY)) !== 0 && opensSentence(text, wordStarts[i]);
}

function trimmableLast(i: number): boolean {
  return (wordKinds[i] & (FUNCTION_WORD | LOWERCASE_FIRST)) !== 0;
}

/**
 * Trims leading function words and sentence-initial words, trailing connectors, and drops a sequence
 * made only of boilerplate words. Returns undefined when nothing is left.
 */
export function cleanCapitalizedSequence(text: string, span: Span): Span | undefined {
  const count = readWords(text, span);
  let first = 0;
  while (first < count && trimmableFirst(text, first)) first++;
  let last = count - 1;
  // "Munich on LH 2471": a code's letters after a connector (an airline's, a series') are the code's, not the name's.
  if (last - 2 >= first && codeLettersAt(text, last) && (wordKinds[last - 1] & FUNCTION_WORD) !== 0) last -= 2;
  while (last >= first && trimmableLast(last)) last--;
  if (last < first) return undefined;
  let informative = false;
  for (let i = first; i <= last && !informative; i++) informative = (wordKinds[i] & (BOILERPLATE_WORD | LOWERCASE_FIRST)) === 0;
  // "Kind Regards", "Thanks Again" at the start of a line: only everyday words are left.
  if (informative && everyWordIs(first, last, EVERYDAY) && opensSentence(text, wordStarts[first])) informative = false;
  if (!informative) return undefined;
  return { start: wordStarts[first], end: wordEnds[last] };
}

/** Whether word `i` is two or three ASCII capitals with a space and a digit right after it ("LH 2471"). */
function codeLettersAt(text: string, i: number): boolean {
  const start = wordStarts[i];
  const end = wordEnds[i];
  if (end - start < 2 || end - start > 3 || text.charCodeAt(end) !== 32) return false;
  const digit = text.charCodeAt(end + 1);
  if (digit < 48 || digit > 57) return false;
  for (let k = start; k < end; k++) {
    const unit = text.charCodeAt(k);
    if (unit < 65 || unit > 90) return false;
  }
  return true;
}

/** Whether every word first..last has the kind bit `bit`. */
function everyWordIs(first: number, last: number, bit: number): boolean {
  for (let i = first; i <= last; i++) if ((wordKinds[i] & bit) === 0) return false;
  return true;
}

/*
 * The capitalized-sequence pattern (names.ts), matched by hand at one place:
 *   (?=\p{Lu})(?<![\p{L}\p{N}.’'-]) CAP_WORD (?: SP (?:CONNECTOR SP)? CAP_WORD )*
 * with CAP_WORD = \p{Lu}[\p{L}\p{M}'’]*(?:-\p{Lu}?[\p{L}\p{M}'’]+)* and SP one space that is not a
 * line break, code point by code point as the u flag reads them. Every quantifier is greedy and
 * nothing follows the last one, so the match is the greedy one: each word as long as it goes, and
 * words joined while one more follows (after one space, or a space, a connector and a space).
 */
const UPPERCASE = charClass(/^\p{Lu}$/u);
const WORD_PART = charClass(/^[\p{L}\p{M}'’]$/u);
const NOT_BEFORE = charClass(/^[\p{L}\p{N}.’'-]$/u);
const LINE_SPACE = charClass(/^[^\S\n\r\u2028\u2029]$/u);

/** The code point at `at` (a lone surrogate is its own), or -1 past the end. */
function codePointAt(text: string, at: number): number {
  return at < text.length ? (text.codePointAt(at) as number) : -1;
}

const width = (codePoint: number): number => (codePoint > 0xffff ? 2 : 1);

/** The end of CAP_WORD starting at `at`, whose first code point is a capital. */
function capitalWordEnd(text: string, at: number): number {
  let i = at + width(codePointAt(text, at));
  for (let cp = codePointAt(text, i); cp >= 0 && WORD_PART.has(cp); cp = codePointAt(text, i)) i += width(cp);
  // "-" and at least one word character (\p{Lu}? is one of them), as often as they follow.
  while (text.charCodeAt(i) === 45 && WORD_PART.has(codePointAt(text, i + 1))) {
    i++;
    for (let cp = codePointAt(text, i); cp >= 0 && WORD_PART.has(cp); cp = codePointAt(text, i)) i += width(cp);
  }
  return i;
}

/** The code point that ends at `at` (a lone surrogate is its own), or -1 at the text's start. */
function codePointBefore(text: string, at: number): number {
  if (at <= 0) return -1;
  const low = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 && isHighSurrogate(text.charCodeAt(at - 2)) ? (text.codePointAt(at - 2) as number) : low;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

const openingUnits = new WeakMap<readonly string[], ReadonlySet<number>>();

/** The first code units of the connectors, made once per list. */
function openingUnitsOf(connectors: readonly string[]): ReadonlySet<number> {
  let units = openingUnits.get(connectors);
  if (!units) openingUnits.set(connectors, (units = new Set(connectors.map((c) => c.charCodeAt(0)))));
  return units;
}

/**
 * The end of the capitalized-sequence match that starts at `at` (what the sticky pattern finds there),
 * or -1 when none starts there. `connectors`: the CONNECTOR words of the pattern.
 */
export function capitalizedSequenceEnd(text: string, at: number, connectors: readonly string[]): number {
  if (!UPPERCASE.has(codePointAt(text, at)) || NOT_BEFORE.has(codePointBefore(text, at))) return -1;
  let end = capitalWordEnd(text, at);
  for (;;) {
    if (!LINE_SPACE.has(codePointAt(text, end))) return end;
    const next = end + 1;
    // A connector and a space, then a capital word; else a capital word right after the space.
    // (The connectors are tried only after a unit one of them opens with: most words are no connector.)
    let joined = -1;
    if (openingUnitsOf(connectors).has(text.charCodeAt(next))) for (const connector of connectors) {
      if (text.startsWith(connector, next) && LINE_SPACE.has(codePointAt(text, next + connector.length)) && UPPERCASE.has(codePointAt(text, next + connector.length + 1))) {
        joined = next + connector.length + 1;
        break;
      }
    }
    if (joined < 0 && UPPERCASE.has(codePointAt(text, next))) joined = next;
    if (joined < 0) return end;
    end = capitalWordEnd(text, joined);
  }
}
