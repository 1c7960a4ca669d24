/**
 * Throughput of a pipeline config on a dataset: MB/s of UTF-8 text through detect → assess → mask,
 * documents one at a time as `pipeline.run` pulls them, after loading (models load before the clock).
 * Also the process's CPU seconds (all threads), which a machine shared with other jobs inflates less
 * than the wall clock.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/pipeline-throughput.ts pipelines/default.yaml tab-masked:test
 */
import { readDocuments, resolveDataRoot } from '../src/corpus/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { benchArgsWithPositionals } from './args.ts';

const { positionals } = benchArgsWithPositionals({});
if (positionals.length > 2) throw new Error('pipeline-throughput.ts takes a config and an input, no more');
const [config = 'pipelines/default.yaml', input = 'tab-masked:test'] = positionals;
const loadStarted = performance.now();
const pipeline = await createPipeline(config);
const loadSeconds = (performance.now() - loadStarted) / 1000;
// The documents are read first so that the clock measures the pipeline, not the reader.
const documents: { id: string; text: string }[] = [];
for await (const doc of readDocuments(input, { dataRoot: resolveDataRoot() })) documents.push({ id: doc.id, text: doc.text });
const bytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
const started = performance.now();
const cpuStarted = process.cpuUsage();
let mentions = 0;
for await (const result of pipeline.run(documents)) mentions += result.counts.mentions;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({ config, input, layers: pipeline.layers, indicator: pipeline.indicator, documents: documents.length, megabytes: bytes / 1e6, mentions, loadSeconds: +loadSeconds.toFixed(1), seconds: +seconds.toFixed(1), mbPerSecond: +(bytes / 1e6 / seconds).toFixed(4), cpuSeconds: +cpuSeconds.toFixed(1), mbPerCpuSecond: +(bytes / 1e6 / cpuSeconds).toFixed(4) })}\n`,
);
