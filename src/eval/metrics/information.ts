/**
 * TPI and TPS (Pilán et al. 2024; TAE). Each term of an original document (terms.ts) carries its
 * information content IC = −Σ ln p(piece) over its word-pieces, all of them [MASK]ed at once, from
 * the run's masked-LM engine. A term is masked when any of its characters lies in a replaced region
 * (TAE counts a term strictly inside a longer mask as kept; we do not).
 *   TPI = Σ IC(kept terms) / Σ IC(all terms)
 *   TPS = Σ IC(t)·s(t) / Σ IC(all terms), s = 1 for a kept term, 0 for a suppressed or emptied one,
 *         else max(0, cosine) between the mean-pooled embeddings of the replaced original text and
 *         its replacement (the region the term overlaps most).
 * Both are computed per document and averaged over documents.
 */
import { z } from 'zod';
import type { AnonymizedRegion, Document } from '../../corpus/index.ts';
import { cosine } from './sentence-encoder.ts';
import { defineMetric } from './registry.ts';
import { extractTerms, type Term } from './terms.ts';
import type { MetricContext, MetricValues } from './types.ts';

const options = z
  .object({
    /** Compute TPS too (needs the sentence encoder). */
    similarity: z.boolean().default(true),
    /**
     * 0: each term is masked alone (one model sequence per term). k ≥ 1: terms i, i+k, i+2k… are
     * masked together, so a window needs k sequences instead of one per term — the IC of a term is
     * then read with every k-th other term masked too (1 would mask all terms at once).
     */
    interleave: z.number().int().min(0).default(0),
  })
  .strict();

interface WeightedTerm extends Term {
  ic: number;
}

/** Terms of every corpus document with their information content, computed in one engine call. */
export async function termInformation(documents: readonly Document[], context: MetricContext, interleave = 0): Promise<Map<string, WeightedTerm[]>> {
  const engine = await context.maskedLm();
  const terms = await Promise.all(documents.map((d) => extractTerms(d.text)));
  const requests = (list: readonly Term[]): { span: Term; extraMasked?: Term[] }[] => {
    if (interleave === 0) return list.map((span) => ({ span }));
    const groups = Array.from({ length: interleave }, (_, g) => list.filter((_, k) => k % interleave === g));
    return list.map((span, k) => ({ span, extraMasked: groups[k % interleave] }));
  };
  const scored = await engine.scoreJobs(documents.map((doc, i) => ({ doc, requests: requests(terms[i]) })));
  return new Map(documents.map((doc, i) => [doc.id, terms[i].map((t, k) => ({ ...t, ic: -scored[i][k].logProbs.reduce((a, b) => a + b, 0) }))]));
}

/** The region each term overlaps most (undefined: kept); regions and terms are in text order. */
export function coveringRegions(terms: readonly Term[], regions: readonly AnonymizedRegion[]): (AnonymizedRegion | undefined)[] {
  let first = 0;
  return terms.map((term) => {
    while (first < regions.length && regions[first].source.end <= term.start) first++;
    let best: AnonymizedRegion | undefined;
    let bestOverlap = 0;
    for (let r = first; r < regions.length && regions[r].source.start < term.end; r++) {
      const overlap = Math.min(term.end, regions[r].source.end) - Math.max(term.start, regions[r].source.start);
      if (overlap > bestOverlap) {
        best = regions[r];
        bestOverlap = overlap;
      }
    }
    return best;
  });
}

/** TPI and TPS of one document, given each masked region's similarity (by region). */
export function documentPreservation(
  terms: readonly WeightedTerm[],
  regions: readonly AnonymizedRegion[],
  similarity: (region: AnonymizedRegion) => number,
): { tpi: number; tps: number } | undefined {
  const covering = coveringRegions(terms, regions);
  let total = 0;
  let kept = 0;
  let similar = 0;
  terms.forEach((term, i) => {
    total += term.ic;
    const region = covering[i];
    if (!region) {
      kept += term.ic;
      similar += term.ic;
    } else if (!region.suppressed && region.text.trim() !== '') {
      similar += term.ic * Math.max(0, similarity(region));
    }
  });
  return total === 0 ? undefined : { tpi: kept / total, tps: similar / total };
}

export const informationMetric = defineMetric({
  name: 'tpi-tps',
  description: 'text preserved information (TPI) and its similarity-weighted version (TPS)',
  needs: ['maskedLm', 'encoder'],
  options,
  columns: (o) => (o.similarity ? ['TPI', 'TPS'] : ['TPI']),
  async create(o, context) {
    let information: Map<string, WeightedTerm[]> | undefined;
    return {
      async evaluate(anonymization) {
        information ??= await termInformation(context.corpus.documents, context, o.interleave);
        const encoder = o.similarity ? await context.encoder() : undefined;
        let tpi = 0;
        let tps = 0;
        let counted = 0;
        for (const doc of anonymization.documents) {
          const similarities = new Map<AnonymizedRegion, number>();
          if (encoder) {
            for (const region of doc.regions) {
              if (region.suppressed || region.text.trim() === '') continue;
              const original = doc.original.slice(region.source.start, region.source.end);
              similarities.set(region, cosine(await encoder.embed(original), await encoder.embed(region.text)));
            }
          }
          const result = documentPreservation(information.get(doc.id) ?? [], doc.regions, (r) => similarities.get(r) ?? 0);
          if (!result) continue;
          tpi += result.tpi;
          tps += result.tps;
          counted++;
        }
        const values: MetricValues = { TPI: counted === 0 ? null : tpi / counted };
        if (o.similarity) values.TPS = counted === 0 ? null : tps / counted;
        return values;
      },
    };
  },
});

