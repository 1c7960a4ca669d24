/**
 * One overlap policy for all layers: candidates are ranked, then accepted greedily unless they
 * overlap an accepted one. Default rank: longest span, then type priority, then confidence (the
 * silver-corpus rule of the paper: keep "Bachelor in Computer Science", not its parts).
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
}

/**
 * Validated identifiers first; LOC and DEM before ORG and PERSON because the gazetteers that find
 * them are more specific than the capitalized-word cues that also propose ORG/PERSON.
 */
export const DEFAULT_TYPE_PRIORITY: readonly string[] = ['CODE', 'DATETIME', 'QUANTITY', 'LOC', 'DEM', 'ORG', 'PERSON', 'MISC'];
export const DEFAULT_MERGE_ORDER: readonly MergeCriterion[] = ['length', 'typePriority', 'confidence'];

export function mergeMentions(mentions: readonly DetectedMention[], options: MergeOptions = {}): DetectedMention[] {
  const order = options.order ?? DEFAULT_MERGE_ORDER;
  const rankOfType = typeRanker(options.typePriority ?? DEFAULT_TYPE_PRIORITY);
  const minConfidence = options.minConfidence ?? 0;
  // Sort keys computed once per mention rather than once per comparison.
  const candidates = mentions
    .filter((m) => m.end > m.start && m.confidence >= minConfidence)
    .map((m) => ({ m, length: m.end - m.start, rank: rankOfType(m.entityType) }));
  const compareBy: Record<MergeCriterion, (a: Ranked, b: Ranked) => number> = {
    length: (a, b) => b.length - a.length,
    typePriority: (a, b) => a.rank - b.rank,
    confidence: (a, b) => b.m.confidence - a.m.confidence,
  };
  const comparators = order.map((criterion) => compareBy[criterion]);
  // Stable final tie-break on position so the result never depends on layer order.
  candidates.sort((a, b) => {
    for (const compare of comparators) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return a.m.start - b.m.start || a.m.end - b.m.end || a.m.source.localeCompare(b.m.source);
  });
  const accepted: DetectedMention[] = [];
  for (const { m } of candidates) {
    if (!overlapsAny(accepted, m)) insertSorted(accepted, m);
  }
  return accepted;
}

interface Ranked {
  m: DetectedMention;
  length: number;
  rank: number;
}

/** Position of a type in the priority list; unlisted types come last. */
function typeRanker(priority: readonly string[]): (type: string) => number {
  return (type) => {
    const i = priority.indexOf(type);
    return i < 0 ? priority.length : i;
  };
}

/** `sorted` holds non-overlapping spans by start; binary search for the neighbours of `span`. */
function overlapsAny(sorted: readonly DetectedMention[], span: DetectedMention): boolean {
  const i = lowerBound(sorted, span.start);
  if (i < sorted.length && sorted[i].start < span.end) return true;
  return i > 0 && sorted[i - 1].end > span.start;
}

function insertSorted(sorted: DetectedMention[], span: DetectedMention): void {
  sorted.splice(lowerBound(sorted, span.start), 0, span);
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
