/**
 * The risk-indicator contract (scikit-learn's fit/predict habit): `fit` on training documents,
 * `score` spans of a document (higher = riskier), `decide` MASK (true) / NO_MASK (false).
 */
import type { CandidateSpan, Document } from '../corpus/index.ts';

/** A document with the spans an indicator must judge (gold or detected). */
export interface SpanDocument {
  doc: Document;
  spans: CandidateSpan[];
}

export interface RiskIndicator {
  /** Registry name, e.g. "llm-probability", "web-search". */
  readonly name: string;
  /** Learns from documents whose spans carry gold labels. Indicators without training do nothing. */
  fit(train: readonly SpanDocument[]): Promise<void>;
  /** One risk score per span, in order. */
  score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]>;
  /** MASK decisions from scores; `threshold` defaults to the indicator's own (fitted or configured). */
  decide(risks: readonly number[], threshold?: number): boolean[];
  /** JSON-serializable state (trained model, threshold) for saving and reloading. */
  toJSON?(): unknown;
}

/** Builds an indicator from its (config) options; registered by name in the indicator registry. */
export type RiskIndicatorFactory = (options: Record<string, unknown>) => RiskIndicator | Promise<RiskIndicator>;
