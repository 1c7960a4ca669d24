/** The in-process API: sanitize a text with a named strategy, get the mapping and the offset map. */
import type { MaskKey } from './keys.ts';
import { OffsetMap } from './offset-map.ts';
import type { PseudonymSession } from './session.ts';
import { createStrategyRegistry, type StrategyRegistry } from './strategies.ts';
import type { Mapping, MaskSpan } from './types.ts';

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
  return { text: result.text, mapping: result.mapping, offsetMap: new OffsetMap(text.length, result.text.length, result.replacements) };
}
