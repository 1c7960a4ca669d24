/**
 * The sequence-labelling risk indicator (paper §5.4): a token classifier fine-tuned to label each
 * word MASK or NO_MASK (the bundled minibert-tab-mask and minibert-wiki-mask) judges each candidate
 * span through its word units. A word unit is MASK when any of its pieces is; a span is risky under
 * full match when all its word units are MASK, under partial match when at least one is.
 *
 * Scores are probabilities so the decision threshold stays tunable: a piece's MASK probability is
 * the total probability of its MASK labels (B-MASK + I-MASK), a word's is the maximum over its
 * pieces, and a span's risk is the minimum (full) or maximum (partial) over its words, so
 * `risk >= threshold` is exactly the full/partial rule with "MASK" meaning probability ≥ threshold.
 */
import { z } from 'zod';
import type { CandidateSpan, Document, Span } from '../corpus/index.ts';
import { wordUnits } from '../eval/units.ts';
import { createTokenClassifier, type ClassifiedPiece, type TokenClassification, type TokenClassifier } from '../lm/token-classifier.ts';
import { parseLabel } from '../detect/neural.ts';
import { DEFAULT_MASK_LABELLER, portableModelName, resolveModelReference, type ModelReference } from '../models/index.ts';
import { registerIndicator } from './registry.ts';
import type { IndicatorContext, RiskIndicator } from './types.ts';

export const SEQUENCE_LABELLING = 'sequence-labelling';

const optionsSchema = z
  .object({
    /** A model reference (bundled name, folder or hub id); its labels must include MASK (B-MASK/I-MASK or MASK). */
    model: z.string().default(DEFAULT_MASK_LABELLER),
    match: z.enum(['full', 'partial']).default('partial'),
    threshold: z.number().min(0).max(1).default(0.5),
    // int8: the bundled TAB labeller ships int8 only (same Table 5 figures as fp32 at 0.5, see its model card).
    dtype: z.enum(['fp32', 'q8']).default('q8'),
    maxLength: z.number().int().min(8).optional(),
    stride: z.number().int().min(0).optional(),
  })
  .strict();

export type SequenceLabellingOptions = z.input<typeof optionsSchema>;
export type SequenceLabellingMatch = 'full' | 'partial';

/** Risk of a span from its word units' MASK probabilities: min (full match) or max (partial match). */
export function spanRisk(unitProbabilities: readonly number[], match: SequenceLabellingMatch): number {
  if (unitProbabilities.length === 0) return 0;
  return match === 'full' ? Math.min(...unitProbabilities) : Math.max(...unitProbabilities);
}

/** Indices of the labels that mean MASK (B-MASK, I-MASK, MASK, …). */
export function maskLabelIndices(labels: readonly string[]): number[] {
  const indices = labels.flatMap((label, i) => (parseLabel(label).type === 'MASK' ? [i] : []));
  return indices;
}

/**
 * MASK probability of each word unit of a span (Python `\w+` units, as the TAB scorer counts
 * them). A span without word units (punctuation only) is judged by the pieces it overlaps.
 */
export function unitMaskProbabilities(text: string, span: Span, pieces: readonly ClassifiedPiece[], maskIndices: readonly number[]): number[] {
  const pieceProbability = (piece: ClassifiedPiece): number => maskIndices.reduce((sum, k) => sum + piece.probs[k], 0);
  const overlapping = (range: Span): ClassifiedPiece[] => {
    // Pieces are in text order; binary search for the first piece that ends after range.start.
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid].end <= range.start) lo = mid + 1;
      else hi = mid;
    }
    const out: ClassifiedPiece[] = [];
    for (let i = lo; i < pieces.length && pieces[i].start < range.end; i++) if (pieces[i].end > range.start) out.push(pieces[i]);
    return out;
  };
  const units = wordUnits(text, span);
  const ranges = units.length > 0 ? units : [span];
  return ranges
    .map((unit) => overlapping(unit).map(pieceProbability))
    .filter((probabilities) => probabilities.length > 0)
    .map((probabilities) => Math.max(...probabilities));
}

export class SequenceLabellingIndicator implements RiskIndicator {
  readonly name = SEQUENCE_LABELLING;
  readonly options: z.output<typeof optionsSchema>;
  private classifier?: Promise<TokenClassifier>;
  /** Last few documents' classifications: indicators are often asked about one document repeatedly. */
  private readonly cache = new Map<string, Promise<TokenClassification>>();

  /** `baseDir`: what a relative `model` path is relative to (default: the working directory). */
  constructor(
    options: SequenceLabellingOptions = {},
    private readonly baseDir?: string,
  ) {
    this.options = optionsSchema.parse(options);
  }

  private load(): Promise<TokenClassifier> {
    this.classifier ??= createTokenClassifier(this.options.model, {
      baseDir: this.baseDir,
      dtype: this.options.dtype,
      maxLength: this.options.maxLength,
      stride: this.options.stride,
    }).then((classifier) => {
      if (maskLabelIndices(classifier.labels).length === 0) {
        throw new Error(`${classifier.model}: no MASK label among ${classifier.labels.join(', ')}; the sequence-labelling indicator needs a MASK/NO_MASK model`);
      }
      return classifier;
    });
    return this.classifier;
  }

  /** The model's classification of a document (cached for the last 8 documents). */
  async classify(doc: Pick<Document, 'id' | 'text'>): Promise<TokenClassification> {
    const key = `${doc.id}\u0000${doc.text.length}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.load().then((c) => c.classify(doc.text));
      hit.catch(() => this.cache.delete(key));
      if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, hit);
    }
    return hit;
  }

  async fit(): Promise<void> {
    // The model was fine-tuned offline (training/train_token_classifier.py); only the threshold is tunable.
  }

  /** MASK probability of each word unit of each span. */
  async unitProbabilities(doc: Document, spans: readonly CandidateSpan[]): Promise<number[][]> {
    const classification = await this.classify(doc);
    const maskIndices = maskLabelIndices(classification.labels);
    return spans.map((span) => {
      if (span.start < 0 || span.end > doc.text.length || span.end < span.start) {
        throw new Error(`document ${doc.id}: span [${span.start}, ${span.end}) lies outside the text (length ${doc.text.length})`);
      }
      return unitMaskProbabilities(doc.text, span, classification.pieces, maskIndices);
    });
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    return (await this.unitProbabilities(doc, spans)).map((units) => spanRisk(units, this.options.match));
  }

  decide(risks: readonly number[], threshold = this.options.threshold): boolean[] {
    return risks.map((risk) => risk >= threshold);
  }

  toJSON(): unknown {
    return { name: this.name, options: this.effectiveOptions() };
  }

  /** The options with the model made portable (bundled name, hub id or absolute folder). */
  effectiveOptions(): Record<string, unknown> {
    const location = resolveModelReference(this.options.model, this.baseDir);
    return { ...this.options, model: location.kind === 'missing' ? this.options.model : portableModelName(location) };
  }

  restoreState(state: unknown): void {
    const name = (state as { name?: unknown } | null)?.name;
    if (name !== SEQUENCE_LABELLING) throw new Error(`saved indicator is "${String(name)}", not ${SEQUENCE_LABELLING}`);
    // Nothing else: the model was fine-tuned offline and the options rebuilt the indicator.
  }

  modelReferences(): ModelReference[] {
    return [{ model: this.effectiveOptions().model as string, dtype: this.options.dtype }];
  }
}

export function createSequenceLabellingIndicator(options: Record<string, unknown> = {}, context?: IndicatorContext): SequenceLabellingIndicator {
  return new SequenceLabellingIndicator(options as SequenceLabellingOptions, context?.baseDir);
}

registerIndicator(SEQUENCE_LABELLING, createSequenceLabellingIndicator, optionsSchema);
