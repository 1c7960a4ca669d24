/** Helpers shared by the indicator benchmarks on gold spans. */
import { goldCandidates, type Corpus, type Document, type Span } from '../src/corpus/index.ts';
import { evaluate, type TabMetrics } from '../src/eval/index.ts';
import type { SpanDocument } from '../src/indicators/types.ts';

/** Every document with all its gold mentions as candidate spans. */
export const spanDocs = (docs: readonly Document[]): SpanDocument[] => docs.map((doc) => ({ doc, spans: goldCandidates(doc) }));

/** TAB metrics of masking the spans whose decision is true. */
export async function metricsOf(docs: readonly Document[], items: readonly SpanDocument[], decisions: readonly boolean[][]): Promise<TabMetrics> {
  const corpus: Corpus = { name: 'bench', source: 'bench', documents: [...docs] };
  const system = new Map<string, Span[]>(items.map(({ doc, spans }, i) => [doc.id, spans.filter((_, s) => decisions[i][s]).map(({ start, end }) => ({ start, end }))]));
  return (await evaluate(corpus, system)).metrics;
}
