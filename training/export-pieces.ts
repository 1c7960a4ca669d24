/**
 * Tokenizes training corpora with the SAME code the inference path uses (src/lm/token-classifier.ts)
 * and writes word-piece ids + UTF-16 offsets + gold spans as JSON for the Python trainer
 * (training/data.py). Doing it here guarantees training and inference see identical pieces.
 *
 *   npx tsx training/export-pieces.ts [--out .cache/training] [--data-dir DIR] [--silver FILE]
 *
 * Writes <out>/tab144.json (all splits), <out>/tab-masked-dev.json (dev split ONLY: the test split
 * must never reach training), <out>/wiki-train-masked.json, <out>/tab-typed-train.json (the 174 train
 * documents with identifier types, tab144 train ∪ tab-train-full, one entry per annotator) and
 * <out>/tab-masked-train.json (the 205 train documents with masked spans); with --silver, <out>/silver.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { loadDataset, resolveDataRoot, REPO_ROOT, type Document } from '../src/corpus/index.ts';
import { OffsetTokenizer } from '../src/lm/token-classifier.ts';

env.allowRemoteModels = false;

interface ExportedDocument {
  id: string;
  split: string | null;
  /** Text length in UTF-16 code units, as a sanity check for the offsets. */
  length: number;
  ids: number[];
  starts: number[];
  ends: number[];
  /** [start, end, entityType, identifierType | null], UTF-16 offsets. */
  mentions: [number, number, string, string | null][];
}

/** The silver file written by training/make-silver.ts. */
interface SilverDocument {
  id: string;
  text: string;
  mentions: { start: number; end: number; entityType: string }[];
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const out = resolve(argument('--out') ?? join(REPO_ROOT, '.cache', 'training'));
const dataRoot = resolveDataRoot(argument('--data-dir'));
const silverFile = argument('--silver');
mkdirSync(out, { recursive: true });

const tokenizer = new OffsetTokenizer(await AutoTokenizer.from_pretrained(join(REPO_ROOT, 'models', 'minibert-en-cased'), { local_files_only: true }));

function exportText(id: string, split: string | null, text: string, mentions: ExportedDocument['mentions']): ExportedDocument {
  const { pieces } = tokenizer.tokenize(text);
  return {
    id,
    split,
    length: text.length,
    ids: pieces.map((p) => p.id),
    starts: pieces.map((p) => p.start),
    ends: pieces.map((p) => p.end),
    mentions,
  };
}

function exportDocument(doc: Document, annotation = doc.annotations[0], id = doc.id): ExportedDocument {
  const mentions = (annotation?.mentions ?? []).map(
    (m): [number, number, string, string | null] => [m.start, m.end, m.entityType, m.identifierType ?? null],
  );
  return exportText(id, doc.split ?? null, doc.text, mentions);
}

/**
 * The train documents with identifier types: tab144 train ∪ tab-train-full, one entry per
 * annotator (`<document>#<annotator>`) so that every annotator of a multi-annotator document counts.
 * A document in both files keeps every annotator once.
 */
async function typedTrainDocuments(): Promise<ExportedDocument[]> {
  const byId = new Map<string, { doc: Document; annotations: Map<string, Document['annotations'][number]> }>();
  for (const selector of ['tab144:train', 'tab-train-full']) {
    for (const doc of (await loadDataset(selector, dataRoot)).documents) {
      const entry = byId.get(doc.id) ?? { doc, annotations: new Map() };
      if (entry.doc.text !== doc.text) throw new Error(`${selector}: document ${doc.id} has a different text in tab144 and tab-train-full`);
      for (const annotation of doc.annotations) if (!entry.annotations.has(annotation.annotator)) entry.annotations.set(annotation.annotator, annotation);
      byId.set(doc.id, entry);
    }
  }
  return [...byId.values()].flatMap(({ doc, annotations }) => [...annotations.values()].map((a) => exportDocument(doc, a, `${doc.id}#${a.annotator}`)));
}

function write(name: string, documents: ExportedDocument[]): void {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ tokenizer: 'models/minibert-en-cased', documents }));
  const pieces = documents.reduce((n, d) => n + d.ids.length, 0);
  console.log(`${file}: ${documents.length} documents, ${pieces} pieces`);
}

const exportFirstAnnotator = (doc: Document): ExportedDocument => exportDocument(doc);
write('tab144', (await loadDataset('tab144', dataRoot)).documents.map(exportFirstAnnotator));
write('tab-masked-dev', (await loadDataset('tab-masked:dev', dataRoot)).documents.map(exportFirstAnnotator));
write('wiki-train-masked', (await loadDataset('wiki-train-masked', dataRoot)).documents.map(exportFirstAnnotator));
write('tab-typed-train', await typedTrainDocuments());
write('tab-masked-train', (await loadDataset('tab-masked-train', dataRoot)).documents.map(exportFirstAnnotator));
if (silverFile) {
  const silver = JSON.parse(readFileSync(silverFile, 'utf8')) as SilverDocument[];
  write(
    'silver',
    silver.map((d) => exportText(d.id, 'silver', d.text, d.mentions.map((m) => [m.start, m.end, m.entityType, null]))),
  );
}
