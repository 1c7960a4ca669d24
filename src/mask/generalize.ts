/**
 * Generalization rules for dates and numbers (Papadopoulou et al., §8: "January 6, 2022" →
 * "2022"). Each rule keeps the coarse information and drops the identifying detail; a span no
 * rule covers gets undefined, and the generalize strategy falls back to the type tag.
 */
import { isUntyped } from './spans.ts';

const MONTH = String.raw`(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)`;
const YEAR = String.raw`(1[0-9]{3}|20[0-9]{2})`;
const NUMBER_WORD = String.raw`(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|several|a few|dozens?)`;
const NUMBER = String.raw`(?:\d[\d,.\u00A0\u202F ]*\d|\d|${NUMBER_WORD}(?:[\s-]+(?:and\s+)?${NUMBER_WORD})*)`;
const CURRENCY =
  String.raw`(?:[€$£¥₴₽₺]|\b(?:EUR|USD|GBP|CHF|TRY|TRL|PLN|UAH|RUB|ATS|DEM|FRF|ITL|HUF|CZK|SKK|RON|ROL|BGN|HRK|SEK|NOK|DKK|GEL|AMD|AZN|MDL|LTL|LVL|EEK)\b|\b(?:euros?|dollars?|pounds?(?! of)|hryvni(?:as|a)|roubles?|rubles?|liras?|lire|zlot(?:y|ys|ies)|francs?|kron(?:a|or|er|e)|kun(?:a|as)|forints?|lei|leu|levs?|schillings?|marks?|lari|drams?|manats?|korun(?:a|as|y)?|litas|lats)\b)`;
const TIME_UNIT = /\b(year|month|week|day|hour|minute|second)s?\b/i;

const MONTH_WITH_YEAR = new RegExp(String.raw`\b${MONTH}\b.*?\b${YEAR}\b|\b${YEAR}\b.*?\b${MONTH}\b`, 'i');
const NUMERIC_DATE = new RegExp(String.raw`^\s*(?:\d{1,2}[./-]\d{1,2}[./-]${YEAR}|${YEAR}[./-]\d{1,2}[./-]\d{1,2})\s*$`);
const BARE_YEAR = new RegExp(String.raw`^\s*(?:in\s+)?${YEAR}\s*$`, 'i');
const DAY_MONTH = new RegExp(String.raw`^\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH})|(${MONTH})\s+\d{1,2}(?:st|nd|rd|th)?)\s*$`, 'i');
const HAS_NUMBER = new RegExp(String.raw`\d|\b${NUMBER_WORD}\b`, 'i');
const PERCENT = /%|\bper\s?cent\b/i;
const NUMBER_ONLY = new RegExp(String.raw`^\s*(?:about\s+|approximately\s+)?${NUMBER}\s*$`, 'i');
const NUMBER_THEN_NOUN = new RegExp(String.raw`^\s*${NUMBER}\s+([A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){0,2})\s*$`, 'i');

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthName(token: string): string {
  const prefix = token.toLowerCase().slice(0, 3);
  const full = MONTH_NAMES.find((m) => m.startsWith(prefix)) ?? token;
  return full.charAt(0).toUpperCase() + full.slice(1);
}

/** A date generalized to its year (or a bare year to its decade, a day to its month). */
export function generalizeDate(surface: string): string | undefined {
  const monthYear = MONTH_WITH_YEAR.exec(surface);
  if (monthYear) return monthYear[1] ?? monthYear[2];
  const numeric = NUMERIC_DATE.exec(surface);
  if (numeric) return numeric[1] ?? numeric[2];
  const year = BARE_YEAR.exec(surface);
  if (year) return `the ${year[1].slice(0, 3)}0s`;
  const dayMonth = DAY_MONTH.exec(surface);
  if (dayMonth) return monthName(dayMonth[1] ?? dayMonth[2]);
  return undefined;
}

/** An amount, a percentage, a duration or a count, without its value. */
export function generalizeNumber(surface: string): string | undefined {
  if (!HAS_NUMBER.test(surface)) return undefined;
  if (new RegExp(CURRENCY, 'i').test(surface)) return 'an amount';
  if (PERCENT.test(surface)) return 'a percentage';
  const unit = TIME_UNIT.exec(surface);
  if (unit && NUMBER_THEN_NOUN.test(surface)) return `a number of ${unit[1].toLowerCase()}s`;
  if (NUMBER_ONLY.test(surface)) return 'a number';
  const counted = NUMBER_THEN_NOUN.exec(surface);
  if (counted) return `a number of ${counted[1]}`;
  return undefined;
}

/** The generalized text of a span, or undefined when no rule applies to its type and text. */
export function generalize(surface: string, entityType: string): string | undefined {
  const type = entityType.toUpperCase();
  const untyped = isUntyped(type);
  if (type === 'DATETIME' || type === 'DATE' || type === 'TIME' || untyped) {
    const date = generalizeDate(surface);
    if (date !== undefined) return date;
  }
  if (type === 'QUANTITY' || type === 'DATETIME' || type === 'MONEY' || type === 'NUMBER' || type === 'PERCENT' || untyped) {
    return generalizeNumber(surface);
  }
  return undefined;
}
