/**
 * Silver corpus for the NER model (paper §4.2): texts labelled automatically by the rule and
 * gazetteer layers of the recognizer (`createRecognizer` in src/detect), overlaps resolved by the
 * recognizer's merge step (the longest span wins). Written outside the repository's tracked files.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/make-silver.ts [--tab N] [--wiki N] [--wikineural N] [--out FILE]
 *
 * Sources: TAB dev documents of `tab-masked` that are NOT tab144 dev documents (those are the NER
 * model's held-out set; no test document is ever read), and `wiki-train-masked` biographies. Only
 * the texts are used, never their human masks. A seeded shuffle picks N documents of each.
 *
 * With --wikineural N, the first N sentences of WikiNEuRal's English test file (ner/wikineural/en;
 * its validation file stays the typing dev set), ten to a text. Their names keep WikiNEuRal's types
 * (PER → PERSON, ORG, LOC; MISC → DEM where the gazetteers read the same span as a nationality or
 * religion, else MISC): the rule layer types every unknown capitalised sequence PERSON, so silver
 * biographies teach the model to call places, works and events people. The rule and gazetteer
 * layers add the types WikiNEuRal does not annotate (dates, quantities, codes, occupations) where
 * they touch none of its names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadDataset, resolveDataRoot, REPO_ROOT, type Document } from '../src/corpus/index.ts';
import { createRecognizer } from '../src/detect/index.ts';
import { seededShuffle as shuffled } from '../src/experiment/index.ts';
import { readConll } from '../bench/conll.ts';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const dataRoot = resolveDataRoot(argument('--data-dir'));
const tabCount = Number(argument('--tab') ?? 40);
const wikiCount = Number(argument('--wiki') ?? 120);
const wikineuralCount = Number(argument('--wikineural') ?? 0);
const out = resolve(argument('--out') ?? join(REPO_ROOT, '.cache', 'training', 'silver-source.json'));

const heldOut = new Set((await loadDataset('tab144:dev', dataRoot)).documents.map((d) => d.id));
const tabDev = (await loadDataset('tab-masked:dev', dataRoot)).documents.filter((d) => !heldOut.has(d.id));
const wiki = (await loadDataset('wiki-train-masked', dataRoot)).documents;
const chosen: Document[] = [...shuffled(tabDev, 7).slice(0, tabCount), ...shuffled(wiki, 7).slice(0, wikiCount)];

const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
const silver = [];
const counts = new Map<string, number>();
for (const doc of chosen) {
  const spans = await recognizer.recognize({ id: doc.id, text: doc.text });
  for (const s of spans) counts.set(s.entityType, (counts.get(s.entityType) ?? 0) + 1);
  silver.push({ id: doc.id, text: doc.text, mentions: spans.map((s) => ({ start: s.start, end: s.end, entityType: s.entityType })) });
}

/** WikiNEuRal's four types in ours; MISC is refined by the gazetteers. */
const WIKINEURAL_TYPES: Readonly<Record<string, string>> = { PER: 'PERSON', ORG: 'ORG', LOC: 'LOC', MISC: 'MISC' };
const ADDED_TYPES = new Set(['DATETIME', 'QUANTITY', 'CODE', 'DEM']);
const sentences = wikineuralCount > 0 ? readConll(join(dataRoot, 'ner', 'wikineural', 'en', 'test.conllu'), wikineuralCount) : [];
// Made only when there are sentences: the recognizer above runs the TAB conventions, these texts are Wikipedia's.
const layers = sentences.length > 0 ? await createRecognizer({ layers: ['rules', 'gazetteers'], conventions: 'none' }) : undefined;
for (let first = 0; layers && first < sentences.length; first += 10) {
  let text = '';
  const names: { start: number; end: number; entityType: string }[] = [];
  for (const sentence of sentences.slice(first, first + 10)) {
    const offset = text.length;
    text += sentence.text + '\n';
    for (const token of sentence.tokens) {
      const entityType = WIKINEURAL_TYPES[token.label];
      if (!entityType) continue;
      const last = names.at(-1);
      // An I- tag continues the name before it; a B- tag starts a new one.
      if (token.tag.startsWith('I-') && last && last.entityType === entityType) last.end = offset + token.end;
      else names.push({ start: offset + token.start, end: offset + token.end, entityType });
    }
  }
  const found = await layers.recognize({ id: `wikineural-${first}`, text });
  const sameSpanDem = (m: { start: number; end: number }): boolean => found.some((f) => f.entityType === 'DEM' && f.start === m.start && f.end === m.end);
  for (const name of names) if (name.entityType === 'MISC' && sameSpanDem(name)) name.entityType = 'DEM';
  const outside = found.filter((f) => ADDED_TYPES.has(f.entityType) && !names.some((n) => n.start < f.end && n.end > f.start));
  const mentions = [...names, ...outside.map((f) => ({ start: f.start, end: f.end, entityType: f.entityType }))].sort((a, b) => a.start - b.start);
  for (const m of mentions) counts.set(m.entityType, (counts.get(m.entityType) ?? 0) + 1);
  silver.push({ id: `wikineural-en-test-${first}`, text, mentions });
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(silver));
console.log(`${out}: ${silver.length} documents (${Math.min(tabCount, tabDev.length)} TAB dev, ${Math.min(wikiCount, wiki.length)} Wikipedia, ${Math.ceil(sentences.length / 10)} of ${sentences.length} WikiNEuRal sentences)`);
console.log(`silver mentions by type: ${JSON.stringify(Object.fromEntries(counts))}`);
