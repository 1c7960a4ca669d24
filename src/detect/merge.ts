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
  const priority = options.typePriority ?? DEFAULT_TYPE_PRIORITY;
  const rankOfType = (t: string): number => {
    const i = priority.indexOf(t);
    return i < 0 ? priority.length : i;
  };
  const compareBy: Record<MergeCriterion, (a: DetectedMention, b: DetectedMention) => number> = {
    length: (a, b) => b.end - b.start - (a.end - a.start),
    typePriority: (a, b) => rankOfType(a.entityType) - rankOfType(b.entityType),
    confidence: (a, b) => b.confidence - a.confidence,
  };
  const candidates = mentions.filter((m) => m.end > m.start && m.confidence >= (options.minConfidence ?? 0));
  // Stable final tie-break on position so the result never depends on layer order.
  candidates.sort((a, b) => {
    for (const criterion of order) {
      const c = compareBy[criterion](a, b);
      if (c !== 0) return c;
    }
    return a.start - b.start || a.end - b.end || a.source.localeCompare(b.source);
  });
  const accepted: DetectedMention[] = [];
  for (const candidate of candidates) {
    if (!overlapsAny(accepted, candidate)) insertSorted(accepted, candidate);
  }
  return accepted;
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
