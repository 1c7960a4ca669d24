/**
 * `sanitext evaluate <gold> <system>`: the TAB metrics of a system's masked spans (or of an
 * anonymization with replacements); `sanitext evaluate --config eval.yaml`: many anonymizations,
 * any registered metrics, one table and a privacy–utility figure.
 */
import type { Command } from 'commander';
import { dirname, join, relative, resolve } from 'node:path';
import { loadDataset, parseAnonymization, readJsonFile, REPO_ROOT, type Corpus } from '../../corpus/index.ts';
import { evaluate, mergeEvaluationParts, readEvaluationConfig, roundMetrics, runEvaluation, type EvaluationResult, type EvaluationResults, type MissedMention, type TabMetrics } from '../../eval/index.ts';
import { renderEvaluationMarkdown, writeEvaluationReport } from '../../report/index.ts';
import { dataRootOf } from '../options.ts';
import { weightingFromSpec } from '../weights.ts';
import { formatTable } from '../table.ts';
import { applyModelThreads } from './benchmark.ts';

interface EvaluateFlags {
  weights: string;
  config?: string;
  out?: string;
  limit?: string;
  json?: boolean;
  byType?: boolean;
  verbose?: boolean;
  modelThreads?: string;
  entries?: string;
  merge?: string[];
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('TAB metrics of system spans against gold annotations')
    .argument('[gold]', 'gold file in the TAB (or masked-spans) format, or a dataset name such as tab144:test')
    .argument('[system]', 'system file {doc_id: [[start, end, replacement?], ...]} with code-point offsets')
    .option('--config <file>', 'evaluate the anonymizations of an evaluation config (YAML) with its metrics; writes out/<name>/ (--out results/<name> updates the committed report)')
    .option('--out <dir>', 'with --config: output folder (default: the config\'s output, else out/<name>)')
    .option('--limit <n>', 'with --config: only the first N documents (smoke run)')
    .option('--weights <scheme>', 'token weighting for weighted precision: uniform | mlm[:MODEL]', 'uniform')
    .option('--json', 'print one JSON object with the reference key names')
    .option('--by-type', 'also show token recall per entity type')
    .option('--verbose', 'list every gold mention left unmasked, with context')
    .option('--model-threads <n>', 'ONNX threads of each model whose reference names none (`reproduce` sets cores ÷ jobs)')
    .option('--entries <list>', 'with --config: compute only these metric entries (0-based, e.g. 5,6,7): one part of a run, merged with --merge')
    .option('--merge <dirs...>', 'with --config: put together the parts (folders written with --entries) into the whole report, computing nothing')
    .action(async (gold: string | undefined, systemPath: string | undefined, flags: EvaluateFlags, command: Command) => {
      if (flags.modelThreads !== undefined) await applyModelThreads(flags.modelThreads);
      if (flags.config) {
        if (gold !== undefined) throw new Error('evaluate --config takes no <gold> <system> arguments: the config names the corpus and the anonymizations');
        await evaluateConfig(flags.config, flags, dataRootOf(command));
        return;
      }
      if (gold === undefined || systemPath === undefined) throw new Error('evaluate needs <gold> and <system>, or --config FILE');
      const corpus = await loadDataset(gold, dataRootOf(command));
      const { spans, notes } = parseAnonymization(await readJsonFile(systemPath), systemPath, corpus);
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

async function evaluateConfig(configPath: string, flags: EvaluateFlags, dataRoot: string): Promise<void> {
  const config = await readEvaluationConfig(configPath);
  if (flags.limit !== undefined) {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit takes a positive whole number, got "${flags.limit}"`);
    config.limitDocuments = limit;
  }
  const outDir = resolve(flags.out ?? (config.output ? resolve(REPO_ROOT, config.output) : join(REPO_ROOT, 'out', config.name)));
  if (flags.merge) {
    if (flags.entries !== undefined || flags.limit !== undefined) throw new Error('--merge computes nothing: it takes no --entries or --limit');
    const parts = await Promise.all(flags.merge.map(async (dir) => ({ file: join(dir, 'evaluation.json'), results: (await readJsonFile(join(dir, 'evaluation.json'))) as EvaluationResults })));
    const merged = mergeEvaluationParts(config, parts);
    await writeEvaluationReport(outDir, merged);
    process.stdout.write(renderEvaluationMarkdown(merged));
    process.stdout.write(`\nreport: ${relative(process.cwd(), join(outDir, 'report.md')) || join(outDir, 'report.md')}\n`);
    return;
  }
  const results = await runEvaluation(config, {
    entries: flags.entries === undefined ? undefined : parseEntries(flags.entries),
    dataRoot,
    baseDir: dirname(resolve(configPath)),
    log: (message) => process.stderr.write(`${message}\n`),
    // A long run keeps a consistent report of the columns finished so far.
    onPartial: async (partial) => {
      await writeEvaluationReport(outDir, partial);
    },
  });
  await writeEvaluationReport(outDir, results);
  process.stdout.write(renderEvaluationMarkdown(results));
  process.stdout.write(`\nreport: ${relative(process.cwd(), join(outDir, 'report.md')) || join(outDir, 'report.md')}\n`);
}

/** "5,6,7" → [5, 6, 7]. */
function parseEntries(list: string): number[] {
  const entries = list.split(',').map((part) => part.trim());
  if (entries.some((part) => !/^\d+$/.test(part))) throw new Error(`--entries takes metric entry numbers separated by commas (e.g. 5,6,7), got "${list}"`);
  return entries.map(Number);
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
