/** Gold entities per annotator, with the reference scorer's first-mention rules. */
import type { Document, GoldMention, Span } from '../corpus/index.ts';

export interface GoldEntity {
  entityId: string;
  annotator: string;
  /** Mentions in file order. */
  mentions: GoldMention[];
  /** Per mention: DIRECT or QUASI (masked-spans data: always true). */
  maskMention: boolean[];
  needMasking: boolean;
  /** From the FIRST mention only (reference behaviour). */
  isDirect: boolean;
  /** From the FIRST mention only (reference behaviour). */
  entityType: string;
}

const maskable = (m: GoldMention): boolean => m.identifierType === undefined || m.identifierType !== 'NO_MASK';

export function goldEntities(doc: Document): GoldEntity[] {
  const entities: GoldEntity[] = [];
  for (const annotation of doc.annotations) {
    const byId = new Map<string, GoldEntity>();
    for (const m of annotation.mentions) {
      let entity = byId.get(m.entityId);
      if (!entity) {
        entity = {
          entityId: m.entityId,
          annotator: annotation.annotator,
          mentions: [],
          maskMention: [],
          needMasking: false,
          isDirect: m.identifierType === 'DIRECT',
          entityType: m.entityType,
        };
        byId.set(m.entityId, entity);
        entities.push(entity);
      }
      entity.mentions.push(m);
      entity.maskMention.push(maskable(m));
      entity.needMasking ||= maskable(m);
    }
  }
  return entities;
}

/** Entities counted by recall: need masking, and of the selected identifier kinds. */
export function entitiesToMask(entities: readonly GoldEntity[], direct: boolean, quasi: boolean): GoldEntity[] {
  return entities.filter((e) => e.needMasking && (e.isDirect ? direct : quasi));
}

/**
 * Answers "which annotators have a masked gold mention containing this unit?" in O(log n):
 * per annotator, mentions sorted by start with a running maximum of their ends.
 */
export class AnnotatorIndex {
  private readonly byAnnotator = new Map<string, { starts: number[]; maxEnds: number[] }>();
  /** Annotators with at least one entity of any identifier type (the spec's n_d). */
  readonly annotatorCount: number;

  constructor(entities: readonly GoldEntity[]) {
    const spans = new Map<string, Span[]>();
    for (const e of entities) {
      if (!spans.has(e.annotator)) spans.set(e.annotator, []);
      if (!e.needMasking) continue;
      e.mentions.forEach((m, i) => e.maskMention[i] && spans.get(e.annotator)!.push(m));
    }
    this.annotatorCount = spans.size;
    for (const [annotator, list] of spans) {
      list.sort((a, b) => a.start - b.start);
      const maxEnds: number[] = [];
      let reach = -1;
      for (const s of list) maxEnds.push((reach = Math.max(reach, s.end)));
      this.byAnnotator.set(annotator, { starts: list.map((s) => s.start), maxEnds });
    }
  }

  /** Number of annotators whose masked mentions contain the unit; empty units match none. */
  containing(unit: Span): number {
    if (unit.end <= unit.start) return 0;
    let count = 0;
    for (const { starts, maxEnds } of this.byAnnotator.values()) {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= unit.start) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && maxEnds[lo - 1] >= unit.end) count++;
    }
    return count;
  }
}
