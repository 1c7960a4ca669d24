/**
 * The pipeline config (`pipelines/*.yaml`): one strict zod schema, so a misspelt key or a wrong
 * value fails before any work starts with the field's path and what was expected.
 *   detect: which layers find spans (rules, gazetteers, neural, keyword lists, user patterns) and
 *           the allow/deny lists and confidence floor applied to their output;
 *   assess: none, or a trained indicator artefact that decides which spans are risky;
 *   mask:   a strategy per entity type with a default, the pseudonym scope and the key source;
 *           with an LLM strategy (llm-fictional, llm-generalize, llm-rewrite) the endpoint in `mask.llm`.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod/v4';
import { InputError, readConfigFile } from '../corpus/index.ts';
// The language list alone (and its small detector), not the detect folder's index.
import { LANGUAGE_SETTINGS } from '../detect/language.ts';
// The one rule for url + model vs modelPath; a file with no imports, so checking a config loads no client.
import { llmBackendProblem } from '../llm/backend-choice.ts';
// The option modules directly, not the folders' index: a config check must not load an LLM client.
import { LLM_STRATEGIES, llmMaskOptionsSchema } from '../mask/llm/options.ts';

const EntityTypeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an entity type: a letter, then letters, digits or _');
const Confidence = z.number().min(0).max(1);
/** Only the flags that change what a pattern matches; `g` is always added. */
const RegexFlags = z.string().regex(/^(?!.*(.).*\1)[imsu]*$/, 'regex flags: any of i, m, s, u, each once').default('');

export const RuleFamilies = ['code', 'datetime', 'quantity', 'names'] as const;

const RulesLayerSchema = z.strictObject({
  /** Rule families on or off (all on by default). */
  families: z.partialRecord(z.enum(RuleFamilies), z.boolean()).default({}),
  /** Single rules to drop by name, e.g. `cardinal`, `capitalized-sequence`. */
  exclude: z.array(z.string().min(1)).default([]),
});

const GazetteersLayerSchema = z.strictObject({
  /** Restrict to these lists of models/gazetteers (file names without extension). */
  lists: z.array(z.string().min(1)).min(1).optional(),
});

/**
 * The neural layer's model reference `{model, dtype, threads}` (a bundled name, a path relative to
 * the config file, or a Hugging Face id) and its label map. Experiments take the same object.
 */
export const NeuralLayerSchema = z.strictObject({
  model: z.string().min(1).optional(),
  dtype: z.enum(['fp32', 'q8']).optional(),
  threads: z.number().int().min(1).optional(),
  /** Pieces that consecutive windows share (default: a quarter of the window); 0 = no overlap, the fastest. */
  stride: z.number().int().min(0).optional(),
  /** Model label → entity type; map a label to '' to drop it. */
  labelMap: z.record(z.string(), z.union([EntityTypeName, z.literal('')])).default({}),
  /** Recall-oriented decoding: a word stays outside an entity only when P(O) reaches this (default: argmax). */
  outsideThreshold: z.number().gt(0).max(1).optional(),
});

const KeywordListSchema = z
  .strictObject({
    /** The entity type of every term of the list. */
    type: EntityTypeName,
    terms: z.array(z.string().min(1)).default([]),
    /** A file with one term per line, relative to the config file. */
    file: z.string().min(1).optional(),
    case: z.enum(['sensitive', 'insensitive']).default('insensitive'),
    confidence: Confidence.default(1),
  })
  .refine((list) => list.terms.length > 0 || list.file !== undefined, { message: 'a keyword list needs terms or a file' });

const PatternListSchema = z
  .strictObject({
    type: EntityTypeName,
    patterns: z.array(z.string().min(1).max(1000)).default([]),
    /** A file with one regular expression per line, relative to the config file. */
    file: z.string().min(1).optional(),
    flags: RegexFlags,
    confidence: Confidence.default(1),
  })
  .refine((list) => list.patterns.length > 0 || list.file !== undefined, { message: 'a pattern list needs patterns or a file' });

const RegexEntry = z.strictObject({ regex: z.string().min(1).max(1000), flags: RegexFlags });

const DenyEntry = z.union([
  z.strictObject({ text: z.string().min(1), type: EntityTypeName }),
  z.strictObject({ regex: z.string().min(1).max(1000), flags: RegexFlags, type: EntityTypeName }),
]);

/** `true` switches a layer on with its defaults; `false` (or leaving it out) switches it off. */
const layer = <T extends z.ZodType>(schema: T) => z.union([z.boolean(), schema]).optional();

/**
 * Spans that come with the documents instead of being detected: `gold`, each document's TAB
 * annotations (its first annotator's mentions, NO_MASK ones kept in clear without an indicator);
 * or `{file}`, a span file relative to the config: `{doc_id: [[start, end], …]}` in code points or
 * a TAB JSON file whose mentions are taken as gold.
 */
const GivenSpansSchema = z.union([z.literal('gold'), z.strictObject({ file: z.string().min(1) })]);

const DetectSchema = z
  .strictObject({
    /**
     * The documents' language (the rules and gazetteers of src/detect/rules/languages), or `auto`:
     * guessed per document. The default neural layer follows it too: the English model on English
     * documents, the multilingual one on the others (unless `layers.neural.model` names one).
     */
    language: z.enum(LANGUAGE_SETTINGS, { error: (issue) => `one of ${LANGUAGE_SETTINGS.join(', ')}, not ${JSON.stringify(issue.input)}` }).default('en'),
    /** Absent: the recognizer's defaults (rules, gazetteers and, when its model exists, neural). */
    layers: z
      .strictObject({
        rules: layer(RulesLayerSchema),
        gazetteers: layer(GazetteersLayerSchema),
        neural: layer(NeuralLayerSchema),
        keywords: z.array(KeywordListSchema).default([]),
        patterns: z.array(PatternListSchema).default([]),
      })
      .optional(),
    /** Never a mention: exact surfaces, or regexes that must match a whole surface. */
    allow: z.array(z.union([z.string().min(1), RegexEntry])).default([]),
    /** Always a mention, with its type: every occurrence of an exact string or a regex match. */
    deny: z.array(DenyEntry).default([]),
    /** Layer mentions below this confidence are dropped before merging. */
    minConfidence: Confidence.default(0),
    /** Mark other occurrences of detected names (the recognizer's default). */
    propagate: z.boolean().default(true),
    /**
     * Annotation conventions learned from a corpus (src/detect/conventions.ts): `tab` (bundled, the
     * default) drops what TAB's annotators never mark ("lawyer", "the Court", "imprisonment"), a path
     * (relative to this file) names another lexicon, `none` keeps every mention. English documents only.
     */
    conventions: z.string().min(1).default('tab'),
    /** Longest a user pattern list may run on one document before the document fails. */
    patternTimeoutMs: z.number().int().min(1).max(60_000).default(1000),
    /** Take the spans as given (see GivenSpansSchema) instead of detecting them; no layer or list then applies. */
    given: GivenSpansSchema.optional(),
  })
  .superRefine((detect, ctx) => {
    if (detect.given === undefined) return;
    // Given spans are passed on exactly as they are: options that change detected spans would be ignored.
    const ignored = [
      ...(detect.layers !== undefined ? ['layers'] : []),
      ...(detect.allow.length > 0 ? ['allow'] : []),
      ...(detect.deny.length > 0 ? ['deny'] : []),
      ...(detect.minConfidence > 0 ? ['minConfidence'] : []),
      ...(detect.propagate ? [] : ['propagate']),
      ...(detect.conventions === 'tab' ? [] : ['conventions']),
    ];
    for (const key of ignored) ctx.addIssue({ code: 'custom', path: [key], message: 'applies to detected spans, not to given ones (detect.given)' });
  });

const AssessSchema = z.strictObject({
  /** A trained indicator or combination (`sanitext train`), relative to the config file. */
  artefact: z.string().min(1).optional(),
  /** Overrides the artefact's threshold. */
  threshold: z.number().optional(),
  /** Entity types always masked, whatever the indicator says. */
  always: z.array(EntityTypeName).default([]),
  /** Entity types never masked. */
  never: z.array(EntityTypeName).default([]),
});

const KeySourceSchema = z.union([
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
]);

/** The strategies an LLM carries out (src/mask/llm); they need `mask.llm`. */
export const LLM_MASK_STRATEGIES = LLM_STRATEGIES;

/**
 * The LLM endpoint and its step options: `createLlmMasker`'s options (src/mask/llm, the one schema) less
 * `strategy` (that is `mask.strategy`), with exactly one backend: url + model, or modelPath (relative to the
 * config file, as are cacheDir and promptDir).
 */
export const LlmMaskConfigSchema = llmMaskOptionsSchema.omit({ strategy: true }).superRefine((llm, ctx) => {
  const problem = llmBackendProblem(llm);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path ? [problem.path] : [], message: problem.message });
});

const MaskSchema = z.strictObject({
  /** The default strategy (a registered name). */
  strategy: z.string().min(1).default('numbered'),
  /** Strategy per entity type or subtype, e.g. {DATETIME: generalize, CODE: redact, EMAIL: keyed-tag}; a subtype's entry wins over its type's. */
  byType: z.record(EntityTypeName, z.string().min(1)).default({}),
  /** Pseudonym consistency: per document, or one pseudonym per entity across the whole run. */
  scope: z.enum(['document', 'collection']).default('document'),
  /** Where the secret comes from (default: $SANITEXT_MAPPING_KEY when set). */
  key: KeySourceSchema.optional(),
  /** The replacement of the redact strategy. */
  redactWith: z.string().default('***'),
  /** Also give each result an anonymize-rs style items map, placeholder → original. */
  items: z.boolean().default(false),
  /** The LLM of an `llm-…` strategy (needed by those, refused with the others). */
  llm: LlmMaskConfigSchema.optional(),
});

export const PipelineConfigSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  detect: DetectSchema.default(() => DetectSchema.parse({})),
  assess: z.union([z.literal('none'), AssessSchema]).default('none'),
  mask: MaskSchema.default(() => MaskSchema.parse({})),
});

/** A validated config, defaults filled in. */
export type PipelineConfig = z.output<typeof PipelineConfigSchema>;
/** What a config file (or a caller) may write. */
export type PipelineConfigInput = z.input<typeof PipelineConfigSchema>;
export type DetectConfig = PipelineConfig['detect'];
export type AssessConfig = z.output<typeof AssessSchema>;
export type MaskConfig = PipelineConfig['mask'];
export type GivenSpans = NonNullable<DetectConfig['given']>;

/** JSON Schema of the config, for editors (`pipelines/schema.json`; printed by `sanitext pipeline --print-schema`). */
export function pipelineJsonSchema(): unknown {
  return z.toJSONSchema(PipelineConfigSchema, { io: 'input' });
}

/** Validates a parsed config; every problem names `file` and the field path. */
export function parsePipelineConfig(raw: unknown, file: string): PipelineConfig {
  const result = PipelineConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new InputError(result.error.issues.flatMap((issue) => explained(issue, [])).map(({ path, message }) => ({ file, message: `${path.length ? path.join('.') : '(top level)'}: ${message}` })));
}

type Issue = z.core.$ZodIssue;

/**
 * A union's own message is "Invalid input"; say instead what was wrong in the alternative that got
 * furthest (an object with a misspelt key rather than "not a boolean").
 */
function explained(issue: Issue, prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, message: issue.message }];
  const depth = (branch: Issue[]): number => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' || i.code === 'invalid_value' ? 0 : 0.5)));
  const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
  return best.flatMap((inner) => explained(inner, path));
}

/** A config file (YAML or JSON) and the folder its relative paths start from. */
export async function readPipelineConfig(path: string): Promise<{ config: PipelineConfig; baseDir: string; file: string }> {
  return { config: parsePipelineConfig(await readConfigFile(path), path), baseDir: dirname(resolve(path)), file: path };
}
