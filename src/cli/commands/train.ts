/**
 * `sanitext train <indicator config> --data tab144:train --out risk.json [--limit N]`: fits a risk
 * indicator (or a combination) on every annotator's gold spans of the training documents and saves
 * it as an artefact (src/indicators/artefact.ts) that pipelines and benchmark rows load.
 */
import type { Command } from 'commander';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, loadDataset, readConfigFile, REPO_ROOT, type InputProblem } from '../../corpus/index.ts';
import { dataRootOf } from '../options.ts';

interface TrainFlags {
  data: string;
  out: string;
  limit?: string;
  allowExternalSearch?: boolean;
}

const MemberSchema = z
  .object({
    indicator: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
    /** The member's threshold inside the vote (default: its own). */
    threshold: z.number().optional(),
  })
  .strict();

const IndicatorFileSchema = z
  .object({
    indicator: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
    threshold: z.number().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const CombinationFileSchema = z
  .object({
    combination: z.union([
      z.object({ atLeast: z.number().int().min(1) }).strict(),
      z.object({ weighted: z.literal(true), l2: z.number().nonnegative().optional() }).strict(),
    ]),
    members: z.array(MemberSchema).min(2),
    threshold: z.number().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

type IndicatorFile = z.infer<typeof IndicatorFileSchema>;
type CombinationFile = z.infer<typeof CombinationFileSchema>;

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('fit a risk indicator (or a combination) on gold spans and save it as an artefact')
    .argument('<config>', 'indicator config (YAML or JSON): {indicator, options, threshold} or {combination: {atLeast: k} | {weighted: true}, members: [...]}')
    .requiredOption('--data <dataset>', 'training documents: a dataset selector (tab144:train) or a JSON file')
    .requiredOption('--out <file>', 'artefact file to write (JSON)')
    .option('--limit <n>', 'train on the first N documents only (smoke run)')
    .option('--allow-external-search', 'let web-search indicators send spans to external search engines (personal data leaves the machine)')
    .action(async (configPath: string, flags: TrainFlags, command: Command) => {
      const limit = parseLimit(flags.limit);
      const config = await readTrainConfig(configPath);
      const baseDir = dirname(resolve(configPath));
      const dataRoot = dataRootOf(command);
      const [{ trainingDocuments }, indicators] = await Promise.all([import('../../experiment/index.ts'), import('../../indicators/index.ts')]);
      const trainConfig = toTrainConfig(config);
      checkBeforeWork(configPath, trainConfig, baseDir, indicators.checkIndicatorOptions, indicators.registryOptionsOf, (await import('../../models/index.ts')).checkModelReference);
      const corpus = await loadDataset(flags.data, dataRoot);
      const documents = limit === undefined ? corpus.documents : corpus.documents.slice(0, limit);
      const train = trainingDocuments(documents);
      const [dataset, split] = splitSelector(flags.data);
      const started = performance.now();
      process.stderr.write(`training ${describe(trainConfig)} on ${documents.length} document(s) of ${corpus.name}…\n`);
      const artefact = await indicators.trainIndicator(trainConfig, train, {
        seed: config.seed,
        baseDir,
        dataRoot,
        cacheDir: join(REPO_ROOT, '.cache'),
        allowExternalSearch: flags.allowExternalSearch,
        trainingData: { dataset, ...(split ? { split } : {}), ...(limit !== undefined ? { limit } : {}) },
      });
      await indicators.saveIndicatorArtefact(flags.out, artefact);
      const seconds = (performance.now() - started) / 1000;
      const { training } = artefact;
      process.stdout.write(
        `${describe(trainConfig)}: trained on ${training.documents} document(s), ${training.spans} span(s) (${training.mask} MASK, ${training.noMask} NO_MASK) in ${seconds.toFixed(1)} s\n` +
          `artefact: ${relative(process.cwd(), resolve(flags.out)) || flags.out} (digest ${artefact.digest.slice(0, 12)}…)\n`,
      );
    });
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new InputError([{ file: '--limit', message: `takes a positive whole number, got "${value}"` }]);
  return limit;
}

/** `tab144:train` → [tab144, train]; a file path has no split. */
function splitSelector(selector: string): [string, string | undefined] {
  const match = /^([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(selector);
  return match ? [match[1], match[2]] : [selector, undefined];
}

/** Reads and validates the config file; every problem names the file and the field path. */
export async function readTrainConfig(path: string): Promise<IndicatorFile | CombinationFile> {
  const raw = await readConfigFile(path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError([{ file: path, message: '(top level): expected an object {indicator, options, threshold} or {combination, members}' }]);
  }
  const schema = 'combination' in raw || 'members' in raw ? CombinationFileSchema : IndicatorFileSchema;
  const result = (schema as z.ZodType<IndicatorFile | CombinationFile>).safeParse(raw);
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue) => {
        const path2 = issue.path.join('.');
        const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
        return { file: path, message: `${path2 || '(top level)'}: ${message}` };
      }),
    );
  }
  const config = result.data;
  if ('combination' in config && 'atLeast' in config.combination && config.combination.atLeast > config.members.length) {
    throw new InputError([{ file: path, message: `combination.atLeast: ${config.combination.atLeast} is more than the ${config.members.length} members voting` }]);
  }
  return config;
}

interface TrainConfigShape {
  indicator: string;
  options?: Record<string, unknown>;
  threshold?: number;
  members?: { indicator: string; options?: Record<string, unknown>; threshold?: number }[];
}

function toTrainConfig(config: IndicatorFile | CombinationFile): TrainConfigShape {
  if (!('combination' in config)) return { indicator: config.indicator, options: config.options, ...(config.threshold !== undefined ? { threshold: config.threshold } : {}) };
  const rule = 'atLeast' in config.combination ? { rule: 'at-least', k: config.combination.atLeast } : { rule: 'logistic-regression', ...(config.combination.l2 !== undefined ? { l2: config.combination.l2 } : {}) };
  return { indicator: 'combination', options: rule, members: config.members, ...(config.threshold !== undefined ? { threshold: config.threshold } : {}) };
}

function describe(config: TrainConfigShape): string {
  return config.members ? `combination of ${config.members.map((m) => m.indicator).join(', ')}` : config.indicator;
}

/**
 * Indicator names, options and model references checked before any data is read or model
 * loaded, with the config's field paths (`members.1.options.clasifier: unrecognized key`).
 */
function checkBeforeWork(
  file: string,
  config: TrainConfigShape,
  baseDir: string,
  checkOptions: (name: string, options: Record<string, unknown>) => { path: (string | number)[]; message: string }[],
  registryOptionsOf: (config: TrainConfigShape) => Record<string, unknown>,
  checkModel: (ref: { model: string; dtype?: 'fp32' | 'q8' }, baseDir: string) => string | undefined,
): void {
  const problems: InputProblem[] = [];
  const entries = config.members ? config.members.map((m, i) => ({ prefix: `members.${i}`, ...m })) : [{ prefix: '', ...config }];
  for (const entry of entries) {
    const at = (field: string): string => (entry.prefix ? `${entry.prefix}.${field}` : field);
    for (const p of checkOptions(entry.indicator, entry.options ?? {})) {
      problems.push({ file, message: `${p.path.length === 0 ? at('indicator') : [at('options'), ...p.path].join('.')}: ${p.message}` });
    }
    for (const key of ['model', 'encoderModel']) {
      const model = entry.options?.[key];
      if (typeof model !== 'string') continue;
      const dtype = entry.options?.dtype;
      const problem = checkModel({ model, ...(key === 'model' && (dtype === 'fp32' || dtype === 'q8') ? { dtype } : {}) }, baseDir);
      if (problem) problems.push({ file, message: `${at('options')}.${key}: ${problem}` });
    }
  }
  if (problems.length === 0 && config.members) {
    // The combination's own options, as its registry validator sees them.
    for (const p of checkOptions('combination', registryOptionsOf(config))) {
      if (p.path[0] !== 'members') problems.push({ file, message: `combination: ${p.path.join('.')}: ${p.message}` });
    }
  }
  if (problems.length) throw new InputError(problems);
}
