/** The TAE anonymization files (../shared/datasets/tae) read and applied correctly, whatever their span order. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReplacements, loadDataset, parseAnonymization, readJsonFile, type Replacement } from '../../src/corpus/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

/** TAE's get_masked_text: walks the spans in file order, assuming they ascend. */
function naiveAscending(text: string, spans: readonly Replacement[]): string {
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    out += text.slice(cursor, s.start) + (s.replacement ?? '[MASK]');
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

describe.skipIf(!dataDir)('TAE anonymizations of the TAB test split', () => {
  it('parses every file and applies it the same in file order and sorted order; the descending files break the naive reading', async () => {
    const corpus = await loadDataset('tab-masked:test', dataDir);
    const files = readdirSync(join(dataDir!, 'tae')).filter((f) => f.startsWith('TAB_test_') && !f.includes('BK='));
    expect(files).toHaveLength(9);
    const garbled: string[] = [];
    for (const file of files) {
      const { anonymization } = parseAnonymization(await readJsonFile(join(dataDir!, 'tae', file)), file, corpus);
      expect(anonymization.size).toBe(127);
      let naiveDiffers = false;
      for (const doc of corpus.documents) {
        const spans = anonymization.get(doc.id)!;
        const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
        const applied = applyReplacements(doc.text, spans).text;
        expect(applied).toBe(applyReplacements(doc.text, sorted).text);
        if (naiveAscending(doc.text, spans) !== applied) naiveDiffers = true;
      }
      if (naiveDiffers) garbled.push(file);
    }
    // The three manual files listed in descending order (and Presidio's overlapping spans) differ.
    expect(garbled).toEqual(expect.arrayContaining(['TAB_test_Manual_Dou.json', 'TAB_test_Manual_Entity.json', 'TAB_test_Manual_Supression.json']));
  });
});
