/** Every CLI command module registers itself here (one line each). */
import type { Command } from 'commander';
import { registerEvaluate } from './evaluate.ts';
import { registerDatasets } from './datasets.ts';
import { registerQuickstart } from './quickstart.ts';
import { registerDetect } from './detect.ts';
import { registerBenchmark } from './benchmark.ts';
import { registerSanitize } from './sanitize.ts';
import { registerReport } from './report.ts';

export function registerCommands(program: Command): void {
  registerEvaluate(program);
  registerDatasets(program);
  registerQuickstart(program);
  registerDetect(program);
  registerBenchmark(program);
  registerSanitize(program);
  registerReport(program);
}
