/**
 * The results table of a run as Markdown, CSV and LaTeX, laid out like the paper's Tables 5–7:
 * one row per method, methods grouped in blocks, and — when the run names a published table — the
 * paper's row right under ours so the two can be read side by side.
 */
import { roundHalfEven3 } from '../eval/index.ts';
import {
  PUBLISHED_DATASET_LABELS,
  PUBLISHED_TABLE_CAPTIONS,
  groupOf,
  publishedRowFor,
  publishedRows,
  type PublishedRow,
} from './published.ts';
import { SCORE_KEYS, type PublishedDataset, type PublishedTableName, type ResultRow, type RunMetrics, type ScoreKey } from './schema.ts';

export interface TableOptions {
  /** Decimals for our scores (the paper prints 2; the default 3 shows differences the paper's rounding hides). */
  decimals?: 2 | 3;
}

export interface TableEntry {
  row: ResultRow;
  /** The paper's figures for the same method, when the run names a published table that has it. */
  published?: PublishedRow;
}

export interface TableBlock {
  group: string;
  entries: TableEntry[];
}

/** What every renderer draws: the shown columns and the rows in blocks. */
export interface TableModel {
  columns: ScoreKey[];
  showSeconds: boolean;
  blocks: TableBlock[];
  published?: { table: PublishedTableName; dataset: PublishedDataset };
}

/** Header text per column, for each output format. */
const MARKDOWN_HEADERS: Record<ScoreKey, string> = {
  P: 'P',
  Pw: 'P<sub>w</sub>',
  R_all: 'R<sub>all</sub>',
  F1: 'F<sub>1</sub>',
  R_ent: 'R<sub>ent</sub>',
  R_direct: 'R<sub>direct</sub>',
  R_quasi: 'R<sub>quasi</sub>',
};
const LATEX_HEADERS: Record<ScoreKey, string> = {
  P: '$P$',
  Pw: '$P_w$',
  R_all: '$R_{\\mathrm{all}}$',
  F1: '$F_1$',
  R_ent: '$R_{\\mathrm{ent}}$',
  R_direct: '$R_{\\mathrm{direct}}$',
  R_quasi: '$R_{\\mathrm{quasi}}$',
};

function present(value: number | null | undefined): value is number {
  return value !== null && value !== undefined;
}

/**
 * Groups rows into blocks (in order of first appearance, so the runner decides the order) and picks
 * the columns: a metric column is dropped only when neither our rows nor the paper's have any value
 * in it (e.g. P_w for a recognizer table), so an undefined score still shows as a dash.
 */
export function buildTableModel(metrics: RunMetrics): TableModel {
  const blocks: TableBlock[] = [];
  const byGroup = new Map<string, TableBlock>();
  for (const row of metrics.rows) {
    const group = groupOf(row.method, row.group);
    let block = byGroup.get(group);
    if (!block) {
      block = { group, entries: [] };
      byGroup.set(group, block);
      blocks.push(block);
    }
    const published = metrics.published ? publishedRowFor(row.method, metrics.published.table, metrics.published.dataset) : undefined;
    block.entries.push(published ? { row, published } : { row });
  }
  const entries = blocks.flatMap((b) => b.entries);
  const columns = SCORE_KEYS.filter((key) => entries.some((e) => present(e.row[key]) || present(e.published?.scores[key])));
  const showSeconds = entries.some((e) => present(e.row.seconds));
  return { columns, showSeconds, blocks, ...(metrics.published ? { published: metrics.published } : {}) };
}

/** A score with the given decimals; 3 decimals round like Python's `round` (as `sanitext evaluate` does). */
export function formatScore(value: number | null | undefined, decimals: 2 | 3, missing: string): string {
  if (!present(value)) return missing;
  return decimals === 3 ? roundHalfEven3(value).toFixed(3) : value.toFixed(2);
}

/** Seconds with about three significant digits: 0.42, 12.3, 1234. */
export function formatSeconds(value: number | null | undefined, missing: string): string {
  if (!present(value)) return missing;
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

// ---------------------------------------------------------------- Markdown

/** A method name as inline code, with the pipe escaped so it cannot split the table cell. */
function markdownCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`.replace(/\|/g, '\\|');
}

/** Plain text in a Markdown table cell: characters that would start markup or end the cell are escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\|*_[\]<`]/g, (c) => `\\${c}`);
}

function markdownRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The results as a GitHub Markdown table; the paper's row follows ours, in italics, marked "↳ paper". */
export function renderMarkdownTable(metrics: RunMetrics, options: TableOptions = {}): string {
  const decimals = options.decimals ?? 3;
  const model = buildTableModel(metrics);
  const width = model.columns.length + (model.showSeconds ? 1 : 0);
  const header = ['Method', ...model.columns.map((k) => MARKDOWN_HEADERS[k]), ...(model.showSeconds ? ['seconds'] : [])];
  const lines = [markdownRow(header), markdownRow([':--', ...Array<string>(width).fill('--:')])];
  const withHeaders = model.blocks.length > 1;
  for (const block of model.blocks) {
    if (withHeaders) lines.push(markdownRow([`**${markdownText(block.group)}**`, ...Array<string>(width).fill('')]));
    for (const { row, published } of block.entries) {
      const seconds = model.showSeconds ? [formatSeconds(row.seconds, '—')] : [];
      lines.push(markdownRow([markdownCode(row.method), ...model.columns.map((k) => formatScore(row[k], decimals, '—')), ...seconds]));
      if (published) {
        const paper = model.columns.map((k) => (present(published.scores[k]) ? `*${formatScore(published.scores[k], 2, '')}*` : '—'));
        lines.push(markdownRow([`↳ *paper: ${markdownText(published.label)}*`, ...paper, ...(model.showSeconds ? [''] : [])]));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** One of the paper's tables for one dataset, in full, as Markdown (for the report's reference section). */
export function renderPublishedMarkdown(table: PublishedTableName, dataset: PublishedDataset): string {
  const rows = publishedRows(table, dataset);
  const columns = SCORE_KEYS.filter((k) => rows.some((r) => r.scores[k] !== undefined));
  const lines = [
    markdownRow(['Paper row', ...columns.map((k) => MARKDOWN_HEADERS[k])]),
    markdownRow([':--', ...Array<string>(columns.length).fill('--:')]),
  ];
  let group = '';
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      lines.push(markdownRow([`**${markdownText(group)}**`, ...Array<string>(columns.length).fill('')]));
    }
    lines.push(markdownRow([`${markdownText(row.label)} (${markdownCode(row.method)})`, ...columns.map((k) => formatScore(row.scores[k], 2, 'n/a'))]));
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- CSV

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvNumber(value: number | null | undefined): string {
  // Unrounded, shortest round-trip form: the CSV is for further analysis, not for reading.
  return present(value) ? String(value) : '';
}

/**
 * The rows as CSV with a fixed header (every metric, whether or not this run has it), so files of
 * different runs concatenate; `paper_*` columns are added when the run names a published table.
 */
export function renderCsv(metrics: RunMetrics): string {
  const withPaper = metrics.published !== undefined;
  const header = ['method', 'group', ...SCORE_KEYS, 'seconds', ...(withPaper ? ['paper_table', 'paper_dataset', 'paper_label', ...SCORE_KEYS.map((k) => `paper_${k}`)] : [])];
  const lines = [header.join(',')];
  for (const block of buildTableModel(metrics).blocks) {
    for (const { row, published } of block.entries) {
      const cells = [row.method, block.group, ...SCORE_KEYS.map((k) => csvNumber(row[k])), csvNumber(row.seconds)];
      if (metrics.published) {
        cells.push(metrics.published.table, metrics.published.dataset, published?.label ?? '', ...SCORE_KEYS.map((k) => csvNumber(published?.scores[k])));
      }
      lines.push(cells.map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- LaTeX

const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In the default OT1 font encoding `<` and `>` print as ¡ and ¿.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '≥': '$\\geq$',
  '≤': '$\\leq$',
  '≈': '$\\approx$',
  '∩': '$\\cap$',
};

/** Text safe to place in a LaTeX document body. */
export function latexEscape(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>|≥≤≈∩]/g, (c) => LATEX_ESCAPES[c]);
}

/**
 * A booktabs table (`\usepackage{booktabs}`): blocks are separated by `\midrule` (the paper's dashed
 * lines need the `arydshln` package, which we do not want to impose), the paper's row in italics.
 */
export function renderLatexTable(metrics: RunMetrics, options: TableOptions = {}): string {
  const decimals = options.decimals ?? 3;
  const model = buildTableModel(metrics);
  const spec = `l${'r'.repeat(model.columns.length + (model.showSeconds ? 1 : 0))}`;
  const header = ['Method', ...model.columns.map((k) => LATEX_HEADERS[k]), ...(model.showSeconds ? ['Seconds'] : [])];
  const where = `${metrics.dataset}, ${metrics.split} split, ${metrics.spanSource} spans`;
  const paper = model.published ? `; paper rows in italics: ${model.published.table}, ${PUBLISHED_DATASET_LABELS[model.published.dataset]}` : '';
  const label = `tab:${metrics.name.replace(/[^A-Za-z0-9:-]+/g, '-')}`;
  const lines = [
    '% Generated by sanitext report; needs \\usepackage{booktabs}.',
    '\\begin{table}[t]',
    '\\centering',
    `\\caption{${latexEscape(`${metrics.name} (${where}${paper})`)}}`,
    `\\label{${label}}`,
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${header.join(' & ')} \\\\`,
    '\\midrule',
  ];
  model.blocks.forEach((block, index) => {
    if (index > 0) lines.push('\\midrule');
    for (const { row, published } of block.entries) {
      const seconds = model.showSeconds ? [formatSeconds(row.seconds, '--')] : [];
      lines.push(`${[latexEscape(row.method), ...model.columns.map((k) => formatScore(row[k], decimals, '--')), ...seconds].join(' & ')} \\\\`);
      if (published) {
        const cells = model.columns.map((k) => (present(published.scores[k]) ? `\\textit{${formatScore(published.scores[k], 2, '')}}` : '--'));
        lines.push(`${[`\\quad\\textit{paper}`, ...cells, ...(model.showSeconds ? [''] : [])].join(' & ')} \\\\`);
      }
    }
  });
  lines.push('\\bottomrule', '\\end{tabular}', '\\end{table}');
  return lines.join('\n') + '\n';
}

/** The caption text of the published table a run is compared with, for report prose. */
export function publishedCaption(table: PublishedTableName, dataset: PublishedDataset): string {
  return `${table}, ${PUBLISHED_DATASET_LABELS[dataset]}: ${PUBLISHED_TABLE_CAPTIONS[table]}`;
}
