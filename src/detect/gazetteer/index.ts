/**
 * The gazetteer layer: term lists under models/gazetteers (built by scripts/build-gazetteers.ts,
 * described by its manifest.json) matched with one keyword trie.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError, REPO_ROOT } from '../../corpus/index.ts';
import { resolveLanguage, type Language, type LanguageSetting } from '../language.ts';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../rules/everyday.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from '../types.ts';
import { languageGazetteerTerms } from './languages.ts';
import { KeywordMatcher } from './matcher.ts';
import { WORLD_CITIES } from './world-cities.ts';

/** The built-in list of large non-capital cities (world-cities.ts), named like a manifest list. */
export const WORLD_CITIES_LIST = 'loc-world-cities';

export { KeywordMatcher, tokenize, lowerSameLength } from './matcher.ts';
export type { CasePolicy, TermEntry, TermMatch, Token } from './matcher.ts';

export const DEFAULT_GAZETTEER_DIR = join(REPO_ROOT, 'models', 'gazetteers');

const manifestSchema = z.object({
  version: z.literal(1),
  lists: z.array(
    z.object({
      file: z.string(),
      entityType: z.string(),
      casePolicy: z.enum(['sensitive', 'insensitive']),
      confidence: z.number().min(0).max(1),
      description: z.string(),
      sources: z.array(z.string()),
      count: z.number().int(),
    }),
  ),
});

export type GazetteerManifest = z.infer<typeof manifestSchema>;

export interface GazetteerHit {
  entityType: string;
  confidence: number;
  /** The list file name without extension, e.g. "dem-occupations". */
  list: string;
  /** The finer type the list stands for (subtypes.ts), e.g. CITY for loc-cities. */
  subtype?: string;
}

/** The subtype of each list's terms; lists not named here (health, offences, ranks) have none. */
export const LIST_SUBTYPES: Readonly<Record<string, string>> = {
  'dem-occupations': 'OCCUPATION',
  'dem-nationalities': 'NATIONALITY',
  'dem-religions': 'RELIGION',
  'loc-countries': 'COUNTRY',
  'loc-cities': 'CITY',
  [WORLD_CITIES_LIST]: 'CITY',
};

/** A term written in capitals (digits and hyphens between): "PTSD", "COVID-19", "X-SCID". */
const ACRONYM = /^\p{Lu}[\p{Lu}\d-]*\p{Lu}[\p{Lu}\d-]*$/u;

/** The kind written before a diagnosis, which belongs to it: "type 2 (diabetes)", "Stage III (cancer)". */
const KIND_OF_DIAGNOSIS = /\b(?:[Tt]ype|[Ss]tage|[Gg]rade) (?:\d{1,2}[a-c]?|[IV]{1,3}) $/u;

/** Month and weekday names are dates, whatever a word list says ("March" is also a military rank). */
const CALENDAR_WORDS = new Set([...MONTH_NAMES, ...WEEKDAY_NAMES]);

const sources = new Map<string, string>();

/** "gazetteers:" and a list's name, made once per list rather than once per mention. */
function sourceOf(list: string): string {
  let source = sources.get(list);
  if (source === undefined) sources.set(list, (source = `gazetteers:${list}`));
  return source;
}

/** The list of disciplines and sports ("history", "association football"). */
const DISCIPLINE_SOURCE = 'gazetteers:misc-education';

const CALENDAR_LENGTHS = new Set([...CALENDAR_WORDS].map((w) => w.length));

export function readGazetteerManifest(dir: string): GazetteerManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new InputError([{ file: path, message: 'gazetteer manifest not found: run "npx tsx scripts/build-gazetteers.ts"' }]);
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new InputError([{ file: path, message: `invalid gazetteer manifest: ${parsed.error.issues[0]?.message ?? 'unknown'}` }]);
  return parsed.data;
}

/** Builds the matcher over every list of the manifest (about 25k terms, well under a second). */
function subtypeOfList(name: string): { subtype?: string } {
  const subtype = LIST_SUBTYPES[name];
  return subtype ? { subtype } : {};
}

export function loadGazetteerMatcher(dir = DEFAULT_GAZETTEER_DIR, onlyLists?: readonly string[]): KeywordMatcher<GazetteerHit> {
  return addGazetteerLists(new KeywordMatcher<GazetteerHit>(), dir, onlyLists);
}

/** Adds the built lists (and the world cities) to a matcher; a term already in it keeps its first entry. */
function addGazetteerLists(matcher: KeywordMatcher<GazetteerHit>, dir: string, onlyLists?: readonly string[]): KeywordMatcher<GazetteerHit> {
  for (const list of readGazetteerManifest(dir).lists) {
    const name = list.file.replace(/\.[^.]+$/, '');
    if (onlyLists && !onlyLists.includes(name)) continue;
    const payload: GazetteerHit = { entityType: list.entityType, confidence: list.confidence, list: name, ...subtypeOfList(name) };
    for (const term of readFileSync(join(dir, list.file), 'utf8').split('\n')) {
      // An acronym is itself only in capitals, whatever its list's policy: "AIDS", "BAN", "MAT" and "STD"
      // matched in any case were "hearing aids", "a ban", "a mat".
      if (term.trim() !== '') matcher.add({ term, casePolicy: ACRONYM.test(term) ? 'sensitive' : list.casePolicy, payload });
    }
  }
  if (!onlyLists || onlyLists.includes(WORLD_CITIES_LIST)) {
    const payload: GazetteerHit = { entityType: 'LOC', confidence: 0.7, list: WORLD_CITIES_LIST, subtype: 'CITY' };
    for (const term of WORLD_CITIES) matcher.add({ term, casePolicy: 'sensitive', payload });
  }
  return matcher;
}

export interface GazetteerLayerOptions {
  dir?: string;
  /** Restrict to these lists (file names without extension). */
  lists?: readonly string[];
  /** The documents' language, or `auto` to guess it per document (default `en`). */
  language?: LanguageSetting;
}

const cache = new Map<string, KeywordMatcher<GazetteerHit>>();

/**
 * The matcher for one language. Another language than English keeps the built lists of proper nouns
 * (case-sensitive: countries, cities, nationalities, which name the same places in any language) and
 * adds its own country names and demonyms; the case-insensitive lists (occupations, religions, ranks,
 * health, offences, education) are English words and stay English only.
 */
function matcherFor(dir: string, lists: readonly string[] | undefined, language: Language): KeywordMatcher<GazetteerHit> {
  const key = `${dir}|${lists?.join(',') ?? '*'}|${language}`;
  let matcher = cache.get(key);
  if (matcher) return matcher;
  if (language === 'en') {
    matcher = loadGazetteerMatcher(dir, lists);
  } else {
    const properNouns = [...readGazetteerManifest(dir).lists.filter((l) => l.casePolicy === 'sensitive').map((l) => l.file.replace(/\.[^.]+$/, '')), WORLD_CITIES_LIST];
    // Bundled per-language terms, whichever folder the built lists come from. They go in first: where
    // a term is in both, the document's language decides ("Indien" is India in German, not the French
    // demonym of the nationality list).
    matcher = new KeywordMatcher<GazetteerHit>();
    for (const entry of languageGazetteerTerms(language, DEFAULT_GAZETTEER_DIR)) matcher.add(entry);
    addGazetteerLists(matcher, dir, properNouns.filter((name) => !lists || lists.includes(name)));
  }
  cache.set(key, matcher);
  return matcher;
}

export function createGazetteerLayer(options: GazetteerLayerOptions = {}): DetectorLayer {
  const dir = options.dir ?? DEFAULT_GAZETTEER_DIR;
  const setting = options.language ?? 'en';
  // Built now for a given language (a missing manifest fails at creation), on first use for `auto`.
  const fixed = setting === 'auto' ? undefined : matcherFor(dir, options.lists, setting);
  return {
    name: 'gazetteers',
    detect(doc: TextDocument): DetectedMention[] {
      const built = fixed ?? matcherFor(dir, options.lists, resolveLanguage(setting, doc.text));
      const mentions: DetectedMention[] = [];
      for (const m of built.match(doc.text)) {
        // (Only a match as long as some calendar word is cut out to be looked up.)
        const length = m.end - m.start;
        if (CALENDAR_LENGTHS.has(length) && CALENDAR_WORDS.has(doc.text.slice(m.start, m.end))) continue;
        // A diagnosis takes its kind before it: "type 2 diabetes", "stage III cancer".
        const start = m.payload.list === 'misc-health' ? m.start - (KIND_OF_DIAGNOSIS.exec(doc.text.slice(Math.max(0, m.start - 16), m.start))?.[0].length ?? 0) : m.start;
        const mention: DetectedMention = { start, end: m.end, entityType: m.payload.entityType, confidence: m.payload.confidence, source: sourceOf(m.payload.list) };
        if (m.payload.subtype) mention.subtype = m.payload.subtype;
        // "football goalkeeper", "volleyball player", "history teacher": a discipline or sport right
        // before an occupation names the occupation, one DEM (the Wikipedia biographies mark it whole).
        const before = mentions.at(-1);
        if (m.payload.list === 'dem-occupations' && before?.source === DISCIPLINE_SOURCE && before.end + 1 === start && doc.text.charCodeAt(before.end) === 32) {
          mentions.push({ ...mention, start: before.start });
        }
        mentions.push(mention);
      }
      return mentions;
    },
  };
}
