import { describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Document } from '../../src/corpus/index.ts';
import { MaskKey, PseudonymSession, decryptMapping, encryptMapping, restore, sanitize, type MappingSet } from '../../src/mask/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;
const key = MaskKey.fromSecret('3c'.repeat(32), 'test key');

/** Placeholders given to each entity's mentions that were masked as themselves (not inside a longer span). */
function placeholdersByEntity(doc: Document, strategy: string, session?: PseudonymSession): { roundTrip: boolean; inconsistent: string[] } {
  const gold = goldCandidates(doc);
  const result = sanitize(doc.text, gold, { strategy, key, session, docId: doc.id });
  const segments = new Map(result.offsetMap.segments.map((s) => [`${s.inputStart}:${s.inputEnd}`, result.text.slice(s.outputStart, s.outputEnd)]));
  const byEntity = new Map<string, Set<string>>();
  for (const span of gold) {
    const placeholder = segments.get(`${span.start}:${span.end}`);
    if (span.label !== 'MASK' || placeholder === undefined) continue;
    byEntity.set(span.entityId, (byEntity.get(span.entityId) ?? new Set()).add(placeholder));
  }
  return {
    roundTrip: restore(result.text, result.mapping).text === doc.text,
    inconsistent: [...byEntity].filter(([, set]) => set.size > 1).map(([id]) => id),
  };
}

describe.skipIf(!dataDir)('masking every document of tab144 and wiki-test with gold spans', () => {
  for (const dataset of ['tab144', 'wiki-test']) {
    it(`${dataset}: restore(sanitize(x)) == x and one pseudonym per entity, per document and across the collection`, async () => {
      const corpus = await loadDataset(dataset, dataDir);
      expect(corpus.documents.length).toBe(dataset === 'tab144' ? 144 : 100);
      for (const strategy of ['numbered', 'keyed-tag']) {
        const session = new PseudonymSession();
        for (const doc of corpus.documents) {
          for (const outcome of [placeholdersByEntity(doc, strategy), placeholdersByEntity(doc, strategy, session)]) {
            expect({ doc: doc.id, strategy, ...outcome }).toEqual({ doc: doc.id, strategy, roundTrip: true, inconsistent: [] });
          }
        }
      }
    });
  }

  it('keeps a whole collection mapping through encryption', async () => {
    const corpus = await loadDataset('wiki-test', dataDir);
    const documents: MappingSet['documents'] = {};
    const texts = new Map<string, string>();
    for (const doc of corpus.documents) {
      const result = sanitize(doc.text, goldCandidates(doc), { strategy: 'keyed-tag', key });
      documents[doc.id] = result.mapping;
      texts.set(doc.id, result.text);
    }
    const decrypted = decryptMapping(encryptMapping({ kind: 'mapping-set', version: 1, strategy: 'keyed-tag', documents }, key), key) as MappingSet;
    for (const doc of corpus.documents) expect(restore(texts.get(doc.id) as string, decrypted.documents[doc.id]).text).toBe(doc.text);
  });
});
