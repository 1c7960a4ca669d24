/**
 * Reports of `sanitext evaluate --config`: any metric columns (the run lists them), one row per
 * anonymization → `evaluation.json` (not a benchmark's `metrics.json`: another schema), `report.md`, `table.csv`, `table.tex` and the privacy–utility
 * figure `privacy-utility.svg`. The files are staged under temporary names and renamed together.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError, StagedWrites, describeJsonSyntaxError } from '../corpus/index.ts';
import type { EvaluationResults } from '../eval/evaluation.ts';
import { colorAt, escapeXml, linearScale, marker, num, renderChart } from './svg.ts';
import { latexEscape } from './tables.ts';

export const EVALUATION_FIGURE_FILE = 'privacy-utility.svg';
export const EVALUATION_FILE = 'evaluation.json';

const MetricValue = z.number().nullable();
const EvaluationResultsSchema = z
  .object({
    name: z.string().min(1),
    corpus: z.string().min(1),
    documents: z.number().int().min(0),
    columns: z.array(z.string()),
    rows: z.array(z.object({ anonymization: z.string(), values: z.record(z.string(), MetricValue) }).strict()),
    seconds: z.record(z.string(), z.number()),
    cpuSeconds: z.record(z.string(), z.number()),
    notes: z.array(z.string()),
    figure: z.object({ x: z.string(), y: z.string() }).strict().optional(),
  })
  .strict();

/** Reads an `evaluation.json`; every problem names the file and the field. */
export async function readEvaluationFile(file: string): Promise<EvaluationResults> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError([{ file, message: 'cannot read the file' }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError([{ file, message: `not valid JSON: ${describeJsonSyntaxError(error, text)}` }]);
  }
  const parsed = EvaluationResultsSchema.safeParse(data);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((issue) => ({ file, message: `${issue.path.join('.') || '(top level)'}: ${issue.message}` })));
  return parsed.data as EvaluationResults;
}

const cell = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : value.toFixed(3));

export function renderEvaluationMarkdown(results: EvaluationResults): string {
  const header = ['anonymization', ...results.columns];
  const lines = [
    `# ${results.name}`,
    '',
    `Corpus \`${results.corpus}\`, ${results.documents} document(s).`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...results.rows.map((row) => `| ${[row.anonymization, ...results.columns.map((c) => cell(row.values[c]))].join(' | ')} |`),
    '',
    '| step | wall-clock s | CPU s |',
    '|---|---:|---:|',
    ...Object.entries(results.seconds).map(([step, s]) => `| ${step} | ${s.toFixed(1)} | ${(results.cpuSeconds[step] ?? 0).toFixed(1)} |`),
    '',
    'Time per metric: loading, the work on the originals and all anonymizations; CPU seconds add up every thread of the process.',
  ];
  if (results.notes.length > 0) lines.push('', ...results.notes.map((n) => `- ${n}`));
  if (results.figure) lines.push('', `![${results.figure.y} against ${results.figure.x}](${EVALUATION_FIGURE_FILE})`);
  return lines.join('\n') + '\n';
}

const csvField = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function renderEvaluationCsv(results: EvaluationResults): string {
  const lines = [['anonymization', ...results.columns].map(csvField).join(',')];
  for (const row of results.rows) {
    lines.push([csvField(row.anonymization), ...results.columns.map((c) => (row.values[c] === null || row.values[c] === undefined ? '' : String(row.values[c])))].join(','));
  }
  return lines.join('\n') + '\n';
}

export function renderEvaluationLatex(results: EvaluationResults): string {
  const lines = [
    `\\begin{tabular}{l${'r'.repeat(results.columns.length)}}`,
    '\\toprule',
    ['Anonymization', ...results.columns].map(latexEscape).join(' & ') + ' \\\\',
    '\\midrule',
    ...results.rows.map((row) => [latexEscape(row.anonymization), ...results.columns.map((c) => cell(row.values[c]).replace('–', '--'))].join(' & ') + ' \\\\'),
    '\\bottomrule',
    '\\end{tabular}',
  ];
  return lines.join('\n') + '\n';
}

/** Privacy (figure.y, e.g. TRIR) against utility (figure.x, e.g. TPS), one labelled point per anonymization. */
export function renderEvaluationFigure(results: EvaluationResults): string | undefined {
  const figure = results.figure;
  if (!figure) return undefined;
  const points = results.rows
    .map((row, i) => ({ label: row.anonymization, x: row.values[figure.x], y: row.values[figure.y], color: colorAt(i) }))
    .filter((p): p is { label: string; x: number; y: number; color: string } => typeof p.x === 'number' && typeof p.y === 'number');
  return renderChart({
    title: `${results.name}: privacy against utility`,
    subtitle: `${figure.y} (lower is more private) against ${figure.x} (higher keeps more)`,
    xLabel: figure.x,
    yLabel: figure.y,
    scales: (plot) => ({ x: linearScale([0, 1], [plot.left, plot.right]), y: linearScale([0, 1], [plot.bottom, plot.top]) }),
    body: (x, y) => points.map((p) => marker('circle', x.map(p.x), y.map(p.y), p.color)),
    overlay: (x, y) =>
      points.map(
        (p) => `<text x="${num(x.map(p.x) + 5)}" y="${num(y.map(p.y) - 5)}" font-family="Helvetica, Arial, sans-serif" font-size="10" fill="${p.color}">${escapeXml(p.label)}</text>`,
      ),
    legend: points.map((p) => ({ label: p.label, color: p.color, swatch: 'line' as const, marker: 'circle' as const })),
  });
}

export function renderEvaluationFiles(results: EvaluationResults): { name: string; content: string }[] {
  const files = [
    { name: EVALUATION_FILE, content: JSON.stringify(results, null, 2) + '\n' },
    { name: 'report.md', content: renderEvaluationMarkdown(results) },
    { name: 'table.csv', content: renderEvaluationCsv(results) },
    { name: 'table.tex', content: renderEvaluationLatex(results) },
  ];
  const svg = renderEvaluationFigure(results);
  if (svg) files.push({ name: EVALUATION_FIGURE_FILE, content: svg });
  return files;
}

/** Renders everything first, then stages every file and commits them together (nothing partial on failure). */
export async function writeEvaluationReport(dir: string, results: EvaluationResults): Promise<string[]> {
  const files = renderEvaluationFiles(results);
  const staged = new StagedWrites();
  try {
    for (const file of files) await staged.write(path.join(dir, file.name), file.content);
    await staged.commit();
  } catch (error) {
    await staged.abort();
    throw error;
  }
  return files.map((file) => path.join(dir, file.name));
}
