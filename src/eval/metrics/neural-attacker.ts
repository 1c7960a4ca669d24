/**
 * The neural re-identification attacker of Manzanares-Salor et al. (2024): the bundled encoder
 * fine-tuned to map a window of background knowledge to its individual (one logit per individual).
 * It is trained offline (training/export-attacker-windows.ts → training/train_trir_attacker.py) and
 * saved as a model artefact; here it is loaded and run in ONNX. A document is linked to the
 * individual with the highest sum of logits over its windows.
 *
 * Training and inference cut texts into windows with the SAME function (`attackerWindows`) and the
 * same tokenizer (src/lm/tokenizer.ts, from the artefact's own tokenizer files).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { zeroFeeds } from '../../lm/inputs.ts';
// Types only at import: the tokenizer module loads Transformers.js, which `evaluate` must not load unless an attacker runs.
import type { PieceTokenizer } from '../../lm/tokenizer.ts';
import { acquireOnnxSession, describeLoadFailure, locateModel, onnxFile, type ModelDtype, type ModelLease, type OnnxSession } from '../../models/index.ts';

/**
 * Overlapping windows of at most `size` word-piece ids, each starting `stride` after the previous,
 * the last one reaching the end; a text of at most `size` pieces (an empty one too) is one window.
 */
export function attackerWindows(ids: ArrayLike<number>, size: number, stride: number): Int32Array[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`attacker window size must be a positive integer (got ${size})`);
  if (!Number.isInteger(stride) || stride < 1 || stride > size) throw new Error(`attacker window stride must be in [1, ${size}] (got ${stride})`);
  const all = Int32Array.from(ids);
  if (all.length <= size) return [all];
  const out: Int32Array[] = [];
  for (let start = 0; ; start += stride) {
    out.push(all.slice(start, start + size));
    if (start + size >= all.length) break;
  }
  return out;
}

/** The tokenizer of a model folder (its tokenizer files) and the ids its template puts around a text, and the pad. */
export async function folderTokenizer(folder: string): Promise<{ tokenizer: PieceTokenizer; cls: number; sep: number; pad: number }> {
  const { PieceTokenizer } = await import('../../lm/tokenizer.ts');
  const tokenizer = PieceTokenizer.fromFolder(folder);
  return { tokenizer, ...tokenizer.singleSpecials('attacker'), pad: tokenizer.requirePad('attacker') };
}

/** SHA-256 (hex) of a file's bytes: what ties an attacker to the background knowledge it was trained on. */
export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** What training/train_trir_attacker.py writes under `trir_attacker` in the artefact's config.json. */
const AttackerSectionSchema = z.object({
  background_knowledge_file: z.string(),
  background_knowledge_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  window: z.number().int().positive(),
  stride: z.number().int().positive(),
  seed: z.number().int(),
  epochs: z.number().positive(),
  anonymized_copy: z.boolean(),
});

const AttackerConfigSchema = z.object({
  id2label: z.record(z.string()),
  max_position_embeddings: z.number().int().positive(),
  trir_attacker: AttackerSectionSchema,
});

export type AttackerTraining = z.infer<typeof AttackerSectionSchema>;

export interface NeuralAttackerOptions {
  /** A model reference: bundled name (e.g. trir-attacker-tab-original), folder or path. */
  model: string;
  /** Default q8 (the committed attackers ship onnx/model_quantized.onnx only). */
  dtype?: ModelDtype;
  /** ONNX Runtime intra-op threads (default 2). */
  threads?: number;
  /** What a relative model path is relative to (the config file's folder). */
  baseDir?: string;
}

/** An attacker artefact's folder, labels and training record, read from its config.json without loading the model. */
export function readAttackerArtefact(options: NeuralAttackerOptions): { folder: string; configFile: string; labels: string[]; training: AttackerTraining } {
  const location = locateModel(options.model, options.dtype ?? 'q8', options.baseDir);
  if (location.kind === 'hub') throw new Error(`trir attacker: model "${options.model}" must be a local artefact folder written by training/train_trir_attacker.py`);
  const configFile = join(location.folder, 'config.json');
  const parsed = AttackerConfigSchema.safeParse(JSON.parse(readFileSync(configFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${configFile}: not a TRIR attacker (${issue.path.join('.') || '(top level)'}: ${issue.message}); train one with training/train_trir_attacker.py`);
  }
  const { id2label, max_position_embeddings: positions, trir_attacker: training } = parsed.data;
  const labels = Object.keys(id2label).map((_, i) => id2label[String(i)]);
  if (labels.some((l) => l === undefined)) throw new Error(`${configFile}: id2label ids are not 0..${labels.length - 1}`);
  if (training.window + 2 > positions) throw new Error(`${configFile}: window ${training.window} + [CLS]/[SEP] exceeds max_position_embeddings ${positions}`);
  return { folder: location.folder, configFile, labels, training };
}

export class NeuralAttacker {
  /** Windows run so far (for timing reports). */
  readonly counters = { windows: 0 };

  private constructor(
    /** The artefact folder. */
    readonly folder: string,
    /** Individual ids in logit order. */
    readonly labels: readonly string[],
    readonly training: AttackerTraining,
    private readonly tokenizer: Awaited<ReturnType<typeof folderTokenizer>>,
    private readonly lease: ModelLease<OnnxSession>,
  ) {}

  static async load(options: NeuralAttackerOptions): Promise<NeuralAttacker> {
    const dtype = options.dtype ?? 'q8';
    const { folder, labels, training } = readAttackerArtefact(options);
    const location = locateModel(options.model, dtype, options.baseDir);
    const tokenizer = await folderTokenizer(folder);
    const file = onnxFile(folder, dtype);
    const threads = options.threads ?? 2;
    // Loaded here, not at import: most users of src/eval never run an attacker.
    const lease = await acquireOnnxSession('trir-attacker', file, threads, (error) => describeLoadFailure(location, error));
    if (lease.value.session.outputNames[0] !== 'logits') throw new Error(`${file}: the graph has no "logits" output`);
    return new NeuralAttacker(folder, labels, training, tokenizer, lease);
  }

  /** The text's word-piece windows, as training/export-attacker-windows.ts cuts them. */
  windows(text: string): Int32Array[] {
    return attackerWindows(this.tokenizer.tokenizer.tokenize(text).ids, this.training.window, this.training.stride);
  }

  /** Logits of one window ([CLS] window [SEP]), one per label. One window per run: no padding, so int8 activations never depend on batch neighbours. */
  async windowLogits(window: Int32Array): Promise<Float32Array> {
    const { session, tensor } = this.lease.value;
    const ids = new BigInt64Array(window.length + 2);
    ids[0] = BigInt(this.tokenizer.cls);
    window.forEach((id, k) => (ids[k + 1] = BigInt(id)));
    ids[ids.length - 1] = BigInt(this.tokenizer.sep);
    const dims = [1, ids.length];
    const output = await session.run({
      input_ids: new tensor('int64', ids, dims),
      attention_mask: new tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
      ...zeroFeeds(session.inputNames, () => new tensor('int64', new BigInt64Array(ids.length), dims)),
    });
    this.counters.windows++;
    const logits = output.logits.data as Float32Array;
    if (logits.length !== this.labels.length) throw new Error(`${this.folder}: the model gives ${logits.length} logits for ${this.labels.length} labels`);
    return logits;
  }

  /** Logits summed over the text's windows. */
  async documentLogits(text: string): Promise<Float64Array> {
    const total = new Float64Array(this.labels.length);
    for (const window of this.windows(text)) {
      const logits = await this.windowLogits(window);
      for (let c = 0; c < total.length; c++) total[c] += logits[c];
    }
    return total;
  }

  /** The id whose summed window logits are highest (the first on a tie). */
  async predict(text: string): Promise<string> {
    const total = await this.documentLogits(text);
    let best = 0;
    for (let c = 1; c < total.length; c++) if (total[c] > total[best]) best = c;
    return this.labels[best];
  }

  async dispose(): Promise<void> {
    await this.lease.release();
  }
}
