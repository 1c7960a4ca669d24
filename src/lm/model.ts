/**
 * Loading a BERT-style masked LM (ONNX, through Transformers.js) with its WordPiece tokenizer;
 * log-probabilities of target pieces (through the span-scoring graph when the model allows it) and
 * full logits of a padded batch.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AutoConfig, AutoModelForMaskedLM, AutoTokenizer, Tensor, env, type PreTrainedModel } from '@huggingface/transformers';
import { REPO_ROOT } from '../corpus/index.ts';
import { buildSpanScorerGraph, SpanScorer, type ScoringTarget } from './span-scorer.ts';
import { WordPieceTokenizer, wordPieceConfigFromJson, type TokenizerJson, type WordPieceConfig } from './wordpiece.ts';

export type MaskedLmPrecision = 'fp32' | 'q8';

export interface MaskedLmOptions {
  /** A local model folder or a Hugging Face model id; default: the bundled minibert-en-cased. */
  model?: string;
  /** Weights to load: fp32 (`onnx/model.onnx`) or q8 (`onnx/model_quantized.onnx`). Default fp32. */
  precision?: MaskedLmPrecision;
  /** ONNX Runtime intra-op threads; default: ONNX Runtime's own choice (all cores). */
  threads?: number;
  /**
   * Run the MLM head only at scored positions (span-scorer.ts) when the model is a local folder
   * whose graph allows it (default true); false always computes full logits.
   */
  headOnTargetsOnly?: boolean;
}

/** How `targetLogProbs` gets its numbers: the rewritten graph, or full logits and a log-softmax in JS. */
export type ScoringPath = 'head-on-targets' | 'full-logits';

export const DEFAULT_MODEL_DIR = join(REPO_ROOT, 'models', 'minibert-en-cased');

/** One sequence for the model: ids with special tokens, and which positions may be attended. */
export interface ModelSequence {
  ids: Int32Array;
  attention: Uint8Array;
}

/** Logits of a padded batch, row-major [batch, seqLength, vocabSize]. */
export interface BatchLogits {
  data: Float32Array;
  seqLength: number;
  vocabSize: number;
}

export interface SpecialIds {
  cls: number;
  sep: number;
  mask: number;
  pad: number;
}


interface LoadedTokenizer {
  get_vocab(): Map<string, number> | Record<string, number>;
  _tokenizerJSON?: TokenizerJson;
  mask_token_id?: number;
  pad_token_id?: number;
  sep_token_id?: number;
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
}

export class MaskedLm {
  private logitsModel?: Promise<PreTrainedModel>;

  private constructor(
    /** Model folder or id, as given. */
    readonly modelName: string,
    readonly precision: MaskedLmPrecision,
    readonly tokenizer: WordPieceTokenizer,
    /** Transformers.js' own tokenizer, kept for cross-checks. */
    readonly referenceTokenizer: LoadedTokenizer,
    readonly special: SpecialIds,
    /** Maximum sequence length including [CLS] and [SEP]. */
    readonly maxLength: number,
    private readonly loadLogitsModel: () => Promise<PreTrainedModel>,
    private readonly scorer: SpanScorer | undefined,
    /** Why the head cannot run on targets only, when it cannot. */
    readonly fullLogitsReason?: string,
  ) {}

  static async load(options: MaskedLmOptions = {}): Promise<MaskedLm> {
    const precision = options.precision ?? 'fp32';
    const { name, localRoot } = locateModel(options.model);
    // Transformers.js reads these globals at load time only, so setting them here is enough.
    env.allowRemoteModels = localRoot === undefined;
    if (localRoot !== undefined) env.localModelPath = localRoot;
    const loaded = (await AutoTokenizer.from_pretrained(name)) as unknown as LoadedTokenizer;
    const sessionOptions = options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {};
    const loadLogitsModel = () => AutoModelForMaskedLM.from_pretrained(name, { dtype: precision, session_options: sessionOptions });
    const tokenizer = new WordPieceTokenizer(wordPieceConfig(loaded, options.model ?? DEFAULT_MODEL_DIR));
    const vocab = toMap(loaded.get_vocab());
    const special = {
      cls: requireId(vocab, '[CLS]', name),
      sep: requireId(vocab, '[SEP]', name),
      mask: loaded.mask_token_id ?? requireId(vocab, '[MASK]', name),
      pad: loaded.pad_token_id ?? requireId(vocab, '[PAD]', name),
    };
    const config = (await AutoConfig.from_pretrained(name)) as unknown as { max_position_embeddings?: number };
    const maxLength = Math.min(config.max_position_embeddings ?? 512, 512);
    const scorer = await loadScorer(localRoot === undefined ? undefined : join(localRoot, name), precision, special.pad, options);
    const lm = new MaskedLm(options.model ?? 'minibert-en-cased', precision, tokenizer, loaded, special, maxLength, loadLogitsModel, scorer.scorer, scorer.reason);
    if (!scorer.scorer) await lm.model();
    return lm;
  }

  get scoringPath(): ScoringPath {
    return this.scorer ? 'head-on-targets' : 'full-logits';
  }

  /** Transformers.js' model with full logits, loaded on first use when the scorer serves the rest. */
  private model(): Promise<PreTrainedModel> {
    this.logitsModel ??= this.loadLogitsModel();
    return this.logitsModel;
  }

  /**
   * log p(target id) at each target position of each sequence: the numbers span scoring and the
   * information-content weights need, through the cheapest path the model allows.
   */
  async targetLogProbs(sequences: readonly ModelSequence[], targets: readonly (readonly ScoringTarget[])[]): Promise<Float32Array[]> {
    if (this.scorer) return this.scorer.run(sequences, targets);
    const logits = await this.forward(sequences);
    return targets.map((list, row) => Float32Array.from(list, (t) => logProbAt(logits, row, t.position, t.tokenId)));
  }

  /** Runs the model on sequences padded to the longest; position i of row r at (r·seqLength + i)·vocab. */
  async forward(sequences: readonly ModelSequence[]): Promise<BatchLogits> {
    const model = await this.model();
    const seqLength = Math.max(...sequences.map((s) => s.ids.length));
    const size = sequences.length * seqLength;
    const ids = new BigInt64Array(size).fill(BigInt(this.special.pad));
    const attention = new BigInt64Array(size);
    sequences.forEach((s, row) => {
      for (let i = 0; i < s.ids.length; i++) {
        ids[row * seqLength + i] = BigInt(s.ids[i]);
        attention[row * seqLength + i] = BigInt(s.attention[i]);
      }
    });
    const dims = [sequences.length, seqLength];
    const output = (await model({
      input_ids: new Tensor('int64', ids, dims),
      attention_mask: new Tensor('int64', attention, dims),
      token_type_ids: new Tensor('int64', new BigInt64Array(size), dims),
    })) as { logits: Tensor };
    const data = output.logits.data as Float32Array;
    const vocabSize = output.logits.dims[2];
    return { data, seqLength, vocabSize };
  }

  async dispose(): Promise<void> {
    await this.scorer?.dispose();
    if (this.logitsModel) await (await this.logitsModel).dispose();
  }
}

/** The head-on-targets scorer of a local model folder, or why there is none. */
async function loadScorer(folder: string | undefined, precision: MaskedLmPrecision, padId: number, options: MaskedLmOptions): Promise<{ scorer?: SpanScorer; reason?: string }> {
  if (options.headOnTargetsOnly === false) return { reason: 'disabled by headOnTargetsOnly: false' };
  if (folder === undefined) return { reason: 'a Hugging Face model id: its ONNX file is fetched by Transformers.js' };
  const file = join(folder, 'onnx', precision === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
  if (!existsSync(file)) return { reason: `${file} is missing` };
  const graph = buildSpanScorerGraph(readFileSync(file));
  if (!graph.ok) return { reason: `${file}: ${graph.reason}` };
  return { scorer: await SpanScorer.create(graph.bytes, padId, options.threads) };
}

/** log p(tokenId) at one position of a batch's logits (log-softmax, computed stably). */
export function logProbAt(logits: BatchLogits, row: number, position: number, tokenId: number): number {
  const offset = (row * logits.seqLength + position) * logits.vocabSize;
  const data = logits.data;
  let max = -Infinity;
  for (let v = 0; v < logits.vocabSize; v++) if (data[offset + v] > max) max = data[offset + v];
  let sum = 0;
  for (let v = 0; v < logits.vocabSize; v++) sum += Math.exp(data[offset + v] - max);
  return data[offset + tokenId] - max - Math.log(sum);
}

/** A folder (absolute or relative) loads offline; anything else is a Hugging Face model id. */
function locateModel(model: string | undefined): { name: string; localRoot?: string } {
  const folder = resolve(model ?? DEFAULT_MODEL_DIR);
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    return { name: basename(folder), localRoot: dirname(folder) + '/' };
  }
  if (model === undefined) throw new Error(`bundled model folder ${folder} is missing`);
  return { name: model };
}

function wordPieceConfig(tokenizer: LoadedTokenizer, model: string): WordPieceConfig {
  return wordPieceConfigFromJson(tokenizer._tokenizerJSON, toMap(tokenizer.get_vocab()), model);
}

function toMap(vocab: Map<string, number> | Record<string, number>): Map<string, number> {
  return vocab instanceof Map ? vocab : new Map(Object.entries(vocab));
}

function requireId(vocab: ReadonlyMap<string, number>, token: string, model: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`${model}: the vocabulary has no ${token} token`);
  return id;
}
