/**
 * Lists of works after their kind in the plural, as biographies give a filmography or a discography:
 * "the films Bad Dreams, Threesome, The Craft, Dick, Nancy Drew, Hamlet 2", "the television series
 * MacGyver, Married... with Children, Tales from the Crypt", "his last five albums (Silver Age, Beauty
 * & Ruin, Patch the Sky)". The layers see each title without the list: a person ("Nancy Drew"), a
 * place ("Roseanne", "Melrose Place"), a number ("Threesome"), or fragments ("The" + "Craft",
 * "Tales" + "Crypt"). Every item of such a list is a work (MISC), one mention per item. Lists of places
 * after theirs are read the same way ("seven townships: Albion, Bedford, Clarence, Convis, Lee", "cities
 * like Kathmandu, Pokhara and Lumbini"), where a layer took a township for a person.
 */
import { NAME_ENTITY_TYPES, type DetectedMention } from './types.ts';

/**
 * Kinds of work in the plural (or "series", its own plural) and in the singular. Not verbs that share
 * the spelling ("plays", "records", "shows", "works"; "record", "play"). The type revision reads them
 * too, before one title.
 */
export const WORK_KINDS_PLURAL: readonly string[] =
  'albums songs singles EPs films movies dramas documentaries series books novels novellas poems sitcoms musicals tracks operas cartoons programs programmes telenovelas'.split(' ');
export const WORK_KINDS_SINGULAR: readonly string[] = 'album song single EP film movie documentary novel novella book poem sitcom musical opera telenovela'.split(' ');
/** A kind of work in the plural right before the list, with an optional "such as", colon or bracket: "the films", "TV series", "albums (", "songs such as". */
const WORK_LIST_BEFORE = new RegExp(
  `\\b(?:${WORK_KINDS_PLURAL.join('|')})(?:,?\\s+(?:such as|including|included|like|as))?\\s*[:(]?\\s*$` +
    // Or the kind, a clause about them and a colon: "three stage plays produced between 1897 and 1906:" ("plays" a noun there).
    `|\\b(?:${WORK_KINDS_PLURAL.join('|')}|plays)\\s[^.,:;()\\n]{0,50}:\\s*$`,
  'u',
);
/**
 * The same kinds in the singular, before one title: "his 1962 novel The Man in the High Castle" (a layer's "Man" +
 * "High Castle"), "a tribute album called Hurry Home Early: the Songs of Warren Zevon".
 */
const WORK_BEFORE = new RegExp(`\\b(?:${WORK_KINDS_SINGULAR.join('|')})(?:\\s+(?:called|titled|entitled|named))?\\s*$`, 'u');
/** A kind of place in the plural right before the list: "seven townships:", "cities like", "the provinces of". */
const PLACE_LIST_BEFORE =
  /\b(?:cities|towns|townships|villages|municipalities|provinces|regions|districts|counties|countries|islands)(?:,?\s+(?:such as|including|like|of))?\s*[:(]?\s*$/u;

/** What a kind of list makes its items, and how its items are read. */
interface ListKind {
  /** The kind in the plural before a list. */
  plural: RegExp;
  /** The kind in the singular before one item, joined from a layer's pieces. */
  singular?: RegExp;
  entityType: string;
  source: string;
  /** Titles: an article before, small words and a subtitle inside, a year in brackets after. */
  titles: boolean;
}
const WORKS: ListKind = { plural: WORK_LIST_BEFORE, singular: WORK_BEFORE, entityType: 'MISC', source: 'rules:work-list', titles: true };
const PLACES: ListKind = { plural: PLACE_LIST_BEFORE, entityType: 'LOC', source: 'rules:place-list', titles: false };

/** Between two items: ", ", " and ", ", and ", " or ". */
const ITEM_SEPARATOR = /^(?:,|,?\s+and|,?\s+or)\s+$/u;
/** An article a layer left out of a title ("The" of "The Craft"). */
const ARTICLE_BEFORE = /(?:^|\s)(?:The|A|An) $/u;
/**
 * Inside one title, between the mentions a layer cut it into: spaces, a subtitle's colon, an
 * ellipsis, and up to three small lower-case words ("Tales from the Crypt", "Married... with Children"), on one line.
 */
const INSIDE_TITLE = /^(?:\.{3}|…|:| [–-])? +(?:(?:a|an|the|of|from|with|in|on|to|for|at|by|is|it|my|me|you|your|his|her|its|our|their|we) +){0,3}$/u;
/** Spaces alone between two pieces of one item (not a line break: a span crosses none). */
const SPACES = /^ +$/u;
const CAPITAL_FIRST = /^\p{Lu}/u;
const TITLE_START = /^[\p{Lu}\p{N}]/u;
/** A work's year in brackets after it: "Threesome (1994)". */
const YEAR_AFTER = /^\s?\((?:1[89]|20)\d\d\)$/u;
/** A list of one title is no list: the rule needs two. */
const MIN_ITEMS = 2;

/**
 * `mentions`: sorted, non-overlapping (after the type revision); `raw`: every layer's mentions (where
 * the place lists found places). Returns `mentions` with each item of a list of works one MISC mention,
 * and each item of a list of places one LOC mention. A list holding a mention a user asked for is left
 * as it is.
 */
export function typeKindLists(text: string, mentions: readonly DetectedMention[], raw: readonly DetectedMention[] = []): DetectedMention[] {
  // Extents a place list found: no title goes on over small words into one ("Bad Dreams in Paris").
  const places = new Set(raw.filter((r) => r.entityType === 'LOC' && r.source.startsWith('gazetteers:')).map((r) => `${r.start}:${r.end}`));
  const reader: ListReader = {
    text,
    mentions,
    joins: (k, kind) => {
      const next = mentions[k + 1];
      if (!next) return false;
      const between = text.slice(mentions[k].end, next.start);
      if (SPACES.test(between)) return true;
      if (!kind.titles || !INSIDE_TITLE.test(between)) return false;
      // Over small words, a title goes on with a capitalized word ("Tales from the Crypt"), not a date ("in 1813") nor a known place.
      return CAPITAL_FIRST.test(text.charAt(next.start)) && next.entityType !== 'DATETIME' && !(next.entityType === 'LOC' && (next.subtype !== undefined || next.source.startsWith('gazetteers:') || places.has(`${next.start}:${next.end}`)));
    },
  };
  const out: DetectedMention[] = [];
  // Where in `out` the items of lists of works are.
  let works: Set<number> | undefined;
  for (let i = 0; i < mentions.length; ) {
    const found = listAt(reader, i, WORKS) ?? listAt(reader, i, PLACES);
    const items = found?.items ?? [];
    if (!found || items.length === 0 || (items.length < MIN_ITEMS && items[0].first === items[0].last) || items.some((item) => mentions.slice(item.first, item.last + 1).some((m) => m.required))) {
      out.push(mentions[i]);
      i++;
      continue;
    }
    for (const item of items) {
      out.push(asItem(reader, found.kind, item, out.at(-1)?.end ?? 0));
      if (found.kind === WORKS) (works ??= new Set()).add(out.length - 1);
      if (item.year !== undefined) out.push(mentions[item.year]);
    }
    const end = items[items.length - 1];
    i = (end.year ?? end.last) + 1;
  }
  return works ? withWorkTitlesRepeated(text, out, works) : out;
}

/**
 * The same title elsewhere in the text is the same work (one sense per discourse): "Of the three, Way
 * Down East, produced in 1898" after the list that named it. Not a place or a nationality a list has.
 */
function withWorkTitlesRepeated(text: string, mentions: DetectedMention[], works: ReadonlySet<number>): DetectedMention[] {
  const titles = new Set([...works].map((k) => text.slice(mentions[k].start, mentions[k].end)));
  return mentions.map((m, k) => {
    if (works.has(k) || m.required || !REPEATED_WORK_TYPES.has(m.entityType) || m.source.startsWith('gazetteers:') || !titles.has(text.slice(m.start, m.end))) return m;
    const { subtype: _subtype, ...rest } = m;
    return { ...rest, entityType: 'MISC' };
  });
}

const REPEATED_WORK_TYPES: ReadonlySet<string> = new Set(['PERSON', 'ORG', 'LOC']);

/** The text, its mentions, and whether mention `k + 1` goes on the item of mention `k`. */
interface ListReader {
  text: string;
  mentions: readonly DetectedMention[];
  joins: (k: number, kind: ListKind) => boolean;
}

/**
 * One item of a list: its first and last mention, the mention of a work's year in brackets after it, and
 * where it ends when its title goes on past its last mention in lower case.
 */
interface ListItem {
  first: number;
  last: number;
  year?: number;
  end?: number;
}

/** Lower-case words after a title's last mention, then the comma before the next item (not "and", "or"). */
const TITLE_REST_BEFORE_COMMA = /^((?: (?!and |or )[\p{Ll}\p{M}'’-]+){1,4}),\s+$/u;

/**
 * The list of `kind` that starts at mention `i`, or undefined. The list goes on over ", " and ends with
 * the item after "and" or "or" ("X, Y and Z"), or where no separator follows an item.
 */
function listAt(reader: ListReader, i: number, kind: ListKind): { kind: ListKind; items: ListItem[] } | undefined {
  const { text, mentions } = reader;
  // A title or a place opens with a capital or a figure ("2001: A Space Odyssey"), not "singer" of "opera singer".
  if (!TITLE_START.test(text.charAt(mentions[i].start))) return undefined;
  const start = kind.titles ? articleStart(text, mentions[i].start, i > 0 ? mentions[i - 1].end : 0) : mentions[i].start;
  const before = text.slice(Math.max(0, start - 80), start);
  if (!kind.plural.test(before)) return kind.singular?.test(before) ? { kind, items: titleAt(reader, i, kind) } : undefined;
  // A list of places takes over names a layer mistyped; a date or a figure ends it.
  const fits = (item: ListItem): boolean => kind.titles || mentions.slice(item.first, item.last + 1).every((m) => NAME_ENTITY_TYPES.has(m.entityType));
  const itemAt = (first: number): ListItem => {
    let last = first;
    while (reader.joins(last, kind)) last++;
    return { first, last };
  };
  const items: ListItem[] = [];
  for (let first = i; ; ) {
    const item = itemAt(first);
    if (!fits(item)) break;
    let tail = item.last;
    const year = mentions[item.last + 1];
    if (kind.titles && year && year.entityType === 'DATETIME' && YEAR_AFTER.test(text.slice(mentions[item.last].end, year.end + 1))) tail = item.year = item.last + 1;
    items.push(item);
    const next = tail + 1;
    if (next >= mentions.length) break;
    const tailEnd = item.year === undefined ? mentions[tail].end : mentions[tail].end + 1;
    const between = text.slice(tailEnd, kind.titles ? articleStart(text, mentions[next].start, tailEnd) : mentions[next].start);
    // A title in sentence case goes on in lower case to the comma before the next item ("Sans plus attendre, À Tâtons").
    const rest = kind.titles && item.year === undefined && !ITEM_SEPARATOR.test(between) ? TITLE_REST_BEFORE_COMMA.exec(between) : null;
    if (rest) item.end = tailEnd + rest[1].length;
    else if (!ITEM_SEPARATOR.test(between)) break;
    first = next;
    // "X, Y and Z": the item after "and" is the last.
    if (/\s(?:and|or)\s+$/u.test(between)) {
      const lastItem = itemAt(first);
      if (fits(lastItem)) items.push(lastItem);
      break;
    }
  }
  return { kind, items };
}

/**
 * One title after its kind in the singular, as an item when a layer cut it into pieces ("Man" + "High
 * Castle"); a whole mention is left to the type revision, which reads the kind before it too.
 */
function titleAt(reader: ListReader, i: number, kind: ListKind): ListItem[] {
  let last = i;
  while (reader.joins(last, kind)) last++;
  return last > i ? [{ first: i, last }] : [];
}

/** Where a title starts: at its mention, or at an article right before it that no mention holds. */
function articleStart(text: string, start: number, floor: number): number {
  const article = ARTICLE_BEFORE.exec(text.slice(Math.max(floor, start - 4), start));
  return article ? start - article[0].trimStart().length : start;
}

/** An item's mentions as one of the list's type, a title from the article before its first mention. */
function asItem(reader: ListReader, kind: ListKind, item: ListItem, floor: number): DetectedMention {
  const { text, mentions } = reader;
  const parts = mentions.slice(item.first, item.last + 1);
  const head = parts[0];
  // One mention of the list's type already: kept as the layers gave it (a place list's subtype).
  if (parts.length === 1 && item.end === undefined && head.entityType === kind.entityType && (!kind.titles || articleStart(text, head.start, floor) === head.start)) return head;
  return {
    start: kind.titles ? articleStart(text, head.start, floor) : head.start,
    end: item.end ?? parts[parts.length - 1].end,
    entityType: kind.entityType,
    confidence: Math.min(...parts.map((m) => m.confidence)),
    source: parts.length === 1 && head.entityType === kind.entityType ? head.source : kind.source,
  };
}
