/**
 * The risk-indicator contract (scikit-learn's fit/predict habit): `fit` on training documents,
 * `score` spans of a document (higher = riskier), `decide` MASK (true) / NO_MASK (false).
 */
import type { CandidateSpan, Document } from '../corpus/index.ts';
import type { MaskedLmEngine } from '../lm/index.ts';
import type { ModelReference } from '../models/index.ts';

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
  /**
   * Options that rebuild this indicator through its registered factory as it was trained (model
   * references made portable, a shared engine's settings included); default: the options given.
   */
  effectiveOptions?(): Record<string, unknown>;
  /** Puts back the state `toJSON()` saved, into an indicator built from `effectiveOptions()`. */
  restoreState?(state: unknown): void;
  /** The models this indicator loads (or would load). */
  modelReferences?(): ModelReference[];
}

/**
 * What a run shares with every indicator it builds, kept apart from the indicator's own (config)
 * options so that strict option schemas stay strict.
 */
export interface IndicatorContext {
  seed?: number;
  /** One masked-LM engine (and its cache) for every LM-based indicator of a run. */
  engine?: MaskedLmEngine;
  /** The run's cache folder (e.g. `.cache/`): indicators keep expensive intermediate results there. */
  cacheDir?: string;
  /** Dataset root, for indicators that read collections (e.g. a local search index). */
  dataRoot?: string;
  /** The user allowed sending spans to external services (web search). */
  allowExternalSearch?: boolean;
  /** What relative model paths in options are relative to (the config file's folder); default: the working directory. */
  baseDir?: string;
}

/** Builds an indicator from its (config) options; registered by name in the indicator registry. */
export type RiskIndicatorFactory = (options: Record<string, unknown>, context?: IndicatorContext) => RiskIndicator | Promise<RiskIndicator>;
