/**
 * Token-level detection metrics (paper Table 3): precision, recall and F1 over `\w+` word units per
 * semantic type, and micro-averaged with and without label match.
 */
import type { Document, Span } from '../corpus/index.ts';
import { wordUnits } from './units.ts';

export interface TypedSpan extends Span {
  entityType: string;
}

export interface DetectionCounts {
  truePositives: number;
  predicted: number;
  gold: number;
}

export interface PrecisionRecallF1 extends DetectionCounts {
  /** null when nothing was predicted (or nothing was gold, for recall). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface DetectionMetrics {
  byType: Record<string, PrecisionRecallF1>;
  /** A unit counts as found only when the predicted type is one of its gold types. */
  microWithLabel: PrecisionRecallF1;
  /** PII vs non-PII: any predicted type counts. */
  microWithoutLabel: PrecisionRecallF1;
  documents: number;
}

export interface DetectionDocument {
  text: string;
  gold: readonly TypedSpan[];
  predicted: readonly TypedSpan[];
}

/** Word unit key → the types of the spans that cover it. */
function unitTypes(text: string, spans: readonly TypedSpan[]): Map<string, Set<string>> {
  const units = new Map<string, Set<string>>();
  for (const span of spans) {
    for (const unit of wordUnits(text, span)) {
      const key = `${unit.start}:${unit.end}`;
      let types = units.get(key);
      if (!types) units.set(key, (types = new Set()));
      types.add(span.entityType);
    }
  }
  return units;
}

export function prf(counts: DetectionCounts): PrecisionRecallF1 {
  const precision = counts.predicted === 0 ? null : counts.truePositives / counts.predicted;
  const recall = counts.gold === 0 ? null : counts.truePositives / counts.gold;
  let f1: number | null = null;
  if (precision !== null && recall !== null) f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

function add(target: Map<string, DetectionCounts>, type: string, field: keyof DetectionCounts): void {
  let c = target.get(type);
  if (!c) target.set(type, (c = { truePositives: 0, predicted: 0, gold: 0 }));
  c[field]++;
}

export function detectionMetrics(documents: readonly DetectionDocument[]): DetectionMetrics {
  const perType = new Map<string, DetectionCounts>();
  const unlabeled: DetectionCounts = { truePositives: 0, predicted: 0, gold: 0 };
  for (const doc of documents) {
    const gold = unitTypes(doc.text, doc.gold);
    const predicted = unitTypes(doc.text, doc.predicted);
    for (const [key, types] of gold) {
      unlabeled.gold++;
      if (predicted.has(key)) unlabeled.truePositives++;
      for (const t of types) {
        add(perType, t, 'gold');
        if (predicted.get(key)?.has(t)) add(perType, t, 'truePositives');
      }
    }
    for (const types of predicted.values()) {
      unlabeled.predicted++;
      for (const t of types) add(perType, t, 'predicted');
    }
  }
  const labeled: DetectionCounts = { truePositives: 0, predicted: 0, gold: 0 };
  const byType: Record<string, PrecisionRecallF1> = {};
  for (const [type, counts] of [...perType].sort(([a], [b]) => a.localeCompare(b))) {
    byType[type] = prf(counts);
    labeled.truePositives += counts.truePositives;
    labeled.predicted += counts.predicted;
    labeled.gold += counts.gold;
  }
  return { byType, microWithLabel: prf(labeled), microWithoutLabel: prf(unlabeled), documents: documents.length };
}

/**
 * Gold for detection: every mention of one annotator (default the first), whatever its identifier
 * type — the paper scores detection against all annotated mentions, masked or not.
 */
export function goldDetectionSpans(doc: Document, annotator?: string): TypedSpan[] {
  const annotation = annotator === undefined ? doc.annotations[0] : doc.annotations.find((a) => a.annotator === annotator);
  return (annotation?.mentions ?? []).map((m) => ({ start: m.start, end: m.end, entityType: m.entityType }));
}
