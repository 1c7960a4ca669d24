/**
 * Mean-pooled text embeddings from a BERT encoder (the bundled minibert encoder offline, or any
 * local encoder folder). A text longer than one window is read in consecutive windows; the vector
 * is the mean of all its word-piece vectors ([CLS]/[SEP] excluded). Identical texts are encoded once.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import { REPO_ROOT } from '../../corpus/index.ts';
import type { TokenizerJson, WordPieceTokenizer } from '../../lm/index.ts';

type TensorClass = typeof Tensor;

export const DEFAULT_SENTENCE_ENCODER_DIR = join(REPO_ROOT, 'models', 'minibert-en-cased-encoder');

export interface SentenceEncoderOptions {
  /** Local encoder folder (BERT, `last_hidden_state` output). */
  model?: string;
  /** fp32 loads `onnx/model.onnx`, q8 `onnx/model_quantized.onnx` (the bundled encoder ships q8 only). */
  precision?: 'fp32' | 'q8';
  threads?: number;
  /** Window length in pieces including [CLS]/[SEP] (default 512). */
  windowLength?: number;
}

export class SentenceEncoder {
  private readonly memo = new Map<string, Float32Array>();
  /** Windows encoded so far (for timing reports). */
  readonly counters = { windows: 0 };

  private constructor(
    readonly modelName: string,
    readonly dimension: number,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly special: { cls: number; sep: number },
    private readonly model: PreTrainedModel,
    private readonly windowLength: number,
    private readonly tensor: TensorClass,
  ) {}

  static async create(options: SentenceEncoderOptions = {}): Promise<SentenceEncoder> {
    const folder = resolve(options.model ?? DEFAULT_SENTENCE_ENCODER_DIR);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`sentence encoder: model folder ${folder} is missing`);
    // Loaded here, not at import: the runtime is heavy and most users of src/eval never embed.
    const { AutoModel, Tensor, env } = await import('@huggingface/transformers');
    const { WordPieceTokenizer, wordPieceConfigFromJson } = await import('../../lm/index.ts');
    env.allowRemoteModels = false;
    env.localModelPath = dirname(folder) + '/';
    const sessionOptions = options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {};
    const model = await AutoModel.from_pretrained(basename(folder), { dtype: options.precision ?? 'q8', session_options: sessionOptions });
    const json = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')) as TokenizerJson;
    const vocab = new Map(Object.entries(json.model?.vocab ?? {}));
    const tokenizer = new WordPieceTokenizer(wordPieceConfigFromJson(json, vocab, `sentence encoder ${folder}`));
    const id = (token: string): number => {
      const value = vocab.get(token);
      if (value === undefined) throw new Error(`sentence encoder ${folder}: the vocabulary has no ${token}`);
      return value;
    };
    const config = model.config as unknown as { hidden_size?: number };
    const windowLength = Math.max(3, Math.min(options.windowLength ?? 512, 512));
    return new SentenceEncoder(folder, config.hidden_size ?? 256, tokenizer, { cls: id('[CLS]'), sep: id('[SEP]') }, model, windowLength, Tensor);
  }

  /** The mean-pooled vector of a text; all zeros for a text without word-pieces. */
  async embed(text: string): Promise<Float32Array> {
    const known = this.memo.get(text);
    if (known) return known;
    const pieces = this.tokenizer.tokenize(text).ids;
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
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(text, sum);
    return sum;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
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
