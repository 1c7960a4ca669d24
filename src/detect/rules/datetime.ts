/** DATETIME: full and partial dates, years, decades, centuries, periods, durations, times. */
import { MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_ABBREVIATIONS, WEEKDAY_NAMES, wordAlternation } from './everyday.ts';
import { DIGIT_AM_PM, DIGIT_COLON_DIGIT, DIGIT_DOT_DIGIT, DIGIT_SLASH_DIGIT, TWO_SEPARATORS, anyFeature } from './features.ts';
import { DIGIT_CUES, NUMBER_CUES } from './number-starts.ts';
import type { Rule } from './types.ts';
import { dateValid } from './validators.ts';

// Also in capitals, as passports, visas and boarding passes print them ("23 SEP 1985", "02 MAR 2021": a licence plate before).
const MONTH = `(?:${MONTH_NAMES.join('|')}|${wordAlternation(MONTH_ABBREVIATIONS, '\\.?')}|${MONTH_NAMES.map((month) => month.toUpperCase()).join('|')}|${wordAlternation(MONTH_ABBREVIATIONS.map((month) => month.toUpperCase()), '\\.?')})`;
/** Months that are also ordinary words ("may", "march") need a day or a year next to them. */
const SAFE_MONTH = `(?:${MONTH_NAMES.filter((month) => month !== 'March' && month !== 'May').join('|')})`;
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = '(?:1[5-9]\\d\\d|20\\d\\d)';
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a few|several|many|some|a couple of|a|an)';
const NUMBER = `(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORD}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|half an?|one and a half)`;
const UNIT = '(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries|semester|term)';
const ORDINAL = '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\\d{1,2}(?:st|nd|rd|th))';

const re = (source: string, flags = 'g'): RegExp => new RegExp(source, flags);
/** What a date with a month name opens with: a day's digit, or a month (each begins with its three-letter abbreviation). */
const MONTH_DATE_CUES: readonly string[] = [...DIGIT_CUES, 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const YEAR_RANGE_CUES: readonly string[] = [...DIGIT_CUES, 'between', 'from'];

/** "no. 14/3", "nos.", "No", "#": a number sign before a day and month. */
const NUMBER_SIGN_BEFORE = /(?:\b[Nn]os?\.?|#)\s*$/;

export const DATETIME_RULES: readonly Rule[] = [
  {
    // "1 December 2005", "December 1, 2005", "1st of December 2005", "December 2005", "1 December", "4-5 August".
    name: 'date-month-name',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.95,
    pattern: re(
      `\\b(?:${DAY}[-–]${DAY} ${MONTH}(?:,? ${YEAR})?|${DAY}(?: of)? ${MONTH},? ${YEAR}|${MONTH} ${DAY},? ${YEAR}|${DAY}(?: of)? ${MONTH}|${MONTH} ${DAY}\\b|${MONTH},? ${YEAR}|${SAFE_MONTH})(?![\\w])`,
    ),
    cues: MONTH_DATE_CUES,
    opensWithCue: true,
  },
  {
    // "12/05/1999", "12.05.1999", "12-05-99" (day first, as in European judgments; month-first also valid).
    name: 'date-numeric',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.9,
    pattern: /(?<![\w/.-])\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?![\w/]|[.-]\d)/g,
    validate: (value) => {
      const [a, b, c] = value.split(/[./-]/).map(Number);
      return dateValid(a, b, c) || dateValid(b, a, c);
    },
    // "12/05/1999": two separators.
    gate: anyFeature(TWO_SEPARATORS),
  },
  {
    // A day and month without a year: "by 31/12", "on 12/31". Only where the order is plain (one part
    // 13 to 31, the other a month): "1/2", "3/4" and "9/11" are read as fractions as often, "24/7" is a
    // schedule, "20/20" and "50/50" are not dates. Nor is one with another slash close by, in a list
    // of such numbers or a reference ("plots nos. 22/1, 22/2 and 22/4", "sheet/plan 11/14"), or one
    // after a number sign ("no. 14/3").
    name: 'date-day-month',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.6,
    pattern: /(?<![\w/.,-])\d{1,2}\/\d{1,2}(?![\w/]|[.,]\d)/g,
    validate: (value, text, span) => {
      const [a, b] = value.split('/').map(Number);
      if (value === '24/7' || !((a > 12 && a <= 31 && b >= 1 && b <= 12) || (b > 12 && b <= 31 && a >= 1 && a <= 12))) return false;
      const before = text.slice(Math.max(0, span.start - 14), span.start);
      return !before.includes('/') && !NUMBER_SIGN_BEFORE.test(before) && !text.slice(span.end, span.end + 14).includes('/');
    },
    // "31/12": a digit, a slash, a digit.
    gate: anyFeature(DIGIT_SLASH_DIGIT),
  },
  {
    name: 'date-iso',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.95,
    pattern: /\b(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T\d\d:\d\d(?::\d\d)?Z?)?\b/g,
    // "1999-05-12": two separators.
    gate: anyFeature(TWO_SEPARATORS),
  },
  {
    // "1982-1984", "1982–84", "between 1982 and 1984", "1982/83", and "1982 to 1984" of "from 1982 to 1984" (no
    // annotator of TAB's or the biographies' training documents marks the "from"; TAB's mark "between" more often
    // than not); not "1808 – 15 February 1861" (the day of the next date).
    name: 'year-range',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.85,
    pattern: re(`\\b(?:from (?<span>${YEAR} (?:and|to|until|till) ${YEAR})|between ${YEAR} (?:and|to|until|till) ${YEAR}|${YEAR} ?[-–—/] ?(?:${YEAR}|\\d\\d(?! ${MONTH}\\b))(?![\\d/]))\\b`, 'dg'),
    cues: YEAR_RANGE_CUES,
    opensWithCue: true,
  },
  {
    // Years, "the 1990s", "the '90s"; a bare number 1500–2099 that is not a count of things.
    name: 'year',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.75,
    pattern: re(`(?<![\\w.,/§-]|§ |no\\. |No\\. |Article |Articles |paragraph |paragraphs |Rule |section |page |pp?\\. )${YEAR}s?(?![\\w/-]|[.,]\\d| (?:${'Turkish|Polish|Austrian|euros|EUR|TRL|TRY|PLN|ATS|DEM|GBP|USD|francs|liras|lira|people|persons|metres|km|kg'})\\b)`),
    // The look-behind is tried only before a digit that opens a word, not at every position.
    cues: DIGIT_CUES,
    opensWithCue: true,
  },
  {
    name: 'decade',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.8,
    // Without "the": the biographies' training masks never take it (116 times), TAB's rarely.
    pattern: /\b(?:early |mid-?|late )?(?:(?:1[5-9]|20)\d0s|'\d0s|(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b/g,
    // "1990s" and "'90s" contain "0s"; the decade words all end in "ties".
    requires: ['0s', 'ties'],
  },
  {
    name: 'century',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.8,
    pattern: re(`\\b(?:the )?(?:early |mid-?|late )?${ORDINAL}[- ]century\\b`),
    requires: ['century'],
  },
  {
    // "five years", "two-month", "60-day", "a few weeks", "18 months'", "half an hour".
    name: 'duration',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.75,
    pattern: re(`\\b${NUMBER}[- ](?:and a half |more |further |consecutive |additional )?${UNIT}s?(?:['’](?=\\s))?(?![\\w-])`, 'gi'),
    // Tried only where a number opens, as found by the shared cue scan (number-starts.ts), its words
    // whole ("a" opens "a few days", not every word that starts with an "a").
    cues: NUMBER_CUES,
    opensWithCue: true,
    cuesAsWords: true,
  },
  {
    name: 'time-of-day',
    entityType: 'DATETIME',
    subtype: 'TIME',
    confidence: 0.85,
    pattern: /\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s?(?:[ap](?:\.m\.|\.?m)|[AP]\.M\.|[AP]M\b))?(?![\d:]|\.\d)|\b(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[AP]\.M\.)(?!\w)|\b(?:1[0-2]|0?[1-9])\s?(?:[ap]m|[AP]M)\b/g,
    // "10:30", "10.30", "3:41:07", "9am", "9 p.m.", "9:14 AM": one shape per branch. A full stop after a time ends the
    // sentence ("Call me at 14:30.", "at 9:15 am."); one before a digit makes a date or a version ("12.05.1999").
    gate: anyFeature(DIGIT_COLON_DIGIT, DIGIT_DOT_DIGIT, DIGIT_AM_PM),
  },
  {
    // A weekday, or its abbreviation before a date or a time ("Tue 4 March", "Mon, 3 Mar 2025", "Fri Mar 7",
    // "Fri 3pm", "Thu at 14:30", as e-mails, chats and calendars write them; "Sun" or "Sat" alone is a word or a newspaper),
    // and a range of them ("Mon–Fri": "Mon" was a people to the nationality list).
    name: 'weekday',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.7,
    pattern: re(
      `\\b(?:(?:${WEEKDAY_NAMES.join('|')})s?\\b|(?:${wordAlternation(WEEKDAY_ABBREVIATIONS)})\\.?[ ]?[–-][ ]?(?:${wordAlternation(WEEKDAY_ABBREVIATIONS)})\\b\\.?|(?:${wordAlternation(WEEKDAY_ABBREVIATIONS)})\\.?(?=,? (?:${DAY} ${MONTH}(?!\\w)|${MONTH} ${DAY}\\b|(?:at )?(?:1[0-2]|0?[1-9])(?::[0-5]\\d)?\\s?[ap]m\\b|(?:at )?(?:[01]?\\d|2[0-3]):[0-5]\\d\\b)))`,
    ),
    // Every match opens with a weekday's abbreviation where a word starts ("Mon" of "Monday"): tried
    // only where the shared cue scan found one.
    cues: WEEKDAY_ABBREVIATIONS.filter((abbreviation) => abbreviation.length === 3),
    opensWithCue: true,
  },
  {
    // A day of the month by its ordinal after a preposition, "on the 15th", "by the 3rd,": not "on the 15th
    // floor", nor "from the 16th to the late 19th century".
    name: 'day-ordinal',
    entityType: 'DATETIME',
    subtype: 'DATE',
    confidence: 0.7,
    pattern: re(
      `\\b(?:on|by|until|till|from|since|before|after) the (?<span>(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th))(?![\\w-])(?![^.\\n]{0,30}\\bcentur)(?=[^\\S\\n]*(?:$|[\\n.,;:!?)]|(?:at|and|or|to|until|till|through|by|so|but|if|when|then|please|onwards|latest|with|for|in the|of (?:this|next|the) month)\\b))`,
      'dgi',
    ),
    // Every match opens with its preposition and "the".
    cues: ['on the', 'by the', 'until the', 'till the', 'from the', 'since the', 'before the', 'after the'],
    opensWithCue: true,
  },
  {
    // Seasons and holidays with a year, "summer of 1995", "spring 2001".
    name: 'season-year',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.85,
    pattern: re(`\\b(?:(?:early |late )?(?:spring|summer|autumn|fall|winter)(?: of)? ${YEAR}|(?:Christmas|Easter) ${YEAR})\\b`, 'gi'),
    // Every match holds one of these words after a word boundary ("early", "late" or the start).
    cues: ['spring', 'summer', 'autumn', 'fall', 'winter', 'christmas', 'easter'],
  },
  {
    // A fiscal year, quarter or half with its year: "FY2022", "FY 2021/22", "FY23", "Q3 2023", "H1-2024".
    // (The neural layer read "FY2022" as a place.) Not a quarter alone ("the Q3 report"): no year, no date.
    name: 'fiscal-period',
    entityType: 'DATETIME',
    subtype: 'PERIOD',
    confidence: 0.9,
    pattern: re(`\\b(?:FY|Q[1-4]|H[12])(?:[ -]?${YEAR}(?:\\/\\d{2})?|'?\\d{2})(?![\\w/])`),
    // Every match opens with one of these, where a word starts.
    cues: ['FY', 'Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'],
    opensWithCue: true,
  },
];
