/**
 * Token-level precision / recall / F1 of the neural NER layer (paper Table 3), on word units
 * (Python `\w+` runs, as the TAB scorer counts tokens), per entity type and micro-averaged with and
 * without label match. The paper's targets are for the whole recognizer; `--layers` runs that too.
 *
 *   SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/neural-ner.ts [--model DIR] [--dtype fp32|q8]
 *       [--datasets tab144:test,wiki-test] [--layers neural|rules,gazetteers,neural] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { ENTITY_TYPES, loadDataset, resolveDataRoot, type Document, type Span } from '../src/corpus/index.ts';
import { createRecognizer, type DetectedMention } from '../src/detect/index.ts';
import { createNeuralLayer } from '../src/detect/neural.ts';
import { wordUnits } from '../src/eval/index.ts';
import { benchArgs, choiceOption, listOption } from './args.ts';

interface Counts {
  tp: number;
  predicted: number;
  gold: number;
}

interface Scores {
  precision: number;
  recall: number;
  f1: number;
  gold_tokens: number;
  predicted_tokens: number;
}

const scores = (c: Counts): Scores => {
  const precision = c.predicted ? c.tp / c.predicted : 0;
  const recall = c.gold ? c.tp / c.gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { precision: r3(precision), recall: r3(recall), f1: r3(f1), gold_tokens: c.gold, predicted_tokens: c.predicted };
};

/** Type of each word unit of the text that a span overlaps (first span wins), else undefined. */
function unitTypes(units: Span[], spans: readonly (Span & { entityType: string })[]): (string | undefined)[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  return units.map((u) => sorted.find((s) => s.start < u.end && s.end > u.start)?.entityType);
}

const dataRoot = resolveDataRoot();
const args = benchArgs({
  datasets: { type: 'string', default: 'tab144:test,wiki-test' },
  layers: { type: 'string', default: 'neural' },
  model: { type: 'string', default: '' },
  dtype: { type: 'string', default: 'fp32' },
  out: { type: 'string', default: '' },
});
const datasets = listOption(args.datasets);
const layers = listOption(args.layers);
const model = args.model;
const dtype = choiceOption('dtype', args.dtype, ['fp32', 'q8']);
const out = args.out;

const neural = await createNeuralLayer({ model: model || undefined, dtype });
// The recognizer builds its neural layer with defaults; a custom model only runs alone.
const recognizer = layers.length === 1 && layers[0] === 'neural' ? undefined : await createRecognizer({ layers });
const detect = async (doc: Document): Promise<(Span & { entityType: string })[]> =>
  recognizer ? recognizer.recognize(doc) : ((await neural.detect(doc)) as DetectedMention[]);

const report: Record<string, unknown> = { model: model || 'models/minibert-tab-ner', dtype, layers };
for (const selector of datasets) {
  const corpus = await loadDataset(selector, dataRoot);
  const micro: Counts = { tp: 0, predicted: 0, gold: 0 };
  const microTyped: Counts = { tp: 0, predicted: 0, gold: 0 };
  const byType = new Map<string, Counts>(ENTITY_TYPES.map((t) => [t, { tp: 0, predicted: 0, gold: 0 }]));
  const started = performance.now();
  for (const doc of corpus.documents) {
    const units = wordUnits(doc.text, { start: 0, end: doc.text.length });
    const gold = unitTypes(units, doc.annotations[0]?.mentions ?? []);
    const predicted = unitTypes(units, await detect(doc));
    units.forEach((_, i) => {
      const g = gold[i];
      const p = predicted[i];
      if (g) micro.gold++, microTyped.gold++;
      if (p) micro.predicted++, microTyped.predicted++;
      if (g && p) micro.tp++;
      if (g && p && g === p) microTyped.tp++;
      if (g) {
        const c = byType.get(g) ?? { tp: 0, predicted: 0, gold: 0 };
        c.gold++;
        if (p === g) c.tp++;
        byType.set(g, c);
      }
      if (p) {
        const c = byType.get(p) ?? { tp: 0, predicted: 0, gold: 0 };
        c.predicted++;
        byType.set(p, c);
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const result = {
    documents: corpus.documents.length,
    seconds: Math.round(seconds * 10) / 10,
    without_label_match: scores(micro),
    with_label_match: scores(microTyped),
    by_type: Object.fromEntries([...byType].map(([t, c]) => [t, scores(c)])),
  };
  report[selector] = result;
  console.log(`\n${selector} (${result.documents} documents, ${result.seconds} s)`);
  console.log('type        P      R      F1     gold   predicted');
  for (const [t, s] of Object.entries(result.by_type)) {
    console.log(`${t.padEnd(10)} ${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}  ${String(s.gold_tokens).padStart(5)}  ${s.predicted_tokens}`);
  }
  for (const key of ['with_label_match', 'without_label_match'] as const) {
    const s = result[key];
    console.log(`micro ${key.replaceAll('_', ' ')}: P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`);
  }
}
if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
