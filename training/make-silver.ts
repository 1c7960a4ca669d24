/**
 * Silver corpus for the NER model (paper §4.2): texts labelled automatically by the rule and
 * gazetteer layers of the recognizer (`createRecognizer` in src/detect), overlaps resolved by the
 * recognizer's merge step (the longest span wins). Written outside the repository's tracked files.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/make-silver.ts [--tab N] [--wiki N] [--out FILE]
 *
 * Sources: TAB dev documents of `tab-masked` that are NOT tab144 dev documents (those are the NER
 * model's held-out set; no test document is ever read), and `wiki-train-masked` biographies. Only
 * the texts are used, never their human masks. A seeded shuffle picks N documents of each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadDataset, resolveDataRoot, REPO_ROOT, type Document } from '../src/corpus/index.ts';
import { createRecognizer } from '../src/detect/index.ts';
import { seededShuffle as shuffled } from '../src/experiment/index.ts';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const dataRoot = resolveDataRoot(argument('--data-dir'));
const tabCount = Number(argument('--tab') ?? 40);
const wikiCount = Number(argument('--wiki') ?? 120);
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
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(silver));
console.log(`${out}: ${silver.length} documents (${Math.min(tabCount, tabDev.length)} TAB dev, ${Math.min(wikiCount, wiki.length)} Wikipedia)`);
console.log(`silver mentions by type: ${JSON.stringify(Object.fromEntries(counts))}`);
