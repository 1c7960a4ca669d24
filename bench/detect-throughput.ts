/**
 * Detection throughput (documents/s, MB/s of UTF-8 text) of the rule+gazetteer layers and the full
 * recognizer, next to redact-pii and @openredaction/openredaction on the same texts in the same
 * run, with each system's token-level recall and precision (PII vs non-PII, `\w+` units) on the
 * same gold (first annotator, all mentions). A timed pass of a fast system repeats the corpus until it
 * lasts MIN_PASS_MS. Writes throughput.json and .md to out/table3/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/detect-throughput.ts [--repeats 9] [--out DIR]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { loadDataset, resolveDataRoot, type Document } from '../src/corpus/index.ts';
import { openRedactionDetector, redactPiiDetector, type SpanDetector } from './npm-detectors.ts';
import { createGazetteerLayer, createRecognizer, createRuleLayer, defaultLayerNames, mergeMentions } from '../src/detect/index.ts';
import { benchOutDir } from './out-dir.ts';
import { detectionMetrics, goldDetectionSpans, type TypedSpan } from '../src/eval/index.ts';

/**
 * The rule and gazetteer layers alone, their overlaps merged: typed spans, which is what the npm
 * packages return. The recognizer rows add name propagation and entity ids (co-reference).
 */
function sanitextLayersDetector(): SpanDetector {
  const rules = createRuleLayer();
  const gazetteers = createGazetteerLayer();
  let n = 0;
  // Both layers answer synchronously: a result is awaited only if it is a promise (an await on an
  // array still yields to the event loop, once per layer and document).
  return (text) => {
    const doc = { id: `d${n++}`, text };
    const fromRules = rules.detect(doc);
    const fromGazetteers = gazetteers.detect(doc);
    if (Array.isArray(fromRules) && Array.isArray(fromGazetteers)) return mergeMentions(fromRules.concat(fromGazetteers));
    return Promise.all([fromRules, fromGazetteers]).then(([a, b]) => mergeMentions(a.concat(b)));
  };
}

async function sanitextDetector(layers: string[]): Promise<SpanDetector> {
  const recognizer = await createRecognizer({ layers });
  let n = 0;
  return (text) => recognizer.recognize({ id: `d${n++}`, text });
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
   * The same ratio measured paired (fast systems only): a pass of the system and a pass of
   * redact-pii back to back, the system first in alternate rounds; the median over the rounds of
   * redact-pii's time over the system's, with the quartiles. The two passes of a pair are milliseconds
   * apart, where the rounds above put seconds (and the other systems) between them, so a change of a
   * shared machine's speed moves these less.
   */
  pairedSpeedOverRedactPii: { median: number; lowerQuartile: number; upperQuartile: number } | null;
}

const REFERENCE_SYSTEM = 'redact-pii';

/**
 * One timed pass of a detector: `loops` runs over the documents back to back; the seconds of one run
 * over them (the pass's time over `loops`) and the outputs of the last.
 */
async function timedPass(detect: SpanDetector, documents: readonly Document[], loops = 1): Promise<{ seconds: number; outputs: TypedSpan[][] }> {
  const started = performance.now();
  let outputs: TypedSpan[][] = [];
  for (let loop = 0; loop < loops; loop++) {
    outputs = [];
    for (const doc of documents) {
      // A synchronous answer is not awaited (for every system alike): an await yields to the event loop.
      const found = detect(doc.text);
      outputs.push(found instanceof Promise ? await found : found);
    }
  }
  return { seconds: (performance.now() - started) / 1000 / loops, outputs };
}

/**
 * The least time a timed pass takes: a fast system runs over the documents as many times as that
 * needs (its loops, from its first pass). One run over the 100 biographies takes the rule layers
 * about 15 ms, the scale of a garbage collection or a scheduler's time slice: timed one run at a
 * time, the speed ratios moved by ±0.15 from one bench run to the next, more than any change of the
 * code did.
 */
const MIN_PASS_MS = 250;

/** How many runs over the documents make a pass of at least MIN_PASS_MS, from a first pass's seconds. */
const loopsFor = (firstPassSeconds: number): number => Math.max(1, Math.ceil(MIN_PASS_MS / 1000 / firstPassSeconds));

const PAIRED_ROUNDS = 21;

/** pairedSpeedOverRedactPii (see SystemResult) of `detect` against `reference` on the documents. */
async function pairedSpeedOver(detect: SpanDetector, reference: SpanDetector, documents: readonly Document[], loops: { own: number; reference: number }): Promise<SystemResult['pairedSpeedOverRedactPii']> {
  const ratios: number[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    // Whole passes back to back, the first in alternate rounds: each system keeps its tables in the
    // CPU caches through its pass, as in a run over a corpus (turns on each document evicted them and
    // cost the system with the larger tables 5–10% on the short biographies).
    const ownFirst = round % 2 === 0;
    const first = ownFirst ? await timedPass(detect, documents, loops.own) : await timedPass(reference, documents, loops.reference);
    const second = ownFirst ? await timedPass(reference, documents, loops.reference) : await timedPass(detect, documents, loops.own);
    ratios.push(ownFirst ? second.seconds / first.seconds : first.seconds / second.seconds);
  }
  ratios.sort((a, b) => a - b);
  const at = (q: number): number => ratios[Math.round(q * (ratios.length - 1))];
  return { median: at(0.5), lowerQuartile: at(0.25), upperQuartile: at(0.75) };
}

/**
 * A pause before each pass. The neural recognizer's ONNX Runtime threads keep spinning a while after
 * a run: without it, the system timed next (redact-pii) ran at half its speed on a busy machine.
 */
const SETTLE_MS = 200;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * The systems' passes are interleaved (A B C D A B C D …) so that a drift in machine speed hits
 * them alike. The first pass of each is reported apart (cold: JIT compilation, lazy tables); the
 * throughput figures are the median of the passes after it, the steady state of a long job.
 */
async function measureAll(systems: readonly { name: string; detect: SpanDetector; paired: boolean }[], documents: readonly Document[], repeats: number): Promise<SystemResult[]> {
  const cold: { seconds: number; outputs: TypedSpan[][] }[] = [];
  for (const system of systems) {
    await settle();
    cold.push(await timedPass(system.detect, documents));
  }
  const loops = cold.map((c) => loopsFor(c.seconds));
  const times: number[][] = systems.map(() => []);
  const outputs: TypedSpan[][][] = cold.map((c) => c.outputs);
  for (let r = 0; r < repeats; r++) {
    for (const [i, system] of systems.entries()) {
      await settle();
      const pass = await timedPass(system.detect, documents, loops[i]);
      times[i].push(pass.seconds);
      outputs[i] = pass.outputs;
    }
  }
  const megabytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;
  const reference = systems.findIndex((system) => system.name.startsWith(REFERENCE_SYSTEM));
  const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const paired: SystemResult['pairedSpeedOverRedactPii'][] = [];
  for (const system of systems) {
    await settle();
    paired.push(system.paired && reference >= 0 ? await pairedSpeedOver(system.detect, systems[reference].detect, documents, { own: loops[systems.indexOf(system)], reference: loops[reference] }) : null);
  }
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
      firstPassMegabytesPerSecond: megabytes / cold[i].seconds,
      tokenRecall: m.recall,
      tokenPrecision: m.precision,
      tokenF1: m.f1,
      speedOverRedactPii,
      pairedSpeedOverRedactPii: paired[i],
    };
  });
}

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 9;
const dataRoot = resolveDataRoot();
const corpora = await Promise.all(['tab144:test', 'wiki-test'].map((s) => loadDataset(s, dataRoot)));
// The third field: whether the system is also timed paired with redact-pii. Not the neural
// recognizer, whose runtime threads spin on after a document and would slow redact-pii's turn.
const systems: [string, () => Promise<SpanDetector> | SpanDetector, boolean][] = [
  ['sanitext rule+gazetteer layers (merged spans)', sanitextLayersDetector, true],
  ['sanitext recognizer (rules+gazetteers; + name propagation, entity ids)', () => sanitextDetector(['rules', 'gazetteers']), true],
  [`sanitext recognizer (${defaultLayerNames().join('+')})`, () => sanitextDetector(defaultLayerNames()), false],
  ['redact-pii 3.4.0 (SyncRedactor)', redactPiiDetector, false],
  ['@openredaction/openredaction 1.0.4', openRedactionDetector, true],
];
const results: Record<string, SystemResult[]> = {};
for (const corpus of corpora) {
  const detectors: { name: string; detect: SpanDetector; paired: boolean }[] = [];
  for (const [name, make, paired] of systems) detectors.push({ name, detect: await make(), paired });
  results[corpus.name] = await measureAll(detectors, corpus.documents, repeats);
  for (const result of results[corpus.name]) {
    process.stdout.write(
      `${corpus.name} ${result.system}: ${result.documentsPerSecond.toFixed(1)} docs/s, ${result.megabytesPerSecond.toFixed(3)} MB/s (first pass ${result.firstPassMegabytesPerSecond.toFixed(3)}), ` +
        `${result.speedOverRedactPii?.toFixed(2) ?? '-'}× redact-pii (paired ${result.pairedSpeedOverRedactPii?.median.toFixed(2) ?? '-'}×), token recall ${result.tokenRecall?.toFixed(3)}, precision ${result.tokenPrecision?.toFixed(3)}\n`,
    );
  }
}
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, Node ${process.version}`;
const outDir = benchOutDir('table3');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'throughput.json'), JSON.stringify({ machine, repeats, results }, null, 2) + '\n');
const lines = [
  '# Detection throughput and token recall vs npm PII packages',
  '',
  `One process, single-threaded, ${machine}; steady state: median of ${repeats} timed passes per system, interleaved across systems, after one first pass over the corpus (reported apart: cold, JIT compilation included); a pass of a fast system runs over the corpus as many times as it takes to last at least ${MIN_PASS_MS} ms (its time is per run over the corpus); a ${SETTLE_MS} ms pause before each pass lets the previous system's threads go idle. ` +
    '"× redact-pii": the median over the timed rounds of redact-pii\'s time over the system\'s in the same round (robust to a slow drift of the machine\'s speed). ' +
    `"paired": the same ratio from a pass of the system and a pass of redact-pii back to back (the system first in alternate rounds), median and quartiles over ${PAIRED_ROUNDS} pairs: the passes of a round are seconds apart and a shared machine's speed changes within that, the two passes of a pair milliseconds apart. ` +
    'Token recall/precision: PII vs non-PII over `\\w+` units, gold = all mentions of the first annotator. Generated by `bench/detect-throughput.ts`.',
];
for (const [dataset, rows] of Object.entries(results)) {
  lines.push('', `## ${dataset} (${rows[0].documents} documents, ${rows[0].megabytes.toFixed(3)} MB)`, '', '| system | docs/s | MB/s | MB/s, first pass | × redact-pii | × redact-pii, paired (quartiles) | token recall | token precision | token F1 |', '|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const paired = r.pairedSpeedOverRedactPii ? `${r.pairedSpeedOverRedactPii.median.toFixed(2)} (${r.pairedSpeedOverRedactPii.lowerQuartile.toFixed(2)}–${r.pairedSpeedOverRedactPii.upperQuartile.toFixed(2)})` : '-';
    lines.push(`| ${r.system} | ${r.documentsPerSecond.toFixed(1)} | ${r.megabytesPerSecond.toFixed(3)} | ${r.firstPassMegabytesPerSecond.toFixed(3)} | ${r.speedOverRedactPii?.toFixed(2) ?? '-'} | ${paired} | ${r.tokenRecall?.toFixed(3)} | ${r.tokenPrecision?.toFixed(3)} | ${r.tokenF1?.toFixed(3)} |`);
  }
}
writeFileSync(join(outDir, 'throughput.md'), lines.join('\n') + '\n');
