/**
 * Shared plumbing of the figure notebooks: which runs to read, and where to write the regenerated SVG.
 *
 *   npx tsx notebooks/<figure>.ts [results-root | run-dir | metrics.json ...] [--out <dir>]
 *
 * With no path, `results/` is read. A results root is scanned for `<run>/metrics.json`. Figures are
 * written next to each run's metrics.json, or into `--out <dir>` as `<run>-<figure>.svg`.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { METRICS_FILE, findRunDirs, readMetricsFile, type RunMetrics } from '../src/report/index.ts';

export interface Run {
  dir: string;
  metrics: RunMetrics;
}

export interface NotebookArgs {
  runs: Run[];
  out?: string;
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** Reads the command line: paths of runs or results roots, and `--out <dir>`. */
export async function loadRuns(argv: readonly string[] = process.argv.slice(2)): Promise<NotebookArgs> {
  const paths: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
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
  await writeFile(target, svg, 'utf8');
  return target;
}

/** A number for a terminal table: fixed decimals, or a dash where it is undefined. */
export function cell(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(decimals);
}

export function subtitle(m: RunMetrics): string {
  return `${m.name} · ${m.dataset} ${m.split} · ${m.spanSource} spans`;
}
