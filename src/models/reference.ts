/**
 * The one model reference `{ model, dtype, threads }` and the one rule that turns its `model`
 * string into a place to load from:
 *  1. a bundled name (a model folder shipped in the package's `models/`, e.g. `minibert-en-cased`)
 *     → that folder;
 *  2. a path (absolute, starting with `.`, or containing `/`), relative to the file that names it
 *     (the working directory for command-line values) → that folder; `org/name` with no such
 *     folder is a Hugging Face id;
 *  3. anything else → a Hugging Face id.
 * `checkModelReference` applies the rule and checks the folder's files without loading anything,
 * so configs can reject a missing model before any work starts.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../corpus/index.ts';

export const MODEL_DTYPES = ['fp32', 'q8'] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

export const ModelReferenceSchema = z
  .object({
    /** A bundled model name, a folder path or a Hugging Face id. */
    model: z.string().min(1),
    /** fp32 loads `onnx/model.onnx`, q8 `onnx/model_quantized.onnx`; default: the loader's own. */
    dtype: z.enum(MODEL_DTYPES).optional(),
    /** ONNX Runtime intra-op threads. */
    threads: z.number().int().positive().optional(),
  })
  .strict();

export type ModelReference = z.infer<typeof ModelReferenceSchema>;

/** Where the bundled models live (the package's `models/` folder). */
export const BUNDLED_MODELS_DIR = join(REPO_ROOT, 'models');
export const BUNDLED_MODELS = ['minibert-en-cased', 'minibert-en-cased-encoder', 'minibert-tab-ner', 'minibert-tab-ner-1layer', 'minibert-tab-ner-6layer', 'multilingual-ner', 'minibert-tab-mask', 'minibert-wiki-mask', 'trir-attacker-tab-public', 'trir-attacker-tab-public50', 'trir-attacker-tab-original', 'minibert-tab-span'] as const;

/** Defaults by role: names, never paths. */
export const DEFAULT_MASKED_LM = 'minibert-en-cased';
export const DEFAULT_SPAN_ENCODER = 'minibert-en-cased-encoder';
export const DEFAULT_NER_MODEL = 'minibert-tab-ner';
/** The neural layer's model for documents in another language than English (CoNLL labels PER/ORG/LOC/MISC). */
export const MULTILINGUAL_NER_MODEL = 'multilingual-ner';
export const DEFAULT_MASK_LABELLER = 'minibert-tab-mask';

export type ModelLocation =
  | { kind: 'bundled'; model: string; folder: string }
  | { kind: 'folder'; model: string; folder: string }
  /** `triedFolder`: the folder an `org/name` reference would have been. */
  | { kind: 'hub'; model: string; id: string; triedFolder?: string }
  | { kind: 'missing'; model: string; folder: string };

const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** True for a folder name under the bundled models folder that holds a model (config.json). */
export function isBundledModel(name: string): boolean {
  return !name.includes('/') && !name.includes('\\') && !name.startsWith('.') && existsSync(join(BUNDLED_MODELS_DIR, name, 'config.json'));
}

/** Applies the resolution rule (no loading); `baseDir`: the folder of the file that names the model. */
export function resolveModelReference(model: string, baseDir: string = process.cwd()): ModelLocation {
  if (isBundledModel(model)) return { kind: 'bundled', model, folder: join(BUNDLED_MODELS_DIR, model) };
  const pathOnly = isAbsolute(model) || model.startsWith('.') || model.includes('\\') || model.includes('..');
  if (pathOnly || model.includes('/')) {
    const folder = resolve(baseDir, model);
    if (isDirectory(folder)) return { kind: 'folder', model, folder };
    if (!pathOnly && HUB_ID.test(model)) return { kind: 'hub', model, id: model, triedFolder: folder };
    return { kind: 'missing', model, folder };
  }
  if (HUB_ID.test(model)) return { kind: 'hub', model, id: model };
  return { kind: 'missing', model, folder: resolve(baseDir, model) };
}

/**
 * A string that names the same model from anywhere: the bundled name (also for a path to a bundled
 * folder), the hub id, or the absolute folder.
 */
export function portableModelName(location: ModelLocation): string {
  switch (location.kind) {
    case 'bundled':
      return location.model;
    case 'hub':
      return location.id;
    default: {
      const name = basename(location.folder);
      return location.folder === join(BUNDLED_MODELS_DIR, name) && isBundledModel(name) ? name : location.folder;
    }
  }
}

/** What `from_pretrained` gets: an absolute folder or a hub id. */
export function loadTarget(location: Exclude<ModelLocation, { kind: 'missing' }>): string {
  return location.kind === 'hub' ? location.id : location.folder;
}

/** A model that cannot be loaded: names the model, where it looked, and whether the hub was reachable. */
export class ModelNotFoundError extends Error {
  constructor(
    readonly model: string,
    readonly reason: string,
  ) {
    super(`model "${model}" not found: ${reason}`);
    this.name = 'ModelNotFoundError';
  }
}

/** A model folder whose files cannot serve the request (no config.json, no ONNX file of that dtype). */
export class ModelFolderError extends Error {
  constructor(
    readonly model: string,
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`model "${model}" (${folder}): ${reason}`);
    this.name = 'ModelFolderError';
  }
}

/** "not a bundled model", with a hint when the reference ends in a bundled model's folder name. */
function notBundled(model: string): string {
  const last = model.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const hint = last !== model && isBundledModel(last) ? `; the bundled one is named "${last}"` : '';
  return `not a bundled model (${BUNDLED_MODELS.join(', ')}${hint})`;
}

/** The message for a location the rule could not find. */
function missingReason(location: Extract<ModelLocation, { kind: 'missing' }>): string {
  return `${notBundled(location.model)}, no folder at ${location.folder}, and not a Hugging Face id`;
}

export function onnxFile(folder: string, dtype: ModelDtype): string {
  return join(folder, 'onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
}

/**
 * The dtype a reference without one loads: fp32 where the folder has it (and for hub ids), else q8
 * — fine-tuned models are committed as int8 only unless fp32 is needed, so a folder may hold just
 * `model_quantized.onnx`.
 */
export function defaultDtype(location: Exclude<ModelLocation, { kind: 'missing' }>): ModelDtype {
  if (location.kind === 'hub') return 'fp32';
  return existsSync(onnxFile(location.folder, 'fp32')) || !existsSync(onnxFile(location.folder, 'q8')) ? 'fp32' : 'q8';
}

/** Problems of a local model folder for a dtype (undefined: any dtype the folder has). */
function folderProblem(folder: string, dtype: ModelDtype | undefined): string | undefined {
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(join(folder, file))) return `the folder has no ${file}: not a model in the Transformers.js layout`;
  }
  if (dtype !== undefined) {
    if (!existsSync(onnxFile(folder, dtype))) return `dtype ${dtype} needs ${onnxFile(folder, dtype)}, which is missing`;
  } else if (!MODEL_DTYPES.some((d) => existsSync(onnxFile(folder, d)))) {
    return `no ONNX weights under ${join(folder, 'onnx')}`;
  }
  return undefined;
}

/**
 * Cheap check of a reference (no loading, no network): the problem in one sentence, or undefined
 * when the model can be loaded as far as its files tell (a hub id cannot be checked offline).
 */
export function checkModelReference(ref: ModelReference | string, baseDir: string = process.cwd()): string | undefined {
  const { model, dtype } = typeof ref === 'string' ? { model: ref, dtype: undefined } : ref;
  const location = resolveModelReference(model, baseDir);
  if (location.kind === 'missing') return new ModelNotFoundError(model, missingReason(location)).message;
  if (location.kind === 'hub') return undefined;
  const problem = folderProblem(location.folder, dtype);
  return problem === undefined ? undefined : new ModelFolderError(model, location.folder, problem).message;
}

/**
 * Resolves a reference for loading: throws ModelNotFoundError / ModelFolderError for what can be
 * told without loading; a hub id is returned as is (`describeLoadFailure` explains a failed fetch).
 */
export function locateModel(model: string, dtype: ModelDtype | undefined, baseDir: string = process.cwd()): Exclude<ModelLocation, { kind: 'missing' }> {
  const location = resolveModelReference(model, baseDir);
  if (location.kind === 'missing') throw new ModelNotFoundError(model, missingReason(location));
  if (location.kind !== 'hub') {
    const problem = folderProblem(location.folder, dtype);
    if (problem !== undefined) throw new ModelFolderError(model, location.folder, problem);
  }
  return location;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function isNetworkFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: string; message?: string };
    if (code && NETWORK_CODES.has(code)) return true;
    if (typeof message === 'string' && /fetch failed|getaddrinfo|network|socket/i.test(message)) return true;
  }
  return false;
}

/**
 * Wraps a failure to load a located model in an error that names the model and where it looked.
 * Errors already of this module pass through.
 */
export function describeLoadFailure(location: Exclude<ModelLocation, { kind: 'missing' }>, error: unknown): Error {
  if (error instanceof ModelNotFoundError || error instanceof ModelFolderError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (location.kind === 'hub') {
    const looked = `${notBundled(location.model)}, ${location.triedFolder ? `no folder at ${location.triedFolder}, ` : ''}and`;
    if (isNetworkFailure(error)) return new ModelNotFoundError(location.model, `${looked} the Hugging Face hub could not be reached (offline?)`);
    if (/could not locate file|404|not found|unauthorized|401/i.test(detail)) return new ModelNotFoundError(location.model, `${looked} the Hugging Face hub has no such model (${detail})`);
    return new Error(`model "${location.model}" (Hugging Face id) could not be loaded: ${detail}`);
  }
  return new ModelFolderError(location.model, location.folder, `could not be loaded: ${detail}`);
}
