/**
 * Dates move by one secret offset per document (per collection with a shared session), so order
 * and intervals survive, and keep their written form: "23 November 2006", "November 23rd, 2006",
 * "2006-11-23", "23.11.2006", "23/11/2006", "November 2006", "23 November", a bare year, a decade,
 * a month or a weekday alone. A date at month precision moves its 15th, a bare year by the offset
 * rounded to whole years (never zero: offsets are at least 200 days).
 */
import type { CalendarNames, FictionalLocale } from './locale.ts';
import { withCaseOf } from './text.ts';

const DAY_MS = 86_400_000;

export interface DateShift {
  /** Days every date moves. */
  days: number;
}

/** Whole years a bare year moves: the offset rounded, at least one. */
export function yearShift(shift: DateShift): number {
  const years = Math.round(shift.days / 365.2425);
  return years !== 0 ? years : Math.sign(shift.days);
}

/**
 * The i-th candidate offset from a random 32-bit word: magnitudes grow with i (from 200 days to
 * 2 years, then by about 2 years per candidate), so a document whose dates collide with their own
 * shifts under small offsets finds a larger one.
 */
export function candidateShift(index: number, random: number): DateShift {
  const sign = random & 1 ? 1 : -1;
  const spread = 530 + 730 * index;
  const days = 200 + ((random >>> 1) % spread) + 730 * index;
  return { days: sign * days };
}

interface MonthName {
  index: number;
  /** 'long' or 'short' as written (e.g. "Nov", "Nov.", "November"). */
  style: 'long' | 'short';
  calendar: CalendarNames;
}

function monthLookup(locale: FictionalLocale): Map<string, MonthName> {
  const map = new Map<string, MonthName>();
  for (const calendar of [...locale.calendars].reverse()) {
    calendar.monthsShort.forEach((name, index) => map.set(name.toLowerCase(), { index, style: 'short', calendar }));
    calendar.monthsLong.forEach((name, index) => map.set(name.toLowerCase(), { index, style: 'long', calendar }));
  }
  // English "Sept".
  if (!map.has('sept')) map.set('sept', { index: 8, style: 'short', calendar: locale.calendars[locale.calendars.length - 1] });
  return map;
}

function weekdayLookup(locale: FictionalLocale): Map<string, MonthName> {
  const map = new Map<string, MonthName>();
  for (const calendar of [...locale.calendars].reverse()) {
    calendar.weekdaysShort.forEach((name, index) => map.set(name.toLowerCase(), { index, style: 'short', calendar }));
    calendar.weekdaysLong.forEach((name, index) => map.set(name.toLowerCase(), { index, style: 'long', calendar }));
  }
  return map;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface DatePatterns {
  months: Map<string, MonthName>;
  weekdays: Map<string, MonthName>;
  regex: RegExp;
}

const patternCache = new WeakMap<FictionalLocale, DatePatterns>();

function patternsOf(locale: FictionalLocale): DatePatterns {
  const cached = patternCache.get(locale);
  if (cached) return cached;
  const months = monthLookup(locale);
  const weekdays = weekdayLookup(locale);
  const alternation = (names: Iterable<string>): string => [...names].sort((a, b) => b.length - a.length).map(escape).join('|');
  const M = `(?:${alternation(months.keys())})\\.?`;
  const W = `(?:${alternation(weekdays.keys())})\\.?`;
  const D = String.raw`\d{1,2}`;
  const ORD = String.raw`(?:st|nd|rd|th|er|e|\.)?`;
  const Y = String.raw`\d{4}`;
  const parts = [
    // 1: day month year ("23 November 2006", "23. November 2006", "23rd of November, 2006")
    String.raw`(?<dmy>(?<dmyD>${D})(?<dmyO>${ORD})(?<dmyS1>\s+(?:of\s+)?|\s*)(?<dmyM>${M})(?<dmyS2>,?\s+)(?<dmyY>${Y}))`,
    // 2: month day year ("November 23, 2006", "November 23rd 2006")
    String.raw`(?<mdy>(?<mdyM>${M})(?<mdyS1>\s+)(?<mdyD>${D})(?<mdyO>${ORD})(?<mdyS2>,?\s+)(?<mdyY>${Y}))`,
    // 3: ISO
    String.raw`(?<iso>(?<isoY>${Y})(?<isoS>[-./])(?<isoM>\d{1,2})\k<isoS>(?<isoD>\d{1,2}))`,
    // 4: numeric day first (or month first when the first number cannot be a month… see below)
    String.raw`(?<num>(?<numA>\d{1,2})(?<numS>[./-])(?<numB>\d{1,2})\k<numS>(?<numY>${Y}|\d{2}))`,
    // 5: month year
    String.raw`(?<my>(?<myM>${M})(?<myS>,?\s+)(?<myY>${Y}))`,
    // 6: day month / month day without a year
    String.raw`(?<dm>(?<dmD>${D})(?<dmO>${ORD})(?<dmS>\s+(?:of\s+)?)(?<dmM>${M}))`,
    String.raw`(?<md>(?<mdM>${M})(?<mdS>\s+)(?<mdD>${D})(?<mdO>${ORD}))`,
    // 7: decade ("1990s", "1990's")
    String.raw`(?<dec>(?<decY>\d{3}0)(?<decS>['’]?s))`,
    // 8: bare year
    String.raw`(?<year>(?<yearY>1[0-9]{3}|20[0-9]{2}))`,
    // 9: month alone, weekday alone
    String.raw`(?<mon>${M})`,
    String.raw`(?<wd>${W})`,
  ];
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const patterns = { months, weekdays, regex };
  patternCache.set(locale, patterns);
  return patterns;
}

/** The day's suffix written like the original's: none, a dot, English st/nd/rd/th, French 1er. */
function ordinal(day: number, written: string): string {
  if (written === '' || written === '.') return written;
  if (written === 'er' || written === 'e') return day === 1 ? 'er' : '';
  const lower = day % 100;
  if (lower >= 11 && lower <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function dateOf(year: number, month: number, day: number): Date | undefined {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day ? date : undefined;
}

const shifted = (date: Date, shift: DateShift): Date => new Date(date.getTime() + shift.days * DAY_MS);

/** Written with a leading zero when the original had one ("05"). */
function pad(value: number, like: string): string {
  return like.length > 1 && like.startsWith('0') ? String(value).padStart(like.length, '0') : String(value);
}

/**
 * The span with every date in it shifted; undefined when it holds none. Month and weekday names
 * keep their language, length, case and a trailing dot.
 */
export function shiftDates(original: string, shift: DateShift, locale: FictionalLocale): string | undefined {
  const { months, weekdays, regex } = patternsOf(locale);
  let found = false;
  const monthOf = (written: string): MonthName | undefined => months.get(written.replace(/\.$/, '').toLowerCase());
  const writeMonth = (written: string, index: number): string => {
    const name = monthOf(written) as MonthName;
    const list = name.style === 'long' ? name.calendar.monthsLong : name.calendar.monthsShort;
    const dot = written.endsWith('.') && !list[index].endsWith('.') ? '.' : '';
    return withCaseOf(written, list[index]) + dot;
  };
  const result = original.replace(regex, (...args: unknown[]) => {
    const match = args[0] as string;
    const g = args[args.length - 1] as Record<string, string | undefined>;
    const fullDate = (y: number, m: number, d: number, render: (date: Date) => string): string => {
      const date = dateOf(y, m, d);
      if (!date) return match;
      found = true;
      return render(shifted(date, shift));
    };
    if (g.dmy !== undefined) {
      const m = monthOf(g.dmyM as string);
      if (!m) return match;
      return fullDate(Number(g.dmyY), m.index, Number(g.dmyD), (t) => {
        return `${pad(t.getUTCDate(), g.dmyD as string)}${ordinal(t.getUTCDate(), g.dmyO ?? '')}${g.dmyS1}${writeMonth(g.dmyM as string, t.getUTCMonth())}${g.dmyS2}${t.getUTCFullYear()}`;
      });
    }
    if (g.mdy !== undefined) {
      const m = monthOf(g.mdyM as string);
      if (!m) return match;
      return fullDate(Number(g.mdyY), m.index, Number(g.mdyD), (t) =>
        `${writeMonth(g.mdyM as string, t.getUTCMonth())}${g.mdyS1}${pad(t.getUTCDate(), g.mdyD as string)}${ordinal(t.getUTCDate(), g.mdyO ?? '')}${g.mdyS2}${t.getUTCFullYear()}`,
      );
    }
    if (g.iso !== undefined) {
      return fullDate(Number(g.isoY), Number(g.isoM) - 1, Number(g.isoD), (t) =>
        `${t.getUTCFullYear()}${g.isoS}${pad(t.getUTCMonth() + 1, g.isoM as string)}${g.isoS}${pad(t.getUTCDate(), g.isoD as string)}`,
      );
    }
    if (g.num !== undefined) {
      const a = Number(g.numA);
      const b = Number(g.numB);
      // Day first unless the second number cannot be a month.
      const dayFirst = b <= 12;
      const twoDigitYear = (g.numY as string).length === 2;
      const year = twoDigitYear ? (Number(g.numY) < 50 ? 2000 : 1900) + Number(g.numY) : Number(g.numY);
      return fullDate(year, (dayFirst ? b : a) - 1, dayFirst ? a : b, (t) => {
        const day = pad(t.getUTCDate(), dayFirst ? (g.numA as string) : (g.numB as string));
        const month = pad(t.getUTCMonth() + 1, dayFirst ? (g.numB as string) : (g.numA as string));
        const y = twoDigitYear ? String(t.getUTCFullYear() % 100).padStart(2, '0') : String(t.getUTCFullYear());
        return dayFirst ? `${day}${g.numS}${month}${g.numS}${y}` : `${month}${g.numS}${day}${g.numS}${y}`;
      });
    }
    if (g.my !== undefined) {
      const m = monthOf(g.myM as string);
      if (!m) return match;
      return fullDate(Number(g.myY), m.index, 15, (t) => `${writeMonth(g.myM as string, t.getUTCMonth())}${g.myS}${t.getUTCFullYear()}`);
    }
    if (g.dm !== undefined || g.md !== undefined) {
      const written = (g.dmM ?? g.mdM) as string;
      const m = monthOf(written);
      const dayText = (g.dmD ?? g.mdD) as string;
      if (!m) return match;
      // A year without 29 February, so every day-month is a date.
      return fullDate(2001, m.index, Number(dayText), (t) => {
        const day = pad(t.getUTCDate(), dayText);
        const month = writeMonth(written, t.getUTCMonth());
        if (g.dm !== undefined) {
          return `${day}${ordinal(t.getUTCDate(), g.dmO ?? '')}${g.dmS}${month}`;
        }
        return `${month}${g.mdS}${day}${ordinal(t.getUTCDate(), g.mdO ?? '')}`;
      });
    }
    if (g.dec !== undefined) {
      found = true;
      const years = yearShift(shift);
      const decade = Math.floor((Number(g.decY) + 5 + years) / 10) * 10;
      return `${decade === Number(g.decY) ? decade + Math.sign(years) * 10 : decade}${g.decS}`;
    }
    if (g.year !== undefined) {
      found = true;
      return String(Number(g.yearY) + yearShift(shift));
    }
    if (g.mon !== undefined) {
      const m = monthOf(g.mon);
      if (!m) return match;
      return fullDate(2001, m.index, 15, (t) => writeMonth(g.mon as string, t.getUTCMonth()));
    }
    if (g.wd !== undefined) {
      const w = weekdays.get(g.wd.replace(/\.$/, '').toLowerCase());
      if (!w) return match;
      found = true;
      const index = (((w.index + shift.days) % 7) + 7) % 7;
      const list = w.style === 'long' ? w.calendar.weekdaysLong : w.calendar.weekdaysShort;
      return withCaseOf(g.wd, list[index]) + (g.wd.endsWith('.') && !list[index].endsWith('.') ? '.' : '');
    }
    return match;
  });
  return found ? result : undefined;
}

/** A date for a span with no date in it ("the same day"): a fictional one in "23 November 2006" form. */
export function fictionalDate(random: (min: number, max: number) => number, locale: FictionalLocale): string {
  const date = new Date(Date.UTC(random(1990, 2020), 0, 1) + random(0, 364) * DAY_MS);
  return `${date.getUTCDate()} ${locale.calendars[0].monthsLong[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
