/**
 * Shared plumbing of the figure notebooks: which runs to read, and where to write the regenerated SVG.
 *
 *   npx tsx notebooks/<figure>.ts [results-root | run-dir | metrics.json ...] [--out <dir> | --in-place]
 *
 * With no path, `results/` is read. A results root is scanned for `<run>/metrics.json`. Figures are
 * written to `out/notebooks/` (untracked), or `--out <dir>`, as `<run>-<figure>.svg`; `--in-place`
 * writes them next to each run's metrics.json (rewriting committed figures under results/).
 * Bad input ends like the CLI: one message naming the file and field, exit status 2.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, REPO_ROOT, writeFileAtomic } from '../src/corpus/index.ts';
import { METRICS_FILE, findRunDirs, readMetricsFile, type RunMetrics } from '../src/report/index.ts';

export interface Run {
  dir: string;
  metrics: RunMetrics;
}

export interface NotebookArgs {
  runs: Run[];
  /** Folder for the figures; undefined: next to each run's metrics.json (`--in-place`). */
  out?: string;
}

/**
 * Runs a notebook's body on the runs named on the command line. Bad input (a missing or invalid
 * metrics.json, a bad argument) prints one message and exits with status 2, as `sanitext` does; a
 * stack trace only with SANITEXT_DEBUG=1.
 */
export async function runNotebook(body: (args: NotebookArgs) => Promise<void>, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    await body(await loadRuns(argv));
  } catch (error) {
    const name = path.basename(process.argv[1] ?? 'notebook');
    if (process.env.SANITEXT_DEBUG) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    if (error instanceof InputError || error instanceof UsageError) {
      process.stderr.write(`${name}: bad input\n${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${name}: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

class UsageError extends Error {}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** Reads the command line: paths of runs or results roots, and `--out <dir>`. */
export async function loadRuns(argv: readonly string[] = process.argv.slice(2)): Promise<NotebookArgs> {
  const paths: string[] = [];
  let out: string | undefined = path.join(REPO_ROOT, 'out', 'notebooks');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      out = argv[++i];
      if (!out || out.startsWith('--')) throw new UsageError('--out needs a folder');
    } else if (argv[i] === '--in-place') out = undefined;
    else if (argv[i].startsWith('--')) throw new UsageError(`unknown option ${argv[i]} (known: --out <dir>, --in-place)`);
    else paths.push(argv[i]);
  }
  if (paths.length === 0) paths.push('results');
  const dirs: string[] = [];
  for (const p of paths) {
    if (path.basename(p) === METRICS_FILE) dirs.push(path.dirname(p));
    else if (await isFile(path.join(p, METRICS_FILE))) dirs.push(p);
    else dirs.push(...(await findRunDirs(p)));
  }
  const runs: Run[] = [];
  for (const dir of dirs) runs.push({ dir, metrics: await readMetricsFile(path.join(dir, METRICS_FILE)) });
  return out === undefined ? { runs } : { runs, out };
}

/** Writes a regenerated figure and returns where it went. */
export async function saveFigure(run: Run, fileName: string, svg: string, out: string | undefined): Promise<string> {
  const target = out === undefined ? path.join(run.dir, fileName) : path.join(out, `${run.metrics.name}-${fileName}`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, svg); // a killed run never leaves a cut-short figure
  return target;
}

/** A number for a terminal table: fixed decimals, or a dash where it is undefined. */
export function cell(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(decimals);
}

export function subtitle(m: RunMetrics): string {
  return `${m.name} · ${m.dataset} ${m.split} · ${m.spanSource} spans`;
}
