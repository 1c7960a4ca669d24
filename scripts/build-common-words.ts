/**
 * Builds models/gazetteers/common-words-en.txt: English words that are capitalised only where a
 * sentence opens. The recognizer drops a one-word name of such a word that opens a sentence
 * ("Incident report #…", "Lives with her husband", "Reported by: …"): no list of everyday words
 * written by hand covers them all.
 *
 * Read from training texts only: TAB's train documents (tab144 train, the 100 with every annotator,
 * the 205 with masks) and the 453 Wikipedia biographies outside the test split (their texts, never
 * their annotations), and CoNLL-2003's English training sentences (headlines in capitals left out).
 * A word is listed when it was seen at least MIN_LOWER times in lower case and capitalised inside a
 * sentence (not where `opensSentence` says one opens) in at most MAX_CAPITALISED_SHARE of that count;
 * given names and places of the name lists (models/gazetteers/names/) and the city lists never are.
 * Deterministic: a rebuild from the same data gives the same file (test/detect/common-words.test.ts).
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx scripts/build-common-words.ts [--check]
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, resolveDataRoot } from '../src/corpus/index.ts';
import { DEFAULT_GAZETTEER_DIR } from '../src/detect/gazetteer/index.ts';
import { opensSentence } from '../src/detect/rules/everyday.ts';
import { readConll } from '../bench/conll.ts';

const MIN_LOWER = 3;
const MAX_CAPITALISED_SHARE = 0.05;
const TRAINING_SETS = ['tab144:train', 'tab-train-full', 'tab-masked-train', 'wiki-train-masked'];
export const COMMON_WORDS_FILE = join(DEFAULT_GAZETTEER_DIR, 'common-words-en.txt');

/** The list's text, one word per line, sorted by code unit. */
export async function buildCommonWords(dataRoot: string): Promise<string> {
  const texts = new Map<string, string>();
  for (const selector of TRAINING_SETS) for (const doc of (await loadDataset(selector, dataRoot)).documents) texts.set(doc.id, doc.text);
  const lower = new Map<string, number>();
  const capitalisedInside = new Map<string, number>();
  const add = (counts: Map<string, number>, word: string): void => void counts.set(word, (counts.get(word) ?? 0) + 1);
  const scan = (text: string): void => {
    for (const match of text.matchAll(/(?<![\p{L}\p{N}'’-])\p{L}[\p{Ll}'’]*(?![\p{L}\p{N}-])/gu)) {
      const word = match[0];
      if (word.length < 2) continue;
      if (/^\p{Ll}+$/u.test(word)) add(lower, word);
      else if (/^\p{Lu}\p{Ll}+$/u.test(word) && !opensSentence(text, match.index)) add(capitalisedInside, word.toLowerCase());
    }
  };
  // Sorted ids: the counts do not depend on the order, but a fixed order keeps runs comparable.
  for (const id of [...texts.keys()].sort()) scan(texts.get(id) as string);
  for (const sentence of readConll(join(dataRoot, 'ner', 'conll', 'en', 'train.conllu'), Number.MAX_SAFE_INTEGER)) {
    if (!/^[\p{Lu}\s\d\p{P}]+$/u.test(sentence.text)) scan(sentence.text);
  }
  const names = new Set<string>();
  for (const file of ['names/given-names.txt', 'names/place-names.txt', 'loc-cities.txt', 'loc-countries.txt']) {
    for (const line of readFileSync(join(DEFAULT_GAZETTEER_DIR, file), 'utf8').split('\n')) if (line !== '') names.add(line.toLowerCase());
  }
  const words = [...lower]
    .filter(([word, n]) => n >= MIN_LOWER && (capitalisedInside.get(word) ?? 0) <= MAX_CAPITALISED_SHARE * n && !names.has(word))
    .map(([word]) => word)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return words.join('\n') + '\n';
}

if (process.argv[1]?.endsWith('build-common-words.ts')) {
  const built = await buildCommonWords(resolveDataRoot());
  const count = built.split('\n').length - 1;
  if (process.argv.includes('--check')) {
    const same = readFileSync(COMMON_WORDS_FILE, 'utf8') === built;
    console.log(same ? `${COMMON_WORDS_FILE}: up to date (${count} words)` : `${COMMON_WORDS_FILE}: differs from a rebuild (${count} words)`);
    process.exitCode = same ? 0 : 1;
  } else {
    const temporary = `${COMMON_WORDS_FILE}.tmp-${process.pid}`;
    writeFileSync(temporary, built);
    renameSync(temporary, COMMON_WORDS_FILE);
    console.log(`${count} words → ${COMMON_WORDS_FILE}`);
  }
}
