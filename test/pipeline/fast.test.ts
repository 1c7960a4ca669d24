import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DATASETS, REPO_ROOT, loadDataset } from '../../src/corpus/index.ts';
import { detectionMetrics, goldDetectionSpans } from '../../src/eval/index.ts';
import { BUNDLED_MODELS_DIR } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';

// pipelines/fast.yaml: the 1-layer neural model (issue 18 item 2). On the bundled sample its token
// recall must not fall below the default pipeline's (2 layers); the full-size comparison is
// bench/neural-speed.ts (README, "The neural layer, faster").
describe('pipelines/fast.yaml', () => {
  it('runs the 1-layer model and keeps the default pipeline recall on the bundled sample', async () => {
    const config = JSON.parse(readFileSync(join(BUNDLED_MODELS_DIR, 'minibert-tab-ner-1layer', 'config.json'), 'utf8')) as { num_hidden_layers: number };
    expect(config.num_hidden_layers).toBe(1);
    const sample = await loadDataset('sample', REPO_DATASETS);
    const fast = await createPipeline(join(REPO_ROOT, 'pipelines', 'fast.yaml'));
    const standard = await createPipeline(join(REPO_ROOT, 'pipelines', 'default.yaml'));
    const scored = async (pipeline: typeof fast) => {
      const documents = [];
      const sources = new Set<string>();
      for (const doc of sample.documents) {
        const { mentions } = await pipeline.runOne({ id: doc.id, text: doc.text });
        for (const m of mentions) sources.add(m.source);
        documents.push({ text: doc.text, gold: goldDetectionSpans(doc), predicted: mentions });
      }
      return { metrics: detectionMetrics(documents), sources };
    };
    const [f, d] = [await scored(fast), await scored(standard)];
    expect(f.sources).toContain('neural:minibert-tab-ner-1layer');
    expect(d.sources).not.toContain('neural:minibert-tab-ner-1layer');
    expect(f.metrics.microWithoutLabel.recall).toBeGreaterThanOrEqual(d.metrics.microWithoutLabel.recall ?? 1);
    expect(f.metrics.microWithoutLabel.f1).toBeGreaterThan(0.8);
  });
});
