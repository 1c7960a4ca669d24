/**
 * The perturbation risk indicator (paper §5.3): how much does hiding one entity make another span
 * harder for a masked LM to predict? For a target span T (all mentions of T's entity masked) the
 * log-probability of T's word-pieces is computed once with the rest of the context, and again with
 * every mention of another entity E masked as well; the difference
 *
 *     d(T, E) = log p(T | context) − log p(T | context without E)
 *
 * is how much E gives T away. The paper masks "the PII spans that make the target span more
 * difficult to predict", so by default an entity's risk is the largest difference it causes on any
 * other span (`attribution: 'perturbing'`); `attribution: 'target'` scores each span by the
 * largest difference any other entity causes on it instead. A span is masked when its risk is at
 * least the threshold, which `fit` picks on the training documents by maximizing
 * P + R_direct + R_quasi (the paper's Eq. 1) over a grid; the whole curve is kept (Figure 6).
 *
 * Cost: one masked-LM pass per (window, target entity, other entity). The engine reads a span from
 * one window of its document only (the window where the span is most central), so an entity with
 * no word-piece in that window cannot change the span's probability: its difference is exactly 0
 * and is not computed (`skipOutsideWindow`). Every variant of a document goes to the engine in one
 * call, which deduplicates identical masked sequences, batches them and caches the results.
 */
import { z } from 'zod';
import type { CandidateSpan, Corpus, Document, Span } from '../corpus/index.ts';
import { evaluate, type PosTagger, type TaggedToken, winkTagger } from '../eval/index.ts';
import { MaskedLmEngine, piecesOverlapping, type SpanLogProbs, type SpanRequest } from '../lm/index.ts';
import { engineOptions, engineReference, lmDtype, maskedLmOptionShape, portableLmOptions } from './lm-options.ts';
import type { ModelReference } from '../models/index.ts';
import { registerIndicator } from './registry.ts';
import type { RiskIndicator, SpanDocument } from './types.ts';

export const PERTURBATION = 'perturbation';

const optionsSchema = z.object({
  ...maskedLmOptionShape,
  /**
   * Context window in word-pieces (special tokens included). Unset: the shared engine's (512 for
   * the bundled model). Variants grow with the square of the entities per window, so a shorter
   * window is what makes a whole test split affordable on a CPU (see the README).
   */
  windowLength: z.number().int().min(16).max(512).optional(),
  /** How a target's word-piece log-probabilities are combined before differencing. */
  aggregate: z.enum(['sum', 'mean']).default('sum'),
  attribution: z.enum(['perturbing', 'target']).default('perturbing'),
  /** Compute only pairs where the other entity has a piece in the target's window (same result). */
  skipOutsideWindow: z.boolean().default(true),
  /** A fixed threshold; when set, `fit` still computes the curve but keeps this value. */
  threshold: z.number().optional(),
  /** At most this many candidate thresholds (quantiles of the training risks) on the curve. */
  gridSize: z.number().int().min(2).default(120),
  seed: z.number().int().default(42),
}).strict(); // a misspelt option is an error, not a silent default

export type PerturbationOptions = z.input<typeof optionsSchema> & {
  /** An engine to share with other indicators (its model settings win; see `windowLength`). */
  engine?: MaskedLmEngine;
  /** What a relative `model` path is relative to (default: the working directory). */
  baseDir?: string;
};
type ResolvedOptions = z.output<typeof optionsSchema>;

/** One point of the threshold curve (paper Figure 6); entity recalls are null without identifier types. */
export interface ThresholdPoint {
  threshold: number;
  P: number;
  R_direct: number | null;
  R_quasi: number | null;
  /** P + R_direct + R_quasi (missing recalls count 0). */
  objective: number;
  /** Share of training spans masked at this threshold. */
  masked: number;
}

export interface PerturbationJson {
  name: typeof PERTURBATION;
  options: ResolvedOptions;
  threshold: number;
  thresholdCurve: ThresholdPoint[];
}

/** d(target, entity) for one target span (index into the spans) and one other entity. */
export interface PerturbationPair {
  target: number;
  entityId: string;
  difference: number;
  /** False when the entity has no piece in the target's window: not computed, difference exactly 0. */
  computed: boolean;
}

export interface DocumentPerturbations {
  /** Every (scorable target span, other entity) pair, skipped ones included. */
  pairs: PerturbationPair[];
  /** Pairs not computed because the entity has no piece in the target's window. */
  skipped: number;
  /** Masked-LM requests sent for this document. */
  requests: number;
}

export class PerturbationIndicator implements RiskIndicator {
  readonly name = PERTURBATION;
  readonly options: ResolvedOptions;
  /** Threshold on the risk (a log-probability difference, nats); fitted or configured. */
  threshold: number;
  /** Eq. 1 terms per candidate threshold on the training documents, ascending thresholds. */
  thresholdCurve: ThresholdPoint[] = [];
  private engine?: MaskedLmEngine;
  private readonly sharedEngine?: MaskedLmEngine;
  private readonly baseDir?: string;

  constructor(options: PerturbationOptions = {}) {
    const { engine, baseDir, ...rest } = options;
    this.options = optionsSchema.parse(rest);
    this.sharedEngine = engine;
    this.baseDir = baseDir;
    this.threshold = this.options.threshold ?? 0;
  }

  static fromJSON(json: PerturbationJson, engine?: MaskedLmEngine): PerturbationIndicator {
    const indicator = new PerturbationIndicator({ ...json.options, engine });
    indicator.restoreState(json);
    return indicator;
  }

  restoreState(state: unknown): void {
    const json = state as PerturbationJson;
    if (json?.name !== PERTURBATION) throw new Error(`saved indicator is "${String(json?.name)}", not ${PERTURBATION}`);
    if (typeof json.threshold !== 'number') throw new Error(`${PERTURBATION}: the saved threshold is not a number`);
    this.threshold = json.threshold;
    this.thresholdCurve = json.thresholdCurve ?? [];
  }

  /** The options as trained; with the engine it used (after fit or score), that engine's model, dtype and window. */
  effectiveOptions(): Record<string, unknown> {
    return { ...portableLmOptions(this.options, this.baseDir), ...(this.engine ? engineOptions(this.engine) : {}) };
  }

  modelReferences(): ModelReference[] {
    if (this.engine) return [engineReference(this.engine)];
    const options = this.effectiveOptions() as { model: string };
    return [{ model: options.model, dtype: lmDtype(this.options) }];
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    await this.fitRisks(train, await this.scoreMany(train));
  }

  /** Fits the threshold on precomputed risks of the training spans (cross-validation reuses one scoring). */
  async fitRisks(train: readonly SpanDocument[], risks: readonly number[][]): Promise<void> {
    this.thresholdCurve = await thresholdCurve(train, risks, this.options.gridSize);
    this.threshold = this.options.threshold ?? bestThreshold(this.thresholdCurve);
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    const [risks] = await this.scoreMany([{ doc, spans: [...spans] }]);
    return risks;
  }

  /** Risks of the spans of many documents; all variants go to the engine in one batched call. */
  async scoreMany(items: readonly SpanDocument[]): Promise<number[][]> {
    const perturbations = await this.perturbations(items);
    return items.map(({ spans }, i) => risksFromPairs(spans, perturbations[i], this.options.attribution));
  }

  /** All computed differences d(target, entity) of many documents. */
  async perturbations(items: readonly SpanDocument[], options: { exhaustive?: boolean } = {}): Promise<DocumentPerturbations[]> {
    const engine = await this.lmEngine();
    const skip = this.options.skipOutsideWindow && !options.exhaustive;
    const plans = items.map(({ doc, spans }) => planDocument(engine, doc.text, spans, skip));
    const scored = await engine.scoreJobs(items.map(({ doc }, i) => ({ doc, requests: plans[i].requests })));
    const aggregate = this.options.aggregate === 'sum' ? sum : mean;
    return plans.map((plan, i) => {
      const value = (r: number): number => aggregate(scored[i][r]);
      const pairs = plan.pairs.map(({ target, entityId, base, perturbed }) =>
        base === undefined || perturbed === undefined
          ? { target, entityId, difference: 0, computed: false }
          : { target, entityId, difference: value(base) - value(perturbed), computed: true },
      );
      return { pairs, skipped: plan.skipped, requests: plan.requests.length };
    });
  }

  decide(risks: readonly number[], threshold = this.threshold): boolean[] {
    return risks.map((risk) => risk >= threshold);
  }

  toJSON(): PerturbationJson {
    return { name: PERTURBATION, options: this.effectiveOptions() as ResolvedOptions, threshold: this.threshold, thresholdCurve: this.thresholdCurve };
  }

  /** Releases the engine this indicator created (a shared engine belongs to its owner). */
  async dispose(): Promise<void> {
    if (this.engine && this.engine !== this.sharedEngine) await this.engine.dispose();
    this.engine = undefined;
  }

  private async lmEngine(): Promise<MaskedLmEngine> {
    const wanted = this.options.windowLength;
    const shared = this.sharedEngine;
    if (!this.engine && shared && (wanted === undefined || wanted === shared.windowLength)) this.engine = shared;
    // A different window needs its own engine (windows are fixed per engine); it loads the shared
    // engine's model unless a model is configured.
    this.engine ??= await MaskedLmEngine.create({
      model: this.options.model ?? shared?.lm.portableName,
      dtype: shared?.lm.precision ?? lmDtype(this.options),
      baseDir: this.baseDir,
      threads: this.options.threads,
      batchSize: this.options.batchSize,
      cacheDir: this.options.cacheDir,
      windowLength: wanted,
    });
    return this.engine;
  }
}

interface PlannedPair {
  target: number;
  entityId: string;
  /** Request indices: the target alone (coreferent mentions masked), and with the entity masked too; absent when skipped. */
  base?: number;
  perturbed?: number;
}

interface DocumentPlan {
  requests: SpanRequest[];
  pairs: PlannedPair[];
  skipped: number;
}

/** Requests for every (target span, other entity) pair whose entity can reach the target's window. */
export function planDocument(engine: MaskedLmEngine, text: string, spans: readonly CandidateSpan[], skipOutsideWindow: boolean): DocumentPlan {
  const tokens = engine.tokenize(text);
  const pieces = spans.map((s) => piecesOverlapping(tokens, s.start, s.end));
  const mentions = new Map<string, number[]>();
  spans.forEach((s, i) => mentions.set(s.entityId, [...(mentions.get(s.entityId) ?? []), i]));
  const asSpan = (i: number): Span => ({ start: spans[i].start, end: spans[i].end });
  const requests: SpanRequest[] = [];
  const pairs: PlannedPair[] = [];
  let skipped = 0;
  spans.forEach((span, t) => {
    if (pieces[t].length === 0) return; // no word-piece to score (e.g. only whitespace)
    const window = engine.windowFor(tokens.ids.length, pieces[t][0], pieces[t][pieces[t].length - 1]);
    const coreferent = mentions.get(span.entityId)!.filter((i) => i !== t).map(asSpan);
    const base = requests.push({ span: asSpan(t), extraMasked: coreferent }) - 1;
    for (const [entityId, members] of mentions) {
      if (entityId === span.entityId) continue;
      const reaches = members.some((m) => pieces[m].some((p) => p >= window.start && p < window.end));
      if (skipOutsideWindow && !reaches) {
        skipped++;
        pairs.push({ target: t, entityId });
        continue;
      }
      const perturbed = requests.push({ span: asSpan(t), extraMasked: [...coreferent, ...members.map(asSpan)] }) - 1;
      pairs.push({ target: t, entityId, base, perturbed });
    }
  });
  return { requests, pairs, skipped };
}

/**
 * Span risks from the differences: the largest difference over the span's pairs (skipped pairs
 * count as the exact 0 they are). A span with no pair at all (its document has one entity, or it
 * covers no word-piece under `target` attribution) gets 0: nothing it hides changes what the LM sees.
 */
export function risksFromPairs(spans: readonly CandidateSpan[], perturbations: DocumentPerturbations, attribution: 'perturbing' | 'target'): number[] {
  const best = new Map<string, number>();
  for (const pair of perturbations.pairs) {
    const key = attribution === 'perturbing' ? pair.entityId : String(pair.target);
    best.set(key, Math.max(best.get(key) ?? -Infinity, pair.difference));
  }
  return spans.map((span, t) => best.get(attribution === 'perturbing' ? span.entityId : String(t)) ?? 0);
}

const sum = (r: SpanLogProbs): number => r.logProbs.reduce((a, b) => a + b, 0);
const mean = (r: SpanLogProbs): number => (r.logProbs.length === 0 ? 0 : sum(r) / r.logProbs.length);

/** POS tags memoized per text: the curve evaluates the same documents once per threshold. */
function memoTagger(inner: PosTagger): PosTagger {
  const memo = new Map<string, TaggedToken[]>();
  return {
    name: inner.name,
    tag(text: string): TaggedToken[] {
      let tags = memo.get(text);
      if (!tags) memo.set(text, (tags = inner.tag(text)));
      return tags;
    },
  };
}

/**
 * Eq. 1 terms at candidate thresholds: every distinct training risk (each gives a different set of
 * masked spans) or, when there are more than `gridSize`, that many quantiles of them.
 */
export async function thresholdCurve(train: readonly SpanDocument[], risks: readonly number[][], gridSize: number, tagger: PosTagger = winkTagger): Promise<ThresholdPoint[]> {
  const values = [...new Set(risks.flat())].sort((a, b) => a - b);
  if (values.length === 0) return [];
  const candidates = values.length <= gridSize ? values : [...new Set(Array.from({ length: gridSize }, (_, k) => values[Math.round((k * (values.length - 1)) / (gridSize - 1))]))];
  const documents = [...new Map(train.map(({ doc }) => [doc.id, doc])).values()];
  const corpus: Corpus = { name: 'perturbation-train', source: 'fit', documents };
  const memo = memoTagger(tagger);
  const total = risks.reduce((a, r) => a + r.length, 0);
  const curve: ThresholdPoint[] = [];
  for (const threshold of candidates) {
    const system = new Map<string, Span[]>(documents.map((d) => [d.id, []]));
    let masked = 0;
    train.forEach(({ doc, spans }, i) => {
      spans.forEach((span, s) => {
        if (risks[i][s] >= threshold) {
          system.get(doc.id)!.push({ start: span.start, end: span.end });
          masked++;
        }
      });
    });
    const { metrics } = await evaluate(corpus, system, { tagger: memo });
    const objective = metrics.token_precision + (metrics.recall_direct_entities ?? 0) + (metrics.recall_quasi_entities ?? 0);
    curve.push({ threshold, P: metrics.token_precision, R_direct: metrics.recall_direct_entities, R_quasi: metrics.recall_quasi_entities, objective, masked: total === 0 ? 0 : masked / total });
  }
  return curve;
}

/** The threshold of the highest objective; among ties the highest threshold (fewest spans masked). */
export function bestThreshold(curve: readonly ThresholdPoint[]): number {
  if (curve.length === 0) return 0;
  let best = curve[0];
  for (const point of curve) if (point.objective >= best.objective - 1e-12) best = point;
  return best.threshold;
}

registerIndicator(PERTURBATION, (options, context) => {
  const engine = options.engine instanceof MaskedLmEngine ? options.engine : context?.engine;
  const { engine: _ignored, ...rest } = options;
  return new PerturbationIndicator({ ...optionsSchema.parse(rest), engine, baseDir: context?.baseDir });
}, optionsSchema);
