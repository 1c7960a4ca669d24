/** The file I/O of the report module: reads `metrics.json`, writes a run's report files and the index. */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, writeFileAtomic } from '../corpus/index.ts';
import { FIGURE_FILES } from './figures.ts';
import { renderIndex, renderReportFiles, type IndexEntry } from './render.ts';
import { parseMetricsFile, type RunMetrics } from './schema.ts';
import type { TableOptions } from './tables.ts';

export const METRICS_FILE = 'metrics.json';
export const INDEX_FILE = 'README.md';

/** Reads and validates a `metrics.json`; a missing file is an `InputError` naming it. */
export async function readMetricsFile(file: string): Promise<RunMetrics> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file, message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}` }]);
  }
  return parseMetricsFile(text, file);
}

/**
 * Writes `report.md`, `table.csv`, `table.tex` and one `fig-*.svg` per figure with data into `dir`
 * (created if needed), and returns the paths written. A figure file left from an earlier rendering
 * whose data is gone is removed, so the directory never shows a figure the metrics no longer back.
 */
export async function writeReport(dir: string, metrics: RunMetrics, options: TableOptions = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = renderReportFiles(metrics, options);
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(dir, file.name);
    await writeFileAtomic(target, file.content); // a killed run never leaves a cut-short report
    written.push(target);
  }
  const current = new Set(files.map((f) => f.name));
  for (const name of Object.values(FIGURE_FILES)) {
    if (!current.has(name)) await rm(path.join(dir, name), { force: true });
  }
  return written;
}

/** The immediate subdirectories of `root` that hold a `metrics.json`, sorted by name. */
export async function findRunDirs(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    throw new InputError([{ file: root, message: `cannot list the results directory: ${(error as Error).message}` }]);
  }
  const runs: string[] = [];
  for (const name of names.sort()) {
    const candidate = path.join(root, name, METRICS_FILE);
    if (await stat(candidate).then((s) => s.isFile(), () => false)) runs.push(path.join(root, name));
  }
  return runs;
}

/** Writes `<root>/README.md` listing the given runs (directories under `root`); returns its path. */
export async function writeIndex(root: string, runs: readonly { dir: string; metrics: RunMetrics }[]): Promise<string> {
  const entries: IndexEntry[] = runs.map((r) => ({ dir: path.relative(root, r.dir).split(path.sep).join('/'), metrics: r.metrics }));
  const target = path.join(root, INDEX_FILE);
  await mkdir(root, { recursive: true });
  await writeFileAtomic(target, renderIndex(entries));
  return target;
}
