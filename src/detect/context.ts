/**
 * Context words, after Presidio's context enhancer: a word such as "phone", "tel", "SSN" or "born"
 * shortly before a candidate raises its confidence; a word that says the number is something else
 * ("invoice" before a phone-like number) lowers it. The rule layer applies it to its mentions by
 * subtype, so two readings of one digit string (an NHS number or a phone number) are settled by
 * what the text says around them, and rules that are too ambiguous alone require a raising word.
 *
 * Also here: the boundary clean-up every layer's mentions get before merging (refineMentions) —
 * spans do not cross line breaks (except addresses) and carry no emoji or greeting words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lowerCaseInPlace } from './lower-case.ts';
import type { Span } from '../corpus/index.ts';
import { DEFAULT_GAZETTEER_DIR } from './gazetteer/index.ts';
import { isFunctionWord } from './rules/capitalized.ts';
import { isWhitespace } from './form-scan.ts';
import { ADDRESSING_GREETINGS, CAPITAL_KEYWORDS, CARD_BRANDS, CARD_BRAND_WORDS, EVERYDAY_WORDS, EXECUTIVE_ROLE_ACRONYMS, EXECUTIVE_ROLE_WORDS, EXTENSION_LABEL, GENERIC_ADDRESSEES, GREETINGS, IDENTIFIER_KINDS, MEETING_ROLES, RELATIVE_DAYS, opensSentence } from './rules/everyday.ts';
import type { Language } from './language.ts';
import { inferSubtype } from './subtypes.ts';
import { ORG_HEAD_WORDS } from './rules/names.ts';
import { CURRENCY_CODE } from './rules/quantity.ts';
import { NAME_ENTITY_TYPES, NAME_OR_DEM_TYPES, type DetectedMention } from './types.ts';

/**
 * English words that are capitalised only where a sentence opens (scripts/build-common-words.ts: lower
 * case in TAB's and the biographies' training texts and CoNLL's English training sentences, and almost
 * never capitalised inside a sentence; no given name or place): "Incident", "Reported", "Lives".
 */
/**
 * A list file of models/gazetteers/ (one entry per line) as a set, read on first use: a process that imports
 * detection but refines no English text never reads it.
 */
function lazyList(...path: string[]): () => ReadonlySet<string> {
  let entries: ReadonlySet<string> | undefined;
  return () => (entries ??= new Set(readFileSync(join(DEFAULT_GAZETTEER_DIR, ...path), 'utf8').split('\n').filter((w) => w !== '')));
}
const englishCommonWords = lazyList('common-words-en.txt');
/** The given names of faker's locales (models/gazetteers/names/); type revision reads the same file. */
const listedGivenNames = lazyList('names', 'given-names.txt');
/** The occupation list, for a role before a bracketed name. */
const listedOccupations = lazyList('dem-occupations.txt');
/** A quotation mark or bracket right before a word: a title ("“Satisfaction”", "(Girls)"), not a sentence. */
const QUOTED_BEFORE = /["“‘'(\[]\s*$/u;
/** One capitalised word ("Lives"; not an acronym, "PACE"). */
const ONE_WORD = /^\p{Lu}[\p{Ll}'’-]*$/u;

export { EVERYDAY_WORDS } from './rules/everyday.ts';

export interface ContextWords {
  /** Words (lower case, hold spaces) that make the candidate more likely. */
  raise?: readonly string[];
  /** Words that make it less likely. */
  lower?: readonly string[];
}

/** Presidio's defaults: +0.35 with a supporting word, and at least 0.4 then. */
export const CONTEXT_BOOST = 0.35;
export const CONTEXT_MIN_SCORE = 0.4;
/** How many words before the candidate are read (Presidio: 5), on the same line. */
export const CONTEXT_WINDOW_WORDS = 5;

/** Context words per subtype (see subtypes.ts). */
export const CONTEXT_BY_SUBTYPE: Readonly<Record<string, ContextWords>> = {
  PHONE: {
    raise: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'ring', 'text', 'whatsapp', 'contact', 'mob', 'landline', 'tél', 'telefon', 'handy', 'portable'],
    lower: ['invoice', 'order', 'account', 'ref', 'reference', 'ticket', 'policy', 'iban', 'card', 'nhs', 'ssn', 'nino', 'passport', 'sort code'],
  },
  NATIONAL_ID: {
    raise: ['ssn', 'social security', 'nhs', 'nino', 'national insurance', 'ni number', 'insurance number', 'national id', 'id', 'identity', 'tax', 'sozialversicherungsnummer', 'sécurité sociale', 'insee'],
    lower: ['phone', 'tel', 'telephone', 'mobile', 'call', 'fax', 'invoice', 'order'],
  },
  PASSPORT: { raise: ['passport', 'travel document', 'reisepass', 'passeport'] },
  CARD: { raise: ['card', ...CARD_BRAND_WORDS, 'credit', 'debit', 'ending', 'karte', 'carte'] },
  IBAN: { raise: ['iban', 'account', 'bank', 'transfer', 'konto', 'compte'] },
  BIC: { raise: ['bic', 'swift'] },
  CASE_NUMBER: { raise: ['invoice', 'order', 'ticket', 'case', 'reference', 'ref', 'claim', 'policy', 'booking', 'file', 'application'] },
  DATE: { raise: ['born', 'birth', 'dob', 'd.o.b', 'date', 'since', 'admitted', 'discharged', 'geboren', 'né', 'née'] },
  AGE: { raise: ['age', 'aged', 'old', 'years'] },
  POSTCODE: { raise: ['postcode', 'post code', 'zip', 'plz', 'code postal'] },
};

const WORD = /[\p{L}\p{N}.]+/gu;

/** The lower-cased text of the line before `start`, at most 80 characters of it. */
function lineBefore(text: string, start: number): string {
  // The line break is looked for in those 80 characters only, not back to a long paragraph's start.
  const from = Math.max(0, start - 80);
  const windowStart = start > 0 ? Math.max(from, text.lastIndexOf('\n', start - 1) + 1) : 0;
  const lowered = loweredWhole(text);
  return lowered === undefined ? text.slice(windowStart, start).toLowerCase() : lowered.slice(windowStart, start);
}

let loweredFor: string | undefined;
let loweredText: string | undefined;

/**
 * The text lower-cased once (the last text asked about: its mentions come one after another), when a
 * window of it lower-cased is the same window of this: no unit's lower case is longer ("İ"), and no
 * capital sigma, whose lower case depends on what follows it. Else undefined.
 */
function loweredWhole(text: string): string | undefined {
  if (text !== loweredFor) {
    const lowered = lowerCaseInPlace(text);
    loweredText = lowered !== undefined && !text.includes('Σ') ? lowered : undefined;
    loweredFor = text;
  }
  return loweredText;
}

/** The lower-cased words of the line before `start`, at most `windowWords` of them, as one string. */
function wordsBefore(text: string, start: number, windowWords: number, before = lineBefore(text, start)): string {
  const words = before.match(WORD) ?? [];
  return ` ${words.slice(-windowWords).join(' ')} `;
}

const firstPartPatterns = new WeakMap<readonly string[], RegExp>();

/**
 * False when none of `words` can be among the words of `before`: a context word's first part is a
 * (prefix of a) word of the line, so it occurs in it. Most candidates have no context word near
 * them, and this test (one expression of the first parts) spares them the split into words (a rule
 * layer hot spot on dates and years).
 */
function mayMention(before: string, words: readonly string[] | undefined): boolean {
  if (!words) return false;
  let pattern = firstPartPatterns.get(words);
  if (!pattern) firstPartPatterns.set(words, (pattern = new RegExp(words.map((w) => w.split(' ')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))));
  return pattern.test(before);
}

function mentions(window: string, words: readonly string[] | undefined): boolean {
  if (!words) return false;
  // Whole words only: "tel" must not fire inside "hotel"; trailing dots ("tel.", "no.") are dropped.
  const normalized = window.replace(/\.(?= )/g, '');
  return words.some((w) => normalized.includes(` ${w} `));
}

/** 'raise', 'lower' or undefined: what the words before `span` (same line) say about it. */
export function contextSignal(text: string, span: Span, words: ContextWords, windowWords = CONTEXT_WINDOW_WORDS): 'raise' | 'lower' | undefined {
  const before = lineBefore(text, span.start);
  if (!mayMention(before, words.raise) && !mayMention(before, words.lower)) return undefined;
  const window = wordsBefore(text, span.start, windowWords, before);
  const raise = mentions(window, words.raise);
  const lower = mentions(window, words.lower);
  // Words for both readings ("NHS number" before a phone-like number) say nothing either way.
  if (raise === lower) return undefined;
  return raise ? 'raise' : 'lower';
}

/** True when one of `words` is among the words before `span` on its line. */
export function hasContext(text: string, span: Span, words: readonly string[], windowWords = CONTEXT_WINDOW_WORDS): boolean {
  return mentions(wordsBefore(text, span.start, windowWords), words);
}

/**
 * The confidence of a mention after its context: raised by CONTEXT_BOOST (to at least
 * CONTEXT_MIN_SCORE, at most 1) or lowered by it (at least 0).
 */
export function enhanceConfidence(text: string, mention: DetectedMention, words: ContextWords | undefined = mention.subtype ? CONTEXT_BY_SUBTYPE[mention.subtype] : undefined): number {
  if (!words) return mention.confidence;
  const signal = contextSignal(text, mention, words);
  if (signal === 'raise') return Math.min(1, Math.max(CONTEXT_MIN_SCORE, mention.confidence + CONTEXT_BOOST));
  if (signal === 'lower') return Math.max(0, mention.confidence - CONTEXT_BOOST);
  return mention.confidence;
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** "one" (the whole mention) before "of". */
const PARTITIVE_ONE = /^[Oo]ne of /u;
/**
 * Edges that never belong to a name: spaces, emoji and other symbols, list and field punctuation,
 * dashes and slashes ("24 April 1919 –", "/St. Louis").
 */
const EDGE = /[\s\p{Extended_Pictographic}\p{So}\p{Sk}\p{Pd}\u200d\ufe0f,;:!?*•·|"“”/<>«»‹›]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{Nd}/u;

/**
 * Trims edge characters off a span; undefined when nothing with a letter or digit is left. A sign or
 * decimal point before a digit stays ("-5", ".983"), as does a full stop that ends a word ("Inc.");
 * an opening bracket at the end, a closing one at the start, and one without its pair inside the
 * span go ("Cape Cod Baseball League (", "CCBL)").
 */
function trimEdges(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  for (let changed = true; changed && end > start; ) {
    changed = false;
    const cp = text.codePointAt(start) as number;
    const first = String.fromCodePoint(cp);
    const numberSign = (first === '-' || first === '−' || first === '.') && DIGIT.test(text[start + 1] ?? '');
    if (!numberSign && (EDGE.test(first) || first === '.' || first === ')' || first === ']' || ((first === '(' || first === '[') && !closes(text, start, end)))) {
      start += first.length;
      changed = true;
      continue;
    }
    const low = text.charCodeAt(end - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start ? 2 : 1;
    const last = text.slice(end - width, end);
    if (EDGE.test(last) || last === '(' || last === '[' || ((last === ')' || last === ']') && !opens(text, start, end))) {
      end -= width;
      changed = true;
    }
  }
  return end > start && LETTER_OR_DIGIT.test(text.slice(start, end)) ? { start, end } : undefined;
}

/** A span that ends with a digit and a full stop, with a space or the text's end after it. */
function endsWithSentenceStop(text: string, span: Span): boolean {
  const { start, end } = span;
  if (end - start < 2 || text.charCodeAt(end - 1) !== 46) return false;
  const before = text.charCodeAt(end - 2);
  return before >= 48 && before <= 57 && (end === text.length || isWhitespace(text.charCodeAt(end)));
}

/** A span that ends with a word of three or more lower-case letters (not an abbreviation) and a full stop, with a space or the text's end after it. */
function endsWithWordStop(text: string, span: Span): boolean {
  const { start, end } = span;
  if (end - start < 4 || text.charCodeAt(end - 1) !== 46 || !(end === text.length || isWhitespace(text.charCodeAt(end)))) return false;
  const word = /\p{L}+(?=\.$)/u.exec(text.slice(Math.max(start, end - 40), end))?.[0];
  return word !== undefined && /\p{Ll}{3}$/u.test(word) && !ABBREVIATIONS_WITH_STOP.has(word);
}

/** Abbreviations of three lower-case letters or more that end with their own full stop ("Acme Corp.", "Warner Bros."). */
const ABBREVIATIONS_WITH_STOP: ReadonlySet<string> = new Set(['Corp', 'Bros', 'Prof', 'Dept', 'Assn', 'Univ', 'Govt', 'Inst', 'Intl', 'Mfg', 'Mgmt', 'Assoc', 'Comm', 'Ltda', 'Cia', 'Gen', 'Sen', 'Rep', 'Gov', 'Hon', 'Rev', 'Capt', 'Sgt', 'Col', 'Lieut', 'Cmdr', 'Supt', 'Insp', 'Det', 'Esq', 'etc', 'Blvd', 'Ave', 'Hwy', 'Pkwy', 'Mass', 'Calif', 'Penn', 'Wash', 'Conn', 'Tenn', 'Okla']);

/** Whether the bracket at `at` is closed before `end`. */
function closes(text: string, at: number, end: number): boolean {
  const close = text[at] === '(' ? ')' : ']';
  const found = text.indexOf(close, at + 1);
  return found >= 0 && found < end;
}

/** Whether the bracket at `end - 1` is opened at or after `start`. */
function opens(text: string, start: number, end: number): boolean {
  const open = text[end - 1] === ')' ? '(' : '[';
  const found = text.lastIndexOf(open, end - 2);
  return found >= start;
}

/**
 * Drops leading greeting or label words from a name ("Dear Margaret", "Hi Anna", "Patient John
 * Smith"): greetings anywhere, other everyday words where the name opens a line or sentence (only
 * greetings with `everyday` false: "Dear Customer Service", but "Patient Services" stays whole), and a
 * request's verb opening the sentence before any name ("Call Acme Bank").
 */
function trimEverydayWords(text: string, span: Span, everyday = true): Span | undefined {
  const atStart = everyday && opensSentence(text, span.start);
  let start = span.start;
  for (;;) {
    const word = /^[\p{L}’'-]+[.:,]?\s+/u.exec(text.slice(start, span.end));
    const lower = word?.[0].replace(/[.:,]?\s+$/, '').toLowerCase() ?? '';
    if (!word) break;
    // An imperative opening the sentence is no part of the name after it: "Call Acme Bank", "Visit Springfield
    // General Hospital" (not "Call of Duty").
    // (opensSentence, the costly test, is asked last, and only for such a verb.)
    const imperative = start === span.start && IMPERATIVES.has(lower) && CAPITAL_NEXT.test(text.charAt(start + word[0].length)) && (atStart || opensSentence(text, span.start));
    // A person's name never opens with an article ("The Johnson family": the family's name is "Johnson");
    // before more than one word it may be a band's ("The Mighty Mighty Bosstones"), which a layer read as people.
    // (In lower case it opens a band's inside a sentence: "Derek and the Dominos".)
    const article = everyday && start === span.start && word[0].startsWith('The') && lower === 'the' && ONE_WORD_REST.test(text.slice(start + word[0].length, span.end));
    if (!(GREETINGS.has(lower) || (atStart && EVERYDAY_WORDS.has(lower)) || imperative || article)) break;
    start += word[0].length;
  }
  const rest = text.slice(start, span.end).replace(/[.:,]$/, '').toLowerCase();
  if (start >= span.end || (everyday ? EVERYDAY_WORDS : GREETINGS).has(rest)) return undefined;
  // A lone function word in lower case names no one ("with our CFO": the neural layer's PERSON "our"), nor
  // one capitalized as it opens a sentence ("The Henderson account": ORG "The").
  // (Not after a quotation mark, where it opens a title: "“May or May Not”".)
  if (ONE_WORD_REST.test(rest) && isFunctionWord(rest) && (LOWER_FIRST.test(text.charAt(start)) || (opensSentence(text, start) && !QUOTED_BEFORE.test(text.slice(Math.max(0, start - 2), start))))) return undefined;
  // Whom a greeting addresses without a name, whatever a layer typed it: "Hello Team" was an organisation.
  // So is one addressed by itself at a sentence's start ("Guys, quick one", "Team, please …").
  if (GENERIC_ADDRESSEES.has(rest) && (ADDRESSED_BEFORE.test(text.slice(Math.max(0, start - 20), start)) || (text.charAt(span.end) === ',' && opensSentence(text, start)))) return undefined;
  // Or the end of one ("Dear Hiring Manager": the occupation list's "Manager"; "Dear Customer Service").
  const addressee = ADDRESSED_WORDS.exec(text.slice(Math.max(0, start - 24), span.end))?.[1];
  if (addressee !== undefined && addressee.length > rest.length && GENERIC_ADDRESSEES.has(addressee.toLowerCase())) return undefined;
  return { start, end: span.end };
}

/** Labels of clinical measures, and a reading right after one. */
const VITAL_SIGN_LABELS: ReadonlySet<string> = new Set(['BP', 'RR', 'BMI', 'HR', 'PR', 'SpO2', 'SaO2', 'GCS', 'HbA1c']);
const READING_AFTER = /^:? ?\d/u;

/** A software version ("v2.14.3", "V10.2"), with the punctuation after it. */
const VERSION_TOKEN = /^[vV]\d+(?:\.\d+)+[.,;:!?)]*$/u;
/** Kisses after a name: "Sarah xx", "Mum xxx". */
const KISSES_AFTER_NAME = /\p{Lu}\p{Ll}*\s+x{1,4}$/u;

/** The run of characters other than white space around `span`. */
function tokenAround(text: string, span: Span): string {
  let start = span.start;
  let end = span.end;
  while (start > 0 && !isWhitespace(text.charCodeAt(start - 1))) start--;
  while (end < text.length && !isWhitespace(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

/** A line in capitals (and spaces, ampersands, hyphens). */
const CAPITALS_LINE = /^[\p{Lu}\s&-]+$/u;

/** Whether the line of `span` is written in capitals and every word of it is an everyday word (a section heading). */
function everydayHeadingAt(text: string, span: Span): boolean {
  const surface = text.slice(span.start, span.end);
  if (!CAPITALS_LINE.test(surface)) return false;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = text.indexOf('\n', span.end);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim();
  return CAPITALS_LINE.test(line) && line.split(/[\s&-]+/u).every((word) => word === '' || EVERYDAY_WORDS.has(word.toLowerCase()));
}

/** One or two letters. */
const SHORT_WORD = /^\p{L}{1,2}$/u;

/** A lower-case letter. */
const LOWER_FIRST = /^\p{Ll}/u;

/** One word and nothing else. */
const ONE_WORD_REST = /^[\p{L}\p{M}’'-]+$/u;

/** An addressing greeting right before a word ("Hello ", "Dear ", "Dear Sir or "). */
/** The words after an addressing greeting, up to where the text is cut ("Dear Hiring Manager" → "Hiring Manager"). */
const ADDRESSED_WORDS = new RegExp(`\\b(?:${ADDRESSING_GREETINGS.join('|')})[ \\t]+([\\p{L}/]+(?:[ \\t][\\p{L}/]+)?)$`, 'iu');
const ADDRESSED_BEFORE = new RegExp(`\\b(?:${ADDRESSING_GREETINGS.join('|')})[ \\t]+(?:sir[ \\t]+or[ \\t]+)?$`, 'iu');

/** A capital letter (the first of the name after an imperative). */
const CAPITAL_NEXT = /^\p{Lu}/u;
/** English personal pronouns, as a sentence or the text writes them. */
const PRONOUNS = new Set(['I', 'me', 'we', 'We', 'us', 'you', 'You', 'he', 'He', 'him', 'she', 'She', 'her', 'Her', 'they', 'They', 'them']);
/** English possessive determiners: no name alone, but the first word of one mid-sentence ("the My Israel movement"). */
const POSSESSIVES = new Set(['my', 'My', 'your', 'Your', 'his', 'His', 'its', 'Its', 'our', 'Our', 'their', 'Their']);
/** A capitalized word next (after a possessive). */
const CAPITALIZED_WORD_NEXT = /^[ \t]+\p{Lu}/u;
/**
 * The name of an identifier scheme that is an organisation elsewhere ("the NHS"), so not in
 * IDENTIFIER_KINDS: a label only right before a number ("NHS 943 476 5919", "NHS number: 485 …").
 * Not "NI": TAB marks the National Insurance scheme, and "[2000] NI 196" is Northern Ireland's.
 */
const SCHEME_NAMES = new Set(['NHS']);
const NUMBER_AFTER_LABEL = /^[ \t]*[:#]?[ \t]*\d|^[ \t]+(?:no\.|number\b)/iu;
/** An article right before a word. */
const ARTICLE_BEFORE = /\b(?:[Tt]he|[Aa]n?)\s$/u;
/** A number right after a label's last word, its full stop or colon between ("no. 0987…", "No. SC123456", "Flight BA 2490", "Claim CL-2023-118"). */
const NUMBER_AFTER_WORD_LABEL = /^\.?[ \t]*[:#]?[ \t]*(?:[A-Z]{1,3}[ \t-]?)?\d/u;
/**
 * Whether `span` is a label right before a number — everyday words, or any words and a kind of identifier last
 * ("Bank IBAN: GB29 …", "Tax ID 123-45-6789": the neural layer's ORG) — and no article before it makes it a name.
 */
function labelBeforeNumber(text: string, span: Span): boolean {
  return NUMBER_AFTER_WORD_LABEL.test(text.slice(span.end, span.end + 6)) && (everyWordEveryday(text.slice(span.start, span.end)) || IDENTIFIER_KINDS.has(lastWord(text, span.end))) && !ARTICLE_BEFORE.test(text.slice(Math.max(0, span.start - 4), span.start));
}

/** Whether every word of a surface is an everyday word (EVERYDAY_WORDS: labels, greetings, report words). */
function everyWordEveryday(surface: string): boolean {
  const words = surface.toLowerCase().split(/[\s.:]+/u).filter((w) => w !== '');
  return words.length > 0 && words.every((w) => EVERYDAY_WORDS.has(w));
}

/** Verbs that open a request ("Call …", "Contact …", "Visit …"): before an organisation's or a place's name too. */
const IMPERATIVES = new Set(['call', 'contact', 'visit', 'email', 'e-mail', 'phone', 'ring', 'ask', 'tell', 'thank', 'join', 'meet', 'check', 'confirm', 'send', 'kindly', 'please']);

/** A day said relative to the moment of writing at the start or the end of a span. */
const RELATIVE_DAY_EDGE = new RegExp(`^(?:${RELATIVE_DAYS.join('|')})(?:\\s+|$)|\\s+(?:${RELATIVE_DAYS.join('|')})$`, 'u');

/** The span without a relative day at either edge; undefined when nothing else is left. */
function withoutRelativeDays(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  for (let cut = RELATIVE_DAY_EDGE.exec(text.slice(start, end)); cut; cut = RELATIVE_DAY_EDGE.exec(text.slice(start, end))) {
    if (cut.index === 0) start += cut[0].length;
    else end = start + cut.index;
    if (end <= start) return undefined;
  }
  return { start, end };
}

/** Types whose mentions may run over a line break: an address is written on several lines. */
function mayCrossLines(mention: DetectedMention): boolean {
  return mention.entityType === 'LOC' && (mention.subtype === undefined || mention.subtype === 'ADDRESS');
}

/**
 * Every layer's mentions before merging: cut at line breaks (not addresses), edge spaces, emoji and
 * symbols trimmed off, greeting and label words dropped from names. Pieces keep their mention's type,
 * subtype, confidence and source; a mention already clean is returned as it is.
 */
export function refineMentions(text: string, raw: readonly DetectedMention[], language: Language = 'en'): DetectedMention[] {
  // The common-word list is English: in German, "Focus" or "Standard" opening a sentence may well name a magazine.
  const english = language === 'en';
  const out: DetectedMention[] = [];
  const validated = raw.filter(isValidatedCode).sort((a, b) => a.start - b.start);
  // Phone numbers the rules read by their shape: surer than a guessed number over them; and every code
  // the rules read, which such a guess loses too once it ran over a phone ("Policy HX-4471-22. Call 020 …").
  let rulePhones: DetectedMention[] | undefined;
  let rulePostcodes: DetectedMention[] | undefined;
  let ruleCodes: DetectedMention[] | undefined;
  for (const m of raw) {
    // What a user asked for is masked as they wrote it.
    if (m.required) {
      out.push(m);
      continue;
    }
    let pieces = !mayCrossLines(m) && LINE_BREAK.test(text.slice(m.start, m.end)) ? splitLines(text, m) : [m as Span];
    if (NAME_OR_DEM_TYPES.has(m.entityType) && m.subtype !== 'ADDRESS') pieces = pieces.flatMap((p) => splitSentences(text, p)).flatMap((p) => splitColumns(text, p)).flatMap((p) => splitCompoundOpening(text, p, m.source));
    // A gap between a form's columns ends a code, a number or a date too ("MRN: 00482913   Ward: 7B").
    else if (m.subtype !== 'ADDRESS') pieces = pieces.flatMap((p) => splitColumns(text, p));
    // No person's name holds a colon and a space: a chat's speaker and what they say ("Kevin: Hi Sofia").
    // (A title may: "Star Wars: Droids".)
    if (m.entityType === 'PERSON') pieces = pieces.flatMap((p) => splitAtLabelColon(text, p));
    // Nor a word in lower case that is no particle of a name: the neural layer's "Zevon collaborator Jorge Calderón" is
    // two people and a role. (Not the rules' capitalized runs, PERSON until the type revision: "Secretary of State for Northern Ireland".)
    if (m.entityType === 'PERSON' && english && m.source.startsWith('neural:')) pieces = pieces.flatMap((p) => splitAtLowerCaseWord(text, p));
    // Nor an owner's possessive before another full name: "Wilco's John Stirratt" is a band and its bassist.
    if (m.entityType === 'PERSON' && english && m.source === CAPITALIZED_SOURCE) pieces = pieces.flatMap((p) => splitOwnerAndName(text, p, raw));
    // A guessed code that runs over validated ones ("+44 7700 900123 or 020 7946 0958", "Invoice
    // 2023-0417") keeps only what lies outside them, and only where that still holds a digit.
    // A neural guess does so over any code a rule read ("HX-4471-22. Call 020 7946 0958" ran over a reference and a phone number).
    if (m.entityType === 'CODE' && !isValidatedCode(m)) {
      const holes = m.source.startsWith('neural:') ? (ruleCodes ??= ruleCodesOf(raw)) : validated;
      pieces = pieces.flatMap((p) => outside(p, holes)).filter((p) => /\d/.test(text.slice(p.start, p.end)));
    }
    // So does a guessed number over a phone number a rule read ("x12, 0161 496 0889" was one neural
    // QUANTITY); not a sum in a currency, whose digits may be grouped like a phone's ("TRL 615.478.0000").
    else if (m.entityType === 'QUANTITY' && m.source.startsWith('neural:') && overlapsAny(m, (rulePhones ??= rulePhonesOf(raw))) && !CURRENCY_IN.test(text.slice(m.start, m.end))) {
      const codes = (ruleCodes ??= ruleCodesOf(raw));
      pieces = pieces.flatMap((p) => outside(p, codes)).filter((p) => /\d/.test(text.slice(p.start, p.end)));
    }
    // And over a postcode a rule read ("Dublin 2, D02 XY45": the neural layer's "2, D02" cut the Eircode in two).
    else if (m.entityType === 'QUANTITY' && m.source.startsWith('neural:') && overlapsAny(m, (rulePostcodes ??= raw.filter((r) => r.subtype === 'POSTCODE' && r.source.startsWith('rules:')).sort((a, b) => a.start - b.start)))) {
      const postcodes = rulePostcodes;
      pieces = pieces.flatMap((p) => outside(p, postcodes)).filter((p) => /\d/.test(text.slice(p.start, p.end)));
    }
    // A guessed name over an address or number a rule validated keeps what lies outside it, where that has a
    // letter or digit: the French neural layer's MISC "fr." of "contact@clinique-sj.fr." kept the full stop, which
    // the merge then joined to the e-mail.
    else if (NAME_OR_DEM_TYPES.has(m.entityType) && m.source.startsWith('neural:') && overlapsAny(m, validated)) {
      pieces = pieces.flatMap((p) => outside(p, validated)).filter((p) => LETTER_OR_DIGIT.test(text.slice(p.start, p.end)));
    }
    // A number cut at a line break keeps its pieces with digits: the neural layer's "1 70 31 22 31⏎Hervé"
    // is no quantity called "Hervé".
    else if (pieces.length > 1 && (m.entityType === 'QUANTITY' || m.entityType === 'CODE')) pieces = pieces.filter((p) => /\d/.test(text.slice(p.start, p.end)));
    for (const piece of pieces) {
      let span = trimEdges(text, piece);
      // The full stop after a number that ends a sentence is the sentence's ("Policy HX-4471-22. Call …":
      // a neural "22." joined the reference); a date keeps it ("am 12.05. fährt").
      if (span && m.entityType !== 'DATETIME' && endsWithSentenceStop(text, span)) span = { start: span.start, end: span.end - 1 };
      // So is the one after a name's last word ("a room at the Hotel Adlon Kempinski."): TAB and the biographies
      // never mark it; an abbreviation keeps its own ("Acme Corp.").
      else if (span && NAME_OR_DEM_TYPES.has(m.entityType) && endsWithWordStop(text, span)) span = { start: span.start, end: span.end - 1 };
      if (span && NAME_OR_DEM_TYPES.has(m.entityType)) span = trimEverydayWords(text, span, m.entityType === 'PERSON');
      // No name opens or ends with a preposition in lower case (the neural layer's "of Acme Bank" after "Most",
      // "Flight to" before "Paris").
      if (span && NAME_ENTITY_TYPES.has(m.entityType)) span = withoutEdgePrepositions(text, span);
      // A vital sign's label before its reading is no name ("BP 148/92", "RR 18", "BMI 31": an ORG to the acronym
      // rule or the neural layer).
      if (span && NAME_OR_DEM_TYPES.has(m.entityType) && VITAL_SIGN_LABELS.has(text.slice(span.start, span.end)) && READING_AFTER.test(text.slice(span.end, span.end + 4))) span = undefined;
      // A folder's name in a file path is no name ("C:\\Users\\jsmith\\Documents", "/Users/jdoe/Desktop").
      if (span && NAME_OR_DEM_TYPES.has(m.entityType) && inFilePath(text, span)) span = undefined;
      // A sum or a count ends at its unit, not at the word after it ("€58,000 per annum": the neural layer's "€58,000 per").
      if (span && m.entityType === 'QUANTITY') {
        const tail = QUANTITY_TRAILING_WORD.exec(text.slice(Math.max(span.start, span.end - 6), span.end));
        if (tail) span = { start: span.start, end: span.end - tail[0].length };
      }
      // A software version is no quantity or code ("deploy of v2.14.3": the neural layer's "14." and "3").
      if (span && (m.entityType === 'QUANTITY' || m.entityType === 'CODE') && VERSION_TOKEN.test(tokenAround(text, span))) span = undefined;
      // Kisses after a signature are no part of the name ("Love, Sarah xx").
      if (span && m.entityType === 'PERSON' && KISSES_AFTER_NAME.test(text.slice(span.start, span.end))) span = { start: span.start, end: span.start + text.slice(span.start, span.end).replace(KISSES_AFTER_NAME, '').length };
      // An occupation in the plural said of no one in particular ("surveys of historians", "reviews from
      // critics", "other residents") identifies nobody: neither corpus marks it (0 of 21 on tab144 test and
      // dev and the biographies' test, 10 of 84 in the masked TAB and biography sets).
      if (span && english && m.entityType === 'DEM' && genericPluralOccupation(text, span)) span = undefined;
      // A heading of everyday words in capitals names nothing ("CURRICULUM VITAE", "EXPERIENCE").
      if (span && NAME_OR_DEM_TYPES.has(m.entityType) && everydayHeadingAt(text, span)) span = undefined;
      // One or two letters are no quantity: the neural layer's "p" of "£31,500 p.a.", "BP" of "BP 148/92".
      else if (span && m.entityType === 'QUANTITY' && span.end - span.start <= 2 && SHORT_WORD.test(text.slice(span.start, span.end))) span = undefined;
      // A possessive's "'s" is the sentence's, not the name's ("Priya's employee ID", "Serco's"): TAB and the
      // biographies mostly mark the name alone. A guess at a person, which is what the capitalized runs are
      // until type revision; not an institution by its head noun, which TAB marks with it as often as not
      // ("Katowice Regional Court's", "Tax Authority’s"). English only (Dutch CoNLL gold keeps it).
      if (span && english && m.entityType === 'PERSON' && POSSESSIVE_END.test(text.slice(span.end - 3, span.end)) && !ORG_HEAD_SET.has(lastWord(text, span.end - 2))) span = { start: span.start, end: span.end - 2 };
      // A label or greeting alone ("Patient", "SSN") is no mention of any type but a date; nor is an
      // everyday English word that opens a sentence ("Incident report", "Lives with …"): the name of
      // someone or something named elsewhere in the text comes back with name propagation.
      if (span && m.entityType !== 'DATETIME' && opensSentence(text, span.start) && everydayOpener(text, span, m, english)) span = undefined;
      // So is one before "of" and a name ("Shares of BP fell", "Most of Lund & Partners"); not an institution's
      // head ("Bank of England", "Ministry of Justice"), which the list leaves out as it is capitalized mid-sentence.
      if (span && english && NAME_ENTITY_TYPES.has(m.entityType) && opensSentence(text, span.start)) span = withoutCommonOpener(text, span);
      // A kind of identifier ("IBAN", "IP") anywhere, and a one-word field label before "to:" ("Bill to:", "Ship to:").
      // (The field label also where the neural layer guessed a date: "Bill to:" is no "Bill" either way.)
      if (span && m.entityType !== 'CODE' && ((m.entityType !== 'DATETIME' && (IDENTIFIER_KINDS.has(text.slice(span.start, span.end)) || CAPITAL_KEYWORDS.has(text.slice(span.start, span.end)))) || FIELD_BEFORE_TO.test(text.slice(span.start, span.end + 8)))) span = undefined;
      if (span && m.entityType !== 'CODE' && SCHEME_NAMES.has(text.slice(span.start, span.end)) && NUMBER_AFTER_LABEL.test(text.slice(span.end, span.end + 12))) span = undefined;
      // A form's field of everyday words at a line's start ("Bank details:", "Emergency contact:"), read as
      // an organisation or thing, or a capitalized word the rules have not typed yet. Not a person ("Kevin
      // wrote:", "Smith said:": a verb of saying, or a given name), nor a place ("Leeds office:").
      if (span && (m.entityType === 'ORG' || m.entityType === 'MISC' || (m.source === CAPITALIZED_SOURCE && !listedGivenNames().has(text.slice(span.start, span.end)))) && (span.start === 0 || text.charCodeAt(span.start - 1) === 10) && FIELD_LABEL.test(text.slice(span.start, span.start + 40))) span = undefined;
      // A form's field label after a gap between columns ("…   Issued: 02 MAR 2021   Expires: …", "Given names:",
      // "Employer:"): one to three words, every one everyday or common, then a colon. (At a line's start the
      // sentence-opening tests read them.)
      if (span && english && NAME_OR_DEM_TYPES.has(m.entityType) && atColumnStart(text, span.start) && columnLabel(text, span.start)) span = undefined;
      // A letter after a form's "Sex:" or "Gender:" is the answer, not a name ("Sex: M" gave PERSON "M").
      if (span && span.end - span.start === 1 && NAME_OR_DEM_TYPES.has(m.entityType) && SEX_FIELD_BEFORE.test(text.slice(Math.max(0, span.start - 12), span.start))) span = undefined;
      // A label of everyday words right before its number ("Company no. 09876543", "Registration No. SC123456");
      // not after an article, where it names something ("the Time 100").
      if (span && NAME_OR_DEM_TYPES.has(m.entityType) && labelBeforeNumber(text, span)) span = undefined;
      // A card's brand before "card" ("Your Visa card", "a Mastercard debit card") says what kind of card it is, not whose.
      if (span && NAME_OR_DEM_TYPES.has(m.entityType) && CARD_BRAND.test(text.slice(span.start, span.end)) && BEFORE_CARD.test(text.slice(span.end, span.end + 16))) span = undefined;
      // A personal pronoun alone ("I met John Smith", "She") names no one by itself: the name it stands for
      // does. Not after a quotation mark, where it opens a title ("“She Blinded Me with Science”"). Nor does a
      // possessive ("Our CEO"), but mid-sentence before a capitalized word, where it opens a name.
      if (span && english && PRONOUNS.has(text.slice(span.start, span.end)) && !QUOTED_BEFORE.test(text.slice(Math.max(0, span.start - 2), span.start))) span = undefined;
      if (span && english && POSSESSIVES.has(text.slice(span.start, span.end)) && (!CAPITALIZED_WORD_NEXT.test(text.slice(span.end, span.end + 3)) || opensSentence(text, span.start))) span = undefined;
      // "today", "tomorrow": a day said relative to now, never part of a name ("Call Mr Smith tomorrow",
      // "Contact Hammes and Sons today"); cut off a name's edge, and no name alone. Capitalized, it may
      // open or end a title ("USA Today", "Today Show") and stays.
      if (span && english && NAME_OR_DEM_TYPES.has(m.entityType)) span = withoutRelativeDays(text, span);
      // "one of the most popular", "One of his novels": one of a group, not a number of anything.
      if (span && m.entityType === 'QUANTITY' && span.end - span.start === 3 && PARTITIVE_ONE.test(text.slice(span.start, span.end + 4))) span = undefined;
      if (!span) continue;
      const roles = english && NAME_ENTITY_TYPES.has(m.entityType) ? (splitAtRoles(text, span, m) ?? splitRoleAndBracketedName(text, span, m)) : undefined;
      if (roles) out.push(...roles);
      else out.push(span.start === m.start && span.end === m.end ? m : { ...m, start: span.start, end: span.end });
    }
  }
  return out;
}

/** An executive role as a whole word ("CEO", "Chairman"; an acronym's plural, "CEOs"), not inside one ("Chairmanship"). */
const EXECUTIVE_ROLE = new RegExp(`(?<![\\p{L}\\p{N}'’-])(?:(?:${EXECUTIVE_ROLE_ACRONYMS.join('|')})s?|${EXECUTIVE_ROLE_WORDS.join('|')})(?![\\p{L}\\p{N}'’-])`, 'gu');
/** What joins two people of a list at the end of the first one's piece ("Jane Doe and", "Jane Doe,"). */
const TRAILING_JOINER = /(?:[\s,;&]|\band\b)+$/u;

/** After a role: the firm it heads ("CEO of Soluto", "Chairman of the Johnson Group"). */
const OF_EMPLOYER_NEXT = /^ of (?:the )?\p{Lu}/u;
const OF_EMPLOYER = /^ of (?:the )?/u;
/** After a role: another role it is held with ("Chairman and CEO"). */
const AND_NEXT = /^ and $/u;

/**
 * A name mention that holds an executive role before a name, before "of" and a firm, or at its end
 * ("Apple CEO Tim Cook", "CFO Jane Doe and CTO John Smith", "Tesla CEO", "Chairman and CEO of Johnson
 * Outdoors", a neural "CEO"): the role is a job title (DEM, OCCUPATION), what follows it up to the next
 * role the person (PERSON) or, after "of", the employer (ORG), and a name before the first role the
 * employer (ORG), unless it is an everyday word ("Former CEO"). Undefined when the span holds no such role.
 */
function splitAtRoles(text: string, span: Span, m: DetectedMention): DetectedMention[] | undefined {
  // A role that ends the span, that a capitalized word or "of" and a firm follows, or that is held with
  // the next role ("Chairman and CEO"); not one a lower-case word follows inside the span.
  const found = [...text.slice(span.start, span.end).matchAll(EXECUTIVE_ROLE)].map((r) => ({ start: span.start + (r.index ?? 0), end: span.start + (r.index ?? 0) + r[0].length }));
  const roles = found.filter((r, k) => {
    const after = text.slice(r.end, Math.min(span.end, r.end + 8));
    // (The firm may lie past the span: the neural layer's "CEO of" before "Johnson Outdoors".)
    return r.end === span.end || CAPITALIZED_WORD_NEXT.test(after) || OF_EMPLOYER_NEXT.test(text.slice(r.end, r.end + 10)) || (k + 1 < found.length && AND_NEXT.test(text.slice(r.end, found[k + 1].start)));
  });
  if (roles.length === 0) return undefined;
  const pieces: DetectedMention[] = [];
  // The employer and the people: no subtype (the mention's was the whole span's).
  const piece = (start: number, end: number, entityType: string): void => {
    const trimmed = trimEdges(text, { start, end });
    if (!trimmed) return;
    const joinerAt = TRAILING_JOINER.exec(text.slice(trimmed.start, trimmed.end));
    const cut = joinerAt ? { start: trimmed.start, end: trimmed.start + joinerAt.index } : trimmed;
    const surface = text.slice(cut.start, cut.end);
    if (!CAPITAL_NEXT.test(surface) || isFunctionWord(surface.toLowerCase()) || (ONE_WORD.test(surface) && englishCommonWords().has(surface.toLowerCase()))) return;
    const { subtype: _, ...rest } = m;
    pieces.push({ ...rest, start: cut.start, end: cut.end, entityType });
  };
  piece(span.start, roles[0].start, 'ORG');
  roles.forEach((role, k) => {
    pieces.push({ ...m, start: role.start, end: role.end, entityType: 'DEM', subtype: 'OCCUPATION' });
    const end = k + 1 < roles.length ? roles[k + 1].start : span.end;
    const employer = OF_EMPLOYER.exec(text.slice(role.end, end));
    if (employer) piece(role.end + employer[0].length, end, 'ORG');
    else piece(role.end, end, 'PERSON');
  });
  return pieces;
}

/** A role, then a name of capitalized words in brackets: "Treasurer (Omar Siddiqui)", as minutes list who came. */
const ROLE_THEN_BRACKETED_NAME = /^(\p{Lu}[\p{Ll}-]+(?: \p{Lu}?[\p{Ll}-]+)?) \((\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}.'’-]*){0,3})\)$/u;

/**
 * A name mention that is a role and a name in brackets after it ("Treasurer (Omar Siddiqui)", "Chair (Helen
 * Whitfield)": the neural layer's one ORG): the role a job title (DEM, OCCUPATION), the name a person's.
 * Undefined for any other span.
 */
function splitRoleAndBracketedName(text: string, span: Span, m: DetectedMention): DetectedMention[] | undefined {
  if (text.charCodeAt(span.end - 1) !== 41) return undefined;
  const parts = ROLE_THEN_BRACKETED_NAME.exec(text.slice(span.start, span.end));
  if (!parts) return undefined;
  const role = parts[1].toLowerCase();
  if (!MEETING_ROLES.has(role) && !listedOccupations().has(role) && !EXECUTIVE_ROLE_WORDS.some((w) => w.toLowerCase() === role)) return undefined;
  const { subtype: _, ...rest } = m;
  const nameStart = span.start + parts[1].length + 2;
  return [
    { ...rest, start: span.start, end: span.start + parts[1].length, entityType: 'DEM', subtype: 'OCCUPATION' },
    { ...rest, start: nameStart, end: nameStart + parts[2].length, entityType: 'PERSON' },
  ];
}

/**
 * Whether `span` lies in a file path: a run without spaces that opens with a path's root ("/", "C:\\", "~/",
 * "./", "\\\\") and holds two separators or more. Not a list written with slashes ("Paris/London/Berlin").
 */
function inFilePath(text: string, span: Span): boolean {
  if (!PATH_NEIGHBOUR.test(text.charAt(span.start - 1)) && !PATH_NEIGHBOUR.test(text.charAt(span.end))) return false;
  let start = span.start;
  while (start > 0 && !isWhitespace(text.charCodeAt(start - 1)) && span.start - start < 200) start--;
  let end = span.end;
  while (end < text.length && !isWhitespace(text.charCodeAt(end)) && end - span.end < 200) end++;
  const token = text.slice(start, end);
  return PATH_ROOT.test(token) && (token.match(PATH_SEPARATORS) ?? []).length >= 2;
}
const PATH_NEIGHBOUR = /^[/\\:]$/;
const PATH_ROOT = /^["'(]?(?:[A-Za-z]:[/\\]|~?\/|\.{1,2}[/\\]|\\\\)/;
const PATH_SEPARATORS = /[/\\]/g;

/** A word in lower case after a number that is no part of it: "per" of "€58,000 per annum", "a" of "£40 a month". */
const QUANTITY_TRAILING_WORD = /\s(?:per|a|an|each|for|in|of|to)$/u;

/** A preposition in lower case and a space at a span's start, or a space and one at its end. */
const LEADING_PREPOSITION = /^(?:of|for|in|at|on|from|to|by|with|and) /u;
const TRAILING_PREPOSITION = / (?:to|from|with|at|by|in|on)$/u;

/** `span` without a lower-case preposition at either edge ("of Acme Bank", "Flight to"); undefined when nothing is left. */
function withoutEdgePrepositions(text: string, span: Span): Span | undefined {
  const lead = LEADING_PREPOSITION.exec(text.slice(span.start, span.start + 6));
  const tail = TRAILING_PREPOSITION.exec(text.slice(Math.max(span.start, span.end - 6), span.end));
  const start = lead ? span.start + lead[0].length : span.start;
  const end = tail ? span.end - tail[0].length : span.end;
  return start < end ? { start, end } : undefined;
}

/** A word, "of" (and "the"), then a capital: what a sentence opens with before a name. */
const WORD_THEN_OF = /^(\p{L}+) of (?:the )?(?=\p{Lu})/u;

/** `span` after an everyday English word and "of" that open it ("Shares of BP" → "BP"). */
function withoutCommonOpener(text: string, span: Span): Span {
  const lead = WORD_THEN_OF.exec(text.slice(span.start, span.end));
  return lead && englishCommonWords().has(lead[1].toLowerCase()) ? { start: span.start + lead[0].length, end: span.end } : span;
}

/**
 * Whether `span` (of mention `m`, opening a sentence) is a label or greeting alone, or (`english`: in
 * an English text) one everyday English word the layers took for a name: not a nationality or
 * occupation (DEM), not a gazetteer's hit, not a function word (they open titles), not after a
 * quotation mark (a title: "“Satisfaction”").
 */
function everydayOpener(text: string, span: Span, m: DetectedMention, english: boolean): boolean {
  const surface = text.slice(span.start, span.end);
  const word = surface.toLowerCase();
  if (EVERYDAY_WORDS.has(word)) return true;
  if (!english || !NAME_ENTITY_TYPES.has(m.entityType) || m.source.startsWith('gazetteers:') || !englishCommonWords().has(word) || !ONE_WORD.test(surface)) return false;
  return !isFunctionWord(word) && !QUOTED_BEFORE.test(text.slice(Math.max(0, span.start - 2), span.start));
}

/**
 * What the merge left of mentions cut around stronger ones, read again: a kind of identifier is no
 * mention, there as anywhere ("IBAN" of a neural "IBAN GB29 …" cut around the validated IBAN); nor is a
 * function word in lower case alone ("at" of "Dr. Rajesh Patel at St Mary's Hospital", "the" of "the
 * Bank of England" cut around the rules' name), which masks nothing and which `fictional` replaced by a
 * name. It costs a title split into pieces the word inside it ("Fiddler from Calabogie": WikiNEuRal
 * covered 0.9730 → 0.9726), and gains precision on TAB and Wikipedia. A name the merge cut loses the
 * preposition at its edges, as refine's do, before it is read. A capitalized article the merge left alone
 * before a name joins it, and so does one mid-sentence that no mention took.
 */
export function dropMergeLeftovers(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  const kept: DetectedMention[] = [];
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    // A piece cut around a stronger mention may open or end with the preposition between them ("Kroger on" of
    // "Kroger on Wayne Ave" cut around the street): refine trimmed those off every layer's mentions; the merge makes new
    // ones. (It costs a title cut in pieces the preposition inside it, "on Painting" of "A Treatise on Painting":
    // WikiNEuRal validation covered 0.9720 → 0.9714 with this session's other changes; TAB and wiki-test gain.)
    const span = m.required || !NAME_ENTITY_TYPES.has(m.entityType) ? m : withoutEdgePrepositions(text, m);
    if (span === undefined) continue;
    const piece = span === m || (span.start === m.start && span.end === m.end) ? m : { ...m, start: span.start, end: span.end };
    if (!keepLeftover(text, piece, kept.at(-1)?.end ?? -1, merged[i + 1]?.start ?? Number.MAX_SAFE_INTEGER)) continue;
    // An article cut off the name it opens ("The" + "Doon School", "The" + "Craft"): the name's first word.
    const article = kept.at(-1);
    if (article && !article.required && !piece.required && NAME_ENTITY_TYPES.has(piece.entityType) && ARTICLES.has(text.slice(article.start, article.end)) && text.slice(article.end, piece.start) === ' ') {
      kept[kept.length - 1] = { ...piece, start: article.start };
      continue;
    }
    // So does one in no mention, mid-sentence ("on The Marvel Super Heroes", "released The In-Laws"): a capital
    // there is the name's. The biographies' training masks take it 74 times of 75; TAB has none.
    if (!piece.required && NAME_ENTITY_TYPES.has(piece.entityType) && text.startsWith('The ', piece.start - 4) && (kept.at(-1)?.end ?? -1) < piece.start - 4 && MID_SENTENCE_BEFORE.test(text.slice(Math.max(0, piece.start - 8), piece.start - 4))) {
      kept.push({ ...piece, start: piece.start - 4 });
      continue;
    }
    kept.push(piece);
  }
  return kept.length === merged.length && kept.every((m, i) => m === merged[i]) ? (merged as DetectedMention[]) : kept;
}

/** Labels written as two letters and a slash, in capitals: serial, part and account numbers, "not applicable". */
const SLASHED_LABELS: ReadonlySet<string> = new Set(['S/N', 'P/N', 'N/A', 'A/C']);

/** The letter-slash-letter pair a one-letter mention is half of ("S" of "S/N"), or ''. */
function slashedPair(text: string, m: DetectedMention): string {
  const start = text.charAt(m.end) === '/' ? m.start : text.charAt(m.start - 1) === '/' ? m.start - 2 : -1;
  if (start < 0) return '';
  const pair = text.slice(start, start + 3);
  return /\p{L}/u.test(text.charAt(start - 1)) || /\p{L}/u.test(text.charAt(start + 3)) ? '' : pair;
}

/** Whether a surface is everyday words and a kind of identifier last ("Device IMEI"). */
function labelledKind(surface: string): boolean {
  const words = surface.split(' ');
  const kind = words.pop();
  return kind !== undefined && words.length > 0 && IDENTIFIER_KINDS.has(kind) && words.every((w) => englishCommonWords().has(w.toLowerCase()));
}

/** A lower-case word's end or a comma, and a space: what stands before a word mid-sentence. */
const MID_SENTENCE_BEFORE = /[\p{Ll},;]\s$/u;

/** An article in capitals, which opens names of works and institutions ("The Doon School"). */
const ARTICLES: ReadonlySet<string> = new Set(['The', 'A', 'An']);

/** Whether a mention the merge left is worth keeping (dropMergeLeftovers); `previousEnd`, `nextStart`: where its neighbours end and start. */
function keepLeftover(text: string, m: DetectedMention, previousEnd: number, nextStart: number): boolean {
  if (m.required || m.entityType === 'CODE' || m.entityType === 'DATETIME') return true;
  const surface = text.slice(m.start, m.end);
  if (IDENTIFIER_KINDS.has(surface) || CAPITAL_KEYWORDS.has(surface) || LONE_FUNCTION_WORD.test(surface)) return false;
  // A kind of identifier after everyday words ("Device IMEI", "Customer ID"): a label too.
  if (NAME_OR_DEM_TYPES.has(m.entityType) && labelledKind(surface)) return false;
  // Nor the "s" of a possessive cut off a label ("Driver's License: D1234-…": the neural layer's ORG "s"); not one
  // between two pieces of a title ("The Hitchhiker 's Guide to the Galaxy"), whose owner's name stays masked.
  if (surface.length === 1 && APOSTROPHES.has(text.charAt(m.start - 1)) && !(previousEnd >= m.start - 3 && nextStart <= m.end + 1)) return false;
  // One letter of a label written with a slash ("S/N", "N/A"): half an abbreviation, no name (not a firm's
  // legal form, "Geneve A/S", which TAB marks with the firm).
  if (surface.length === 1 && SLASHED_LABELS.has(slashedPair(text, m))) return false;
  // A piece that opens with the full stop, comma or dash its neighbour ended on is the rest of a wrong guess
  // (". Version" of "X. Version" cut around the address "12 Rue X", "- SP" of "Paulo - SP" around "São Paulo").
  if (NAME_OR_DEM_TYPES.has(m.entityType) && LEADING_STOP.test(surface)) return false;
  // A label of everyday words before the number a rule took out of a name ("Flight" of "Flight BA" cut around "BA 2490";
  // not "age" of a quantity, "at age 78", which TAB marks whole).
  return !(NAME_OR_DEM_TYPES.has(m.entityType) && labelBeforeNumber(text, m));
}

const APOSTROPHES: ReadonlySet<string> = new Set(["'", '’']);

/** A full stop or comma and a space at a piece's start (not the dots of initials, ".S.S" of "G.S.S."). */
const LEADING_STOP = /^[.,;\p{Pd}]\s/u;

/** A given name's shape: one capitalized word. */
const GIVEN_NAME_SHAPE = /^\p{Lu}\p{Ll}+$/u;
/** A couple's first title and "and": "Mr and" of "Mr and Mrs Thompson". */
const TITLE_AND = /^(?:Mr|Mrs|Ms|Dr|Miss|Prof)\.? and$/u;

/**
 * A first name and the initials-and-surname after it are one person ("John Q. Public": the neural layer's
 * "John" and the initials rule's "Q. Public"); so are a couple's titles and their name ("Mr and Mrs
 * Thompson": the neural layer's "Mr and" and "Mrs Thompson").
 */
export function joinNameAndInitials(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    const next = merged[i + 1];
    const surface = text.slice(m.start, m.end);
    if (
      next !== undefined && m.entityType === 'PERSON' && next.entityType === 'PERSON' && next.start === m.end + 1 && text.charCodeAt(m.end) === 32 &&
      ((next.source === 'rules:person-initials' && GIVEN_NAME_SHAPE.test(surface)) || TITLE_AND.test(surface))
    ) {
      out ??= merged.slice(0, i);
      out.push({ ...next, start: m.start });
      i++;
    } else out?.push(m);
  }
  return out ?? (merged as DetectedMention[]);
}

/** Between a name's first part and a quoted nickname ("Alonzo P. “Lon”"), and between the nickname and the surname (with its particle). */
const NICKNAME_OPENS = /^\.? ["“]$/u;
const SURNAME_PARTICLE = '(?:(?:de|del|da|di|van|von|der|la|le|bin|al) )?';
const NICKNAME_CLOSES = new RegExp(`^["”] ${SURNAME_PARTICLE}$`, 'u');
/** The same when the nickname is in no mention: the quoted words whole. */
const QUOTED_NICKNAME = new RegExp(`^\\.? ["“]\\p{Lu}[^"“”\\n]{0,30}["”] ${SURNAME_PARTICLE}$`, 'u');

/** What follows a country or nationality in a national side's name: "national team", "national football team", "national under-21 side". */
const NATIONAL_SIDE_AFTER = /^ national (?:(?:[a-z]+|under-\d\d|U-?\d\d|ice hockey|water polo|rugby union|rugby league|women['’]s|men['’]s) )?(?:team|side|squad)\b/u;

/**
 * A country or nationality and "national (football) team" after it are one organisation: "Myanmar
 * national football team", "Iranian national team" (the biographies' training masks take the words
 * after the name all 16 times). Run on the merged mentions, before the type revision.
 */
export function joinNationalSides(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    if (m.required || !(m.entityType === 'LOC' || m.entityType === 'DEM' || m.entityType === 'ORG')) continue;
    const side = NATIONAL_SIDE_AFTER.exec(text.slice(m.end, m.end + 40));
    if (!side) continue;
    const end = m.end + side[0].length;
    // The words of the side's name that other layers took ("football", "21" of "under-21") go into it; a mention past its end stops it.
    let j = i + 1;
    while (j < merged.length && merged[j].end <= end && !merged[j].required) j++;
    if (j < merged.length && merged[j].start < end) continue;
    out ??= [...merged];
    const { subtype: _subtype, ...rest } = m;
    out.splice(out.indexOf(m), j - i, { ...rest, end, entityType: 'ORG' });
  }
  return out ?? (merged as DetectedMention[]);
}

/**
 * A name with a quoted nickname inside is one person: "Alonzo P. "Lon" Knight", "Albrecht "Ali" Höhler",
 * "Ernesto "El Pato" de Lucas Hopkins" (the layers cut it in three, and a list read "Knight" as a rank).
 * Run on the merged mentions, before the type revision, so that the whole name's surname is a person's.
 */
export function joinNicknames(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  const nameLike = (m: DetectedMention | undefined): m is DetectedMention =>
    m !== undefined && !m.required && NAME_OR_DEM_TYPES.has(m.entityType) && CAPITAL_NEXT.test(text.slice(m.start, m.end));
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const first = merged[i];
    const [second, third] = [merged[i + 1], merged[i + 2]];
    // The last mention of the name: the surname after a nickname that is a mention, or after one that is none.
    let last: number | undefined;
    if (nameLike(first) && first.entityType === 'PERSON' && text.charAt(first.end) !== '\n' && nameLike(second)) {
      if (nameLike(third) && NICKNAME_OPENS.test(text.slice(first.end, second.start)) && NICKNAME_CLOSES.test(text.slice(second.end, third.start))) last = i + 2;
      else if (QUOTED_NICKNAME.test(text.slice(first.end, second.start))) last = i + 1;
    }
    if (last === undefined) {
      out?.push(first);
      continue;
    }
    out ??= merged.slice(0, i);
    const { subtype: _, ...rest } = first;
    out.push({ ...rest, end: merged[last].end, entityType: 'PERSON', confidence: Math.max(...merged.slice(i, last + 1).map((m) => m.confidence)) });
    i = last;
  }
  return out ?? (merged as DetectedMention[]);
}

/** A telephone extension right after a number: "ext. 204", "extn 12", ", x204". */
const EXTENSION_AFTER = new RegExp(`^[ \\t]*,?[ \\t]*(?:${EXTENSION_LABEL}|x)[ \\t]?\\d{1,5}(?![\\w])`, 'iu');

/**
 * A phone number takes its extension ("020 7946 0958 ext. 204": the extension's digits were a
 * QUANTITY of their own, left in clear by a strategy for phones). What lay inside the extension goes;
 * a mention that ran on past it keeps what lies after it, if that is more than a function word.
 */
export function joinPhoneExtensions(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    const extension = m.entityType === 'CODE' ? EXTENSION_AFTER.exec(text.slice(m.end, m.end + 24)) : null;
    if (extension && (m.subtype ?? inferSubtype('CODE', text.slice(m.start, m.end))) === 'PHONE') {
      const end = m.end + extension[0].length;
      out ??= merged.slice(0, i);
      out.push({ ...m, end });
      let next = i + 1;
      while (next < merged.length && merged[next].end <= end) next++;
      if (next < merged.length && merged[next].start < end) {
        const rest = /^\s*/u.exec(text.slice(end, merged[next].end)) as RegExpExecArray;
        const start = end + rest[0].length;
        const surface = text.slice(start, merged[next].end);
        if (/[\p{L}\p{N}]/u.test(surface) && !LONE_FUNCTION_WORD.test(surface)) out.push({ ...merged[next], start });
        next++;
      }
      i = next - 1;
      continue;
    }
    out?.push(m);
  }
  return out ?? (merged as DetectedMention[]);
}

/** A function word in lower case alone: what a cut mention leaves between two names ("at" of "Dr. Rajesh Patel at St Mary's Hospital"). */
const LONE_FUNCTION_WORD = /^(?:at|of|from|to|in|on|by|for|with|and|or|the|a|an)$/;

/** A CODE mention of a validating rule (checksum, format or context): confident enough to cut others. */
function isValidatedCode(m: DetectedMention): boolean {
  return m.entityType === 'CODE' && m.source.startsWith('rules:') && m.confidence >= 0.85;
}

/** The codes the rules read, in order. */
function ruleCodesOf(raw: readonly DetectedMention[]): DetectedMention[] {
  return raw.filter((r) => r.entityType === 'CODE' && r.source.startsWith('rules:')).sort((a, b) => a.start - b.start);
}

/** The phone numbers the rules read, in order. */
function rulePhonesOf(raw: readonly DetectedMention[]): DetectedMention[] {
  return raw.filter((r) => r.subtype === 'PHONE' && r.source.startsWith('rules:')).sort((a, b) => a.start - b.start);
}

function overlapsAny(m: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => s.start < m.end && m.start < s.end);
}

/** A currency's symbol or ISO code in a sum (not any three capitals: "EXT" of a neural "3, 0113 496 0000 EXT"). */
const CURRENCY_IN = new RegExp(`[€$£¥₺]|\\b${CURRENCY_CODE}\\b`, 'u');

/** The parts of `span` outside the sorted `holes`. */
function outside(span: Span, holes: readonly Span[]): Span[] {
  const parts: Span[] = [];
  let start = span.start;
  for (const hole of holes) {
    if (hole.end <= start || hole.start >= span.end) continue;
    if (hole.start > start) parts.push({ start, end: hole.start });
    start = Math.max(start, hole.end);
  }
  if (start < span.end) parts.push({ start, end: span.end });
  return parts;
}

/** A card brand, with a possessive or an article before it or not: the whole of a mention that is no name before "card". */
const CARD_BRAND = new RegExp(`^(?:(?:your|my|our|his|her|their|the|a|an)\\s+)?(?:${CARD_BRANDS.join('|')})$`, 'iu');
const BEFORE_CARD = /^\s+(?:(?:debit|credit)\s+)?(?:card\b|ending\b|[*•xX]{4})/iu;
const CAPITALIZED_SOURCE = 'rules:capitalized-sequence';
/** A letter, then "'s" or "’s": a possessive at a name's end. */
const POSSESSIVE_END = /^\p{L}['’]s$/u;
const ORG_HEAD_SET: ReadonlySet<string> = new Set(ORG_HEAD_WORDS);
/** The word (letters and digits) that ends at `end`. */
function lastWord(text: string, end: number): string {
  return /[\p{L}\p{N}]+$/u.exec(text.slice(Math.max(0, end - 40), end))?.[0] ?? '';
}
/** A capitalized word and one or two lower-case words before a colon: a form's field ("Bank details:"), not what someone says ("Smith wrote:"). */
const FIELD_LABEL = /^\p{Lu}\p{Ll}+[ \t]+(?!(?:wrote|writes|said|says|asked|asks|replied|replies|added|adds|answered|answers|commented|noted|explained|told)\b)\p{Ll}+(?:[ \t]+\p{Ll}+)?[ \t]*:/u;
const SEX_FIELD_BEFORE = /\b(?:[Ss]ex|SEX|[Gg]ender|GENDER)[ \t]*:[ \t]*$/u;
/** Whether `at` opens a form's column: two blanks or a tab before it, on its line. */
function atColumnStart(text: string, at: number): boolean {
  const before = text.charAt(at - 1);
  return before === '\t' || (before === ' ' && text.charAt(at - 2) === ' ');
}
/** One to three words and a colon: a field's label. */
const LABEL_WORDS = /^(\p{Lu}[\p{L}'’-]*(?:[ \t][\p{L}'’-]+){0,2})[ \t]*:/u;
/** Whether the text at `at` is a field's label of everyday or common words ("Given names:", "Issued:"). */
function columnLabel(text: string, at: number): boolean {
  const label = LABEL_WORDS.exec(text.slice(at, at + 40))?.[1];
  return label !== undefined && label.split(/[ \t]/u).every((word) => EVERYDAY_WORDS.has(word.toLowerCase()) || englishCommonWords().has(word.toLowerCase()));
}

/** One word, then " to:": a form's field ("Bill to:", "Ship to:"), not a name. */
const FIELD_BEFORE_TO = /^\p{L}+[ \t]+to[ \t]*:/u;
/**
 * A full stop that ends a sentence inside a span: after a word of four or more letters ending in a
 * lower-case one, before a space and a capital ("Split Single. Split Single", "Jimmy Carter. Surveys").
 * Initials ("S. C. Johnson", "U.S. Army") and short abbreviations ("St. Louis", "Sra. García", "ul.
 * Długa") stay.
 */
const SENTENCE_END = /(?<![\p{L}\p{M}])(\p{L}[\p{L}\p{M}]{2,}\p{Ll})\. +(?=\p{Lu})/gu;
/** Longer abbreviations a full stop follows inside a name ("Prof. Smith", "Bros. Records"). */
const DOTTED_ABBREVIATIONS = new Set('prof capt brig supt insp msgr mlle sept corp bros dept univ assn inst blvd dipl prov ltda'.split(' '));

/** A name's span cut where a sentence ends inside it (SENTENCE_END). */
function splitSentences(text: string, span: Span): Span[] {
  const slice = text.slice(span.start, span.end);
  if (!slice.includes('. ')) return [span];
  const pieces: Span[] = [];
  let start = span.start;
  for (const match of slice.matchAll(SENTENCE_END)) {
    if (DOTTED_ABBREVIATIONS.has(match[1].toLowerCase())) continue;
    const stop = span.start + match.index + match[1].length;
    pieces.push({ start, end: stop });
    start = span.start + match.index + match[0].length;
  }
  if (pieces.length === 0) return [span];
  pieces.push({ start, end: span.end });
  return pieces;
}

/** What a name is glued to in "Texas-based", "Kenyan-born", "Greek-speaking", "English-language". */
const COMPOUND_TAIL = 'based|born|built|made|owned|led|run|raised|educated|trained|speaking|language|dominated|aligned|backed|funded|produced|registered|headquartered';
/** A name glued to one, opening a span. */
const NAME_COMPOUND = new RegExp(`^(\\p{Lu}[\\p{L}\\p{M}.]*)-(?:${COMPOUND_TAIL})(?= |$)`, 'u');
/** One alone, right after a word and its hyphen: the neural layer's "based" of "Texas-based". */
const COMPOUND_TAIL_ALONE = new RegExp(`^(?:${COMPOUND_TAIL})$`, 'u');

/**
 * A name that opens with a place or people glued to a participle ("Texas-based New West Records",
 * "Wichita-built", "Kenyan-born"): the biographies' annotators mark "Texas" and "Kenyan", not the
 * participle. A name of one such word keeps the name alone. A capitalized run goes in two, the name and
 * what follows ("Aramaic-speaking Christian": each typed on its own), but for a birthplace before one
 * word ("English-born Canadian": one nationality). Another layer's span keeps what follows (the label
 * "New West Records" of an organisation rule), leaving the place to the layers that know places. The
 * participle alone is nothing.
 */
function splitCompoundOpening(text: string, span: Span, source: string): Span[] {
  const surface = text.slice(span.start, span.end);
  if (COMPOUND_TAIL_ALONE.test(surface) && text.charCodeAt(span.start - 1) === 45) return [];
  const found = NAME_COMPOUND.exec(surface);
  if (!found) return [span];
  const name = { start: span.start, end: span.start + found[1].length };
  if (span.start + found[0].length === span.end) return [name];
  const rest = { start: span.start + found[0].length + 1, end: span.end };
  const oneWord = !text.slice(rest.start, rest.end).includes(' ');
  if (oneWord && found[0].endsWith('-born')) return [span];
  if (source === CAPITALIZED_SOURCE) return [name, rest];
  return oneWord ? [span] : [rest];
}

/** A possessive inside a capitalized run, and the words after it: "Wilco's| John Stirratt". */
const POSSESSIVE_BEFORE_NAME = /['’]s ((\p{Lu}[\p{Ll}'’-]+) \p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*)*)$/u;

/**
 * A capitalized run cut after a possessive when a full name follows it, one that opens with a listed
 * given name and that the neural layer reads as a person's ("Wilco's John Stirratt", "McDonald's Ray
 * Kroc"): the owner and the person are two mentions. "King's College London" and "Women's World Cup"
 * stay whole (no given name opens what follows), and so does "Queen's Royal Hussars" ("Royal" is listed,
 * but no person is read there).
 */
function splitOwnerAndName(text: string, span: Span, raw: readonly DetectedMention[]): Span[] {
  const found = POSSESSIVE_BEFORE_NAME.exec(text.slice(span.start, span.end));
  if (!found || !listedGivenNames().has(found[2])) return [span];
  const nameStart = span.end - found[1].length;
  if (!raw.some((r) => r.entityType === 'PERSON' && r.source.startsWith('neural:') && r.start === nameStart && r.end <= span.end)) return [span];
  return [
    { start: span.start, end: nameStart - 3 },
    { start: nameStart, end: span.end },
  ];
}

/** Particles and joints of names written in lower case ("Ludwig van Beethoven", "Osama bin Laden", "Mr and Mrs Thompson"). */
const NAME_PARTICLES: ReadonlySet<string> = new Set(
  'de del della dei des da das do dos di du van von der den ter ten la le lo y e et und bin ibn bint al el ben ap af zu and of the mac mc'.split(' '),
);
/** A word in lower case inside a span, with the spaces around it. */
const LOWER_CASE_WORD = /\s([\p{Ll}][\p{Ll}'’-]*)\s/gu;

/** A person's span cut at each word in lower case that is no particle of a name, the word left out. */
function splitAtLowerCaseWord(text: string, span: Span): Span[] {
  const slice = text.slice(span.start, span.end);
  const pieces: Span[] = [];
  let start = span.start;
  for (const word of slice.matchAll(LOWER_CASE_WORD)) {
    if (NAME_PARTICLES.has(word[1])) continue;
    const at = span.start + (word.index ?? 0);
    if (at > start) pieces.push({ start, end: at });
    start = at + word[0].length;
  }
  if (start === span.start) return [span];
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}

/** A name's span cut where a colon and a space stand inside it, both left out. */
function splitAtLabelColon(text: string, span: Span): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  for (let at = text.indexOf(':', start); at >= 0 && at < span.end - 1; at = text.indexOf(':', at + 1)) {
    if (!/\s/u.test(text[at + 1])) continue;
    if (at > start) pieces.push({ start, end: at });
    start = at + 2;
  }
  if (start === span.start) return [span];
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}

/** A gap between a form's columns: a tab, or three spaces or more ("Name: Mr. John O'Brien   MRN: 4471-2290"). */
const COLUMN_GAP = /\t|[ \u00a0]{3,}/gu;

/** A name's span cut at the column gaps inside it. */
function splitColumns(text: string, span: Span): Span[] {
  const slice = text.slice(span.start, span.end);
  if (!slice.includes('\t') && !slice.includes('   ') && !slice.includes('\u00a0')) return [span];
  const pieces: Span[] = [];
  let start = span.start;
  for (const gap of slice.matchAll(COLUMN_GAP)) {
    const at = span.start + gap.index;
    if (at > start) pieces.push({ start, end: at });
    start = at + gap[0].length;
  }
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}

function splitLines(text: string, span: Span): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (LINE_BREAK.test(text[i])) {
      if (i > start) pieces.push({ start, end: i });
      start = i + 1;
    }
  }
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}

/**
 * `merged` with each mention replaced by the mentions `rewrite` gives for it (undefined: kept as it is);
 * the list itself when none is rewritten. For the steps that cut or retype one merged mention at a time.
 */
function rewriteEach(merged: readonly DetectedMention[], rewrite: (m: DetectedMention, i: number) => DetectedMention[] | undefined): DetectedMention[] {
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const pieces = rewrite(merged[i], i);
    if (pieces) {
      out ??= merged.slice(0, i);
      out.push(...pieces);
    } else out?.push(merged[i]);
  }
  return out ?? (merged as DetectedMention[]);
}

/** Between an office and the person's name it is held for or under: "Chief of Staff for Benjamin Netanyahu". */
const OFFICE_FOR = /^ (?:for|to|under) $/u;

/**
 * A capitalized run the merge kept whole over an office inside it and the name of a person after
 * that office: "California Governor Ronald Reagan" (the place, then the titled person, as the
 * biographies mark it) and "Chief of Staff for Benjamin Netanyahu" (the office, then the person it
 * serves). The run is split where the layers' own mentions are: the office a gazetteer or a job-title
 * rule found, and the name the neural layer read as a person's to the run's end. A place before the
 * office is kept where the neural layer read one. Run on the merged mentions, before the type revision.
 */
export function splitOfficeFromName(text: string, merged: readonly DetectedMention[], raw: readonly DetectedMention[]): DetectedMention[] {
  return rewriteEach(merged, (m) => (m.source === 'rules:capitalized-sequence' && !m.required ? officeAndNamePieces(text, m, raw) : undefined));
}

function officeAndNamePieces(text: string, m: DetectedMention, raw: readonly DetectedMention[]): DetectedMention[] | undefined {
  const person = raw.find((p) => p.entityType === 'PERSON' && p.source.startsWith('neural:') && p.end === m.end && p.start > m.start);
  if (!person) return undefined;
  const office = raw.find((o) => o.subtype === 'OCCUPATION' && o.start >= m.start && o.end < person.start && !o.source.startsWith('neural:') && (o.end === person.start - 1 || OFFICE_FOR.test(text.slice(o.end, person.start))));
  if (!office) return undefined;
  const pieces: DetectedMention[] = [];
  if (office.start > m.start) {
    // The words before the office: a place the neural layer read there, or nothing to split off.
    const place = raw.find((p) => p.entityType === 'LOC' && p.start === m.start && p.end === office.start - 1);
    if (!place) return undefined;
    pieces.push({ ...place });
  }
  if (office.end === person.start - 1) pieces.push({ ...m, start: office.start, entityType: 'PERSON' });
  else pieces.push({ ...office }, { ...m, start: person.start, entityType: 'PERSON' });
  return pieces;
}

/** Lower-case words only, the last ending in "s": an occupation's plural shape ("political scientists"). */
const LOWER_CASE_PLURAL = /^[\p{Ll}][\p{Ll} -]*[^s\W]s$/u;
/**
 * Words that make a plural someone's in particular: an article, a demonstrative or a possessive before
 * it ("his solicitors", "the magistrates", "Smith's lawyers"), with up to three words in lower case
 * between; or a verb that says it of the subject ("they were also actors", "became teachers"). A
 * capitalized word right before it may name whose ("Tijuana taxi drivers", "His London solicitors"),
 * not one further back ("Surveys of historians").
 */
const PLURAL_OWNED_BEFORE = /(?:\b(?:the|his|her|their|its|my|our|your|these|those|this|that|whose|are|were|be|been|being|became|become|as)|\p{L}['’]s?)\s+(?:(?:also|both|all)\s+)?(?:[\p{Ll}-]+\s+){0,3}$|\p{Lu}[\p{L}'’-]*\s+$/u;

/** The singular of an occupation's plural, as the occupation list has it ("historians", "businesswomen"). */
function singularOf(plural: string): string[] {
  if (plural.endsWith('men')) return [plural.slice(0, -3) + 'man', plural.slice(0, -3) + 'woman'];
  const forms = [plural.slice(0, -1)];
  if (plural.endsWith('es')) forms.push(plural.slice(0, -2));
  if (plural.endsWith('ies')) forms.push(plural.slice(0, -3) + 'y');
  return forms;
}

/** Whether `span` is an occupation in the plural, in lower case, that the words before it say of no one in particular. */
function genericPluralOccupation(text: string, span: Span): boolean {
  const surface = text.slice(span.start, span.end);
  if (!LOWER_CASE_PLURAL.test(surface) || !singularOf(surface).some((w) => listedOccupations().has(w))) return false;
  return !PLURAL_OWNED_BEFORE.test(text.slice(Math.max(0, span.start - 60), span.start));
}

/**
 * A country's name and an organisation's name right after it are one organisation: "U.S. Naval Reserve",
 * "U.S. Army" (the capitalized-run rule stops at the full stops of "U.S.", and the country list has it
 * alone). Only a country by its list's subtype, one space between, and an organisation that opens with a
 * capital. Run on the merged mentions, before the type revision.
 */
export function joinCountryAndOrganisation(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  let out: DetectedMention[] | undefined;
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    const next = merged[i + 1];
    if (next !== undefined && !m.required && !next.required && m.subtype === 'COUNTRY' && next.entityType === 'ORG' && next.start === m.end + 1 && text.charCodeAt(m.end) === 32 && CAPITAL_NEXT.test(text.slice(next.start, next.end))) {
      out ??= merged.slice(0, i);
      out.push({ ...next, start: m.start });
      i++;
    } else out?.push(m);
  }
  return out ?? (merged as DetectedMention[]);
}

/**
 * Words that open the occupation list's compounds ("television" of "television reporter", "jazz" of "jazz
 * musician", "defensive" of "defensive end"), read from the list itself: a compound the list lacks is
 * built the same way ("television producer", "jazz singer", "defensive tackle").
 */
let occupationModifiers: ReadonlySet<string> | undefined;
function listedOccupationModifiers(): ReadonlySet<string> {
  return (occupationModifiers ??= new Set([...listedOccupations()].filter((o) => o.includes(' ')).map((o) => o.slice(0, o.indexOf(' '))).filter((w) => /^[\p{Ll}][\p{Ll}-]+$/u.test(w))));
}

/** The source of an occupation extended over its modifier (a join the conventions may split: conventions.ts). */
export const COMPOUND_OCCUPATION_SOURCE = 'rules:compound-occupation';

/** The lower-case word right before a position ("jazz " before "singer"), or the prefix "co-" ("co-founder"). */
const WORD_BEFORE = /([\p{Ll}][\p{Ll}-]+) $|(?<![\p{L}\p{N}-])co-$/u;

/**
 * An occupation takes the word before it that opens the list's compounds: "television producer", "sound
 * engineer", "defensive tackle" (the list has "television reporter", "sound man", "defensive end", not
 * these). One word at most: "head basketball coach" takes "head" only because the list has "basketball coach"
 * whole. A join the conventions learn (`compoundOccupations`): TAB's annotators leave the modifier out
 * ("prison governor"), the biographies mark it. Run on the merged mentions, before the type revision.
 */
export function extendCompoundOccupations(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  return rewriteEach(merged, (m, i) => {
    // (The neural layer gives no subtype: an occupation of its is one the list has.)
    const occupation = m.subtype === 'OCCUPATION' || (m.entityType === 'DEM' && m.subtype === undefined && listedOccupations().has(text.slice(m.start, m.end).toLowerCase()));
    const before = occupation && !m.required ? WORD_BEFORE.exec(text.slice(Math.max(0, m.start - 30), m.start)) : null;
    if (!before) return undefined;
    const start = m.start - before[0].length;
    // "co-founder", "co-author": the prefix a shared role takes.
    if ((before[1] !== undefined && !listedOccupationModifiers().has(before[1])) || (i > 0 && merged[i - 1].end > start)) return undefined;
    return [{ ...m, start, source: COMPOUND_OCCUPATION_SOURCE }];
  });
}

/** Nouns for an event, a contest or a cause named by the name before them ("Watergate scandal", "Davis Cup match"). */
const EVENT_NOUN_AFTER = /^ (?:riots?|scandal|controversy|affair|massacre|match|game|season|championships?|tournaments?|cause)(?![\p{L}\p{N}'’-])/u;

/**
 * A name and the event noun after it are one mention, the event (MISC): "the 2002 Gujarat riots", "the
 * Watergate scandal", "a Chicago Bulls game", "the NFL season", "the Nazi cause". The biographies mark them so
 * (11 of 11 in the test annotations; their training masks take the noun in 8 of the 12 they mask); TAB's
 * training texts have none. Not a person's name ("the Smith affair" may be either), nor a movement or an
 * incident ("the PKK movement", "the Adare incident": TAB marks the organisation or the place). Run after
 * the type revision.
 */
export function joinEventNouns(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  return rewriteEach(merged, (m, i) => {
    const noun = !m.required && (m.entityType === 'ORG' || m.entityType === 'LOC' || m.entityType === 'MISC') && CAPITAL_NEXT.test(text.slice(m.start, m.end)) ? EVENT_NOUN_AFTER.exec(text.slice(m.end, m.end + 16)) : null;
    if (!noun) return undefined;
    const end = m.end + noun[0].length;
    if (merged[i + 1] !== undefined && merged[i + 1].start < end) return undefined;
    const { subtype: _subtype, ...rest } = m;
    return [{ ...rest, end, entityType: 'MISC' }];
  });
}
