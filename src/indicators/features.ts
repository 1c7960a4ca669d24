/**
 * Span features of the LLM-probability indicator (paper §5.1) and, with encoder vectors appended,
 * of the span-classification indicator (§5.2): aggregated masked-LM log-probabilities of the
 * span's word-pieces, its number of words and word-pieces, and its PII type one-hot.
 */
import { ENTITY_TYPES, type CandidateSpan, type Document } from '../corpus/index.ts';
import type { MaskedLmEngine, SpanLogProbs, SpanRequest } from '../lm/index.ts';

export const SPAN_FEATURE_NAMES: readonly string[] = [
  'logp_min',
  'logp_max',
  'logp_median',
  'logp_mean',
  'logp_sum',
  'n_words',
  'n_pieces',
  ...ENTITY_TYPES.map((t) => `type_${t}`),
];

/** Requests masking each span together with the other spans of the same entity (coreferent mentions). */
export function coreferentRequests(spans: readonly CandidateSpan[]): SpanRequest[] {
  const byEntity = new Map<string, CandidateSpan[]>();
  for (const span of spans) byEntity.set(span.entityId, [...(byEntity.get(span.entityId) ?? []), span]);
  return spans.map((span) => ({ span, extraMasked: byEntity.get(span.entityId)!.filter((other) => other !== span) }));
}

/** The feature vector of one span, in SPAN_FEATURE_NAMES order. */
export function spanFeatures(text: string, span: CandidateSpan, scored: SpanLogProbs): number[] {
  const logProbs = scored.logProbs;
  const words = text.slice(span.start, span.end).trim().split(/\s+/u).filter((w) => w.length > 0).length;
  const typeIndex = (ENTITY_TYPES as readonly string[]).indexOf(span.entityType);
  return [...aggregate(logProbs), words, logProbs.length, ...ENTITY_TYPES.map((_, i) => (i === typeIndex ? 1 : 0))];
}

/** min, max, median, mean, sum; all 0 for a span that covers no word-piece. */
function aggregate(values: readonly number[]): number[] {
  if (values.length === 0) return [0, 0, 0, 0, 0];
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const sum = values.reduce((a, b) => a + b, 0);
  return [sorted[0], sorted[sorted.length - 1], median, sum / values.length, sum];
}

/** Feature vectors of all spans of many documents, scored in one batched engine call. */
export async function documentSpanFeatures(engine: MaskedLmEngine, items: readonly { doc: Document; spans: readonly CandidateSpan[] }[]): Promise<number[][][]> {
  const scored = await engine.scoreJobs(items.map(({ doc, spans }) => ({ doc, requests: coreferentRequests(spans) })));
  return items.map(({ doc, spans }, i) => spans.map((span, s) => spanFeatures(doc.text, span, scored[i][s])));
}
