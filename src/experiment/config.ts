/**
 * Experiment configs (`experiments/*.yaml`): one zod schema, strict everywhere, so that a typo
 * fails before any work starts with the path of the bad field and what was expected.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { z } from 'zod/v4';
import { InputError, readConfigFile } from '../corpus/index.ts';
import { checkModelReference } from '../models/index.ts';
import { NeuralLayerSchema } from '../pipeline/index.ts';
// Registers every built-in indicator, so that rows can be checked by name and options here.
import { checkIndicatorOptions, indicatorNames, unknownIndicatorMessage } from '../indicators/index.ts';

const Identifier = z.string().regex(/^[A-Za-z0-9_.:>=+-]+$/, 'letters, digits and _ . : > = + - only');

export const IndicatorRunSchema = z.strictObject({
  /** Row name in the tables, e.g. `llm-probability:ensemble`; defaults to the indicator name. */
  id: Identifier.optional(),
  /** Registered indicator name (see `sanitext indicators`); or give `artefact`. */
  indicator: z.string().min(1).optional(),
  /** A trained indicator (`sanitext train --out`), relative to this config file: used as saved, not trained again. */
  artefact: z.string().min(1).optional(),
  /** Passed to the indicator's factory, after the run's shared `lm` settings. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Decision threshold; default: the indicator's own (fitted or configured), or the artefact's. */
  threshold: z.number().optional(),
  /** Group label: rows of a group are drawn together, like the paper's dashed blocks. */
  group: z.string().optional(),
  /** Train on this many training documents (seeded sample) instead of all: for costly indicators. */
  trainDocuments: z.number().int().min(2).optional(),
}).superRefine((run, context) => {
  if ((run.indicator === undefined) === (run.artefact === undefined)) {
    context.addIssue({ code: 'custom', path: ['indicator'], message: 'give either indicator (trained by the run) or artefact (trained already)' });
  }
  if (run.artefact !== undefined && (Object.keys(run.options).length > 0 || run.trainDocuments !== undefined)) {
    context.addIssue({ code: 'custom', path: ['artefact'], message: 'an artefact row takes no options or trainDocuments: they were fixed when it was trained' });
  }
});

export const CombinationSchema = z.strictObject({
  id: Identifier.optional(),
  /** Ids of indicator rows whose decisions vote. */
  of: z.array(Identifier).min(2),
  /** Mask a span when at least this many of them say MASK. */
  atLeast: z.number().int().min(1),
  group: z.string().optional(),
});

export const SplitEvaluationSchema = z.strictObject({
  train: z.string().min(1),
  test: z.string().min(1),
  /**
   * More training documents: dataset selectors (e.g. `tab-train-full`) whose documents join the train
   * split. A document already there is replaced by the copy with more annotators; one in the test split
   * is an error. The documents need the same gold kind (identifier types) as the train split.
   */
  alsoTrainOn: z.array(z.string().min(1)).min(1).optional(),
});
export const CrossValidationSchema = z.strictObject({
  crossValidation: z.strictObject({
    /** Split whose documents are folded (default: all documents). */
    split: z.string().optional(),
    folds: z.number().int().min(2).max(20),
  }),
});

const RunName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a folder name: letters, digits, _ . -');

export const ExperimentConfigSchema = z.strictObject({
  name: RunName,
  description: z.string().optional(),
  /** Risk-indicator experiment (the default) — see DetectionExperimentSchema for the other kind. */
  task: z.literal('risk').optional(),
  /** Dataset selector: `sample`, `tab144`, `wiki-test`, or a JSON file. */
  dataset: z.string().min(1),
  evaluation: z.union([SplitEvaluationSchema, CrossValidationSchema]),
  /** Which spans the indicators judge on the evaluated documents. */
  spans: z
    .union([
      z.literal('gold'),
      z.strictObject({
        detected: z.strictObject({
          layers: z.array(z.string()).optional(),
          /** The recognizer's annotation conventions: `tab` (default), `none`, or a lexicon file relative to this config. */
          conventions: z.string().min(1).optional(),
          /** The neural layer's model and decoding, as a pipeline's `detect.layers.neural` (model paths relative to this config). */
          neural: NeuralLayerSchema.optional(),
        }),
      }),
    ])
    .default('gold'),
  lm: z
    .strictObject({
      /** A model reference: bundled name, folder relative to this config file, or Hugging Face id. */
      model: z.string().default('minibert-en-cased'),
      dtype: z.enum(['fp32', 'q8']).default('q8'),
      threads: z.number().int().min(1).optional(),
      /** Context window in word-pieces for span scoring (default: the model's maximum, 512). */
      windowLength: z.number().int().min(16).max(4096).optional(),
    })
    .default({ model: 'minibert-en-cased', dtype: 'q8' }),
  /** Token weighting for P_w: masked-LM information content (spec) or none. */
  weighting: z.enum(['mlm', 'uniform']).default('mlm'),
  indicators: z.array(IndicatorRunSchema).min(1),
  combinations: z.array(CombinationSchema).default([]),
  figures: z
    .strictObject({
      /** Figure 3: log-probabilities of gold spans by masking decision. */
      logprobs: z.boolean().optional(),
      /** Figure 5: these rows re-trained on growing fractions of the training split. */
      trainingSize: z.strictObject({ rows: z.array(Identifier).min(1), sizes: z.array(z.number().positive().max(1)).min(2) }).optional(),
      /** Figure 6: P / R_direct / R_quasi of this row's scores over thresholds. */
      thresholds: z.strictObject({ row: Identifier, values: z.array(z.number()).min(2) }).optional(),
    })
    .default({}),
  /** The paper's table this run reproduces; its figures are printed beside ours. */
  published: z
    .strictObject({ table: z.enum(['Table 3', 'Table 5', 'Table 6', 'Table 7']), dataset: z.enum(['wikipedia', 'tab']) })
    .optional(),
  /** Output folder (default `results/<name>`). */
  output: z.string().optional(),
  seed: z.number().int().default(13),
  /** Evaluate only the first N documents (smoke runs). */
  limitDocuments: z.number().int().positive().optional(),
});

/** Paper Table 3: token-level P/R/F1 of the recognizer, each layer alone and combined. */
export const DetectionExperimentSchema = z.strictObject({
  name: RunName,
  description: z.string().optional(),
  task: z.literal('detection'),
  dataset: z.string().min(1),
  /** Split whose documents are evaluated (default: all documents). */
  split: z.string().optional(),
  /** Recognizer layers (default: rules, gazetteers, and neural when its model is present). */
  layers: z.array(z.string()).min(1).optional(),
  /** The recognizer's annotation conventions: `tab` (default), `none`, or a lexicon file relative to this config. */
  conventions: z.string().min(1).optional(),
  /**
   * The neural layer's model and decoding, as a pipeline's `detect.layers.neural`: another model (a
   * folder relative to this config or a Hugging Face id), its label map, its outside threshold.
   */
  neural: NeuralLayerSchema.optional(),
  published: z.strictObject({ table: z.literal('Table 3'), dataset: z.enum(['wikipedia', 'tab']) }).optional(),
  output: z.string().optional(),
  limitDocuments: z.number().int().positive().optional(),
});

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
export type DetectionExperimentConfig = z.infer<typeof DetectionExperimentSchema>;
export type AnyExperimentConfig = ExperimentConfig | DetectionExperimentConfig;
export type IndicatorRun = z.infer<typeof IndicatorRunSchema>;

/** JSON Schema of the config, for editors (`experiments/schema.json`). */
export function experimentJsonSchema(): unknown {
  return z.toJSONSchema(z.union([ExperimentConfigSchema, DetectionExperimentSchema]), { io: 'input' });
}

const isDetection = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { task?: unknown }).task === 'detection';

/** Validates a parsed config; every problem names the field path and what was expected. */
export function parseExperimentConfig(raw: unknown, file: string): ExperimentConfig {
  const config = validated(ExperimentConfigSchema, raw, file);
  checkReferences(config, file);
  checkIndicatorRows(config, file);
  checkModels(config, file);
  if (config.spans !== 'gold') checkNeural(config.spans.detected.neural, config.spans.detected.layers, 'spans.detected.neural', file);
  return config;
}

/** Either kind of experiment, chosen by `task` (`risk` when absent). */
export function parseAnyExperimentConfig(raw: unknown, file: string): AnyExperimentConfig {
  if (!isDetection(raw)) return parseExperimentConfig(raw, file);
  const config = validated(DetectionExperimentSchema, raw, file);
  checkNeural(config.neural, config.layers, 'neural', file);
  return config;
}

/**
 * The layers a detection config asks for: neural options switch the neural layer on (with the rule and
 * gazetteer layers when no layers are named), even where its bundled model is absent (they may name
 * another); undefined leaves the choice to the caller's default.
 */
export function layersWithNeural(layers: string[] | undefined, neural: z.infer<typeof NeuralLayerSchema> | undefined): string[] | undefined {
  return neural ? (layers ?? ['rules', 'gazetteers', 'neural']) : layers;
}

/** Neural options need the neural layer among the layers, and a model reference that resolves. */
function checkNeural(neural: z.infer<typeof NeuralLayerSchema> | undefined, layers: readonly string[] | undefined, field: string, file: string): void {
  if (!neural) return;
  if (layers && !layers.includes('neural')) throw new InputError([{ file, message: `${field}: options for the neural layer, but the layers (${layers.join(', ')}) leave it out` }]);
  if (neural.model === undefined) return;
  const problem = checkModelReference({ model: neural.model, dtype: neural.dtype }, dirname(resolve(file)));
  if (problem) throw new InputError([{ file, message: `${field}.model: ${problem}` }]);
}

function validated<T extends z.ZodType>(schema: T, raw: unknown, file: string): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      file,
      message: `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
    })),
  );
}

/** Row ids must be unique, and combinations/figures must name existing rows. */
function checkReferences(config: ExperimentConfig, file: string): void {
  const ids = config.indicators.map(rowId);
  const problems: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push({ file, message: `indicators.${i}.id: "${id}" is used twice; give each row its own id` });
    seen.add(id);
  });
  config.combinations.forEach((c, i) => {
    c.of.forEach((ref, j) => {
      if (!seen.has(ref)) problems.push({ file, message: `combinations.${i}.of.${j}: no indicator row "${ref}" (rows: ${ids.join(', ')})` });
    });
    if (c.atLeast > c.of.length) problems.push({ file, message: `combinations.${i}.atLeast: ${c.atLeast} is more than the ${c.of.length} indicators voting` });
  });
  const figureRows = [...(config.figures.trainingSize?.rows ?? []), ...(config.figures.thresholds ? [config.figures.thresholds.row] : [])];
  for (const ref of figureRows) if (!seen.has(ref)) problems.push({ file, message: `figures: no indicator row "${ref}" (rows: ${ids.join(', ')})` });
  if (problems.length) throw new InputError(problems);
}

/**
 * Every row's indicator name and options, checked against the indicator's own strict schema now,
 * before any data is loaded or model run: `indicators.2.options.clasifier: unrecognized key`.
 */
function checkIndicatorRows(config: ExperimentConfig, file: string): void {
  const known = new Set(indicatorNames());
  const problems = config.indicators.flatMap((run, i) => {
    if (run.indicator === undefined) {
      const artefact = resolve(dirname(resolve(file)), run.artefact!);
      return existsSync(artefact) ? [] : [{ file, message: `indicators.${i}.artefact: no file at ${artefact}` }];
    }
    if (!known.has(run.indicator)) return [{ file, message: `indicators.${i}.indicator: ${unknownIndicatorMessage(run.indicator)}` }];
    return checkIndicatorOptions(run.indicator, run.options).map((p) => ({
      file,
      message: `indicators.${i}.options${p.path.map((k) => `.${String(k)}`).join('')}: ${p.message}`,
    }));
  });
  if (problems.length) throw new InputError(problems);
}

/**
 * The models a config names (the shared `lm`, rows' `model` / `encoderModel` options) must be
 * there, relative to the config file, before any work starts (no model is loaded here).
 */
function checkModels(config: ExperimentConfig, file: string): void {
  const baseDir = dirname(resolve(file));
  const problems: { file: string; message: string }[] = [];
  const lm = checkModelReference({ model: config.lm.model, dtype: config.lm.dtype }, baseDir);
  if (lm) problems.push({ file, message: `lm.model: ${lm}` });
  config.indicators.forEach((run, i) => {
    for (const key of ['model', 'encoderModel']) {
      const model = run.options[key];
      if (typeof model !== 'string') continue;
      const dtype = key === 'model' && (run.options.dtype === 'fp32' || run.options.dtype === 'q8') ? run.options.dtype : undefined;
      const problem = checkModelReference({ model, dtype }, baseDir);
      if (problem) problems.push({ file, message: `indicators.${i}.options.${key}: ${problem}` });
    }
  });
  if (problems.length) throw new InputError(problems);
}

export const rowId = (run: IndicatorRun): string => run.id ?? run.indicator ?? basename(run.artefact!, extname(run.artefact!));

export async function readExperimentConfig(path: string): Promise<AnyExperimentConfig> {
  return parseAnyExperimentConfig(await readConfigFile(path), path);
}
