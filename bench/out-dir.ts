/**
 * Where a bench script writes: `--out DIR` when given, else `out/<name>/` (untracked). The committed
 * figures under `results/` change only when one asks for it (`--out results/<name>`).
 */
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../src/corpus/index.ts';

export function benchOutDir(name: string, argv: readonly string[] = process.argv.slice(2)): string {
  const i = argv.indexOf('--out');
  if (i >= 0) {
    const dir = argv[i + 1];
    if (!dir || dir.startsWith('--')) throw new Error('--out needs a folder');
    return resolve(dir);
  }
  return join(REPO_ROOT, 'out', name);
}
