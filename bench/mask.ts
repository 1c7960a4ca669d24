/**
 * Masking benchmark: for every strategy, on every document of tab144 and wiki-test with their gold
 * DIRECT/QUASI spans, the round-trip results of the reversible strategies — exact, after the
 * whitespace around placeholders was rewritten, and after every placeholder was lower-cased and
 * every other one lost its closer (as LLM output does) — and the throughput (documents/s, MB/s of
 * UTF-8 text) of sanitize and restore, best of `--repeats` passes.
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/mask.ts [--repeats 3]
 */
import { cpus } from 'node:os';
import { goldCandidates, loadDataset, resolveDataRoot, type CandidateSpan, type Document } from '../src/corpus/index.ts';
import { formatTable } from '../src/cli/table.ts';
import { MaskKey, createStrategyRegistry, restore, sanitize, type Mapping } from '../src/mask/index.ts';
import { benchArgs, wholeNumber } from './args.ts';

const repeats = wholeNumber('repeats', benchArgs({ repeats: { type: 'string', default: '3' } }).repeats);
const dataRoot = resolveDataRoot();
// A fixed benchmark key: the figures do not depend on its value.
const key = MaskKey.fromSecret('42'.repeat(32), 'benchmark key');
const strategies = createStrategyRegistry().list();

interface Prepared {
  doc: Document;
  spans: CandidateSpan[];
}

const collapseSpaces = (s: string): string => s.replace(/\s+/g, ' ');

/** Rewrites whitespace outside the placeholders (all runs of whitespace → one space, or a newline). */
function rewriteWhitespace(sanitized: string, mapping: Mapping): string {
  const placeholders = new Set(mapping.entries.map((e) => e.placeholder));
  const pattern = new RegExp([...placeholders].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'g');
  const pieces = sanitized.split(pattern);
  const found = sanitized.match(pattern) ?? [];
  return pieces.map((p, i) => (i % 2 ? p.replace(/\s+/g, '\n') : p.replace(/\s+/g, ' ')) + (found[i] ?? '')).join('');
}

/** Lower-cases every placeholder and drops the closer of every other one. */
function alterPlaceholders(sanitized: string, mapping: Mapping): string {
  let text = sanitized;
  mapping.entries.forEach((e, i) => {
    const altered = i % 2 === 0 ? e.placeholder.toLowerCase() : e.placeholder.toLowerCase().slice(0, -1);
    text = text.split(e.placeholder).join(altered);
  });
  return text;
}

function timeBest(run: () => void): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best / 1000;
}

const rows: string[][] = [];
for (const name of ['tab144', 'wiki-test']) {
  const corpus = await loadDataset(name, dataRoot);
  const prepared: Prepared[] = corpus.documents.map((doc) => ({ doc, spans: goldCandidates(doc) }));
  const megabytes = prepared.reduce((n, p) => n + Buffer.byteLength(p.doc.text, 'utf8'), 0) / 1e6;
  for (const strategy of strategies) {
    const results = prepared.map((p) => sanitize(p.doc.text, p.spans, { strategy: strategy.name, key, docId: p.doc.id }));
    const replaced = results.reduce((n, r) => n + r.offsetMap.segments.length, 0);
    const sanitizeSeconds = timeBest(() => {
      for (const p of prepared) sanitize(p.doc.text, p.spans, { strategy: strategy.name, key });
    });
    let exact = '-';
    let whitespace = '-';
    let altered = '-';
    let restoreRate = '-';
    if (strategy.reversible) {
      const count = (ok: (i: number) => boolean): string => `${prepared.filter((_, i) => ok(i)).length}/${prepared.length}`;
      exact = count((i) => restore(results[i].text, results[i].mapping).text === prepared[i].doc.text);
      whitespace = count((i) => collapseSpaces(restore(rewriteWhitespace(results[i].text, results[i].mapping), results[i].mapping).text) === collapseSpaces(prepared[i].doc.text));
      altered = count((i) => restore(alterPlaceholders(results[i].text, results[i].mapping), results[i].mapping).text === prepared[i].doc.text);
      const restoreSeconds = timeBest(() => {
        for (const r of results) restore(r.text, r.mapping);
      });
      restoreRate = `${(prepared.length / restoreSeconds).toFixed(0)} (${(megabytes / restoreSeconds).toFixed(1)} MB/s)`;
    }
    rows.push([
      name,
      strategy.name,
      String(prepared.length),
      String(replaced),
      exact,
      whitespace,
      altered,
      `${(prepared.length / sanitizeSeconds).toFixed(0)} (${(megabytes / sanitizeSeconds).toFixed(1)} MB/s)`,
      restoreRate,
    ]);
  }
}

process.stdout.write(
  `sanitext masking benchmark · node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} · best of ${repeats} pass(es) · gold DIRECT/QUASI spans\n\n` +
    formatTable(
      ['dataset', 'strategy', 'docs', 'replaced', 'exact round trip', 'after whitespace rewrite', 'after placeholder damage', 'sanitize docs/s', 'restore docs/s'],
      rows,
    ),
);
