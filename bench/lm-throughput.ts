/**
 * Span-scoring throughput of the masked-LM engine on all gold spans of the tab144 test split
 * (coreferent mentions masked together, as the LLM-probability indicator asks), fp32 and q8, with
 * the model's full 512-piece window and with the 128-piece window of the paper configs, next to a
 * naive baseline measured in the same run (one span per forward pass, full logits, a 512-piece
 * window centred on the span; measured on a subset and extrapolated), and the fraction of the
 * machine's ONNX MatMul throughput the engine achieves (ceiling: a MatMul-only ONNX graph run by
 * onnxruntime-node on the same threads, measured before and after the engine runs).
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/lm-throughput.ts [--threads 2] [--naive 40] [--only fp32|q8] [--windows 512,128] [--out DIR]
 *
 * Writes out/lm-throughput/throughput.json (`--out results/lm-throughput` updates the committed one).
 *
 * On a shared machine wall times depend on the load; cpuSeconds (process CPU time) does not, and
 * cpuSeconds / threads estimates the wall time on an idle machine.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { goldCandidates, loadDataset, resolveDataRoot } from '../src/corpus/index.ts';
import { coreferentRequests } from '../src/indicators/features.ts';
import { MaskedLm, MaskedLmEngine, logProbAt, onnxModelType, piecesOverlapping, type MaskedLmPrecision, type SpanScoringJob } from '../src/lm/index.ts';
import { benchOutDir } from './out-dir.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({
  threads: { type: 'string', default: '2' },
  naive: { type: 'string', default: '40' },
  only: { type: 'string', default: 'fp32,q8' },
  windows: { type: 'string', default: '512,128' },
  out: { type: 'string' },
});
const threads = Number(values.threads);
const naiveSample = Number(values.naive);
const precisions = values.only.split(',') as MaskedLmPrecision[];
const windows = values.windows.split(',').map(Number);
/** Process CPU seconds: on a shared machine, CPU time / threads estimates the wall time of an idle one. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

// Model shape of minibert-en-cased (config.json): FLOPs of the encoder per sequence of n pieces,
// and of the MLM head per position it runs at.
const LAYERS = 6, HIDDEN = 256, FFN = 1024, VOCAB = 16384;
const encoderFlops = (n: number): number => LAYERS * (2 * n * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN) + 2 * 2 * n * n * HIDDEN);
const HEAD_FLOPS_PER_POSITION = 2 * (HIDDEN * HIDDEN + HIDDEN * VOCAB);

const corpus = await loadDataset('tab144:test', resolveDataRoot());
const jobs: SpanScoringJob[] = corpus.documents.map((doc) => ({ doc, requests: coreferentRequests(goldCandidates(doc)) }));
const spanCount = jobs.reduce((a, j) => a + j.requests.length, 0);
console.log(`tab144 test: ${corpus.documents.length} documents, ${spanCount} gold spans, ${threads} threads, load average ${loadavg()[0].toFixed(2)}`);

const ceilingBefore = await matMulCeiling(threads);
console.log(`ONNX MatMul ceiling (fp32, best of 4 shapes, ${threads} threads): ${ceilingBefore.toFixed(1)} GFLOP/s`);

const results: Record<string, unknown> = { threads, spans: spanCount, documents: corpus.documents.length, date: new Date().toISOString() };
const rows: { precision: MaskedLmPrecision; window: number; row: Record<string, unknown> }[] = [];
for (const precision of precisions) {
  const naiveLm = await MaskedLm.load({ precision, threads, headOnTargetsOnly: false });
  const naiveCpuStart = cpuSeconds();
  const naive = await naiveBaseline(naiveLm, jobs, naiveSample);
  const naiveCpuPerSpan = (cpuSeconds() - naiveCpuStart) / naive.spans;
  await naiveLm.dispose();
  const naiveTotal = (naive.seconds / naive.spans) * spanCount;
  console.log(`${precision} naive baseline: ${naive.spans} spans in ${naive.seconds.toFixed(1)} s, extrapolated ${naiveTotal.toFixed(1)} s for ${spanCount}`);
  for (const windowLength of windows) {
    const engine = await MaskedLmEngine.create({ precision, threads, windowLength });
    const start = performance.now();
    const cpuStart = cpuSeconds();
    await engine.scoreJobs(jobs);
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuSeconds() - cpuStart;
    const { sequences, pieces, forwardPasses, targets } = engine.counters;
    const headPositions = engine.lm.scoringPath === 'head-on-targets' ? targets : pieces;
    const flops = encoderFlops(windowLength) * sequences + HEAD_FLOPS_PER_POSITION * headPositions; // every tab144 window is full
    const row = {
      window: windowLength,
      scoringPath: engine.lm.scoringPath,
      fullLogitsReason: engine.lm.fullLogitsReason,
      batchSize: engine.batchSize,
      seconds: round(seconds),
      cpuSeconds: round(cpu),
      loadAverage: round(loadavg()[0]),
      spansPerSecond: round(spanCount / seconds),
      piecesPerSecond: Math.round(pieces / seconds),
      sequences,
      forwardPasses,
      gflopsAchieved: round(flops / seconds / 1e9),
      naive: { spansMeasured: naive.spans, seconds: round(naive.seconds), extrapolatedSeconds: round(naiveTotal), spansPerSecond: round(naive.spans / naive.seconds) },
      speedupOverNaive: round(naiveTotal / seconds),
      speedupOverNaiveCpu: round((naiveCpuPerSpan * spanCount) / cpu),
    };
    rows.push({ precision, window: windowLength, row });
    console.log(`${precision} window ${windowLength}: ${JSON.stringify(row)}`);
    await engine.dispose();
  }
}
const ceilingAfter = await matMulCeiling(threads);
const ceiling = (ceilingBefore + ceilingAfter) / 2;
console.log(`ONNX MatMul ceiling after: ${ceilingAfter.toFixed(1)} GFLOP/s`);
results.matmulCeilingGflops = { before: round(ceilingBefore), after: round(ceilingAfter) };
for (const { precision, window, row } of rows) {
  // fp32 only: the ceiling is an fp32 MatMul; q8 runs integer kernels.
  if (precision === 'fp32') row.fractionOfMatMulCeiling = round((row.gflopsAchieved as number) / ceiling);
  results[`${precision}-window${window}`] = row;
}
console.log(JSON.stringify(results, null, 2));
const outDir = benchOutDir('lm-throughput', values.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'throughput.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`wrote ${join(outDir, 'throughput.json')}`);

/** One span per forward pass, a 512-piece window centred on the span, spans spread over all documents. */
async function naiveBaseline(lm: MaskedLm, allJobs: SpanScoringJob[], sample: number): Promise<{ spans: number; seconds: number }> {
  const picks = allJobs.flatMap((job) => job.requests.map((request) => ({ job, request })));
  const step = Math.max(1, Math.floor(picks.length / sample));
  const chosen = picks.filter((_, i) => i % step === 0).slice(0, sample);
  const start = performance.now();
  for (const { job, request } of chosen) {
    const tokens = lm.tokenizer.tokenize(job.doc.text); // the naive way: re-tokenize per span
    const pieces = piecesOverlapping(tokens, request.span.start, request.span.end);
    const masked = new Set([...pieces, ...(request.extraMasked ?? []).flatMap((s) => piecesOverlapping(tokens, s.start, s.end))]);
    const content = Math.min(lm.maxLength - 2, tokens.ids.length);
    const centre = Math.floor((pieces[0] + pieces[pieces.length - 1]) / 2);
    const from = Math.max(0, Math.min(centre - Math.floor(content / 2), tokens.ids.length - content));
    const ids = [...lm.special.prefix];
    for (let p = from; p < from + content; p++) ids.push(masked.has(p) ? lm.special.mask : tokens.ids[p]);
    ids.push(...lm.special.suffix);
    const logits = await lm.forward([{ ids: Int32Array.from(ids), attention: new Uint8Array(ids.length).fill(1) }]);
    pieces.map((p) => logProbAt(logits, 0, 1 + p - from, tokens.ids[p]));
  }
  return { spans: chosen.length, seconds: (performance.now() - start) / 1000 };
}

/**
 * The machine's ONNX MatMul throughput: the best GFLOP/s of MatMul-only graphs over the model's
 * matrix shapes (8 sequences of 512 pieces) and one square-ish shape of higher arithmetic intensity.
 */
async function matMulCeiling(threadCount: number): Promise<number> {
  const shapes: [number, number, number][] = [[4096, 256, 1024], [4096, 1024, 256], [4096, 256, 256], [2048, 1024, 1024]];
  let best = 0;
  for (const [m, k, n] of shapes) {
    const session = await InferenceSession.create(matMulModel(k, n), { intraOpNumThreads: threadCount, interOpNumThreads: 1 });
    const a = new OrtTensor('float32', Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5), [m, k]);
    const b = new OrtTensor('float32', Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5), [k, n]);
    await session.run({ A: a, B: b }); // warm-up
    const runs = 10;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await session.run({ A: a, B: b });
    const seconds = (performance.now() - start) / 1000;
    await session.release();
    best = Math.max(best, (2 * m * k * n * runs) / seconds / 1e9);
  }
  return best;
}

/** C = MatMul(A[m, k], B[k, n]), opset 17. */
function matMulModel(k: number, n: number): Uint8Array {
  const FLOAT = 1;
  const tensor = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const type = onnxModelType();
  const model = type.fromObject({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'matmul-ceiling',
      node: [{ input: ['A', 'B'], output: ['C'], name: 'matmul', opType: 'MatMul' }],
      input: [tensor('A', ['m', k]), tensor('B', [k, n])],
      output: [tensor('C', ['m', n])],
    },
  });
  return type.encode(model).finish();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
