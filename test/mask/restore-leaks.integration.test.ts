/**
 * Issue 11, item 3 on real data: restoring a document with another document's mapping. Keyed tags
 * and collection-wide numbers are unique across documents, so every mix-up is refused; per-document
 * numbered placeholders repeat, so only most are (README: "A mapping belongs to one document").
 */
import { describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset } from '../../src/corpus/index.ts';
import { MaskKey, PseudonymSession, restore, sanitize, type SanitizeResult } from '../../src/mask/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;
const key = MaskKey.fromSecret('3c'.repeat(32), 'test key');

/** How many of the ordered pairs (text of i, mapping of j ≠ i) restore refuses. */
function refusedPairs(docs: readonly SanitizeResult[]): { refused: number; pairs: number } {
  let refused = 0;
  let pairs = 0;
  for (const [i, text] of docs.entries()) {
    for (const [j, other] of docs.entries()) {
      if (i === j) continue;
      pairs++;
      try {
        restore(text.text, other.mapping);
      } catch {
        refused++;
      }
    }
  }
  return { refused, pairs };
}

describe.skipIf(!dataDir)("restore with another document's mapping, tab144 test", () => {
  it('is refused for every pair with keyed tags or collection-wide numbers, and for most with per-document numbers', async () => {
    const documents = (await loadDataset('tab144:test', dataDir)).documents;
    const sanitizeAll = (strategy: string, session?: PseudonymSession): SanitizeResult[] =>
      documents.map((d) => sanitize(d.text, goldCandidates(d), { strategy, key, session, docId: d.id }));
    const keyed = sanitizeAll('keyed-tag');
    const collection = sanitizeAll('numbered', new PseudonymSession());
    const perDocument = sanitizeAll('numbered');
    // Each document's own text and mapping still restore exactly.
    for (const [i, d] of documents.entries()) expect(restore(perDocument[i].text, perDocument[i].mapping).text).toBe(d.text);
    expect(refusedPairs(keyed)).toEqual({ refused: 930, pairs: 930 });
    expect(refusedPairs(collection)).toEqual({ refused: 930, pairs: 930 });
    const numbered = refusedPairs(perDocument);
    expect(numbered.refused / numbered.pairs).toBeGreaterThan(0.9);
  });
});
