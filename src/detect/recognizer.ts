/** The recognizer: run the layers, merge their mentions, propagate names, assign entity ids. */
import type { CandidateSpan } from '../corpus/index.ts';
import { assignEntities, propagateMentions } from './coref.ts';
import { refineMentions } from './context.ts';
import { mergeMentions, type MergeOptions } from './merge.ts';
import { createLayer, defaultLayerNames } from './registry.ts';
import { inferSubtype } from './subtypes.ts';
import { reviseTypes } from './type-revision.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from './types.ts';

export interface RecognizerOptions {
  /** Layer names from the registry (default: defaultLayerNames()). */
  layers?: string[];
  merge?: MergeOptions;
  /** Mark other occurrences of detected names (default true). */
  propagate?: boolean;
}

/** A merged mention with its entity id; a CandidateSpan for the later stages. */
export interface RecognizedSpan extends CandidateSpan {
  mentionId: string;
  confidence: number;
  source: string;
}

export interface Recognizer {
  readonly layers: readonly DetectorLayer[];
  recognize(doc: TextDocument): Promise<RecognizedSpan[]>;
  /** Each layer's raw output, by layer name, for per-layer evaluation. */
  detectByLayer(doc: TextDocument): Promise<Map<string, DetectedMention[]>>;
}

export async function createRecognizer(options: RecognizerOptions = {}): Promise<Recognizer> {
  const names = options.layers ?? defaultLayerNames();
  const layers = await Promise.all(names.map(createLayer));
  const propagate = options.propagate ?? true;
  const detectByLayer = async (doc: TextDocument): Promise<Map<string, DetectedMention[]>> => {
    const outputs = await Promise.all(layers.map(async (layer) => [layer.name, await layer.detect(doc)] as const));
    return new Map(outputs);
  };
  return {
    layers,
    detectByLayer,
    async recognize(doc) {
      // Every layer's spans cut at line breaks and cleaned of emoji and greeting words (context.ts).
      const raw = refineMentions(doc.text, [...(await detectByLayer(doc)).values()].flat());
      return resolveMentions(doc, raw, options.merge, propagate);
    },
  };
}

/**
 * Merge → revise types → propagate → merge again → entity ids. Exposed for layers' outputs computed
 * elsewhere. Types are revised before propagation so other occurrences copy the revised type.
 */
export function resolveMentions(doc: TextDocument, raw: readonly DetectedMention[], merge?: MergeOptions, propagate = true): RecognizedSpan[] {
  let merged = reviseTypes(doc.text, mergeMentions(raw, merge, doc.text), raw);
  if (propagate) {
    const added = propagateMentions(doc.text, merged);
    // Merging an already merged list alone gives it back unchanged: only merge again when needed.
    if (added.length > 0) merged = mergeMentions([...merged, ...added], merge, doc.text);
  }
  const { entityOf } = assignEntities(doc.text, merged);
  return merged.map((m, i) => {
    // Layers that give no subtype (neural, propagated names) get one read from the surface when it says.
    const subtype = m.subtype ?? inferSubtype(m.entityType, doc.text.slice(m.start, m.end));
    return {
      start: m.start,
      end: m.end,
      entityType: m.entityType,
      ...(subtype ? { subtype } : {}),
      entityId: `${doc.id}_e${entityOf[i]}`,
      mentionId: `${doc.id}_m${i}`,
      confidence: m.confidence,
      source: m.source,
    };
  });
}
