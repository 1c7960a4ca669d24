/**
 * Plain data types shared by every stage. All offsets here are UTF-16 code-unit offsets into
 * `Document.text` (what JavaScript strings index), end-exclusive. Files on disk count Unicode
 * code points; conversion happens only at the I/O edge (see offsets.ts and load.ts).
 */

export const ENTITY_TYPES = ['PERSON', 'ORG', 'LOC', 'DATETIME', 'CODE', 'QUANTITY', 'DEM', 'MISC'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const IDENTIFIER_TYPES = ['DIRECT', 'QUASI', 'NO_MASK'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** A character range [start, end) in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

/** One annotated mention of an entity, as in the TAB standoff format. */
export interface GoldMention extends Span {
  mentionId: string;
  entityId: string;
  /** One of ENTITY_TYPES for TAB data; kept as a string so other label sets load too. */
  entityType: string;
  /** A finer type under entityType when the file gives one (the `subtype` field; src/detect/subtypes.ts). */
  subtype?: string;
  /** Undefined for masked-spans data, which carries no identifier types. */
  identifierType?: IdentifierType;
  spanText: string;
  confidentialStatus?: string;
  editType?: string;
}

/** All mentions one annotator marked in one document. */
export interface Annotation {
  annotator: string;
  mentions: GoldMention[];
}

export type GoldKind = 'tab' | 'masked-spans';

export interface Document {
  id: string;
  text: string;
  /** train / dev / test, when the file says so. */
  split?: string;
  /** 'tab': full TAB annotations; 'masked-spans': only which spans a human masked. */
  goldKind: GoldKind;
  annotations: Annotation[];
  task?: string;
  meta?: Record<string, unknown>;
}

export interface Corpus {
  name: string;
  /** The file the corpus was read from, for error messages. */
  source: string;
  documents: Document[];
}

/** A span a system proposes (detected, or chosen to be masked), UTF-16 offsets. */
export interface SystemSpan extends Span {
  entityType?: string;
  entityId?: string;
  confidence?: number;
  source?: string;
}

/** System output keyed by document id. */
export type SystemSpans = Map<string, Span[]>;

/** Gold masking decision for a span: DIRECT or QUASI → MASK, NO_MASK → NO_MASK. */
export type MaskLabel = 'MASK' | 'NO_MASK';

/**
 * A span handed to the risk indicators and maskers: gold or detected, always with an entity id so
 * that all mentions of an entity can be treated together.
 */
export interface CandidateSpan extends Span {
  entityId: string;
  entityType: string;
  /** A finer type under entityType when known, e.g. "EMAIL" under CODE (src/detect/subtypes.ts). */
  subtype?: string;
  mentionId?: string;
  /** Known only for gold spans with identifier types. */
  label?: MaskLabel;
  identifierType?: IdentifierType;
}
