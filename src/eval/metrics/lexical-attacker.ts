/**
 * The fast re-identification attacker: TF-IDF word features of windows of the background-knowledge
 * texts and a multinomial logistic regression (one class per individual) trained by seeded SGD.
 * A document is linked to the class with the highest sum of logits over its windows (as the
 * neural attacker of Manzanares-Salor et al. 2024 sums over a document's windows).
 */
import { mulberry32 } from '../../indicators/classifiers/index.ts';

export interface LexicalAttackerOptions {
  seed?: number;
  epochs?: number;
  learningRate?: number;
  /** Words per window (default 100) and step between windows (default 50). */
  windowWords?: number;
  windowStride?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Sparse vector: parallel feature indices and values. */
interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

export function windows(tokens: readonly string[], size: number, stride: number): string[][] {
  if (tokens.length <= size) return [tokens.slice()];
  const out: string[][] = [];
  for (let start = 0; ; start += stride) {
    out.push(tokens.slice(start, start + size));
    if (start + size >= tokens.length) break;
  }
  return out;
}

export class LexicalAttacker {
  private constructor(
    readonly ids: readonly string[],
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly idf: Float32Array,
    /** Feature-major: weights[f * classes + c]. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
    private readonly windowWords: number,
    private readonly windowStride: number,
  ) {}

  /** Trains on {id: text}; extra texts (e.g. an anonymized copy) add examples to existing ids. */
  static train(knowledge: ReadonlyMap<string, string>, options: LexicalAttackerOptions = {}, extra: readonly [string, string][] = []): LexicalAttacker {
    const size = options.windowWords ?? 100;
    const stride = options.windowStride ?? 50;
    const ids = [...knowledge.keys()];
    const classOf = new Map(ids.map((id, c) => [id, c]));
    const examples: { tokens: string[]; label: number }[] = [];
    for (const [id, text] of [...knowledge, ...extra]) {
      const label = classOf.get(id);
      if (label === undefined) continue;
      for (const tokens of windows(words(text), size, stride)) examples.push({ tokens, label });
    }
    const vocabulary = new Map<string, number>();
    const df: number[] = [];
    for (const { tokens } of examples) {
      for (const word of new Set(tokens)) {
        let f = vocabulary.get(word);
        if (f === undefined) {
          f = vocabulary.size;
          vocabulary.set(word, f);
          df.push(0);
        }
        df[f]++;
      }
    }
    // Smoothed idf as scikit-learn's TfidfVectorizer.
    const idf = Float32Array.from(df, (d) => Math.log((1 + examples.length) / (1 + d)) + 1);
    const classes = ids.length;
    const weights = new Float32Array(vocabulary.size * classes);
    const bias = new Float32Array(classes);
    const attacker = new LexicalAttacker(ids, vocabulary, idf, weights, bias, size, stride);
    const vectors = examples.map((e) => attacker.vectorize(e.tokens));
    const random = mulberry32(options.seed ?? 42);
    const order = examples.map((_, i) => i);
    const rate = options.learningRate ?? 1;
    const logits = new Float64Array(classes);
    for (let epoch = 0; epoch < (options.epochs ?? 10); epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const e of order) {
        const x = vectors[e];
        attacker.logitsInto(x, logits);
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += (logits[c] = Math.exp(logits[c] - max));
        for (let c = 0; c < classes; c++) {
          const gradient = logits[c] / sum - (c === examples[e].label ? 1 : 0);
          if (Math.abs(gradient) < 1e-6) continue;
          bias[c] -= rate * gradient;
          for (let k = 0; k < x.indices.length; k++) weights[x.indices[k] * classes + c] -= rate * gradient * x.values[k];
        }
      }
    }
    return attacker;
  }

  /** The id whose summed window logits are highest. */
  predict(text: string): string {
    const classes = this.ids.length;
    const total = new Float64Array(classes);
    const logits = new Float64Array(classes);
    for (const tokens of windows(words(text), this.windowWords, this.windowStride)) {
      this.logitsInto(this.vectorize(tokens), logits);
      for (let c = 0; c < classes; c++) total[c] += logits[c];
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if (total[c] > total[best]) best = c;
    return this.ids[best];
  }

  private logitsInto(x: SparseVector, out: Float64Array): void {
    const classes = this.ids.length;
    out.set(this.bias);
    for (let k = 0; k < x.indices.length; k++) {
      const base = x.indices[k] * classes;
      const v = x.values[k];
      for (let c = 0; c < classes; c++) out[c] += this.weights[base + c] * v;
    }
  }

  /** Sublinear tf × idf, L2-normalized; unknown words are dropped. */
  private vectorize(tokens: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const word of tokens) {
      const f = this.vocabulary.get(word);
      if (f !== undefined) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = Float32Array.from(indices, (f) => (1 + Math.log(counts.get(f)!)) * this.idf[f]);
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }
}
