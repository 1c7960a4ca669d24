/**
 * The application layer: one configuration turns documents into sanitized output —
 * detect → assess risk → mask. Documents are pulled one at a time from any (async) iterable, so a
 * corpus of any size goes through in bounded memory; nothing is kept between documents but the
 * loaded models and, with `scope: collection`, the pseudonym table.
 */
import { resolve } from 'node:path';
import { InputError } from '../corpus/index.ts';
import type { Language, RecognizedSpan } from '../detect/index.ts';
import type { IndicatorContext } from '../indicators/index.ts';
import type { Mapping, OffsetMap, SanitizeResult } from '../mask/index.ts';
import { createAssessmentStage, type SpanDecision } from './assess.ts';
import { parsePipelineConfig, readPipelineConfig, type PipelineConfig, type PipelineConfigInput } from './config.ts';
import { createDetectionStage, type ConfigOrigin, type DetectionStage } from './detect.ts';
import type { GivenSpanDocument } from './given.ts';
import { checkLlmEndpoint, createLlmMaskingStep, createMaskingStage, fictionalForLanguage, isLlmStrategy, type LlmMaskReport, type MaskingStage } from './mask.ts';

/** A detected mention (UTF-16 offsets); it never carries the text it covers. */
export interface PipelineMention {
  mentionId: string;
  entityId: string;
  entityType: string;
  /** A finer type when known, e.g. EMAIL under CODE. */
  subtype?: string;
  start: number;
  end: number;
  confidence: number;
  /** The layer that found it: rules, gazetteers, neural, keywords, patterns, deny, or coref (a propagated name). */
  layer: string;
  /** Layer and rule or list, e.g. `rules:email`, `keywords:FRUIT`. */
  source: string;
}

export interface PipelineCounts {
  mentions: number;
  entities: number;
  /** Spans decided MASK. */
  masked: number;
  /** Spans kept in clear. */
  kept: number;
  /** Regions replaced in the output (overlapping spans count once). */
  replacements: number;
}

export interface PipelineResult {
  id: string;
  /** The language it was detected in: the config's `detect.language`, or the guess for `auto`. */
  language: Language;
  /** The sanitized text. */
  text: string;
  mentions: PipelineMention[];
  /** One decision per mention, in the same order. */
  decisions: SpanDecision[];
  /** The decisions to keep a span in clear, with their scores. */
  kept: SpanDecision[];
  /** Placeholder → originals (holds the originals: store it like the key). */
  mapping: Mapping;
  /** Input ⇄ output offsets. */
  offsetMap: OffsetMap;
  /** anonymize-rs' items map, placeholder → original, when `mask.items` is on. */
  items?: Record<string, string>;
  counts: PipelineCounts;
  /** With an LLM strategy: leaks found in its output (and masked) and rejected proposals, counted. */
  llm?: LlmMaskReport;
}

export interface PipelineOptions {
  /** Folder that relative paths of the config start from (default: the working directory). */
  baseDir?: string;
  /** Names the config in error messages (default: `(pipeline config)`). */
  file?: string;
  /** Shared with the risk indicator (masked-LM engine, cache folder, seed…). */
  indicatorContext?: IndicatorContext;
  /** Where environment key sources are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Per-call changes: strategies on top of the config's `mask` (byType merged over it), and a risk
 * threshold (mask a span when its risk ≥ threshold). A threshold needs an assess stage: spans of
 * `assess: none` have no risk, so it is refused there. Per-type `always`/`never` decisions stay.
 */
export interface RunOverrides {
  mask?: { strategy?: string; byType?: Record<string, string> };
  threshold?: number;
}

/** A document to sanitize: id and text, and with `detect.given: gold` its TAB record (the input reader's `source`). */
export type PipelineDocument = GivenSpanDocument;

export interface Pipeline {
  readonly config: PipelineConfig;
  /** Detector layers in the order they run (`gold` or `file` for given spans). */
  readonly layers: readonly string[];
  /** `none` or the risk indicator's name. */
  readonly indicator: string;
  readonly threshold: number | undefined;
  /** The detect stage alone: the spans `runOne` would assess and mask. */
  detect(doc: PipelineDocument): Promise<RecognizedSpan[]>;
  /** `overrides` change the strategies or the threshold of this call only (no model is reloaded). */
  runOne(doc: PipelineDocument, overrides?: RunOverrides): Promise<PipelineResult>;
  /** Throws an InputError (naming `mask.…` or `threshold`, in `file`) when `overrides` cannot apply. */
  checkOverrides(overrides: RunOverrides, file?: string): void;
  /**
   * After the last `runOne`: a span file (`detect.given.file`) must not name documents the run never
   * had. `inputName` names the input in that error. `run` checks this itself at the end.
   */
  finish(inputName?: string): void;
  /** Results in input order; the next document is read only when the previous result is taken. */
  run(docs: AsyncIterable<PipelineDocument> | Iterable<PipelineDocument>): AsyncGenerator<PipelineResult>;
}

async function configOf(config: PipelineConfigInput | PipelineConfig | string, options: PipelineOptions): Promise<{ parsed: PipelineConfig; origin: ConfigOrigin }> {
  if (typeof config === 'string') {
    const read = await readPipelineConfig(config);
    return { parsed: read.config, origin: { baseDir: options.baseDir ?? read.baseDir, file: read.file } };
  }
  const origin = { baseDir: resolve(options.baseDir ?? process.cwd()), file: options.file ?? '(pipeline config)' };
  return { parsed: parsePipelineConfig(config, origin.file), origin };
}

/** What a config check found usable: the layers, the indicator (none without an artefact) and strategies. */
export interface PipelineSummary {
  config: PipelineConfig;
  layers: readonly string[];
  artefact: string | undefined;
  strategies: readonly string[];
}

/**
 * Checks a config as far as possible without loading a model or an artefact: the schema, strategy
 * names, the key, model references, list files, user patterns, the artefact file. Throws InputError.
 */
export async function checkPipeline(config: PipelineConfigInput | PipelineConfig | string, options: PipelineOptions = {}): Promise<PipelineSummary> {
  const { parsed, origin } = await configOf(config, options);
  const masking = createMaskingStage(parsed.mask, origin, options.env);
  if (isLlmStrategy(parsed.mask.strategy)) await checkLlmEndpoint(parsed.mask, origin, options.env);
  const detection = await createDetectionStage(parsed.detect, origin, { load: false });
  await createAssessmentStage(parsed.assess, origin, {}, { load: false });
  const artefact = parsed.assess === 'none' ? undefined : parsed.assess.artefact;
  return { config: parsed, layers: detection.layers, artefact, strategies: masking.strategies };
}

/** The detect stage alone (`sanitext detect`, the benchmark's detected spans): a detect config, checked as in a pipeline. */
export async function createDetector(detect: PipelineConfigInput['detect'], options: PipelineOptions = {}): Promise<DetectionStage> {
  const { parsed, origin } = await configOf({ detect }, options);
  return createDetectionStage(parsed.detect, origin);
}

/** Refuses a span file that names documents the run never had. */
function checkGivenUsed(detection: DetectionStage, inputName: string | undefined): void {
  const unused = detection.unusedGiven();
  if (!unused || unused.docIds.length === 0) return;
  const where = inputName === undefined ? 'not among the documents of the run' : `not in the input ${inputName}`;
  throw new InputError(unused.docIds.map((docId) => ({ file: unused.file, docId, message: `doc_id is ${where}` })));
}

/** A pipeline from a validated or raw config object, or from a config file path. */
export async function createPipeline(config: PipelineConfigInput | PipelineConfig | string, options: PipelineOptions = {}): Promise<Pipeline> {
  const { parsed, origin } = await configOf(config, options);
  // Cheap stages first: a bad key or strategy fails before any model loads.
  const fictional = await fictionalForLanguage(parsed.detect.language);
  const masking = createMaskingStage(parsed.mask, origin, options.env, fictional);
  const llmStep = isLlmStrategy(parsed.mask.strategy) ? await createLlmMaskingStep(parsed.mask, origin, options.env) : undefined;
  const detection = await createDetectionStage(parsed.detect, origin);
  const assessment = await createAssessmentStage(parsed.assess, origin, options.indicatorContext);

  // Derived masking stages, one per distinct override, a few kept: building one loads no model.
  const derived = new Map<string, MaskingStage>();
  function maskingFor(mask: RunOverrides['mask'], file: string): MaskingStage {
    if (mask === undefined || (mask.strategy === undefined && mask.byType === undefined)) return masking;
    const config = { ...parsed.mask, strategy: mask.strategy ?? parsed.mask.strategy, byType: { ...parsed.mask.byType, ...mask.byType } };
    const cacheKey = JSON.stringify([config.strategy, Object.entries(config.byType).sort()]);
    let stage = derived.get(cacheKey);
    if (!stage) {
      if (isLlmStrategy(config.strategy) || Object.values(config.byType).some(isLlmStrategy) || llmStep) {
        throw new InputError([{ file, message: 'mask: LLM strategies cannot be chosen or overridden per request' }]);
      }
      stage = createMaskingStage(config, { ...origin, file }, options.env, fictional);
      if (derived.size >= 16) derived.delete(derived.keys().next().value as string);
      derived.set(cacheKey, stage);
    }
    return stage;
  }
  function checkOverrides(overrides: RunOverrides, file = '(overrides)'): void {
    if (overrides.threshold !== undefined && assessment.indicator === 'none') {
      throw new InputError([{ file, message: 'threshold: the pipeline has no assess stage (assess: none), so its spans have no risk to compare' }]);
    }
    maskingFor(overrides.mask, file);
  }

  async function runOne(doc: PipelineDocument, overrides: RunOverrides = {}): Promise<PipelineResult> {
    checkOverrides(overrides);
    const stage = maskingFor(overrides.mask, '(overrides)');
    const threshold = overrides.threshold;
    if (typeof doc?.id !== 'string' || typeof doc.text !== 'string') {
      throw new InputError([{ file: '(documents)', docId: typeof doc?.id === 'string' ? doc.id : undefined, message: 'a document needs a string id and a string text' }]);
    }
    const spans = await detection.detect(doc);
    const assessed = await assessment.assess(doc, spans);
    const decisions =
      threshold === undefined ? assessed : assessed.map((d) => (d.risk === null || d.decidedBy === 'always' || d.decidedBy === 'never' ? d : { ...d, mask: d.risk >= threshold }));
    // The decision is made: a given span's NO_MASK label must not keep a span decided MASK in clear.
    const toMask = spans.flatMap((s, i) => (!decisions[i].mask ? [] : s.label === 'NO_MASK' ? [{ ...s, label: 'MASK' as const }] : [s]));
    let masked: SanitizeResult;
    let replacements: number;
    let llm: LlmMaskReport | undefined;
    if (llmStep) {
      const step = await llmStep.mask(doc.text, toMask, doc.id);
      ({ result: masked, replaced: replacements, report: llm } = step);
    } else {
      masked = stage.mask(doc.text, toMask, doc.id);
      replacements = masked.offsetMap.segments.length;
    }
    const mentions: PipelineMention[] = spans.map((s) => ({
      mentionId: s.mentionId,
      entityId: s.entityId,
      entityType: s.entityType,
      ...(s.subtype !== undefined ? { subtype: s.subtype } : {}),
      start: s.start,
      end: s.end,
      confidence: s.confidence,
      layer: s.source.split(':')[0],
      source: s.source,
    }));
    const kept = decisions.filter((d) => !d.mask);
    return {
      id: doc.id,
      language: detection.language(doc),
      text: masked.text,
      mentions,
      decisions,
      kept,
      mapping: masked.mapping,
      offsetMap: masked.offsetMap,
      ...(parsed.mask.items ? { items: itemsOf(masked.mapping) } : {}),
      counts: {
        mentions: spans.length,
        entities: new Set(spans.map((s) => s.entityId)).size,
        masked: toMask.length,
        kept: kept.length,
        replacements,
      },
      ...(llm ? { llm } : {}),
    };
  }

  return {
    config: parsed,
    layers: detection.layers,
    indicator: assessment.indicator,
    threshold: assessment.threshold,
    detect: (doc) => detection.detect(doc),
    runOne,
    checkOverrides,
    finish: (inputName) => checkGivenUsed(detection, inputName),
    async *run(docs) {
      // Nothing is remembered per document (not even its id): memory stays flat however long the stream.
      for await (const doc of docs) yield await runOne(doc);
      checkGivenUsed(detection, undefined);
    },
  };
}

/** anonymize-rs' `items`: each placeholder and the original it stands for. */
function itemsOf(mapping: Mapping): Record<string, string> {
  return Object.fromEntries(mapping.entries.map((e) => [e.placeholder, e.original]));
}
