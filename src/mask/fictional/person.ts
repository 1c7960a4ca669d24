/**
 * Person names. An entity's name tokens (from all its mentions, the longest first) each get a
 * fictional token drawn once: the last name word a surname, the others given names, of the sex its
 * titles (Mr, Mrs, Ms…) or its first given name (faker's name lists) point to. Every mention is then
 * written token by token, so "Mr John Smith", "Smith", "J. Smith" and "SMITH" become "Mr Karl
 * Brown", "Brown", "K. Brown" and "BROWN". Titles, name particles (van, de…), punctuation and a
 * possessive 's stay.
 */
import type { Drawer } from './draw.ts';
import { normalizeSurface, withCaseOf } from './text.ts';

type Sex = 'male' | 'female';

const MALE_TITLES = new Set(['mr', 'mister', 'sir', 'lord', 'herr', 'herrn', 'm', 'monsieur', 'sr', 'señor', 'senor', 'don', 'pan', 'dhr', 'meneer', 'signor', 'king', 'prince', 'emperor', 'duke', 'baron']);
const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'lady', 'madam', 'dame', 'frau', 'mme', 'madame', 'mlle', 'mademoiselle', 'sra', 'srta', 'señora', 'senora', 'doña', 'dona', 'pani', 'mevr', 'mevrouw', 'mw', 'signora', 'queen', 'princess', 'empress', 'duchess', 'baroness']);
const NEUTRAL_TITLES = new Set(['dr', 'prof', 'professor', 'judge', 'justice', 'rev', 'mx', 'hon', 'st', 'saint', 'pope', 'president', 'general', 'colonel', 'captain', 'major', 'sergeant', 'senator', 'minister']);
/** Ranks and offices: kept in a name like a title, but an original of their own when masked alone ("president"). */
const RANKS = new Set(['king', 'prince', 'emperor', 'duke', 'baron', 'queen', 'princess', 'empress', 'duchess', 'baroness', 'judge', 'justice', 'saint', 'pope', 'president', 'general', 'colonel', 'captain', 'major', 'sergeant', 'senator', 'minister', 'professor']);
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'della', 'la', 'le', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'y', 'zu', 'dos', 'das']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Words, with an apostrophe inside (O'Brien, Smith's) kept in the word. */
const TOKEN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*\.?|[^\p{L}\p{M}]+/gu;

/** Token key of a given name drawn for a mention that has none. */
const GIVEN_PLACEHOLDER = '\u0000given';

type Role = 'title' | 'particle' | 'initial' | 'given' | 'surname' | 'other';

interface Token {
  text: string;
  role: Role;
  /** The word without a possessive 's and a trailing dot, normalized (lookup key). */
  key: string;
  possessive: string;
}

function isTitle(bare: string): boolean {
  const k = bare.toLowerCase();
  return MALE_TITLES.has(k) || FEMALE_TITLES.has(k) || NEUTRAL_TITLES.has(k);
}

/** Whether a text is only courtesy titles and punctuation ("Mr", "Mrs."): nothing of a person in it. */
export function onlyCourtesyTitles(text: string): boolean {
  return tokenizeName(text).every((t) => (t.role === 'title' && !RANKS.has(t.key)) || (t.role === 'other' && !/\p{N}/u.test(t.text)) || t.role === 'particle');
}

export function tokenizeName(mention: string): Token[] {
  const raw = mention.match(TOKEN) ?? [];
  const tokens: Token[] = raw.map((text) => {
    if (!/\p{L}/u.test(text)) return { text, role: 'other', key: '', possessive: '' };
    const possessive = /['’]s$/u.exec(text.replace(/\.$/, ''))?.[0] ?? '';
    const bare = text.replace(/\.$/, '').slice(0, text.replace(/\.$/, '').length - possessive.length);
    const key = normalizeSurface(bare);
    if (isTitle(bare)) return { text, role: 'title', key, possessive };
    if (PARTICLES.has(key) && bare === bare.toLowerCase()) return { text, role: 'particle', key, possessive };
    if (SUFFIXES.has(key)) return { text, role: 'title', key, possessive };
    if (/^\p{Lu}$/u.test(bare)) return { text, role: 'initial', key, possessive };
    return { text, role: 'given', key, possessive };
  });
  // The last name word is the surname (with one word only, it is a given name when faker knows it as one).
  const names = tokens.filter((t) => t.role === 'given');
  if (names.length > 0) names[names.length - 1].role = 'surname';
  return tokens;
}

/** A person's fictional tokens, drawn once per token and shared by all its mentions. */
export class Persona {
  private readonly fakes = new Map<string, string>();
  /** given or surname per token key, from the first mention naming it (the longest first). */
  private readonly roles = new Map<string, 'given' | 'surname'>();
  private readonly sex: Sex;

  /** `mentions`: the entity's mention texts, its canonical (longest) one first. */
  constructor(
    private readonly draw: Drawer,
    mentions: readonly string[],
  ) {
    const tokenized = mentions.map(tokenizeName);
    for (const tokens of tokenized) {
      const names = tokens.filter((t) => t.role === 'given' || t.role === 'surname');
      for (const t of names) {
        if (this.roles.has(t.key)) continue;
        // A one-word name is a given name when faker's lists know it as one ("John"), else a surname.
        const role = names.length === 1 && isKnownGivenName(t.key, draw) ? 'given' : (t.role as 'given' | 'surname');
        this.roles.set(t.key, role);
      }
    }
    // No cue: one drawn sex for the whole person, so its given names agree.
    this.sex = sexOf(tokenized, draw) ?? draw.faker('sex').helpers.arrayElement<Sex>(['male', 'female']);
  }

  /** The mention written with the persona's tokens. */
  render(mention: string): string {
    const tokens = tokenizeName(mention);
    const hasName = tokens.some((t) => t.role === 'given' || t.role === 'surname' || t.role === 'initial');
    if (!hasName) {
      const surname = this.fake(this.firstKey('surname') ?? '');
      // A title alone ("Mr") gets the surname: keeping it alone would keep the original.
      const onlyTitles = tokens.some((t) => t.role === 'title') && tokens.every((t) => t.role === 'title' || (t.role === 'other' && !/[\p{L}\p{N}]/u.test(t.text)));
      if (onlyTitles) return `${mention.trimEnd()} ${surname}`;
      // Nothing name-like (a mis-typed span): a whole fictional name.
      return `${this.fake(this.firstKey('given') ?? GIVEN_PLACEHOLDER)} ${surname}`;
    }
    return tokens
      .map((t) => {
        if (t.role === 'other' || t.role === 'title' || t.role === 'particle') return t.text;
        const dot = t.text.endsWith('.') ? '.' : '';
        if (t.role === 'initial') return `${this.initial(t.key)}${dot}`;
        const bare = t.text.replace(/\.$/, '').slice(0, t.text.replace(/\.$/, '').length - t.possessive.length);
        return `${withCaseOf(bare, this.fake(t.key))}${t.possessive}${dot}`;
      })
      .join('');
  }

  private firstKey(role: 'given' | 'surname'): string | undefined {
    return [...this.roles].find(([, r]) => r === role)?.[0];
  }

  private fake(key: string): string {
    let fake = this.fakes.get(key);
    if (fake === undefined) {
      const role = this.roles.get(key) ?? (key === GIVEN_PLACEHOLDER ? 'given' : 'surname');
      const f = this.draw.faker('person', role, key);
      fake = role === 'surname' ? f.person.lastName(this.sex) : f.person.firstName(this.sex);
      this.fakes.set(key, fake);
    }
    return fake;
  }

  /** The initial of the fictional given name whose original starts with the letter, else a drawn letter. */
  private initial(letter: string): string {
    const given = [...this.roles].find(([key, role]) => role === 'given' && key.startsWith(letter))?.[0];
    if (given !== undefined) return this.fake(given).charAt(0).toUpperCase();
    const f = this.draw.faker('initial', letter);
    return f.helpers.arrayElement([...'ABCDEFGHIJKLMNOPRSTVW'].filter((c) => c.toLowerCase() !== letter));
  }
}

const givenNameSets = new WeakMap<object, { male: Set<string>; female: Set<string> }>();

/** The locale's given names by sex, normalized (built once per locale). */
function givenNames(draw: Drawer): { male: Set<string>; female: Set<string> } {
  const lists = draw.locale.faker.rawDefinitions.person?.first_name;
  let sets = givenNameSets.get(draw.locale);
  if (!sets) {
    const of = (list: readonly string[] | undefined): Set<string> => new Set((list ?? []).map(normalizeSurface));
    sets = { male: of(lists?.male), female: of(lists?.female) };
    for (const name of of(lists?.generic)) if (!sets.male.has(name)) sets.female.add(name);
    givenNameSets.set(draw.locale, sets);
  }
  return sets;
}

function isKnownGivenName(key: string, draw: Drawer): boolean {
  const { male, female } = givenNames(draw);
  return male.has(key) || female.has(key);
}

function sexOf(tokenized: readonly Token[][], draw: Drawer): Sex | undefined {
  for (const tokens of tokenized) {
    for (const t of tokens) {
      if (t.role !== 'title') continue;
      if (MALE_TITLES.has(t.key)) return 'male';
      if (FEMALE_TITLES.has(t.key)) return 'female';
    }
  }
  const first = tokenized.flatMap((tokens) => tokens.filter((t) => t.role === 'given')).map((t) => t.key)[0];
  if (first === undefined) return undefined;
  const names = givenNames(draw);
  const male = names.male.has(first);
  const female = names.female.has(first);
  return male && !female ? 'male' : female && !male ? 'female' : undefined;
}
