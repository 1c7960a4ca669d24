/**
 * The masking stage: a strategy per entity type with a default (like Presidio's per-type
 * operators), over the registry of src/mask. When every span of a document goes to one strategy
 * this is exactly `sanitize()`; otherwise the spans are merged once by the shared overlap policy,
 * each strategy replaces its own group, and the replacements are spliced into one output, one
 * mapping and one offset map.
 */
import { resolve } from 'node:path';
import { InputError } from '../corpus/index.ts';
import {
  MaskKey,
  applyEdits,
  PseudonymSession,
  anonymizeRsStrategy,
  createStrategyRegistry,
  loadMaskKey,
  mergeSpans,
  sanitize,
  type Mapping,
  type MappingEntry,
  type MaskSpan,
  type Replacement,
  type SanitizeResult,
  type StrategyRegistry,
} from '../mask/index.ts';
import type { MaskConfig } from './config.ts';
import type { ConfigOrigin } from './detect.ts';

export interface MaskingStage {
  /** Strategy names in use (default first). */
  readonly strategies: readonly string[];
  mask(text: string, spans: readonly MaskSpan[], docId: string): SanitizeResult;
}

/** Strategies whose placeholders name one entity each (what an items map needs). */
const IDENTIFYING = new Set(['numbered', 'keyed-tag', 'anonymize-rs']);

/** The built-in strategies plus the anonymize-rs one. */
export function pipelineStrategies(redactWith?: string): StrategyRegistry {
  return createStrategyRegistry({ redactWith }).register(anonymizeRsStrategy);
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

export function createMaskingStage(config: MaskConfig, origin: ConfigOrigin, env: NodeJS.ProcessEnv = process.env): MaskingStage {
  const registry = pipelineStrategies(config.redactWith);
  const check = (name: string, field: string): void => {
    if (!registry.has(name)) throw new InputError([{ file: origin.file, message: `${field}: unknown masking strategy "${name}" (known: ${registry.names().join(', ')})` }]);
  };
  check(config.strategy, 'mask.strategy');
  for (const [type, name] of Object.entries(config.byType)) check(name, `mask.byType.${type}`);
  const strategies = [...new Set([config.strategy, ...Object.values(config.byType)])];
  const oneWay = strategies.filter((name) => !IDENTIFYING.has(name));
  if (config.items && oneWay.length > 0) {
    throw new InputError([{ file: origin.file, message: `mask.items: an items map needs one placeholder per entity; ${oneWay.join(', ')} can give several entities the same replacement` }]);
  }
  const key = loadKey(config, origin, env);
  const needing = strategies.filter((name) => registry.get(name).needsKey);
  if (needing.length > 0 && !key) {
    throw new InputError([{ file: origin.file, message: `mask.key: strategy ${needing.join(', ')} needs a secret key: give mask.key ({file} or {env}) or set $SANITEXT_MAPPING_KEY` }]);
  }
  const session = config.scope === 'collection' ? new PseudonymSession() : undefined;
  const strategyOf = (entityType: string): string => config.byType[entityType] ?? config.strategy;

  return {
    strategies,
    mask(text, spans, docId) {
      const merged = mergeSpans(text, spans, docId);
      const groups = new Map<string, MaskSpan[]>();
      for (const span of merged) {
        const name = strategyOf(span.entityType);
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
