/**
 * Locales of the fictional strategy: sanitext's language codes mapped to faker locales (each with
 * English and faker's base data as fallbacks), and the month and weekday names dates are read and
 * written with (from Intl, in calendar order; faker's own lists are sorted alphabetically).
 * English is loaded with the strategy; the others on request (`loadFictionalLocale`), so the CLI
 * does not pay for six locales at start-up.
 */
import type { Faker } from '@faker-js/faker';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { z } from 'zod';
import { InputError } from '../../corpus/index.ts';

export const FICTIONAL_LOCALES = ['en', 'de', 'fr', 'es', 'nl', 'pl'] as const;
export type FictionalLocaleCode = (typeof FICTIONAL_LOCALES)[number];
export const fictionalLocaleSchema = z.enum(FICTIONAL_LOCALES);

/** Month and weekday names of one language, as written inside a date. */
export interface CalendarNames {
  /** Index 0 = January. */
  monthsLong: string[];
  monthsShort: string[];
  /** Index 0 = Sunday (Date.getUTCDay order). */
  weekdaysLong: string[];
  weekdaysShort: string[];
}

export interface FictionalLocale {
  code: FictionalLocaleCode;
  /** Seeded before every draw, so a shared instance is fine. */
  faker: Faker;
  /** The locale's calendar names, then English ones (TAB texts are English whatever the locale). */
  calendars: CalendarNames[];
}

function calendarNames(code: string): CalendarNames {
  const format = (options: Intl.DateTimeFormatOptions, date: Date, part: Intl.DateTimeFormatPartTypes): string =>
    new Intl.DateTimeFormat(code, { ...options, timeZone: 'UTC' }).formatToParts(date).find((p) => p.type === part)?.value ?? '';
  // Month names as they appear in a full date (Polish uses the genitive there).
  const months = (style: 'long' | 'short'): string[] =>
    Array.from({ length: 12 }, (_, m) => format({ day: 'numeric', month: style, year: 'numeric' }, new Date(Date.UTC(2001, m, 15)), 'month').replace(/\.$/, ''));
  // 2001-01-07 was a Sunday.
  const weekdays = (style: 'long' | 'short'): string[] =>
    Array.from({ length: 7 }, (_, d) => format({ weekday: style }, new Date(Date.UTC(2001, 0, 7 + d)), 'weekday').replace(/\.$/, ''));
  return { monthsLong: months('long'), monthsShort: months('short'), weekdaysLong: weekdays('long'), weekdaysShort: weekdays('short') };
}

function makeLocale(code: FictionalLocaleCode, faker: Faker): FictionalLocale {
  const calendars = code === 'en' ? [calendarNames('en')] : [calendarNames(code), calendarNames('en')];
  return { code, faker, calendars };
}

export const ENGLISH: FictionalLocale = makeLocale('en', englishFaker);

const loaders: Record<FictionalLocaleCode, () => Promise<{ faker: Faker }>> = {
  en: async () => ({ faker: englishFaker }),
  de: () => import('@faker-js/faker/locale/de'),
  fr: () => import('@faker-js/faker/locale/fr'),
  es: () => import('@faker-js/faker/locale/es'),
  nl: () => import('@faker-js/faker/locale/nl'),
  pl: () => import('@faker-js/faker/locale/pl'),
};

/** The faker data and calendar names of a locale (validated: an unknown code is an error). */
export async function loadFictionalLocale(code: string): Promise<FictionalLocale> {
  const checked = fictionalLocaleSchema.safeParse(code);
  if (!checked.success) throw new InputError([{ file: '(options)', message: `fictional.locale: unknown locale "${code}" (known: ${FICTIONAL_LOCALES.join(', ')})` }]);
  const parsed = checked.data;
  if (parsed === 'en') return ENGLISH;
  const { faker } = await loaders[parsed]();
  return makeLocale(parsed, faker);
}
