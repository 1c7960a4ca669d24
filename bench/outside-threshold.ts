/**
 * Chooses a neural model's recall-oriented decoding on VALIDATION data: PER/ORG/LOC token recall and
 * precision (no label match, bench/conll.ts) for a grid of `outsideThreshold` values (a word stays
 * outside every entity only when P(O) reaches the threshold), and the smallest threshold whose recall
 * reaches `--recall`. What it recommends goes into the model's config.json as
 * `sanitext.outside_threshold.<language>`, which the pipeline's default neural layer applies to
 * documents in that language; the test sets are then measured by bench/multilingual-ner.ts.
 *
 *   SANITEXT_DATA_DIR=../shared/datasets npx tsx bench/outside-threshold.ts [--model multilingual-ner]
 *       [--sets conll/de,conll/nl] [--split val] [--sentences 1500] [--recall 0.85] [--out DIR]
 *
 * Writes outside-threshold.json to out/outside-threshold/ (or --out DIR).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataRoot } from '../src/corpus/index.ts';
import { createNeuralLayer } from '../src/detect/neural.ts';
import { readConll, scoreConllTokens } from './conll.ts';
import { benchOutDir } from './out-dir.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({
  model: { type: 'string', default: 'multilingual-ner' },
  sets: { type: 'string', default: 'conll/de,conll/en,conll/es,conll/nl' },
  split: { type: 'string', default: 'val' },
  sentences: { type: 'string', default: '1500' },
  recall: { type: 'string', default: '0.85' },
  out: { type: 'string' },
});
const GRID = [0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
const limit = Number(values.sentences);
const wanted = Number(values.recall);
const root = join(resolveDataRoot(undefined), 'ner');
const layers = [undefined, ...GRID].map((outsideThreshold) => ({ outsideThreshold, layer: createNeuralLayer({ model: values.model, dtype: 'q8', outsideThreshold }) }));
const results: Record<string, unknown> = {};
for (const set of values.sets.split(',')) {
  const path = join(root, set, `${values.split}.conllu`);
  if (!existsSync(path)) throw new Error(`${path}: not found (set SANITEXT_DATA_DIR to the shared datasets)`);
  const sentences = readConll(path, limit);
  const curve = [];
  for (const { outsideThreshold, layer } of layers) {
    const c = await scoreConllTokens(await layer, sentences);
    const point = {
      outsideThreshold: outsideThreshold ?? null,
      recall: +(c.hit / c.gold).toFixed(4),
      precision: +(c.hit / c.predicted).toFixed(4),
      recallAnyType: +(c.hitAny / c.gold).toFixed(4),
      precisionAnyType: +(c.hitAny / c.predictedAny).toFixed(4),
    };
    curve.push(point);
    process.stdout.write(`${set} ${values.split} ${outsideThreshold ?? 'argmax'}: R ${point.recall} P ${point.precision} (any type: R ${point.recallAnyType} P ${point.precisionAnyType})\n`);
  }
  const reaching = curve.find((p) => p.recall >= wanted);
  results[set] = { sentences: sentences.length, curve, smallestReaching: reaching ? reaching.outsideThreshold : 'none' };
  process.stdout.write(`${set}: recall ≥ ${wanted} first at ${reaching ? (reaching.outsideThreshold ?? 'argmax') : 'no threshold of the grid'}\n`);
}
const dir = benchOutDir('outside-threshold', values.out);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'outside-threshold.json'), `${JSON.stringify({ model: values.model, split: values.split, recall: wanted, results }, null, 2)}\n`);
process.stdout.write(`wrote ${join(dir, 'outside-threshold.json')}\n`);
