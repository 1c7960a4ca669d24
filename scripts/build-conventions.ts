/**
 * Learns TAB's annotation conventions (src/detect/conventions.ts) and writes
 * models/gazetteers/conventions-tab.json: the surfaces the recognizer finds in TAB's training documents
 * that TAB's annotators almost never mark. Training data only — no dev or test document:
 *   - the 174 typed train documents (tab144's train split and tab-train-full, every annotator counted;
 *     a surface is "marked" when an annotator annotated it as any entity, whatever its identifier type);
 *   - the 205 train documents with manual masks (tab-masked-train; "marked" = masked).
 * The recognizer runs with `conventions: none`, so the lexicon never learns from itself.
 * Thresholds (found at least 3 times; marked at most 15% of the times in each corpus) were chosen on
 * tab144 dev and the 127 masked dev documents.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx scripts/build-conventions.ts [--out FILE]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, loadDataset, resolveDataRoot, writeFileAtomic, type Document } from '../src/corpus/index.ts';
import { buildConventions, conventionLexiconFile, createRecognizer, learnJoins, JOIN_NAMES, type ConventionTrainingDocument, type Recognizer } from '../src/detect/index.ts';

const MIN_FOUND = 3;
const MAX_MARKED_SHARE = 0.15;
export const TAB_CONVENTIONS_PATH = join(REPO_ROOT, 'models', 'gazetteers', 'conventions-tab.json');

async function trainingDocuments(recognizer: Recognizer, documents: readonly Document[]): Promise<ConventionTrainingDocument[]> {
  const out: ConventionTrainingDocument[] = [];
  for (const doc of documents) {
    out.push({ text: doc.text, found: await recognizer.recognize(doc), annotations: doc.annotations.map((a) => a.mentions) });
  }
  return out;
}

/** The lexicon file's text, learned from the TAB training files under `dataRoot`. */
export async function buildTabConventions(dataRoot: string): Promise<string> {
  // tab-train-full holds every annotator of its 100 documents; tab144's train split adds the others.
  const full = (await loadDataset('tab-train-full', dataRoot)).documents;
  const fullIds = new Set(full.map((d) => d.id));
  const tab144Train = (await loadDataset('tab144:train', dataRoot)).documents.filter((d) => !fullIds.has(d.id));
  const masked = (await loadDataset('tab-masked-train', dataRoot)).documents;
  const corporaOf = async (recognizer: Recognizer): Promise<Record<string, ConventionTrainingDocument[]>> => ({
    'tab-typed': await trainingDocuments(recognizer, [...full, ...tab144Train]),
    'tab-masked': await trainingDocuments(recognizer, masked),
  });
  // The joins are read with every join whole ("three hearings", "between 1982 and 1984", "prison governor"):
  // how often the joining words are marked.
  const joins = learnJoins(await corporaOf(await createRecognizer({ conventions: 'none', joins: Object.fromEntries(JOIN_NAMES.map((name) => [name, true])) })));
  // The surfaces, with the joins as learned: what the recognizer will find with this lexicon ("substitute" of a
  // "first substitute" split again is the surface the lexicon must know, not the compound).
  const recognizer = await createRecognizer({ conventions: 'none', joins: Object.fromEntries(JOIN_NAMES.map((name) => [name, joins[name].kept])) });
  const corpora = await corporaOf(recognizer);
  const surfaces = buildConventions(corpora, { minFound: MIN_FOUND, maxMarkedShare: MAX_MARKED_SHARE });
  const file = conventionLexiconFile({
    description:
      'Surfaces the recognizer finds in TAB training documents that TAB annotators almost never mark (found ≥ 3 times, marked ≤ 15% of the times in each corpus). Built by scripts/build-conventions.ts; see src/detect/conventions.ts.',
    built: {
      corpora: {
        'tab-typed': `tab144 train + tab-train-full: ${corpora['tab-typed'].length} documents, every annotator; marked = annotated as an entity`,
        'tab-masked': `tab-masked-train: ${corpora['tab-masked'].length} documents; marked = masked`,
      },
      minFound: MIN_FOUND,
      maxMarkedShare: MAX_MARKED_SHARE,
      recognizer: `layers ${recognizer.layers.map((l) => l.name).join(', ')}, conventions none; joins read whole, surfaces read with the joins as learned`,
    },
    surfaces,
    joins,
  });
  // One surface per line: a rebuild shows as a readable diff.
  const body = JSON.stringify({ ...file, surfaces: [] }, null, 2).replace('"surfaces": []', `"surfaces": [\n${file.surfaces.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ]`);
  return body + '\n';
}

async function main(argv: readonly string[]): Promise<void> {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : TAB_CONVENTIONS_PATH;
  const text = await buildTabConventions(resolveDataRoot());
  await writeFileAtomic(out, text);
  console.log(`${(JSON.parse(text) as { surfaces: unknown[] }).surfaces.length} surfaces → ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
