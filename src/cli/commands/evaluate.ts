/** `sanitext evaluate <gold> <system>`: the TAB metrics of a system's masked spans. */
import type { Command } from 'commander';
import { loadDataset, readSystemSpans, type Corpus } from '../../corpus/index.ts';
import { evaluate, roundMetrics, type EvaluationResult, type MissedMention, type TabMetrics } from '../../eval/index.ts';
import { dataRootOf } from '../options.ts';
import { weightingFromSpec } from '../weights.ts';
import { formatTable } from '../table.ts';

interface EvaluateFlags {
  weights: string;
  json?: boolean;
  byType?: boolean;
  verbose?: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('TAB metrics of system spans against gold annotations')
    .argument('<gold>', 'gold file in the TAB (or masked-spans) format, or a dataset name such as tab144:test')
    .argument('<system>', 'system file {doc_id: [[start, end], ...]} with code-point offsets')
    .option('--weights <scheme>', 'token weighting for weighted precision: uniform | mlm[:MODEL]', 'uniform')
    .option('--json', 'print one JSON object with the reference key names')
    .option('--by-type', 'also show token recall per entity type')
    .option('--verbose', 'list every gold mention left unmasked, with context')
    .action(async (gold: string, systemPath: string, flags: EvaluateFlags, command: Command) => {
      const corpus = await loadDataset(gold, dataRootOf(command));
      const { spans, notes } = await readSystemSpans(systemPath, corpus);
      const weighting = await weightingFromSpec(flags.weights);
      const result = await evaluate(corpus, spans, { weighting, collectMissed: flags.verbose });
      if (notes.emptySpans > 0) result.notes.push(`${notes.emptySpans} zero-length system span(s): counted in mention precision, as the reference does`);
      if (notes.overlappingSpans > 0) {
        result.notes.push(`${notes.overlappingSpans} overlapping system span(s): their units count once per span in precision, as the reference does`);
      }
      const missing = corpus.documents.length - result.documentsEvaluated;
      if (missing > 0) result.notes.push(`${missing} gold document(s) have no entry in the system file and are not evaluated`);
      if (flags.verbose) printMissed(corpus, result.missed, flags.json ? process.stderr : process.stdout);
      if (flags.json) {
        process.stdout.write(JSON.stringify(roundMetrics(result.metrics), null, 2) + '\n');
        for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
      } else {
        process.stdout.write(renderResult(corpus, result, flags.byType ?? false));
      }
    });
}

const LABELS: [keyof TabMetrics, string][] = [
  ['recall_direct_entities', 'Entity recall, direct identifiers'],
  ['recall_quasi_entities', 'Entity recall, quasi identifiers'],
  ['recall_all_entities', 'Entity recall, all identifiers'],
  ['token_recall', 'Token recall'],
  ['mention_recall', 'Mention recall'],
  ['token_precision', 'Token precision'],
  ['mention_precision', 'Mention precision'],
  ['weighted_token_precision', 'Weighted token precision'],
  ['weighted_mention_precision', 'Weighted mention precision'],
  ['token_f1', 'Token F1'],
];

export function renderResult(corpus: Corpus, result: EvaluationResult, byType: boolean): string {
  const m = roundMetrics(result.metrics);
  const rows: string[][] = [];
  for (const [key, label] of LABELS) {
    const value = m[key];
    if (value === undefined) continue;
    rows.push([label, value === null ? 'undefined' : (value as number).toFixed(3)]);
  }
  if (byType) {
    for (const [type, value] of Object.entries(m.token_recall_by_type).sort()) rows.push([`Token recall, ${type}`, value.toFixed(3)]);
  }
  const header = `${corpus.name}: ${result.documentsEvaluated} document(s) evaluated\n\n`;
  const notes = result.notes.map((n) => `note: ${n}\n`).join('');
  return header + formatTable(['metric', 'value'], rows) + (notes ? `\n${notes}` : '');
}

function printMissed(corpus: Corpus, missed: readonly MissedMention[], out: NodeJS.WritableStream): void {
  const texts = new Map(corpus.documents.map((d) => [d.id, d.text]));
  for (const m of missed) {
    const text = texts.get(m.docId) ?? '';
    const context = (s: string): string => s.replace(/\s+/g, ' ');
    const before = context(text.slice(Math.max(0, m.start - 30), m.start));
    const after = context(text.slice(m.end, m.end + 30));
    out.write(
      `${m.docId} ${m.mentionId} [${m.annotator}, ${m.entityType}, ${m.identifierType ?? 'MASK'}${m.partial ? ', partly masked' : ''}]: ` +
        `…${before}⟦${context(text.slice(m.start, m.end))}⟧${after}…\n`,
    );
  }
  out.write(`${missed.length} gold mention(s) left unmasked\n\n`);
}
