import type { CandidateSpan, Document } from './types.ts';

/**
 * The gold mentions of one annotator (default: the first) as candidate spans, in text order.
 * Masked-spans documents carry no NO_MASK spans, so every span there is labelled MASK.
 */
export function goldCandidates(doc: Document, annotator?: string): CandidateSpan[] {
  const annotation = annotator === undefined ? doc.annotations[0] : doc.annotations.find((a) => a.annotator === annotator);
  if (!annotation) return [];
  return annotation.mentions
    .map((m): CandidateSpan => ({
      start: m.start,
      end: m.end,
      entityId: m.entityId,
      entityType: m.entityType,
      mentionId: m.mentionId,
      identifierType: m.identifierType,
      label: m.identifierType === 'NO_MASK' ? 'NO_MASK' : 'MASK',
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
