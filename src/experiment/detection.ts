/**
 * Detection experiments (paper Table 3): token-level precision, recall and F1 of each recognizer
 * layer alone and of the full recognizer, per semantic type and micro-averaged with and without
 * label match. Gold: every mention of each document's first annotator, any identifier type.
 */
import { ENTITY_TYPES, type Corpus } from '../corpus/index.ts';
import { DEFAULT_CONVENTIONS, createRecognizer, defaultLayerNames, mergeMentions, resolveConventions } from '../detect/index.ts';
import { detectionMetrics, goldDetectionSpans, type DetectionDocument, type DetectionMetrics, type PrecisionRecallF1 } from '../eval/index.ts';
import { configuredNeuralLayer } from '../pipeline/index.ts';
import type { ResultRow, RunMetrics } from '../report/index.ts';
import { layersWithNeural, type DetectionExperimentConfig } from './config.ts';
import type { ProgressSink } from './progress.ts';

/** The full recognizer's rows are named `recognizer:<TYPE>` to match the paper's Table 3. */
const COMBINED = 'recognizer';

/** `configDir`: where a lexicon path in `conventions` starts (the config file's folder). */
export async function runDetectionExperiment(config: DetectionExperimentConfig, corpus: Corpus, progress: ProgressSink, configDir = process.cwd()): Promise<RunMetrics> {
  const layers = layersWithNeural(config.layers, config.neural) ?? defaultLayerNames();
  const conventions = config.conventions ?? DEFAULT_CONVENTIONS;
  const origin = { file: `experiment ${config.name}`, baseDir: configDir };
  const built = await Promise.all(layers.map((name) => (name === 'neural' && config.neural ? configuredNeuralLayer(config.neural, origin, true, 'neural') : name)));
  const recognizer = await createRecognizer({ layers: built, conventions: resolveConventions(conventions, configDir) });
  let docs = config.split ? corpus.documents.filter((d) => d.split === config.split) : corpus.documents;
  if (config.limitDocuments) docs = docs.slice(0, config.limitDocuments);
  if (docs.length === 0) throw new Error(`${config.name}: dataset ${corpus.name} has no documents in split "${config.split}"`);

  const perSystem = new Map<string, DetectionDocument[]>();
  const push = (system: string, doc: DetectionDocument): void => {
    perSystem.set(system, [...(perSystem.get(system) ?? []), doc]);
  };
  // Only the full recognizer is timed: layers run together in detectByLayer.
  let recognizerSeconds = 0;
  let spans = 0;
  progress.start(docs.length, 'detection');
  for (const doc of docs) {
    const gold = goldDetectionSpans(doc);
    for (const [layer, mentions] of await recognizer.detectByLayer(doc)) push(layer, { text: doc.text, gold, predicted: mergeMentions(mentions, {}, doc.text) });
    const started = performance.now();
    const predicted = await recognizer.recognize(doc);
    recognizerSeconds += (performance.now() - started) / 1000;
    push(COMBINED, { text: doc.text, gold, predicted });
    spans += predicted.length;
    progress.tick({ docs: 1, spans: predicted.length });
  }
  progress.stop();

  const rows: ResultRow[] = [];
  for (const system of [COMBINED, ...layers]) {
    const docsOfSystem = perSystem.get(system);
    if (!docsOfSystem) continue;
    rows.push(...detectionRows(system, detectionMetrics(docsOfSystem), system === COMBINED ? recognizerSeconds : null));
  }
  return {
    name: config.name,
    dataset: config.dataset,
    split: config.split ?? 'all',
    spanSource: 'detected',
    spans,
    documents: docs.length,
    createdAt: new Date().toISOString(),
    settings: { task: 'detection', layers, conventions, ...(config.neural ? { neural: config.neural } : {}), gold: 'all mentions of the first annotator, any identifier type', units: 'word units (\\w+)' },
    ...(config.published ? { published: config.published } : {}),
    rows,
    notes: [
      `Rows "${COMBINED}:…" are the full recognizer (merged layers, co-reference); the others are each layer alone. ` +
        'R is stored in the R_all column; entity-level columns do not apply.',
    ],
  };
}

function detectionRows(system: string, m: DetectionMetrics, seconds: number | null): ResultRow[] {
  const row = (method: string, s: PrecisionRecallF1 | undefined): ResultRow => ({
    method,
    group: system === COMBINED ? 'recognizer (all layers)' : `layer: ${system}`,
    P: s?.precision ?? null,
    R_all: s?.recall ?? null,
    F1: s?.f1 ?? null,
    R_ent: null,
    R_direct: null,
    R_quasi: null,
    seconds,
  });
  return [
    ...ENTITY_TYPES.map((type) => row(`${system}:${type}`, m.byType[type])),
    row(`${system}:micro-label-match`, m.microWithLabel),
    row(`${system}:micro-no-label-match`, m.microWithoutLabel),
  ];
}
