/**
 * Span log-probabilities from a masked LM: for each requested span, log p(original word-piece)
 * at each of its word-pieces when all of them (and the request's extra spans) are [MASK]ed.
 *
 * Speed comes from doing less, not from approximating: the document is tokenized once; long
 * documents are cut into fixed windows with a stride and each span is read from the window where
 * it is most central, so requests that mask the same pieces in the same window (all mentions of
 * one entity, when coreferent mentions are masked together) share one forward pass; masked
 * variants of all documents are batched, longest first; the MLM head runs only at the scored
 * positions when the model's graph allows it (span-scorer.ts); results are cached on disk.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Span } from '../corpus/index.ts';
import { readCacheFile, writeCacheFile } from './disk-cache.ts';
import { MaskedLm, type MaskedLmOptions, type ModelSequence } from './model.ts';
import { piecesOverlapping, type TokenizedText } from './tokenizer.ts';

export interface SpanRequest {
  span: Span;
  /** Spans masked as well (e.g. the other mentions of the same entity); they are not scored. */
  extraMasked?: readonly Span[];
}

export interface SpanLogProbs {
  /** Vocabulary ids of the span's word-pieces (pieces overlapping the span), in order. */
  tokenIds: number[];
  /** Natural-log probability of each original piece; empty when the span covers no piece. */
  logProbs: number[];
}

/** The text an engine call needs from a document (a corpus Document fits). */
export interface TextDocument {
  id: string;
  text: string;
}

export interface SpanScoringJob {
  doc: TextDocument;
  requests: readonly SpanRequest[];
}

export interface MaskedLmEngineOptions extends MaskedLmOptions {
  /** Masked sequences per forward pass (default 8; always 1 with q8, see the constructor). */
  batchSize?: number;
  /** Window length in pieces including the special tokens (default and maximum: the model's, e.g. 512; Longformer 4,096). */
  windowLength?: number;
  /** Window step in pieces for long documents (default: half the window content). */
  stride?: number;
  /** Folder for cached results (e.g. `.cache/lm`); no caching when absent. */
  cacheDir?: string;
}

/** A window of pieces [start, end) with some of its pieces masked; one model sequence. */
interface Variant {
  tokens: TokenizedText;
  start: number;
  end: number;
  masked: number[];
  /** Scored positions: result slot and piece index. */
  targets: { job: number; request: number; slot: number; piece: number }[];
}

export class MaskedLmEngine {
  private readonly tokenCache = new Map<string, TokenizedText>();
  readonly batchSize: number;
  readonly windowLength: number;
  readonly stride: number;
  /** Forward passes and sequences run so far (for benchmarks). */
  readonly counters = { forwardPasses: 0, sequences: 0, pieces: 0, targets: 0, cacheHits: 0 };

  private constructor(
    readonly lm: MaskedLm,
    private readonly options: MaskedLmEngineOptions,
  ) {
    // q8 models quantize activations dynamically with ONE scale per tensor, i.e. per batch: a
    // sequence's numbers would depend on its batch neighbours (measured up to 0.4 nats), so a
    // quantized model runs one sequence per pass and stays batch-invariant.
    this.batchSize = lm.precision === 'q8' ? 1 : Math.max(1, options.batchSize ?? 8);
    this.windowLength = Math.min(options.windowLength ?? lm.maxLength, lm.maxLength);
    if (this.windowLength < this.specialCount + 1) throw new Error(`masked LM window length must be at least ${this.specialCount + 1}, got ${this.windowLength}`);
    this.stride = Math.max(1, options.stride ?? Math.floor((this.windowLength - this.specialCount) / 2));
  }

  /** Special tokens around each window ([CLS] … [SEP], <s> … </s>). */
  private get specialCount(): number {
    return this.lm.special.prefix.length + this.lm.special.suffix.length;
  }

  static async create(options: MaskedLmEngineOptions = {}): Promise<MaskedLmEngine> {
    return new MaskedLmEngine(await MaskedLm.load(options), options);
  }

  /** Word-pieces of a text with UTF-16 offsets, memoized for the last few texts. */
  tokenize(text: string): TokenizedText {
    let tokens = this.tokenCache.get(text);
    if (!tokens) {
      tokens = this.lm.tokenizer.tokenize(text);
      if (this.tokenCache.size >= 64) this.tokenCache.delete(this.tokenCache.keys().next().value!);
      this.tokenCache.set(text, tokens);
    }
    return tokens;
  }

  async spanLogProbs(doc: TextDocument, requests: readonly SpanRequest[]): Promise<SpanLogProbs[]> {
    const [result] = await this.scoreJobs([{ doc, requests }]);
    return result;
  }

  /** Scores the requests of many documents, batching masked variants across documents. */
  async scoreJobs(jobs: readonly SpanScoringJob[]): Promise<SpanLogProbs[][]> {
    const results: SpanLogProbs[][] = jobs.map((job) => job.requests.map(() => ({ tokenIds: [], logProbs: [] })));
    const cacheKeys = jobs.map((job) => this.cacheKey(job));
    const variants: Variant[] = [];
    const pending: number[] = [];
    jobs.forEach((job, j) => {
      const cached = this.readCache(cacheKeys[j], job.requests.length);
      if (cached && cached.length === job.requests.length) {
        results[j] = cached;
        this.counters.cacheHits++;
      } else {
        this.planJob(job, j, results[j], variants);
        pending.push(j);
      }
    });
    await this.runVariants(variants, results);
    for (const j of pending) this.writeCache(cacheKeys[j], results[j]);
    return results;
  }

  /** Window [start, end) of piece indices in which a span of pieces [first, last] is most central. */
  windowFor(pieceCount: number, first: number, last: number): { start: number; end: number } {
    return centralWindow(pieceCount, first, last, this.windowLength, this.stride, this.specialCount);
  }


  async dispose(): Promise<void> {
    await this.lm.dispose();
  }

  private planJob(job: SpanScoringJob, jobIndex: number, slots: SpanLogProbs[], variants: Variant[]): void {
    const tokens = this.tokenize(job.doc.text);
    const byKey = new Map<string, Variant>();
    job.requests.forEach((request, r) => {
      const pieces = piecesOverlapping(tokens, request.span.start, request.span.end);
      slots[r] = { tokenIds: pieces.map((p) => tokens.ids[p]), logProbs: pieces.map(() => NaN) };
      if (pieces.length === 0) return;
      const first = pieces[0];
      const last = pieces[pieces.length - 1];
      if (last - first + 1 > this.windowLength - this.specialCount) {
        throw new Error(
          `document ${job.doc.id}, span ${request.span.start}-${request.span.end}: ${last - first + 1} word-pieces do not fit the model window of ${this.windowLength}`,
        );
      }
      const window = this.windowFor(tokens.ids.length, first, last);
      const masked = new Set(pieces);
      for (const extra of request.extraMasked ?? []) {
        for (const p of piecesOverlapping(tokens, extra.start, extra.end)) if (p >= window.start && p < window.end) masked.add(p);
      }
      const sortedMasked = [...masked].sort((a, b) => a - b);
      const key = `${window.start}:${sortedMasked.join(',')}`;
      let variant = byKey.get(key);
      if (!variant) {
        variant = { tokens, start: window.start, end: window.end, masked: sortedMasked, targets: [] };
        byKey.set(key, variant);
        variants.push(variant);
      }
      pieces.forEach((piece, slot) => variant.targets.push({ job: jobIndex, request: r, slot, piece }));
    });
  }

  private async runVariants(variants: Variant[], results: SpanLogProbs[][]): Promise<void> {
    // Longest first so that a batch pads little.
    const order = [...variants].sort((a, b) => b.end - b.start - (a.end - a.start));
    for (let i = 0; i < order.length; i += this.batchSize) {
      const batch = order.slice(i, i + this.batchSize);
      const sequences = batch.map((v) => this.sequence(v));
      const offset = this.lm.special.prefix.length;
      const targets = batch.map((v) => v.targets.map((t) => ({ position: offset + t.piece - v.start, tokenId: v.tokens.ids[t.piece] })));
      const logProbs = await this.lm.targetLogProbs(sequences, targets);
      this.counters.forwardPasses++;
      this.counters.sequences += batch.length;
      this.counters.targets += targets.reduce((a, t) => a + t.length, 0);
      this.counters.pieces += batch.length * Math.max(...sequences.map((s) => s.ids.length));
      batch.forEach((variant, row) => {
        variant.targets.forEach((t, k) => {
          results[t.job][t.request].logProbs[t.slot] = logProbs[row][k];
        });
      });
    }
  }

  private sequence(variant: Variant): ModelSequence {
    const { prefix, suffix, mask } = this.lm.special;
    const length = prefix.length + variant.end - variant.start + suffix.length;
    const ids = new Int32Array(length);
    ids.set(prefix, 0);
    ids.set(variant.tokens.ids.subarray(variant.start, variant.end), prefix.length);
    ids.set(suffix, length - suffix.length);
    for (const p of variant.masked) ids[prefix.length + p - variant.start] = mask;
    return { ids, attention: new Uint8Array(length).fill(1) };
  }

  private cacheKey(job: SpanScoringJob): string | undefined {
    if (!this.options.cacheDir) return undefined;
    const hash = createHash('sha256');
    const config = { model: this.lm.modelName, precision: this.lm.precision, window: this.windowLength, stride: this.stride, version: 1 };
    hash.update(JSON.stringify(config)).update('\0').update(job.doc.text).update('\0');
    hash.update(JSON.stringify(job.requests.map((r) => [r.span.start, r.span.end, (r.extraMasked ?? []).map((s) => [s.start, s.end])])));
    return hash.digest('hex');
  }

  /** A cached entry, if whole: one result per request, each with its ids and log-probabilities. */
  private readCache(key: string | undefined, requestCount: number): SpanLogProbs[] | undefined {
    if (!key || !this.options.cacheDir) return undefined;
    return readCacheFile(join(this.options.cacheDir, `${key}.json`), (bytes) => {
      const value = JSON.parse(bytes.toString('utf8')) as unknown;
      const whole =
        Array.isArray(value) &&
        value.length === requestCount &&
        value.every((r: Partial<SpanLogProbs>) => Array.isArray(r?.tokenIds) && Array.isArray(r.logProbs) && r.logProbs.every((x) => typeof x === 'number'));
      return whole ? (value as SpanLogProbs[]) : undefined;
    });
  }

  private writeCache(key: string | undefined, value: SpanLogProbs[]): void {
    if (!key || !this.options.cacheDir) return;
    writeCacheFile(join(this.options.cacheDir, `${key}.json`), JSON.stringify(value));
  }
}

/**
 * The window [start, end) of piece indices, among windows `stride` apart with `windowLength - specials`
 * content pieces (specials: the template's tokens around a window, [CLS] and [SEP] by default), in
 * which pieces [first, last] are most central.
 */
export function centralWindow(pieceCount: number, first: number, last: number, windowLength: number, stride: number, specials = 2): { start: number; end: number } {
  const content = windowLength - specials;
  if (pieceCount <= content) return { start: 0, end: pieceCount };
  let best = { start: 0, end: content };
  let bestMargin = -Infinity;
  for (let start = 0; ; start += stride) {
    const clamped = Math.min(start, pieceCount - content);
    const margin = Math.min(first - clamped, clamped + content - 1 - last);
    if (margin > bestMargin) {
      bestMargin = margin;
      best = { start: clamped, end: clamped + content };
    }
    if (clamped + content >= pieceCount) break;
  }
  return best;
}
