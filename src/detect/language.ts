/**
 * The languages detection knows (rules, gazetteers) and the per-document language guess for
 * `language: auto`. The guess is franc-min's trigram model (pure JavaScript, MIT, 150 kB),
 * restricted to the languages we have rules for; a text it cannot place is read as English.
 * (tinyld was tried first: it read an English judgment full of Polish names as Polish.)
 */
import { franc } from 'franc-min';
import type { DetectorLayer } from './types.ts';

/** ISO 639-1 codes of the languages with their own rules and gazetteers. */
export const LANGUAGES = ['en', 'de', 'es', 'nl', 'fr', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a config or a flag may say: one language, or `auto` (guessed per document). */
export const LANGUAGE_SETTINGS = [...LANGUAGES, 'auto'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function isLanguageSetting(value: string): value is LanguageSetting {
  return (LANGUAGE_SETTINGS as readonly string[]).includes(value);
}

/** The guess reads this much of a document: enough for a stable answer, bounded cost on long ones. */
const SAMPLE_CHARS = 4000;
/** franc's ISO 639-3 codes of LANGUAGES. */
const BY_ISO3: Readonly<Record<string, Language>> = { eng: 'en', deu: 'de', spa: 'es', nld: 'nl', fra: 'fr', pol: 'pl' };
const ONLY = Object.keys(BY_ISO3);

// Every layer of a recognizer asks for the same document's language: the last answer is kept.
let lastText: string | undefined;
let lastLanguage: Language = 'en';

/** The language of a text among LANGUAGES; English when the text says too little (a name, a number). */
export function detectLanguage(text: string): Language {
  if (text === lastText) return lastLanguage;
  // `und` (a text under franc's 10 characters, or with no letters) is read as English.
  const guess = franc(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text, { only: ONLY });
  lastText = text;
  lastLanguage = BY_ISO3[guess] ?? 'en';
  return lastLanguage;
}

/** The language to detect a document in: the setting itself, or the guess for `auto`. */
export function resolveLanguage(setting: LanguageSetting, text: string): Language {
  return setting === 'auto' ? detectLanguage(text) : setting;
}

/**
 * One layer that runs another by the document's language: English documents through `english`, the
 * others through `other`; a document whose layer is absent gets no mentions from it. The bundled
 * neural model is English: run on German it reads every capitalised noun as a name.
 */
export function languageRoutedLayer(name: string, setting: LanguageSetting, english: DetectorLayer | undefined, other: DetectorLayer | undefined): DetectorLayer {
  return {
    name,
    async detect(doc) {
      const layer = resolveLanguage(setting, doc.text) === 'en' ? english : other;
      return layer ? layer.detect(doc) : [];
    },
  };
}
