/**
 * One loader for BERT encoders (`last_hidden_state` output) by model reference: a bundled name, a folder or a
 * Hugging Face id (see src/models). Loaded encoders are shared per (location, dtype, threads), so the span
 * encoder and the evaluation's sentence encoder hold one copy of the same model.
 */
import type { PreTrainedModel } from '@huggingface/transformers';
import { acquireModel, describeLoadFailure, loadTarget, locateModel, modelThreads, type ModelLease, type ModelLocation } from '../models/index.ts';
import { WordPieceTokenizer, wordPieceConfigFromJson, type TokenizerJson } from './wordpiece.ts';

export interface EncoderCore {
  dimension: number;
  tokenizer: WordPieceTokenizer;
  special: { cls: number; sep: number; pad: number };
  model: PreTrainedModel;
}

export type LocatedModel = Exclude<ModelLocation, { kind: 'missing' }>;

interface LoadedTokenizer {
  get_vocab(): Map<string, number> | Record<string, number>;
  _tokenizerJSON?: TokenizerJson;
}

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
  const { AutoModel, AutoTokenizer } = await import('@huggingface/transformers');
  const target = loadTarget(location);
  // A local folder never falls back to the network.
  const local = location.kind === 'hub' ? {} : { local_files_only: true };
  const sessionOptions = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
  const model = await AutoModel.from_pretrained(target, { ...local, dtype, session_options: sessionOptions });
  const loaded = (await AutoTokenizer.from_pretrained(target, local)) as unknown as LoadedTokenizer;
  const raw = loaded.get_vocab();
  const vocab = raw instanceof Map ? raw : new Map(Object.entries(raw));
  const tokenizer = new WordPieceTokenizer(wordPieceConfigFromJson(loaded._tokenizerJSON, vocab, `${role} ${location.model}`));
  const id = (token: string): number => {
    const value = vocab.get(token);
    if (value === undefined) throw new Error(`${role} ${location.model}: the vocabulary has no ${token}`);
    return value;
  };
  const config = model.config as unknown as { hidden_size?: number };
  return { dimension: config.hidden_size ?? 256, tokenizer, special: { cls: id('[CLS]'), sep: id('[SEP]'), pad: id('[PAD]') }, model };
}
