/**
 * The sequence-labelling risk indicator (paper §5.4, Table 5) on the gold spans of the test sets:
 * each gold span is masked when the indicator says MASK (full or partial match), and the masked
 * spans are scored with the TAB metrics. The mask-everything row is the paper's majority baseline.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/sequence-labelling.ts [--threshold 0.5]
 *       [--dtype fp32|q8] [--datasets tab144:test,wiki-test,tab-masked:test] [--tab-model DIR] [--wiki-model DIR] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { goldCandidates, loadDataset, resolveDataRoot, type CandidateSpan, type Span } from '../src/corpus/index.ts';
import { evaluate, roundMetrics } from '../src/eval/index.ts';
import { SequenceLabellingIndicator } from '../src/indicators/sequence-labelling.ts';
import { benchArgs, choiceOption, listOption, numberOption } from './args.ts';

const args = benchArgs({
  threshold: { type: 'string', default: '0.5' },
  dtype: { type: 'string', default: 'fp32' },
  out: { type: 'string', default: '' },
  datasets: { type: 'string', default: 'tab144:test,wiki-test' },
  'tab-model': { type: 'string', default: 'models/minibert-tab-mask' },
  'wiki-model': { type: 'string', default: 'models/minibert-wiki-mask' },
});
const dataRoot = resolveDataRoot();
const threshold = numberOption('threshold', args.threshold);
const dtype = choiceOption('dtype', args.dtype, ['fp32', 'q8']);
const out = args.out;
const only = listOption(args.datasets);
const runs = [
  { dataset: 'tab144:test', model: args['tab-model'] },
  { dataset: 'wiki-test', model: args['wiki-model'] },
  // The 127 TAB test documents with their manually masked spans (only with --datasets naming it).
  { dataset: 'tab-masked:test', model: args['tab-model'] },
].filter((run) => only.includes(run.dataset));

const report: Record<string, unknown> = { threshold, dtype };
for (const { dataset, model } of runs) {
  const corpus = await loadDataset(dataset, dataRoot);
  const indicator = new SequenceLabellingIndicator({ model, dtype });
  const started = performance.now();
  // Word-unit MASK probabilities once per span; full and partial only aggregate them differently.
  const units = new Map<string, { spans: CandidateSpan[]; probabilities: number[][] }>();
  for (const doc of corpus.documents) {
    const spans = goldCandidates(doc);
    units.set(doc.id, { spans, probabilities: await indicator.unitProbabilities(doc, spans) });
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const rows: Record<string, unknown> = { model, seconds };
  const systems: [string, (p: number[]) => boolean][] = [
    ['mask-everything', () => true],
    ['full', (p) => p.length > 0 && Math.min(...p) >= threshold],
    ['partial', (p) => p.some((x) => x >= threshold)],
  ];
  console.log(`\n${dataset} (${corpus.documents.length} documents, ${model}, ${seconds} s)`);
  console.log('system            P      R_all  F1     R_ent  R_dir  R_quasi');
  for (const [name, masks] of systems) {
    const system = new Map<string, Span[]>();
    for (const [docId, { spans, probabilities }] of units) system.set(docId, spans.filter((_, i) => masks(probabilities[i])));
    const m = roundMetrics((await evaluate(corpus, system)).metrics);
    rows[name] = {
      P: m.token_precision,
      R_all: m.token_recall,
      F1: m.token_f1,
      R_ent: m.recall_all_entities,
      R_direct: m.recall_direct_entities,
      R_quasi: m.recall_quasi_entities,
    };
    const f = (x: number | null) => (x === null ? '  -  ' : x.toFixed(3));
    console.log(
      `${name.padEnd(16)}  ${f(m.token_precision)}  ${f(m.token_recall)}  ${f(m.token_f1)}  ${f(m.recall_all_entities)}  ${f(m.recall_direct_entities)}  ${f(m.recall_quasi_entities)}`,
    );
  }
  report[dataset] = rows;
}
if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
