/** The recognizer: run the layers, merge their mentions, propagate names, assign entity ids. */
import type { CandidateSpan } from '../corpus/index.ts';
import { assignEntities, propagateMentions } from './coref.ts';
import { dropMergeLeftovers, extendCompoundOccupations, joinCountryAndOrganisation, joinEventNouns, joinNameAndInitials, joinNationalSides, joinNicknames, joinPhoneExtensions, refineMentions, splitOfficeFromName } from './context.ts';
import { extendBracketedNames } from './bracketed-names.ts';
import { applyConventions, conventionsNamed, joinWholeWithoutLexicon, splitJoins, JOIN_NAMES, type JoinName } from './conventions.ts';
import { mergeMentions, type MergeOptions } from './merge.ts';
import { createLayer, defaultLayerNames } from './registry.ts';
import { inferSubtype } from './subtypes.ts';
import { reviseTypes } from './type-revision.ts';
import { typeKindLists } from './kind-lists.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from './types.ts';

export interface RecognizerOptions {
  /** Layers by registry name (default: defaultLayerNames()), or built elsewhere (a configured neural layer). */
  layers?: (string | DetectorLayer)[];
  merge?: MergeOptions;
  /** Mark other occurrences of detected names (default true). */
  propagate?: boolean;
  /**
   * Annotation conventions to follow (conventions.ts): a bundled lexicon (`tab`, the default), a path
   * to one, or `none`. Surfaces the corpus's annotators do not mark are dropped after the type revision.
   */
  conventions?: string;
  /**
   * Whether a span a rule joins is one mention or its parts are (conventions.ts, JOINS): a count and its
   * noun (`countedNouns`: "three hearings" or "three"), a range of years (`rangeConnectors`: "between 1982
   * and 1984" or the two years), an occupation and the modifier before it (`compoundOccupations`:
   * "television producer" or "producer"). Default: as the conventions learned; without conventions, the
   * parts of the first two and the compound whole.
   */
  joins?: Partial<Record<JoinName, boolean>>;
}

/** How mentions are resolved after the layers: the options of `resolveMentions`. */
export interface ResolveOptions {
  merge?: MergeOptions;
  /** Default true. */
  propagate?: boolean;
  /** Default `tab`; `none` keeps every mention. */
  conventions?: string;
  /** Default: the conventions' (`none`: each join's own default). */
  joins?: Partial<Record<JoinName, boolean>>;
}

export const DEFAULT_CONVENTIONS = 'tab';

/** Which joins stay whole: as asked, else as the conventions learned, else as each join is without a lexicon. */
function keptJoins(asked: Partial<Record<JoinName, boolean>> | undefined, learned: Readonly<Record<JoinName, boolean>> | undefined): Record<JoinName, boolean> {
  return Object.fromEntries(JOIN_NAMES.map((name) => [name, asked?.[name] ?? learned?.[name] ?? joinWholeWithoutLexicon(name)])) as Record<JoinName, boolean>;
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
  const layers = await Promise.all(names.map((layer) => (typeof layer === 'string' ? createLayer(layer) : layer)));
  const resolve: ResolveOptions = { merge: options.merge, propagate: options.propagate ?? true, conventions: options.conventions ?? DEFAULT_CONVENTIONS, joins: options.joins };
  // A missing or malformed lexicon fails here, before any document.
  conventionsNamed(resolve.conventions ?? DEFAULT_CONVENTIONS);
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
      return resolveMentions(doc, raw, resolve);
    },
  };
}

/**
 * Merge → revise types → take an organisation's bracketed name in the original language → drop what
 * the conventions do not mark (and split the joins they do not mark whole) → propagate → merge again → entity ids. Exposed for layers' outputs
 * computed elsewhere. Types are revised before propagation so other occurrences copy the revised
 * type; dropped surfaces are not propagated.
 */
export function resolveMentions(doc: TextDocument, raw: readonly DetectedMention[], options: ResolveOptions = {}): RecognizedSpan[] {
  const { merge, propagate = true, conventions = DEFAULT_CONVENTIONS, joins } = options;
  // The bracket is taken before the conventions: the lexicon is learned from the recognizer's own
  // output (scripts/build-conventions.ts), so it must see the same surfaces.
  const text = doc.text;
  // One step after another, in this order: the joins and splits of the merged mentions that the type
  // revision reads, the revision, then the steps that read the revised types.
  let merged = mergeMentions(raw, merge, text);
  merged = joinNicknames(text, merged);
  merged = joinNationalSides(text, merged);
  merged = joinCountryAndOrganisation(text, merged);
  merged = extendCompoundOccupations(text, merged);
  merged = splitOfficeFromName(text, merged, raw);
  merged = reviseTypes(text, merged, raw);
  merged = joinEventNouns(text, merged);
  merged = typeKindLists(text, merged, raw);
  merged = dropMergeLeftovers(text, merged);
  merged = extendBracketedNames(text, merged);
  merged = joinPhoneExtensions(text, merged);
  merged = joinNameAndInitials(text, merged);
  const lexicon = conventionsNamed(conventions);
  // Joins first: a part the lexicon lists is dropped too ("governor" of "prison governor" split by TAB's conventions).
  merged = splitJoins(doc.text, merged, keptJoins(joins, lexicon?.joins), raw);
  if (lexicon) merged = applyConventions(doc.text, merged, lexicon);
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
