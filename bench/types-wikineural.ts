/**
 * Types on Wikipedia text, the development set of the type revision and of the English neural layer's
 * silver corpus: the first N sentences (default 3,000) of WikiNEuRal's English VALIDATION file (its
 * test file's first 2,000 sentences are in that silver corpus), ten to a text, through the English
 * recognizer with `conventions: none` (as the Wikipedia configs run it). Over the word units (`\w+`)
 * of WikiNEuRal's names: the share any mention covers, and the share whose type is right (PER →
 * PERSON, ORG → ORG, LOC → LOC, MISC → MISC or DEM: a nationality is DEM in TAB's scheme), with the
 * gold → predicted confusion. Writes results.json to out/types-wikineural/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=../shared/datasets npx tsx bench/types-wikineural.ts [--sentences 3000] [--out DIR]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataRoot, writeFileAtomic } from '../src/corpus/index.ts';
import { createRecognizer } from '../src/detect/index.ts';
import { wordUnits } from '../src/eval/index.ts';
import { readConll } from './conll.ts';
import { benchArgs, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

const RIGHT_TYPES: Readonly<Record<string, readonly string[]>> = { PER: ['PERSON'], ORG: ['ORG'], LOC: ['LOC'], MISC: ['MISC', 'DEM'] };
const SENTENCES_PER_TEXT = 10;

const args = benchArgs({ sentences: { type: 'string', default: '3000' }, out: { type: 'string' } });
const sentencesArg = wholeNumber('sentences', args.sentences);
const path = join(resolveDataRoot(undefined), 'ner', 'wikineural', 'en', 'val.conllu');
const sentences = readConll(path, sentencesArg);
const recognizer = await createRecognizer({ conventions: 'none' });

let gold = 0;
let covered = 0;
let typedRight = 0;
const confusion = new Map<string, number>();
const started = performance.now();
for (let first = 0; first < sentences.length; first += SENTENCES_PER_TEXT) {
  let text = '';
  const tokens: { start: number; end: number; label: string }[] = [];
  for (const sentence of sentences.slice(first, first + SENTENCES_PER_TEXT)) {
    const offset = text.length;
    text += sentence.text + '\n';
    for (const t of sentence.tokens) if (t.label !== 'O') tokens.push({ start: t.start + offset, end: t.end + offset, label: t.label });
  }
  const mentions = await recognizer.recognize({ id: `wikineural-val-${first}`, text });
  for (const token of tokens) {
    for (const unit of wordUnits(text, token)) {
      gold++;
      const mention = mentions.find((m) => m.start < unit.end && m.end > unit.start);
      const key = `${token.label} → ${mention?.entityType ?? '(none)'}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      if (!mention) continue;
      covered++;
      if (RIGHT_TYPES[token.label]?.includes(mention.entityType)) typedRight++;
    }
  }
}
const result = {
  file: 'ner/wikineural/en/val.conllu',
  sentences: sentences.length,
  goldUnits: gold,
  covered: covered / gold,
  typedRight: typedRight / gold,
  seconds: (performance.now() - started) / 1000,
  confusion: Object.fromEntries([...confusion].sort((a, b) => b[1] - a[1])),
};
process.stdout.write(`${sentences.length} sentences, ${gold} name units: covered ${result.covered.toFixed(4)}, typed right ${result.typedRight.toFixed(4)}\n`);
const out = benchOutDir('types-wikineural', args.out);
mkdirSync(out, { recursive: true });
await writeFileAtomic(join(out, 'results.json'), JSON.stringify(result, null, 2) + '\n');
