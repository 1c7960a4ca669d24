/**
 * Ages, amounts, counts and durations move within a band and keep their format: the currency and
 * every other word stay, the grouping and decimal separators and the number of decimals stay, a
 * round figure stays as round (5,000 euros → 6,000 euros), a small count moves by one to three,
 * a number word stays a word ("two" → "three").
 */
import type { Drawer } from './draw.ts';
import { capitalize, withCaseOf } from './text.ts';

/** A figure: digits, optionally grouped by 3 with , . or spaces, optionally with decimals. */
const FIGURE = /(?<![\d.,])\d{1,3}(?:([,.\u00A0\u202F ])\d{3})(?:\1\d{3})*(?:[.,]\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])|(?<![\d.,])\.\d+(?![\d])/g;
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const ORDINAL_WORDS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
/** Tens from twenty, by their digit. */
const TENS_WORDS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const UNIT_WORDS = NUMBER_WORDS.slice(1, 10).join('|');
/**
 * A number in words: a cardinal from 21 to 99 ("thirty", "forty-five", "twenty one": "thirty months’
 * imprisonment" held no number the substitute could move, and became a date), tried first, else one
 * number word up to twenty or ordinal up to twentieth. One expression, so a substitute is not read again.
 */
const NUMBER_WORD = new RegExp(
  String.raw`\b(?:(${TENS_WORDS.slice(3).join('|')}|twenty(?=[- ](?:${UNIT_WORDS})\b))(?:([- ])(${UNIT_WORDS}))?|(${[...NUMBER_WORDS, ...ORDINAL_WORDS].join('|')}))\b`,
  'gi',
);

/** Two or more number words, each capitalised ("Forty Five", "Thirty-Two"). */
const TITLE_CASE_WORDS = /^\p{Lu}\p{Ll}*(?:[- ]\p{Lu}\p{Ll}*)+$/u;

/** 21–99 in words, the units joined with `joiner` ("forty-five"). */
function tensInWords(value: number, joiner: string): string {
  const units = value % 10;
  return units === 0 ? TENS_WORDS[Math.floor(value / 10)] : `${TENS_WORDS[Math.floor(value / 10)]}${joiner}${NUMBER_WORDS[units]}`;
}

interface ParsedFigure {
  value: number;
  group: string;
  decimalSeparator: string;
  decimals: number;
}

function parseFigure(figure: string): ParsedFigure {
  const grouped = /^\d{1,3}([,.\u00A0\u202F ])\d{3}/.exec(figure);
  const group = grouped?.[1] ?? '';
  const withoutGroups = group === '' ? figure : figure.split(group).join('');
  const decimal = /[.,](\d+)$/.exec(withoutGroups);
  const decimalSeparator = decimal ? withoutGroups[withoutGroups.length - decimal[1].length - 1] : '';
  const integerPart = decimal ? withoutGroups.slice(0, -decimal[1].length - 1) : withoutGroups;
  const decimals = decimal ? decimal[1].length : 0;
  return { value: Number(`${integerPart}.${decimal?.[1] ?? '0'}`), group, decimalSeparator, decimals };
}

function renderFigure(value: number, format: ParsedFigure, minDigits: number): string {
  const fixed = value.toFixed(format.decimals);
  const [integer, fraction] = fixed.split('.');
  const padded = integer.padStart(minDigits, '0');
  const grouped = format.group === '' ? padded : padded.replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
  return fraction === undefined ? grouped : `${grouped}${format.decimalSeparator}${fraction}`;
}

/** A value in the band around `value`, different from it, as round as it, never negative. */
export function moveInBand(value: number, decimals: number, random: (min: number, max: number) => number, widen = 0): number {
  const unit = 10 ** -decimals;
  if (value < 20 && decimals === 0) {
    const step = random(1, 3 + widen);
    const down = value - step >= (value >= 1 ? 1 : 0) && random(0, 1) === 0;
    return down ? value - step : value + step;
  }
  // Keep the roundness: 5,000 moves in thousands, 1,250 in tens.
  let roundness = unit;
  while (decimals === 0 && value % (roundness * 10) === 0 && roundness * 10 < value) roundness *= 10;
  const factor = 1 + (random(0, 1) === 0 ? -1 : 1) * (random(5, 30 + widen) / 100);
  let moved = Math.round((value * factor) / roundness) * roundness;
  if (moved === value) moved = value + roundness;
  if (moved <= 0) moved = value + roundness;
  return Number(moved.toFixed(decimals));
}

/**
 * The span with every figure and number word moved within its band; undefined when it holds no
 * number. `part` tells draws apart (the same figure in the same mention moves the same way).
 */
export function quantitySubstitute(original: string, draw: Drawer): string | undefined {
  let found = false;
  let index = 0;
  const random = (at: number) => {
    const f = draw.faker('quantity', original, at);
    return (min: number, max: number): number => f.number.int({ min, max });
  };
  const moved = original
    .replace(FIGURE, (figure: string) => {
      found = true;
      const format = parseFigure(figure);
      const minDigits = format.group === '' && figure.startsWith('0') ? figure.split(/[.,]/)[0].length : 1;
      const written = renderFigure(moveInBand(format.value, format.decimals, random(index++), draw.attempt), format, minDigits);
      // ".982" stays without its leading zero.
      return figure.startsWith('.') ? written.replace(/^0(?=\.)/, '') : written;
    })
    // "21st" moved to "23rd", not "23st".
    .replace(/(\d+)(st|nd|rd|th)\b/gi, (_m: string, digits: string, suffix: string) => digits + withCaseOf(suffix, englishOrdinal(Number(digits))))
    .replace(NUMBER_WORD, (phrase: string, tens: string | undefined, joiner: string | undefined, units: string | undefined) => {
      found = true;
      // "Forty Five" and "Forty-Five" stay in title case ("Fifty Four"); "Forty five" keeps one capital.
      const titleCase = TITLE_CASE_WORDS.test(phrase);
      const capitalised = (drawn: string): string => (titleCase ? drawn.split(/(?<=[- ])/u).map(capitalize).join('') : phrase[0] === phrase[0].toUpperCase() ? capitalize(drawn) : drawn);
      if (tens !== undefined) {
        const value = TENS_WORDS.indexOf(tens.toLowerCase()) * 10 + (units ? NUMBER_WORDS.indexOf(units.toLowerCase()) : 0);
        // Kept within the numbers written in words here, and never the original.
        let next = Math.min(99, Math.max(21, moveInBand(value, 0, random(index++), draw.attempt)));
        if (next === value) next = value === 99 ? 98 : value + 1;
        return withCaseOf(phrase, capitalised(tensInWords(next, joiner ?? '-')));
      }
      const words = NUMBER_WORDS.includes(phrase.toLowerCase()) ? NUMBER_WORDS : ORDINAL_WORDS;
      const value = words.indexOf(phrase.toLowerCase());
      const next = Math.min(words.length - 1, moveInBand(value, 0, random(index++), draw.attempt));
      const drawn = next === value ? words[value === 0 ? 1 : value - 1] : words[next];
      return withCaseOf(phrase, capitalised(drawn));
    });
  return found ? moved : undefined;
}

function englishOrdinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

const VAGUE_AMOUNTS = ['a few', 'several', 'some', 'many', 'a dozen', 'a handful of'];

/** A vague amount of a unit of time opening a span: "several months", "a few weeks", "many years". */
const VAGUE_DURATION = /^(a few|several|some|many|a couple of|a number of|a dozen|a handful of)(\s+)(?=(?:seconds|minutes|hours|days|nights|weeks|fortnights|months|years|decades|centuries)\b)/iu;

/**
 * A duration without a number ("several months"): another vague amount of the same unit, where there
 * was no figure to move and a date would have replaced it ("for 12 March 2000").
 */
export function vagueDuration(original: string, draw: Drawer): string | undefined {
  const opening = VAGUE_DURATION.exec(original);
  if (!opening) return undefined;
  const written = opening[1];
  const f = draw.faker('vague', original);
  const other = f.helpers.arrayElement(VAGUE_AMOUNTS.filter((v) => v !== written.toLowerCase()));
  const cased = written[0] === written[0].toUpperCase() ? capitalize(other) : other;
  return withCaseOf(written, cased) + opening[2] + original.slice(opening[0].length);
}

/** A quantity without a number ("several"): another vague amount. */
export function vagueQuantity(original: string, draw: Drawer): string {
  const f = draw.faker('vague', original);
  return withCaseOf(original, f.helpers.arrayElement(VAGUE_AMOUNTS.filter((v) => v !== original.toLowerCase())));
}
