/**
 * The recognizer with its neural layer, before and after (issue 18 item 2): throughput (MB/s of UTF-8
 * text, one process) and token-level P/R/F1 of the whole recognizer (rules + gazetteers + neural,
 * merged, names propagated) with and without label match, on tab144 test, wiki-test and the 127 TAB
 * test texts (`tab-masked:test`). Each variant is a neural-layer config of the pipeline
 * (`detect.layers.neural`: model, dtype, stride) with a number of worker threads (`workers`, default 1:
 * in this thread; N > 1: the pipeline's worker pool, each worker's models on cores / N ONNX threads); the passes of all variants are interleaved
 * (A B A B …) so that a drift in machine speed hits them alike, and the median pass is reported after
 * one warm-up pass. Ratios are against the first variant, measured in the same run.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/neural-speed.ts \
 *       [--variants '[{"dtype":"fp32"},{"model":"minibert-tab-ner","dtype":"q8"}]'] \
 *       [--datasets tab144:test,wiki-test,tab-masked:test] [--repeats 3] [--out DIR]
 *
 * Writes neural-speed.json and report.md to out/neural-speed/ (or --out DIR).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { loadDataset, resolveDataRoot, type Document } from '../src/corpus/index.ts';
import { detectionMetrics, goldDetectionSpans, type TypedSpan } from '../src/eval/index.ts';
import { createDetectorRunner, type DetectorRunner } from '../src/pipeline/index.ts';
import { benchArgs, listOption, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

interface Variant {
  model?: string;
  dtype?: 'fp32' | 'q8';
  stride?: number;
  /** Worker threads (default 1: in this thread, models on ONNX's default threads). */
  workers?: number;
  /** Recall-oriented decoding (the neural layer's outsideThreshold). */
  outsideThreshold?: number;
}

const args = benchArgs({
  variants: { type: 'string', default: '[{"dtype":"fp32"},{"dtype":"q8"}]' },
  datasets: { type: 'string', default: 'tab144:test,wiki-test,tab-masked:test' },
  repeats: { type: 'string', default: '3' },
  out: { type: 'string' },
});
// The variants' layer options are checked where the runner is made (the pipeline's strict schema).
const variants = JSON.parse(args.variants) as Variant[];
const datasets = listOption(args.datasets);
const repeats = wholeNumber('repeats', args.repeats);
const outDir = benchOutDir('neural-speed', args.out);
const dataRoot = resolveDataRoot();

const label = (v: Variant): string =>
  `${v.model ?? 'minibert-tab-ner'} ${v.dtype ?? 'fp32'}${v.stride === undefined ? '' : ` stride ${v.stride}`}${v.outsideThreshold === undefined ? '' : `, P(O) ≥ ${v.outsideThreshold} to stay O`}${(v.workers ?? 1) > 1 ? `, ${v.workers} workers` : ''}`;
const runners: DetectorRunner[] = [];
for (const { workers = 1, ...neural } of variants) runners.push(await createDetectorRunner({ layers: { rules: true, gazetteers: true, neural } }, { workers }));

async function pass(index: number, documents: readonly Document[]): Promise<{ seconds: number; outputs: TypedSpan[][] }> {
  const started = performance.now();
  const outputs: TypedSpan[][] = [];
  for await (const outcome of runners[index].run(documents)) {
    if (outcome.error) throw outcome.error;
    outputs.push(outcome.result);
  }
  return { seconds: (performance.now() - started) / 1000, outputs };
}

const round = (x: number | null, digits = 4): number => Math.round((x ?? 0) * 10 ** digits) / 10 ** digits;
const results: Record<string, unknown[]> = {};
const lines: string[] = [];
for (const selector of datasets) {
  const documents = (await loadDataset(selector, dataRoot)).documents;
  const megabytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;
  const outputs: TypedSpan[][][] = [];
  for (const [i] of variants.entries()) outputs.push((await pass(i, documents)).outputs); // warm-up
  const times: number[][] = variants.map(() => []);
  for (let r = 0; r < repeats; r++) for (const [i] of variants.entries()) times[i].push((await pass(i, documents)).seconds);
  const rows = variants.map((variant, i) => {
    const seconds = [...times[i]].sort((a, b) => a - b)[Math.floor(times[i].length / 2)];
    const metrics = detectionMetrics(documents.map((d, k) => ({ text: d.text, gold: goldDetectionSpans(d), predicted: outputs[i][k] })));
    return {
      variant: label(variant),
      config: variant,
      seconds: round(seconds, 2),
      megabytesPerSecond: round(megabytes / seconds),
      withoutLabel: { precision: round(metrics.microWithoutLabel.precision), recall: round(metrics.microWithoutLabel.recall), f1: round(metrics.microWithoutLabel.f1) },
      withLabel: { precision: round(metrics.microWithLabel.precision), recall: round(metrics.microWithLabel.recall), f1: round(metrics.microWithLabel.f1) },
    };
  });
  results[selector] = rows;
  lines.push('', `## ${selector} (${documents.length} documents, ${megabytes.toFixed(3)} MB)`, '');
  lines.push('| neural layer | MB/s | × first | P | R | F1 | F1, label match |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const ratio = row.megabytesPerSecond / rows[0].megabytesPerSecond;
    lines.push(
      `| ${row.variant} | ${row.megabytesPerSecond.toFixed(3)} | ${ratio.toFixed(2)} | ${row.withoutLabel.precision.toFixed(3)} | ${row.withoutLabel.recall.toFixed(3)} | ${row.withoutLabel.f1.toFixed(3)} | ${row.withLabel.f1.toFixed(3)} |`,
    );
    process.stdout.write(`${selector} ${row.variant}: ${row.megabytesPerSecond.toFixed(3)} MB/s (${ratio.toFixed(2)}×), R ${row.withoutLabel.recall}, F1 ${row.withoutLabel.f1}, label F1 ${row.withLabel.f1}\n`);
  }
}
await Promise.all(runners.map((runner) => runner.close()));
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, Node ${process.version}`;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'neural-speed.json'), JSON.stringify({ machine, repeats, results }, null, 2) + '\n');
const header = [
  '# The recognizer with its neural layer: throughput and token scores',
  '',
  `${machine}; median of ${repeats} timed passes per variant after a warm-up pass, passes interleaved. ` +
    'Whole recognizer (rules + gazetteers + neural, merged, names propagated); token P/R/F1 over `\\w+` units against the first annotator, ' +
    'without label match unless said. Generated by `bench/neural-speed.ts`.',
];
writeFileSync(join(outDir, 'report.md'), [...header, ...lines].join('\n') + '\n');
console.log(`wrote ${join(outDir, 'report.md')}`);
