/**
 * `sanitext quickstart` (npm start): the main job on the embedded defaults. Until the benchmark
 * runner lands it scores the mask-everything baseline on the bundled sample.
 */
import type { Command } from 'commander';
import { goldCandidates, loadDataset } from '../../corpus/index.ts';
import { evaluate } from '../../eval/index.ts';
import { dataRootOf } from '../options.ts';
import { renderResult } from './evaluate.ts';

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('run the main job on the bundled sample data and model (no network)')
    .action(async (_flags: unknown, command: Command) => {
      const corpus = await loadDataset('sample', dataRootOf(command));
      const maskEverything = new Map(corpus.documents.map((d) => [d.id, goldCandidates(d)]));
      const result = await evaluate(corpus, maskEverything);
      process.stdout.write('Mask-everything baseline on the bundled sample (gold spans):\n');
      process.stdout.write(renderResult(corpus, result, true));
    });
}
