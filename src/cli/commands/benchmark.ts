/** `sanitext benchmark <config>`: the main job — run an experiment and write its report. */
import type { Command } from 'commander';
import { dirname, join, relative, resolve } from 'node:path';
import { loadDataset, REPO_ROOT, writeJsonFile } from '../../corpus/index.ts';
import type { RunMetrics } from '../../report/index.ts';
import { dataRootOf } from '../options.ts';
import { terminalProgress } from '../progress.ts';
import { formatTable } from '../table.ts';

interface BenchmarkFlags {
  fresh?: boolean;
  out?: string;
  limit?: string;
  printSchema?: boolean;
  allowExternalSearch?: boolean;
  modelThreads?: string;
}

export function registerBenchmark(program: Command): void {
  program
    .command('benchmark')
    .description('run an experiment config (experiments/*.yaml) and write out/<name>/ (--out results/<name> to update the committed results)')
    .argument('[config]', 'experiment config (YAML)')
    .option('--fresh', 'ignore checkpoints of an earlier (interrupted) run')
    .option('--out <dir>', 'output folder (default: the config\'s output, else out/<name>; results/<name> updates the committed results)')
    .option('--limit <n>', 'only the first N documents of each split, in training and in evaluation (smoke run)')
    .option('--print-schema', 'print the JSON Schema of experiment configs and exit')
    .option('--allow-external-search', 'let web-search indicators send spans to external search engines (personal data leaves the machine)')
    .option('--model-threads <n>', 'ONNX threads of each model whose reference names none (default: the model\'s own default); `reproduce` sets cores ÷ jobs')
    .action(async (configPath: string | undefined, flags: BenchmarkFlags, command: Command) => {
      if (flags.printSchema) {
        const { experimentJsonSchema } = await import('../../experiment/index.ts');
        process.stdout.write(JSON.stringify(experimentJsonSchema(), null, 2) + '\n');
        return;
      }
      if (!configPath) throw new Error('benchmark needs a config file, e.g. experiments/quickstart.yaml');
      if (flags.modelThreads !== undefined) await applyModelThreads(flags.modelThreads);
      const outDir = await runBenchmark(configPath, flags, dataRootOf(command));
      process.stdout.write(`\nreport: ${relative(process.cwd(), join(outDir, 'report.md')) || join(outDir, 'report.md')}\n`);
    });
}

/** `--model-threads N`: the ONNX threads of models whose reference names none, for this process. */
export async function applyModelThreads(value: string): Promise<void> {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--model-threads takes a positive whole number, got "${value}"`);
  const { setDefaultModelThreads } = await import('../../models/index.ts');
  setDefaultModelThreads(threads);
}

export async function runBenchmark(configPath: string, flags: BenchmarkFlags, dataRoot: string): Promise<string> {
  // Imported when a run starts: the runner loads the model runtimes, which `benchmark --help` does not need.
  const { readExperimentConfig, runDetectionExperiment, runExperiment } = await import('../../experiment/index.ts');
  const { validateMetrics, writeReport } = await import('../../report/index.ts');
  const config = await readExperimentConfig(configPath);
  if (flags.limit !== undefined) {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit takes a positive whole number, got "${flags.limit}"`);
    config.limitDocuments = limit;
  }
  // Untracked by default: the committed results under results/ change only when one asks (--out results/<name>).
  const outDir = resolve(flags.out ?? (config.output ? resolve(REPO_ROOT, config.output) : join(REPO_ROOT, 'out', config.name)));
  const corpus = await loadDataset(config.dataset, dataRoot);
  const started = performance.now();
  const progress = terminalProgress();
  const raw =
    config.task === 'detection'
      ? await runDetectionExperiment(config, corpus, progress, dirname(resolve(configPath)))
      : await runExperiment(config, corpus, { dataRoot, fresh: flags.fresh, allowExternalSearch: flags.allowExternalSearch, progress, configFile: configPath });
  const metrics: RunMetrics = validateMetrics(raw, join(outDir, 'metrics.json'));
  await writeJsonFile(join(outDir, 'metrics.json'), metrics);
  await writeReport(outDir, metrics);
  process.stdout.write(summary(metrics, (performance.now() - started) / 1000));
  return outDir;
}

function summary(m: RunMetrics, seconds: number): string {
  const f = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(2));
  const rows = m.rows.map((r) => [r.method, f(r.P), f(r.Pw), f(r.R_all), f(r.F1), f(r.R_ent), f(r.R_direct), f(r.R_quasi), r.seconds === null ? '–' : r.seconds.toFixed(1)]);
  return (
    `\n${m.name}: ${m.dataset} (${m.split}), ${m.documents} documents, ${m.spans} ${m.spanSource} spans, ${seconds.toFixed(1)} s\n\n` +
    formatTable(['method', 'P', 'Pw', 'R_all', 'F1', 'R_ent', 'R_direct', 'R_quasi', 's'], rows)
  );
}
