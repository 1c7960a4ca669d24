/**
 * Where a bench script writes: its `--out DIR` when given, else `out/<name>/` (untracked). The
 * committed figures under `results/` change only when one asks for it (`--out results/<name>`).
 */
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../src/corpus/index.ts';

export function benchOutDir(name: string, out: string | undefined): string {
  if (out === undefined) return join(REPO_ROOT, 'out', name);
  if (out === '') throw new Error('--out needs a folder');
  return resolve(out);
}
