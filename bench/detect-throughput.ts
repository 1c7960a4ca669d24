/**
 * Detection throughput (documents/s, MB/s of UTF-8 text) of the rule+gazetteer layers and the full
 * recognizer, next to redact-pii and @openredaction/openredaction on the same texts in the same
 * run, with each system's token-level recall and precision (PII vs non-PII, `\w+` units) on the
 * same gold (first annotator, all mentions). Each system runs in a worker thread of its own, one pass
 * at a time; it runs untimed for WARMUP_MS first; a timed pass of a fast system repeats the corpus until
 * it lasts MIN_PASS_MS. Writes throughput.json and .md to out/table3/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/detect-throughput.ts [--repeats 9] [--warmup-ms 3000] [--isolates 5] [--out DIR]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { loadDataset, resolveDataRoot, type Document } from '../src/corpus/index.ts';
import { benchArgs, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';
import { startWorkerThread } from '../src/pipeline/index.ts';
import { detectionMetrics, goldDetectionSpans, type TypedSpan } from '../src/eval/index.ts';
import { quantile } from '../src/report/index.ts';
import { BENCH_SYSTEMS, REFERENCE_SYSTEM, type BenchSystem } from './throughput-systems.ts';
import type { WorkerReply, WorkerRequest } from './throughput-worker.ts';

/**
 * A system in a worker thread of its own (bench/throughput-worker.ts), its passes timed there. In one
 * thread, the systems shared the compiled code of our modules (the layers row and the recognizer rows
 * run the same functions on other objects) and one heap (the neural recognizer's): the rule and
 * gazetteer layers ran at 1.17× redact-pii's speed on the biographies next to the other systems and
 * 1.22–1.27× next to redact-pii alone.
 */
interface TimedSystem {
  name: string;
  paired: boolean;
  /** One timed pass of `loops` runs over the corpus: the seconds of one run. */
  pass(loops?: number): Promise<{ seconds: number }>;
  /** The outputs of its last pass, one list per document. */
  outputs(): Promise<TypedSpan[][]>;
  close(): Promise<number>;
}

async function startSystem(system: BenchSystem, selection: string): Promise<TimedSystem> {
  const worker = startWorkerThread(new URL('./throughput-worker.ts', import.meta.url), { system: system.name, selection });
  // One request at a time: each waits for the answer to the one before.
  let answer: ((reply: WorkerReply) => void) | undefined;
  let failed: Error | undefined;
  const next = (): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      if (failed) reject(failed);
      else answer = resolve;
    });
  worker.on('message', (reply: WorkerReply) => answer?.(reply));
  worker.on('error', (error) => {
    failed = error;
    answer?.({ error: error.message });
  });
  // A thread that ends with a request unanswered (killed, out of memory) fails it rather than hanging the bench.
  worker.on('exit', (code) => {
    failed ??= new Error(`worker thread exited with code ${code}`);
    answer?.({ error: failed.message });
  });
  const ask = async (request: WorkerRequest): Promise<WorkerReply> => {
    const reply = next();
    worker.postMessage(request);
    const got = await reply;
    if (got.error !== undefined) throw new Error(`${system.name}: ${got.error}`);
    return got;
  };
  const ready = await next();
  if (ready.error !== undefined) throw new Error(`${system.name}: ${ready.error}`);
  return {
    name: system.name,
    paired: system.paired,
    pass: async (loops = 1) => ({ seconds: (await ask({ pass: loops })).seconds ?? Number.NaN }),
    outputs: async () => (await ask({ outputs: true })).outputs ?? [],
    close: () => worker.terminate(),
  };
}

interface SystemResult {
  system: string;
  documents: number;
  megabytes: number;
  secondsMedian: number;
  documentsPerSecond: number;
  megabytesPerSecond: number;
  firstPassMegabytesPerSecond: number;
  tokenRecall: number | null;
  tokenPrecision: number | null;
  tokenF1: number | null;
  /**
   * Its speed over redact-pii's: the median, over the timed rounds, of redact-pii's seconds over its
   * own in the same round. Passes of one round run within a second of each other, so a drift of the
   * machine's speed (other tenants) cancels out, where a ratio of two medians keeps it.
   */
  speedOverRedactPii: number | null;
  /**
   * The same ratio measured paired (fast systems only), in ISOLATES pairs of fresh threads: in each,
   * the system and redact-pii warm up, then a pass of each runs back to back, the system first in
   * alternate rounds, PAIRED_ROUNDS times; the isolate's ratio is the median over its rounds of
   * redact-pii's time over the system's. Reported: the median of the isolates' ratios, the lowest and
   * highest, and each. The two passes of a pair are milliseconds apart, where the rounds above put
   * seconds (and the other systems) between them, so a change of a shared machine's speed moves these
   * less; and one thread's compiled code is one draw: the same code measured 1.07–1.27× on the
   * biographies from one fresh process to the next, where the rounds within one agreed to a few percent.
   */
  pairedSpeedOverRedactPii: { median: number; lowest: number; highest: number; isolates: number[] } | null;
}

/**
 * The least time a timed pass takes: a fast system runs over the documents as many times as that
 * needs (its loops, from its last warm-up pass). One run over the 100 biographies takes the rule layers
 * about 15 ms, the scale of a garbage collection or a scheduler's time slice: timed one run at a
 * time, the speed ratios moved by ±0.15 from one bench run to the next, more than any change of the
 * code did.
 */
const MIN_PASS_MS = 250;

/** How many runs over the documents make a pass of at least MIN_PASS_MS, from a warm pass's seconds. */
const loopsFor = (passSeconds: number): number => Math.max(1, Math.ceil(MIN_PASS_MS / 1000 / passSeconds));

/** The median (the report's quantile: the mean of the two middle values for an even count). */
const median = (values: readonly number[]): number => quantile([...values].sort((a, b) => a - b), 0.5);

const args = benchArgs({
  repeats: { type: 'string', default: '9' },
  'warmup-ms': { type: 'string', default: '3000' },
  isolates: { type: 'string', default: '5' },
  out: { type: 'string' },
});

const PAIRED_ROUNDS = 15;

/** How many pairs of fresh threads measure the paired ratio (`--isolates`). */
const ISOLATES = wholeNumber('isolates', args.isolates);

/** The median, over PAIRED_ROUNDS back-to-back pairs, of `reference`'s time over `system`'s. */
async function pairedRatio(system: TimedSystem, reference: TimedSystem, loops: { own: number; reference: number }): Promise<number> {
  const ratios: number[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    // Whole passes back to back, the first in alternate rounds: each system keeps its tables in the
    // CPU caches through its pass, as in a run over a corpus (turns on each document evicted them and
    // cost the system with the larger tables 5–10% on the short biographies).
    const ownFirst = round % 2 === 0;
    const first = ownFirst ? await system.pass(loops.own) : await reference.pass(loops.reference);
    const second = ownFirst ? await reference.pass(loops.reference) : await system.pass(loops.own);
    ratios.push(ownFirst ? second.seconds / first.seconds : first.seconds / second.seconds);
  }
  return median(ratios);
}

/** pairedSpeedOverRedactPii (see SystemResult) of `system` against `reference` on a corpus, in ISOLATES pairs of fresh threads. */
async function pairedSpeedOver(system: BenchSystem, reference: BenchSystem, selection: string): Promise<SystemResult['pairedSpeedOverRedactPii']> {
  const isolates: number[] = [];
  for (let k = 0; k < ISOLATES; k++) {
    const pair = [await startSystem(system, selection), await startSystem(reference, selection)];
    try {
      const loops: number[] = [];
      for (const timed of pair) {
        await settle();
        loops.push(await warmUp(timed));
      }
      await settle();
      isolates.push(await pairedRatio(pair[0], pair[1], { own: loops[0], reference: loops[1] }));
    } finally {
      for (const timed of pair) await timed.close();
    }
  }
  return { median: median(isolates), lowest: Math.min(...isolates), highest: Math.max(...isolates), isolates };
}

/**
 * A pause before each pass. The neural recognizer's ONNX Runtime threads keep spinning a while after
 * a run: without it, the system timed next (redact-pii) ran at half its speed on a busy machine.
 */
const SETTLE_MS = 200;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * How long each system runs over the corpus, untimed, after its first pass and before the timed ones.
 * V8 optimizes a function only after many calls, and a pass over the 100 short biographies is 10 ms:
 * timed right after one pass, the rule and gazetteer layers (many small functions) ran at 1.06–1.17×
 * redact-pii's speed on them from run to run, and at 1.22–1.27× after 1.5 to 8 s of warm-up (no trend
 * within that range), the speed a long job has.
 */
const WARMUP_MS = wholeNumber('warmup-ms', args['warmup-ms'], 0);

/** A cold pass, then passes for WARMUP_MS: how many runs over the corpus make a timed pass (from the last warm pass). */
async function warmUp(system: TimedSystem, coldSeconds?: number): Promise<number> {
  let last = coldSeconds ?? (await system.pass()).seconds;
  for (const until = performance.now() + WARMUP_MS; performance.now() < until; ) last = (await system.pass()).seconds;
  return loopsFor(last);
}

/**
 * The systems' passes are interleaved (A B C D A B C D …) so that a drift in machine speed hits
 * them alike. The first pass of each is reported apart (cold: JIT compilation, lazy tables); then
 * each runs untimed for WARMUP_MS; the throughput figures are the median of the passes after it,
 * the steady state of a long job.
 */
async function measureAll(systems: readonly TimedSystem[], documents: readonly Document[], repeats: number): Promise<SystemResult[]> {
  const cold: number[] = [];
  for (const system of systems) {
    await settle();
    cold.push((await system.pass()).seconds);
  }
  // How many runs over the corpus make a timed pass, from the last warm-up pass (the cold one is
  // several times slower, and its count of runs made passes far shorter than MIN_PASS_MS).
  const loops: number[] = [];
  for (const [i, system] of systems.entries()) {
    await settle();
    loops.push(await warmUp(system, cold[i]));
  }
  const times: number[][] = systems.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, system] of systems.entries()) {
      await settle();
      times[i].push((await system.pass(loops[i])).seconds);
    }
  }
  const outputs: TypedSpan[][][] = [];
  for (const system of systems) outputs.push(await system.outputs());
  const megabytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;
  const reference = systems.findIndex((system) => system.name.startsWith(REFERENCE_SYSTEM));
  return systems.map((system, i) => {
    const speedOverRedactPii = reference >= 0 && times[i].length > 0 ? median(times[i].map((own, round) => times[reference][round] / own)) : null;
    const seconds = median(times[i]);
    const metrics = detectionMetrics(documents.map((d, k) => ({ text: d.text, gold: goldDetectionSpans(d), predicted: outputs[i][k] })));
    const m = metrics.microWithoutLabel;
    return {
      system: system.name,
      documents: documents.length,
      megabytes,
      secondsMedian: seconds,
      documentsPerSecond: documents.length / seconds,
      megabytesPerSecond: megabytes / seconds,
      firstPassMegabytesPerSecond: megabytes / cold[i],
      tokenRecall: m.recall,
      tokenPrecision: m.precision,
      tokenF1: m.f1,
      speedOverRedactPii,
      // Measured after, in fresh threads (pairedSpeedOver).
      pairedSpeedOverRedactPii: null,
    };
  });
}

const repeats = wholeNumber('repeats', args.repeats);
const dataRoot = resolveDataRoot();
const selections = ['tab144:test', 'wiki-test'];
const corpora = await Promise.all(selections.map((s) => loadDataset(s, dataRoot)));
const results: Record<string, SystemResult[]> = {};
for (const [c, corpus] of corpora.entries()) {
  // Fresh threads per corpus: what one system learnt of the other corpus does not carry over.
  const systems: TimedSystem[] = [];
  for (const system of BENCH_SYSTEMS) systems.push(await startSystem(system, selections[c]));
  try {
    results[corpus.name] = await measureAll(systems, corpus.documents, repeats);
  } finally {
    for (const system of systems) await system.close();
  }
  // The paired ratios, each in fresh threads of its own, after the threads above are gone.
  const reference = BENCH_SYSTEMS.find((system) => system.name.startsWith(REFERENCE_SYSTEM));
  for (const [i, system] of BENCH_SYSTEMS.entries()) {
    if (system.paired && reference) results[corpus.name][i].pairedSpeedOverRedactPii = await pairedSpeedOver(system, reference, selections[c]);
  }
  for (const result of results[corpus.name]) {
    process.stdout.write(
      `${corpus.name} ${result.system}: ${result.documentsPerSecond.toFixed(1)} docs/s, ${result.megabytesPerSecond.toFixed(3)} MB/s (first pass ${result.firstPassMegabytesPerSecond.toFixed(3)}), ` +
        `${result.speedOverRedactPii?.toFixed(2) ?? '-'}× redact-pii (paired ${result.pairedSpeedOverRedactPii ? `${result.pairedSpeedOverRedactPii.median.toFixed(2)}×, ${result.pairedSpeedOverRedactPii.isolates.map((r) => r.toFixed(2)).join(' ')}` : '-'}), token recall ${result.tokenRecall?.toFixed(3)}, precision ${result.tokenPrecision?.toFixed(3)}\n`,
    );
  }
}
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, Node ${process.version}`;
const outDir = benchOutDir('table3', args.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'throughput.json'), JSON.stringify({ machine, repeats, warmupMs: WARMUP_MS, pairedRounds: PAIRED_ROUNDS, isolates: ISOLATES, results }, null, 2) + '\n');
const lines = [
  '# Detection throughput and token recall vs npm PII packages',
  '',
  `One process, each system in a worker thread of its own (own heap and compiled code; one pass runs at a time), ${machine}; steady state: median of ${repeats} timed passes per system, interleaved across systems, after one first pass over the corpus (reported apart: cold, JIT compilation included) and ${WARMUP_MS / 1000} s of untimed passes (V8 optimizes a function after many calls); a pass of a fast system runs over the corpus as many times as it takes to last at least ${MIN_PASS_MS} ms (its time is per run over the corpus); a ${SETTLE_MS} ms pause before each pass lets the previous system's threads go idle. ` +
    '"× redact-pii": the median over the timed rounds of redact-pii\'s time over the system\'s in the same round (robust to a slow drift of the machine\'s speed). ' +
    `"paired": the same ratio from a pass of the system and a pass of redact-pii back to back (the system first in alternate rounds), the median over ${PAIRED_ROUNDS} pairs, measured in ${ISOLATES} pairs of fresh threads (each warmed up as above); the cell is the median of those ${ISOLATES} ratios, with the lowest and highest: the passes of a round are seconds apart and a shared machine's speed changes within that, the two passes of a pair milliseconds apart; and one thread's compiled code is one draw (the same code measured 1.07–1.27× on the biographies from one fresh process to the next). ` +
    'Token recall/precision: PII vs non-PII over `\\w+` units, gold = all mentions of the first annotator. Generated by `bench/detect-throughput.ts`.',
];
for (const [dataset, rows] of Object.entries(results)) {
  lines.push('', `## ${dataset} (${rows[0].documents} documents, ${rows[0].megabytes.toFixed(3)} MB)`, '', '| system | docs/s | MB/s | MB/s, first pass | × redact-pii | × redact-pii, paired (lowest–highest of the threads) | token recall | token precision | token F1 |', '|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const paired = r.pairedSpeedOverRedactPii ? `${r.pairedSpeedOverRedactPii.median.toFixed(2)} (${r.pairedSpeedOverRedactPii.lowest.toFixed(2)}–${r.pairedSpeedOverRedactPii.highest.toFixed(2)})` : '-';
    lines.push(`| ${r.system} | ${r.documentsPerSecond.toFixed(1)} | ${r.megabytesPerSecond.toFixed(3)} | ${r.firstPassMegabytesPerSecond.toFixed(3)} | ${r.speedOverRedactPii?.toFixed(2) ?? '-'} | ${paired} | ${r.tokenRecall?.toFixed(3)} | ${r.tokenPrecision?.toFixed(3)} | ${r.tokenF1?.toFixed(3)} |`);
  }
}
writeFileSync(join(outDir, 'throughput.md'), lines.join('\n') + '\n');
