/**
 * NMI (TAE's clustering utility): embed every original and every anonymized document (mean-pooled
 * sentence encoder, L2-normalized), choose k by the silhouette of k-means on the originals, cluster
 * both sets with k-means++ under fixed seeds, and report the normalized mutual information of the
 * two labelings. Mask marks are removed before embedding — whole replaced regions whose text is a
 * mark (or that were suppressed), never a substring of other text.
 */
import { z } from 'zod';
import { DEFAULT_SUPPRESSION_MARK } from '../../corpus/index.ts';
import { chooseK, kMeans, normalizedMutualInformation } from './clustering.ts';
import { defineMetric } from './registry.ts';
import type { AnonymizedDocument } from './types.ts';

/** Entity labels the TAE systems write as replacements (TAB, spaCy, Presidio, Stanford NER). */
export const DEFAULT_MASK_MARKS = [
  DEFAULT_SUPPRESSION_MARK,
  ...['PERSON', 'ORG', 'ORGANIZATION', 'LOC', 'LOCATION', 'GPE', 'FAC', 'NORP', 'NRP', 'DATE', 'TIME', 'DATETIME', 'DATE_TIME'],
  ...['CODE', 'QUANTITY', 'CARDINAL', 'ORDINAL', 'MONEY', 'PERCENT', 'DEM', 'MISC', 'LAW', 'EVENT', 'PRODUCT', 'WORK_OF_ART', 'LANGUAGE'],
];

const options = z
  .object({
    kMin: z.number().int().min(2).default(2),
    kMax: z.number().int().min(2).default(10),
    seed: z.number().int().default(42),
    restarts: z.number().int().min(1).default(10),
    /** Replacement texts removed as mask marks (whole regions only). */
    marks: z.array(z.string()).default(DEFAULT_MASK_MARKS),
  })
  .strict();

/** The anonymized text with every mark region (suppressed, or whose text is a mark) removed whole. */
export function withoutMarks(doc: AnonymizedDocument, marks: ReadonlySet<string>): string {
  let out = '';
  let cursor = 0;
  for (const region of doc.regions) {
    out += doc.original.slice(cursor, region.source.start);
    if (!region.suppressed && !marks.has(region.text.trim())) out += region.text;
    cursor = region.source.end;
  }
  return out + doc.original.slice(cursor);
}

function normalized(v: Float32Array): Float64Array {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return Float64Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
}

export const nmiMetric = defineMetric({
  name: 'nmi',
  description: 'normalized mutual information of k-means clusterings of original and anonymized documents',
  needs: ['encoder'],
  options,
  columns: () => ['NMI'],
  async create(o, context) {
    const marks = new Set(o.marks);
    const kmeansOptions = { seed: o.seed, restarts: o.restarts };
    let reference: { k: number; labels: number[] } | undefined;
    return {
      async evaluate(anonymization) {
        const encoder = await context.encoder();
        if (!reference) {
          const originals = [];
          for (const doc of anonymization.documents) originals.push(normalized(await encoder.embed(doc.original)));
          if (originals.length < 3) return { NMI: null };
          const { k, silhouette } = chooseK(originals, o.kMin, o.kMax, kmeansOptions);
          context.log(`nmi: k = ${k} (silhouette ${silhouette.toFixed(3)} on the originals)`);
          reference = { k, labels: kMeans(originals, k, kmeansOptions).labels };
        }
        const anonymized = [];
        for (const doc of anonymization.documents) anonymized.push(normalized(await encoder.embed(withoutMarks(doc, marks))));
        const labels = kMeans(anonymized, reference.k, kmeansOptions).labels;
        return { NMI: normalizedMutualInformation(reference.labels, labels) };
      },
    };
  },
});
