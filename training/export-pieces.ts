/**
 * Tokenizes training corpora with the SAME code the inference path uses (src/lm/token-classifier.ts)
 * and writes word-piece ids + UTF-16 offsets + gold spans as JSON for the Python trainer
 * (training/data.py). Doing it here guarantees training and inference see identical pieces.
 *
 *   npx tsx training/export-pieces.ts [--out .cache/training] [--data-dir DIR] [--silver FILE]
 *
 * Writes <out>/tab144.json (all splits), <out>/tab-masked-dev.json (dev split ONLY: the test split
 * must never reach training) and <out>/wiki-train-masked.json; with --silver, <out>/silver.json.
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

function exportDocument(doc: Document): ExportedDocument {
  // One annotator per document in every file used here (tab144 and the masked-spans files).
  const mentions = (doc.annotations[0]?.mentions ?? []).map(
    (m): [number, number, string, string | null] => [m.start, m.end, m.entityType, m.identifierType ?? null],
  );
  return exportText(doc.id, doc.split ?? null, doc.text, mentions);
}

function write(name: string, documents: ExportedDocument[]): void {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ tokenizer: 'models/minibert-en-cased', documents }));
  const pieces = documents.reduce((n, d) => n + d.ids.length, 0);
  console.log(`${file}: ${documents.length} documents, ${pieces} pieces`);
}

write('tab144', (await loadDataset('tab144', dataRoot)).documents.map(exportDocument));
write('tab-masked-dev', (await loadDataset('tab-masked:dev', dataRoot)).documents.map(exportDocument));
write('wiki-train-masked', (await loadDataset('wiki-train-masked', dataRoot)).documents.map(exportDocument));
if (silverFile) {
  const silver = JSON.parse(readFileSync(silverFile, 'utf8')) as SilverDocument[];
  write(
    'silver',
    silver.map((d) => exportText(d.id, 'silver', d.text, d.mentions.map((m) => [m.start, m.end, m.entityType, null]))),
  );
}
