/**
 * The TAB evaluation metrics, exactly as `../shared/specs/tab-evaluation.md` states them.
 * All offsets are UTF-16; the corpus loader converted them from code points.
 */
import type { Corpus, Document, GoldMention, Span, SystemSpans } from '../corpus/index.ts';
import { DocumentCoverage } from './coverage.ts';
import { AnnotatorIndex, entitiesToMask, goldEntities, type GoldEntity } from './entities.ts';
import { winkTagger, type PosTagger } from './pos.ts';
import { roundHalfEven3 } from './rounding.ts';
import { wordUnits } from './units.ts';
import { uniformWeighting, type TokenWeighting } from './weighting.ts';

/** Counts behind one ratio, so results can be merged and audited. */
export interface Ratio {
  hits: number;
  total: number;
}

export interface TabMetrics {
  token_recall: number;
  token_recall_by_type: Record<string, number>;
  mention_recall: number;
  /** null when the gold data has no identifier types (masked-spans format). */
  recall_all_entities: number | null;
  recall_direct_entities: number | null;
  recall_quasi_entities: number | null;
  token_precision: number;
  mention_precision: number;
  token_f1: number;
  weighted_token_precision?: number;
  weighted_mention_precision?: number;
}

/** A gold mention the system left (partly) unmasked. */
export interface MissedMention {
  docId: string;
  annotator: string;
  mentionId: string;
  entityId: string;
  entityType: string;
  identifierType?: string;
  start: number;
  end: number;
  /** Some of its characters are masked. */
  partial: boolean;
}

export interface EvaluationResult {
  metrics: TabMetrics;
  /** Unrounded counts behind each figure. */
  counts: Record<string, Ratio>;
  documentsEvaluated: number;
  /** Why some figures are null, or where the run deviates from the reference. */
  notes: string[];
  missed: MissedMention[];
}

export interface EvaluateOptions {
  /** Extra weighting for `weighted_*` precision keys (uniform precision is always computed). */
  weighting?: TokenWeighting;
  /** Which weighted precisions to compute (default both): each costs masked-LM passes over every document. */
  weightedLevels?: readonly ('token' | 'mention')[];
  tagger?: PosTagger;
  /** Collect every unmasked gold mention (for --verbose). */
  collectMissed?: boolean;
}

const ratio = (r: Ratio): number => (r.total === 0 ? 0 : r.hits / r.total);
const add = (r: Ratio, hit: boolean | number, weight = 1): void => {
  r.hits += typeof hit === 'number' ? hit : hit ? weight : 0;
  r.total += weight;
};

interface DocumentCounts {
  entitiesAll: Ratio;
  entitiesDirect: Ratio;
  entitiesQuasi: Ratio;
  tokens: Ratio;
  mentions: Ratio;
  tokensByType: Map<string, Ratio>;
  missed: MissedMention[];
}

/** Scores system spans against the gold corpus; documents absent from `system` are skipped. */
export async function evaluate(corpus: Corpus, system: SystemSpans, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const weightedLevels = options.weightedLevels ?? ['token', 'mention'];
  const tagger = options.tagger ?? winkTagger;
  const counts = {
    entitiesAll: { hits: 0, total: 0 },
    entitiesDirect: { hits: 0, total: 0 },
    entitiesQuasi: { hits: 0, total: 0 },
    tokens: { hits: 0, total: 0 },
    mentions: { hits: 0, total: 0 },
    tokenPrecision: { hits: 0, total: 0 },
    mentionPrecision: { hits: 0, total: 0 },
    weightedTokenPrecision: { hits: 0, total: 0 },
    weightedMentionPrecision: { hits: 0, total: 0 },
  };
  const tokensByType = new Map<string, Ratio>();
  const missed: MissedMention[] = [];
  let evaluated = 0;
  let maskedSpansDocs = 0;

  for (const doc of corpus.documents) {
    const spans = system.get(doc.id);
    if (!spans) continue;
    evaluated++;
    if (doc.goldKind === 'masked-spans') maskedSpansDocs++;
    const entities = goldEntities(doc);
    const coverage = new DocumentCoverage(doc.text, spans, tagger);
    const recall = recallCounts(doc, entities, coverage, options.collectMissed ?? false);
    for (const key of ['entitiesAll', 'entitiesDirect', 'entitiesQuasi', 'tokens', 'mentions'] as const) {
      counts[key].hits += recall[key].hits;
      counts[key].total += recall[key].total;
    }
    for (const [type, r] of recall.tokensByType) {
      const t = tokensByType.get(type) ?? { hits: 0, total: 0 };
      t.hits += r.hits;
      t.total += r.total;
      tokensByType.set(type, t);
    }
    missed.push(...recall.missed);

    const index = new AnnotatorIndex(entities);
    const tokenUnits = spans.flatMap((s) => wordUnits(doc.text, s));
    addPrecision(counts.tokenPrecision, tokenUnits, index, null);
    addPrecision(counts.mentionPrecision, spans, index, null);
    if (options.weighting && options.weighting !== uniformWeighting) {
      const w = options.weighting;
      if (weightedLevels.includes('token')) addPrecision(counts.weightedTokenPrecision, tokenUnits, index, await w.weights(doc.text, tokenUnits, doc.id));
      if (weightedLevels.includes('mention')) addPrecision(counts.weightedMentionPrecision, spans, index, await w.weights(doc.text, spans, doc.id));
    }
  }

  const notes: string[] = [];
  const entityLevelDefined = maskedSpansDocs === 0;
  if (!entityLevelDefined) {
    notes.push(
      `${maskedSpansDocs} evaluated document(s) are in the masked-spans format (no identifier types, no entity ids): ` +
        'recall_all_entities, recall_direct_entities and recall_quasi_entities are undefined (null); ' +
        'token- and mention-level figures treat every masked span as a mention to mask.',
    );
  }
  const tokenPrecision = ratio(counts.tokenPrecision);
  const tokenRecall = ratio(counts.tokens);
  const metrics: TabMetrics = {
    token_recall: tokenRecall,
    token_recall_by_type: Object.fromEntries([...tokensByType].map(([t, r]) => [t, ratio(r)])),
    mention_recall: ratio(counts.mentions),
    recall_all_entities: entityLevelDefined ? ratio(counts.entitiesAll) : null,
    recall_direct_entities: entityLevelDefined ? ratio(counts.entitiesDirect) : null,
    recall_quasi_entities: entityLevelDefined ? ratio(counts.entitiesQuasi) : null,
    token_precision: tokenPrecision,
    mention_precision: ratio(counts.mentionPrecision),
    token_f1: tokenPrecision + tokenRecall === 0 ? 0 : (2 * tokenPrecision * tokenRecall) / (tokenPrecision + tokenRecall),
  };
  if (options.weighting && options.weighting !== uniformWeighting) {
    if (weightedLevels.includes('token')) metrics.weighted_token_precision = ratio(counts.weightedTokenPrecision);
    if (weightedLevels.includes('mention')) metrics.weighted_mention_precision = ratio(counts.weightedMentionPrecision);
  }
  const allCounts: Record<string, Ratio> = { ...counts };
  for (const [t, r] of tokensByType) allCounts[`tokens:${t}`] = r;
  return { metrics, counts: allCounts, documentsEvaluated: evaluated, notes, missed };
}

function recallCounts(doc: Document, entities: GoldEntity[], coverage: DocumentCoverage, collectMissed: boolean): DocumentCounts {
  const out: DocumentCounts = {
    entitiesAll: { hits: 0, total: 0 },
    entitiesDirect: { hits: 0, total: 0 },
    entitiesQuasi: { hits: 0, total: 0 },
    tokens: { hits: 0, total: 0 },
    mentions: { hits: 0, total: 0 },
    tokensByType: new Map(),
    missed: [],
  };
  for (const entity of entitiesToMask(entities, true, true)) {
    const mentionCovered = entity.mentions.map((m) => coverage.covered(m));
    const entityMasked = mentionCovered.every((c, i) => c || !entity.maskMention[i]);
    add(out.entitiesAll, entityMasked);
    add(entity.isDirect ? out.entitiesDirect : out.entitiesQuasi, entityMasked);

    const byType = out.tokensByType.get(entity.entityType) ?? { hits: 0, total: 0 };
    out.tokensByType.set(entity.entityType, byType);
    entity.mentions.forEach((mention, i) => {
      add(out.mentions, mentionCovered[i]);
      for (const unit of wordUnits(doc.text, mention)) {
        const hit = coverage.covered(unit);
        add(out.tokens, hit);
        add(byType, hit);
      }
      if (collectMissed && !mentionCovered[i]) out.missed.push(missedMention(doc, entity, mention, coverage));
    });
  }
  return out;
}

function missedMention(doc: Document, entity: GoldEntity, m: GoldMention, coverage: DocumentCoverage): MissedMention {
  return {
    docId: doc.id,
    annotator: entity.annotator,
    mentionId: m.mentionId,
    entityId: entity.entityId,
    entityType: entity.entityType,
    identifierType: m.identifierType,
    start: m.start,
    end: m.end,
    partial: coverage.touched(m),
  };
}

/** Adds TP and DEN of the spec's precision for the given units (weights null = uniform). */
function addPrecision(r: Ratio, units: readonly Span[], index: AnnotatorIndex, weights: number[] | null): void {
  units.forEach((unit, i) => {
    const w = weights ? weights[i] : 1;
    r.hits += index.containing(unit) * w;
    r.total += index.annotatorCount * w;
  });
}

/** The metrics rounded as the reference prints them (3 decimals, ties to even). */
export function roundMetrics(m: TabMetrics): TabMetrics {
  const r = (x: number | null): number | null => (x === null ? null : roundHalfEven3(x));
  const out: TabMetrics = {
    token_recall: roundHalfEven3(m.token_recall),
    token_recall_by_type: Object.fromEntries(Object.entries(m.token_recall_by_type).map(([k, v]) => [k, roundHalfEven3(v)])),
    mention_recall: roundHalfEven3(m.mention_recall),
    recall_all_entities: r(m.recall_all_entities),
    recall_direct_entities: r(m.recall_direct_entities),
    recall_quasi_entities: r(m.recall_quasi_entities),
    token_precision: roundHalfEven3(m.token_precision),
    mention_precision: roundHalfEven3(m.mention_precision),
    token_f1: roundHalfEven3(m.token_f1),
  };
  if (m.weighted_token_precision !== undefined) out.weighted_token_precision = roundHalfEven3(m.weighted_token_precision);
  if (m.weighted_mention_precision !== undefined) out.weighted_mention_precision = roundHalfEven3(m.weighted_mention_precision);
  return out;
}
