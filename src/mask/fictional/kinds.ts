/**
 * Places, organisations, demographic attributes and everything else, each from faker data of the
 * same kind: a country for a country, a city for a place, a street address for an address; an
 * institution keeps its kind ("Kyiv Regional Court" → "Lake Ruth Regional Court"), any other
 * organisation becomes a company (keeping its legal form: "Acme Ltd" → "Feil Ltd"); a nationality another
 * nationality, an occupation another one.
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import { EXECUTIVE_ROLE_ACRONYMS } from '../../detect/rules/everyday.ts';
import type { Drawer } from './draw.ts';
import { capitalize, normalizeSurface, withCaseOf } from './text.ts';

const ARTICLE = /^(the|a|an)\s+/i;

/** Splits a leading article off ("the Netherlands"): it is kept as written. */
function splitArticle(original: string): [string, string] {
  const article = ARTICLE.exec(original)?.[0] ?? '';
  return [article, original.slice(article.length)];
}

interface CountryLists {
  names: Set<string>;
  demonyms: string[];
}
let countryLists: CountryLists | undefined;

/** Country names and demonyms from world-countries, read on first use (a 1 MB JSON file). */
function countryListsOf(): CountryLists {
  if (!countryLists) {
    const countries = createRequire(import.meta.url)('world-countries') as Country[];
    countryLists = {
      names: new Set(countries.flatMap((c) => [c.name.common, c.name.official, ...c.altSpellings]).map(normalizeSurface)),
      demonyms: [...new Set(countries.map((c) => c.demonyms?.eng?.m).filter((d): d is string => typeof d === 'string' && /^[A-Z][a-z]+$/.test(d)))],
    };
  }
  return countryLists;
}

const countriesByLocale = new WeakMap<object, Set<string>>();

/** The locale's own country names (faker's), normalized once per locale. */
function localeCountries(draw: Drawer): Set<string> {
  let known = countriesByLocale.get(draw.locale);
  if (!known) {
    known = new Set<string>((draw.locale.faker.rawDefinitions.location?.country ?? []).map((c: string) => normalizeSurface(c)));
    countriesByLocale.set(draw.locale, known);
  }
  return known;
}

export function placeSubstitute(original: string, draw: Drawer): string {
  const [article, rest] = splitArticle(original);
  const f = draw.faker('place', original);
  const known = localeCountries(draw);
  let drawn: string;
  if (countryListsOf().names.has(normalizeSurface(rest)) || known.has(normalizeSurface(rest))) drawn = f.location.country();
  // A postcode ("50667", "SW1A 1AA", "1012 AB": digits and capitals only) is drawn as one of the locale's.
  else if (/\d/.test(rest) && /^[\p{Lu}\d][\p{Lu}\d -]{1,9}$/u.test(rest.trim())) drawn = f.location.zipCode();
  else if (/\d/.test(rest)) drawn = f.location.streetAddress();
  else drawn = f.location.city();
  return article + withCaseOf(rest, drawn);
}

/** Words that say what kind of organisation it is; they stay, the naming words around them change. */
const INSTITUTION_WORDS = new Set(
  (
    'court courts tribunal chamber regional district city county municipal supreme constitutional administrative appeal appeals appellate ' +
    'criminal civil military federal state national central high higher circuit first second third instance ' +
    'university college school academy institute hospital clinic bank ministry department office police prison colony ' +
    'council committee commission agency authority service prosecutor prosecutors prosecution bar association union party ' +
    'church parish company corporation group foundation board centre center station court-house parliament assembly ' +
    'government administration directorate inspectorate registry prefecture of the for and de du la le des'
  ).split(' '),
);

/** A company's legal form at the end of its name ("Acme Ltd", "Müller GmbH"): it stays, the name before it changes. */
const LEGAL_FORM = /\s+(?:Ltd\.?|Limited|Inc\.?|LLC|LLP|PLC|plc|GmbH|AG|KG|S\.A\.|SA|B\.V\.|BV|N\.V\.|NV|S\.r\.l\.|Srl|S\.p\.A\.|SpA|SARL|SAS|Pty\s+Ltd|Co\.|Corp\.?)$/iu;

export function organisationSubstitute(original: string, draw: Drawer): string {
  const [article, rest] = splitArticle(original);
  const f = draw.faker('organisation', original);
  const legal = LEGAL_FORM.exec(rest);
  // A firm and its legal form: a surname in place of its name ("Acme Ltd" → "Feil Ltd").
  if (legal && legal.index > 0) return article + withCaseOf(rest.slice(0, legal.index), f.person.lastName()) + legal[0];
  const words = rest.split(/(\s+)/);
  const naming = words.filter((w) => /\p{L}/u.test(w) && !INSTITUTION_WORDS.has(w.toLowerCase()));
  const kindWords = words.filter((w) => INSTITUTION_WORDS.has(w.toLowerCase()));
  // An institution named after a place or person: the kind stays, the name is redrawn.
  if (kindWords.length > 0 && naming.length > 0 && naming.length <= 3) {
    let replaced = false;
    const out = words.map((w) => {
      if (!/\p{L}/u.test(w) || INSTITUTION_WORDS.has(w.toLowerCase())) return w;
      if (replaced) return '';
      replaced = true;
      return withCaseOf(w, f.location.city());
    });
    return article + out.join('').replace(/\s{2,}/g, ' ').trim();
  }
  // faker's English "Senger - Hudson" is written as firms write a double name: "Senger-Hudson".
  return article + withCaseOf(rest, f.company.name().replace(/^(\S+) - (\S+)$/u, '$1-$2'));
}

/** Subtypes that say which kind of attribute a DEM mention is, where its surface would not. */
const NATIONALITY_SUBTYPES = new Set(['NATIONALITY', 'ETHNICITY']);
/** A role written as an acronym ("CEO") is replaced by another one, not by a job's name in capitals. */
const ACRONYM = /^\p{Lu}{2,5}$/u;

export function demographicSubstitute(original: string, draw: Drawer, subtype?: string): string {
  const f = draw.faker('demographic', original);
  // By its subtype, a nationality is a demonym and an occupation a job ("Senator", "CEO"); without
  // one, one capitalized word is taken for a nationality, ethnicity or religion, the rest for a job.
  const occupation = subtype === 'OCCUPATION';
  const nationality = subtype !== undefined && NATIONALITY_SUBTYPES.has(subtype);
  if (nationality || (!occupation && /^\p{Lu}/u.test(original) && !/\s/.test(original.trim()))) return withCaseOf(original, f.helpers.arrayElement(countryListsOf().demonyms));
  if (occupation && ACRONYM.test(original)) return f.helpers.arrayElement(EXECUTIVE_ROLE_ACRONYMS);
  const [article, rest] = splitArticle(original);
  const job = /\s/.test(rest.trim()) ? f.person.jobTitle() : f.person.jobType();
  const written = /^\p{Lu}/u.test(rest) ? job : job.toLowerCase();
  return article + withCaseOf(rest, written);
}

export function miscSubstitute(original: string, draw: Drawer): string {
  const [article, rest] = splitArticle(original);
  const f = draw.faker('misc', original);
  const count = Math.max(1, Math.min(4, rest.trim().split(/\s+/).length));
  const words = f.word.words(count);
  const titled = /^\p{Lu}/u.test(rest) ? words.split(' ').map(capitalize).join(' ') : words;
  return article + withCaseOf(rest, titled);
}
