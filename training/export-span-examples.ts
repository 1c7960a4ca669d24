/**
 * Training data of the fine-tuned span classifier: the gold spans of a dataset split, labelled as
 * the Table 5 runs label them (every annotator's gold mentions, MASK = 1 / NO_MASK = 0, through
 * `trainingDocuments` of src/experiment), each as a window of word-piece ids cut by the SAME function
 * the indicator uses at inference (`spanWindow`, src/indicators/span-window.ts) with the base model's
 * tokenizer (src/lm).
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/export-span-examples.ts tab144:train \
 *       [--heldout tab144:dev] [--out FILE] [--window 128] [--tokenizer models/minibert-en-cased]
 *
 * Writes {dataset, documents, digest, heldout_dataset, heldout_documents, heldout_digest, window,
 * tokenizer, examples: [[label, [ids…], span start, span end, doc index], …], heldout: [same]}
 * (default .cache/training/span-<dataset>.json) for training/train_span_classifier.py. `digest`
 * (`spanTrainingDigest`: the documents' ids, texts and annotations) goes into the model's
 * config.json, so a model can be traced to the documents it learnt from and the indicator's `fit()`
 * can tell whether it is given the model's own training documents.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset, REPO_ROOT, type Document } from '../src/corpus/index.ts';
import { trainingDocuments } from '../src/experiment/index.ts';
import { spanTrainingDigest, spanWindow } from '../src/indicators/index.ts';
import { PieceTokenizer } from '../src/lm/index.ts';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    heldout: { type: 'string' },
    out: { type: 'string' },
    window: { type: 'string', default: '128' },
    tokenizer: { type: 'string', default: 'models/minibert-en-cased' },
  },
});
const selector = positionals[0];
if (!selector || positionals.length > 1) {
  console.error('usage: export-span-examples.ts DATASET:SPLIT [--heldout DATASET:SPLIT] [--out FILE] [--window 128] [--tokenizer DIR]');
  process.exit(2);
}
const window = Number(flags.window);
const tokenizerDir = resolve(REPO_ROOT, flags.tokenizer);
const out = resolve(flags.out ?? join(REPO_ROOT, '.cache', 'training', `span-${selector.replace(/[^\w.-]+/g, '_')}.json`));
const tokenizer = PieceTokenizer.fromFolder(tokenizerDir);
const specials = tokenizer.singleSpecials('span classifier');

type Example = [label: number, ids: number[], spanStart: number, spanEnd: number, doc: number];

/** Every labelled gold span of the documents, as windows (documents numbered in order, for grouping). */
function examplesOf(docs: readonly Document[]): Example[] {
  const examples: Example[] = [];
  const index = new Map(docs.map((d, i) => [d.id, i]));
  const tokens = new Map(docs.map((d) => [d.id, tokenizer.tokenize(d.text)]));
  for (const { doc, spans } of trainingDocuments(docs)) {
    for (const span of spans) {
      if (span.label === undefined) continue;
      const w = spanWindow(tokens.get(doc.id)!, span, specials, window);
      examples.push([span.label === 'MASK' ? 1 : 0, Array.from(w.ids), w.spanStart, w.spanEnd, index.get(doc.id)!]);
    }
  }
  return examples;
}

const train = await loadDataset(selector);
const heldout = flags.heldout ? await loadDataset(flags.heldout) : undefined;
const overlap = heldout?.documents.filter((d) => train.documents.some((t) => t.id === d.id)) ?? [];
if (overlap.length > 0) {
  console.error(`--heldout ${flags.heldout} shares ${overlap.length} document(s) with ${selector}`);
  process.exit(2);
}
const examples = examplesOf(train.documents);
const heldoutExamples = heldout ? examplesOf(heldout.documents) : [];
mkdirSync(dirname(out), { recursive: true });
const temporary = `${out}.${process.pid}.tmp`;
writeFileSync(
  temporary,
  JSON.stringify({
    dataset: selector,
    documents: train.documents.map((d) => d.id),
    digest: spanTrainingDigest(train.documents),
    heldout_dataset: flags.heldout ?? null,
    heldout_documents: heldout?.documents.map((d) => d.id) ?? [],
    heldout_digest: heldout ? spanTrainingDigest(heldout.documents) : null,
    window,
    tokenizer: relative(REPO_ROOT, tokenizerDir),
    examples,
    heldout: heldoutExamples,
  }),
);
renameSync(temporary, out);
const positives = (list: Example[]) => list.filter(([label]) => label === 1).length;
console.log(`${out}: ${examples.length} training spans (${positives(examples)} MASK) from ${train.documents.length} documents; ${heldoutExamples.length} held-out spans (${positives(heldoutExamples)} MASK)`);
