/**
 * A local search engine: Okapi BM25 over a document collection the user provides (a folder of
 * .txt files or the texts of a dataset). Nothing leaves the machine, so it needs no opt-in; it is
 * the offline stand-in for a web engine, with the caveat that its "web" is only that collection.
 *
 * `totalHits` counts the documents that contain every query term (the AND semantics web engines
 * apply by default); `results` are the top documents by BM25 over all query terms (OR), with
 * `local://<doc id>` URLs. Quotes in queries are ignored: terms, not phrases, are matched.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchBackend, SearchRequestOptions, SearchResponse } from './types.ts';

export interface CollectionDocument {
  id: string;
  text: string;
}

export interface Bm25Options {
  /** Term-frequency saturation (Robertson & Zaragoza's usual 1.2). */
  k1?: number;
  /** Length normalisation (usual 0.75). */
  b?: number;
  /** Shown in the backend id; default: a fingerprint of the collection. */
  name?: string;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

/** Lower-cased letter/digit runs; the same for documents and queries. */
export function bm25Terms(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export class Bm25SearchBackend implements SearchBackend {
  readonly id: string;
  readonly external = false;
  private readonly ids: string[];
  private readonly texts: string[];
  private readonly lengths: Float64Array;
  private readonly averageLength: number;
  private readonly postings = new Map<string, Posting>();
  private readonly k1: number;
  private readonly b: number;

  constructor(documents: readonly CollectionDocument[], options: Bm25Options = {}) {
    const seen = new Set<string>();
    for (const d of documents) {
      if (seen.has(d.id)) throw new Error(`bm25 collection: document id "${d.id}" occurs twice`);
      seen.add(d.id);
    }
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.ids = documents.map((d) => d.id);
    this.texts = documents.map((d) => d.text);
    this.lengths = new Float64Array(documents.length);
    const fingerprint = createHash('sha256');
    documents.forEach((d, index) => {
      fingerprint.update(`${d.id}\u0000${d.text.length}\u0000`);
      const terms = bm25Terms(d.text);
      this.lengths[index] = terms.length;
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(index);
        posting.tfs.push(tf);
      }
    });
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.averageLength = documents.length === 0 ? 0 : total / documents.length;
    this.id = `bm25:${options.name ?? fingerprint.digest('hex').slice(0, 12)}`;
  }

  /** Every `*.txt` file of a folder (not recursive); the file name without `.txt` is the id. */
  static async fromFolder(folder: string, options: Bm25Options = {}): Promise<Bm25SearchBackend> {
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.toLowerCase().endsWith('.txt')).sort();
    } catch (error) {
      throw new Error(`bm25 collection: cannot read folder ${folder}: ${(error as Error).message}`);
    }
    if (names.length === 0) throw new Error(`bm25 collection: no .txt files in ${folder}`);
    const documents = await Promise.all(names.map(async (n) => ({ id: n.slice(0, -4), text: await readFile(join(folder, n), 'utf8') })));
    return new Bm25SearchBackend(documents, options);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The collection, e.g. to merge it with another one. */
  documents(): CollectionDocument[] {
    return this.ids.map((id, i) => ({ id, text: this.texts[i] }));
  }

  async search(query: string, { count }: SearchRequestOptions): Promise<SearchResponse> {
    const terms = [...new Set(bm25Terms(query))];
    if (terms.length === 0 || this.ids.length === 0) return { totalHits: 0, results: [] };
    const n = this.ids.length;
    const scores = new Float64Array(n);
    const matched = new Uint16Array(n);
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const df = posting.docs.length;
      // BM25+-style non-negative idf (Lucene's), so very common terms never subtract.
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        const doc = posting.docs[i];
        const tf = posting.tfs[i];
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / (this.averageLength || 1));
        scores[doc] += (idf * tf * (this.k1 + 1)) / (tf + norm);
        matched[doc]++;
      }
    }
    let totalHits = 0;
    const ranked: number[] = [];
    for (let doc = 0; doc < n; doc++) {
      if (matched[doc] === terms.length) totalHits++;
      if (matched[doc] > 0) ranked.push(doc);
    }
    ranked.sort((a, b) => scores[b] - scores[a] || (this.ids[a] < this.ids[b] ? -1 : this.ids[a] > this.ids[b] ? 1 : 0));
    const results = ranked.slice(0, count).map((doc) => ({ url: `local://${this.ids[doc]}`, title: this.ids[doc], snippet: snippet(this.texts[doc], terms) }));
    return { totalHits, results };
  }
}

/** About 200 characters around the first occurrence of a query term (the start of the text if none is found verbatim). */
function snippet(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, at - 80);
  return text.slice(start, start + 200).replace(/\s+/g, ' ').trim();
}
