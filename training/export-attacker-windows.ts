/**
 * Training data of the neural TRIR attacker: background knowledge {id: text} → word-piece windows
 * labelled with their individual, cut by the SAME function and tokenizer the inference uses
 * (`attackerWindows` and the WordPiece tokenizer in src/eval/metrics/neural-attacker.ts).
 *
 *   npx tsx training/export-attacker-windows.ts BK.json [--out FILE] [--window 126] [--stride 126]
 *       [--anonymized-copy] [--tokenizer models/minibert-en-cased]
 *
 * Writes {background_knowledge_file, background_knowledge_sha256, labels, window, stride,
 * anonymized_copy, tokenizer, windows: [[label index, [ids…]], …]} (default
 * .cache/training/attacker-<BK name>.json) for training/train_trir_attacker.py. Labels are the ids
 * in the file's order. The default windows do not overlap (stride = window): on two shared CPU cores
 * that halves both training and the attack's run time against a stride of half a window.
 * With --anonymized-copy, windows of a copy of each text with the rule layer's
 * spans suppressed are added (TAE trains on a spaCy-anonymized copy too).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../src/corpus/index.ts';
import { readBackgroundKnowledge } from '../src/eval/evaluation.ts';
import { anonymizedCopy } from '../src/eval/metrics/trir.ts';
import { attackerWindows, folderTokenizer, sha256File } from '../src/eval/metrics/neural-attacker.ts';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    window: { type: 'string', default: '126' },
    stride: { type: 'string', default: '126' },
    'anonymized-copy': { type: 'boolean', default: false },
    tokenizer: { type: 'string', default: 'models/minibert-en-cased' },
  },
});
const bkFile = positionals[0];
if (!bkFile || positionals.length > 1) {
  console.error('usage: export-attacker-windows.ts BK.json [--out FILE] [--window 126] [--stride 126] [--anonymized-copy] [--tokenizer DIR]');
  process.exit(2);
}
const window = Number(flags.window);
const stride = Number(flags.stride);
const withCopy = flags['anonymized-copy'];
const tokenizerDir = resolve(REPO_ROOT, flags.tokenizer);
const name = basename(bkFile, '.json').replace(/[^\w.-]+/g, '_');
const out = resolve(flags.out ?? join(REPO_ROOT, '.cache', 'training', `attacker-${name}${withCopy ? '-anon' : ''}.json`));

const knowledge = await readBackgroundKnowledge(resolve(bkFile));
const labels = [...knowledge.keys()];
const classOf = new Map(labels.map((id, c) => [id, c]));
const { tokenizer } = await folderTokenizer(tokenizerDir);
const texts: [string, string][] = [...knowledge, ...(withCopy ? await anonymizedCopy(knowledge) : [])];
const windows: [number, number[]][] = [];
for (const [id, text] of texts) {
  for (const w of attackerWindows(tokenizer.tokenize(text).ids, window, stride)) windows.push([classOf.get(id)!, Array.from(w)]);
}
mkdirSync(dirname(out), { recursive: true });
const temporary = `${out}.${process.pid}.tmp`;
writeFileSync(
  temporary,
  JSON.stringify({
    background_knowledge_file: basename(bkFile),
    background_knowledge_sha256: sha256File(bkFile),
    labels,
    window,
    stride,
    anonymized_copy: withCopy,
    tokenizer: relative(REPO_ROOT, tokenizerDir),
    windows,
  }),
);
renameSync(temporary, out);
const pieces = windows.reduce((n, [, ids]) => n + ids.length, 0);
console.log(`${out}: ${labels.length} individuals, ${windows.length} windows, ${pieces} pieces`);
