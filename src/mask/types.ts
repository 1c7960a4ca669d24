/**
 * The masking contract (like Presidio's operators): a strategy is an object with
 * `apply(text, spans) → {text, mapping, replacements}`, registered by name in a StrategyRegistry.
 * All offsets are UTF-16 code units, end-exclusive, as everywhere in memory.
 */
import type { MaskLabel, Span } from '../corpus/index.ts';
import type { MaskKey } from './keys.ts';
import type { PseudonymSession } from './session.ts';

/**
 * A span to mask. A CandidateSpan satisfies it; plain `{start, end}` spans do too. Spans labelled
 * NO_MASK are left in clear text.
 */
export interface MaskSpan extends Span {
  entityId?: string;
  entityType?: string;
  /** A finer type under entityType ("EMAIL" under CODE): a pipeline's `byType` and `fictional` read it. */
  subtype?: string;
  label?: MaskLabel;
}

/** One placeholder and the original text(s) it stands for. */
export interface MappingEntry {
  /** The exact text inserted into the output. */
  placeholder: string;
  /** Restore key: `N:TYPE:n` (numbered) or `W:hex` (wild tag); absent for one-way strategies. */
  key?: string;
  entityType: string;
  /** The entity's canonical original (its longest mention): used when occurrences cannot be paired. */
  original: string;
  /** The original of every insertion of this placeholder, in output order (exact round trips). */
  occurrences: string[];
}

export interface Mapping {
  kind: 'mapping';
  version: 1;
  strategy: string;
  /** True when `restore` can put the originals back (placeholders are unique per entity). */
  reversible: boolean;
  entries: MappingEntry[];
  /**
   * SHA-256 (hex, of the UTF-8) of the sanitized text the mapping was made for: binds the mapping to
   * its document (set by `sanitize`; absent in mappings of older versions).
   */
  textSha256?: string;
  /**
   * Keys of placeholder-like text in the sanitized text that was not inserted (it was in the input):
   * `restore` knows them from placeholders of another document.
   */
  literalKeys?: string[];
}

/** Mappings of a whole collection, keyed by document id (what the CLI saves). */
export interface MappingSet {
  kind: 'mapping-set';
  version: 1;
  strategy: string;
  documents: Record<string, Mapping>;
}

/** One replaced region: input [start, end) became output [outputStart, outputEnd). */
export interface Replacement extends Span {
  outputStart: number;
  outputEnd: number;
  placeholder: string;
}

export interface StrategyResult {
  text: string;
  mapping: Mapping;
  /** In text order, non-overlapping. */
  replacements: Replacement[];
}

/** What a strategy may need besides the text: a secret key, and state shared across documents. */
export interface StrategyContext {
  key?: MaskKey;
  /** Pseudonym numbering and wild tags shared by several calls (collection-wide consistency). */
  session?: PseudonymSession;
  /** Named in errors. */
  docId?: string;
}

export interface MaskingStrategy {
  readonly name: string;
  readonly description: string;
  /** Whether `restore` can invert it. */
  readonly reversible: boolean;
  /** Whether it needs `context.key`. */
  readonly needsKey: boolean;
  apply(text: string, spans: readonly MaskSpan[], context?: StrategyContext): StrategyResult;
}

/** A merged span with its entity: what per-entity strategies replace. */
export interface EntityMention extends Span {
  original: string;
}

/** All mentions of one entity in a document, after the overlap policy. */
export interface MaskEntity {
  /** entityId when given, else `TYPE|normalized surface`. */
  groupKey: string;
  entityType: string;
  /** The subtype of the longest mention, when it had one. */
  subtype?: string;
  /** Normalized surface of the longest mention (what wild tags hash, what collections share). */
  canonicalKey: string;
  /** The longest mention's original text. */
  original: string;
  mentions: EntityMention[];
}
