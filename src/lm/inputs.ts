/**
 * Inputs some encoder graphs take beyond input_ids and attention_mask, fed with zeros: token types
 * (BERT; every piece in segment 0) and Longformer's global attention mask (0: local attention
 * everywhere, what Hugging Face does when none is given). RoBERTa-style graphs take neither.
 */
const ZERO_INPUTS = ['token_type_ids', 'global_attention_mask'];

/** The zero-filled feeds a graph with these input names needs; `zeros` makes one tensor. */
export function zeroFeeds<T>(inputNames: readonly string[], zeros: () => T): Record<string, T> {
  const feeds: Record<string, T> = {};
  for (const name of ZERO_INPUTS) if (inputNames.includes(name)) feeds[name] = zeros();
  return feeds;
}

/** Input names of a Transformers.js model's main session (empty when it does not say). */
export function sessionInputNames(model: { sessions?: Record<string, unknown> }): string[] {
  const session = model.sessions?.model as { inputNames?: string[] } | undefined;
  return session?.inputNames ?? [];
}
