/**
 * The detection stage of a pipeline: the configured layers (the recognizer's rules, gazetteers and
 * neural layers, plus keyword lists, user patterns and deny lists), the confidence floor and allow
 * list, then the recognizer's own steps (`refineMentions`, then `resolveMentions`: merge → propagate
 * → entity ids). With the default layers and no lists this is exactly what the recognizer returns
 * (test/pipeline/detect.test.ts and the tab144 integration test check it).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../corpus/index.ts';
import {
  ALL_RULES,
  CODE_RULES,
  conventionsNamed,
  resolveConventions,
  DATETIME_RULES,
  DEFAULT_GAZETTEER_DIR,
  isEverydayMention,
  trimAroundName,
  KeywordMatcher,
  LANGUAGE_RULE_NAMES,
  NAME_RULES,
  QUANTITY_RULES,
  createGazetteerLayer,
  createLayer,
  createRuleLayer,
  defaultLayerNames,
  readGazetteerManifest,
  refineMentions,
  registeredLayers,
  languageRoutedLayer,
  resolveLanguage,
  resolveMentions,
  type DetectedMention,
  type DetectorLayer,
  type Language,
  type LanguageSetting,
  type RecognizedSpan,
  type Rule,
} from '../detect/index.ts';
import { BUNDLED_MODELS_DIR, DEFAULT_NER_MODEL, MULTILINGUAL_NER_MODEL, checkModelReference } from '../models/index.ts';
import { RuleFamilies, type DetectConfig, type PipelineConfigInput } from './config.ts';
import { createGivenSpanSource, type GivenSpanDocument } from './given.ts';
import { GuardedPatternSet, checkPattern, type UserPattern } from './patterns.ts';

/** Where the config came from: relative paths start at `baseDir`; errors name `file`. */
export interface ConfigOrigin {
  baseDir: string;
  file: string;
}

export interface DetectionStage {
  /** Layer names in the order they run (`gold` or `file` for given spans). */
  readonly layers: readonly string[];
  /** A document's spans; with `given: gold` the document must carry its TAB record (`source`). */
  detect(doc: GivenSpanDocument): Promise<RecognizedSpan[]>;
  /** The language a document is detected in: the config's `language`, or the guess for `auto`. */
  language(doc: GivenSpanDocument): Language;
  /** With `given: {file}`: the file as errors name it and the ids it names that no document had so far. */
  unusedGiven(): { file: string; docIds: string[] } | undefined;
}

type DetectConfigInput = NonNullable<PipelineConfigInput['detect']>;

/** Registry layers that a detect config switches on by name. */
const NAMED_LAYERS = ['rules', 'gazetteers', 'neural'] as const;

/**
 * The detect config for registry layer names (`--layers rules,gazetteers`, an experiment's
 * `spans.detected.layers`); undefined names the recognizer's defaults.
 */
export function detectLayers(names: readonly string[] | undefined): DetectConfigInput {
  if (names === undefined) return {};
  const known = registeredLayers();
  for (const name of names) {
    if (!known.includes(name) || !(NAMED_LAYERS as readonly string[]).includes(name)) {
      throw new InputError([{ file: name, message: `unknown detector layer "${name}" (known: ${known.join(', ')})` }]);
    }
  }
  return { layers: Object.fromEntries(NAMED_LAYERS.map((name) => [name, names.includes(name)])) };
}

const FAMILY_RULES: Record<(typeof RuleFamilies)[number], readonly Rule[]> = {
  code: CODE_RULES,
  datetime: DATETIME_RULES,
  quantity: QUANTITY_RULES,
  names: NAME_RULES,
};

/** `detect.conventions`: a bundled name or `none` as it is, a path relative to the config file; loaded now, so a bad lexicon fails before any document. */
function conventionsOf(setting: string, origin: ConfigOrigin): string {
  const name = resolveConventions(setting, origin.baseDir);
  try {
    conventionsNamed(name);
  } catch (error) {
    if (error instanceof InputError) throw problem(origin, 'detect.conventions', error.problems.map((p) => `${p.file}: ${p.message}`).join('; '));
    throw error;
  }
  return name;
}

function problem(origin: ConfigOrigin, field: string, message: string): InputError {
  return new InputError([{ file: origin.file, message: `${field}: ${message}` }]);
}

function ruleLayer(options: Exclude<NonNullable<DetectConfig['layers']>['rules'], boolean | undefined>, origin: ConfigOrigin, language: LanguageSetting): DetectorLayer {
  const known = new Set([...ALL_RULES.map((r) => r.name), ...LANGUAGE_RULE_NAMES]);
  options.exclude.forEach((name, i) => {
    if (!known.has(name)) throw problem(origin, `detect.layers.rules.exclude.${i}`, `no rule "${name}" (rules: ${[...known].join(', ')})`);
  });
  const rules = RuleFamilies.flatMap((family) => (options.families[family] === false ? [] : FAMILY_RULES[family]));
  const families = RuleFamilies.filter((family) => options.families[family] !== false);
  return createRuleLayer({ rules, exclude: options.exclude, language, families });
}

function gazetteerLayer(lists: readonly string[] | undefined, origin: ConfigOrigin, language: LanguageSetting): DetectorLayer {
  if (lists) {
    const known = readGazetteerManifest(DEFAULT_GAZETTEER_DIR).lists.map((l) => l.file.replace(/\.[^.]+$/, ''));
    lists.forEach((name, i) => {
      if (!known.includes(name)) throw problem(origin, `detect.layers.gazetteers.lists.${i}`, `no gazetteer list "${name}" (lists: ${known.join(', ')})`);
    });
  }
  return createGazetteerLayer({ lists, language });
}

export type NeuralOptions = Exclude<NonNullable<DetectConfig['layers']>['neural'], boolean | undefined>;

/**
 * The neural layer of a config's options, its model reference resolved from `origin.baseDir` (the
 * bundled English model when they name none); `field` is where errors say the options are. `true`
 * (undefined options) is the registry's neural layer, exactly as the recognizer builds it.
 */
export async function configuredNeuralLayer(options: NeuralOptions | undefined, origin: ConfigOrigin, load: boolean, field = 'detect.layers.neural'): Promise<DetectorLayer> {
  const model = options?.model ?? DEFAULT_NER_MODEL;
  const unusable = checkModelReference({ model, dtype: options?.dtype }, origin.baseDir);
  if (unusable) throw problem(origin, `${field}.model`, unusable);
  if (!load) return unloaded('neural');
  if (!options) return createLayer('neural');
  // Loaded lazily like the registry's neural layer: ONNX Runtime only when a pipeline asks for it.
  const { createNeuralLayer } = await import('../detect/neural.ts');
  return createNeuralLayer({
    model,
    baseDir: origin.baseDir,
    dtype: options.dtype,
    threads: options.threads,
    stride: options.stride,
    labelMap: options.labelMap,
    outsideThreshold: options.outsideThreshold,
  });
}

/**
 * The default neural layer for another language than English: the bundled English model only on
 * documents in English (`auto`), the multilingual model on the others when it is bundled. An
 * explicit `neural.model` runs on every document, whatever its language; options without a model
 * (`outsideThreshold`, `dtype`, `threads`, `stride`) apply to the default models of each language,
 * an `outsideThreshold` given replacing the one the multilingual model recommends.
 */
async function defaultNeuralLayer(language: LanguageSetting, overrides: Omit<NeuralOptions, 'model' | 'labelMap'> = {}): Promise<DetectorLayer> {
  const { createNeuralLayer, recommendedOutsideThresholds } = await import('../detect/neural.ts');
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const custom = Object.keys(given).length > 0;
  const english = language !== 'auto' ? undefined : custom ? await createNeuralLayer({ model: DEFAULT_NER_MODEL, ...given }) : await createLayer('neural');
  if (checkModelReference({ model: MULTILINGUAL_NER_MODEL, dtype: 'q8' }) !== undefined) return languageRoutedLayer('neural', language, english, undefined);
  const multilingual = await createNeuralLayer({ model: MULTILINGUAL_NER_MODEL, dtype: 'q8', ...given });
  // The model card's recall-oriented decoding for the languages it names (the model is loaded once).
  const tuned = new Map<Language, DetectorLayer>();
  if (overrides.outsideThreshold === undefined) {
    for (const [code, outsideThreshold] of Object.entries(recommendedOutsideThresholds(join(BUNDLED_MODELS_DIR, MULTILINGUAL_NER_MODEL)))) {
      tuned.set(code as Language, await createNeuralLayer({ model: MULTILINGUAL_NER_MODEL, dtype: 'q8', ...given, outsideThreshold }));
    }
  }
  const byLanguage: DetectorLayer = tuned.size === 0 ? multilingual : { name: 'neural', detect: (doc) => (tuned.get(resolveLanguage(language, doc.text)) ?? multilingual).detect(doc) };
  return languageRoutedLayer('neural', language, english, byLanguage);
}

/** A layer whose model was checked but not loaded (config checks). */
function unloaded(name: string): DetectorLayer {
  return {
    name,
    detect() {
      throw new Error(`the ${name} layer was checked, not loaded`);
    },
  };
}

/** Lines of a list file (terms or patterns), relative to the config; blank lines skipped. */
async function listFile(path: string, field: string, origin: ConfigOrigin): Promise<string[]> {
  const full = resolve(origin.baseDir, path);
  let content: string;
  try {
    content = await readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw problem(origin, field, `${full}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`}`);
  }
  return content.split(/\r?\n/).filter((line) => line.trim() !== '');
}

interface KeywordHit {
  entityType: string;
  confidence: number;
}

/** anonymize-rs' flashText step on the gazetteer trie matcher: word-bounded, leftmost-longest. */
async function keywordLayer(lists: NonNullable<DetectConfig['layers']>['keywords'], origin: ConfigOrigin): Promise<DetectorLayer> {
  const matcher = new KeywordMatcher<KeywordHit>();
  for (const [i, list] of lists.entries()) {
    const terms = [...list.terms, ...(list.file ? await listFile(list.file, `detect.layers.keywords.${i}.file`, origin) : [])];
    const payload = { entityType: list.type, confidence: list.confidence };
    for (const term of terms) matcher.add({ term, casePolicy: list.case, payload });
  }
  return {
    name: 'keywords',
    detect: (doc) => matcher.match(doc.text).map((m) => ({ start: m.start, end: m.end, entityType: m.payload.entityType, confidence: m.payload.confidence, source: `keywords:${m.payload.entityType}` })),
  };
}

/** anonymize-rs' regex step: user patterns, vetted at load and bounded in time per document. */
async function patternLayer(lists: NonNullable<DetectConfig['layers']>['patterns'], timeoutMs: number, origin: ConfigOrigin): Promise<DetectorLayer> {
  const patterns: UserPattern[] = [];
  const owners: { entityType: string; confidence: number }[] = [];
  for (const [i, list] of lists.entries()) {
    const sources = list.patterns.map((source, j) => ({ source, field: `detect.layers.patterns.${i}.patterns.${j}` }));
    if (list.file) {
      const lines = await listFile(list.file, `detect.layers.patterns.${i}.file`, origin);
      sources.push(...lines.map((source, j) => ({ source, field: `detect.layers.patterns.${i}.file (line ${j + 1} of ${list.file})` })));
    }
    for (const s of sources) {
      patterns.push({ ...s, flags: list.flags });
      owners.push({ entityType: list.type, confidence: list.confidence });
    }
  }
  const set = new GuardedPatternSet(patterns, timeoutMs, origin.file);
  return {
    name: 'patterns',
    detect: (doc) =>
      set.matchAll(doc.text, doc.id).map((m) => ({ start: m.start, end: m.end, entityType: owners[m.pattern].entityType, confidence: owners[m.pattern].confidence, source: `patterns:${owners[m.pattern].entityType}` })),
  };
}

const DENY_SOURCE = 'deny';

/**
 * Deny list: every occurrence of each exact string, every match of each regex, with its type. They are
 * `required`: no clean-up, type revision or convention drops or retypes them ("Patient", "the Court").
 */
function denyLayer(entries: DetectConfig['deny'], timeoutMs: number, origin: ConfigOrigin): DetectorLayer | undefined {
  if (entries.length === 0) return undefined;
  const exact = entries.flatMap((e) => ('text' in e ? [e] : []));
  const regexEntries = entries.flatMap((e, i) => ('regex' in e ? [{ entry: e, index: i }] : []));
  const set = new GuardedPatternSet(
    regexEntries.map(({ entry, index }) => ({ source: entry.regex, flags: entry.flags, field: `detect.deny.${index}.regex` })),
    timeoutMs,
    origin.file,
  );
  return {
    name: 'deny',
    detect(doc) {
      const found: DetectedMention[] = [];
      for (const e of exact) {
        for (let at = doc.text.indexOf(e.text); at >= 0; at = doc.text.indexOf(e.text, at + e.text.length)) {
          found.push({ start: at, end: at + e.text.length, entityType: e.type, confidence: 1, source: DENY_SOURCE, required: true });
        }
      }
      for (const m of set.matchAll(doc.text, doc.id)) found.push({ start: m.start, end: m.end, entityType: regexEntries[m.pattern].entry.type, confidence: 1, source: DENY_SOURCE, required: true });
      return found;
    },
  };
}

/** Allow list: a surface that equals an exact entry, or that a regex entry matches whole, is never a mention. */
function allowTest(entries: DetectConfig['allow'], origin: ConfigOrigin): ((surface: string) => boolean) | undefined {
  if (entries.length === 0) return undefined;
  const exact = new Set(entries.flatMap((e) => (typeof e === 'string' ? [e] : [])));
  const regexes = entries.flatMap((e, i) => {
    if (typeof e === 'string') return [];
    // Vetted like user patterns; surfaces are short, so the whole-match test needs no time bound.
    checkPattern({ source: e.regex, flags: e.flags, field: `detect.allow.${i}.regex` }, origin.file);
    return [new RegExp(`^(?:${e.regex})$`, e.flags)];
  });
  return (surface) => exact.has(surface) || regexes.some((r) => r.test(surface));
}

/** `load: false` checks everything (model references, list files, patterns) but loads no model. */
export async function createDetectionStage(config: DetectConfig, origin: ConfigOrigin, { load = true }: { load?: boolean } = {}): Promise<DetectionStage> {
  if (config.given !== undefined) {
    const given = await createGivenSpanSource(config.given, origin, { load });
    return {
      layers: [config.given === 'gold' ? 'gold' : 'file'],
      detect: (doc) => given.spans(doc),
      language: (doc) => resolveLanguage(config.language, doc.text),
      unusedGiven: () => (given.file === undefined ? undefined : { file: given.file, docIds: given.unused() }),
    };
  }
  const layers: DetectorLayer[] = [];
  const chosen = config.layers;
  if (!chosen) {
    // The recognizer's defaults, built exactly as the recognizer builds them.
    const names = defaultLayerNames();
    const language = config.language;
    // Another language than English: the rule and gazetteer layers built for it.
    const build = (name: string): Promise<DetectorLayer> | DetectorLayer =>
      language === 'en'
        ? createLayer(name)
        : name === 'rules'
          ? createRuleLayer({ language })
          : name === 'gazetteers'
            ? createGazetteerLayer({ language })
            : name === 'neural'
              ? defaultNeuralLayer(language)
              : createLayer(name);
    layers.push(...(await Promise.all(names.filter((n) => load || n !== 'neural').map(build))));
    if (!load && names.includes('neural')) layers.push(unloaded('neural'));
  } else {
    if (chosen.rules) layers.push(chosen.rules === true ? createRuleLayer({ language: config.language }) : ruleLayer(chosen.rules, origin, config.language));
    if (chosen.gazetteers) layers.push(chosen.gazetteers === true ? createGazetteerLayer({ language: config.language }) : gazetteerLayer(chosen.gazetteers.lists, origin, config.language));
    const neuralOptions = chosen.neural === true || chosen.neural === false ? undefined : chosen.neural;
    if (chosen.neural && neuralOptions?.model === undefined && config.language !== 'en' && load) {
      const { labelMap: _labelMap, model: _model, ...overrides } = neuralOptions ?? {};
      layers.push(await defaultNeuralLayer(config.language, overrides));
    } else if (chosen.neural) layers.push(await configuredNeuralLayer(neuralOptions, origin, load));
    if (chosen.keywords.length > 0) layers.push(await keywordLayer(chosen.keywords, origin));
    if (chosen.patterns.length > 0) layers.push(await patternLayer(chosen.patterns, config.patternTimeoutMs, origin));
  }
  const deny = denyLayer(config.deny, config.patternTimeoutMs, origin);
  if (deny) layers.push(deny);
  if (layers.length === 0) throw problem(origin, 'detect.layers', 'no layer is switched on and the deny list is empty: nothing could ever be detected');

  const allowed = allowTest(config.allow, origin);
  const conventions = conventionsOf(config.conventions, origin);
  const isAllowed = (text: string, m: { start: number; end: number }): boolean => allowed !== undefined && allowed(text.slice(m.start, m.end));
  return {
    layers: layers.map((l) => l.name),
    unusedGiven: () => undefined,
    language: (doc) => resolveLanguage(config.language, doc.text),
    async detect(doc) {
      const outputs = await Promise.all(layers.map((layer) => layer.detect(doc)));
      // As the recognizer does: refine every layer's spans, then merge, propagate and assign entities.
      // A language's function words and everyday nouns alone ("Die Rechnung", "Grüßen", "Betreff") are
      // no mention, whichever layer found them.
      // English has its own openers in its rules: nothing to trim or drop there (the common path).
      const language = resolveLanguage(config.language, doc.text);
      const otherLanguage = language !== 'en';
      // Deny mentions are told by their source: the resolved spans filtered below carry no `required`.
      const isEveryday = (m: { start: number; end: number; source: string }): boolean => otherLanguage && m.source !== DENY_SOURCE && isEverydayMention(language, doc.text.slice(m.start, m.end));
      // Function words and a full stop a model took around a name are left out of it first ("à Lyon").
      const found = outputs.flat();
      const trimmed = !otherLanguage
        ? found
        : found.flatMap((m) => {
            if (m.required) return [m];
            const span = trimAroundName(language, doc.text, m);
            return span === undefined ? [] : span.start === m.start && span.end === m.end ? [m] : [{ ...m, ...span }];
          });
      const raw = refineMentions(doc.text, trimmed, language).filter((m) => m.confidence >= config.minConfidence && !isAllowed(doc.text, m) && !isEveryday(m));
      // The bundled conventions were learned on English court text: other languages keep every mention.
      const resolved = resolveMentions(doc, raw, { propagate: config.propagate, conventions: otherLanguage ? 'none' : conventions });
      // Name propagation can find an allowed surface again, and a merge can cut a mention down to its
      // function words ("IBAN " of a model's "IBAN DE89" beside the whole IBAN): filter once more.
      return allowed || otherLanguage ? resolved.filter((m) => !isAllowed(doc.text, m) && !isEveryday(m)) : resolved;
    },
  };
}
