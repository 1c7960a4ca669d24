/**
 * The MLM head on scored positions only against full logits: the same engine settings, the same
 * spans (all gold spans of the first N tab144 test documents, coreferent mentions masked), passes
 * interleaved, fp32, for the 128- and 512-piece windows.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/lm-head.ts [--documents 8] [--threads 2]
 */
import { goldCandidates, loadDataset, resolveDataRoot } from '../src/corpus/index.ts';
import { coreferentRequests } from '../src/indicators/features.ts';
import { MaskedLmEngine } from '../src/lm/index.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({ documents: { type: 'string', default: '8' }, threads: { type: 'string', default: '2' } });
const threads = Number(values.threads);
const corpus = await loadDataset('tab144:test', resolveDataRoot());
const jobs = corpus.documents.slice(0, Number(values.documents)).map((doc) => ({ doc, requests: coreferentRequests(goldCandidates(doc)) }));
console.log(`${jobs.length} documents, ${jobs.reduce((a, j) => a + j.requests.length, 0)} spans, ${threads} threads`);
for (const windowLength of [128, 512]) {
  const [onTargets, full] = await Promise.all(
    [true, false].map((headOnTargetsOnly) => MaskedLmEngine.create({ precision: 'fp32', threads, windowLength, headOnTargetsOnly })),
  );
  for (const engine of [onTargets, full]) await engine.scoreJobs(jobs.slice(0, 1)); // warm-up
  const seconds: number[][] = [[], []];
  for (let pass = 0; pass < 2; pass++) {
    for (const [k, engine] of [onTargets, full].entries()) {
      const started = performance.now();
      await engine.scoreJobs(jobs);
      seconds[k].push((performance.now() - started) / 1000);
    }
  }
  const best = seconds.map((s) => Math.min(...s));
  console.log(`window ${windowLength}: head on targets ${best[0].toFixed(2)} s, full logits ${best[1].toFixed(2)} s, ${(best[1] / best[0]).toFixed(2)}× faster`);
  await Promise.all([onTargets.dispose(), full.dispose()]);
}
