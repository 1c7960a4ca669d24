/** The evaluation's sentence encoder takes any model reference: bundled name, folder, Hugging Face id. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvaluationConfig, SentenceEncoder, cosine } from '../../src/eval/index.ts';
import { BUNDLED_MODELS_DIR, ModelNotFoundError } from '../../src/models/index.ts';
import { SpanEncoder } from '../../src/indicators/index.ts';
import { startLocalHub } from '../helpers/local-hub.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const text = 'Anna Berg was born in Oslo in 1961 and worked as a nurse at the city hospital.';

describe('sentence encoder by model reference', () => {
  const dir = useTempDir('sanitext-encoder-ref-');

  it('a Hugging Face id loads through the hub (a local one here) and embeds like the bundled folder', async () => {
    const bundled = await SentenceEncoder.create();
    const expected = await bundled.embed(text);
    await bundled.dispose();
    const hub = await startLocalHub({ 'test-org/tiny-encoder': join(BUNDLED_MODELS_DIR, 'minibert-en-cased-encoder') }, join(dir.path, 'hf-cache'));
    try {
      const fromHub = await SentenceEncoder.create({ model: 'test-org/tiny-encoder', threads: 1 });
      expect(fromHub.modelName).toBe('test-org/tiny-encoder');
      expect(hub.fetched.some((p) => p.endsWith('onnx/model_quantized.onnx'))).toBe(true);
      const vector = await fromHub.embed(text);
      expect(cosine(vector, expected)).toBeGreaterThan(0.9999);
      await fromHub.dispose();
      // The span encoder shares the same loader.
      const spans = await SpanEncoder.create({ model: 'test-org/tiny-encoder', threads: 1 });
      expect(spans.dimension).toBe(256);
      await spans.dispose();
    } finally {
      await hub.close();
    }
  });

  it('a hub id the hub does not have is a ModelNotFoundError naming it', async () => {
    const hub = await startLocalHub({}, join(dir.path, 'hf-cache-2'));
    try {
      await expect(SentenceEncoder.create({ model: 'test-org/absent-encoder' })).rejects.toThrow(ModelNotFoundError);
      await expect(SentenceEncoder.create({ model: 'test-org/absent-encoder' })).rejects.toThrow(/model "test-org\/absent-encoder" not found: .*the Hugging Face hub has no such model/);
    } finally {
      await hub.close();
    }
  });

  it('an evaluation config with a missing encoder folder is refused before any work, with the field path', () => {
    const base = { name: 'x', corpus: 'docs.json', anonymizations: [{ name: 'a', file: 'a.json' }], metrics: [{ metric: 'nmi' }] };
    expect(() => parseEvaluationConfig({ ...base, encoder: { model: './no-such-encoder' } }, join(dir.path, 'eval.yaml'))).toThrow(/encoder\.model: model "\.\/no-such-encoder" not found/);
    expect(() => parseEvaluationConfig({ ...base, encoder: { model: 'minibert-en-cased-encoder' } }, join(dir.path, 'eval.yaml'))).not.toThrow();
  });
});
