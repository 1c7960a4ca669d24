/** Every CLI command module registers itself here (one line each). */
import type { Command } from 'commander';
import { registerEvaluate } from './evaluate.ts';
import { registerDatasets } from './datasets.ts';
import { registerQuickstart } from './quickstart.ts';

export function registerCommands(program: Command): void {
  registerEvaluate(program);
  registerDatasets(program);
  registerQuickstart(program);
}
