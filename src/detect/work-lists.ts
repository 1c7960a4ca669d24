/**
 * Lists of works after their kind in the plural, as biographies give a filmography or a discography:
 * "the films Bad Dreams, Threesome, The Craft, Dick, Nancy Drew, Hamlet 2", "the television series
 * MacGyver, Married... with Children, Tales from the Crypt", "his last five albums (Silver Age, Beauty
 * & Ruin, Patch the Sky)". The layers see each title without the list: a person ("Nancy Drew"), a
 * place ("Roseanne", "Melrose Place"), a number ("Threesome"), or fragments ("The" + "Craft",
 * "Tales" + "Crypt"). Every item of such a list is a work (MISC), one mention per item.
 */
import type { DetectedMention } from './types.ts';

/**
 * A kind of work in the plural (or "series", its own plural) right before the list, with an optional
 * "such as", colon or bracket: "the films", "TV series", "albums (", "songs such as". Not verbs that
 * share the spelling ("plays", "records", "shows", "works").
 */
const WORK_LIST_BEFORE =
  /\b(?:albums|songs|singles|EPs|films|movies|dramas|documentaries|series|books|novels|novellas|poems|sitcoms|musicals|tracks|operas|cartoons|programs|programmes|telenovelas)(?:,?\s+(?:such as|including|like|as))?\s*[:(]?\s*$/u;
/**
 * The same kinds in the singular, before one title: "his 1962 novel The Man in the High Castle" (a
 * layer's "Man" + "High Castle"). Not "record" nor "play", verbs too.
 */
const WORK_BEFORE = /\b(?:album|song|single|EP|film|movie|documentary|novel|novella|book|poem|sitcom|musical|opera|telenovela)\s*$/u;
/** Between two items: ", ", " and ", ", and ", " or ". */
const ITEM_SEPARATOR = /^(?:,|,?\s+and|,?\s+or)\s+$/u;
/** An article a layer left out of a title ("The" of "The Craft"). */
const ARTICLE_BEFORE = /(?:^|\s)(?:The|A|An)\s$/u;
/**
 * Inside one title, between the mentions a layer cut it into: spaces, a subtitle's colon, an
 * ellipsis, and up to three small lower-case words ("Tales from the Crypt", "Married... with Children").
 */
const INSIDE_TITLE = /^(?:\.{3}|…|:|\s[–-])?\s+(?:(?:a|an|the|of|from|with|in|on|to|for|at|by|is|it|my|me|you|your|his|her|its|our|their|we)\s+){0,3}$/u;
const CAPITAL_FIRST = /^\p{Lu}/u;
const TITLE_START = /^[\p{Lu}\p{N}]/u;
/** A work's year in brackets after it: "Threesome (1994)". */
const YEAR_AFTER = /^\s?\((?:1[89]|20)\d\d\)$/u;
/** A list of one title is no list: the rule needs two. */
const MIN_ITEMS = 2;

/**
 * `mentions`: sorted, non-overlapping (after the type revision); `raw`: every layer's mentions (where
 * the place lists found places). Returns `mentions` with each item of a list of works one MISC mention.
 * A list holding a mention a user asked for is left as it is.
 */
export function typeWorkLists(text: string, mentions: readonly DetectedMention[], raw: readonly DetectedMention[] = []): DetectedMention[] {
  // Extents a place list found: no title goes on over small words into one ("Bad Dreams in Paris").
  const places = new Set(raw.filter((r) => r.entityType === 'LOC' && r.source.startsWith('gazetteers:')).map((r) => `${r.start}:${r.end}`));
  const joinsTitle = (k: number): boolean => {
    const next = mentions[k + 1];
    if (!next) return false;
    const between = text.slice(mentions[k].end, next.start);
    if (!INSIDE_TITLE.test(between)) return false;
    if (/^\s+$/u.test(between)) return true;
    // Over small words, a title goes on with a capitalized word ("Tales from the Crypt"), not a date ("in 1813") nor a known place.
    return CAPITAL_FIRST.test(text.charAt(next.start)) && next.entityType !== 'DATETIME' && !(next.entityType === 'LOC' && (next.subtype !== undefined || next.source.startsWith('gazetteers:') || places.has(`${next.start}:${next.end}`)));
  };
  const out: DetectedMention[] = [];
  for (let i = 0; i < mentions.length; ) {
    const items = listAt(text, mentions, i, joinsTitle);
    if (items.length === 0 || (items.length < MIN_ITEMS && items[0].first === items[0].last) || items.some((item) => mentions.slice(item.first, item.last + 1).some((m) => m.required))) {
      out.push(mentions[i]);
      i++;
      continue;
    }
    for (const item of items) {
      out.push(asWork(text, mentions, item.first, item.last, out.at(-1)?.end ?? 0));
      if (item.year !== undefined) out.push(mentions[item.year]);
    }
    const end = items[items.length - 1];
    i = (end.year ?? end.last) + 1;
  }
  return out;
}

/** One title of a list: its first and last mention, and the mention of its year in brackets after it. */
interface ListItem {
  first: number;
  last: number;
  year?: number;
}

/**
 * The items of a list of works that starts at mention `i`, or none. The list goes on over ", " and
 * ends with the item after "and" or "or" ("X, Y and Z"), or where no separator follows an item.
 */
function listAt(text: string, mentions: readonly DetectedMention[], i: number, joinsTitle: (k: number) => boolean): ListItem[] {
  // A title opens with a capital or a figure ("2001: A Space Odyssey"), not "singer" of "opera singer".
  if (!TITLE_START.test(text.charAt(mentions[i].start))) return [];
  const start = articleStart(text, mentions[i].start, i > 0 ? mentions[i - 1].end : 0);
  const before = text.slice(Math.max(0, start - 40), start);
  if (!WORK_LIST_BEFORE.test(before)) return WORK_BEFORE.test(before) ? titleAt(i, joinsTitle) : [];
  const items: ListItem[] = [];
  let first = i;
  for (;;) {
    let last = first;
    while (joinsTitle(last)) last++;
    const item: ListItem = { first, last };
    let tail = last;
    const year = mentions[last + 1];
    if (year && year.entityType === 'DATETIME' && YEAR_AFTER.test(text.slice(mentions[last].end, year.end + 1))) tail = item.year = last + 1;
    items.push(item);
    const next = tail + 1;
    if (next >= mentions.length) break;
    const tailEnd = item.year === undefined ? mentions[tail].end : mentions[tail].end + 1;
    const between = text.slice(tailEnd, articleStart(text, mentions[next].start, tailEnd));
    if (!ITEM_SEPARATOR.test(between)) break;
    first = next;
    // "X, Y and Z": the item after "and" is the last.
    if (/\s(?:and|or)\s+$/u.test(between)) {
      let end = first;
      while (joinsTitle(end)) end++;
      items.push({ first, last: end });
      break;
    }
  }
  return items;
}

/**
 * One title after its kind in the singular, as an item when a layer cut it into pieces ("Man" + "High
 * Castle"); a whole mention is left to the type revision, which reads the kind before it too.
 */
function titleAt(i: number, joinsTitle: (k: number) => boolean): ListItem[] {
  let last = i;
  while (joinsTitle(last)) last++;
  return last > i ? [{ first: i, last }] : [];
}

/** Where a title starts: at its mention, or at an article right before it that no mention holds. */
function articleStart(text: string, start: number, floor: number): number {
  const article = ARTICLE_BEFORE.exec(text.slice(Math.max(floor, start - 4), start));
  return article ? start - article[0].trimStart().length : start;
}

/** Mentions `first`..`last` as one work, from the article before the first to the end of the last. */
function asWork(text: string, mentions: readonly DetectedMention[], first: number, last: number, floor: number): DetectedMention {
  const parts = mentions.slice(first, last + 1);
  const head = parts[0];
  return {
    start: articleStart(text, head.start, floor),
    end: parts[parts.length - 1].end,
    entityType: 'MISC',
    confidence: Math.min(...parts.map((m) => m.confidence)),
    source: parts.length === 1 && head.entityType === 'MISC' ? head.source : 'rules:work-list',
  };
}
