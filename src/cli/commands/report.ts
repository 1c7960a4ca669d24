/** `sanitext report <dir...>`: re-renders report.md, table.csv, table.tex and the figures from metrics.json. */
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, type InputProblem } from '../../corpus/index.ts';
import { METRICS_FILE, findRunDirs, readMetricsFile, writeIndex, writeReport, type RunMetrics } from '../../report/index.ts';

interface ReportFlags {
  index?: string;
  decimals: string;
}

/** A results directory, or the `metrics.json` inside it, to the directory. */
function runDirOf(target: string): string {
  return path.basename(target) === METRICS_FILE ? path.dirname(target) : target;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('re-render the report files of benchmark runs from their metrics.json')
    .argument('[dirs...]', 'results directories (or their metrics.json); with --index and none given: every run under the index directory')
    .option('--index <root>', 'also write <root>/README.md, an index of every run under <root>')
    .option('--decimals <n>', 'decimals for our scores in report.md and table.tex: 2 (as the paper) or 3', '3')
    .action(async (dirs: string[], flags: ReportFlags) => {
      if (flags.decimals !== '2' && flags.decimals !== '3') throw new Error(`--decimals must be 2 or 3, not "${flags.decimals}"`);
      const decimals = flags.decimals === '2' ? 2 : 3;
      if (dirs.length === 0 && flags.index === undefined) throw new Error('give at least one results directory, or --index <results root>');
      const targets = dirs.length > 0 ? dirs.map(runDirOf) : await findRunDirs(flags.index as string);
      if (targets.length === 0) process.stderr.write(`note: no run with a ${METRICS_FILE} under ${flags.index}\n`);
      // Every run is attempted, so one bad metrics.json does not hide the state of the others.
      const problems: InputProblem[] = [];
      const rendered = new Map<string, RunMetrics>();
      for (const dir of targets) {
        try {
          const metrics = await readMetricsFile(path.join(dir, METRICS_FILE));
          const written = await writeReport(dir, metrics, { decimals });
          rendered.set(path.resolve(dir), metrics);
          process.stdout.write(`${metrics.name}: ${written.map((f) => path.basename(f)).join(', ')} in ${dir}\n`);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          problems.push(...error.problems);
        }
      }
      if (flags.index !== undefined) {
        const runs: { dir: string; metrics: RunMetrics }[] = [];
        for (const dir of await findRunDirs(flags.index)) {
          const known = rendered.get(path.resolve(dir));
          if (known) {
            runs.push({ dir, metrics: known });
            continue;
          }
          try {
            runs.push({ dir, metrics: await readMetricsFile(path.join(dir, METRICS_FILE)) });
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            // Already reported when this run was rendered above; otherwise report it now.
            if (!targets.some((t) => path.resolve(t) === path.resolve(dir))) problems.push(...error.problems);
          }
        }
        process.stdout.write(`index: ${await writeIndex(flags.index, runs)} (${runs.length} run(s))\n`);
      }
      if (problems.length > 0) throw new InputError(problems);
    });
}
