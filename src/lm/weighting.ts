/**
 * Information-content weights for weighted precision, as the TAB reference evaluation computes
 * them (see the spec "Information-content weights"): all units' word-pieces masked at once with
 * attention 0, the [CLS] text [SEP] sequence (whatever the tokenizer's template puts around a text:
 * <s> text </s> for RoBERTa) cut into consecutive 100-piece chunks (no special tokens added per
 * chunk, positions restarting per chunk), w = −ln min p over a unit's pieces.
 */
import type { Span } from '../corpus/index.ts';
import type { TokenWeighting } from '../eval/index.ts';
import { MaskedLm, type MaskedLmOptions, type ModelSequence } from './model.ts';
import { piecesOverlapping } from './tokenizer.ts';

export const WEIGHTING_CHUNK_LENGTH = 100;

export interface MlmWeightingOptions extends Omit<MaskedLmOptions, 'model'> {
  /** Chunks per forward pass (default 32; always 1 with q8). */
  batchSize?: number;
  /** Where warnings go (units with no word-piece); default console.warn. */
  warn?: (message: string) => void;
}

export class MlmWeighting implements TokenWeighting {
  readonly name: string;

  constructor(
    readonly lm: MaskedLm,
    private readonly options: MlmWeightingOptions = {},
  ) {
    this.name = `mlm:${lm.modelName}`;
  }

  async weights(text: string, units: readonly Span[], docId: string): Promise<number[]> {
    const tokens = this.lm.tokenizer.tokenize(text);
    const { prefix, suffix, mask } = this.lm.special;
    // Sequence positions: the prefix ([CLS]) first, piece i at prefix.length + i, the suffix ([SEP]) last.
    const ids = new Int32Array(prefix.length + tokens.ids.length + suffix.length);
    ids.set(prefix, 0);
    ids.set(tokens.ids, prefix.length);
    ids.set(suffix, prefix.length + tokens.ids.length);
    const original = ids.slice();
    const attention = new Uint8Array(ids.length).fill(1);
    const unitPositions = units.map((u) => piecesOverlapping(tokens, u.start, u.end).map((p) => p + prefix.length));
    for (const positions of unitPositions) {
      for (const position of positions) {
        ids[position] = mask;
        attention[position] = 0;
      }
    }
    const logProbs = await this.chunkLogProbs(ids, attention, original, new Set(unitPositions.flat()));
    return unitPositions.map((positions, u) => {
      if (positions.length === 0) {
        (this.options.warn ?? console.warn)(`mlm weighting: document ${docId}, unit ${units[u].start}-${units[u].end} covers no word-piece; weight 0`);
        return 0;
      }
      return -Math.min(...positions.map((p) => logProbs.get(p)!));
    });
  }

  /** log p(original id) at the needed positions, chunk by chunk. */
  private async chunkLogProbs(ids: Int32Array, attention: Uint8Array, original: Int32Array, needed: Set<number>): Promise<Map<number, number>> {
    // Needed positions by chunk, in one pass; a chunk without any is skipped (chunks are independent sequences).
    const neededByChunk = new Map<number, number[]>();
    for (const p of [...needed].sort((a, b) => a - b)) {
      const offset = p - (p % WEIGHTING_CHUNK_LENGTH);
      const list = neededByChunk.get(offset);
      if (list) list.push(p);
      else neededByChunk.set(offset, [p]);
    }
    const chunks: (ModelSequence & { offset: number; positions: number[] })[] = [];
    for (const [offset, positions] of neededByChunk) {
      const end = Math.min(offset + WEIGHTING_CHUNK_LENGTH, ids.length);
      chunks.push({ ids: ids.subarray(offset, end), attention: attention.subarray(offset, end), offset, positions });
    }
    const result = new Map<number, number>();
    // One chunk per pass with q8: its per-tensor dynamic quantization would mix chunks (see engine.ts).
    const batchSize = this.lm.precision === 'q8' ? 1 : (this.options.batchSize ?? 32);
    for (let i = 0; i < chunks.length; i += batchSize) {
      const batch = chunks.slice(i, i + batchSize);
      const targets = batch.map((chunk) => chunk.positions.map((p) => ({ position: p - chunk.offset, tokenId: original[p] })));
      const logProbs = await this.lm.targetLogProbs(batch, targets);
      batch.forEach((chunk, row) => chunk.positions.forEach((p, k) => result.set(p, logProbs[row][k])));
    }
    return result;
  }
}

/** The weighting of the spec with a masked LM (a model reference; default: the bundled minibert, fp32). */
export async function createMlmWeighting(model?: string, options: MlmWeightingOptions = {}): Promise<MlmWeighting> {
  const lm = await MaskedLm.load({ ...options, model });
  return new MlmWeighting(lm, options);
}
