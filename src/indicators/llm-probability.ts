/**
 * The LLM-probability risk indicator (paper §5.1): a span whose word-pieces a masked LM finds hard
 * to predict (with the other mentions of its entity masked too) is informative, hence risky. The
 * aggregated log-probabilities, word/piece counts and PII type feed a classifier trained on gold
 * MASK / NO_MASK decisions; the risk is its P(MASK).
 */
import { z } from 'zod';
import type { CandidateSpan, Document } from '../corpus/index.ts';
import { MaskedLmEngine } from '../lm/index.ts';
import { loadClassifier, trainClassifier, type ClassifierJson, type EnsembleReport, type ProbabilisticClassifier } from './classifiers/index.ts';
import { SPAN_FEATURE_NAMES, documentSpanFeatures } from './features.ts';
import { classifierOptionShape, engineFromOptions, engineOptions, engineReference, maskedLmOptionShape, portableLmOptions } from './lm-options.ts';
import type { ModelReference } from '../models/index.ts';
import { registerIndicator } from './registry.ts';
import type { RiskIndicator, SpanDocument } from './types.ts';

export const LLM_PROBABILITY = 'llm-probability';

const optionsSchema = z
  .object({
    ...maskedLmOptionShape,
    ...classifierOptionShape,
  })
  .strict();

export type LlmProbabilityOptions = z.input<typeof optionsSchema> & {
  /** An engine to share with other indicators (its model settings then win). */
  engine?: MaskedLmEngine;
  /** What a relative `model` path is relative to (default: the working directory). */
  baseDir?: string;
};
type ResolvedOptions = z.output<typeof optionsSchema>;

export interface LlmProbabilityJson {
  name: typeof LLM_PROBABILITY;
  options: ResolvedOptions;
  featureNames: readonly string[];
  classifier: ClassifierJson;
}

export class LlmProbabilityIndicator implements RiskIndicator {
  readonly name = LLM_PROBABILITY;
  readonly options: ResolvedOptions;
  private engine?: MaskedLmEngine;
  private readonly baseDir?: string;
  private classifier?: ProbabilisticClassifier;
  /** Cross-validation report of the last ensemble fit. */
  report?: EnsembleReport;

  constructor(options: LlmProbabilityOptions = {}) {
    const { engine, baseDir, ...rest } = options;
    this.options = optionsSchema.parse(rest);
    this.engine = engine;
    this.baseDir = baseDir;
  }

  static fromJSON(json: LlmProbabilityJson, engine?: MaskedLmEngine): LlmProbabilityIndicator {
    const indicator = new LlmProbabilityIndicator({ ...json.options, engine });
    indicator.restoreState(json);
    return indicator;
  }

  restoreState(state: unknown): void {
    const json = state as LlmProbabilityJson;
    if (json?.name !== LLM_PROBABILITY) throw new Error(`saved indicator is "${String(json?.name)}", not ${LLM_PROBABILITY}`);
    this.classifier = loadClassifier(json.classifier);
  }

  effectiveOptions(): Record<string, unknown> {
    return { ...portableLmOptions(this.options, this.baseDir), ...(this.engine ? engineOptions(this.engine) : {}) };
  }

  modelReferences(): ModelReference[] {
    const options = this.effectiveOptions() as { model: string; dtype?: 'fp32' | 'q8'; threads?: number };
    return this.engine ? [engineReference(this.engine)] : [{ model: options.model, dtype: options.dtype ?? 'fp32', ...(options.threads ? { threads: options.threads } : {}) }];
  }

  /** Feature rows (SPAN_FEATURE_NAMES order) of the given spans of many documents. */
  async features(items: readonly SpanDocument[]): Promise<number[][][]> {
    return documentSpanFeatures(await this.lmEngine(), items);
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    const labelled = train.map(({ doc, spans }) => ({ doc, spans: spans.filter((s) => s.label !== undefined) }));
    const features = await this.features(labelled);
    const rows = features.flat();
    const labels = labelled.flatMap(({ spans }) => spans.map((s) => (s.label === 'MASK' ? 1 : 0)));
    const groups = labelled.flatMap(({ doc, spans }) => spans.map(() => doc.id));
    this.fitRows(rows, labels, groups);
  }

  /** Trains the classifier on precomputed feature rows (groups: document ids, for cross-validation). */
  fitRows(rows: readonly number[][], labels: readonly number[], groups: readonly string[]): void {
    if (rows.length === 0) throw new Error(`${LLM_PROBABILITY}: no labelled spans to train on`);
    const { model, report } = trainClassifier(this.options.classifier, rows, labels, groups, { folds: this.options.folds, seed: this.options.seed });
    this.classifier = model;
    this.report = report;
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    if (spans.length === 0) return [];
    const [rows] = await this.features([{ doc, spans: [...spans] }]);
    return this.scoreRows(rows);
  }

  scoreRows(rows: readonly number[][]): number[] {
    if (!this.classifier) throw new Error(`${LLM_PROBABILITY}: score() before fit() or fromJSON()`);
    return this.classifier.predictProbability(rows);
  }

  decide(risks: readonly number[], threshold = this.options.threshold): boolean[] {
    return risks.map((risk) => risk >= threshold);
  }

  toJSON(): LlmProbabilityJson {
    if (!this.classifier) throw new Error(`${LLM_PROBABILITY}: nothing to save before fit()`);
    return { name: LLM_PROBABILITY, options: this.effectiveOptions() as ResolvedOptions, featureNames: SPAN_FEATURE_NAMES, classifier: this.classifier.toJSON() };
  }

  private async lmEngine(): Promise<MaskedLmEngine> {
    this.engine ??= await engineFromOptions(this.options, this.baseDir);
    return this.engine;
  }
}

registerIndicator(LLM_PROBABILITY, (options, context) => {
  const engine = options.engine instanceof MaskedLmEngine ? options.engine : context?.engine;
  const { engine: _ignored, ...rest } = options;
  return new LlmProbabilityIndicator({ ...optionsSchema.parse({ seed: context?.seed, ...rest }), engine, baseDir: context?.baseDir });
}, optionsSchema);
