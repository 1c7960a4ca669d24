/**
 * The systems bench/detect-throughput.ts times, and one timed pass of a system over a corpus. Shared by
 * the bench and bench/throughput-worker.ts, the thread each system runs in.
 */
import type { Document } from '../src/corpus/index.ts';
import { createGazetteerLayer, createRecognizer, createRuleLayer, defaultLayerNames, mergeMentions } from '../src/detect/index.ts';
import type { TypedSpan } from '../src/eval/index.ts';
import { openRedactionDetector, redactPiiDetector, type SpanDetector } from './npm-detectors.ts';

/**
 * The rule and gazetteer layers alone, their overlaps merged: typed spans, which is what the npm
 * packages return. The recognizer rows add name propagation and entity ids (co-reference).
 */
function sanitextLayersDetector(): SpanDetector {
  const rules = createRuleLayer();
  const gazetteers = createGazetteerLayer();
  let n = 0;
  // Both layers answer synchronously: a result is awaited only if it is a promise (an await on an
  // array still yields to the event loop, once per layer and document).
  return (text) => {
    const doc = { id: `d${n++}`, text };
    const fromRules = rules.detect(doc);
    const fromGazetteers = gazetteers.detect(doc);
    if (Array.isArray(fromRules) && Array.isArray(fromGazetteers)) return mergeMentions(fromRules.concat(fromGazetteers));
    return Promise.all([fromRules, fromGazetteers]).then(([a, b]) => mergeMentions(a.concat(b)));
  };
}

async function sanitextDetector(layers: string[]): Promise<SpanDetector> {
  const recognizer = await createRecognizer({ layers });
  let n = 0;
  return (text) => recognizer.recognize({ id: `d${n++}`, text });
}

export interface BenchSystem {
  name: string;
  make: () => Promise<SpanDetector> | SpanDetector;
  /**
   * Whether it is also timed paired with redact-pii. Not the neural recognizer, whose runtime threads
   * spin on after a document and would slow redact-pii's turn.
   */
  paired: boolean;
}

export const REFERENCE_SYSTEM = 'redact-pii';

export const BENCH_SYSTEMS: readonly BenchSystem[] = [
  { name: 'sanitext rule+gazetteer layers (merged spans)', make: sanitextLayersDetector, paired: true },
  { name: 'sanitext recognizer (rules+gazetteers; + name propagation, entity ids)', make: () => sanitextDetector(['rules', 'gazetteers']), paired: true },
  { name: `sanitext recognizer (${defaultLayerNames().join('+')})`, make: () => sanitextDetector(defaultLayerNames()), paired: false },
  { name: 'redact-pii 3.4.0 (SyncRedactor)', make: redactPiiDetector, paired: false },
  { name: '@openredaction/openredaction 1.0.4', make: openRedactionDetector, paired: true },
];

/**
 * One timed pass of a detector: `loops` runs over the documents back to back; the seconds of one run
 * over them (the pass's time over `loops`) and the outputs of the last.
 */
export async function timedPass(detect: SpanDetector, documents: readonly Document[], loops = 1): Promise<{ seconds: number; outputs: TypedSpan[][] }> {
  const started = performance.now();
  let outputs: TypedSpan[][] = [];
  for (let loop = 0; loop < loops; loop++) {
    outputs = [];
    for (const doc of documents) {
      // A synchronous answer is not awaited (for every system alike): an await yields to the event loop.
      const found = detect(doc.text);
      outputs.push(found instanceof Promise ? await found : found);
    }
  }
  return { seconds: (performance.now() - started) / 1000 / loops, outputs };
}
