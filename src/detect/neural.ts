/**
 * The neural detector layer (paper §4.2): a fine-tuned token classifier, decoded from BIO labels
 * into word-aligned mentions. The default model is the bundled `minibert-tab-ner`; any
 * Hugging Face token-classification model works, with `labelMap` translating its label set to the
 * TAB types (e.g. a CoNLL model's PER → PERSON).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../corpus/index.ts';
import { BUNDLED_MODELS_DIR, DEFAULT_NER_MODEL, resolveModelReference } from '../models/index.ts';
import { argmax, createTokenClassifier, type TokenClassification, type TokenClassifierDtype } from '../lm/token-classifier.ts';
import { isLanguage, LANGUAGES, type Language } from './language.ts';
import type { DetectedMention, DetectorLayer, TextDocument } from './types.ts';

export interface NeuralLayerOptions {
  /** A model reference: bundled name, folder (Transformers.js layout) or hub id. Default: the bundled minibert-tab-ner. */
  model?: string;
  dtype?: TokenClassifierDtype;
  /** ONNX Runtime intra-op threads (the token classifier's default when absent). */
  threads?: number;
  /** What a relative model path is relative to (the file that names it); default: the working directory. */
  baseDir?: string;
  /** Model entity label → TAB type; merged over CONLL_LABEL_MAP. Map a label to '' to drop it. */
  labelMap?: Record<string, string>;
  /** Window length and overlap in pieces (see createTokenClassifier). */
  maxLength?: number;
  stride?: number;
  /**
   * Recall-oriented decoding: a word stays outside every entity only when P(O) reaches this; below
   * it, the word takes its most probable entity label. Default: the recommendation for English in the
   * model folder's config.json (`sanitext.outside_threshold.en`; the bundled minibert-tab-ner's is 0.5);
   * without one, none (the most probable label wins, as any value up to 1 / the number of labels gives).
   */
  outsideThreshold?: number;
}

/** The bundled folder of the default model (loaders take the name, DEFAULT_NER_MODEL). */
export const DEFAULT_NEURAL_MODEL = join(BUNDLED_MODELS_DIR, DEFAULT_NER_MODEL);

/** CoNLL-2003 style labels (dslim/bert-base-NER and the like) to TAB types. */
export const CONLL_LABEL_MAP: Readonly<Record<string, string>> = { PER: 'PERSON', LOC: 'LOC', ORG: 'ORG', MISC: 'MISC' };

/** A label split into its scheme tag (B/I/E/S/O) and entity type. */
interface ParsedLabel {
  tag: 'B' | 'I' | 'E' | 'S' | 'O';
  type: string;
}

/** Reads BIO, BIOES and BILOU labels; a label without a prefix counts as inside (I) its type. */
export function parseLabel(label: string): ParsedLabel {
  if (label === 'O' || label === '') return { tag: 'O', type: '' };
  const match = /^([BIESLU])[-_](.+)$/.exec(label);
  if (!match) return { tag: 'I', type: label };
  const tag = match[1] === 'L' ? 'E' : match[1] === 'U' ? 'S' : (match[1] as ParsedLabel['tag']);
  return { tag, type: match[2] };
}

/** A decoded span over word indices [first, last]. */
export interface WordSpan {
  first: number;
  last: number;
  type: string;
  confidence: number;
}

/**
 * BIO decoding over words: B starts a span, I continues a span of the same type, and an I without a
 * matching open span starts one (models often miss the B of a span they clearly see). E/S close.
 */
export function decodeWordLabels(labels: readonly string[], confidences: readonly number[]): WordSpan[] {
  const spans: WordSpan[] = [];
  let open: { first: number; last: number; type: string; sum: number } | undefined;
  const close = (): void => {
    if (open) spans.push({ first: open.first, last: open.last, type: open.type, confidence: open.sum / (open.last - open.first + 1) });
    open = undefined;
  };
  labels.forEach((label, i) => {
    const { tag, type } = parseLabel(label);
    if (tag === 'O') return close();
    if (tag === 'B' || tag === 'S' || !open || open.type !== type) {
      close();
      open = { first: i, last: i, type, sum: confidences[i] };
    } else {
      open.last = i;
      open.sum += confidences[i];
    }
    if (tag === 'E' || tag === 'S') close();
  });
  close();
  return spans;
}

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Mentions from a classification: each word takes the label of its first piece (the usual
 * "first" aggregation), spans cover whole words, and spans without a letter or digit are dropped
 * (a lone bracket or comma labelled as an entity is noise).
 */
export function mentionsFromClassification(
  text: string,
  classification: TokenClassification,
  labelMap: Readonly<Record<string, string>>,
  source: string,
  outsideThreshold?: number,
): DetectedMention[] {
  const { words, pieces, labels } = classification;
  const wordLabels: string[] = words.map(() => 'O');
  const wordConfidence: number[] = words.map(() => 0);
  const seen = new Set<number>();
  for (const piece of pieces) {
    if (seen.has(piece.word)) continue;
    seen.add(piece.word);
    let best = argmax(piece.probs);
    // Punctuation stays as the model labelled it: a comma pulled into a name is not more recall.
    if (outsideThreshold !== undefined && labels[best] === 'O' && piece.probs[best] < outsideThreshold && HAS_WORD_CHARACTER.test(text.slice(words[piece.word].start, words[piece.word].end))) {
      best = bestEntityLabel(piece.probs, labels);
    }
    wordLabels[piece.word] = labels[best];
    wordConfidence[piece.word] = piece.probs[best];
  }
  const mentions: DetectedMention[] = [];
  for (const span of decodeWordLabels(wordLabels, wordConfidence)) {
    const entityType = labelMap[span.type] ?? span.type;
    if (entityType === '') continue;
    const range: Span = { start: words[span.first].start, end: words[span.last].end };
    if (!HAS_WORD_CHARACTER.test(text.slice(range.start, range.end))) continue;
    mentions.push({ ...range, entityType, confidence: span.confidence, source });
  }
  return mentions;
}

/**
 * A model's recommended recall-oriented decoding per language: `sanitext.outside_threshold` in its
 * config.json, e.g. `{"de": 0.8}` (chosen on validation data, see the model card); {} when absent.
 */
export function recommendedOutsideThresholds(modelFolder: string): Partial<Record<Language, number>> {
  const file = join(modelFolder, 'config.json');
  if (!existsSync(file)) return {};
  const config = JSON.parse(readFileSync(file, 'utf8')) as { sanitext?: { outside_threshold?: Record<string, unknown> } };
  const thresholds: Partial<Record<Language, number>> = {};
  for (const [language, value] of Object.entries(config.sanitext?.outside_threshold ?? {})) {
    if (!isLanguage(language) || typeof value !== 'number' || !(value > 0 && value <= 1)) {
      throw new Error(`${file}: sanitext.outside_threshold.${language}: a language (${LANGUAGES.join(', ')}) with a number in (0, 1]`);
    }
    thresholds[language] = value;
  }
  return thresholds;
}

/** The most probable label other than O. */
function bestEntityLabel(probs: Float32Array, labels: readonly string[]): number {
  let best = -1;
  for (let k = 0; k < probs.length; k++) if (labels[k] !== 'O' && (best < 0 || probs[k] > probs[best])) best = k;
  return best < 0 ? argmax(probs) : best;
}

export async function createNeuralLayer(options: NeuralLayerOptions = {}): Promise<DetectorLayer> {
  const location = resolveModelReference(options.model ?? DEFAULT_NER_MODEL, options.baseDir);
  const recommended = location.kind === 'bundled' || location.kind === 'folder' ? recommendedOutsideThresholds(location.folder).en : undefined;
  const outsideThreshold = options.outsideThreshold ?? recommended;
  if (outsideThreshold !== undefined && !(outsideThreshold > 0 && outsideThreshold <= 1)) {
    throw new Error(`neural layer: outsideThreshold must be in (0, 1], not ${outsideThreshold}`);
  }
  const classifier = await createTokenClassifier(options.model ?? DEFAULT_NER_MODEL, {
    baseDir: options.baseDir,
    dtype: options.dtype,
    threads: options.threads,
    maxLength: options.maxLength,
    stride: options.stride,
  });
  const labelMap = { ...CONLL_LABEL_MAP, ...options.labelMap };
  const source = `neural:${classifier.model.split(/[\\/]/).pop() ?? classifier.model}`;
  return {
    name: 'neural',
    async detect(doc: TextDocument) {
      try {
        return mentionsFromClassification(doc.text, await classifier.classify(doc.text), labelMap, source, outsideThreshold);
      } catch (error) {
        throw new Error(`neural layer (${classifier.model}) failed on document ${doc.id}: ${String(error)}`);
      }
    },
  };
}
