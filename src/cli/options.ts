import type { Command } from 'commander';
import { resolveDataRoot } from '../corpus/index.ts';

/** The dataset root from the global `--data-dir` option, the environment or the repository. */
export function dataRootOf(command: Command): string {
  const globals = command.optsWithGlobals() as { dataDir?: string };
  return resolveDataRoot(globals.dataDir);
}
