/**
 * `sanitext evaluate --config eval.yaml`: many named anonymizations of one corpus, scored by the
 * registered metrics, into one table. Shared resources (masked LM, encoder, background knowledge,
 * gold) are loaded once, on first use.
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import {
  applyReplacements,
  InputError,
  readConfigFile,
  loadDataset,
  REPO_ROOT,
  parseAnonymization,
  readJsonFile,
  type Anonymization,
  type Corpus,
  type InputProblem,
  type SystemSpans,
} from '../corpus/index.ts';
import type { MaskedLmEngine } from '../lm/index.ts';
import { checkModelReference } from '../models/index.ts';
import { getMetric, registeredMetrics, type AnonymizationUnderTest, type MetricContext, type MetricValues } from './metrics/index.ts';
import type { SentenceEncoder } from './metrics/sentence-encoder.ts';

const MetricEntrySchema = z
  .object({
    metric: z.string(),
    options: z.record(z.unknown()).default({}),
    /** Keep only these of the metric's columns (default all). */
    select: z.array(z.string()).optional(),
    /** New names for columns, e.g. {TRIR: TRIR_Public} when a metric appears twice. */
    rename: z.record(z.string()).optional(),
  })
  .strict();

export const EvaluationConfigSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only'),
    description: z.string().optional(),
    /** The original documents: a dataset selector (e.g. tab-masked:test) or a JSON file. */
    corpus: z.string(),
    /** Evaluate only the first N documents of the corpus (smoke runs). */
    limitDocuments: z.number().int().positive().optional(),
    /** Each: an anonymization file, or a sanitization pipeline (pipelines/*.yaml) run on the corpus. */
    anonymizations: z
      .array(
        z.union([
          z.object({ name: z.string(), file: z.string() }).strict(),
          z
            .object({
              name: z.string(),
              pipeline: z.string(),
              /** Drop the pipeline's replacements: its masked spans are suppressed. */
              suppress: z.boolean().default(false),
            })
            .strict(),
        ]),
      )
      .min(1),
    metrics: z.array(MetricEntrySchema).min(1),
    /**
     * Named background knowledge {id: text}: a file, or `{fromCorpus: f}` — the first fraction f of each original
     * text of the corpus (as TAE's Public50% cuts the public texts), for corpora that ship no background knowledge.
     */
    backgroundKnowledge: z.record(z.union([z.string(), z.object({ fromCorpus: z.number().gt(0).max(1) }).strict()])).default({}),
    maskedLm: z
      .object({
        model: z.string().optional(),
        precision: z.enum(['fp32', 'q8']).default('fp32'),
        windowLength: z.number().int().min(3).max(512).default(128),
        threads: z.number().int().positive().optional(),
        batchSize: z.number().int().positive().optional(),
        cacheDir: z.string().default('.cache/lm'),
      })
      .strict()
      .default({}),
    encoder: z
      .object({
        /** A model reference (bundled name, folder relative to this file, or Hugging Face id); default the bundled minibert encoder. */
        model: z.string().optional(),
        precision: z.enum(['fp32', 'q8']).default('q8'),
        threads: z.number().int().positive().optional(),
        /** Vectors of whole documents, shared by evaluations of the same texts (relative to the repository). */
        cacheDir: z.string().default('.cache/encoder'),
      })
      .strict()
      .default({}),
    /** What stands in for a span without a replacement. */
    suppressionMark: z.string().default('[MASK]'),
    /** The privacy–utility figure: a privacy column against a utility column. */
    figure: z.object({ x: z.string(), y: z.string() }).strict().optional(),
    /** Output folder (default out/<name>). */
    output: z.string().optional(),
    /**
     * How `sanitext reproduce` splits the metric entries (0-based) into parts that run side by side, each
     * entry in exactly one part. Default: the entries that load a model of their own apart from the others.
     */
    parts: z.array(z.array(z.number().int().min(0)).min(1)).min(1).optional(),
  })
  .strict();

export type EvaluationConfig = z.infer<typeof EvaluationConfigSchema>;

/** One entry of the results: the table's row for an anonymization. */
export interface EvaluationRow {
  anonymization: string;
  values: MetricValues;
}

export interface EvaluationResults {
  name: string;
  corpus: string;
  documents: number;
  /** Column names in display order; each row may carry any of them. */
  columns: string[];
  rows: EvaluationRow[];
  /** Wall-clock seconds per metric entry (setup on the originals and every anonymization together) and per pipeline run. */
  seconds: Record<string, number>;
  /** CPU seconds (user + system, all threads of this process) of the same steps: stable on a shared machine. */
  cpuSeconds: Record<string, number>;
  notes: string[];
  figure?: { x: string; y: string };
  /** Set on a part of a run (`entries` chosen): the metric entries it computed, and the digest of its config. */
  part?: { entries: number[]; configDigest: string };
}

/** Each issue with its field path, e.g. `metrics.0.options.kMax: Expected number`. */
const problemsOf = (issues: z.ZodIssue[], file: string, prefix: (string | number)[] = []): InputProblem[] =>
  issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    return { file, message: `${path.length ? path.join('.') : '(top level)'}: ${issue.message}` };
  });

/** Validates a config, its metric names and every metric's options (with their field paths). */
export function parseEvaluationConfig(raw: unknown, file: string): EvaluationConfig {
  const result = EvaluationConfigSchema.safeParse(raw);
  if (!result.success) throw new InputError(problemsOf(result.error.issues, file));
  const config = result.data;
  const problems: InputProblem[] = [];
  const allColumns = new Set<string>();
  config.metrics.forEach((entry, i) => {
    let definition;
    try {
      definition = getMetric(entry.metric);
    } catch {
      problems.push({ file, message: `metrics.${i}.metric: unknown metric "${entry.metric}" (known: ${registeredMetrics().join(', ')})` });
      return;
    }
    const options = definition.options.safeParse(entry.options);
    if (!options.success) problems.push(...problemsOf(options.error.issues, file, ['metrics', i, 'options']));
    else {
      const available = definition.columns(options.data);
      for (const [key, names] of [['select', entry.select ?? []], ['rename', Object.keys(entry.rename ?? {})]] as const) {
        for (const name of names) {
          if (!available.includes(name)) problems.push({ file, message: `metrics.${i}.${key}: metric ${entry.metric} has no column "${name}" (columns: ${available.join(', ')})` });
        }
      }
      for (const column of entryColumns(entry, available)) {
        if (allColumns.has(column)) problems.push({ file, message: `metrics.${i}: column "${column}" is produced twice; rename one ("rename: {${column}: NEW}")` });
        allColumns.add(column);
      }
      const bk = (options.data as { backgroundKnowledge?: string }).backgroundKnowledge;
      if (bk !== undefined && !(bk in config.backgroundKnowledge)) {
        problems.push({ file, message: `metrics.${i}.options.backgroundKnowledge: no background knowledge "${bk}" (defined: ${Object.keys(config.backgroundKnowledge).join(', ') || 'none'})` });
      }
      // A metric's `model` option (trir's neural attacker) is a model reference: a missing one fails before any work.
      const model = (options.data as { model?: string }).model;
      const modelProblem = model === undefined ? undefined : checkModelReference(model, dirname(file));
      if (modelProblem !== undefined) problems.push({ file, message: `metrics.${i}.options.model: ${modelProblem}` });
    }
  });
  // Model references resolve against the config's folder; a missing folder fails before any work.
  for (const [field, model, dtype] of [['maskedLm.model', config.maskedLm.model, config.maskedLm.precision], ['encoder.model', config.encoder.model, config.encoder.precision]] as const) {
    const problem = model === undefined ? undefined : checkModelReference({ model, dtype }, dirname(file));
    if (problem !== undefined) problems.push({ file, message: `${field}: ${problem}` });
  }
  if (config.figure && problems.length === 0) {
    for (const axis of ['x', 'y'] as const) {
      const column = config.figure[axis];
      if (!allColumns.has(column)) problems.push({ file, message: `figure.${axis}: no metric entry produces the column "${column}" (columns: ${[...allColumns].join(', ')})` });
    }
  }
  if (config.parts) {
    const seen = new Set<number>();
    config.parts.flat().forEach((entry) => {
      if (entry >= config.metrics.length) problems.push({ file, message: `parts: there is no metric entry ${entry} (entries 0 to ${config.metrics.length - 1})` });
      else if (seen.has(entry)) problems.push({ file, message: `parts: metric entry ${entry} is in two parts` });
      seen.add(entry);
    });
    const missing = config.metrics.map((_, i) => i).filter((i) => !seen.has(i));
    if (missing.length > 0) problems.push({ file, message: `parts: metric entries ${missing.join(', ')} are in no part` });
  }
  const names = new Set<string>();
  config.anonymizations.forEach((a, i) => {
    if (names.has(a.name)) problems.push({ file, message: `anonymizations.${i}.name: "${a.name}" is used twice` });
    names.add(a.name);
  });
  if (problems.length > 0) throw new InputError(problems);
  return config;
}

type MetricEntry = z.infer<typeof MetricEntrySchema>;

/** The columns an entry contributes, after `select` and `rename`. */
function entryColumns(entry: MetricEntry, available: readonly string[]): string[] {
  return available.filter((c) => !entry.select || entry.select.includes(c)).map((c) => entry.rename?.[c] ?? c);
}

export async function readEvaluationConfig(path: string): Promise<EvaluationConfig> {
  return parseEvaluationConfig(await readConfigFile(path), path);
}

export interface RunEvaluationOptions {
  dataRoot: string;
  /** Relative file paths resolve here (default: the config file's folder). */
  baseDir: string;
  log?: (message: string) => void;
  /** Called after each metric entry with the table so far (e.g. to write a partial report that a killed run leaves behind). */
  onPartial?: (partial: EvaluationResults) => Promise<void>;
  /**
   * Compute only these metric entries (indices into `metrics`): one part of a run that another process
   * computes the rest of (`sanitext reproduce`); `mergeEvaluationParts` puts the parts together.
   */
  entries?: readonly number[];
}

/**
 * A file path of the config: `data:REL` is under the data root, an absolute path is kept, anything
 * else is relative to the config's folder.
 */
export function resolveConfigPath(path: string, options: RunEvaluationOptions): string {
  if (path.startsWith('data:')) return resolve(options.dataRoot, path.slice(5));
  return isAbsolute(path) ? path : resolve(options.baseDir, path);
}

/** Builds the anonymized documents of one anonymization (documents absent from the file stay unchanged). */
export function anonymizationUnderTest(name: string, corpus: Corpus, anonymization: Anonymization, spans: SystemSpans, mark: string): AnonymizationUnderTest {
  const documents = corpus.documents.map((doc) => {
    const replacements = anonymization.get(doc.id) ?? [];
    const applied = applyReplacements(doc.text, replacements, { mark });
    return { id: doc.id, original: doc.text, anonymized: applied.text, replacements, regions: applied.regions };
  });
  const evaluated = new Map(corpus.documents.filter((d) => spans.has(d.id)).map((d) => [d.id, spans.get(d.id)!]));
  return { name, documents, spans: evaluated };
}

export async function runEvaluation(config: EvaluationConfig, options: RunEvaluationOptions): Promise<EvaluationResults> {
  const log = options.log ?? (() => {});
  const notes: string[] = [];
  const loaded = await loadCorpus(config.corpus, options);
  const corpus: Corpus = config.limitDocuments ? { ...loaded, documents: loaded.documents.slice(0, config.limitDocuments) } : loaded;

  // Read and validate every anonymization before any model work.
  const anonymizations: AnonymizationUnderTest[] = [];
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const cpuNow = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  for (const entry of config.anonymizations) {
    if ('pipeline' in entry) continue;
    const file = resolveConfigPath(entry.file, options);
    const { anonymization, spans, notes: spanNotes } = parseAnonymization(await readJsonFile(file), file, loaded);
    const absent = corpus.documents.filter((d) => !anonymization.has(d.id)).length;
    if (absent > 0) notes.push(`${entry.name}: ${absent} document(s) have no entry in ${entry.file} and are evaluated unchanged`);
    if (spanNotes.overlappingSpans > 0) notes.push(`${entry.name}: ${spanNotes.overlappingSpans} overlapping span(s), merged into their union when applied`);
    anonymizations.push(anonymizationUnderTest(entry.name, corpus, anonymization, spans, config.suppressionMark));
  }
  // Pipelines after the files: a bad file fails before any model loads. Each pipeline runs once;
  // its suppressed variant drops the replacements of the same run.
  const pipelineRuns = new Map<string, Anonymization>();
  for (const [i, entry] of config.anonymizations.entries()) {
    if (!('pipeline' in entry)) continue;
    const started = performance.now();
    const startedCpu = cpuNow();
    const file = resolveConfigPath(entry.pipeline, options);
    let replaced = pipelineRuns.get(file);
    if (!replaced) {
      log(`pipeline ${entry.pipeline}: ${corpus.documents.length} document(s)`);
      replaced = await anonymizeWithPipeline(file, corpus, false);
      pipelineRuns.set(file, replaced);
    }
    const anonymization: Anonymization = entry.suppress
      ? new Map([...replaced].map(([id, list]) => [id, list.map(({ start, end }) => ({ start, end }))]))
      : replaced;
    const spans: SystemSpans = new Map([...anonymization].map(([id, list]) => [id, list.map(({ start, end }) => ({ start, end }))]));
    anonymizations.splice(i, 0, anonymizationUnderTest(entry.name, corpus, anonymization, spans, config.suppressionMark));
    seconds[`pipeline ${entry.name}`] = (performance.now() - started) / 1000;
    cpuSeconds[`pipeline ${entry.name}`] = cpuNow() - startedCpu;
  }

  let engine: Promise<MaskedLmEngine> | undefined;
  let encoder: Promise<SentenceEncoder> | undefined;
  const knowledge = new Map<string, Promise<ReadonlyMap<string, string>>>();
  const golds = new Map<string, Promise<Corpus>>();
  const context: MetricContext = {
    corpus,
    log,
    gold: (selector) => {
      if (selector === undefined) return Promise.resolve(corpus);
      if (!golds.has(selector)) golds.set(selector, loadCorpus(selector, options));
      return golds.get(selector)!;
    },
    backgroundKnowledge: (name) => {
      const source = config.backgroundKnowledge[name];
      if (!knowledge.has(name)) knowledge.set(name, typeof source === 'string' ? readBackgroundKnowledge(resolveConfigPath(source, options)) : Promise.resolve(knowledgeFromCorpus(corpus, source.fromCorpus)));
      return knowledge.get(name)!;
    },
    backgroundKnowledgeFile: (name) => {
      const source = config.backgroundKnowledge[name];
      return typeof source === 'string' ? resolveConfigPath(source, options) : undefined;
    },
    baseDir: options.baseDir,
    maskedLm: () =>
      (engine ??= import('../lm/index.ts').then(({ MaskedLmEngine }) =>
        MaskedLmEngine.create({ ...config.maskedLm, baseDir: options.baseDir, cacheDir: resolve(REPO_ROOT, config.maskedLm.cacheDir) }),
      )),
    encoder: () => (encoder ??= import('./metrics/sentence-encoder.ts').then(({ SentenceEncoder }) => SentenceEncoder.create({ ...config.encoder, baseDir: options.baseDir, cacheDir: resolve(REPO_ROOT, config.encoder.cacheDir) }))),
  };

  const selected = selectedEntries(config, options.entries);
  // Checks of what the metric options name (a trained attacker against its background knowledge) before any metric writes a partial report.
  for (const i of selected) {
    const entry = config.metrics[i];
    const definition = getMetric(entry.metric);
    await definition.check?.(definition.options.parse(entry.options), context);
  }
  const columns: string[] = [];
  const rows: EvaluationRow[] = anonymizations.map((a) => ({ anonymization: a.name, values: {} }));
  const part = options.entries ? { entries: [...selected], configDigest: evaluationConfigDigest(config) } : undefined;
  for (const [done, i] of selected.entries()) {
    const entry = config.metrics[i];
    const definition = getMetric(entry.metric);
    const metricOptions = definition.options.parse(entry.options);
    const available = definition.columns(metricOptions);
    columns.push(...entryColumns(entry, available));
    const started = performance.now();
    const startedCpu = cpuNow();
    const instance = await definition.create(metricOptions, context);
    for (const [r, anonymization] of anonymizations.entries()) {
      log(`${entry.metric}: ${anonymization.name}`);
      const values = await instance.evaluate(anonymization);
      for (const column of available) {
        if (entry.select && !entry.select.includes(column)) continue;
        rows[r].values[entry.rename?.[column] ?? column] = values[column] ?? null;
      }
    }
    await instance.dispose?.();
    const label = `${entry.metric}${config.metrics.filter((m) => m.metric === entry.metric).length > 1 ? ` #${i}` : ''}`;
    seconds[label] = (performance.now() - started) / 1000;
    cpuSeconds[label] = cpuNow() - startedCpu;
    if (options.onPartial && done < selected.length - 1) {
      const pending = selected.slice(done + 1).map((k) => config.metrics[k].metric);
      const partialNotes = [...notes, `partial: ${done + 1} of ${selected.length} metric entries done; not yet computed: ${pending.join(', ')}`];
      await options.onPartial({ name: config.name, corpus: config.corpus, documents: corpus.documents.length, columns: [...columns], rows, seconds, cpuSeconds, notes: partialNotes, figure: undefined, part });
    }
  }
  await (await engine)?.dispose();
  await (await encoder)?.dispose();
  // A part draws no figure: its axes may be computed by another part.
  return { name: config.name, corpus: config.corpus, documents: corpus.documents.length, columns, rows, seconds, cpuSeconds, notes, figure: part ? undefined : config.figure, ...(part ? { part } : {}) };
}

/** The entries to compute, in config order; every index must name an entry, once. */
function selectedEntries(config: EvaluationConfig, entries: readonly number[] | undefined): number[] {
  if (entries === undefined) return config.metrics.map((_, i) => i);
  const bad = entries.filter((i) => !Number.isInteger(i) || i < 0 || i >= config.metrics.length);
  if (bad.length > 0) throw new Error(`metric entries ${bad.join(', ')} do not exist: the config has entries 0 to ${config.metrics.length - 1}`);
  if (new Set(entries).size !== entries.length) throw new Error('a metric entry is named twice');
  if (entries.length === 0) throw new Error('no metric entry chosen');
  return [...entries].sort((a, b) => a - b);
}

/** SHA-256 of the config as parsed: parts of one run must come from the same config. */
export function evaluationConfigDigest(config: EvaluationConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/**
 * How `sanitext reproduce` splits a config into parts that run side by side, each in its own process:
 * the config's `parts`, else the entries that load a model of their own (a neural attacker's `model`)
 * in one part and the others in another. One part (no split) when the config has only one kind. Each
 * part runs the config's pipelines.
 */
export function metricEntryParts(config: EvaluationConfig): number[][] {
  if (config.parts) return config.parts.map((part) => [...part].sort((a, b) => a - b));
  const ownModel = (i: number): boolean => typeof config.metrics[i].options.model === 'string';
  const indices = config.metrics.map((_, i) => i);
  const parts = [indices.filter((i) => !ownModel(i)), indices.filter(ownModel)].filter((part) => part.length > 0);
  return parts;
}

/**
 * One table from the parts of a run: each part computed some metric entries of the same config on the
 * same anonymizations; together they must cover every entry exactly once. Columns come out in config
 * order, as from a whole run; the seconds of a step both parts ran (the pipelines) are added up.
 */
export function mergeEvaluationParts(config: EvaluationConfig, parts: readonly { file: string; results: EvaluationResults }[]): EvaluationResults {
  const digest = evaluationConfigDigest(config);
  const problems: InputProblem[] = [];
  const owner = new Map<number, string>();
  for (const { file, results } of parts) {
    const shaped = typeof results === 'object' && results !== null && Array.isArray(results.rows) && typeof results.documents === 'number' && typeof results.seconds === 'object' && typeof results.cpuSeconds === 'object' && Array.isArray(results.notes) &&
      (results.part === undefined || (Array.isArray(results.part.entries) && results.part.entries.every((i) => Number.isInteger(i)) && typeof results.part.configDigest === 'string'));
    if (!shaped) {
      problems.push({ file, message: 'not an evaluation.json written by `sanitext evaluate --config`' });
      continue;
    }
    if (!results.part) {
      problems.push({ file, message: 'not a part of a run (no "part" field): run `sanitext evaluate --config … --entries …` to make one' });
      continue;
    }
    if (results.part.configDigest !== digest) problems.push({ file, message: `computed from another config than ${config.name} as it is now (config digest differs; a part made with --limit counts as another config)` });
    for (const i of results.part.entries) {
      const other = owner.get(i);
      if (other !== undefined) problems.push({ file, message: `metric entry ${i} is also computed by ${other}` });
      owner.set(i, file);
    }
  }
  const missing = config.metrics.map((_, i) => i).filter((i) => !owner.has(i));
  if (missing.length > 0 && problems.length === 0) problems.push({ file: parts[0]?.file ?? config.name, message: `metric entries ${missing.join(', ')} are in no part` });
  if (problems.length > 0) throw new InputError(problems);
  const first = parts[0]?.results;
  for (const { file, results } of parts.slice(1)) {
    if (first && (results.documents !== first.documents || results.rows.map((r) => r.anonymization).join('\n') !== first.rows.map((r) => r.anonymization).join('\n'))) {
      problems.push({ file, message: 'evaluated other documents or anonymizations than the first part' });
    }
  }
  if (problems.length > 0 || !first) throw new InputError(problems);
  const byEntry = new Map<number, EvaluationResults>();
  for (const { results } of parts) for (const i of results.part!.entries) byEntry.set(i, results);
  const columns: string[] = [];
  const rows: EvaluationRow[] = first.rows.map((r) => ({ anonymization: r.anonymization, values: {} }));
  config.metrics.forEach((entry, i) => {
    const definition = getMetric(entry.metric);
    const source = byEntry.get(i)!;
    for (const column of entryColumns(entry, definition.columns(definition.options.parse(entry.options)))) {
      columns.push(column);
      source.rows.forEach((row, r) => (rows[r].values[column] = row.values[column] ?? null));
    }
  });
  const add = (target: Record<string, number>, source: Record<string, number>): void => {
    for (const [step, value] of Object.entries(source)) target[step] = (target[step] ?? 0) + value;
  };
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const notes: string[] = [];
  for (const { results } of parts) {
    add(seconds, results.seconds);
    add(cpuSeconds, results.cpuSeconds);
    for (const note of results.notes) if (!note.startsWith('partial:') && !notes.includes(note)) notes.push(note);
  }
  return { name: first.name, corpus: first.corpus, documents: first.documents, columns, rows, seconds, cpuSeconds, notes, figure: config.figure };
}

/** Runs a sanitization pipeline; its replaced regions (overlaps already merged) become the anonymization. */
export async function anonymizeWithPipeline(file: string, corpus: Corpus, suppress: boolean): Promise<Anonymization> {
  // Imported here: the pipeline composes detection, indicators and masking, which most evaluations never need.
  const { createPipeline } = await import('../pipeline/index.ts');
  const pipeline = await createPipeline(file);
  const anonymization: Anonymization = new Map();
  for (const doc of corpus.documents) {
    const result = await pipeline.runOne(doc);
    anonymization.set(
      doc.id,
      result.offsetMap.segments.map((s) => ({
        start: s.inputStart,
        end: s.inputEnd,
        ...(suppress ? {} : { replacement: result.text.slice(s.outputStart, s.outputEnd) }),
      })),
    );
  }
  return anonymization;
}

async function loadCorpus(selector: string, options: RunEvaluationOptions): Promise<Corpus> {
  return loadDataset(selector.startsWith('data:') || selector.endsWith('.json') ? resolveConfigPath(selector, options) : selector, options.dataRoot);
}

/** The first `fraction` of each document's text, cut at a word boundary: an attacker who knows part of each original. */
export function knowledgeFromCorpus(corpus: Corpus, fraction: number): ReadonlyMap<string, string> {
  return new Map(
    corpus.documents.map((doc) => {
      const cut = Math.round(doc.text.length * fraction);
      const boundary = doc.text.lastIndexOf(' ', cut);
      return [doc.id, doc.text.slice(0, cut >= doc.text.length || boundary <= 0 ? cut : boundary)];
    }),
  );
}

/** `{id: text}`; every value must be a string. */
export async function readBackgroundKnowledge(file: string): Promise<ReadonlyMap<string, string>> {
  const json = await readJsonFile(file);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError([{ file, message: 'expected a JSON object {id: text}' }]);
  const problems: InputProblem[] = [];
  const out = new Map<string, string>();
  for (const [id, text] of Object.entries(json)) {
    if (typeof text !== 'string') problems.push({ file, docId: id, message: 'the background knowledge must be a string' });
    else out.set(id, text);
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}
