import { describe, expect, it } from 'vitest';
import { loadDataset, type Document } from '../../src/corpus/index.ts';
import { OffsetTokenizer, PieceTokenizer } from '../../src/lm/index.ts';
import { FAMILY_MODELS, offsetProblems, piecesHash, WORDPIECE_GOLDEN, wordsHash } from './tokenizer-checks.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

/**
 * Documents where the old word-by-word token-classifier tokenization differed from Transformers.js'
 * encoding of the whole text, and so from ours: a U+200C (zero-width non-joiner) inside a Persian
 * name split the old words, while BERT's normalizer deletes it and keeps one word (one piece,
 * "ا" → "##ا", changes id).
 */
const OLD_WORD_BY_WORD_DIFFERED = new Set(['wiki-test/mohammad-reza-mirtajodini']);

/** Every tab144 and wiki-test document; `testOnly`: the test splits (131), enough for the families without golden hashes, in the suite's time budget. */
async function documents(testOnly: boolean): Promise<[string, Document][]> {
  const out: [string, Document][] = [];
  for (const name of ['tab144', 'wiki-test']) {
    for (const doc of (await loadDataset(name, dataDir)).documents) if (!testOnly || doc.split === 'test' || name === 'wiki-test') out.push([name, doc]);
  }
  return out;
}

describe.skipIf(!dataDir)('PieceTokenizer on the tab144 and wiki-test documents', () => {
  for (const [family, folder] of Object.entries(FAMILY_MODELS)) {
    it(`${family}: ids of Transformers.js, exact offsets${family === 'wordpiece' ? ', identical to the old implementations' : ''}`, async () => {
      const tokenizer = await PieceTokenizer.load(folder, { local_files_only: true });
      const words = new OffsetTokenizer(tokenizer);
      const docs = await documents(family !== 'wordpiece');
      expect(docs.length).toBe(family === 'wordpiece' ? 244 : 131);
      for (const [name, doc] of docs) {
        // Transformers.js' ids, aligned once: tokenize() is align(text, encode(text)), checked on the sample documents.
        const tokens = tokenizer.align(doc.text, tokenizer.reference.encode(doc.text, { add_special_tokens: false }));
        expect(offsetProblems(tokenizer, doc.text, tokens), doc.id).toEqual([]);
        if (family !== 'wordpiece') continue;
        const golden = WORDPIECE_GOLDEN[name][doc.id];
        expect(piecesHash(tokens), doc.id).toBe(golden.pieces);
        if (OLD_WORD_BY_WORD_DIFFERED.has(`${name}/${doc.id}`)) {
          expect(wordsHash(words, doc.text), doc.id).not.toBe(golden.words);
          expect(words.tokenize(doc.text).pieces.map((p) => p.id)).toEqual([...tokens.ids]);
        } else {
          expect(wordsHash(words, doc.text), doc.id).toBe(golden.words);
        }
      }
    }, 60_000);
  }
});
