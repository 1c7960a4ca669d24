import type { BatchLogits } from '../../src/lm/index.ts';

/** log-softmax at one position, written independently of the engine's own helper. */
export function referenceLogProb(logits: BatchLogits, row: number, position: number, tokenId: number): number {
  const start = (row * logits.seqLength + position) * logits.vocabSize;
  const values = Array.from(logits.data.subarray(start, start + logits.vocabSize));
  const max = Math.max(...values);
  const logSum = Math.log(values.reduce((a, v) => a + Math.exp(v - max), 0)) + max;
  return values[tokenId] - logSum;
}
