/** QUANTITY: money, percentages, measures, ages, counts. */
import { CAPITAL_RUN_3, CURRENCY_SYMBOL, anyFeature } from './features.ts';
import { AMOUNT_CUES, CARDINAL_CUES, DIGIT_CUES } from './number-starts.ts';
import type { Rule } from './types.ts';

/** The ISO 4217 codes the money rules read (current and pre-euro). */
export const CURRENCY_CODE = '(?:EUR|USD|GBP|CHF|TRL|TRY|PLN|ATS|DEM|FRF|BEF|NLG|ITL|ESP|PTE|GRD|FIM|IEP|SEK|NOK|DKK|ISK|CZK|SKK|HUF|RON|ROL|BGN|HRK|SIT|RUB|UAH|MDL|GEL|AMD|AZN|LTL|LVL|EEK|CYP|MTL|JPY|CNY|INR|CAD|AUD|NZD|HKD|SGD|KRW|TWD|THB|IDR|MYR|VND|PKR|BDT|LKR|ILS|SAR|AED|QAR|KWD|EGP|MAD|ZAR|NGN|GHS|KES|BRL|MXN|ARS|CLP|COP|PEN)';
const CURRENCY_NAME =
  '(?:euros?|dollars?|pounds?(?: sterling)?|(?:new )?(?:Turkish )?(?:liras?|lire)|(?:Polish )?(?:zlotys?|złoty)|(?:Austrian )?schillings?|(?:Deutsch|German) ?[Mm]arks?|Deutschmarks?|(?:Swiss |French |Belgian )?francs?|kronor|kroner|krona|krone|forints?|roubles?|rubles?|hryvnias?|lei|leva|kuna|tolars?|litai|lats|drachmas?|escudos?|pesetas?|yen|yuan|rupees?|cents?|pence)';
const AMOUNT = '\\d{1,3}(?:[,.\\u00a0 ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d+)?';
/** A scale word after an amount, or its letter right after the digits ("£2.3m", "$40k", "€1.2bn"). */
const SCALE = '(?: (?:million|billion|thousand|m|bn)|(?:m|bn|k|K))?';
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)';
const WORD_AMOUNT = `${NUMBER_WORD}(?:[- ](?:and )?${NUMBER_WORD})*`;

const re = (source: string, flags = 'g'): RegExp => new RegExp(source, flags);
/** A word after which a number names a kind, not a count: "type 2 diabetes", "stage 3 cancers". */
const KIND_BEFORE = /\b(?:type|stage|grade|class|level|phase|category) $/i;

const ORDINAL_WORD = '(?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|twentieth)';
/** A bare cardinal or ordinal: "17", "1,500", "0.5", ".5", "12th", "two hundred", "twice", "fourth". */
const CARDINAL = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|\\.\\d+|\\d+(?:st|nd|rd|th)|${WORD_AMOUNT}|twice|thrice|${ORDINAL_WORD})`;
/** How every CARDINAL alternative begins (WORD_AMOUNT with a NUMBER_WORD). */
const CARDINAL_START = `(?:\\d|\\.\\d|${NUMBER_WORD}|twice|thrice|${ORDINAL_WORD})`;

/** The number that opens a count phrase ("three" of "three hearings", "1,200" of "1,200 appearances"). */
const COUNT_NUMBER_SOURCE = `(?:${WORD_AMOUNT}|\\d{1,6}(?:,\\d{3})*)`;
const COUNT_NUMBER = new RegExp(`^${COUNT_NUMBER_SOURCE}`, 'i');

/** Where the number of a count phrase (a `count-phrase` match starting at `start`) ends. */
export function countNumberEnd(text: string, start: number, end: number): number {
  const number = COUNT_NUMBER.exec(text.slice(start, end));
  return number ? start + number[0].length : end;
}

export const QUANTITY_RULES: readonly Rule[] = [
  {
    // "EUR 4,000", "TRL 30,000,000", "€4,000", "$145 million", "$100–130 million".
    name: 'money-prefix',
    entityType: 'QUANTITY',
    subtype: 'MONEY',
    confidence: 0.95,
    pattern: re(`(?:\\b${CURRENCY_CODE} ?|[€$£¥₺]\\s?)(?:${AMOUNT})(?:\\s?[-–]\\s?(?:${AMOUNT}))?${SCALE}\\b`),
    // A three-capital currency code or a currency symbol opens every match.
    gate: anyFeature(CAPITAL_RUN_3, CURRENCY_SYMBOL),
  },
  {
    // "350,000 Polish zlotys (PLN)", "80 DEM", "16,985 Turkish liras (TRY ‑ approximately 9,200 euros (EUR))".
    name: 'money-suffix',
    entityType: 'QUANTITY',
    subtype: 'MONEY',
    confidence: 0.95,
    pattern: re(`\\b(?:${AMOUNT}|${WORD_AMOUNT})${SCALE} (?:${CURRENCY_NAME}|${CURRENCY_CODE})(?: \\(${CURRENCY_CODE}\\))?(?![\\w])`),
    // Tried only where a number opens, as found by the shared cue scan (number-starts.ts).
    cues: AMOUNT_CUES,
    opensWithCue: true,
  },
  {
    name: 'percentage',
    entityType: 'QUANTITY',
    subtype: 'PERCENT',
    confidence: 0.9,
    pattern: re(`(?:\\b(?:${AMOUNT})\\s?%|\\b(?:${AMOUNT}|${WORD_AMOUNT}) (?:per cent|percent)\\b)`),
    requires: ['%', 'per cent', 'percent'],
    cues: AMOUNT_CUES,
    opensWithCue: true,
  },
  {
    // A blood pressure reading after its label ("BP 148/92", "blood pressure was 130/85 mmHg"): a measure, not
    // the case number it looks like.
    name: 'blood-pressure',
    entityType: 'QUANTITY',
    confidence: 0.85,
    pattern: /\b(?:BP|[Bb]lood [Pp]ressure)(?: (?:of|was|is|at|reading(?: of)?))?:? ?(?<span>\d{2,3}\/\d{2,3}(?: ?mm ?Hg)?)(?![\w/])/dg,
    cues: ['BP', 'blood'],
  },
  {
    name: 'measure',
    entityType: 'QUANTITY',
    confidence: 0.8,
    pattern: re(
      `\\b(?:${AMOUNT})(?: ?x ?\\d+(?:[.,]\\d+)?)?\\s?(?:km\\/h|mph|km|kilometres|kilometers|miles|metres|meters|m²|sq\\. ?m|square metres|hectares|ha|cm|mm|kg|kilograms|grams|tonnes|tons|litres|liters|ml|mg|decares|acres)(?![\\w])`,
    ),
    cues: DIGIT_CUES,
    opensWithCue: true,
  },
  {
    // Ages: "aged 45", "45-year-old", "age of 45" (without "at the", as TAB's and the biographies' annotators mark it),
    // and as clinical notes write them: "54 y/o", "54 y.o.", "54 yrs old".
    name: 'age',
    entityType: 'QUANTITY',
    subtype: 'AGE',
    confidence: 0.75,
    pattern: re(`\\b(?:aged \\d{1,3}|\\d{1,3}[- ]years?[- ]old|age of (?:\\d{1,3}|${WORD_AMOUNT}))\\b|\\b\\d{1,3} (?:y\\/o(?![A-Za-z])|y\\.o\\.)|\\b\\d{1,3}[- ]yrs?[- ]old\\b`),
    // "aged 45", "45-year-old" (the words after the number), "the age of": one cue per branch.
    cues: ['aged', 'year old', 'year-old', 'years old', 'years-old', 'age of', 'y/o', 'y.o', 'yr old', 'yrs old', 'yr-old', 'yrs-old'],
  },
  {
    // A form's "Age: 63": the number alone.
    name: 'age-field',
    entityType: 'QUANTITY',
    subtype: 'AGE',
    confidence: 0.75,
    pattern: /\b(?:Age|AGE|age): ?(?<span>\d{1,3})\b/dg,
    // Every match opens with its cue word (tried only where the shared cue scan found "age").
    cues: ['age'],
    opensWithCue: true,
  },
  {
    // "three counts", "thirty decisions", "two children": a number word followed by a plural noun.
    name: 'count-phrase',
    entityType: 'QUANTITY',
    confidence: 0.5,
    pattern: re(`\\b${COUNT_NUMBER_SOURCE} (?:other |more |further |separate |additional )?(?:[a-z]+(?:s|ren|people|men))\\b`, 'gi'),
    cues: AMOUNT_CUES,
    opensWithCue: true,
    cuesAsWords: true,
    // The pattern ignores case for the number words; a capitalized noun ("09664 Bourges") is a name.
    // A word that ends in "s" without being a plural ("12 this year", "3 plus tax") counts nothing.
    // After "type", "stage", "grade", "class" and the like a number names a kind ("type 2 diabetes"), it counts nothing.
    validate: (value, text, span) =>
      !/\b(?:years?|months?|days?|weeks?|hours?|minutes?|times?|of|and|is|was|has|as|this|his|its|us|thus|plus|less|unless|perhaps|always|across|whereas|does|yes|besides|towards|afterwards|sometimes|nowadays)$/i.test(value) &&
      !/\s\p{Lu}[\p{L}]*$/u.test(value) &&
      !KIND_BEFORE.test(text.slice(Math.max(0, span.start - 10), span.start)),
  },
  {
    // Bare cardinals and ordinals ("two", "17", "fourth", "12th"): low confidence, recall first;
    // numbers that are article, paragraph or page references are excluded.
    name: 'cardinal',
    entityType: 'QUANTITY',
    confidence: 0.3,
    // The number is looked ahead for first: testing the long look-behind only where a number starts
    // is cheaper than testing it at every position, and the look-ahead changes no match. Before it,
    // the one-character part of the look-behind (so again no change): inside a word it fails at
    // once, where the look-ahead would try every number word.
    pattern: re(
      `(?<![\\w§.,/-])(?=${CARDINAL_START})(?<![\\w§.,/-]|§ |Article |Articles |paragraph |paragraphs |para\\. |Rule |Rules |[Ss]ection |[Ss]ections |page |pages |pp?\\. |no\\. |No\\. |nos\\. |Protocol |Chapter |Part |Annex |and |to |Nos\\. )${CARDINAL}(?![\\w/-]|[.,]\\d| §)`,
      'gi',
    ),
    // "0.5" opens with the cue "0"; ".5" with a dot right before the cue "5".
    cues: CARDINAL_CUES,
    opensWithCue: 'or-dot-before',
    cuesAsWords: true,
  },
];
