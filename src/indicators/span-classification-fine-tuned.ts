/**
 * The span-classification risk indicator with a FINE-TUNED encoder (paper §5.2 fine-tunes ELECTRA in
 * AutoGluon's multimodal predictor; `span-classification` keeps its encoder frozen). A span is read
 * in a window of its document (`spanWindow`: the span centred, at most the model's window of
 * word-pieces) by a BERT fine-tuned offline on MASK / NO_MASK gold spans
 * (training/export-span-examples.ts → training/train_span_classifier.py; bundled:
 * `minibert-tab-span`, tab144 train). The risk is P(MASK) = sigmoid of the model's logit.
 *
 * `fit()` does not retrain the network (Python does that): it records which documents it was given
 * (count, spans, digest) and whether they are the model's own training documents (the digest in
 * the model's config.json). So an artefact states honestly whether the model was trained on the
 * split it was "fitted" on (the TAB Table 5 row) or is used as a transfer model (Wikipedia).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CandidateSpan, Document, Span } from '../corpus/index.ts';
import type { PieceTokenizer } from '../lm/index.ts';
import { zeroFeeds } from '../lm/inputs.ts';
import { acquireOnnxSession, describeLoadFailure, locateModel, modelThreads, onnxFile, portableModelName, resolveModelReference, type ModelLease, type ModelReference, type OnnxSession } from '../models/index.ts';
import { canonicalJson } from './artefact.ts';
import { registerIndicator } from './registry.ts';
import { spanWindow, type SpanWindow } from './span-window.ts';
import type { IndicatorContext, RiskIndicator, SpanDocument } from './types.ts';

export const SPAN_CLASSIFICATION_FINE_TUNED = 'span-classification-fine-tuned';
/** The bundled fine-tuned span classifier (tab144 train). */
export const DEFAULT_SPAN_CLASSIFIER = 'minibert-tab-span';

const optionsSchema = z
  .object({
    /** A model reference (src/models' one rule) to a folder written by training/train_span_classifier.py. */
    model: z.string().default(DEFAULT_SPAN_CLASSIFIER),
    /** The committed model ships int8 only. */
    dtype: z.enum(['fp32', 'q8']).default('q8'),
    threads: z.number().int().positive().optional(),
    /**
     * Windows per model pass. Default 1: int8 activations are quantized with one scale per pass,
     * so a span's score would otherwise move (by about 1e-3) with its batch neighbours.
     */
    batchSize: z.number().int().min(1).max(256).default(1),
    threshold: z.number().min(0).max(1).default(0.5),
  })
  .strict(); // a misspelt option is an error, not a silent default

export type SpanClassificationFineTunedOptions = z.input<typeof optionsSchema>;
type ResolvedOptions = z.output<typeof optionsSchema>;

/** What training/train_span_classifier.py writes under `span_classifier` in the model's config.json. */
const ModelConfigSchema = z.object({
  max_position_embeddings: z.number().int().positive(),
  span_classifier: z.object({
    window: z.number().int().min(3),
    training_dataset: z.string(),
    training_digest: z.string(),
    training_spans: z.number().int().nonnegative(),
  }),
});
export type SpanClassifierTraining = z.output<typeof ModelConfigSchema>['span_classifier'];

/** What `fit()` was given: the documents' count, spans and digest, and whether the model learnt from exactly those. */
export interface FittedOn {
  documents: number;
  spans: number;
  digest: string;
  /** The digest equals the model's training digest: scores on these documents are in-sample. */
  modelTrainingData: boolean;
}

export interface SpanClassificationFineTunedJson {
  name: typeof SPAN_CLASSIFICATION_FINE_TUNED;
  options: ResolvedOptions;
  fittedOn: FittedOn | null;
}

/**
 * Digest of training documents (ids, texts, every annotation), in order, each once: what
 * training/export-span-examples.ts records and the model's config.json carries.
 */
export function spanTrainingDigest(docs: readonly Pick<Document, 'id' | 'text' | 'annotations'>[]): string {
  return createHash('sha256')
    .update(canonicalJson(docs.map((d) => ({ id: d.id, text: d.text, annotations: d.annotations }))))
    .digest('hex')
    .slice(0, 16);
}

export class SpanClassificationFineTunedIndicator implements RiskIndicator {
  readonly name = SPAN_CLASSIFICATION_FINE_TUNED;
  readonly options: ResolvedOptions;
  /** Model passes and windows run so far (for timing reports and tests). */
  readonly counters = { passes: 0, windows: 0 };
  private fittedOn: FittedOn | null = null;
  private loaded?: Promise<{ lease: ModelLease<OnnxSession>; tokenizer: PieceTokenizer; specials: { cls: number; sep: number; pad: number }; training: SpanClassifierTraining; folder: string }>;

  /** `baseDir`: what a relative `model` path is relative to (default: the working directory). */
  constructor(
    options: SpanClassificationFineTunedOptions = {},
    private readonly baseDir?: string,
  ) {
    this.options = optionsSchema.parse(options);
  }

  static fromJSON(json: SpanClassificationFineTunedJson, baseDir?: string): SpanClassificationFineTunedIndicator {
    const indicator = new SpanClassificationFineTunedIndicator(json.options, baseDir);
    indicator.restoreState(json);
    return indicator;
  }

  /** The model's training record (its config.json), read without loading the network. */
  modelTraining(): SpanClassifierTraining & { folder: string } {
    const location = locateModel(this.options.model, this.options.dtype, this.baseDir);
    if (location.kind === 'hub') throw new Error(`${SPAN_CLASSIFICATION_FINE_TUNED}: model "${this.options.model}" must be a local folder written by training/train_span_classifier.py`);
    const configFile = join(location.folder, 'config.json');
    const parsed = ModelConfigSchema.safeParse(JSON.parse(readFileSync(configFile, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${configFile}: not a span classifier (${issue.path.join('.') || '(top level)'}: ${issue.message}); train one with training/train_span_classifier.py`);
    }
    const { span_classifier: training, max_position_embeddings: positions } = parsed.data;
    if (training.window > positions) throw new Error(`${configFile}: window ${training.window} exceeds max_position_embeddings ${positions}`);
    return { ...training, folder: location.folder };
  }

  private load() {
    this.loaded ??= (async () => {
      const { folder, ...training } = this.modelTraining();
      const location = locateModel(this.options.model, this.options.dtype, this.baseDir);
      const { PieceTokenizer } = await import('../lm/tokenizer.ts');
      const tokenizer = PieceTokenizer.fromFolder(folder);
      const specials = { ...tokenizer.singleSpecials(SPAN_CLASSIFICATION_FINE_TUNED), pad: tokenizer.requirePad(SPAN_CLASSIFICATION_FINE_TUNED) };
      const file = onnxFile(folder, this.options.dtype);
      const threads = modelThreads(this.options.threads, 2)!;
      const lease = await acquireOnnxSession(SPAN_CLASSIFICATION_FINE_TUNED, file, threads, (error) => describeLoadFailure(location, error));
      const { inputNames, outputNames } = lease.value.session;
      if (!inputNames.includes('span_mask') || outputNames[0] !== 'logits') {
        await lease.release();
        throw new Error(`${file}: not a span classifier (inputs ${inputNames.join(', ')}; outputs ${outputNames.join(', ')}): train one with training/train_span_classifier.py`);
      }
      return { lease, tokenizer, specials, training, folder };
    })();
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    const docs = [...new Map(train.map(({ doc }) => [doc.id, doc])).values()];
    const digest = spanTrainingDigest(docs);
    const spans = train.reduce((n, { spans }) => n + spans.filter((s) => s.label !== undefined).length, 0);
    this.fittedOn = { documents: docs.length, spans, digest, modelTrainingData: digest === this.modelTraining().training_digest };
  }

  /** What `fit()` was given (null before fit). */
  fitted(): FittedOn | null {
    return this.fittedOn;
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    const [scores] = await this.scoreMany([{ doc, spans: [...spans] }]);
    return scores;
  }

  /** P(MASK) of the spans of many documents, windows batched across them (`batchSize`). */
  async scoreMany(items: readonly { doc: Pick<Document, 'id' | 'text'>; spans: readonly Span[] }[]): Promise<number[][]> {
    if (items.every(({ spans }) => spans.length === 0)) return items.map(() => []);
    const { tokenizer, specials, training } = await this.load();
    const windows: { window: SpanWindow; item: number; span: number }[] = [];
    items.forEach(({ doc, spans }, item) => {
      if (spans.length === 0) return;
      const tokens = tokenizer.tokenize(doc.text);
      spans.forEach((span, s) => {
        if (span.start < 0 || span.end > doc.text.length || span.end < span.start) {
          throw new Error(`document ${doc.id}: span ${s + 1} [${span.start}, ${span.end}) lies outside the text (length ${doc.text.length})`);
        }
        windows.push({ window: spanWindow(tokens, span, specials, training.window), item, span: s });
      });
    });
    const out = items.map(({ spans }) => new Array<number>(spans.length).fill(0));
    // Similar lengths together: less padding per pass.
    const order = [...windows].sort((a, b) => b.window.ids.length - a.window.ids.length);
    for (let b = 0; b < order.length; b += this.options.batchSize) {
      const batch = order.slice(b, b + this.options.batchSize);
      const logits = await this.run(batch.map((w) => w.window), specials.pad);
      batch.forEach((w, r) => (out[w.item][w.span] = 1 / (1 + Math.exp(-logits[r]))));
    }
    return out;
  }

  private async run(batch: readonly SpanWindow[], pad: number): Promise<Float32Array> {
    const { session, tensor } = (await this.load()).lease.value;
    const width = Math.max(...batch.map((w) => w.ids.length));
    const size = batch.length * width;
    const ids = new BigInt64Array(size).fill(BigInt(pad));
    const attention = new BigInt64Array(size);
    const spanMask = new Float32Array(size);
    batch.forEach((w, r) => {
      w.ids.forEach((id, k) => {
        ids[r * width + k] = BigInt(id);
        attention[r * width + k] = 1n;
      });
      spanMask.fill(1, r * width + w.spanStart, r * width + w.spanEnd);
    });
    const dims = [batch.length, width];
    const output = await session.run({
      input_ids: new tensor('int64', ids, dims),
      attention_mask: new tensor('int64', attention, dims),
      span_mask: new tensor('float32', spanMask, dims),
      ...zeroFeeds(session.inputNames, () => new tensor('int64', new BigInt64Array(size), dims)),
    });
    this.counters.passes++;
    this.counters.windows += batch.length;
    const logits = output.logits.data as Float32Array;
    if (logits.length !== batch.length) throw new Error(`${SPAN_CLASSIFICATION_FINE_TUNED}: the model gives ${logits.length} logits for ${batch.length} windows`);
    return logits;
  }

  decide(risks: readonly number[], threshold = this.options.threshold): boolean[] {
    return risks.map((risk) => risk >= threshold);
  }

  /** The options with the model made portable (bundled name, hub id or absolute folder). */
  effectiveOptions(): Record<string, unknown> {
    const location = resolveModelReference(this.options.model, this.baseDir);
    return { ...this.options, model: location.kind === 'missing' ? this.options.model : portableModelName(location) };
  }

  modelReferences(): ModelReference[] {
    return [{ model: this.effectiveOptions().model as string, dtype: this.options.dtype, ...(this.options.threads ? { threads: this.options.threads } : {}) }];
  }

  toJSON(): SpanClassificationFineTunedJson {
    return { name: SPAN_CLASSIFICATION_FINE_TUNED, options: this.effectiveOptions() as ResolvedOptions, fittedOn: this.fittedOn };
  }

  restoreState(state: unknown): void {
    const json = state as SpanClassificationFineTunedJson | null;
    if (json?.name !== SPAN_CLASSIFICATION_FINE_TUNED) throw new Error(`saved indicator is "${String(json?.name)}", not ${SPAN_CLASSIFICATION_FINE_TUNED}`);
    this.fittedOn = json.fittedOn ?? null;
  }

  /** Gives this indicator's hold on the shared model back. */
  async dispose(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await (await loaded).lease.release();
  }
}

export function createSpanClassificationFineTunedIndicator(options: Record<string, unknown> = {}, context?: IndicatorContext): SpanClassificationFineTunedIndicator {
  return new SpanClassificationFineTunedIndicator(optionsSchema.parse(options), context?.baseDir);
}

registerIndicator(SPAN_CLASSIFICATION_FINE_TUNED, createSpanClassificationFineTunedIndicator, optionsSchema);
