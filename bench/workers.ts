/**
 * Throughput of a pipeline with 1 worker (in this thread) and with N worker threads, in one run, and
 * their ratio. Each setting is timed twice on the same documents: `coldSeconds` from creating the
 * runner (workers start and load their models) to the last result, then `seconds` for a second pass
 * on the loaded workers. Outputs are checked identical to the 1-worker run. The machine is shared:
 * CPU seconds (all threads of this process) are reported too, and how busy the main thread was.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/workers.ts [--config rules-gazetteers|PIPELINE.yaml] [--input tab-masked:test] [--workers 1,2] [--repeat K]
 *
 * Writes out/workers/<config>-<input>.json (or under --out DIR).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDocuments, resolveDataRoot } from '../src/corpus/index.ts';
import { createPipelineRunner, type PipelineConfigInput } from '../src/pipeline/index.ts';
import { benchOutDir } from './out-dir.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({
  config: { type: 'string', default: 'rules-gazetteers' },
  input: { type: 'string', default: 'tab-masked:test' },
  workers: { type: 'string', default: '1,2' },
  /** The documents K times over (ids suffixed), for passes long enough to time on a busy machine. */
  repeat: { type: 'string', default: '1' },
  out: { type: 'string' },
});
const configName = values.config;
const config: PipelineConfigInput | string = configName === 'rules-gazetteers' ? { detect: { layers: { rules: true, gazetteers: true } }, mask: { strategy: 'numbered' } } : configName;
const settings = values.workers.split(',').map(Number);

const read: { id: string; text: string }[] = [];
for await (const doc of readDocuments(values.input, { dataRoot: resolveDataRoot() })) read.push({ id: doc.id, text: doc.text });
const repeat = Number(values.repeat);
const documents = Array.from({ length: repeat }, (_, k) => read.map((d) => ({ id: repeat === 1 ? d.id : `${d.id}#${k}`, text: d.text }))).flat();
const megabytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;

interface Row {
  workers: number;
  threads: number;
  coldSeconds: number;
  seconds: number;
  mbPerSecond: number;
  cpuSeconds: number;
  /** Share of the pass the main thread's event loop was busy (reading, dealing, rebuilding results): its headroom. */
  mainThreadBusy: number;
  identicalToFirst: boolean;
}
const rows: Row[] = [];
let reference: string | undefined;
for (const workers of settings) {
  const coldStarted = performance.now();
  const runner = await createPipelineRunner(config, { workers });
  const pass = async (): Promise<string[]> => {
    const texts: string[] = [];
    for await (const outcome of runner.run(documents)) {
      if (outcome.error) throw outcome.error;
      texts.push(outcome.result.text);
    }
    return texts;
  };
  try {
    await pass();
    const coldSeconds = (performance.now() - coldStarted) / 1000;
    const cpuStarted = process.cpuUsage();
    const eluStarted = performance.eventLoopUtilization();
    const started = performance.now();
    const passed = await pass();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const mainThreadBusy = performance.eventLoopUtilization(eluStarted).utilization;
    const texts = JSON.stringify(passed);
    reference ??= texts;
    rows.push({
      workers,
      threads: runner.threads,
      coldSeconds: +coldSeconds.toFixed(2),
      seconds: +seconds.toFixed(2),
      mbPerSecond: +(megabytes / seconds).toFixed(4),
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
      mainThreadBusy: +mainThreadBusy.toFixed(2),
      identicalToFirst: texts === reference,
    });
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
  } finally {
    await runner.close();
  }
}
const report = {
  config: configName,
  input: values.input,
  repeat,
  documents: documents.length,
  megabytes: +megabytes.toFixed(3),
  cores: (await import('node:os')).availableParallelism(),
  rows,
  ratio: +(rows[0].seconds / rows[rows.length - 1].seconds).toFixed(2),
  coldRatio: +(rows[0].coldSeconds / rows[rows.length - 1].coldSeconds).toFixed(2),
};
const dir = benchOutDir('workers', values.out);
mkdirSync(dir, { recursive: true });
const file = join(dir, `${basename(configName).replace(/\.ya?ml$/, '')}-${values.input.replace(/[^\w-]+/g, '_')}${repeat === 1 ? '' : `-x${repeat}`}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report)}\nwrote ${file}\n`);
