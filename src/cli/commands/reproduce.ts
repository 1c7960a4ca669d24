/**
 * `sanitext reproduce [configs...]`: every experiment and evaluation config (by default the top-level
 * YAML files of experiments/) in one run, N at a time. Each config runs in its own `sanitext`
 * process, as `benchmark` or `evaluate --config` would run it alone, with cores ÷ N ONNX threads, so N
 * processes share the machine instead of each starting a pool as large as it. Configs that share
 * cached rows run one after the other (src/experiment/schedule.ts).
 */
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError, REPO_ROOT, writeJsonFile } from '../../corpus/index.ts';
import { describeStep, planLanes, type ReproductionStep } from '../../experiment/schedule.ts';
import { modelThreadsPerWorker, parseWorkerCount } from '../../pipeline/index.ts';
import { formatTable } from '../table.ts';

interface ReproduceFlags {
  jobs?: string;
  outRoot?: string;
  logs: string;
  fresh?: boolean;
}

interface StepOutcome {
  config: string;
  kind: ReproductionStep['kind'];
  lane: number;
  seconds: number;
  exitCode: number;
  log: string;
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description('run every experiment and evaluation config (default: experiments/*.yaml), N processes at a time; configs that share cached rows run in order')
    .argument('[configs...]', 'config files or folders (a folder: its *.yaml files)')
    .option('--jobs <n>', 'configs run side by side (default: the number of cores)')
    .option('--out-root <dir>', 'write each config to <dir>/<name> (default: each config\'s own output folder, out/<name>)')
    .option('--logs <dir>', 'one log file per config, and summary.json', join('out', 'reproduce'))
    .option('--fresh', 'ignore checkpoints of earlier runs')
    .action(async (paths: string[], flags: ReproduceFlags, command: Command) => {
      const jobs = parseWorkerCount(flags.jobs, '--jobs');
      const files = configFiles(paths.length > 0 ? paths : [join(REPO_ROOT, 'experiments')]);
      // Every config is read and checked first: a bad one fails the run before anything starts.
      const steps = await Promise.all(files.map((file) => describeStep(file)));
      const names = new Map<string, string>();
      for (const step of steps) {
        const other = names.get(step.name);
        if (other !== undefined) throw new InputError([{ file: step.file, message: `name "${step.name}" is also the name of ${other}: outputs would overwrite each other` }]);
        names.set(step.name, step.file);
      }
      const globals = command.optsWithGlobals() as { dataDir?: string };
      const outcome = await runLanes(planLanes(steps), steps, jobs, flags, globals.dataDir);
      if (outcome.some((o) => o.exitCode !== 0)) process.exitCode = 1;
    });
}

/** The files named, a folder standing for its top-level *.yaml files (sorted). */
function configFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new InputError([{ file: path, message: 'file not found' }]);
    }
    if (!isFolder) return [path];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(path, name));
  });
}

async function runLanes(lanes: ReproductionStep[][], steps: readonly ReproductionStep[], jobs: number, flags: ReproduceFlags, dataDir: string | undefined): Promise<StepOutcome[]> {
  const logDir = resolve(flags.logs);
  mkdirSync(logDir, { recursive: true });
  const threads = modelThreadsPerWorker(Math.min(jobs, lanes.length));
  const started = performance.now();
  const outcomes: StepOutcome[] = [];
  /** The outcomes of the parts of each evaluation run in parts, by config name. */
  const partOutcomes = new Map<string, StepOutcome[]>();
  process.stdout.write(`${steps.length} configs (${lanes.flat().length} runs with the parts of split evaluations) in ${lanes.length} lanes, ${jobs} at a time, ${threads} model thread(s) each; logs in ${relative(process.cwd(), logDir) || '.'}\n`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let lane = next++; lane < lanes.length; lane = next++) {
      for (const step of lanes[lane]) {
        process.stdout.write(`started  ${step.part ? `${step.name} (part ${step.part.index + 1})` : step.name} (lane ${lane + 1})\n`);
        const outcome = await runStep(step, lane + 1, threads, logDir, flags, dataDir);
        outcomes.push(outcome);
        if (step.part) partOutcomes.set(step.name, [...(partOutcomes.get(step.name) ?? []), outcome]);
        const status = outcome.exitCode === 0 ? 'done    ' : `FAILED (exit ${outcome.exitCode}), see ${relative(process.cwd(), outcome.log)}:`;
        process.stdout.write(`${status} ${outcome.config} in ${outcome.seconds.toFixed(0)} s\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, lanes.length) }, worker));
  // An evaluation run in parts becomes one report once every part is done (seconds: no model runs).
  for (const step of steps.filter((s) => s.parts)) {
    const parts = partOutcomes.get(step.name) ?? [];
    if (parts.length !== step.parts!.length || parts.some((o) => o.exitCode !== 0)) {
      process.stdout.write(`FAILED   ${step.name}: a part failed, nothing merged\n`);
      outcomes.push({ config: step.name, kind: step.kind, lane: 0, seconds: 0, exitCode: 1, log: parts.find((o) => o.exitCode !== 0)?.log ?? '' });
      continue;
    }
    const merged = await runStep(step, 0, threads, logDir, flags, dataDir);
    outcomes.push(merged);
    process.stdout.write(`${merged.exitCode === 0 ? 'merged  ' : `FAILED (exit ${merged.exitCode}), see ${relative(process.cwd(), merged.log)}:`} ${step.name} from ${parts.length} parts\n`);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  await writeJsonFile(join(logDir, 'summary.json'), { jobs, modelThreads: threads, wallSeconds, steps: outcomes });
  process.stdout.write(
    `\n${formatTable(
      ['config', 'kind', 'lane', 's', 'status'],
      outcomes.map((o) => [o.config, o.kind, String(o.lane), o.seconds.toFixed(0), o.exitCode === 0 ? 'ok' : `exit ${o.exitCode}`]),
    )}\nall: ${wallSeconds.toFixed(0)} s wall clock (${(wallSeconds / 60).toFixed(1)} min), ${jobs} at a time\n`,
  );
  return outcomes;
}

/** Where the part `index` of an evaluation writes its table. */
const partDir = (logDir: string, name: string, index: number): string => join(logDir, 'parts', `${name}-${index}`);

/**
 * Runs one config in its own `sanitext` process, its output to a log file: a whole config, one part of
 * an evaluation (`step.part`: its entries, into the log folder), or the merge of an evaluation's parts
 * (`step.parts`: into the config's output, computing nothing).
 */
function runStep(step: ReproductionStep, lane: number, threads: number, logDir: string, flags: ReproduceFlags, dataDir: string | undefined): Promise<StepOutcome> {
  const finalOut = flags.outRoot ? ['--out', join(resolve(flags.outRoot), step.name)] : [];
  const evaluateArgs = step.part
    ? ['--entries', step.part.entries.join(','), '--out', partDir(logDir, step.name, step.part.index)]
    : step.parts
      ? ['--merge', ...step.parts.map((_, index) => partDir(logDir, step.name, index)), ...finalOut]
      : finalOut;
  const args = [
    join(REPO_ROOT, 'bin', 'sanitext.mjs'),
    ...(dataDir ? ['--data-dir', dataDir] : []),
    ...(step.kind === 'benchmark' ? ['benchmark', step.file, ...finalOut] : ['evaluate', '--config', step.file, ...evaluateArgs]),
    ...(flags.fresh && step.kind === 'benchmark' ? ['--fresh'] : []),
    '--model-threads',
    String(threads),
  ];
  const label = step.part ? `${step.name} (part ${step.part.index + 1})` : step.name;
  const log = join(logDir, step.part ? `${step.name}.part${step.part.index + 1}.log` : step.parts ? `${step.name}.merge.log` : `${step.name}.log`);
  const started = performance.now();
  return new Promise((done) => {
    let finished = false;
    const out = createWriteStream(log);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const finish = (exitCode: number): void => {
      // 'error' (the process could not start) may be followed by 'close': the first one counts.
      if (finished) return;
      finished = true;
      out.end(() => done({ config: label, kind: step.kind, lane, seconds: (performance.now() - started) / 1000, exitCode, log }));
    };
    child.on('error', (error) => {
      out.write(`could not start: ${error.message}\n`);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}
