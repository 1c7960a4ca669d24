/**
 * The rule and gazetteer layers per language on named-entity test sets (../shared/datasets/ner/:
 * WikiNEuRal test for en, de, es, nl, fr, pl; CoNLL-2002/2003 test for en, de, es, nl), the first N
 * sentences of each (default 500), each sentence one document, its tokens joined by spaces. Token
 * figures for PER/ORG/LOC: a token is predicted when a PERSON, ORG or LOC mention covers it.
 *   without label match: recall = gold PER/ORG/LOC tokens predicted / gold PER/ORG/LOC tokens,
 *     precision = predicted tokens that are gold PER/ORG/LOC / predicted tokens;
 *   with label match: PERSON↔PER, ORG↔ORG, LOC↔LOC.
 * Tokens tagged MISC count in neither precision nor recall (their types are outside the three).
 * Each set runs with its language given and, for comparison, with the English rules (`en`).
 * Writes results.json and report.md to out/multilingual-rules/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=../shared/datasets npx tsx bench/multilingual-rules.ts [--sentences 500] [--out DIR]
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataRoot } from '../src/corpus/index.ts';
import { createGazetteerLayer, createRuleLayer, refineMentions, resolveMentions, type DetectedMention, type Language } from '../src/detect/index.ts';
import { readConll, type ConllSentence as Sentence } from './conll.ts';
import { benchArgs, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

const LABELS: Readonly<Record<string, string>> = { PER: 'PERSON', ORG: 'ORG', LOC: 'LOC' };
const SETS: readonly { corpus: 'wikineural' | 'conll'; language: Language }[] = [
  ...(['en', 'de', 'es', 'nl', 'fr', 'pl'] as const).map((language) => ({ corpus: 'wikineural' as const, language })),
  ...(['en', 'de', 'es', 'nl'] as const).map((language) => ({ corpus: 'conll' as const, language })),
];

interface Counts {
  gold: number;
  predicted: number;
  hit: number;
  hitLabel: number;
}

function score(sentences: readonly Sentence[], language: Language): Counts & { seconds: number } {
  const rules = createRuleLayer({ language });
  const gazetteers = createGazetteerLayer({ language });
  const counts: Counts = { gold: 0, predicted: 0, hit: 0, hitLabel: 0 };
  const began = performance.now();
  sentences.forEach((sentence, i) => {
    const doc = { id: `s${i}`, text: sentence.text };
    const raw = [...(rules.detect(doc) as DetectedMention[]), ...(gazetteers.detect(doc) as DetectedMention[])];
    const mentions = resolveMentions(doc, refineMentions(doc.text, raw)).filter((m) => m.entityType === 'PERSON' || m.entityType === 'ORG' || m.entityType === 'LOC');
    for (const token of sentence.tokens) {
      if (token.label === 'MISC') continue;
      const cover = mentions.find((m) => m.start < token.end && m.end > token.start);
      const gold = LABELS[token.label];
      if (gold) counts.gold++;
      if (cover) counts.predicted++;
      if (gold && cover) counts.hit++;
      if (gold && cover?.entityType === gold) counts.hitLabel++;
    }
  });
  return { ...counts, seconds: (performance.now() - began) / 1000 };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

function main(): void {
  const args = benchArgs({ sentences: { type: 'string', default: '500' }, out: { type: 'string' } });
  const limit = wholeNumber('sentences', args.sentences);
  const root = join(resolveDataRoot(undefined), 'ner');
  const rows = [];
  for (const set of SETS) {
    const path = join(root, set.corpus, set.language, 'test.conllu');
    if (!existsSync(path)) throw new Error(`${path}: not found (set SANITEXT_DATA_DIR to the shared datasets)`);
    const sentences = readConll(path, limit);
    for (const run of set.language === 'en' ? (['en'] as const) : ([set.language, 'en'] as const)) {
      const c = score(sentences, run);
      rows.push({
        corpus: set.corpus,
        language: set.language,
        rules: run,
        sentences: sentences.length,
        goldTokens: c.gold,
        recall: ratio(c.hit, c.gold),
        precision: ratio(c.hit, c.predicted),
        recallLabel: ratio(c.hitLabel, c.gold),
        precisionLabel: ratio(c.hitLabel, c.predicted),
        seconds: Math.round(c.seconds * 10) / 10,
      });
      process.stderr.write(`${set.corpus} ${set.language} (rules ${run}): R ${ratio(c.hit, c.gold)} P ${ratio(c.hit, c.predicted)}\n`);
    }
  }
  const out = benchOutDir('multilingual-rules', args.out);
  mkdirSync(out, { recursive: true });
  const lines = [
    '# Rules and gazetteers per language: PER/ORG/LOC tokens',
    '',
    `First ${limit} sentences of each test set; \`rules\` is the language the layers ran in. R/P without label match, R_l/P_l with it.`,
    '',
    '| corpus | language | rules | sentences | gold tokens | R | P | R_l | P_l | seconds |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.corpus} | ${r.language} | ${r.rules} | ${r.sentences} | ${r.goldTokens} | ${r.recall} | ${r.precision} | ${r.recallLabel} | ${r.precisionLabel} | ${r.seconds} |`),
    '',
  ];
  // Written whole, then renamed: a killed run leaves no half file.
  for (const [name, content] of [['results.json', JSON.stringify({ sentencesPerSet: limit, rows }, null, 2) + '\n'], ['report.md', lines.join('\n')]] as const) {
    writeFileSync(join(out, `${name}.tmp`), content);
    renameSync(join(out, `${name}.tmp`), join(out, name));
  }
  process.stdout.write(lines.join('\n'));
}

main();
