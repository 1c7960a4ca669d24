/**
 * Span vectors from a BERT encoder (paper §5.2's "vector representation of the text span"):
 *  - contextual: the mean of the span's word-piece vectors when its document is encoded, read
 *    from the fixed window (length/stride as the masked-LM engine's) where the span is most
 *    central, so one encoder pass serves every span of that window;
 *  - alone: the mean of the span's word-piece vectors when its text is encoded by itself
 *    ([CLS] span [SEP]); identical span texts are encoded once.
 * The encoder is frozen (no fine-tuning): the classifier on top learns from these vectors.
 * Results are cached on disk per (model, document text, spans) as raw float32.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import type { Span } from '../corpus/index.ts';
import { BUNDLED_MODELS_DIR, DEFAULT_SPAN_ENCODER, loadTarget, type ModelLease, type ModelLocation } from '../models/index.ts';
import { acquireEncoder, readCacheFile, writeCacheFile, PieceTokenizer, centralWindow, piecesOverlapping, type EncoderCore, type TextDocument, type TokenizedText } from '../lm/index.ts';

/** The bundled folder of the default encoder (loaders take the name, DEFAULT_SPAN_ENCODER). */
export const DEFAULT_ENCODER_DIR = join(BUNDLED_MODELS_DIR, DEFAULT_SPAN_ENCODER);

export interface SpanEncoderOptions {
  /** A BERT encoder (`last_hidden_state` output) as a model reference (see src/models); default the bundled minibert encoder. */
  model?: string;
  /** fp32 loads `onnx/model.onnx`, q8 `onnx/model_quantized.onnx` (the bundled encoder ships q8 only). Default q8. */
  dtype?: 'fp32' | 'q8';
  /** The former name of `dtype`, still accepted. */
  precision?: 'fp32' | 'q8';
  /** Folder that a relative model path is relative to; default: the working directory. */
  baseDir?: string;
  threads?: number;
  /** Sequences per pass (default 8; always 1 with q8, see the constructor). */
  batchSize?: number;
  /** Window length in pieces including [CLS]/[SEP] (default and maximum 512). */
  windowLength?: number;
  /** Window step in pieces (default half the window content). */
  stride?: number;
  /** Folder for cached vectors; no caching when absent. */
  cacheDir?: string;
}

/** Both vectors of each span, in request order; all-zero for a span with no word-piece. */
export interface SpanVectors {
  contextual: Float32Array[];
  alone: Float32Array[];
}

interface Sequence {
  ids: Int32Array;
  /** Where the vectors of this sequence go: positions to average per output slot. */
  reads: { slot: Float32Array; positions: number[] }[];
}


export class SpanEncoder {
  readonly batchSize: number;
  readonly windowLength: number;
  readonly stride: number;
  /** Encoder passes and sequences run so far (for benchmarks). */
  readonly counters = { passes: 0, sequences: 0, cacheHits: 0 };

  readonly dimension: number;
  readonly tokenizer: PieceTokenizer;
  private readonly special: { cls: number; sep: number; pad: number };
  private readonly model: PreTrainedModel;

  private constructor(
    /** The folder (absolute) or hub id the encoder was loaded from. */
    readonly modelName: string,
    /** Where it was loaded from. */
    readonly location: Exclude<ModelLocation, { kind: 'missing' }>,
    readonly precision: 'fp32' | 'q8',
    private readonly lease: ModelLease<EncoderCore>,
    private readonly options: SpanEncoderOptions,
  ) {
    ({ dimension: this.dimension, tokenizer: this.tokenizer, special: this.special, model: this.model } = lease.value);
    // Same reason as the masked-LM engine: q8 activations are quantized with one scale per batch,
    // so a span's vector would depend on its batch neighbours; one sequence per pass keeps the
    // vectors of a span identical whatever else is encoded.
    this.batchSize = precision === 'q8' ? 1 : Math.max(1, options.batchSize ?? 8);
    this.windowLength = Math.min(options.windowLength ?? 512, 512);
    this.stride = Math.max(1, options.stride ?? Math.floor((this.windowLength - 2) / 2));
  }

  /** Loads the encoder, or shares the one already loaded for the same location, dtype and threads. */
  static async create(options: SpanEncoderOptions = {}): Promise<SpanEncoder> {
    const precision = options.dtype ?? options.precision ?? 'q8';
    const { location, lease } = await acquireEncoder({ model: options.model ?? DEFAULT_SPAN_ENCODER, dtype: precision, threads: options.threads, baseDir: options.baseDir, role: 'span encoder' });
    return new SpanEncoder(loadTarget(location), location, precision, lease, options);
  }

  /** Vectors of the spans of one document. */
  async encode(doc: TextDocument, spans: readonly Span[]): Promise<SpanVectors> {
    const [vectors] = await this.encodeMany([{ doc, spans }]);
    return vectors;
  }

  /** Vectors of the spans of many documents; window and span-text passes are batched together. */
  async encodeMany(jobs: readonly { doc: TextDocument; spans: readonly Span[] }[]): Promise<SpanVectors[]> {
    const results: SpanVectors[] = jobs.map(({ spans }) => ({
      contextual: spans.map(() => new Float32Array(this.dimension)),
      alone: spans.map(() => new Float32Array(this.dimension)),
    }));
    const sequences: Sequence[] = [];
    const aloneByText = new Map<string, Sequence>();
    const pending: number[] = [];
    const keys = jobs.map((job) => this.cacheKey(job.doc.text, job.spans));
    jobs.forEach((job, j) => {
      const cached = this.readCache(keys[j], job.spans.length);
      if (cached) {
        results[j] = cached;
        this.counters.cacheHits++;
        return;
      }
      pending.push(j);
      this.planContextual(job.doc.text, job.spans, results[j].contextual, sequences);
      job.spans.forEach((span, s) => this.planAlone(job.doc.text.slice(span.start, span.end), results[j].alone[s], aloneByText, sequences));
    });
    await this.run(sequences);
    for (const j of pending) this.writeCache(keys[j], results[j]);
    return results;
  }

  /** Gives this user's hold on the shared encoder back; the last user's dispose frees it. */
  async dispose(): Promise<void> {
    await this.lease.release();
  }

  /** Window [start, end) of piece indices in which pieces [first, last] are most central (as the masked-LM engine). */
  windowFor(pieceCount: number, first: number, last: number): { start: number; end: number } {
    return centralWindow(pieceCount, first, last, this.windowLength, this.stride);
  }


  private planContextual(text: string, spans: readonly Span[], slots: Float32Array[], sequences: Sequence[]): void {
    const tokens = this.tokenizer.tokenize(text);
    const byWindow = new Map<number, Sequence>();
    spans.forEach((span, s) => {
      const pieces = piecesOverlapping(tokens, span.start, span.end);
      if (pieces.length === 0) return;
      const window = this.windowFor(tokens.ids.length, pieces[0], pieces[pieces.length - 1]);
      let sequence = byWindow.get(window.start);
      if (!sequence) {
        sequence = { ids: this.withSpecials(tokens, window.start, window.end), reads: [] };
        byWindow.set(window.start, sequence);
        sequences.push(sequence);
      }
      // Pieces beyond the window (a span longer than the window) are left out of the mean.
      const positions = pieces.filter((p) => p >= window.start && p < window.end).map((p) => 1 + p - window.start);
      sequence.reads.push({ slot: slots[s], positions });
    });
  }

  private planAlone(spanText: string, slot: Float32Array, byText: Map<string, Sequence>, sequences: Sequence[]): void {
    let sequence = byText.get(spanText);
    if (!sequence) {
      const tokens = this.tokenizer.tokenize(spanText);
      const count = Math.min(tokens.ids.length, this.windowLength - 2);
      if (count === 0) return;
      sequence = { ids: this.withSpecials(tokens, 0, count), reads: [] };
      byText.set(spanText, sequence);
      sequences.push(sequence);
    }
    sequence.reads.push({ slot, positions: Array.from({ length: sequence.ids.length - 2 }, (_, i) => i + 1) });
  }

  private withSpecials(tokens: TokenizedText, start: number, end: number): Int32Array {
    const ids = new Int32Array(end - start + 2);
    ids[0] = this.special.cls;
    ids.set(tokens.ids.subarray(start, end), 1);
    ids[ids.length - 1] = this.special.sep;
    return ids;
  }

  private async run(sequences: Sequence[]): Promise<void> {
    const order = [...sequences].sort((a, b) => b.ids.length - a.ids.length);
    for (let i = 0; i < order.length; i += this.batchSize) {
      const batch = order.slice(i, i + this.batchSize);
      const seqLength = batch[0].ids.length;
      const size = batch.length * seqLength;
      const ids = new BigInt64Array(size).fill(BigInt(this.special.pad));
      const attention = new BigInt64Array(size);
      batch.forEach((sequence, row) => {
        sequence.ids.forEach((id, k) => {
          ids[row * seqLength + k] = BigInt(id);
          attention[row * seqLength + k] = 1n;
        });
      });
      const dims = [batch.length, seqLength];
      const output = (await this.model({
        input_ids: new Tensor('int64', ids, dims),
        attention_mask: new Tensor('int64', attention, dims),
        token_type_ids: new Tensor('int64', new BigInt64Array(size), dims),
      })) as { last_hidden_state: Tensor };
      this.counters.passes++;
      this.counters.sequences += batch.length;
      const hidden = output.last_hidden_state.data as Float32Array;
      const dim = this.dimension;
      batch.forEach((sequence, row) => {
        for (const { slot, positions } of sequence.reads) {
          for (const position of positions) {
            const offset = (row * seqLength + position) * dim;
            for (let d = 0; d < dim; d++) slot[d] += hidden[offset + d];
          }
          if (positions.length > 0) for (let d = 0; d < dim; d++) slot[d] /= positions.length;
        }
      });
    }
  }

  private cacheKey(text: string, spans: readonly Span[]): string | undefined {
    if (!this.options.cacheDir) return undefined;
    const config = { model: this.modelName, precision: this.precision, window: this.windowLength, stride: this.stride, version: 1 };
    return createHash('sha256')
      .update(JSON.stringify(config))
      .update('\0')
      .update(text)
      .update('\0')
      .update(JSON.stringify(spans.map((s) => [s.start, s.end])))
      .digest('hex');
  }

  /** Layout: for each span its contextual then its alone vector, float32 little-endian. */
  private readCache(key: string | undefined, spanCount: number): SpanVectors | undefined {
    if (!key || !this.options.cacheDir) return undefined;
    // A cut-short or foreign entry (wrong size) is a miss with a warning, never a RangeError.
    const all = readCacheFile(join(this.options.cacheDir, `${key}.f32`), (bytes) =>
      bytes.byteLength === spanCount * 2 * this.dimension * 4 ? new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) : undefined,
    );
    if (!all) return undefined;
    const at = (k: number): Float32Array => all.slice(k * this.dimension, (k + 1) * this.dimension);
    return { contextual: Array.from({ length: spanCount }, (_, s) => at(2 * s)), alone: Array.from({ length: spanCount }, (_, s) => at(2 * s + 1)) };
  }

  private writeCache(key: string | undefined, vectors: SpanVectors): void {
    if (!key || !this.options.cacheDir) return;
    const all = new Float32Array(vectors.contextual.length * 2 * this.dimension);
    vectors.contextual.forEach((v, s) => {
      all.set(v, 2 * s * this.dimension);
      all.set(vectors.alone[s], (2 * s + 1) * this.dimension);
    });
    writeCacheFile(join(this.options.cacheDir, `${key}.f32`), Buffer.from(all.buffer));
  }
}
