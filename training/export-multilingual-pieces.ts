/**
 * Tokenizes the multilingual NER corpora (../shared/datasets/ner/: CoNLL en/de/es/nl and WikiANN
 * de/en/es/nl/pl/ru) with the SAME code the inference path uses (src/lm/token-classifier.ts
 * `OffsetTokenizer` over the model folder's tokenizer), so training and inference see identical
 * pieces. Each sentence is one text, its tokens joined by spaces (bench/conll.ts), as the bench reads them.
 *
 *   npx tsx training/export-multilingual-pieces.ts --model models/multilingual-ner --out FILE [--data-dir DIR] [--val 300] [--running-text 0.5]
 *
 * Writes one JSON file: {tokenizer, sets: {"conll/de/train": [{ids, token, tags}], …}} where
 * `token[i]` is the index of the CoNLL token piece i starts in (-1: none) and `tags` the tokens' BIO tags.
 * Train splits whole; val splits only their first --val sentences (a held-out check while training).
 * With --running-text F, that share of the training sentences (every k-th) is written as running text
 * instead ("Warszawie." rather than "Warszawie ."): real text glues punctuation to words, the corpora do not.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { resolveDataRoot } from '../src/corpus/index.ts';
import { OffsetTokenizer } from '../src/lm/token-classifier.ts';
import { readConll, type ConllSentence } from '../bench/conll.ts';

env.allowRemoteModels = false;

const TRAIN_SETS = [
  ...['en', 'de', 'es', 'nl'].map((language) => `conll/${language}`),
  ...['de', 'en', 'es', 'nl', 'pl', 'ru'].map((language) => `wikiann/${language}`),
];

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

interface ExportedSentence {
  ids: number[];
  token: number[];
  tags: string[];
}

const modelDir = argument('--model');
const outFile = argument('--out');
if (!modelDir || !outFile) throw new Error('usage: export-multilingual-pieces.ts --model DIR --out FILE [--data-dir DIR] [--val N]');
const valLimit = Number(argument('--val') ?? 300);
const runningShare = Number(argument('--running-text') ?? 0);
if (!(runningShare >= 0 && runningShare <= 1)) throw new Error('--running-text needs a share between 0 and 1');
const root = join(resolveDataRoot(argument('--data-dir')), 'ner');
const tokenizer = new OffsetTokenizer(await AutoTokenizer.from_pretrained(resolve(modelDir), { local_files_only: true }));

function exportSentence(sentence: ConllSentence): ExportedSentence {
  const { pieces } = tokenizer.tokenize(sentence.text);
  const token: number[] = [];
  let t = 0;
  for (const piece of pieces) {
    // Piece starts never decrease; a piece in the space between tokens belongs to the next token.
    while (t < sentence.tokens.length && sentence.tokens[t].end <= piece.start) t++;
    token.push(t < sentence.tokens.length ? t : -1);
  }
  return { ids: pieces.map((p) => p.id), token, tags: sentence.tokens.map((x) => x.tag) };
}

const CLOSING = /^[,.;:!?)\]}%»”]/u;
const OPENING = /^[(\[{«„“]$/u;

/** The sentence as running text: no space before closing punctuation or after an opening bracket or quote. */
function runningText(sentence: ConllSentence): ConllSentence {
  let text = '';
  const tokens = sentence.tokens.map((token, i) => {
    const word = sentence.text.slice(token.start, token.end);
    const previous = i > 0 ? sentence.text.slice(sentence.tokens[i - 1].start, sentence.tokens[i - 1].end) : '';
    const glued = i === 0 || CLOSING.test(word) || OPENING.test(previous);
    const start = text.length + (glued ? 0 : 1);
    text += (glued ? '' : ' ') + word;
    return { ...token, start, end: start + word.length };
  });
  return { text, tokens };
}

/** Every k-th sentence (k = 1 / share) as running text; the rest as the corpus spaces them. */
const asRunningText = (index: number): boolean => runningShare > 0 && index % Math.round(1 / runningShare) === Math.round(1 / runningShare) - 1;

const sets: Record<string, ExportedSentence[]> = {};
for (const set of TRAIN_SETS) {
  for (const [split, limit] of [['train', Infinity], ['val', valLimit]] as const) {
    const began = performance.now();
    const sentences = readConll(join(root, set, `${split}.conllu`), limit).map((sentence, index) =>
      exportSentence(split === 'train' && asRunningText(index) ? runningText(sentence) : sentence),
    );
    sets[`${set}/${split}`] = sentences;
    const pieces = sentences.reduce((n, s) => n + s.ids.length, 0);
    console.log(`${set}/${split}: ${sentences.length} sentences, ${pieces} pieces, ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
}
mkdirSync(dirname(resolve(outFile)), { recursive: true });
writeFileSync(`${outFile}.tmp`, JSON.stringify({ tokenizer: modelDir, sets }));
renameSync(`${outFile}.tmp`, outFile);
