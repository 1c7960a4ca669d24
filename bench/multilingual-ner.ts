/**
 * The neural layer per language on named-entity test sets (../shared/datasets/ner/: CoNLL-2002/2003
 * test en/de/es/nl, WikiANN test de/en/es/nl/pl/ru, WikiNEuRal test de/en/es/fr/it/nl/pl/pt/ru), the
 * multilingual model (`multilingual-ner`) next to the English one (`minibert-tab-ner`), both int8,
 * through `createNeuralLayer` as the pipeline runs them. Each sentence is one document, its tokens
 * joined by spaces (bench/conll.ts); the first N sentences of each set (default 1000), after those a
 * bundled model trained on (TRAINED_ON).
 *
 * Figures for PER/ORG/LOC over word units (`\w+` inside each CoNLL token, bench/conll.ts: a comma or
 * bracket token is not one): a unit is predicted when a PERSON, ORG or LOC mention covers it.
 *   without label match: recall = gold PER/ORG/LOC units predicted / gold PER/ORG/LOC units,
 *     precision = predicted units that are gold PER/ORG/LOC / predicted units;
 *   with label match: PERSON↔PER, ORG↔ORG, LOC↔LOC.
 * MISC: gold MISC tokens count in neither precision nor recall (as in bench/multilingual-rules.ts);
 * a token that only a MISC mention (or any type outside the three) covers counts as not predicted
 * (R_any/P_any: predicted when a mention of any type covers it, MISC included).
 * Writes results.json and report.md to out/multilingual-ner/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=../shared/datasets npx tsx bench/multilingual-ner.ts [--sentences 1000|all] [--out DIR]
 *       [--models multilingual-ner,minibert-tab-ner] [--sets conll/de,wikiann/pl]
 *
 * `--models`: model names or folders, the first one judged against the targets; `--sets`: only these.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataRoot } from '../src/corpus/index.ts';
import { LANGUAGES, type Language } from '../src/detect/language.ts';
import { createNeuralLayer, recommendedOutsideThresholds } from '../src/detect/neural.ts';
import { createDetector } from '../src/pipeline/index.ts';
import type { DetectorLayer } from '../src/detect/index.ts';
import { BUNDLED_MODELS_DIR } from '../src/models/index.ts';
import { readConll, scoreConllTokens } from './conll.ts';
import { benchArgs, listOption, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

const DEFAULT_MODELS = 'multilingual-ner,minibert-tab-ner';
const SETS: readonly { corpus: 'conll' | 'wikiann' | 'wikineural'; language: string }[] = [
  ...['en', 'de', 'es', 'nl'].map((language) => ({ corpus: 'conll' as const, language })),
  ...['de', 'en', 'es', 'nl', 'pl', 'ru'].map((language) => ({ corpus: 'wikiann' as const, language })),
  ...['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'ru'].map((language) => ({ corpus: 'wikineural' as const, language })),
];
/**
 * Sentences at the start of a test file that a bundled model trained on: the English neural layer's
 * silver corpus holds the first 2,000 of WikiNEuRal's English test file (training/make-silver.ts
 * --wikineural 2000), so that set is read from the sentence after them, for every model alike.
 */
const TRAINED_ON: Readonly<Record<string, number>> = { 'wikineural/en': 2000 };
/** The issue's targets: PER/ORG/LOC token recall without label match. */
const TARGET_RECALL: Readonly<Record<string, number>> = { conll: 0.85, wikiann: 0.8 };

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const f1 = (p: number | null, r: number | null): number | null => (p === null || r === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r));

async function main(): Promise<void> {
  const args = benchArgs({ sentences: { type: 'string', default: '1000' }, models: { type: 'string', default: DEFAULT_MODELS }, sets: { type: 'string' }, out: { type: 'string' } });
  const limit = args.sentences === 'all' ? Number.POSITIVE_INFINITY : wholeNumber('sentences', args.sentences);
  const MODELS = listOption(args.models);
  const wanted = args.sets === undefined ? undefined : listOption(args.sets);
  const unknown = wanted?.filter((name) => !SETS.some((set) => `${set.corpus}/${set.language}` === name));
  if (unknown?.length) throw new Error(`--sets: unknown ${unknown.join(', ')}`);
  const sets = SETS.filter((set) => !wanted || wanted.includes(`${set.corpus}/${set.language}`));
  const out = benchOutDir('multilingual-ner', args.out);
  const root = join(resolveDataRoot(undefined), 'ner');
  const layers = await Promise.all(MODELS.map((model) => createNeuralLayer({ model, dtype: 'q8' })));
  // The first model's recall-oriented decoding per language (its config.json), as the pipeline's default layer runs it.
  const thresholds = recommendedOutsideThresholds(existsSync(MODELS[0]) ? MODELS[0] : join(BUNDLED_MODELS_DIR, MODELS[0]));
  const rows = [];
  for (const set of sets) {
    const path = join(root, set.corpus, set.language, 'test.conllu');
    if (!existsSync(path)) throw new Error(`${path}: not found (set SANITEXT_DATA_DIR to the shared datasets)`);
    const skip = TRAINED_ON[`${set.corpus}/${set.language}`] ?? 0;
    const sentences = readConll(path, limit + skip).slice(skip);
    const threshold = thresholds[set.language as keyof typeof thresholds];
    const runs: { model: string; m: number; layer: Pick<DetectorLayer, 'detect'> }[] = MODELS.map((model, m) => ({ model, m, layer: layers[m] }));
    if (threshold !== undefined) {
      runs.splice(1, 0, { model: `${MODELS[0]}, P(O) ≥ ${threshold} to stay O`, m: 0, layer: await createNeuralLayer({ model: MODELS[0], dtype: 'q8', outsideThreshold: threshold }) });
    }
    // What `sanitext detect --language xx` runs: rules, gazetteers and the default neural layer of that language.
    if ((LANGUAGES as readonly string[]).includes(set.language)) {
      runs.unshift({ model: `whole recognizer (language: ${set.language})`, m: 0, layer: await createDetector({ language: set.language as Language }) });
    }
    for (const { model, m, layer } of runs) {
      const c = await scoreConllTokens(layer, sentences);
      const [recall, precision] = [ratio(c.hit, c.gold), ratio(c.hit, c.predicted)];
      const [recallLabel, precisionLabel] = [ratio(c.hitLabel, c.gold), ratio(c.hitLabel, c.predicted)];
      const [recallAnyType, precisionAnyType] = [ratio(c.hitAny, c.gold), ratio(c.hitAny, c.predictedAny)];
      const target = m === 0 ? TARGET_RECALL[set.corpus] : undefined;
      rows.push({
        corpus: set.corpus,
        language: set.language,
        model,
        sentences: sentences.length,
        goldTokens: c.gold,
        recall: round(recall),
        precision: round(precision),
        f1: round(f1(precision, recall)),
        recallLabel: round(recallLabel),
        precisionLabel: round(precisionLabel),
        f1Label: round(f1(precisionLabel, recallLabel)),
        recallAnyType: round(recallAnyType),
        precisionAnyType: round(precisionAnyType),
        targetRecall: target ?? null,
        targetMet: target === undefined || recall === null ? null : recall >= target,
        seconds: Math.round(c.seconds * 10) / 10,
      });
      process.stderr.write(`${set.corpus} ${set.language} ${model}: R ${round(recall)} P ${round(precision)} R_l ${round(recallLabel)} (${c.seconds.toFixed(1)} s)\n`);
    }
  }
  mkdirSync(out, { recursive: true });
  const cell = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
  const lines = [
    '# Neural layer per language: PER/ORG/LOC word units',
    '',
    `${limit === Number.POSITIVE_INFINITY ? 'Every sentence of each test set' : `First ${limit} sentences of each test set (the whole set where it has fewer)`}, each sentence one document, through \`createNeuralLayer({ model, dtype: 'q8' })\`. ` +
      `WikiNEuRal English starts after its first ${TRAINED_ON['wikineural/en']} sentences, which the English neural layer's silver corpus holds. ` +
      'Counted over word units (`\\w+` inside each CoNLL token, with the token\'s gold label), as every token-level figure of the project: a comma or bracket token inside an entity (WikiANN\'s "Springfield , Illinois") is not a unit. ' +
      'R/P/F1 without label match (any of PERSON/ORG/LOC covers a gold PER/ORG/LOC unit), R_l/P_l/F1_l with it (PERSON↔PER, ORG↔ORG, LOC↔LOC). ' +
      'Gold MISC units count in neither; a unit covered only by a MISC mention (or another type) counts as not predicted. ' +
      'R_any/P_any count a unit covered by a mention of any type, MISC included (the pipeline masks those too). ' +
      '`target`: the issue\'s recall target (0.85 CoNLL, 0.80 WikiANN, no label match) for the whole recognizer and the first model. ' +
      'A row "whole recognizer" is what `sanitext detect --language xx` runs (rules, gazetteers and the default neural layer of that language), for the languages the rules cover. ' +
      'A row "P(O) ≥ t to stay O" is the first model with the recall-oriented decoding its config.json recommends for that language (the pipeline\'s default neural layer for documents in it).',
    '',
    '| corpus | language | model | sentences | gold units | R | P | F1 | R_l | P_l | F1_l | R_any | P_any | target | seconds |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.corpus} | ${r.language} | ${r.model} | ${r.sentences} | ${r.goldTokens} | ${cell(r.recall)} | ${cell(r.precision)} | ${cell(r.f1)} | ${cell(r.recallLabel)} | ${cell(r.precisionLabel)} | ${cell(r.f1Label)} | ${cell(r.recallAnyType)} | ${cell(r.precisionAnyType)} | ${r.targetMet === null ? '' : `${r.targetMet ? 'met' : 'missed'} (${r.targetRecall})`} | ${r.seconds} |`,
    ),
    '',
  ];
  // Written whole, then renamed: a killed run leaves no half file.
  for (const [name, content] of [['results.json', JSON.stringify({ sentencesPerSet: args.sentences === 'all' ? 'all' : limit, models: MODELS, rows }, null, 2) + '\n'], ['report.md', lines.join('\n')]] as const) {
    writeFileSync(join(out, `${name}.tmp`), content);
    renameSync(join(out, `${name}.tmp`), join(out, name));
  }
  process.stdout.write(lines.join('\n'));
}

await main();
