/**
 * Detection throughput (documents/s, MB/s of UTF-8 text) of the rule+gazetteer layers and the full
 * recognizer, next to redact-pii and @openredaction/openredaction on the same texts in the same
 * run, with each system's token-level recall and precision (PII vs non-PII, `\w+` units) on the
 * same gold (first annotator, all mentions). Writes results/table3/throughput.json and .md.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/detect-throughput.ts [--repeats 5]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { OpenRedaction } from '@openredaction/openredaction';
import { SyncRedactor } from 'redact-pii';
import { loadDataset, REPO_ROOT, resolveDataRoot, type Document, type Span } from '../src/corpus/index.ts';
import { createRecognizer, defaultLayerNames } from '../src/detect/index.ts';
import { detectionMetrics, goldDetectionSpans, type TypedSpan } from '../src/eval/index.ts';

type SpanDetector = (text: string) => Promise<TypedSpan[]> | TypedSpan[];

/** A private-use character that none of the corpora contains: redact-pii's replacement marker. */
const MARKER = '\uE000';

/**
 * redact-pii only returns redacted text; its spans are recovered by aligning the text pieces
 * between markers with the original, left to right.
 */
export function spansFromRedaction(original: string, redacted: string): Span[] {
  const pieces = redacted.split(MARKER);
  const spans: Span[] = [];
  let position = pieces[0].length;
  for (let i = 1; i < pieces.length; i++) {
    const next = i === pieces.length - 1 && pieces[i] === '' ? original.length : original.indexOf(pieces[i], position + 1);
    if (next < 0) break;
    spans.push({ start: position, end: next });
    position = next + pieces[i].length;
  }
  return spans;
}

function redactPiiDetector(): SpanDetector {
  const redactor = new SyncRedactor({ globalReplaceWith: MARKER });
  return (text) => spansFromRedaction(text, redactor.redact(text)).map((s) => ({ ...s, entityType: 'PII' }));
}

function openRedactionDetector(): SpanDetector {
  const detector = new OpenRedaction();
  return (text) =>
    detector.detect(text).detections.map((d) => {
      const [start, end] = text.slice(d.position[0], d.position[1]) === d.value ? d.position : locate(text, d.value, d.position[0]);
      return { start, end, entityType: d.type };
    });
}

function locate(text: string, value: string, near: number): [number, number] {
  const at = text.indexOf(value, Math.max(0, near - value.length));
  const start = at >= 0 ? at : text.indexOf(value);
  return start >= 0 ? [start, start + value.length] : [near, near];
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
}

async function measure(system: string, detect: SpanDetector, documents: readonly Document[], repeats: number): Promise<SystemResult> {
  // The first pass over the corpus is reported apart (cold: JIT compilation, lazy tables); the
  // throughput figures are the median of the passes after it, the steady state of a long job.
  const coldStarted = performance.now();
  for (const doc of documents) await detect(doc.text);
  const coldSeconds = (performance.now() - coldStarted) / 1000;
  const times: number[] = [];
  let outputs: TypedSpan[][] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    const run: TypedSpan[][] = [];
    for (const doc of documents) run.push(await detect(doc.text));
    times.push((performance.now() - started) / 1000);
    outputs = run;
  }
  const seconds = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const megabytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;
  const metrics = detectionMetrics(documents.map((d, i) => ({ text: d.text, gold: goldDetectionSpans(d), predicted: outputs[i] })));
  const m = metrics.microWithoutLabel;
  return {
    system,
    documents: documents.length,
    megabytes,
    secondsMedian: seconds,
    documentsPerSecond: documents.length / seconds,
    megabytesPerSecond: megabytes / seconds,
    firstPassMegabytesPerSecond: megabytes / coldSeconds,
    tokenRecall: m.recall,
    tokenPrecision: m.precision,
    tokenF1: m.f1,
  };
}

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 5;
const dataRoot = resolveDataRoot();
const corpora = await Promise.all(['tab144:test', 'wiki-test'].map((s) => loadDataset(s, dataRoot)));
const systems: [string, () => Promise<SpanDetector> | SpanDetector][] = [
  ['sanitext rules+gazetteers', () => sanitextDetector(['rules', 'gazetteers'])],
  [`sanitext recognizer (${defaultLayerNames().join('+')})`, () => sanitextDetector(defaultLayerNames())],
  ['redact-pii 3.4.0 (SyncRedactor)', redactPiiDetector],
  ['@openredaction/openredaction 1.0.4', openRedactionDetector],
];
const results: Record<string, SystemResult[]> = {};
for (const corpus of corpora) {
  results[corpus.name] = [];
  for (const [name, make] of systems) {
    const result = await measure(name, await make(), corpus.documents, repeats);
    results[corpus.name].push(result);
    process.stdout.write(
      `${corpus.name} ${name}: ${result.documentsPerSecond.toFixed(1)} docs/s, ${result.megabytesPerSecond.toFixed(3)} MB/s (first pass ${result.firstPassMegabytesPerSecond.toFixed(3)}), ` +
        `token recall ${result.tokenRecall?.toFixed(3)}, precision ${result.tokenPrecision?.toFixed(3)}\n`,
    );
  }
}
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, Node ${process.version}`;
const outDir = join(REPO_ROOT, 'results', 'table3');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'throughput.json'), JSON.stringify({ machine, repeats, results }, null, 2) + '\n');
const lines = [
  '# Detection throughput and token recall vs npm PII packages',
  '',
  `One process, single-threaded, ${machine}; steady state: median of ${repeats} timed passes after one untimed pass over the corpus (first pass: that cold pass, JIT compilation included). ` +
    'Token recall/precision: PII vs non-PII over `\\w+` units, gold = all mentions of the first annotator. Generated by `bench/detect-throughput.ts`.',
];
for (const [dataset, rows] of Object.entries(results)) {
  lines.push('', `## ${dataset} (${rows[0].documents} documents, ${rows[0].megabytes.toFixed(3)} MB)`, '', '| system | docs/s | MB/s | MB/s, first pass | token recall | token precision | token F1 |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    lines.push(`| ${r.system} | ${r.documentsPerSecond.toFixed(1)} | ${r.megabytesPerSecond.toFixed(3)} | ${r.firstPassMegabytesPerSecond.toFixed(3)} | ${r.tokenRecall?.toFixed(3)} | ${r.tokenPrecision?.toFixed(3)} | ${r.tokenF1?.toFixed(3)} |`);
  }
}
writeFileSync(join(outDir, 'throughput.md'), lines.join('\n') + '\n');
