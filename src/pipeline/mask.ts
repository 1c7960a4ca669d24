/**
 * The masking stage: a strategy per entity type with a default (like Presidio's per-type
 * operators), over the registry of src/mask. When every span of a document goes to one strategy
 * this is exactly `sanitize()`; otherwise the spans are merged once by the shared overlap policy,
 * each strategy replaces its own group, and the replacements are spliced into one output, one
 * mapping and one offset map. An LLM strategy (`llm-…`, with `mask.llm`) is one async step over
 * every span of a document instead (createLlmMaskingStep); the synchronous path is for the others.
 */
import { resolve } from 'node:path';
import { InputError } from '../corpus/index.ts';
import {
  MaskKey,
  OffsetMap,
  applyEdits,
  PseudonymSession,
  FICTIONAL_LOCALES,
  FICTIONAL_STRATEGY,
  anonymizeRsStrategy,
  createStrategyRegistry,
  loadFictionalStrategy,
  loadMaskKey,
  mergeSpans,
  sanitize,
  type Mapping,
  type MappingEntry,
  type MaskSpan,
  type MergedSpan,
  type MaskingStrategy,
  type Replacement,
  type SanitizeResult,
  type StrategyRegistry,
} from '../mask/index.ts';
import { resolveLanguage, type LanguageSetting } from '../detect/language.ts';
import { LLM_MASK_STRATEGIES, type MaskConfig } from './config.ts';
import type { ConfigOrigin } from './detect.ts';

export interface MaskingStage {
  /** Strategy names in use (default first). */
  readonly strategies: readonly string[];
  mask(text: string, spans: readonly MaskSpan[], docId: string): SanitizeResult;
}

/** Strategies whose placeholders name one entity each (what an items map needs). */
const IDENTIFYING = new Set(['numbered', 'keyed-tag', 'anonymize-rs']);

/** The built-in strategies plus the anonymize-rs one; `fictional` replaces the English fictional strategy (see fictionalForLanguage). */
export function pipelineStrategies(redactWith?: string, fictional?: MaskingStrategy): StrategyRegistry {
  const registry = createStrategyRegistry({ redactWith }).register(anonymizeRsStrategy);
  return fictional ? registry.register(fictional) : registry;
}

/**
 * The fictional strategy for the documents' language: substitutes drawn from that language's faker
 * locale (a German text gets German names, streets and month names). English needs nothing (the
 * registry's default); `auto` picks the locale per document with the language detector the
 * detection stage uses. The locales are loaded here because loading is asynchronous (a few ms each).
 */
export async function fictionalForLanguage(language: LanguageSetting): Promise<MaskingStrategy | undefined> {
  if (language === 'en') return undefined;
  if (language !== 'auto') return loadFictionalStrategy({ locale: language }, 'detect.language');
  const byLocale = new Map<string, MaskingStrategy>();
  for (const locale of FICTIONAL_LOCALES) byLocale.set(locale, await loadFictionalStrategy({ locale }, 'detect.language'));
  const english = byLocale.get('en')!;
  return {
    ...english,
    name: FICTIONAL_STRATEGY,
    description: `${english.description}; the faker locale of each document's detected language (${FICTIONAL_LOCALES.join(', ')})`,
    apply: (text, spans, context) => (byLocale.get(resolveLanguage('auto', text)) ?? english).apply(text, spans, context),
  };
}

function loadKey(config: MaskConfig, origin: ConfigOrigin, env: NodeJS.ProcessEnv): MaskKey | undefined {
  if (!config.key) return loadMaskKey(undefined, env);
  if ('file' in config.key) return loadMaskKey(resolve(origin.baseDir, config.key.file), env);
  const secret = env[config.key.env];
  if (secret === undefined || secret === '') {
    throw new InputError([{ file: origin.file, message: `mask.key.env: the environment variable ${config.key.env} is not set` }]);
  }
  return MaskKey.fromSecret(secret, `$${config.key.env}`);
}

export type LlmMaskStrategy = (typeof LLM_MASK_STRATEGIES)[number];

export function isLlmStrategy(name: string): name is LlmMaskStrategy {
  return (LLM_MASK_STRATEGIES as readonly string[]).includes(name);
}

/** The settings an LLM strategy cannot combine with, each with why. */
function checkLlmConfig(config: MaskConfig, origin: ConfigOrigin): void {
  const refuse = (message: string): never => {
    throw new InputError([{ file: origin.file, message }]);
  };
  if (!isLlmStrategy(config.strategy)) {
    if (config.llm) refuse(`mask.llm: used only by the strategies ${LLM_MASK_STRATEGIES.join(', ')}; mask.strategy is "${config.strategy}"`);
    return;
  }
  if (!config.llm) refuse(`mask.llm: strategy ${config.strategy} needs an LLM endpoint: give mask.llm {url, model} (CLI: --llm-url, --llm-model) or a local model {modelPath} (a GGUF file; CLI: --llm-gguf)`);
  if (Object.keys(config.byType).length > 0) refuse(`mask.byType: strategy ${config.strategy} handles every span of a document in one LLM step; drop byType`);
  if (config.scope !== 'document') refuse(`mask.scope: strategy ${config.strategy} works per document; "collection" applies to the other strategies`);
}

export function createMaskingStage(config: MaskConfig, origin: ConfigOrigin, env: NodeJS.ProcessEnv = process.env, fictional?: MaskingStrategy): MaskingStage {
  const registry = pipelineStrategies(config.redactWith, fictional);
  const check = (name: string, field: string): void => {
    if (isLlmStrategy(name) && field !== 'mask.strategy') throw new InputError([{ file: origin.file, message: `${field}: an LLM strategy (${name}) can only be mask.strategy, for every span` }]);
    if (!registry.has(name) && !isLlmStrategy(name)) {
      throw new InputError([{ file: origin.file, message: `${field}: unknown masking strategy "${name}" (known: ${[...registry.names(), ...LLM_MASK_STRATEGIES].join(', ')})` }]);
    }
  };
  check(config.strategy, 'mask.strategy');
  checkLlmConfig(config, origin);
  for (const [type, name] of Object.entries(config.byType)) check(name, `mask.byType.${type}`);
  const strategies = [...new Set([config.strategy, ...Object.values(config.byType)])];
  const oneWay = strategies.filter((name) => !IDENTIFYING.has(name));
  if (config.items && oneWay.length > 0) {
    throw new InputError([{ file: origin.file, message: `mask.items: an items map needs one placeholder per entity; ${oneWay.join(', ')} can give several entities the same replacement` }]);
  }
  const key = loadKey(config, origin, env);
  const needing = strategies.filter((name) => !isLlmStrategy(name) && registry.get(name).needsKey);
  if (needing.length > 0 && !key) {
    throw new InputError([{ file: origin.file, message: `mask.key: strategy ${needing.join(', ')} needs a secret key: give mask.key ({file} or {env}) or set $SANITEXT_MAPPING_KEY` }]);
  }
  const session = config.scope === 'collection' ? new PseudonymSession() : undefined;
  // A subtype's entry ("EMAIL") comes before its type's ("CODE").
  const strategyOf = (span: MergedSpan): string => (span.subtype !== undefined ? config.byType[span.subtype] : undefined) ?? config.byType[span.entityType] ?? config.strategy;

  return {
    strategies,
    mask(text, spans, docId) {
      if (isLlmStrategy(config.strategy)) throw new Error(`strategy ${config.strategy} masks asynchronously: the pipeline runs it through createLlmMaskingStep`);
      const merged = mergeSpans(text, spans, docId);
      const groups = new Map<string, MaskSpan[]>();
      for (const span of merged) {
        const name = strategyOf(span);
        let group = groups.get(name);
        if (!group) groups.set(name, (group = []));
        group.push(span);
      }
      if (groups.size <= 1) {
        const name = groups.keys().next().value ?? config.strategy;
        return sanitize(text, spans, { strategy: name, registry, key, session, docId });
      }
      return spliced(text, groups, registry, { key, session, docId });
    },
  };
}

/** Each strategy replaces its own (already merged, disjoint) spans; the replacements are joined. */
function spliced(
  text: string,
  groups: ReadonlyMap<string, MaskSpan[]>,
  registry: StrategyRegistry,
  context: { key?: MaskKey; session?: PseudonymSession; docId: string },
): SanitizeResult {
  const all: Replacement[] = [];
  const entries: MappingEntry[] = [];
  let reversible = false;
  for (const [name, spans] of groups) {
    const strategy = registry.get(name);
    const result = strategy.apply(text, spans, context);
    all.push(...result.replacements);
    entries.push(...result.mapping.entries);
    reversible ||= strategy.reversible;
  }
  all.sort((a, b) => a.start - b.start);
  const { text: output, offsetMap } = applyEdits(text, all.map((r) => ({ start: r.start, end: r.end, insert: r.placeholder, placeholder: r.placeholder })));
  // Restore puts back what the reversible strategies replaced; the others' entries carry no key.
  const mapping: Mapping = { kind: 'mapping', version: 1, strategy: [...groups.keys()].join('+'), reversible, entries };
  return { text: output, mapping, offsetMap };
}

/** An endpoint off this machine without the opt-in is bad input (exit 2), named by its field. */
async function refusedEndpoint<T>(create: () => T | Promise<T>, origin: ConfigOrigin, refusal: abstract new (...args: never[]) => Error): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof refusal) throw new InputError([{ file: origin.file, message: `mask.llm.url: ${error.message}` }]);
    throw error;
  }
}

/**
 * What a config check can say about an LLM strategy without calling it: the settings, and whether
 * the endpoint may be used (one off this machine needs `allowExternalLlm`). Builds a client, sends nothing.
 */
export async function checkLlmEndpoint(config: MaskConfig, origin: ConfigOrigin, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  checkLlmConfig(config, origin);
  const { createLlmClient, ExternalLlmNotAllowedError } = await import('../llm/index.ts');
  const { url, model, modelPath, threads, contextSize, allowExternalLlm, timeoutMs } = config.llm!;
  // An embedded model is only located and fingerprinted here, not loaded.
  const located = modelPath === undefined ? {} : { modelPath: resolve(origin.baseDir, modelPath), threads, contextSize };
  await refusedEndpoint(() => createLlmClient({ url, model, ...located, allowExternalLlm, timeoutMs, cacheDir: false }, { env }, `${origin.file}: mask.llm`), origin, ExternalLlmNotAllowedError);
}

/** What an LLM step did to one document besides its text: counts only, never the text of a leak. */
export interface LlmMaskReport {
  /** Originals found in the LLM's output and masked by their type tag. */
  leaks: number;
  leaksByType: Record<string, number>;
  /** Entities whose LLM proposal broke a rule and got the fallback. */
  rejected: number;
}

export interface LlmMaskingStep {
  mask(text: string, spans: readonly MaskSpan[], docId: string): Promise<{ result: SanitizeResult; replaced: number; report: LlmMaskReport }>;
}

/**
 * The LLM strategy of a config as an async step: one client and one leak-check recognizer for every
 * document. Relative `promptDir` and `cacheDir` start from the config file. The LLM's output is not
 * aligned with the input, so the offset map has one segment: the whole text, when it changed.
 */
export async function createLlmMaskingStep(config: MaskConfig, origin: ConfigOrigin, env: NodeJS.ProcessEnv = process.env): Promise<LlmMaskingStep> {
  checkLlmConfig(config, origin);
  const llm = config.llm!;
  // Imported here: only LLM pipelines need the client.
  const [{ createLlmMasker }, { ExternalLlmNotAllowedError }] = await Promise.all([import('../mask/llm/index.ts'), import('../llm/index.ts')]);
  const options = {
    ...llm,
    strategy: config.strategy,
    ...(llm.promptDir !== undefined ? { promptDir: resolve(origin.baseDir, llm.promptDir) } : {}),
    ...(llm.modelPath !== undefined ? { modelPath: resolve(origin.baseDir, llm.modelPath) } : {}),
    ...(typeof llm.cacheDir === 'string' ? { cacheDir: resolve(origin.baseDir, llm.cacheDir) } : {}),
  };
  const masker = await refusedEndpoint(() => createLlmMasker(options, { env }, `${origin.file}: mask.llm`), origin, ExternalLlmNotAllowedError);
  return {
    async mask(text, spans, docId) {
      const replaced = mergeSpans(text, spans, docId).length;
      const out = await masker.mask(text, spans, docId);
      const changed = out.text !== text;
      const offsetMap = new OffsetMap(text.length, out.text.length, changed ? [{ start: 0, end: text.length, outputStart: 0, outputEnd: out.text.length, placeholder: '' }] : []);
      const leaksByType: Record<string, number> = {};
      for (const leak of out.leaks) leaksByType[leak.entityType] = (leaksByType[leak.entityType] ?? 0) + 1;
      return { result: { text: out.text, mapping: out.mapping, offsetMap }, replaced, report: { leaks: out.leaks.length, leaksByType, rejected: out.rejected } };
    },
  };
}
