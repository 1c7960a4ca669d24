/**
 * OFFLINE PROXY of the paper's web-search indicator (§5.5, Table 5 rows "Web search"): the web is
 * replaced by a local BM25 "engine" over a collection of texts that excludes every evaluated
 * document — the 453 Wikipedia biographies of wiki-train-masked plus the 92 tab144 train
 * judgments. Hit counts and rankings of 545 documents are not Google's, so the figures show that
 * the pipeline runs end to end and how the variants behave, not what the paper measured.
 *
 * Gold spans: every mention of the (single) annotator of wiki-test and tab144:test; a span the
 * indicator decides NO_MASK is left unmasked. Printed next to the mask-everything baseline.
 * Lower bounds marked "dev" are tuned on tab144:dev (not in the collection), as the paper tuned
 * its bound on the TAB development set.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/web-search.ts
 */
import { goldCandidates, loadDataset, resolveDataRoot, type Corpus, type Span } from '../src/corpus/index.ts';
import { evaluate, type TabMetrics } from '../src/eval/index.ts';
import { Bm25SearchBackend, WebSearchIndicator, type SearchBackend, type SearchRequestOptions, type SearchResponse, type WebSearchIndicatorOptions } from '../src/indicators/index.ts';

const dataRoot = resolveDataRoot();
const TEST_SETS = ['wiki-test', 'tab144:test'];
const COLLECTION = ['wiki-train-masked', 'tab144:train'];
const TUNING = 'tab144:dev';

/** Counts queries so the report can say how many a real engine would have been sent. */
class CountingBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  queries = 0;
  constructor(private readonly inner: SearchBackend) {
    this.id = inner.id;
    this.external = inner.external;
  }
  search(query: string, options: SearchRequestOptions): Promise<SearchResponse> {
    this.queries++;
    return this.inner.search(query, options);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const collectionCorpora = await Promise.all(COLLECTION.map((s) => loadDataset(s, dataRoot)));
  const documents = collectionCorpora.flatMap((c) => c.documents.map((d) => ({ id: `${c.name}/${d.id}`, text: d.text })));
  const testCorpora = await Promise.all(TEST_SETS.map((s) => loadDataset(s, dataRoot)));
  const tuning = await loadDataset(TUNING, dataRoot);

  // The evaluated (and tuning) documents must not be in the "web", or every span would find its own document.
  const collectionTexts = new Set(documents.map((d) => d.text));
  for (const corpus of [...testCorpora, tuning]) {
    const leaked = corpus.documents.filter((d) => collectionTexts.has(d.text));
    if (leaked.length > 0) throw new Error(`${corpus.name}: ${leaked.length} document(s) are also in the BM25 collection (e.g. ${leaked[0].id})`);
  }
  const indexStart = performance.now();
  const bm25 = new Bm25SearchBackend(documents, { name: COLLECTION.join('+') });
  const indexMs = performance.now() - indexStart;
  console.log(`BM25 collection: ${bm25.size} documents (${COLLECTION.join(' + ')}), indexed in ${indexMs.toFixed(0)} ms; no test or dev document in it.`);

  const tuned = async (options: Omit<WebSearchIndicatorOptions, 'backend' | 'tuneThreshold'>): Promise<number> => {
    const indicator = new WebSearchIndicator({ ...options, backend: bm25, tuneThreshold: true });
    await indicator.fit(tuning.documents.map((doc) => ({ doc, spans: goldCandidates(doc) })));
    return indicator.threshold;
  };
  const devBoundSpan = await tuned({ variant: 'hit-count', queryMode: 'span' });
  const devBoundNamed = await tuned({ variant: 'hit-count', queryMode: 'name-and-span' });
  console.log(`Tuned on ${TUNING} (${tuning.documents.length} docs): hit-count lower bound ${devBoundSpan} (span queries), ${devBoundNamed} (name+span queries).`);

  // Scores are computed once per (variant, query mode); the rows differ only in the bound applied.
  const variants: { label: string; options: Omit<WebSearchIndicatorOptions, 'backend'>; bounds: { label: string; value: number }[] }[] = [
    { label: 'URL ∩ (span vs name, top 20)', options: { variant: 'url-intersection' }, bounds: [{ label: '≥ 1 shared URL (paper)', value: 1 }] },
    {
      label: 'hits, span query',
      options: { variant: 'hit-count', queryMode: 'span' },
      bounds: [
        { label: '≥ 100 (paper bound)', value: 100 },
        { label: `≥ ${devBoundSpan} (dev-tuned)`, value: devBoundSpan },
        ...[1, 2, 5, 10, 25].map((value) => ({ label: `≥ ${value}`, value })),
      ],
    },
    {
      label: 'hits, name+span query',
      options: { variant: 'hit-count', queryMode: 'name-and-span' },
      bounds: [
        { label: `≥ ${devBoundNamed} (dev-tuned)`, value: devBoundNamed },
        ...[1, 2, 5].map((value) => ({ label: `≥ ${value}`, value })),
      ],
    },
  ];

  for (const corpus of testCorpora) {
    const rows: Row[] = [];
    const allSpans = new Map(corpus.documents.map((d) => [d.id, goldCandidates(d)]));
    const spanCount = [...allSpans.values()].reduce((n, s) => n + s.length, 0);
    rows.push({ label: 'mask everything (baseline)', metrics: (await evaluate(corpus, allSpans)).metrics, masked: spanCount });
    for (const { label, options, bounds } of variants) {
      const counting = new CountingBackend(bm25);
      const indicator = new WebSearchIndicator({ ...options, backend: counting });
      const t0 = performance.now();
      const scores = new Map<string, number[]>();
      for (const doc of corpus.documents) scores.set(doc.id, await indicator.score(doc, allSpans.get(doc.id)!));
      const ms = performance.now() - t0;
      for (const bound of bounds) {
        const system = new Map<string, Span[]>();
        let masked = 0;
        for (const doc of corpus.documents) {
          const spans = allSpans.get(doc.id)!;
          const decisions = indicator.decide(scores.get(doc.id)!, bound.value);
          const kept = spans.filter((_, i) => decisions[i]);
          masked += kept.length;
          system.set(doc.id, kept);
        }
        rows.push({ label: `${label} ${bound.label}`, metrics: (await evaluate(corpus, system)).metrics, masked, queries: counting.queries, ms });
      }
    }
    printTable(corpus, spanCount, rows);
  }
  console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

interface Row {
  label: string;
  metrics: TabMetrics;
  masked: number;
  /** Queries sent and time spent scoring (shared by the rows of one variant). */
  queries?: number;
  ms?: number;
}

function printTable(corpus: Corpus, spanCount: number, rows: Row[]): void {
  const f = (x: number | null): string => (x === null ? '  –  ' : x.toFixed(3));
  console.log(`\n${corpus.name}: ${corpus.documents.length} documents, ${spanCount} gold spans (offline BM25 proxy, not the web)`);
  console.log('| system | P | R_all | F1 | R_ent | R_direct | R_quasi | spans masked | queries | time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const { label, metrics: m, masked, queries, ms } of rows) {
    const pct = ((100 * masked) / spanCount).toFixed(1);
    console.log(
      `| ${label} | ${f(m.token_precision)} | ${f(m.token_recall)} | ${f(m.token_f1)} | ${f(m.recall_all_entities)} | ${f(m.recall_direct_entities)} | ${f(m.recall_quasi_entities)} | ${masked} (${pct}%) | ${queries ?? '–'} | ${ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`} |`,
    );
  }
}

await main();
