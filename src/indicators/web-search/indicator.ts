/**
 * The web-search privacy risk indicator (Papadopoulou et al., §5.5). Zero-shot: a span is risky
 * when a search engine links it to the person the document must protect.
 *
 * - "url-intersection": query the target's name and each unique span of the document; the score
 *   is the number of URLs the span's top results share with the name's top results. Risky when
 *   the intersection is not empty (threshold 1), as in the paper's equation (2).
 * - "hit-count": the score is the engine's total hit count for the span query; risky when
 *   lowerBound ≤ hits ≤ upperBound (paper: 100 and no upper bound, tuned on the TAB dev set).
 *
 * Queries: the paper queries each unique span on its own ("we also constrain the search to
 * individual text spans", §5.5), and compares with the name's results. queryMode "name-and-span"
 * instead puts the target's name into every span query (results must mention both), which makes
 * the hit count measure co-occurrence with the person. Spans are never combined with each other
 * (the paper names that only as a possible extension, because of the number of calls).
 */
import type { CandidateSpan, Document } from '../../corpus/index.ts';
import type { RiskIndicator, SpanDocument } from '../types.ts';
import type { SearchBackend, SearchResponse } from './types.ts';

export type WebSearchVariant = 'url-intersection' | 'hit-count';
export type WebSearchQueryMode = 'span' | 'name-and-span';

export interface WebSearchIndicatorOptions {
  backend: SearchBackend;
  variant: WebSearchVariant;
  /** Default "span" (the paper). */
  queryMode?: WebSearchQueryMode;
  /** Results per query compared for the URL intersection (paper: top 20). */
  resultCount?: number;
  /** hit-count: fewest hits that make a span risky (paper: 100). */
  lowerBound?: number;
  /** hit-count: most hits that still make a span risky (paper: none = Infinity). */
  upperBound?: number;
  /** The person to protect; default: `doc.meta.applicant`, else the name at the end of `doc.task`. */
  targetName?: string;
  /**
   * Let `fit` choose the threshold (url-intersection) or lower bound (hit-count) that maximises
   * the word-weighted F1 of MASK decisions on the training spans, as the paper tuned its bounds
   * on TAB dev. Off by default: the indicator is zero-shot.
   */
  tuneThreshold?: boolean;
}

/** The person a document protects: TAB's `meta.applicant`, or the name after "person:" in the task line. */
export function targetNameOf(doc: Document): string | undefined {
  const applicant = doc.meta?.applicant;
  if (typeof applicant === 'string' && applicant.trim()) return applicant.trim();
  const match = doc.task?.match(/person:\s*(.+?)\s*$/is);
  return match?.[1] ? match[1] : undefined;
}

/** Exact-phrase query syntax of web engines; inner quotes would end the phrase early. */
export function phrase(text: string): string {
  return `"${text.replace(/["“”]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
}

/**
 * Compares URLs as pages, not strings: scheme, "www.", a trailing slash and the fragment do not
 * make two results different pages.
 */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const path = u.pathname.replace(/\/+$/, '');
    return `${host}${u.port ? `:${u.port}` : ''}${path}${u.search}`;
  } catch {
    return url.trim();
  }
}

export class WebSearchIndicator implements RiskIndicator {
  readonly name = 'web-search';
  readonly variant: WebSearchVariant;
  readonly queryMode: WebSearchQueryMode;
  readonly resultCount: number;
  readonly upperBound: number;
  /** url-intersection: fewest shared URLs; hit-count: the lower bound. */
  threshold: number;
  private readonly backend: SearchBackend;
  private readonly targetName?: string;
  private readonly tune: boolean;

  constructor(options: WebSearchIndicatorOptions) {
    this.backend = options.backend;
    this.variant = options.variant;
    this.queryMode = options.queryMode ?? 'span';
    this.resultCount = options.resultCount ?? 20;
    this.upperBound = options.upperBound ?? Number.POSITIVE_INFINITY;
    this.threshold = this.variant === 'hit-count' ? (options.lowerBound ?? 100) : 1;
    this.targetName = options.targetName;
    this.tune = options.tuneThreshold ?? false;
    if (!(this.resultCount >= 1)) throw new Error(`web-search: resultCount must be ≥ 1 (got ${this.resultCount})`);
    if (this.threshold > this.upperBound) throw new Error(`web-search: lowerBound ${this.threshold} is above upperBound ${this.upperBound}`);
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    if (!this.tune) return;
    const scored: { score: number; weight: number; mask: boolean }[] = [];
    for (const { doc, spans } of train) {
      const labelled = spans.filter((s) => s.label !== undefined);
      if (labelled.length === 0) continue;
      const scores = await this.score(doc, labelled);
      labelled.forEach((s, i) => scored.push({ score: scores[i], weight: wordCount(doc.text.slice(s.start, s.end)), mask: s.label === 'MASK' }));
    }
    if (scored.length === 0) throw new Error('web-search: tuneThreshold needs training spans with MASK/NO_MASK labels');
    this.threshold = bestLowerBound(scored, this.upperBound);
  }

  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    const name = this.targetName ?? targetNameOf(doc);
    const needsName = this.variant === 'url-intersection' || this.queryMode === 'name-and-span';
    if (needsName && !name) {
      throw new Error(`web-search: document ${doc.id} names no person to protect (no meta.applicant, no "…person: NAME" task); pass targetName`);
    }
    let nameUrls: Set<string> | undefined;
    if (this.variant === 'url-intersection' && spans.length > 0) {
      const response = await this.query(phrase(name!), doc, 'the target name query');
      nameUrls = new Set(response.results.map((r) => normalizeUrl(r.url)));
    }
    // The paper queries each unique span text of a document once.
    const byText = new Map<string, number>();
    const scores: number[] = [];
    for (const span of spans) {
      const text = doc.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
      const where = `span ${span.start}-${span.end}${span.mentionId ? ` (${span.mentionId})` : ''}`;
      if (span.start < 0 || span.end > doc.text.length || span.start >= span.end) throw new Error(`web-search: document ${doc.id}, ${where}: offsets outside the text`);
      let score = byText.get(text);
      if (score === undefined) {
        score = text === '' ? 0 : await this.scoreText(text, name, nameUrls, doc, where);
        byText.set(text, score);
      }
      scores.push(score);
    }
    return scores;
  }

  decide(risks: readonly number[], threshold?: number): boolean[] {
    const lower = threshold ?? this.threshold;
    return risks.map((r) => r >= lower && r <= this.upperBound);
  }

  /** Puts back a saved (tuned) threshold; the options rebuilt the rest. */
  restoreState(state: unknown): void {
    const json = state as { name?: unknown; threshold?: unknown } | null;
    if (json?.name !== this.name) throw new Error(`saved indicator is "${String(json?.name)}", not ${this.name}`);
    if (typeof json.threshold !== 'number') throw new Error('web-search: the saved threshold is not a number');
    this.threshold = json.threshold;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      variant: this.variant,
      queryMode: this.queryMode,
      resultCount: this.resultCount,
      threshold: this.threshold,
      upperBound: Number.isFinite(this.upperBound) ? this.upperBound : null,
      backend: this.backend.id,
    };
  }

  private async scoreText(text: string, name: string | undefined, nameUrls: Set<string> | undefined, doc: Document, where: string): Promise<number> {
    const query = this.queryMode === 'name-and-span' ? `${phrase(name!)} ${phrase(text)}` : phrase(text);
    const response = await this.query(query, doc, where);
    if (this.variant === 'url-intersection') {
      const urls = new Set(response.results.map((r) => normalizeUrl(r.url)));
      let shared = 0;
      for (const u of urls) if (nameUrls!.has(u)) shared++;
      return shared;
    }
    if (response.totalHits === undefined) {
      throw new Error(`web-search: backend "${this.backend.id}" reports no hit count (document ${doc.id}, ${where}); use the url-intersection variant with it`);
    }
    return response.totalHits;
  }

  private async query(query: string, doc: Document, where: string): Promise<SearchResponse> {
    try {
      return await this.backend.search(query, { count: this.resultCount });
    } catch (error) {
      // The query itself is personal data: the message names the document and span, not the text.
      throw new Error(`web-search: document ${doc.id}, ${where}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function wordCount(text: string): number {
  return Math.max(1, text.split(/\s+/).filter(Boolean).length);
}

/**
 * The lower bound L (risky ⇔ L ≤ score ≤ upper) that maximises word-weighted F1 of MASK
 * decisions; ties go to the smaller L, since a missed identifier costs more than an extra mask.
 */
export function bestLowerBound(scored: readonly { score: number; weight: number; mask: boolean }[], upperBound = Number.POSITIVE_INFINITY): number {
  const candidates = [...new Set(scored.map((s) => s.score))].sort((a, b) => a - b);
  const positives = scored.reduce((sum, s) => sum + (s.mask ? s.weight : 0), 0);
  let best = { bound: candidates[0] ?? 0, f1: -1 };
  for (const bound of candidates) {
    let tp = 0;
    let predicted = 0;
    for (const s of scored) {
      if (s.score >= bound && s.score <= upperBound) {
        predicted += s.weight;
        if (s.mask) tp += s.weight;
      }
    }
    const f1 = predicted + positives === 0 ? 0 : (2 * tp) / (predicted + positives);
    if (f1 > best.f1) best = { bound, f1 };
  }
  return best.bound;
}
