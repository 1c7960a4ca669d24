/**
 * The TAB training files beyond tab144 (issue 13 item 3): the 100 documents with every annotator and
 * the 205 with masked spans load by name, hold only train documents, and together with tab144's
 * train split make the 174 typed training documents the README promises.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/corpus/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

describe.skipIf(!dataDir)('TAB training files', () => {
  it('tab-train-full: 100 train documents, 129 annotations (several annotators on 21)', async () => {
    const corpus = await loadDataset('tab-train-full', dataDir);
    expect(corpus.documents).toHaveLength(100);
    expect(new Set(corpus.documents.map((d) => d.split))).toEqual(new Set(['train']));
    expect(corpus.documents.reduce((n, d) => n + d.annotations.length, 0)).toBe(129);
    expect(corpus.documents.filter((d) => d.annotations.length > 1)).toHaveLength(21);
    // Identifier types are what makes these documents usable for the typed models.
    expect(corpus.documents.every((d) => d.annotations.every((a) => a.mentions.every((m) => m.identifierType !== undefined)))).toBe(true);
  });

  it('tab144 train ∪ tab-train-full is 174 documents; tab-masked-train holds 205, none of them dev or test', async () => {
    const tab144 = await loadDataset('tab144', dataDir);
    const full = await loadDataset('tab-train-full', dataDir);
    const typed = new Set([...tab144.documents.filter((d) => d.split === 'train').map((d) => d.id), ...full.documents.map((d) => d.id)]);
    expect(typed.size).toBe(174);
    const masked = await loadDataset('tab-masked-train', dataDir);
    expect(masked.documents).toHaveLength(205);
    const heldOut = new Set(tab144.documents.filter((d) => d.split !== 'train').map((d) => d.id));
    const maskedDevTest = new Set((await loadDataset('tab-masked', dataDir)).documents.map((d) => d.id));
    expect(masked.documents.filter((d) => heldOut.has(d.id) || maskedDevTest.has(d.id))).toEqual([]);
    expect([...typed].every((id) => masked.documents.some((d) => d.id === id))).toBe(true);
  });
});
