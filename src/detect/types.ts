/**
 * The detector contract (like Presidio's recognizers): a layer is an object with
 * `detect(doc) → mentions`. Layers do not assign entity ids; the recognizer's co-reference step does.
 */
import type { Span } from '../corpus/index.ts';

/** The types of proper names, whose type a layer may guess wrong and the recognizer's clean-up revises. */
export const NAME_ENTITY_TYPES: ReadonlySet<string> = new Set(['PERSON', 'ORG', 'LOC', 'MISC']);
/** Those and DEM: what is written like a name, a nationality or a role too ("Hebrew", "Vice-Chairman"). */
export const NAME_OR_DEM_TYPES: ReadonlySet<string> = new Set([...NAME_ENTITY_TYPES, 'DEM']);

/** The text a detector reads; a corpus Document satisfies it. */
export interface TextDocument {
  id: string;
  text: string;
}

/** One mention found by a layer (UTF-16 offsets). */
export interface DetectedMention extends Span {
  entityType: string;
  /** 0..1: how sure the layer is. */
  confidence: number;
  /** Layer and rule/list that produced it, e.g. "rules:case-number". */
  source: string;
  /** A finer type under entityType when known, e.g. "EMAIL" under CODE (see subtypes.ts). */
  subtype?: string;
  /**
   * A mention a user asked for (a pipeline's deny list): the clean-up, the type revision and the
   * annotation conventions keep it as it is, and the merge keeps its extent and type whole.
   */
  required?: boolean;
}

export interface DetectorLayer {
  readonly name: string;
  detect(doc: TextDocument): Promise<DetectedMention[]> | DetectedMention[];
}
