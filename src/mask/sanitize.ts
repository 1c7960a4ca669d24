/** The in-process API: sanitize a text with a named strategy, get the mapping and the offset map. */
import { createHash } from 'node:crypto';
import type { MaskKey } from './keys.ts';
import { scanPlaceholders } from './placeholders.ts';
import { OffsetMap } from './offset-map.ts';
import type { PseudonymSession } from './session.ts';
import { createStrategyRegistry, type StrategyRegistry } from './strategies.ts';
import type { Mapping, MaskSpan, Replacement } from './types.ts';

export interface SanitizeOptions {
  /** A registered strategy name (default "numbered"). */
  strategy?: string;
  key?: MaskKey;
  /** Defaults to the built-ins. */
  registry?: StrategyRegistry;
  /** Share one session between calls for collection-wide pseudonyms. */
  session?: PseudonymSession;
  /** Named in error messages. */
  docId?: string;
}

export interface SanitizeResult {
  text: string;
  mapping: Mapping;
  offsetMap: OffsetMap;
}

let builtins: StrategyRegistry | undefined;

export function sanitize(text: string, spans: readonly MaskSpan[], options: SanitizeOptions = {}): SanitizeResult {
  const registry = options.registry ?? (builtins ??= createStrategyRegistry());
  const strategy = registry.get(options.strategy ?? 'numbered');
  const result = strategy.apply(text, spans, { key: options.key, session: options.session, docId: options.docId });
  return { text: result.text, mapping: bindMapping(result.mapping, result.text, result.replacements), offsetMap: new OffsetMap(text.length, result.text.length, result.replacements) };
}

/**
 * The mapping bound to the sanitized text it was made for: the text's SHA-256 and, when reversible,
 * the keys of placeholder-like text in it that was not inserted. With them `restore` tells this
 * document's text, edited or not, from another document's. Whoever builds a mapping without
 * `sanitize` (a composed strategy) binds it with this.
 */
export function bindMapping(mapping: Mapping, sanitizedText: string, replacements: readonly Replacement[]): Mapping {
  const bound: Mapping = { ...mapping, textSha256: sanitizedTextDigest(sanitizedText) };
  if (mapping.reversible) bound.literalKeys = literalKeysOf(sanitizedText, replacements);
  return bound;
}

/** SHA-256 (hex) of a text's UTF-8: what a mapping's `textSha256` holds. */
export function sanitizedTextDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Keys of placeholder-like matches that are not exactly an insertion, sorted and unique. */
function literalKeysOf(text: string, replacements: readonly Replacement[]): string[] {
  const insertions = new Map(replacements.map((r) => [r.outputStart, r.outputEnd]));
  const keys = scanPlaceholders(text)
    .filter((m) => insertions.get(m.start) !== m.end)
    .map((m) => m.key);
  return [...new Set(keys)].sort();
}
