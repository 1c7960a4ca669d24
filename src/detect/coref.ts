/**
 * Entity ids for detected mentions, so indicators and maskers treat all mentions of an entity
 * together, and propagation of names found once to their other occurrences in the document.
 *
 * Rules: same type and same normalized surface form → same entity; a PERSON mention joins a fuller
 * name with the same surname and compatible given names or initials ("Mr Jan Kowalski",
 * "Kowalski", "J. Kowalski"), and a given name alone the one full name that opens with it ("Olena",
 * "Olena Kovalenko"); an all-capitals ORG mention joins the organisation whose initials it spells
 * ("BJP" → "Bharatiya Janata Party").
 */
import type { Span } from '../corpus/index.ts';
import { scanForms } from './form-scan.ts';
import { isCommonWord } from './rules/capitalized.ts';
import type { DetectedMention } from './types.ts';

const TITLES = /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|judge|justice|mme|mlle|m|herr|frau|president|senator)\.?\s+/i;

/** Lower case, no leading article or title, single spaces, straight apostrophes. */
export function normalizeSurface(surface: string): string {
  // ASCII text is already NFC and holds no curly quotes: skip the two Unicode passes.
  let s = ASCII.test(surface) ? surface : surface.normalize('NFC').replace(/[’‘]/g, "'");
  s = s.replace(/\s+/g, ' ').trim().toLowerCase();
  s = s.replace(/^(?:the|a|an)\s+/, '');
  // TITLES is anchored at the start, so removing a match is slicing it off.
  for (let title = TITLES.exec(s); title; title = TITLES.exec(s)) s = s.slice(title[0].length);
  return s;
}

const ASCII = /^[\x00-\x7f]*$/;

interface PersonName {
  surname: string;
  /** Given names or initials, lower case, without dots ("j", "jan"). */
  given: string[];
}

/** The name parts of a surface already through normalizeSurface. */
function personName(normalized: string): PersonName | undefined {
  const parts = normalized.split(/[\s.]+/).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const surname = parts[parts.length - 1];
  if (surname.length < 2) return undefined;
  return { surname, given: parts.slice(0, -1) };
}

/** "j" is compatible with "jan"; "jan" is not compatible with "piotr"; no given names fit anything. */
function givenCompatible(a: string[], b: string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) continue;
    return false;
  }
  return true;
}

const MINOR_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', 'du', '&']);

/** "Bharatiya Janata Party" → "bjp"; undefined for one-word names. */
export function acronymOf(surface: string): string | undefined {
  const words = surface.split(/[\s-]+/).filter((w) => w !== '' && !MINOR_WORDS.has(w.toLowerCase()));
  if (words.length < 2) return undefined;
  return words.map((w) => w[0]).join('').toLowerCase();
}

export interface EntityAssignment {
  /** entity index per mention, dense from 0 in order of first mention. */
  entityOf: number[];
  entityCount: number;
}

/** Groups mentions (sorted by start) into entities. */
export function assignEntities(text: string, mentions: readonly (Span & { entityType: string })[]): EntityAssignment {
  const { union, find } = unionFind(mentions.length);
  const surfaces = mentions.map((m) => text.slice(m.start, m.end));
  // A document repeats its names: normalize each distinct surface once.
  const normalizedOf = new Map<string, string>();
  const normalized: string[] = [];
  for (const surface of surfaces) {
    let n = normalizedOf.get(surface);
    if (n === undefined) normalizedOf.set(surface, (n = normalizeSurface(surface)));
    normalized.push(n);
  }
  // Same type and same normalized surface: one entity (first mention by type, then by surface).
  const firstByType = new Map<string, Map<string, number>>();
  for (let i = 0; i < mentions.length; i++) {
    let bySurface = firstByType.get(mentions[i].entityType);
    if (!bySurface) firstByType.set(mentions[i].entityType, (bySurface = new Map()));
    const first = bySurface.get(normalized[i]);
    if (first === undefined) bySurface.set(normalized[i], i);
    else union(first, i);
  }
  linkPersons(mentions, normalized, union);
  linkGivenNames(mentions, normalized, union);
  linkAcronyms(mentions, surfaces, union);
  // Dense ids in order of first mention.
  const entityOf: number[] = [];
  const idOfRoot = new Int32Array(mentions.length).fill(-1);
  let entityCount = 0;
  for (let i = 0; i < mentions.length; i++) {
    const root = find(i);
    if (idOfRoot[root] < 0) idOfRoot[root] = entityCount++;
    entityOf.push(idOfRoot[root]);
  }
  return { entityOf, entityCount };
}

/** Disjoint sets over 0..n-1; the root of a set is its smallest member. */
function unionFind(n: number): { union: (a: number, b: number) => void; find: (i: number) => number } {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    for (let at = i; parent[at] !== root; ) {
      const next = parent[at];
      parent[at] = root;
      at = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  return { union, find };
}

function linkPersons(mentions: readonly { entityType: string }[], normalized: string[], union: (a: number, b: number) => void): void {
  // Candidates always share the surname, and mentions with the same given names have the same
  // candidates: work per surname and per distinct given names, not per pair of mentions (a
  // biography names its subject dozens of times).
  const bySurname = new Map<string, { i: number; name: PersonName }[]>();
  mentions.forEach((m, i) => {
    const name = m.entityType === 'PERSON' ? personName(normalized[i]) : undefined;
    if (!name) return;
    const group = bySurname.get(name.surname);
    if (group) group.push({ i, name });
    else bySurname.set(name.surname, [{ i, name }]);
  });
  for (const group of bySurname.values()) {
    const byGiven = new Map<string, { i: number; name: PersonName }[]>();
    for (const person of group) {
      const key = person.name.given.join(' ');
      const same = byGiven.get(key);
      if (same) same.push(person);
      else byGiven.set(key, [person]);
    }
    for (const same of byGiven.values()) linkSameNames(group, same, union);
  }
}

/**
 * Joins each of `same` (mentions with one name) to the fullest other mention of its surname group
 * whose given names fit. Only towards an equally full or fuller name, so two full names never
 * meet through a bare surname.
 */
function linkSameNames(group: readonly { i: number; name: PersonName }[], same: readonly { i: number; name: PersonName }[], union: (a: number, b: number) => void): void {
  const { given } = same[0].name;
  const candidates = group.filter((p) => p.name.given.length >= given.length && givenCompatible(p.name.given, given));
  // Two different full names with one surname ("Jan K." and "Piotr K.") must not merge via a bare surname.
  if (given.length === 0 && new Set(candidates.filter((c) => c.name.given.length > 0).map((c) => c.name.given[0]?.[0])).size > 1) return;
  const fullest = firstFullest(candidates);
  for (const person of same) {
    const target = fullest && fullest.i !== person.i ? fullest : firstFullest(candidates.filter((c) => c.i !== person.i));
    if (target) union(person.i, target.i);
  }
}

/** The earliest candidate with the most given names (what a stable sort by that count puts first). */
function firstFullest<T extends { name: PersonName }>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const c of candidates) if (!best || c.name.given.length > best.name.given.length) best = c;
  return best;
}

/**
 * A given name alone ("Thanks, Olena") joins the one person named in full with it ("Olena
 * Kovalenko"); not when two full names share it, nor when it is someone's surname too.
 */
function linkGivenNames(mentions: readonly { entityType: string }[], normalized: string[], union: (a: number, b: number) => void): void {
  const fullByGiven = new Map<string, Set<string>>();
  const firstFull = new Map<string, number>();
  const surnames = new Set<string>();
  mentions.forEach((m, i) => {
    const name = m.entityType === 'PERSON' ? personName(normalized[i]) : undefined;
    if (!name || name.given.length === 0) return;
    surnames.add(name.surname);
    const first = name.given[0];
    if (first.length < 2) return;
    let full = fullByGiven.get(first);
    if (!full) fullByGiven.set(first, (full = new Set()));
    full.add(normalized[i]);
    if (!firstFull.has(first)) firstFull.set(first, i);
  });
  if (fullByGiven.size === 0) return;
  mentions.forEach((m, i) => {
    if (m.entityType !== 'PERSON' || normalized[i].includes(' ') || surnames.has(normalized[i])) return;
    const target = firstFull.get(normalized[i]);
    if (target !== undefined && fullByGiven.get(normalized[i])?.size === 1) union(i, target);
  });
}

function linkAcronyms(mentions: readonly { entityType: string }[], surfaces: string[], union: (a: number, b: number) => void): void {
  const byAcronym = new Map<string, number>();
  mentions.forEach((m, i) => {
    if (m.entityType !== 'ORG' && m.entityType !== 'LOC') return;
    const acronym = acronymOf(surfaces[i]);
    if (acronym && !byAcronym.has(acronym)) byAcronym.set(acronym, i);
  });
  surfaces.forEach((s, i) => {
    if (!/^[A-Z][A-Z&.]{1,7}$/.test(s)) return;
    const target = byAcronym.get(s.replace(/[.&]/g, '').toLowerCase());
    if (target !== undefined) union(i, target);
  });
}

/**
 * Other occurrences of detected names: a PERSON's surname and every PERSON/ORG/LOC surface form of
 * at least 3 characters, matched on word boundaries where no mention lies yet. The new mentions take
 * the type of the mention they copy and a lower confidence.
 */
export function propagateMentions(text: string, mentions: readonly DetectedMention[], types: readonly string[] = ['PERSON', 'ORG', 'LOC']): DetectedMention[] {
  const forms = new Map<string, DetectedMention>();
  for (const m of mentions) {
    if (!types.includes(m.entityType) || m.confidence < 0.45) continue;
    const surface = text.slice(m.start, m.end).replace(/\s+/g, ' ');
    const variants = [surface];
    if (m.entityType === 'PERSON') {
      const parts = surface.replace(TITLES, '').split(/\s+/);
      const surname = parts[parts.length - 1];
      if (parts.length > 1 && /^\p{Lu}\p{Ll}/u.test(surname)) variants.push(surname);
    }
    // A function or everyday word a layer cut off a longer name ("The" of "The House of Lords") names nothing elsewhere.
    for (const v of variants) if (v.length >= 3 && !forms.has(v) && !isCommonWord(v)) forms.set(v, m);
  }
  if (forms.size === 0) return [];
  const covered = new Uint8Array(text.length);
  for (const m of mentions) covered.fill(1, m.start, m.end);
  const added: DetectedMention[] = [];
  for (const { start, end, form } of scanForms(text, [...forms.keys()].sort((a, b) => b.length - a.length))) {
    if (covered.subarray(start, end).some((c) => c === 1)) continue;
    const origin = forms.get(form);
    if (!origin) continue;
    added.push({ start, end, entityType: origin.entityType, ...(origin.subtype ? { subtype: origin.subtype } : {}), confidence: Math.min(origin.confidence, 0.6), source: 'coref:propagated' });
  }
  return added;
}
