/**
 * One loader for encoders (`last_hidden_state` output) of any tokenizer family (BERT, RoBERTa,
 * XLM-R, DeBERTa, ELECTRA, …; tokenizer.ts) by model reference: a bundled name, a folder or a
 * Hugging Face id (see src/models). Loaded encoders are shared per (location, dtype, threads), so the span
 * encoder and the evaluation's sentence encoder hold one copy of the same model.
 */
import type { PreTrainedModel } from '@huggingface/transformers';
import { acquireModel, describeLoadFailure, loadTarget, locateModel, modelThreads, type ModelLease, type ModelLocation } from '../models/index.ts';
import { maxSequenceLength, type PositionConfig } from './positions.ts';
import { PieceTokenizer } from './tokenizer.ts';

export interface EncoderCore {
  dimension: number;
  tokenizer: PieceTokenizer;
  /** The tokens the tokenizer's template puts before (cls: [CLS], <s>) and after (sep: [SEP], </s>) a text, and the pad. */
  special: { cls: number; sep: number; pad: number };
  /** Pieces per sequence, special tokens included (the model's positions, RoBERTa's offset taken off). */
  maxLength: number;
  model: PreTrainedModel;
}

export type LocatedModel = Exclude<ModelLocation, { kind: 'missing' }>;

export interface EncoderRequest {
  /** A model reference's `model`. */
  model: string;
  dtype: 'fp32' | 'q8';
  threads?: number;
  /** Folder a relative model path is relative to; default: the working directory. */
  baseDir?: string;
  /** Names the user in error messages, e.g. "span encoder". */
  role: string;
}

/** Locates (throws ModelNotFoundError / ModelFolderError) and loads or shares the encoder. */
export async function acquireEncoder(request: EncoderRequest): Promise<{ location: LocatedModel; lease: ModelLease<EncoderCore> }> {
  const location = locateModel(request.model, request.dtype, request.baseDir);
  const threads = modelThreads(request.threads);
  const lease = await acquireModel(
    JSON.stringify(['encoder', loadTarget(location), request.dtype, threads ?? null]),
    async () => {
      try {
        return await loadEncoderCore(location, request.dtype, threads, request.role);
      } catch (error) {
        throw describeLoadFailure(location, error);
      }
    },
    async (core) => {
      await core.model.dispose();
    },
  );
  return { location, lease };
}

async function loadEncoderCore(location: LocatedModel, dtype: 'fp32' | 'q8', threads: number | undefined, role: string): Promise<EncoderCore> {
  // Loaded here, not at import: the runtime is heavy and most callers never embed.
  const { AutoModel } = await import('@huggingface/transformers');
  const target = loadTarget(location);
  // A local folder never falls back to the network.
  const local = location.kind === 'hub' ? {} : { local_files_only: true };
  const sessionOptions = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
  const model = await AutoModel.from_pretrained(target, { ...local, dtype, session_options: sessionOptions });
  const tokenizer = await PieceTokenizer.load(target, local);
  const special = { ...tokenizer.singleSpecials(role), pad: tokenizer.requirePad(role) };
  const config = model.config as unknown as { hidden_size?: number } & PositionConfig;
  return { dimension: config.hidden_size ?? 256, tokenizer, special, maxLength: maxSequenceLength(config), model };
}
