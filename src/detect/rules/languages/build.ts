/**
 * The rules every non-English language gets, built from its words: dates with month names,
 * weekdays, durations and year ranges (DATETIME); money, percentages and numbers in the continental
 * format 1.234,56 (QUANTITY); phone numbers after a local cue word (CODE); titles, salutations and,
 * where nouns are not capitalized, capitalized sequences (PERSON). A language module adds what is
 * its own (national ids, national phone formats).
 */
import type { Span } from '../../../corpus/index.ts';
import type { ContextWords } from '../../context.ts';
import type { Language } from '../../language.ts';
import { opensSentence } from '../everyday.ts';
import { CAP_WORD, INITIAL, SP, UPPER } from '../names.ts';
import type { Rule } from '../types.ts';
import { phoneDigitsValid } from '../validators.ts';

/** The rule families of the pipeline config (`detect.layers.rules.families`). */
export const RULE_FAMILIES = ['code', 'datetime', 'quantity', 'names'] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

export type RulesByFamily = Readonly<Record<RuleFamily, readonly Rule[]>>;

/** A language's words, as regular-expression alternatives (already escaped where they need it). */
export interface LanguageSpec {
  language: Exclude<Language, 'en'>;
  /** Month names, every inflected form and abbreviation ("marca", "marcu", "Jan\\."). */
  months: readonly string[];
  /** Month names safe alone, without a day or a year ("März" but not "Mai", "maj"). */
  monthsAlone: readonly string[];
  /** Between the day and the month: "3. März" (de), "3 de marzo" (es). */
  dayMonth: string;
  /** Between the month and the year: "marzo de 2021" (es). */
  monthYear: string;
  /** The day: "1er" too in French. */
  day?: string;
  /** After the year: "3 marca 2021 r." (pl). */
  yearSuffix?: string;
  /** Month names are capitalized (de): no case-insensitive matching, which would take "Mai" anywhere. */
  monthsCapitalized?: boolean;
  weekdays: readonly string[];
  /** Words for time units in every form ("Tag", "Tage", "Tagen"). */
  durationUnits: readonly string[];
  /** Small number words ("zwei", "drei"), for durations. */
  numberWords: readonly string[];
  /** "von 1982 bis 1984", "zwischen 1982 und 1984": the words before and between the years. */
  yearRangeFrom: readonly string[];
  yearRangeTo: readonly string[];
  /** Currency words and symbols after an amount ("Euro", "zł", "złotych"). */
  currencies: readonly string[];
  /** "Mio.", "millones": between an amount and its currency. */
  scales: readonly string[];
  percentWords: readonly string[];
  /** Titles before a name, as written ("Herr", "Sr\\.", "heer"); the first letter may be either case. */
  titles: readonly string[];
  /** Words that open a letter before a first name ("Lieber", "Hola", "Beste"). */
  salutations: readonly string[];
  /** Lower-case particles inside a surname ("von", "van der", "de"). */
  particles: readonly string[];
  /** Words a salutation or title may precede that name no one ("Damen", "señores"); lower case. */
  notNames: readonly string[];
  /**
   * Function words that open sentences (lower case); with `capitalizedNames` they are trimmed off a
   * capitalized sequence. German has none: every noun is capitalized, so no capitalized-sequence rule runs.
   */
  stopwords: readonly string[];
  capitalizedNames: boolean;
  /** Words before a phone number ("Telefon", "tél"), lower case. */
  phoneCues: readonly string[];
  /** Words before a customer's, an invoice's or a case's reference ("Kundennummer", "facture", "expediente"), lower case. */
  referenceCues: readonly string[];
}

/** What may stand between a reference's cue word and the reference: "Nr.", "n°", "nº", "núm.", "numéro", "nummer". */
const REFERENCE_LABELS = ['[Nn]r\\.?', '[Nn]o\\.?', '[Nn]°', '[Nn]º', '[Nn]\\.º', '[Nn]úm\\.?', '[Nn]uméro', '[Nn]úmero', '[Nn]ummer', '[Nn]umer'];

const DAY = '(?:[12]\\d|3[01]|0?[1-9])';
const BARE_YEAR = /^(?:1[5-9]|20)\d\d$/;
const YEAR = '(?:1[5-9]\\d\\d|20\\d\\d)';
/** An amount in the continental format: "1.234,56", "1 234,56" (also no-break spaces), "12,50", "12". */
export const CONTINENTAL_AMOUNT = '\\d{1,3}(?:[.\\u00a0\\u202f ]\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?';
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';

const alt = (words: readonly string[]): string => `(?:${words.join('|')})`;
/** A word whose first letter may be either case: a title opens a sentence or follows a salutation. */
const eitherCase = (word: string): string => {
  const first = word[0];
  const lower = first.toLowerCase();
  const upper = first.toUpperCase();
  return lower === upper ? word : `[${upper}${lower}]${word.slice(1)}`;
};

/** A name after a title: initials, particles and up to three capitalized words ("Anna von der Leyen"). */
function nameAfterTitle(spec: LanguageSpec): string {
  const particle = spec.particles.length > 0 ? `(?:${alt(spec.particles)}${SP})*` : '';
  return `(?:${INITIAL}${SP}?)*${particle}${CAP_WORD}(?:${SP}${particle}${CAP_WORD}){0,2}`;
}

function wordsOf(text: string, span: Span): { start: number; end: number; word: string }[] {
  const words: { start: number; end: number; word: string }[] = [];
  const slice = text.slice(span.start, span.end);
  for (const m of slice.matchAll(/[\p{L}\p{M}'’-]+/gu)) words.push({ start: span.start + (m.index ?? 0), end: span.start + (m.index ?? 0) + m[0].length, word: m[0] });
  return words;
}

/**
 * A capitalized sequence of a language whose nouns are lower case: leading function words, titles and
 * salutations trimmed; a single word that opens a sentence or a line dropped (it is capitalized for its
 * place); nothing left but words that name no one dropped.
 */
function cleanSequence(spec: LanguageSpec): (text: string, span: Span) => Span | undefined {
  const skip = new Set([...spec.stopwords, ...spec.notNames, ...spec.salutations.map((s) => s.toLowerCase()), ...spec.titles.map((t) => t.replace(/\\/g, '').toLowerCase())]);
  return (text, span) => {
    const words = wordsOf(text, span);
    let first = 0;
    // The letters of a postcode ("3511 AB Utrecht") are no part of the town's name.
    if (words.length > 1 && /^\p{Lu}{2}$/u.test(words[0].word) && /\d[^\S\n]$/u.test(text.slice(Math.max(0, words[0].start - 2), words[0].start))) first++;
    while (first < words.length && skip.has(words[first].word.toLowerCase())) first++;
    let last = words.length - 1;
    while (last >= first && /^\p{Ll}/u.test(words[last].word)) last--;
    if (last < first) return undefined;
    if (last === first && opensSentence(text, words[first].start)) return undefined;
    return { start: words[first].start, end: words[last].end };
  };
}

/** The rules of one language, by family, from its words and its own extra rules. */
export function buildLanguageRules(spec: LanguageSpec, own: Partial<Record<RuleFamily, readonly Rule[]>>): RulesByFamily {
  const id = (name: string): string => `${spec.language}-${name}`;
  const dayForm = spec.day ?? DAY;
  const month = alt(spec.months);
  const year = `${YEAR}${spec.yearSuffix ?? ''}`;
  const monthFlags = spec.monthsCapitalized ? 'gu' : 'giu';
  const phoneContext: ContextWords = { raise: spec.phoneCues };

  const datetime: Rule[] = [
    {
      // "3. März 2021", "3 de marzo de 2021", "1er mars 2021", "3 marca 2021 r.", "März 2021", "März".
      name: id('date-month-name'),
      entityType: 'DATETIME',
      subtype: 'DATE',
      confidence: 0.95,
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}(?:${dayForm}${spec.dayMonth}${month}(?:${spec.monthYear}${year})?|${month}${spec.monthYear}${year}|${alt(spec.monthsAlone)})(?![\\p{L}\\p{N}])`,
        monthFlags,
      ),
    },
    {
      name: id('weekday'),
      entityType: 'DATETIME',
      subtype: 'DATE',
      confidence: 0.7,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${alt(spec.weekdays)}${NOT_LETTER_AFTER}`, 'giu'),
    },
    {
      // "drei Jahre", "5 Tage", "dos meses", "twee weken", "trois ans", "dwa lata".
      name: id('duration'),
      entityType: 'DATETIME',
      subtype: 'PERIOD',
      confidence: 0.75,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}(?:\\d+(?:,\\d+)?|${alt(spec.numberWords)})${SP}${alt(spec.durationUnits)}${NOT_LETTER_AFTER}`, 'giu'),
    },
    {
      name: id('year-range'),
      entityType: 'DATETIME',
      subtype: 'PERIOD',
      confidence: 0.85,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${alt(spec.yearRangeFrom)}${SP}${YEAR}${SP}${alt(spec.yearRangeTo)}${SP}${YEAR}${NOT_LETTER_AFTER}`, 'giu'),
    },
  ];

  const quantity: Rule[] = [
    {
      // "1.234,56 €", "1 234,56 zł", "12,50 EUR", "2,5 Mio. Euro", "300 złotych".
      name: id('money-suffix'),
      entityType: 'QUANTITY',
      subtype: 'MONEY',
      confidence: 0.95,
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}(?<![.,])(?:${CONTINENTAL_AMOUNT})(?:${SP}${alt(spec.scales)})?${SP}?(?:€|\\$|£|${alt(spec.currencies)}|EUR|PLN|CHF|USD|GBP)(?![\\p{L}\\p{N}])`,
        'gu',
      ),
    },
    {
      name: id('percentage'),
      entityType: 'QUANTITY',
      subtype: 'PERCENT',
      confidence: 0.9,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}(?<![.,])(?:${CONTINENTAL_AMOUNT})(?:${SP}?%|${SP}${alt(spec.percentWords)}${NOT_LETTER_AFTER})`, 'giu'),
    },
    {
      // Bare numbers, "1.234.567", "3,5", "17" (the English rule's number words are English).
      name: id('cardinal'),
      entityType: 'QUANTITY',
      confidence: 0.3,
      pattern: /(?<![\p{L}\p{N}.,/§-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\p{L}\p{N}/-]|[.,]\d)/gu,
    },
  ];

  const code: Rule[] = [
    {
      // "Telefon: 030 1234567", "tél. 01 23 45 67 89", "kom. 601 234 567".
      name: id('phone-after-cue'),
      entityType: 'CODE',
      subtype: 'PHONE',
      confidence: 0.85,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${alt(spec.phoneCues)}\\.?:?${SP}*(?<span>\\+?\\(?\\d[\\d ./()-]{5,}\\d)`, 'dgiu'),
      validate: phoneDigitsValid,
      context: phoneContext,
    },
    {
      // A reference after its cue, as e-mails and letters give them: "Kundennummer 448812", "Rechnung Nr. 2023-0417",
      // "facture n° F-2291", "expediente 123/2021", "klantnummer: 55102", "faktura nr FV/12/2023".
      name: id('reference-after-cue'),
      entityType: 'CODE',
      subtype: 'CASE_NUMBER',
      confidence: 0.8,
      pattern: new RegExp(
        `${NOT_LETTER_BEFORE}${alt(spec.referenceCues.map(eitherCase))}\\.?(?:${SP}${alt(REFERENCE_LABELS)})?:?${SP}*#?${SP}?(?<span>(?=[A-Z0-9/-]*\\d)[A-Z]{0,4}[-/]?\\d[\\dA-Z]*(?:[-/.][\\dA-Z]+)*)(?![\\p{L}\\p{N}-])`,
        'dgu',
      ),
      // A year after "Vertrag" or "contrato" is the year ("der Vertrag 2019").
      validate: (value) => !BARE_YEAR.test(value),
    },
  ];

  const title = alt(spec.titles.map(eitherCase));
  const notNames = new Set(spec.notNames);
  // A title alone, its dot optional: "Sr" of "Estimado Sr. García" is no first name.
  const titleAlone = new RegExp(`^${title.replace(/\\\./g, '')}\\.?$`, 'u');
  const names: Rule[] = [
    {
      // "Frau Müller", "Herrn Dr. Hans Meier", "Sr. García", "heer De Vries", "Madame Dupont", "Panie Kowalski".
      name: id('person-title'),
      entityType: 'PERSON',
      confidence: 0.9,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${title}\\.?(?:${SP}${title}\\.?)*${SP}${nameAfterTitle(spec)}`, 'gu'),
      validate: (value) => !notNames.has(value.split(/\s+/).pop()?.toLowerCase() ?? ''),
    },
    {
      // A first name after a salutation: "Lieber Hans", "Hola Juan", "Beste Jan", "Cher Pierre".
      name: id('person-salutation'),
      entityType: 'PERSON',
      confidence: 0.7,
      pattern: new RegExp(`${NOT_LETTER_BEFORE}${alt(spec.salutations.map(eitherCase))}${SP}(?<span>${CAP_WORD}(?:${SP}${CAP_WORD})?)(?![\\p{L}])`, 'dgu'),
      // "Sehr geehrte Damen und Herren", "Chère Madame": a greeting to no one by name; titles have their rule.
      validate: (value) => value.split(/\s+/).every((w) => !notNames.has(w.toLowerCase()) && !titleAlone.test(w)),
    },
  ];
  if (spec.capitalizedNames) {
    const particle = spec.particles.length > 0 ? `(?:${alt(spec.particles)}${SP})?` : '';
    names.push({
      // Runs of capitalized words; see cleanSequence for what is trimmed.
      name: id('capitalized-sequence'),
      entityType: 'PERSON',
      confidence: 0.3,
      pattern: new RegExp(`(?=${UPPER})(?<![\\p{L}\\p{N}.’'-])${CAP_WORD}(?:${SP}${particle}${CAP_WORD})*`, 'gu'),
      clean: cleanSequence(spec),
      // Headings are written in capitals, and a word in capitals alone is the acronym rule's.
      validate: (value) => !/^[\p{Lu}\s\p{P}]+$/u.test(value),
    });
  }
  return {
    code: [...code, ...(own.code ?? [])],
    datetime: [...datetime, ...(own.datetime ?? [])],
    quantity: [...quantity, ...(own.quantity ?? [])],
    names: [...names, ...(own.names ?? [])],
  };
}

const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’]*(?:-\\p{Lu}[\\p{L}\\p{M}'’]*)*";

/**
 * A firm written with its legal form ("Construcciones López S.L.", "Bakker Bouw B.V.", "Budex Sp. z o.o."):
 * capitalized words, joined by the language's linking words, then one of `forms` (regular-expression
 * alternatives). `openers` are sentence-opening articles and prepositions that are not part of the name.
 */
export function legalFormRule(language: Exclude<Language, 'en'>, options: { forms: readonly string[]; links: readonly string[]; openers: readonly string[]; requires: readonly string[] }): Rule {
  const link = `(?:${SP}${alt(options.links)})?`;
  return {
    name: `${language}-firm-legal-form`,
    entityType: 'ORG',
    confidence: 0.85,
    requires: options.requires,
    pattern: new RegExp(`${NOT_LETTER_BEFORE}(?!${alt(options.openers)}${SP})${NAME_WORD}(?:${link}${SP}${NAME_WORD})*,?${SP}${alt(options.forms)}(?![\\p{L}\\p{N}])`, 'gu'),
  };
}

/**
 * A street with its number when written: a prefix word ("Calle", "ul.") before its name, or a name
 * ending in a street word with its number ("Kerkstraat 12": without it the word is also a surname).
 */
export function streetRule(language: Exclude<Language, 'en'>, options: { prefixes?: readonly string[]; links?: readonly string[]; suffixes?: readonly string[] }): Rule {
  const link = options.links ? `(?:${SP}${alt(options.links)})?` : '';
  const number = `(?:,?${SP}(?:nº${SP}?|nr${SP}?)?\\d{1,4}(?:[a-zA-Z](?![\\p{L}]))?(?:/\\d{1,4})?${NOT_LETTER_AFTER})`;
  const branches: string[] = [];
  if (options.prefixes) branches.push(`${alt(options.prefixes)}${link}${SP}?${NAME_WORD}(?:${link}${SP}${NAME_WORD})*${number}?`);
  if (options.suffixes) branches.push(`\\p{Lu}[\\p{L}-]*${alt(options.suffixes)}${number}`);
  return { name: `${language}-street`, entityType: 'LOC', subtype: 'ADDRESS', confidence: 0.8, pattern: new RegExp(`${NOT_LETTER_BEFORE}(?:${branches.join('|')})`, 'gu') };
}

/** A postcode in the language's format, when a capitalized town follows it ("3511 AB Utrecht", "31-147 Kraków"), and that town. */
export function postcodeTownRules(language: Exclude<Language, 'en'>, postcode: string): Rule[] {
  const town = `${NAME_WORD}(?:${SP}${NAME_WORD})?`;
  return [
    { name: `${language}-postcode`, entityType: 'LOC', subtype: 'POSTCODE', confidence: 0.8, pattern: new RegExp(`${NOT_LETTER_BEFORE}${postcode}(?=${SP}${town})`, 'gu') },
    { name: `${language}-town-by-postcode`, entityType: 'LOC', subtype: 'CITY', confidence: 0.75, pattern: new RegExp(`(?<=${NOT_LETTER_BEFORE}${postcode}${SP})${town}`, 'gu') },
  ];
}

/**
 * A national id in two rules: with a valid check digit it is one; with an invalid one only when a
 * word that names it stands before it (the context mechanism, context.ts).
 */
export function nationalIdRules(options: { name: string; pattern: RegExp; valid: (value: string) => boolean; cues: readonly string[]; confidence?: number }): Rule[] {
  const context: ContextWords = { raise: options.cues, lower: ['tel', 'telefon', 'phone', 'fax', 'iban', 'konto', 'rekening', 'cuenta', 'compte', 'konta'] };
  return [
    { name: options.name, entityType: 'CODE', subtype: 'NATIONAL_ID', confidence: options.confidence ?? 0.85, pattern: options.pattern, validate: options.valid, context },
    {
      name: `${options.name}-cue`,
      entityType: 'CODE',
      subtype: 'NATIONAL_ID',
      confidence: 0.3,
      pattern: new RegExp(options.pattern.source, options.pattern.flags),
      validate: (value) => !options.valid(value),
      context,
      minConfidence: 0.5,
    },
  ];
}
