/**
 * One overlap policy for all layers. Candidates are ranked (default: longest span, then type
 * priority, then confidence — the silver-corpus rule of the paper: keep "Bachelor in Computer
 * Science", not its parts) and accepted greedily. A candidate whose every character is already
 * covered is dropped. One that overlaps accepted mentions only partly is never dropped: that would
 * leave visible characters a layer wanted masked (an e-mail cut by an over-long PERSON span). The
 * stronger of the two (type priority, then confidence) keeps its full extent and the weaker keeps
 * the part outside it; a leftover piece with no letter or digit joins the stronger mention instead,
 * and whitespace and list punctuation (, ; :) at the edge where a piece was cut are left out of it. A
 * validated code (`wholeTypes`) nested in a longer mention of another type is kept the same way. So
 * every character of every input mention, but for those edges, is covered by exactly one output mention.
 */
import type { DetectedMention } from './types.ts';

export type MergeCriterion = 'length' | 'typePriority' | 'confidence';

export interface MergeOptions {
  /** Tie-break order (default length, typePriority, confidence). */
  order?: readonly MergeCriterion[];
  /** Types earlier in the list win (default DEFAULT_TYPE_PRIORITY); unlisted types come last. */
  typePriority?: readonly string[];
  /** Mentions below this confidence are dropped before merging (default 0). */
  minConfidence?: number;
  /**
   * Mentions of these types at or above `wholeConfidence` keep their full extent and type even inside
   * a longer mention of another type, which is cut around them (default: CODE at 0.95 or more — the
   * checksum- or syntax-validated e-mail, URL, IP, IBAN and card rules).
   */
  wholeTypes?: readonly string[];
  wholeConfidence?: number;
}

/**
 * Validated identifiers first; LOC and DEM before ORG and PERSON because the gazetteers that find
 * them are more specific than the capitalized-word cues that also propose ORG/PERSON.
 */
export const DEFAULT_TYPE_PRIORITY: readonly string[] = ['CODE', 'DATETIME', 'QUANTITY', 'LOC', 'DEM', 'ORG', 'PERSON', 'MISC'];
export const DEFAULT_MERGE_ORDER: readonly MergeCriterion[] = ['length', 'typePriority', 'confidence'];

/**
 * `text` (the document the mentions are in) lets a leftover piece with no letter or digit join the
 * mention that cut it; without it every leftover piece stays a mention of its own.
 */
export function mergeMentions(mentions: readonly DetectedMention[], options: MergeOptions = {}, text?: string): DetectedMention[] {
  const order = options.order ?? DEFAULT_MERGE_ORDER;
  const ranks = typeRanks(options.typePriority ?? DEFAULT_TYPE_PRIORITY);
  const minConfidence = options.minConfidence ?? 0;
  // Sort keys computed once per mention rather than once per comparison.
  const candidates: Ranked[] = [];
  for (const m of mentions) {
    if (m.end > m.start && m.confidence >= minConfidence) candidates.push({ m, length: m.end - m.start, rank: ranks.of(m.entityType) });
  }
  // The default order has its own comparator: no list of criteria walked per comparison.
  if (isDefaultOrder(order)) sortStable(candidates, compareDefault);
  else candidates.sort(comparatorFor(order));
  const wholeTypes = options.wholeTypes ?? DEFAULT_WHOLE_TYPES;
  const wholeConfidence = options.wholeConfidence ?? 0.95;
  const accepted: DetectedMention[] = [];
  for (const { m } of candidates) {
    // [first, last): the accepted mentions (sorted, non-overlapping) that overlap m.
    let first = lowerBound(accepted, m.start);
    if (first > 0 && accepted[first - 1].end > m.start) first--;
    let last = first;
    while (last < accepted.length && accepted[last].start < m.end) last++;
    if (first === last) {
      insertAt(accepted, first, m);
      continue;
    }
    const overlapped = accepted.slice(first, last);
    // Covered: dropped, unless it is a validated code inside a mention of another type, or a
    // mention a user asked for inside one they did not (whatever its type: the longer one may yet go).
    const keptInside = m.required ? overlapped.some((a) => !a.required) : keptWhole(m, wholeTypes, wholeConfidence) && overlapped.some((a) => a.entityType !== m.entityType && !keptWhole(a, wholeTypes, wholeConfidence) && strongerThan(m, a, ranks));
    if (covers(overlapped, m) && !keptInside) continue;
    accepted.splice(first, last - first, ...settlePartialOverlap(m, overlapped, ranks, text));
  }
  return accepted;
}

const DEFAULT_WHOLE_TYPES: readonly string[] = ['CODE'];

/** A validated code (by `wholeTypes` and `wholeConfidence`) that keeps its extent inside a longer mention. */
function keptWhole(a: DetectedMention, wholeTypes: readonly string[], wholeConfidence: number): boolean {
  return a.confidence >= wholeConfidence && wholeTypes.includes(a.entityType);
}

/**
 * Partial overlaps are settled by type and confidence, not length: a short validated code beats a
 * long guessed name that runs into it. On a tie the mention accepted earlier (ranked higher) wins.
 * A mention a user asked for (`required`) beats every other.
 */
function strongerThan(a: DetectedMention, b: DetectedMention, ranks: TypeRanks): boolean {
  if ((a.required === true) !== (b.required === true)) return a.required === true;
  const byType = ranks.of(a.entityType) - ranks.of(b.entityType);
  return byType < 0 || (byType === 0 && a.confidence > b.confidence);
}

interface Ranked {
  m: DetectedMention;
  length: number;
  rank: number;
}

/** Stable final tie-break on position, source and type, so the result never depends on layer order. */
function compareTies(a: Ranked, b: Ranked): number {
  return (
    a.m.start - b.m.start ||
    a.m.end - b.m.end ||
    a.m.source.localeCompare(b.m.source) ||
    a.m.entityType.localeCompare(b.m.entityType) ||
    b.m.confidence - a.m.confidence
  );
}

/** Longest first, then type priority, then confidence (DEFAULT_MERGE_ORDER), then the ties. */
function compareDefault(a: Ranked, b: Ranked): number {
  return b.length - a.length || a.rank - b.rank || b.m.confidence - a.m.confidence || compareTies(a, b);
}

/**
 * A stable sort, as Array.prototype.sort gives: insertion sort of short runs, then merges. Written
 * out so that the comparator (one per call site) is inlined; the built-in sort called it across the
 * boundary into JavaScript for every comparison, which was most of the merge's time on a biography.
 */
export function sortStable<T>(items: T[], compare: (a: T, b: T) => number): void {
  const n = items.length;
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const item = items[i];
      let j = i - 1;
      while (j >= lo && compare(items[j], item) > 0) {
        items[j + 1] = items[j];
        j--;
      }
      items[j + 1] = item;
    }
  }
  if (n <= RUN) return;
  let from = items;
  let to: T[] = new Array<T>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // On a tie the left run's item comes first: stable.
      while (i < mid && j < hi) to[k++] = compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let k = 0; k < n; k++) items[k] = from[k];
}

const BY_CRITERION: Record<MergeCriterion, (a: Ranked, b: Ranked) => number> = {
  length: (a, b) => b.length - a.length,
  typePriority: (a, b) => a.rank - b.rank,
  confidence: (a, b) => b.m.confidence - a.m.confidence,
};

function isDefaultOrder(order: readonly MergeCriterion[]): boolean {
  return order === DEFAULT_MERGE_ORDER || (order.length === 3 && order[0] === 'length' && order[1] === 'typePriority' && order[2] === 'confidence');
}

/** The comparator of a configured order of criteria, then the ties. */
function comparatorFor(order: readonly MergeCriterion[]): (a: Ranked, b: Ranked) => number {
  const comparators = order.map((criterion) => BY_CRITERION[criterion]);
  return (a, b) => {
    for (const compare of comparators) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return compareTies(a, b);
  };
}

interface TypeRanks {
  /** Position of a type in the priority list; unlisted types come last. */
  of(type: string): number;
}

/** The rank lookup of a priority list (a map, not a search per call); the default list's is made once. */
function typeRanks(priority: readonly string[]): TypeRanks {
  if (priority === DEFAULT_TYPE_PRIORITY) return (DEFAULT_RANKS ??= rankTable(priority));
  return rankTable(priority);
}

let DEFAULT_RANKS: TypeRanks | undefined;

function rankTable(priority: readonly string[]): TypeRanks {
  const table = new Map<string, number>();
  priority.forEach((type, i) => {
    if (!table.has(type)) table.set(type, i);
  });
  const unlisted = priority.length;
  return { of: (type) => table.get(type) ?? unlisted };
}

/** Inserts `item` at `index` by moving the later elements up (splice would also build an array of removed ones). */
function insertAt<T>(array: T[], index: number, item: T): void {
  array.push(item);
  for (let i = array.length - 1; i > index; i--) array[i] = array[i - 1];
  array[index] = item;
}

/** Whether the sorted, non-overlapping `spans` leave no character of `span` uncovered. */
function covers(spans: readonly DetectedMention[], span: DetectedMention): boolean {
  let reach = span.start;
  for (const s of spans) {
    if (s.start > reach) return false;
    reach = Math.max(reach, s.end);
  }
  return reach >= span.end;
}

interface Piece {
  owner: DetectedMention;
  start: number;
  end: number;
}

/**
 * A candidate against the accepted mentions it partly overlaps: each character goes to the stronger
 * mention covering it, and what is left to each mention becomes mentions of its type. Returns the
 * replacement for `overlapped`: sorted, non-overlapping, covering every character that `candidate`
 * and `overlapped` covered (with `text`: but whitespace and list punctuation where a piece was cut).
 */
function settlePartialOverlap(
  candidate: DetectedMention,
  overlapped: readonly DetectedMention[],
  ranks: TypeRanks,
  text: string | undefined,
): DetectedMention[] {
  // The boundaries of every mention involved cut the region into segments, each with one owner.
  const cuts = [...new Set([candidate.start, candidate.end, ...overlapped.flatMap((a) => [a.start, a.end])])].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    const old = overlapped.find((a) => a.start <= start && end <= a.end);
    const inCandidate = candidate.start <= start && end <= candidate.end;
    const owner = old && inCandidate ? (strongerThan(candidate, old, ranks) ? candidate : old) : (old ?? (inCandidate ? candidate : undefined));
    if (!owner) continue;
    const previous = pieces.at(-1);
    if (previous && previous.end === start && previous.owner === owner) previous.end = end;
    else pieces.push({ owner, start, end });
  }
  if (text !== undefined) {
    joinFragments(pieces, text);
    trimCutEdges(pieces, text);
  }
  return pieces.map(({ owner, start, end }) => (owner.start === start && owner.end === end ? owner : { ...owner, start, end }));
}

/**
 * A cut-off piece with no letter or digit ("-", ", ") means nothing as a mention of its own: it joins
 * the adjacent piece that cut it (so it stays masked).
 */
function joinFragments(pieces: Piece[], text: string): void {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const cut = piece.start !== piece.owner.start || piece.end !== piece.owner.end;
    if (!cut || /[\p{L}\p{N}]/u.test(text.slice(piece.start, piece.end))) continue;
    const before = i > 0 && pieces[i - 1].end === piece.start ? pieces[i - 1] : undefined;
    const after = i + 1 < pieces.length && pieces[i + 1].start === piece.end ? pieces[i + 1] : undefined;
    const into = before && before.owner !== piece.owner ? before : after && after.owner !== piece.owner ? after : undefined;
    if (!into) continue;
    into.start = Math.min(into.start, piece.start);
    into.end = Math.max(into.end, piece.end);
    pieces.splice(i, 1);
    i--;
  }
}

/** What a cut edge loses: whitespace, and the comma, semicolon or colon that separated the two names. */
const CUT_EDGE = /[\s,;:]/u;
/** "of" after a space at the end of a piece. */
const PERSON_CUT_BEFORE = /\sof$/u;

/**
 * Whitespace where a piece was cut off ("London " of "London NW1 6XE" under a postcode) is no part of
 * the name: left in, the space is masked with it and the replacements run together ("[LOC_2][LOC_3]").
 * Nor is the comma between two names a layer read as one (", Ford" of "1990, Ford" cut by the date
 * "May 1990"): a replacement would swallow it. They stay uncovered; only a side where the piece was cut is trimmed.
 */
function trimCutEdges(pieces: Piece[], text: string): void {
  for (const [i, piece] of pieces.entries()) {
    if (piece.start !== piece.owner.start) while (piece.start < piece.end && CUT_EDGE.test(text[piece.start])) piece.start++;
    if (piece.end !== piece.owner.end) {
      while (piece.end > piece.start && CUT_EDGE.test(text[piece.end - 1])) piece.end--;
      // Nor is the "of" a person's piece kept before the firm or place that cut it ("Mr. Tobias Lund of" of a
      // guess over "Mr. Tobias Lund of Lund & Partners"): no name of a person ends with it. Before a person
      // it may be a title's ("The Exegesis of" before "Philip K. Dick"), which type revision reads later.
      const cutBy = pieces[i + 1]?.owner;
      if (piece.owner.entityType === 'PERSON' && cutBy && cutBy.entityType !== 'PERSON' && PERSON_CUT_BEFORE.test(text.slice(Math.max(piece.start, piece.end - 4), piece.end))) {
        piece.end -= 2;
        while (piece.end > piece.start && CUT_EDGE.test(text[piece.end - 1])) piece.end--;
      }
    }
  }
  for (let i = pieces.length - 1; i >= 0; i--) if (pieces[i].start === pieces[i].end) pieces.splice(i, 1);
}

function lowerBound(sorted: readonly DetectedMention[], start: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
