/**
 * The bundled sample (datasets/sample): every other test and `npm start` rely on it, so its
 * counts must match what its README states and its astral-character document must survive the
 * code-point → UTF-16 conversion of the loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_TYPES, IDENTIFIER_TYPES, REPO_DATASETS, loadDataset, type Corpus, type Document } from '../../src/corpus/index.ts';

const SAMPLE_DIR = join(REPO_DATASETS, 'sample');
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

interface RawMention {
  entity_mention_id: string;
  start_offset: number;
  end_offset: number;
  span_text: string;
}
interface RawDocument {
  doc_id: string;
  text: string;
  annotations: Record<string, { entity_mentions: RawMention[] }>;
}

/** Rows of the README's count tables: first cell → the numbers in the other cells. */
function readmeRows(): Map<string, number[]> {
  const readme = readFileSync(join(SAMPLE_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- counts:start'), readme.indexOf('<!-- counts:end'));
  const rows = new Map<string, number[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 2 || !cells.slice(1).every((c) => /^\d+$/.test(c))) continue;
    // "total" occurs in both tables; the mention table's comes second.
    const key = rows.has(cells[0]) ? `${cells[0]} mentions` : cells[0];
    rows.set(key, cells.slice(1).map(Number));
  }
  return rows;
}

const isWiki = (doc: Document): boolean => doc.id.startsWith('sample-wiki');
const annotatorCount = (doc: Document): number => doc.annotations.length;

describe('bundled sample dataset', () => {
  let corpus: Corpus;
  let rows: Map<string, number[]>;
  beforeAll(async () => {
    corpus = await loadDataset('sample');
    rows = readmeRows();
  });

  it('has train, dev and test splits of the sizes the README states, both genres in train and test', () => {
    expect(corpus.documents).toHaveLength(16);
    const bySplit = { train: 10, dev: 2, test: 4 };
    for (const [split, size] of Object.entries(bySplit)) {
      const docs = corpus.documents.filter((d) => d.split === split);
      expect(docs, split).toHaveLength(size);
      const echr = docs.filter((d) => !isWiki(d)).length;
      const multi = docs.filter((d) => annotatorCount(d) >= 2).length;
      expect(rows.get(split), `README row for ${split}`).toEqual([docs.length, echr, docs.length - echr, multi]);
      if (split !== 'dev') expect(echr > 0 && echr < docs.length, `${split} mixes genres`).toBe(true);
    }
    expect(rows.get('total')).toEqual([16, 10, 6, corpus.documents.filter((d) => annotatorCount(d) >= 2).length]);
  });

  it('loads via the split selector too', async () => {
    const test = await loadDataset('sample:test');
    expect(test.documents.map((d) => d.id)).toEqual(corpus.documents.filter((d) => d.split === 'test').map((d) => d.id));
  });

  it('has the mention counts per entity type and identifier type that the README states', () => {
    const mentions = corpus.documents.flatMap((d) => d.annotations.flatMap((a) => a.mentions));
    for (const type of ENTITY_TYPES) {
      const ofType = mentions.filter((m) => m.entityType === type);
      expect(ofType.length, `${type} occurs`).toBeGreaterThan(0);
      const expected = [...IDENTIFIER_TYPES.map((t) => ofType.filter((m) => m.identifierType === t).length), ofType.length];
      expect(rows.get(type), `README row for ${type}`).toEqual(expected);
    }
    const totals = [...IDENTIFIER_TYPES.map((t) => mentions.filter((m) => m.identifierType === t).length), mentions.length];
    expect(rows.get('total mentions')).toEqual(totals);
  });

  it('has documents with two annotators whose annotations differ, at least two in test', () => {
    const multi = corpus.documents.filter((d) => annotatorCount(d) >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(3);
    expect(multi.filter((d) => d.split === 'test').length).toBeGreaterThanOrEqual(2);
    for (const doc of multi) {
      const [first, second] = doc.annotations.map((a) => new Set(a.mentions.map((m) => `${m.start}-${m.end}-${m.identifierType}`)));
      expect(first, doc.id).not.toEqual(second);
      const entityIds = doc.annotations.map((a) => new Set(a.mentions.map((m) => m.entityId)));
      expect([...entityIds[0]].filter((id) => entityIds[1].has(id)), `${doc.id} entity ids are per annotator`).toEqual([]);
    }
  });

  it('converts the code-point offsets of the astral-character document to UTF-16', () => {
    const raw = JSON.parse(readFileSync(join(SAMPLE_DIR, 'sample.json'), 'utf8')) as RawDocument[];
    const astral = corpus.documents.filter((d) => ASTRAL.test(d.text));
    expect(astral.map((d) => d.id)).toEqual(['sample-wiki-06']);
    const doc = astral[0];
    const rawDoc = raw.find((d) => d.doc_id === doc.id);
    expect(rawDoc).toBeDefined();
    for (const annotation of doc.annotations) {
      const rawMentions = new Map(rawDoc!.annotations[annotation.annotator].entity_mentions.map((m) => [m.entity_mention_id, m]));
      expect(annotation.mentions).toHaveLength(rawMentions.size);
      let shifted = 0;
      for (const mention of annotation.mentions) {
        const rawMention = rawMentions.get(mention.mentionId)!;
        expect(doc.text.slice(mention.start, mention.end), mention.mentionId).toBe(rawMention.span_text);
        // UTF-16 offset = code-point offset + one extra unit per astral character before it.
        const astralBefore = [...doc.text.slice(0, mention.start)].filter((c) => ASTRAL.test(c)).length;
        expect(mention.start, mention.mentionId).toBe(rawMention.start_offset + astralBefore);
        if (astralBefore > 0) shifted++;
      }
      expect(shifted, `${annotation.annotator}: mentions after the astral characters`).toBeGreaterThanOrEqual(5);
    }
    // The alias itself is made of astral characters and must come out whole.
    const alias = doc.annotations[0].mentions.find((m) => m.spanText.startsWith('𝔐'));
    expect(alias?.spanText).toBe('𝔐𝔬𝔬𝔫𝔴𝔢𝔞𝔳𝔢𝔯 🌙');
  });
});
