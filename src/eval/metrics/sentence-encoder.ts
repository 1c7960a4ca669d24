/**
 * Mean-pooled text embeddings from a BERT encoder given by model reference (the bundled minibert encoder by
 * default and offline; any encoder folder or Hugging Face id). A text longer than one window is read in
 * consecutive windows; the vector is the mean of all its word-piece vectors ([CLS]/[SEP] excluded).
 * Identical texts are encoded once; a text of at least one whole window is also cached on disk
 * (`cacheDir`), so evaluations of the same documents (TAE's and the strategy comparison's originals
 * and placeholders) share the passes. One window per pass makes a vector the same however it is reached.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import type { ModelLease } from '../../models/index.ts';
import type { EncoderCore, PieceTokenizer } from '../../lm/index.ts';

type DiskCache = Pick<typeof import('../../lm/index.ts'), 'readCacheFile' | 'writeCacheFile'>;

type TensorClass = typeof Tensor;

/** The default encoder, by its bundled name. */
export const DEFAULT_SENTENCE_ENCODER = 'minibert-en-cased-encoder';

export interface SentenceEncoderOptions {
  /** A model reference: bundled name, folder (relative to `baseDir`) or Hugging Face id of a BERT encoder (`last_hidden_state` output). */
  model?: string;
  /** fp32 loads `onnx/model.onnx`, q8 `onnx/model_quantized.onnx` (the bundled encoder ships q8 only). */
  precision?: 'fp32' | 'q8';
  threads?: number;
  /** Window length in pieces including [CLS]/[SEP] (default 512, at most the model's positions). */
  windowLength?: number;
  /** Folder a relative model path is relative to (an evaluation config's folder); default: the working directory. */
  baseDir?: string;
  /** Folder for the vectors of texts of at least one whole window; no disk cache when absent. */
  cacheDir?: string;
}

export class SentenceEncoder {
  private readonly memo = new Map<string, Float32Array>();
  /** Windows encoded so far (for timing reports). */
  readonly counters = { windows: 0 };
  readonly dimension: number;
  private readonly tokenizer: PieceTokenizer;
  private readonly special: { cls: number; sep: number };
  private readonly model: PreTrainedModel;

  private constructor(
    /** The bundled name, folder or hub id it was loaded from. */
    readonly modelName: string,
    private readonly lease: ModelLease<EncoderCore>,
    private readonly windowLength: number,
    private readonly tensor: TensorClass,
    private readonly cache: { dir: string; weights: string; files: DiskCache } | undefined,
  ) {
    ({ dimension: this.dimension, tokenizer: this.tokenizer, special: this.special, model: this.model } = lease.value);
  }

  static async create(options: SentenceEncoderOptions = {}): Promise<SentenceEncoder> {
    // Loaded here, not at import: the runtime is heavy and most users of src/eval never embed.
    const { Tensor } = await import('@huggingface/transformers');
    const { acquireEncoder, readCacheFile, writeCacheFile } = await import('../../lm/index.ts');
    const { portableModelName, onnxFile } = await import('../../models/index.ts');
    const { location, lease } = await acquireEncoder({
      model: options.model ?? DEFAULT_SENTENCE_ENCODER,
      dtype: options.precision ?? 'q8',
      threads: options.threads,
      baseDir: options.baseDir,
      role: 'sentence encoder',
    });
    const positions = (lease.value.model.config as unknown as { max_position_embeddings?: number }).max_position_embeddings ?? 512;
    const windowLength = Math.max(3, Math.min(options.windowLength ?? 512, positions, 512));
    // Vectors on disk are keyed by the weights' bytes, so a retrained model never reads old ones; a hub model is not cached on disk.
    const dtype = options.precision ?? 'q8';
    const weights = options.cacheDir && 'folder' in location ? createHash('sha256').update(readFileSync(onnxFile(location.folder, dtype))).digest('hex') : undefined;
    const cache = weights ? { dir: options.cacheDir!, weights, files: { readCacheFile, writeCacheFile } } : undefined;
    return new SentenceEncoder(portableModelName(location), lease, windowLength, Tensor, cache);
  }

  /** The mean-pooled vector of a text; all zeros for a text without word-pieces. */
  async embed(text: string): Promise<Float32Array> {
    const known = this.memo.get(text);
    if (known) return known;
    const pieces = this.tokenizer.tokenize(text).ids;
    const cacheFile = this.cache && pieces.length >= this.windowLength - 2 ? join(this.cache.dir, `${this.cacheKey(text)}.f32`) : undefined;
    const cached = cacheFile ? this.cache!.files.readCacheFile(cacheFile, (bytes) => (bytes.byteLength === this.dimension * 4 ? new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) : undefined)) : undefined;
    if (cached) {
      this.remember(text, cached);
      return cached;
    }
    const sum = new Float32Array(this.dimension);
    const step = this.windowLength - 2;
    for (let start = 0; start < pieces.length; start += step) {
      const window = pieces.subarray(start, Math.min(start + step, pieces.length));
      const ids = new BigInt64Array(window.length + 2);
      ids[0] = BigInt(this.special.cls);
      window.forEach((id, k) => (ids[k + 1] = BigInt(id)));
      ids[ids.length - 1] = BigInt(this.special.sep);
      const dims = [1, ids.length];
      // One sequence per pass: no padding, and q8 activations do not depend on batch neighbours.
      const output = (await this.model({
        input_ids: new this.tensor('int64', ids, dims),
        attention_mask: new this.tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
        token_type_ids: new this.tensor('int64', new BigInt64Array(ids.length), dims),
      })) as { last_hidden_state: Tensor };
      this.counters.windows++;
      const hidden = output.last_hidden_state.data as Float32Array;
      for (let position = 1; position <= window.length; position++) {
        const offset = position * this.dimension;
        for (let d = 0; d < this.dimension; d++) sum[d] += hidden[offset + d];
      }
    }
    if (pieces.length > 0) for (let d = 0; d < this.dimension; d++) sum[d] /= pieces.length;
    if (cacheFile) this.cache!.files.writeCacheFile(cacheFile, new Uint8Array(sum.buffer));
    this.remember(text, sum);
    return sum;
  }

  private remember(text: string, vector: Float32Array): void {
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(text, vector);
  }

  private cacheKey(text: string): string {
    const config = { weights: this.cache!.weights, window: this.windowLength, version: 1 };
    return createHash('sha256').update(JSON.stringify(config)).update('\0').update(text).digest('hex');
  }

  /** Gives this user's hold on the shared model back; the last user's dispose frees it. */
  async dispose(): Promise<void> {
    await this.lease.release();
  }
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
