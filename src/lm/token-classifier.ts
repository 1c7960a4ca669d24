/**
 * Token classification with any Hugging Face token-classification model (BERT, RoBERTa, …) through
 * Transformers.js, with what the pipeline lacks: word-piece → character offsets (UTF-16) and
 * overlapping windows for documents longer than the model's maximum length.
 *
 * Pieces come from the one offset tokenizer (tokenizer.ts: ids exactly as Transformers.js encodes
 * the whole text, any tokenizer family, exact character ranges); words are the text split like
 * BERT's pre-tokenizer (whitespace, then each punctuation character on its own), and each piece
 * belongs to the word it starts in. The training scripts (training/export-pieces.ts) use this same
 * class, so training and inference see identical pieces.
 */
import {
  AutoConfig,
  AutoModelForTokenClassification,
  AutoTokenizer,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { Span } from '../corpus/index.ts';
import { acquireModel, defaultDtype, describeLoadFailure, loadTarget, locateModel, modelThreads, resolveModelReference, type ModelLocation } from '../models/index.ts';
import { sessionInputNames, zeroFeeds } from './inputs.ts';
import { maxSequenceLength, type PositionConfig } from './positions.ts';
import { PieceTokenizer } from './tokenizer.ts';

export type TokenClassifierDtype = 'fp32' | 'q8';

export interface TokenClassifierOptions {
  /** 'q8' loads onnx/model_quantized.onnx. Default: fp32 where the folder has it, else q8 (src/models `defaultDtype`). */
  dtype?: TokenClassifierDtype;
  /** ONNX Runtime intra-op threads (default 2: two cores on the target machines; more only contend). */
  threads?: number;
  /** Folder that a relative model path is relative to (the file that names it); default: the working directory. */
  baseDir?: string;
  /** Pieces per window, special tokens included. Default 256, at most the model's positions. */
  maxLength?: number;
  /** Pieces that consecutive windows share (Hugging Face's `stride` convention). Default maxLength / 4. */
  stride?: number;
  /** Windows per ONNX run. Default 8. */
  batchSize?: number;
}

/** One word piece with its character range in the text (UTF-16, end-exclusive). */
export interface TextPiece extends Span {
  id: number;
  /** Index into `TokenizedText.words`. */
  word: number;
}

export interface TokenizedText {
  /** Words as the BERT pre-tokenizer splits them (punctuation characters are words of their own). */
  words: Span[];
  pieces: TextPiece[];
}

/** A classified piece: `probs[k]` is the probability of `labels[k]`. */
export interface ClassifiedPiece extends TextPiece {
  probs: Float32Array;
}

export interface TokenClassification extends TokenizedText {
  labels: readonly string[];
  pieces: ClassifiedPiece[];
}

export interface TokenClassifier {
  /** The model folder or id it was loaded from. */
  readonly model: string;
  /** Labels in output order, from the model's `config.json` (`id2label`). */
  readonly labels: readonly string[];
  tokenize(text: string): TokenizedText;
  classify(text: string): Promise<TokenClassification>;
  dispose(): Promise<void>;
}

/** BERT's punctuation: ASCII punctuation and Unicode category P (tokenizers' `is_punctuation`). */
const PUNCTUATION = String.raw`!-\/:-@\[-\x60{-~\p{P}`;
/** BERT splits CJK ideographs into words of their own (normalizer `handle_chinese_chars`). */
const CJK = String.raw`\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}`;
/** Characters the BERT normalizer deletes (`clean_text`: controls, format characters, U+FFFD). */
const DROPPED = String.raw`\p{Cc}\p{Cf}\p{Co}\p{Cn}\u{FFFD}`;
const WORD = new RegExp(`[${PUNCTUATION}${CJK}]|[^\\s${PUNCTUATION}${CJK}${DROPPED}]+`, 'gu');

/** Splits a text the way BERT's normalizer + pre-tokenizer do, keeping UTF-16 offsets. */
export function preTokenize(text: string): Span[] {
  const words: Span[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    words.push({ start, end: start + match[0].length });
  }
  return words;
}

/**
 * Pieces with offsets and the words they belong to: a piece belongs to the word it starts in; a
 * piece that starts between words (a lone byte-level "Ġ" or SentencePiece "▁") to the word before.
 */
export class OffsetTokenizer {
  readonly prefixIds: number[];
  readonly suffixIds: number[];
  readonly padId: number;
  readonly pieces: PieceTokenizer;

  constructor(tokenizer: PreTrainedTokenizer | PieceTokenizer) {
    this.pieces = tokenizer instanceof PieceTokenizer ? tokenizer : new PieceTokenizer(tokenizer, 'token classifier');
    this.prefixIds = [...this.pieces.prefix];
    this.suffixIds = [...this.pieces.suffix];
    this.padId = this.pieces.padId ?? 0;
  }

  tokenize(text: string): TokenizedText {
    const words = preTokenize(text);
    if (words.length === 0) return { words, pieces: [] };
    const tokens = this.pieces.tokenize(text);
    const pieces: TextPiece[] = [];
    let word = 0;
    for (let i = 0; i < tokens.ids.length; i++) {
      const start = tokens.starts[i];
      // Piece starts never decrease: the word index only moves forward.
      while (word + 1 < words.length && words[word + 1].start <= start) word++;
      pieces.push({ id: tokens.ids[i], word, start, end: tokens.ends[i] });
    }
    return { words, pieces };
  }
}

/** A window over pieces [start, end). */
export interface PieceWindow {
  start: number;
  end: number;
}

/**
 * Overlapping windows of at most `size` pieces, consecutive windows sharing `overlap` pieces, and,
 * for each piece, the window where it is most central (farthest from a window edge), because a
 * piece near a cut sees only one side of its context. Python's training/data.py mirrors this.
 */
export function pieceWindows(count: number, size: number, overlap: number): { windows: PieceWindow[]; owner: Int32Array } {
  if (size < 1) throw new Error(`window size must be positive (got ${size})`);
  if (overlap < 0 || overlap >= size) throw new Error(`window overlap must be in [0, ${size}) (got ${overlap})`);
  const windows: PieceWindow[] = [];
  const step = size - overlap;
  for (let start = 0; ; start += step) {
    const end = Math.min(start + size, count);
    windows.push({ start, end });
    if (end >= count) break;
  }
  const owner = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = -1;
    let bestMargin = -1;
    // Only the windows around i can contain it.
    const first = Math.max(0, Math.floor((i - size + 1) / step));
    for (let w = first; w < windows.length && windows[w].start <= i; w++) {
      const { start, end } = windows[w];
      if (i >= end) continue;
      const margin = Math.min(i - start, end - 1 - i);
      if (margin > bestMargin) {
        best = w;
        bestMargin = margin;
      }
    }
    owner[i] = best;
  }
  return { windows, owner };
}

/** The folder (absolute) or hub id a model reference resolves to (see src/models); unresolvable references are returned as given. */
export function resolveModelPath(modelPathOrId: string, baseDir?: string): string {
  const location = resolveModelReference(modelPathOrId, baseDir);
  return location.kind === 'missing' ? modelPathOrId : loadTarget(location);
}

function labelsFromConfig(config: unknown, model: string): string[] {
  const id2label = (config as { id2label?: Record<string, string> }).id2label;
  if (!id2label || Object.keys(id2label).length === 0) throw new Error(`${model}: config.json has no id2label; is it a token-classification model?`);
  const labels: string[] = [];
  for (const [id, label] of Object.entries(id2label)) labels[Number(id)] = label;
  if (labels.some((l) => l === undefined) || labels.length !== Object.keys(id2label).length) {
    throw new Error(`${model}: config.json id2label ids are not 0..${labels.length - 1}`);
  }
  return labels;
}

interface TokenClassifierCore {
  tokenizer: PreTrainedTokenizer;
  config: unknown;
  labels: string[];
  onnx: PreTrainedModel;
}

async function loadClassifierCore(location: Exclude<ModelLocation, { kind: 'missing' }>, dtype: TokenClassifierDtype, threads: number): Promise<TokenClassifierCore> {
  const target = loadTarget(location);
  // A local folder must never fall back to the network; a hub id may, where the caller allows it.
  const remote = location.kind === 'hub' ? {} : { local_files_only: true };
  const [tokenizer, config] = await Promise.all([AutoTokenizer.from_pretrained(target, remote), AutoConfig.from_pretrained(target, remote)]);
  const labels = labelsFromConfig(config, target);
  const onnx: PreTrainedModel = await AutoModelForTokenClassification.from_pretrained(target, {
    ...remote,
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  return { tokenizer, config, labels, onnx };
}

/**
 * Loads a token-classification model and its tokenizer (a model reference: bundled name, folder or
 * hub id), shared through the process-wide model cache.
 */
export async function createTokenClassifier(modelPathOrId: string, options: TokenClassifierOptions = {}): Promise<TokenClassifier> {
  const location = locateModel(modelPathOrId, options.dtype, options.baseDir);
  const dtype = options.dtype ?? defaultDtype(location);
  const model = loadTarget(location);
  const threads = modelThreads(options.threads, 2)!;
  const lease = await acquireModel(
    JSON.stringify(['token-classifier', model, dtype, threads]),
    async () => {
      try {
        return await loadClassifierCore(location, dtype, threads);
      } catch (error) {
        throw describeLoadFailure(location, error);
      }
    },
    async (core) => {
      await core.onnx.dispose();
    },
  );
  const { tokenizer, config, labels, onnx } = lease.value;
  const maxLength = Math.min(options.maxLength ?? 256, maxSequenceLength(config as PositionConfig));
  const offsets = new OffsetTokenizer(tokenizer);
  const specials = offsets.prefixIds.length + offsets.suffixIds.length;
  const windowSize = maxLength - specials;
  if (windowSize < 2) throw new Error(`${model}: maxLength ${maxLength} leaves no room for pieces`);
  const overlap = Math.min(options.stride ?? Math.floor(windowSize / 4), windowSize - 1);
  const batchSize = Math.max(1, options.batchSize ?? 8);

  const k = labels.length;
  const prefixLength = offsets.prefixIds.length;
  const bigPrefix = offsets.prefixIds.map(BigInt);
  const bigSuffix = offsets.suffixIds.map(BigInt);

  /** Runs the windows in batches; returns each window's logits ([width, labels] rows, prefix first) as views. */
  async function runWindows(ids: readonly number[], windows: PieceWindow[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let b = 0; b < windows.length; b += batchSize) {
      const batch = windows.slice(b, b + batchSize);
      let width = 0;
      for (const w of batch) width = Math.max(width, w.end - w.start + specials);
      const inputIds = new BigInt64Array(batch.length * width).fill(BigInt(offsets.padId));
      const mask = new BigInt64Array(batch.length * width);
      batch.forEach((w, row) => {
        let at = row * width;
        for (const id of bigPrefix) inputIds[at++] = id;
        for (let i = w.start; i < w.end; i++) inputIds[at++] = BigInt(ids[i]);
        for (const id of bigSuffix) inputIds[at++] = id;
        mask.fill(1n, row * width, at);
      });
      const shape = [batch.length, width];
      const result = (await onnx({
        input_ids: new Tensor('int64', inputIds, shape),
        attention_mask: new Tensor('int64', mask, shape),
        ...zeroFeeds(sessionInputNames(onnx), () => new Tensor('int64', new BigInt64Array(batch.length * width), shape)),
      })) as { logits: Tensor };
      const logits = result.logits.data as Float32Array;
      batch.forEach((_, row) => out.push(logits.subarray(row * width * k, (row + 1) * width * k)));
    }
    return out;
  }

  return {
    model,
    labels,
    tokenize: (text) => offsets.tokenize(text),
    async classify(text) {
      const tokenized = offsets.tokenize(text);
      const { pieces } = tokenized;
      if (pieces.length === 0) return { ...tokenized, labels, pieces: [] };
      const { windows, owner } = pieceWindows(pieces.length, windowSize, overlap);
      const logits = await runWindows(
        pieces.map((p) => p.id),
        windows,
      );
      // One buffer for all pieces' probabilities: a typed array per piece costs more than the softmax.
      const probabilities = new Float32Array(pieces.length * k);
      const classified = pieces.map((piece, i): ClassifiedPiece => {
        const w = owner[i];
        const row = i - windows[w].start + prefixLength;
        const probs = probabilities.subarray(i * k, (i + 1) * k);
        softmaxInto(logits[w].subarray(row * k, (row + 1) * k), probs);
        return { id: piece.id, word: piece.word, start: piece.start, end: piece.end, probs };
      });
      return { ...tokenized, labels, pieces: classified };
    },
    async dispose() {
      await lease.release();
    },
  };
}

/** Softmax of `logits` written into `out` (same length), in float32 as a Float32Array result would hold it. */
function softmaxInto(logits: Float32Array, out: Float32Array): void {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
}

/** Index of the most probable label. */
export function argmax(probs: Float32Array): number {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return best;
}
