/** `sanitext datasets list|download`. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, REPO_DATASETS, downloadDataset } from '../../corpus/index.ts';
import { dataRootOf } from '../options.ts';
import { formatTable } from '../table.ts';

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description('list or download datasets');
  datasets
    .command('list')
    .description('known dataset names and whether they are present under the data root')
    .action((_flags: unknown, command: Command) => {
      const root = dataRootOf(command);
      const rows = DATASETS.map((d) => {
        const present = [root, REPO_DATASETS].some((r) => existsSync(join(r, d.file)));
        return [d.name, present ? 'yes' : 'no', d.description];
      });
      process.stdout.write(`data root: ${root}\n\n${formatTable(['name', 'present', 'what'], rows)}`);
    });
  datasets
    .command('download')
    .description('fetch the official files (needs a network) into the data root and validate them')
    .argument('<which>', 'tab | wikipedia')
    .action(async (which: string, _flags: unknown, command: Command) => {
      if (which !== 'tab' && which !== 'wikipedia') throw new Error(`datasets download takes "tab" or "wikipedia", got "${which}"`);
      const root = dataRootOf(command);
      await downloadDataset(which, root, fetch, (line) => process.stdout.write(`${line}\n`));
    });
}
