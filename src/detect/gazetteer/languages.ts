/**
 * Gazetteer terms per language from `world-countries` (a maintained dataset, ODbL): country names in
 * its translations (deu, spa, nld, fra, pol: common and official names) and, where it has them,
 * demonyms (French only; English demonyms are in the built dem-nationalities list); and city names
 * and people's given names and surnames where lists are built (`models/gazetteers/names/cities-<language>.txt`,
 * `persons-<language>.txt`, scripts/build-gazetteers.ts: German). Read when a document in that language first comes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../../corpus/index.ts';
import type { Language } from '../language.ts';
import type { GazetteerHit } from './index.ts';
import type { TermEntry } from './matcher.ts';

interface Country {
  translations?: Record<string, { official: string; common: string }>;
  demonyms?: Record<string, { f: string; m: string }>;
}

/** world-countries' ISO 639-3 keys. */
const WORLD_COUNTRIES_CODE: Readonly<Record<Exclude<Language, 'en'>, string>> = { de: 'deu', es: 'spa', nl: 'nld', fr: 'fra', pl: 'pol' };

export const LANGUAGE_COUNTRIES_LIST = 'loc-countries-';
export const LANGUAGE_DEMONYMS_LIST = 'dem-nationalities-';

/**
 * A name list of `models/gazetteers/names/` (or `<gazetteerDir>/names/`), one entry a line; empty when the
 * list was never built for that language.
 */
export function readNameList(fileName: string, gazetteerDir = join(REPO_ROOT, 'models', 'gazetteers')): string[] {
  const path = join(gazetteerDir, 'names', fileName);
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '') : [];
}

export const LANGUAGE_CITIES_LIST = 'loc-cities-';
export const LANGUAGE_PERSONS_LIST = 'person-names-';

/** The country names (LOC/COUNTRY), demonyms (DEM/NATIONALITY), cities (LOC/CITY) and people's names (PERSON) of a language; none for English. */
export function languageGazetteerTerms(language: Language, gazetteerDir: string): TermEntry<GazetteerHit>[] {
  if (language === 'en') return [];
  const code = WORLD_COUNTRIES_CODE[language];
  const countries = createRequire(import.meta.url)('world-countries') as Country[];
  const countryHit: GazetteerHit = { entityType: 'LOC', confidence: 0.8, list: `${LANGUAGE_COUNTRIES_LIST}${language}`, subtype: 'COUNTRY' };
  const demonymHit: GazetteerHit = { entityType: 'DEM', confidence: 0.75, list: `${LANGUAGE_DEMONYMS_LIST}${language}`, subtype: 'NATIONALITY' };
  const names = new Set(countries.flatMap((c) => (c.translations?.[code] ? [c.translations[code].common, c.translations[code].official] : [])));
  // French demonyms are nouns ("un Allemand") and adjectives ("allemande"), singular and plural.
  const demonyms = new Set(countries.flatMap((c) => (c.demonyms?.[code] ? [c.demonyms[code].m, c.demonyms[code].f] : [])).flatMap((d) => [d, `${d}s`]));
  const cityHit: GazetteerHit = { entityType: 'LOC', confidence: 0.75, list: `${LANGUAGE_CITIES_LIST}${language}`, subtype: 'CITY' };
  const personHit: GazetteerHit = { entityType: 'PERSON', confidence: 0.55, list: `${LANGUAGE_PERSONS_LIST}${language}` };
  const cities = readNameList(`cities-${language}.txt`, gazetteerDir);
  const persons = readNameList(`persons-${language}.txt`, gazetteerDir);
  return [
    ...persons.map((term): TermEntry<GazetteerHit> => ({ term, casePolicy: 'sensitive', payload: personHit })),
    ...[...names].filter((n) => n.trim() !== '').map((term): TermEntry<GazetteerHit> => ({ term, casePolicy: 'sensitive', payload: countryHit })),
    ...cities.map((term): TermEntry<GazetteerHit> => ({ term, casePolicy: 'sensitive', payload: cityHit })),
    ...[...demonyms].filter((d) => d.trim() !== '').map((term): TermEntry<GazetteerHit> => ({ term, casePolicy: 'insensitive', payload: demonymHit })),
  ];
}
