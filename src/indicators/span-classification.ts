/**
 * The span-classification risk indicator (paper §5.2): the LLM-probability features (aggregated
 * masked-LM log-probabilities, numbers of words and word-pieces, PII type) plus a vector of the
 * span text from an encoder, classified as MASK / NO_MASK; the risk is P(MASK).
 *
 * The paper fine-tunes the encoder inside AutoGluon's multimodal predictor. Here the encoder is
 * frozen (span vectors from `SpanEncoder`: the span's mean contextual vector in its document and
 * its mean vector encoded alone) and the vectors are reduced by PCA, fitted on the training spans,
 * to `components` dimensions, so that the same logistic / random-forest / ensemble classifiers as
 * the LLM-probability indicator can use them (hundreds of raw dimensions would swamp the 15 other
 * features in a forest's random feature subsets and make it slow).
 */
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import type { CandidateSpan, Document } from '../corpus/index.ts';
import { MaskedLmEngine } from '../lm/index.ts';
import { loadClassifier, trainClassifier, type ClassifierJson, type EnsembleReport, type ProbabilisticClassifier } from './classifiers/index.ts';
import { SPAN_FEATURE_NAMES, documentSpanFeatures } from './features.ts';
import { classifierOptionShape, engineFromOptions, engineOptions, engineReference, maskedLmOptionShape, portableLmOptions } from './lm-options.ts';
import { DEFAULT_SPAN_ENCODER, portableModelName, resolveModelReference, type ModelReference } from '../models/index.ts';
import { registerIndicator } from './registry.ts';
import { SpanEncoder } from './span-encoder.ts';
import type { RiskIndicator, SpanDocument } from './types.ts';

export const SPAN_CLASSIFICATION = 'span-classification';

const optionsSchema = z.object({
  ...maskedLmOptionShape,
  /** Encoder: a model reference (default: bundled minibert-en-cased-encoder) and its weights. */
  encoderModel: z.string().optional(),
  encoderDtype: z.enum(['fp32', 'q8']).optional(),
  /** The former name of `encoderDtype` (default q8), still accepted. */
  encoderPrecision: z.enum(['fp32', 'q8']).optional(),
  /** Which span vectors join the features ('none': the LLM-probability features only, an ablation). */
  vectors: z.enum(['both', 'contextual', 'alone', 'none']).default('both'),
  /** PCA dimensions of the span vectors (0: the raw vectors). */
  components: z.number().int().min(0).default(32),
  ...classifierOptionShape,
}).strict(); // a misspelt option is an error, not a silent default

export type SpanClassificationOptions = z.input<typeof optionsSchema> & {
  /** A masked-LM engine to share with other indicators (its model settings then win). */
  engine?: MaskedLmEngine;
  /** A span encoder to share (its settings then win over encoderModel / encoderDtype). */
  encoder?: SpanEncoder;
  /** What relative model paths are relative to (default: the working directory). */
  baseDir?: string;
};
type ResolvedOptions = z.output<typeof optionsSchema>;

/** A linear projection: (x − mean) · components[k] for each k. */
export interface Projection {
  mean: number[];
  components: number[][];
}

export interface SpanClassificationJson {
  name: typeof SPAN_CLASSIFICATION;
  options: ResolvedOptions;
  featureNames: string[];
  projection: Projection | null;
  classifier: ClassifierJson;
}

export class SpanClassificationIndicator implements RiskIndicator {
  readonly name = SPAN_CLASSIFICATION;
  readonly options: ResolvedOptions;
  /** Cross-validation report of the last ensemble fit. */
  report?: EnsembleReport;
  private engine?: MaskedLmEngine;
  private encoder?: SpanEncoder;
  /** What was passed in (shared, not to be disposed here). */
  private readonly shared: { engine?: MaskedLmEngine; encoder?: SpanEncoder };
  private projection: Projection | null = null;
  private classifier?: ProbabilisticClassifier;
  private readonly baseDir?: string;

  constructor(options: SpanClassificationOptions = {}) {
    const { engine, encoder, baseDir, ...rest } = options;
    this.options = optionsSchema.parse(rest);
    this.engine = engine;
    this.encoder = encoder;
    this.shared = { engine, encoder };
    this.baseDir = baseDir;
  }

  static fromJSON(json: SpanClassificationJson, shared: { engine?: MaskedLmEngine; encoder?: SpanEncoder } = {}): SpanClassificationIndicator {
    const indicator = new SpanClassificationIndicator({ ...json.options, ...shared });
    indicator.restoreState(json);
    return indicator;
  }

  restoreState(state: unknown): void {
    const json = state as SpanClassificationJson;
    if (json?.name !== SPAN_CLASSIFICATION) throw new Error(`saved indicator is "${String(json?.name)}", not ${SPAN_CLASSIFICATION}`);
    this.projection = json.projection;
    this.classifier = loadClassifier(json.classifier);
  }

  effectiveOptions(): Record<string, unknown> {
    const { encoderPrecision: _former, ...options } = this.options;
    const encoder = this.encoder?.location ?? resolveModelReference(this.options.encoderModel ?? DEFAULT_SPAN_ENCODER, this.baseDir);
    return {
      ...portableLmOptions(options, this.baseDir),
      ...(this.engine ? engineOptions(this.engine) : {}),
      encoderModel: encoder.kind === 'missing' ? encoder.model : portableModelName(encoder),
      encoderDtype: this.encoder?.precision ?? this.encoderDtype(),
    };
  }

  modelReferences(): ModelReference[] {
    const options = this.effectiveOptions() as { model: string; dtype?: 'fp32' | 'q8'; encoderModel: string; encoderDtype: 'fp32' | 'q8' };
    const lm = this.engine ? engineReference(this.engine) : { model: options.model, dtype: options.dtype ?? 'fp32' };
    return [lm, { model: options.encoderModel, dtype: options.encoderDtype, ...(this.options.threads ? { threads: this.options.threads } : {}) }];
  }

  private encoderDtype(): 'fp32' | 'q8' {
    return this.options.encoderDtype ?? this.options.encoderPrecision ?? 'q8';
  }

  /** Names of the classifier's input columns, in order. */
  featureNames(): string[] {
    const vectorNames = this.options.vectors === 'none' ? [] : this.projection ? this.projection.components.map((_, k) => `span_pc${k + 1}`) : this.rawVectorNames();
    return [...SPAN_FEATURE_NAMES, ...vectorNames];
  }

  /**
   * LLM-probability features and raw span vectors of the spans of many documents (masked-LM and
   * encoder passes each batched across all documents).
   */
  async rawFeatures(items: readonly SpanDocument[]): Promise<{ base: number[][][]; vectors: number[][][] }> {
    const base = await documentSpanFeatures(await this.lmEngine(), items);
    if (this.options.vectors === 'none') return { base, vectors: base.map((rows) => rows.map(() => [])) };
    const encoded = await (await this.spanEncoder()).encodeMany(items.map(({ doc, spans }) => ({ doc, spans })));
    const pick = this.options.vectors;
    const vectors = encoded.map((v) =>
      v.contextual.map((contextual, s) => [...(pick === 'alone' ? [] : contextual), ...(pick === 'contextual' ? [] : v.alone[s])]),
    );
    return { base, vectors };
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    const labelled = train.map(({ doc, spans }) => ({ doc, spans: spans.filter((s) => s.label !== undefined) }));
    const { base, vectors } = await this.rawFeatures(labelled);
    const labels = labelled.flatMap(({ spans }) => spans.map((s) => (s.label === 'MASK' ? 1 : 0)));
    const groups = labelled.flatMap(({ doc, spans }) => spans.map(() => doc.id));
    this.fitRows(base.flat(), vectors.flat(), labels, groups);
  }

  /** Fits the projection and the classifier on precomputed features (groups: document ids). */
  fitRows(base: readonly number[][], vectors: readonly number[][], labels: readonly number[], groups: readonly string[]): void {
    if (base.length === 0) throw new Error(`${SPAN_CLASSIFICATION}: no labelled spans to train on`);
    const useVectors = this.options.vectors !== 'none';
    this.projection = useVectors && this.options.components > 0 ? fitPca(vectors, this.options.components) : null;
    const rows = this.rows(base, vectors);
    const { model, report } = trainClassifier(this.options.classifier, rows, labels, groups, { folds: this.options.folds, seed: this.options.seed });
    this.classifier = model;
    this.report = report;
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    if (spans.length === 0) return [];
    const { base, vectors } = await this.rawFeatures([{ doc, spans: [...spans] }]);
    return this.scoreRows(base[0], vectors[0]);
  }

  scoreRows(base: readonly number[][], vectors: readonly number[][]): number[] {
    if (!this.classifier) throw new Error(`${SPAN_CLASSIFICATION}: score() before fit() or fromJSON()`);
    return this.classifier.predictProbability(this.rows(base, vectors));
  }

  decide(risks: readonly number[], threshold = this.options.threshold): boolean[] {
    return risks.map((risk) => risk >= threshold);
  }

  toJSON(): SpanClassificationJson {
    if (!this.classifier) throw new Error(`${SPAN_CLASSIFICATION}: nothing to save before fit()`);
    return { name: SPAN_CLASSIFICATION, options: this.effectiveOptions() as ResolvedOptions, featureNames: this.featureNames(), projection: this.projection, classifier: this.classifier.toJSON() };
  }

  /** Releases the engine and encoder this indicator created (shared ones belong to their owner). */
  async dispose(): Promise<void> {
    if (this.engine && this.engine !== this.shared.engine) await this.engine.dispose();
    if (this.encoder && this.encoder !== this.shared.encoder) await this.encoder.dispose();
    this.engine = this.shared.engine;
    this.encoder = this.shared.encoder;
  }

  /** The span encoder (created on first use unless one was shared). */
  async spanEncoder(): Promise<SpanEncoder> {
    this.encoder ??= await SpanEncoder.create({
      model: this.options.encoderModel,
      dtype: this.encoderDtype(),
      baseDir: this.baseDir,
      threads: this.options.threads,
      cacheDir: this.options.cacheDir ? join(this.options.cacheDir, 'encoder') : undefined,
    });
    return this.encoder;
  }

  private rows(base: readonly number[][], vectors: readonly number[][]): number[][] {
    if (this.options.vectors === 'none') return base.map((row) => [...row]);
    return base.map((row, i) => [...row, ...(this.projection ? project(this.projection, vectors[i]) : vectors[i])]);
  }

  private rawVectorNames(): string[] {
    // Only reached with raw vectors (components 0); the bundled encoder's width when none is loaded yet.
    const dims = this.encoder?.dimension ?? 256;
    const named = (prefix: string): string[] => Array.from({ length: dims }, (_, d) => `${prefix}${d}`);
    const v = this.options.vectors;
    return [...(v === 'alone' ? [] : named('ctx_')), ...(v === 'contextual' ? [] : named('alone_'))];
  }

  private async lmEngine(): Promise<MaskedLmEngine> {
    this.engine ??= await engineFromOptions(this.options, this.baseDir);
    return this.engine;
  }
}

/** Principal components (unit eigenvectors of the covariance, largest variance first). */
export function fitPca(rows: readonly number[][], components: number): Projection {
  const n = rows.length;
  const dims = rows[0]?.length ?? 0;
  const mean = Array.from({ length: dims }, (_, d) => rows.reduce((a, r) => a + r[d], 0) / n);
  const centered = new Matrix(rows.map((r) => r.map((v, d) => v - mean[d])));
  const covariance = centered.transpose().mmul(centered).div(Math.max(1, n - 1));
  const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const vectors = evd.eigenvectorMatrix;
  const k = Math.min(components, dims);
  return { mean, components: order.slice(0, k).map((i) => vectors.getColumn(i)) };
}

export function project(projection: Projection, row: readonly number[]): number[] {
  return projection.components.map((component) => component.reduce((a, c, d) => a + c * (row[d] - projection.mean[d]), 0));
}

registerIndicator(SPAN_CLASSIFICATION, (options, context) => {
  const engine = options.engine instanceof MaskedLmEngine ? options.engine : context?.engine;
  const encoder = options.encoder instanceof SpanEncoder ? options.encoder : undefined;
  const { engine: _engine, encoder: _encoder, ...rest } = options;
  const cacheDir = context?.cacheDir ? join(context.cacheDir, 'span-classification') : undefined;
  return new SpanClassificationIndicator({ ...optionsSchema.parse({ seed: context?.seed, cacheDir, ...rest }), engine, encoder, baseDir: context?.baseDir });
}, optionsSchema);
