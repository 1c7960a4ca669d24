/**
 * Rules per language. English is the rule layer's own set (CODE_RULES, DATETIME_RULES, …); another
 * language runs that set less the English rules that misfire on it, plus its own rules (one module per
 * language, built in build.ts).
 */
import { deu, fra, nld, pol, spa } from 'stopword';
import type { Language } from '../../language.ts';
import type { Rule } from '../types.ts';
import { RULE_FAMILIES, type RuleFamily, type RulesByFamily } from './build.ts';
import { GERMAN_RULES, GERMAN_SALUTATIONS } from './de.ts';
import { SPANISH_RULES, SPANISH_SALUTATIONS } from './es.ts';
import { FRENCH_RULES, FRENCH_SALUTATIONS } from './fr.ts';
import { DUTCH_RULES, DUTCH_SALUTATIONS } from './nl.ts';
import { POLISH_RULES, POLISH_SALUTATIONS } from './pl.ts';

export { RULE_FAMILIES, buildLanguageRules, nationalIdRules, CONTINENTAL_AMOUNT } from './build.ts';
export type { RuleFamily, RulesByFamily, LanguageSpec } from './build.ts';
export { steuerIdValid, dniValid, nieValid, bsnValid, peselValid, nirValid } from './validators.ts';

export const LANGUAGE_RULES: Readonly<Record<Exclude<Language, 'en'>, RulesByFamily>> = {
  de: GERMAN_RULES,
  es: SPANISH_RULES,
  nl: DUTCH_RULES,
  fr: FRENCH_RULES,
  pl: POLISH_RULES,
};

/**
 * English rules switched off for a document in another language: the capitalized-sequence rule
 * (English function words and sentence openers; German capitalizes every noun) and the number and
 * duration rules, whose English number words are words of other languages (Dutch "ten", Spanish
 * "a"): each language has its own versions of these.
 */
export const ENGLISH_ONLY_RULES: readonly string[] = ['capitalized-sequence', 'cardinal', 'count-phrase', 'duration'];

/** A language's own rules of the given families (all by default); none for English. */
export function languageRules(language: Language, families: readonly RuleFamily[] = RULE_FAMILIES): Rule[] {
  if (language === 'en') return [];
  const byFamily = LANGUAGE_RULES[language];
  return families.flatMap((family) => byFamily[family]);
}

/** Labels of forms in every language: a mention that is only one of them is no name ("IBAN" before the IBAN). */
const FORM_LABELS = 'id iban bic swift tel fax e-mail email nr no';

/**
 * Words of letters, forms and e-mails that are never a name alone, per language: closings, greetings and thanks,
 * field labels, form nouns, and titles without a name ("Veuillez agréer, Madame"). German capitalizes
 * these nouns wherever they stand; in every language the recall-oriented neural decoding takes some of
 * them at a line start ("Mit freundlichen Grüßen", "Atentamente"). A mention that is one of them and
 * nothing else (function words aside, see isEverydayMention) is dropped from a document in that
 * language, whichever layer found it. Lower case.
 */
const everydayWords = (words: string): ReadonlySet<string> => new Set(`${FORM_LABELS} ${words}`.split(/\s+/));
export const EVERYDAY_NOUNS: Readonly<Partial<Record<Language, ReadonlySet<string>>>> = {
  de: everydayWords(
    'grüße grüßen gruß dank danke bitte betreff datum uhrzeit telefon telefonnummer handy mobil anlage anlagen ' +
      'rechnung rechnungsnummer kundennummer bestellung bestellnummer auftrag lieferung zahlung betrag summe steuer ' +
      'mehrwertsteuer adresse anschrift name vorname nachname geburtsdatum unterschrift termin nachricht anfrage antwort ' +
      'hinweis hinweise frage fragen kontakt ansprechpartner sachbearbeiter abteilung konto kontonummer bankverbindung ' +
      'vertrag vertrags kündigung mahnung schreiben brief unterlagen formular antrag bescheid aktenzeichen herr herrn frau ' +
      'hallo liebe lieber sehr geehrte geehrter geehrten freundlichen herzliche herzlichen beste besten viele',
  ),
  es: everydayWords(
    'dni nie nif nº ' +
      'atentamente saludos saludo cordiales cordialmente estimado estimada estimados distinguido distinguida asunto fecha ' +
      'teléfono móvil dirección factura contrato consulta consultas atención cliente clientes referencia firma ' +
      'llámenos escríbanos señor señora señorita sr sra srta don doña ' +
      'hola buenos buenas días tardes noches gracias querido querida queridos tlf',
  ),
  fr: everydayWords(
    'nir siret siren ' +
      'cordialement salutations distinguées sincères objet suite référence date téléphone portable adresse facture contrat ' +
      'courrier question questions sécurité madame monsieur mademoiselle mme mlle ' +
      'bonjour bonsoir salut coucou cher chère chers chères merci remerciant tél mél courriel',
  ),
  nl: everydayWords(
    'bsn klantenservice ' +
      'geachte groet groeten vriendelijke hoogachtend betreft datum telefoon adres factuur contract vraag vragen ' +
      'heer mevrouw meneer dhr mevr ' +
      'hallo hoi beste dank bedankt groetjes',
  ),
  pl: everydayWords(
    'pesel nip regon dział obsługi klienta klientów ' +
      'szanowna szanowny szanowni poważaniem pozdrawiam pozdrowienia dotyczy data telefon adres faktura umowa pytanie pytania ' +
      'pani pan panie ' +
      'dzień dobry dziękuję dziękujemy cześć witam',
  ),
};

/** Each language's function words (articles, pronouns, prepositions…): the maintained lists of `stopword`. */
const FUNCTION_WORDS: Readonly<Record<Exclude<Language, 'en'>, ReadonlySet<string>>> = {
  de: new Set(deu),
  es: new Set(spa),
  nl: new Set(nld),
  fr: new Set(fra),
  pl: new Set(pol),
};

/**
 * Whether a mention found in a document of `language` (not English, whose rules handle their own
 * openers) is no name: each of its words is a function word or an everyday noun of the language
 * ("Die Rechnung", "Sie", "Mit" opening "Mit freundlichen Grüßen"), as the recall-oriented neural
 * decoding proposes at sentence and line starts. A word in capitals ("MAN", "SA") is an acronym and
 * keeps the mention. On the CoNLL, WikiANN and WikiNEuRal test splits this drops at most 0.12% of
 * the gold PER/ORG/LOC mentions of a language (German: "Ernst", "Die Zeit").
 */
export function isEverydayMention(language: Language, surface: string): boolean {
  if (language === 'en') return false;
  const words = surface.match(/[\p{L}\p{N}]+/gu);
  if (!words) return false;
  const everyday = EVERYDAY_NOUNS[language];
  const functionWords = FUNCTION_WORDS[language];
  return words.every((word) => {
    const lower = word.toLowerCase();
    if (everyday?.has(lower)) return true;
    return functionWords.has(lower) && !(word.length > 1 && word === word.toUpperCase());
  });
}

/** Each language's greetings before a first name, in lower case ("hallo", "bonjour"). */
const SALUTATIONS: Readonly<Record<Exclude<Language, 'en'>, ReadonlySet<string>>> = {
  de: lowerSet(GERMAN_SALUTATIONS),
  es: lowerSet(SPANISH_SALUTATIONS),
  nl: lowerSet(DUTCH_SALUTATIONS),
  fr: lowerSet(FRENCH_SALUTATIONS),
  pl: lowerSet(POLISH_SALUTATIONS),
};

function lowerSet(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map((w) => w.toLowerCase()));
}

/** Lower-case words that open surnames ("de la Cruz", "van Gogh", "von Weizsäcker"): never trimmed off a name. */
const NAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'van', 'von', 'der', 'den', 'ter', 'ten', 'zu', 'zum', 'zur']);

/**
 * A mention found in a document of `language` (not English) without what a recall-oriented model takes
 * around a name: a greeting ("Hallo Frau Schneider" → "Frau Schneider") and lower-case function words
 * before it ("à Lyon" → "Lyon"; not a surname's "de", "van") and a sentence's full stop after a word of three or more letters ("Kraków." → "Kraków"; "S.L.",
 * "o.o.", "e.V." keep theirs).
 * A function word alone is isEverydayMention's to drop; undefined when nothing is left ("à ").
 */
export function trimAroundName(language: Language, text: string, span: { start: number; end: number }): { start: number; end: number } | undefined {
  if (language === 'en') return span;
  const functionWords = FUNCTION_WORDS[language];
  const salutations = SALUTATIONS[language];
  let { start, end } = span;
  for (;;) {
    // A greeting in any case ("Hallo Frau Schneider"), or a lower-case function word.
    const leading = /^(\p{L}+),?[^\S\n]+/u.exec(text.slice(start, end));
    const word = leading?.[1];
    if (!leading || !word) break;
    const greeting = salutations.has(word.toLowerCase());
    if (!greeting && (!/^\p{Ll}+$/u.test(word) || !functionWords.has(word) || NAME_PARTICLES.has(word))) break;
    if (!greeting && leading[0].includes(',')) break;
    start += leading[0].length;
  }
  if (text[end - 1] === '.' && /(?<![\p{L}.])\p{L}{2,}\p{Ll}\.$/u.test(text.slice(start, end))) end--;
  return end > start ? { start, end } : undefined;
}

/** Every language rule's name, e.g. for checking a config's `exclude` list. */
export const LANGUAGE_RULE_NAMES: readonly string[] = Object.values(LANGUAGE_RULES).flatMap((byFamily) => RULE_FAMILIES.flatMap((f) => byFamily[f].map((r) => r.name)));
