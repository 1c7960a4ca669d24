/** The committed TAB attacker (models/trir-attacker-tab-original) on TAB test documents; needs SANITEXT_DATA_DIR. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, type Corpus } from '../../../src/corpus/index.ts';
import { anonymizationUnderTest, readBackgroundKnowledge, trirMetric, type MetricContext } from '../../../src/eval/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

describe.skipIf(!dataDir)('neural TRIR attacker trained on the original TAB test texts', () => {
  it('re-identifies the original texts and almost none once everything is suppressed', async () => {
    const bkFile = join(dataDir!, 'tae', 'TAB_test_BK=Original.json');
    const full = await loadDataset('tab-masked:test', dataDir);
    // The first 20 of the 127 documents keep the test short; the attacker still chooses among all 127.
    const corpus: Corpus = { ...full, documents: full.documents.slice(0, 20) };
    const knowledge = await readBackgroundKnowledge(bkFile);
    const context = {
      corpus,
      baseDir: process.cwd(),
      backgroundKnowledge: async () => knowledge,
      backgroundKnowledgeFile: () => bkFile,
      log: () => {},
    } as unknown as MetricContext;
    const metric = await trirMetric.create(trirMetric.options.parse({ backgroundKnowledge: 'Original', attacker: 'neural', model: 'trir-attacker-tab-original' }), context);
    try {
      const none = new Map();
      const original = await metric.evaluate(anonymizationUnderTest('original', corpus, none, none, '[MASK]'));
      expect(original.TRIR).toBeGreaterThanOrEqual(0.9);
      const all = new Map(corpus.documents.map((d) => [d.id, [{ start: 0, end: d.text.length }]]));
      const suppressed = await metric.evaluate(anonymizationUnderTest('all suppressed', corpus, all, all, ''));
      // Twenty identical empty texts get one guess: at most one of them is right.
      expect(suppressed.TRIR).toBeLessThanOrEqual(1 / 20);
    } finally {
      await metric.dispose?.();
    }
  });
});
