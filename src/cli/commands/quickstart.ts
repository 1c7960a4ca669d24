/** `sanitext quickstart` (npm start): the quickstart benchmark on the bundled sample and model. */
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../corpus/index.ts';
import { dataRootOf } from '../options.ts';
import { runBenchmark } from './benchmark.ts';

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('run experiments/quickstart.yaml on the bundled sample data and model (no network)')
    .option('--fresh', 'ignore checkpoints of an earlier run')
    .action(async (flags: { fresh?: boolean }, command: Command) => {
      const outDir = await runBenchmark(join(REPO_ROOT, 'experiments', 'quickstart.yaml'), flags, dataRootOf(command));
      process.stdout.write(`\nreport: ${relative(process.cwd(), join(outDir, 'report.md'))}\n`);
    });
}
