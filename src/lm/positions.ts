/**
 * How many pieces a model reads at once, from its config.json. RoBERTa-style embeddings (fairseq's
 * heritage) number positions from padding_idx + 1, so `max_position_embeddings` counts two
 * positions no piece can use (514 for 512 pieces; Longformer 4,098 for 4,096).
 */

/** Model types whose position ids start after the padding index (Hugging Face's create_position_ids_from_input_ids). */
const PADDING_OFFSET_MODEL_TYPES = new Set(['roberta', 'xlm-roberta', 'xlm-roberta-xl', 'camembert', 'longformer', 'data2vec-text', 'ibert', 'mpnet', 'xmod', 'roberta-prelayernorm']);

export interface PositionConfig {
  model_type?: string;
  max_position_embeddings?: number;
  pad_token_id?: number | null;
}

/** Pieces per sequence, special tokens included; 512 when the config does not say. */
export function maxSequenceLength(config: PositionConfig): number {
  const positions = config.max_position_embeddings ?? 512;
  const offset = PADDING_OFFSET_MODEL_TYPES.has(config.model_type ?? '') ? (config.pad_token_id ?? 1) + 1 : 0;
  return positions - offset;
}
