import { describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset } from '../../src/corpus/index.ts';
import { MaskKey, PseudonymSession, normalizeSurface, restore, sanitize } from '../../src/mask/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;
const key = MaskKey.fromSecret('4d'.repeat(32), 'test key');

/** Whether `haystack` holds `needle` as whole words (letters and digits delimit words). */
function holdsWords(haystack: string, needle: string): boolean {
  const words = (s: string): string => ` ${s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return words(haystack).includes(words(needle));
}

describe.skipIf(!dataDir)('fictional on every document of tab144 and wiki-test with gold spans', () => {
  for (const dataset of ['tab144', 'wiki-test']) {
    it(`${dataset}: restore(sanitize(x)) == x per document and across the collection; no substitute is or holds an original`, async () => {
      const corpus = await loadDataset(dataset, dataDir);
      expect(corpus.documents.length).toBe(dataset === 'tab144' ? 144 : 100);
      const session = new PseudonymSession();
      const problems: string[] = [];
      for (const doc of corpus.documents) {
        const gold = goldCandidates(doc);
        for (const shared of [undefined, session]) {
          const result = sanitize(doc.text, gold, { strategy: 'fictional', key, session: shared, docId: doc.id });
          if (restore(result.text, result.mapping).text !== doc.text) problems.push(`${doc.id}: no exact round trip`);
          const originals = gold.filter((g) => g.label === 'MASK').map((g) => normalizeSurface(doc.text.slice(g.start, g.end)));
          const checked = originals.filter((o) => (o.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3 && !/^(mr|mrs|ms|dr)\.?$/.test(o));
          for (const entry of result.mapping.entries) {
            const substitute = normalizeSurface(entry.placeholder);
            if (originals.includes(substitute) || checked.some((o) => holdsWords(substitute, o))) problems.push(`${doc.id}: a substitute holds an original`);
          }
        }
      }
      expect(problems).toEqual([]);
    }, 600_000);
  }
});
