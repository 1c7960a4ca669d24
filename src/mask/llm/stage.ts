/**
 * The LLM strategies as a masking stage: options validated once (strict; an unknown key is named
 * with its path), one client and one rules + gazetteers recognizer for every document. What a
 * pipeline's mask stage or `sanitize --strategy llm-…` calls, awaiting each document:
 *
 *   const masker = await createLlmMasker({ strategy: 'llm-generalize', url, model, allowExternalLlm });
 *   const { text, mapping, leaks } = await masker.mask(doc.text, spans, doc.id);
 */
import { createRecognizer, type Recognizer } from '../../detect/index.ts';
import { createLlmClient, type LlmClient, type LlmEnvironment } from '../../llm/index.ts';
import type { MaskSpan } from '../types.ts';
import { LLM_STRATEGIES, llmMaskOptionsSchema } from './options.ts';
import { llmSanitize, type LlmSanitizeResult } from './sanitize.ts';


export interface LlmMasker {
  readonly strategy: (typeof LLM_STRATEGIES)[number];
  readonly client: LlmClient;
  mask(text: string, spans: readonly MaskSpan[], docId?: string): Promise<LlmSanitizeResult>;
}

export async function createLlmMasker(options: unknown, environment: LlmEnvironment & { client?: LlmClient } = {}, source = 'mask.llm'): Promise<LlmMasker> {
  const parsed = llmMaskOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || 'root'}: ${issue?.message}`);
  }
  const { strategy, promptVersion, promptDir, temperature, leakCheckLayers, ...clientOptions } = parsed.data;
  const client = environment.client ?? createLlmClient(clientOptions, environment, source);
  const recognizer: Recognizer = await createRecognizer({ layers: leakCheckLayers ?? ['rules', 'gazetteers'] });
  return {
    strategy,
    client,
    mask: (text, spans, docId) => llmSanitize(text, spans, { mode: strategy, client, recognizer, docId, promptDir, promptVersion, temperature }),
  };
}
