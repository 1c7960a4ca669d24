/**
 * Loading a masked LM (ONNX, through Transformers.js) of any tokenizer family (WordPiece, byte-level
 * BPE, SentencePiece; tokenizer.ts) with its special tokens from the tokenizer config;
 * log-probabilities of target pieces (through the span-scoring graph when the model allows it) and
 * full logits of a padded batch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoConfig, AutoModelForMaskedLM, Tensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { acquireModel, BUNDLED_MODELS_DIR, DEFAULT_MASKED_LM, describeLoadFailure, loadTarget, locateModel, modelThreads, onnxFile, portableModelName, type ModelLease, type ModelLocation } from '../models/index.ts';
import { buildSpanScorerGraph, SpanScorer, type ScoringTarget } from './span-scorer.ts';
import { sessionInputNames, zeroFeeds } from './inputs.ts';
import { maxSequenceLength, type PositionConfig } from './positions.ts';
import { PieceTokenizer } from './tokenizer.ts';

export type MaskedLmPrecision = 'fp32' | 'q8';

export interface MaskedLmOptions {
  /** A model reference (bundled name, folder or Hugging Face id; see src/models); default: the bundled minibert-en-cased. */
  model?: string;
  /** Weights to load: fp32 (`onnx/model.onnx`) or q8 (`onnx/model_quantized.onnx`). Default fp32. */
  dtype?: MaskedLmPrecision;
  /** The former name of `dtype`, still accepted; `dtype` wins when both are given. */
  precision?: MaskedLmPrecision;
  /** Folder that a relative model path is relative to (the file that names it); default: the working directory. */
  baseDir?: string;
  /** ONNX Runtime intra-op threads; default: ONNX Runtime's own choice (all cores). */
  threads?: number;
  /**
   * Run the MLM head only at scored positions (span-scorer.ts) when the model is a local folder
   * whose graph allows it (default true); false always computes full logits.
   */
  headOnTargetsOnly?: boolean;
  /** Where the one-time notice goes when an fp32 graph's head cannot be cut (default: stderr). */
  warn?: (message: string) => void;
}

/** How `targetLogProbs` gets its numbers: the rewritten graph, or full logits and a log-softmax in JS. */
export type ScoringPath = 'head-on-targets' | 'full-logits';

/** The bundled folder of the default masked LM (loaders take the name, DEFAULT_MASKED_LM). */
export const DEFAULT_MODEL_DIR = join(BUNDLED_MODELS_DIR, DEFAULT_MASKED_LM);

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

/** Special ids from the tokenizer's files: the template around one sequence, the mask and the pad. */
export interface SpecialIds {
  /** Before the text ([CLS], <s>). */
  prefix: readonly number[];
  /** After the text ([SEP], </s>). */
  suffix: readonly number[];
  mask: number;
  pad: number;
}

/** What a load produces; shared through the process-wide model cache by every MaskedLm of the same model. */
interface MaskedLmCore {
  tokenizer: PieceTokenizer;
  special: SpecialIds;
  maxLength: number;
  model(): Promise<PreTrainedModel>;
  scorer?: SpanScorer;
  fullLogitsReason?: string;
  dispose(): Promise<void>;
}

export class MaskedLm {
  readonly tokenizer: PieceTokenizer;
  /** Transformers.js' own tokenizer, kept for cross-checks. */
  readonly referenceTokenizer: PreTrainedTokenizer;
  readonly special: SpecialIds;
  /** Maximum sequence length including the special tokens (the model's positions, RoBERTa's offset taken off). */
  readonly maxLength: number;
  /** Why the head cannot run on targets only, when it cannot. */
  readonly fullLogitsReason?: string;
  private readonly scorer: SpanScorer | undefined;

  private constructor(
    /** The model reference as given (a bundled name by default). */
    readonly modelName: string,
    /** Where it was loaded from. */
    readonly location: Exclude<ModelLocation, { kind: 'missing' }>,
    readonly precision: MaskedLmPrecision,
    /** ONNX Runtime threads asked for (undefined: its own choice). */
    readonly threads: number | undefined,
    private readonly lease: ModelLease<MaskedLmCore>,
  ) {
    const core = lease.value;
    this.tokenizer = core.tokenizer;
    this.referenceTokenizer = core.tokenizer.reference;
    this.special = core.special;
    this.maxLength = core.maxLength;
    this.scorer = core.scorer;
    this.fullLogitsReason = core.fullLogitsReason;
  }

  /** The model dtype (the name the model reference uses for `precision`). */
  get dtype(): MaskedLmPrecision {
    return this.precision;
  }

  /** The reference that loads this same model from anywhere (bundled name, hub id or absolute folder). */
  get portableName(): string {
    return portableModelName(this.location);
  }

  /** Loads a masked LM, or shares the one already loaded for the same location, dtype and settings. */
  static async load(options: MaskedLmOptions = {}): Promise<MaskedLm> {
    const precision = options.dtype ?? options.precision ?? 'fp32';
    const modelName = options.model ?? DEFAULT_MASKED_LM;
    const location = locateModel(modelName, precision, options.baseDir);
    const headOnTargetsOnly = options.headOnTargetsOnly !== false;
    const threads = modelThreads(options.threads);
    const key = JSON.stringify(['masked-lm', loadTarget(location), precision, threads ?? null, headOnTargetsOnly]);
    const lease = await acquireModel(
      key,
      async () => {
        try {
          return await loadCore(location, precision, threads, headOnTargetsOnly, options.warn);
        } catch (error) {
          throw describeLoadFailure(location, error);
        }
      },
      (core) => core.dispose(),
    );
    return new MaskedLm(modelName, location, precision, threads, lease);
  }

  get scoringPath(): ScoringPath {
    return this.scorer ? 'head-on-targets' : 'full-logits';
  }

  /** Transformers.js' model with full logits, loaded on first use when the scorer serves the rest. */
  private model(): Promise<PreTrainedModel> {
    return this.lease.value.model();
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
      ...zeroFeeds(sessionInputNames(model), () => new Tensor('int64', new BigInt64Array(size), dims)),
    })) as { logits: Tensor };
    const data = output.logits.data as Float32Array;
    const vocabSize = output.logits.dims[2];
    return { data, seqLength, vocabSize };
  }

  /** Gives this user's hold on the shared model back; the last user's dispose frees it. */
  async dispose(): Promise<void> {
    await this.lease.release();
  }
}

/** ONNX files whose fallback to full logits was reported already (once per process). */
const reportedFallbacks = new Set<string>();

async function loadCore(
  location: Exclude<ModelLocation, { kind: 'missing' }>,
  precision: MaskedLmPrecision,
  threads: number | undefined,
  headOnTargetsOnly: boolean,
  warn: ((message: string) => void) | undefined,
): Promise<MaskedLmCore> {
  const target = loadTarget(location);
  // A local folder never falls back to the network.
  const local = location.kind === 'hub' ? {} : { local_files_only: true };
  const tokenizer = await PieceTokenizer.load(target, local);
  const sessionOptions = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
  let logitsModel: Promise<PreTrainedModel> | undefined;
  const model = (): Promise<PreTrainedModel> => {
    logitsModel ??= AutoModelForMaskedLM.from_pretrained(target, { ...local, dtype: precision, session_options: sessionOptions });
    return logitsModel;
  };
  if (tokenizer.maskId === undefined) {
    throw new Error(`${location.model}: the tokenizer config names no mask token (mask_token), so it is not a masked LM`);
  }
  const special: SpecialIds = { prefix: tokenizer.prefix, suffix: tokenizer.suffix, mask: tokenizer.maskId, pad: tokenizer.requirePad('masked LM') };
  const config = (await AutoConfig.from_pretrained(target, local)) as unknown as PositionConfig;
  const maxLength = maxSequenceLength(config);
  const scorer = await loadScorer(location.kind === 'hub' ? undefined : location.folder, precision, special.pad, threads, headOnTargetsOnly);
  // A quantized head is refused by design (see span-scorer.ts); an fp32 graph that cannot be cut is worth saying, once.
  if (scorer.graphRefused && precision === 'fp32' && !reportedFallbacks.has(scorer.graphRefused)) {
    reportedFallbacks.add(scorer.graphRefused);
    (warn ?? ((message: string) => process.stderr.write(`warning: ${message}\n`)))(
      `masked LM ${location.model}: the MLM head cannot run on scored positions only (${scorer.reason}); scoring through full logits instead (same numbers, slower)`,
    );
  }
  if (!scorer.scorer) await model();
  return {
    tokenizer,
    special,
    maxLength,
    model,
    scorer: scorer.scorer,
    fullLogitsReason: scorer.reason,
    async dispose() {
      await scorer.scorer?.dispose();
      if (logitsModel) await (await logitsModel).dispose();
    },
  };
}

/** The head-on-targets scorer of a local model folder, or why there is none (`graphRefused`: the file whose graph could not be cut). */
async function loadScorer(
  folder: string | undefined,
  precision: MaskedLmPrecision,
  padId: number,
  threads: number | undefined,
  headOnTargetsOnly: boolean,
): Promise<{ scorer?: SpanScorer; reason?: string; graphRefused?: string }> {
  if (!headOnTargetsOnly) return { reason: 'disabled by headOnTargetsOnly: false' };
  if (folder === undefined) return { reason: 'a Hugging Face model id: its ONNX file is fetched by Transformers.js' };
  const file = onnxFile(folder, precision);
  if (!existsSync(file)) return { reason: `${file} is missing` };
  const graph = buildSpanScorerGraph(readFileSync(file));
  if (!graph.ok) return { reason: `${file}: ${graph.reason}`, graphRefused: file };
  return { scorer: await SpanScorer.create(graph.bytes, padId, threads) };
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
