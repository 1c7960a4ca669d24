/**
 * The queue mode against the in-process modes on the same input, in one run: `sanitize --workers 1`,
 * `sanitize --workers 2` (worker threads), and the queue with 2 `queue work` processes on one Redis.
 * Each is the real CLI in child processes, timed by wall clock from start to the output written:
 * for sanitize that includes starting the CLI and loading the pipeline (measured alone on one document
 * and reported, so a net rate is given too); for the queue the workers are started and ready first
 * (they are long-lived), and the time runs from `submit` to the end of `collect`. All outputs must be
 * byte-identical. The machine is shared: the figures are for the load it had.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/queue.ts [--input tab-masked:test] [--repeat 8] [--batch 16] [--pipeline P.yaml]
 *
 * Redis: $SANITEXT_REDIS_URL, else a redis-server started on a free loopback port. Writes
 * out/queue-bench/ (the input made, the outputs, result.json) or --out DIR.
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { readDocuments, resolveDataRoot } from '../src/corpus/index.ts';
import { runStatus } from '../src/queue/index.ts';
import { runChild } from '../test/cli/child-process.ts';
import { dropQueue, startTestRedis } from '../test/queue/redis-server.ts';
import { benchOutDir } from './out-dir.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({
  input: { type: 'string', default: 'tab-masked:test' },
  /** The documents K times over (ids suffixed), so a pass is long enough to time. */
  repeat: { type: 'string', default: '8' },
  batch: { type: 'string', default: '16' },
  pipeline: { type: 'string' },
  out: { type: 'string' },
});
const BIN = fileURLToPath(new URL('../bin/sanitext.mjs', import.meta.url));
const dir = benchOutDir('queue-bench', values.out);
mkdirSync(dir, { recursive: true });

// The input as one JSON-lines file, so every mode reads the same bytes.
const read: { id: string; text: string }[] = [];
for await (const doc of readDocuments(values.input, { dataRoot: resolveDataRoot() })) read.push({ id: doc.id, text: doc.text });
const repeat = Number(values.repeat);
const documents = Array.from({ length: repeat }, (_, k) => read.map((d) => ({ doc_id: repeat === 1 ? d.id : `${d.id}#${k}`, text: d.text }))).flat();
const input = join(dir, 'input.jsonl');
writeFileSync(input, documents.map((d) => JSON.stringify(d)).join('\n') + '\n');
const megabytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
writeFileSync(join(dir, 'one.jsonl'), JSON.stringify(documents[0]) + '\n');

// Rules + gazetteers with numbered placeholders by default: no model, no key.
const pipeline = values.pipeline ?? join(dir, 'pipeline.yaml');
if (!values.pipeline) writeFileSync(pipeline, 'detect:\n  layers:\n    rules: true\n    gazetteers: true\n    neural: false\nmask:\n  strategy: numbered\n');

async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  const run = await runChild(process.execPath, [BIN, ...args], { timeoutMs: 600_000 });
  if (run.status !== 0) throw new Error(`sanitext ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return (performance.now() - started) / 1000;
}

interface Row {
  mode: string;
  seconds: number;
  mbPerSecond: number;
  /** Without the start-up (CLI and pipeline load) measured on one document. */
  netSeconds?: number;
  netMbPerSecond?: number;
  identicalToWorkers1: boolean;
}
const rows: Row[] = [];
const startup = await timed(['sanitize', join(dir, 'one.jsonl'), '--pipeline', pipeline, '--workers', '1', '--out', join(dir, 'one-out.jsonl')]);
const startup2 = await timed(['sanitize', join(dir, 'one.jsonl'), '--pipeline', pipeline, '--workers', '2', '--out', join(dir, 'one-out2.jsonl')]);
for (const [workers, overhead] of [[1, startup], [2, startup2]] as const) {
  const out = join(dir, `sanitize-workers${workers}.jsonl`);
  const seconds = await timed(['sanitize', input, '--pipeline', pipeline, '--workers', String(workers), '--out', out]);
  const net = Math.max(0.001, seconds - overhead);
  rows.push({
    mode: `sanitize --workers ${workers}`,
    seconds: +seconds.toFixed(2),
    mbPerSecond: +(megabytes / seconds).toFixed(3),
    netSeconds: +net.toFixed(2),
    netMbPerSecond: +(megabytes / net).toFixed(3),
    identicalToWorkers1: readFileSync(out).equals(readFileSync(join(dir, 'sanitize-workers1.jsonl'))),
  });
  process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
}

const server = await startTestRedis();
const redis = new Redis(server.url, { maxRetriesPerRequest: null });
const queue = `bench-${process.pid}`;
const connection = ['--redis', server.url, '--queue', queue];
const workers = [1, 2].map(() => spawn(process.execPath, [BIN, 'queue', 'work', '--pipeline', pipeline, ...connection], { stdio: ['ignore', 'ignore', 'pipe'] }));
try {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let log = '';
          w.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
            log += chunk;
            if (log.includes('ready on queue')) resolve();
          });
          w.on('exit', (code) => reject(new Error(`a queue worker exited (${code}) before it was ready:\n${log}`)));
        }),
    ),
  );
  const run = `bench-${Date.now()}`;
  const out = join(dir, 'queue.jsonl');
  const started = performance.now();
  await timed(['queue', 'submit', input, '--pipeline', pipeline, '--batch', values.batch, '--run', run, ...connection]);
  const submitted = performance.now();
  for (;;) {
    const status = await runStatus(redis, { runId: run, queue });
    if (status.failed > 0) throw new Error(`queue jobs failed: ${JSON.stringify(status.failures)}`);
    if (status.completed === status.jobs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const processed = performance.now();
  await timed(['queue', 'collect', '--run', run, ...connection, '--out', out]);
  const seconds = (performance.now() - started) / 1000;
  rows.push({
    mode: `queue, 2 worker processes (batch ${values.batch})`,
    seconds: +seconds.toFixed(2),
    mbPerSecond: +(megabytes / seconds).toFixed(3),
    identicalToWorkers1: readFileSync(out).equals(readFileSync(join(dir, 'sanitize-workers1.jsonl'))),
  });
  process.stderr.write(`${JSON.stringify({ ...rows.at(-1), submitSeconds: +((submitted - started) / 1000).toFixed(2), processSeconds: +((processed - submitted) / 1000).toFixed(2) })}\n`);
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))));
  await dropQueue(server.url, queue);
  redis.disconnect();
  await server.stop();
}

const [one, two, queued] = rows;
const report = {
  input: values.input,
  repeat,
  documents: documents.length,
  megabytes: +megabytes.toFixed(3),
  cores: availableParallelism(),
  pipeline: values.pipeline ?? 'rules + gazetteers, numbered',
  startupSeconds: { workers1: +startup.toFixed(2), workers2: +startup2.toFixed(2) },
  rows,
  ratios: {
    workers2OverWorkers1: +(one.seconds / two.seconds).toFixed(2),
    workers2OverWorkers1Net: +(one.netSeconds! / two.netSeconds!).toFixed(2),
    queue2OverWorkers1: +(one.seconds / queued.seconds).toFixed(2),
    queue2OverWorkers1Net: +(one.netSeconds! / queued.seconds).toFixed(2),
    queue2OverWorkers2: +(two.seconds / queued.seconds).toFixed(2),
  },
};
writeFileSync(join(dir, 'result.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\nwrote ${join(dir, 'result.json')}\n`);
