/**
 * Everything a results directory holds, rendered to strings: `report.md`, `table.csv`, `table.tex`
 * and the figures, plus the `results/README.md` index over several runs. No file I/O here
 * (`writer.ts` does that), so the whole report can be tested and diffed in memory.
 */
import { bestPerturbationThreshold, sizesAreFractions, summarizeLogprobs, summarizeTrainingSize, type Summary } from './analysis.ts';
import { FIGURE_FILES, renderLogprobFigure, renderPerturbationFigure, renderTrainingSizeFigure, type FigureKey } from './figures.ts';
import { PUBLISHED_DATASET_LABELS, PUBLISHED_FIGURE_NOTES, PUBLISHED_PERTURBATION_THRESHOLD } from './published.ts';
import type { RunMetrics } from './schema.ts';
import { markdownText, publishedCaption, renderCsv, renderLatexTable, renderMarkdownTable, renderPublishedMarkdown, type TableOptions } from './tables.ts';

export interface ReportFile {
  /** File name inside the run's results directory. */
  name: string;
  content: string;
}

export const REPORT_FILE = 'report.md';
export const CSV_FILE = 'table.csv';
export const LATEX_FILE = 'table.tex';

const FIGURE_TITLES: Record<FigureKey, string> = {
  logprobByDecision: 'Log-probabilities by masking decision',
  trainingSize: 'Performance against training-set size',
  perturbationThresholds: 'Perturbations: scores against the threshold',
};
const PAPER_FIGURE: Record<FigureKey, string> = {
  logprobByDecision: 'Figure 3',
  trainingSize: 'Figure 5',
  perturbationThresholds: 'Figure 6',
};

/** 12345 → "12,345", independent of the machine's locale. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(value: number, decimals = 2): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace(/^-/, '−');
}

function subtitleOf(m: RunMetrics): string {
  return `${m.name} · ${m.dataset} ${m.split} · ${m.spanSource} spans`;
}

/** The figures this run has data for, in the paper's order, each rendered to SVG. */
export function renderFigures(m: RunMetrics): { key: FigureKey; name: string; svg: string }[] {
  const figures = m.figures ?? {};
  const subtitle = subtitleOf(m);
  const out: { key: FigureKey; name: string; svg: string }[] = [];
  const logprobs = figures.logprobByDecision;
  if (logprobs && logprobs.mask.length + logprobs.noMask.length > 0) {
    out.push({ key: 'logprobByDecision', name: FIGURE_FILES.logprobByDecision, svg: renderLogprobFigure(logprobs, { subtitle }) });
  }
  if (figures.trainingSize && figures.trainingSize.length > 0) {
    out.push({ key: 'trainingSize', name: FIGURE_FILES.trainingSize, svg: renderTrainingSizeFigure(figures.trainingSize, { subtitle }) });
  }
  if (figures.perturbationThresholds && figures.perturbationThresholds.length > 0) {
    const paperThreshold = m.published ? PUBLISHED_PERTURBATION_THRESHOLD[m.published.dataset] : undefined;
    out.push({
      key: 'perturbationThresholds',
      name: FIGURE_FILES.perturbationThresholds,
      svg: renderPerturbationFigure(figures.perturbationThresholds, { subtitle, paperThreshold }),
    });
  }
  return out;
}

function describeSummary(label: string, s: Summary | null): string {
  if (!s) return `${label}: no spans`;
  return `${label}: n = ${thousands(s.n)}, median ${fixed(s.median)} (quartiles ${fixed(s.q1)} to ${fixed(s.q3)})`;
}

/** The numbers behind a figure, one Markdown line each. */
export function figureSummary(m: RunMetrics, key: FigureKey): string[] {
  const figures = m.figures ?? {};
  if (key === 'logprobByDecision' && figures.logprobByDecision) {
    const s = summarizeLogprobs(figures.logprobByDecision);
    const lines = [describeSummary('MASK', s.mask), describeSummary('NO_MASK', s.noMask)];
    if (s.medianGap !== null && s.auc !== null) {
      lines.push(`median gap (NO_MASK − MASK): ${fixed(s.medianGap)}; separation AUC: ${fixed(s.auc, 3)} (0.5 = the log-probability does not separate the decisions)`);
    }
    return lines;
  }
  if (key === 'trainingSize' && figures.trainingSize) {
    const fractions = sizesAreFractions(figures.trainingSize);
    const size = (v: number): string => (fractions ? `${Number((v * 100).toPrecision(6))}%` : thousands(v));
    return summarizeTrainingSize(figures.trainingSize).map(
      (t) => `\`${t.method}\`: best F1 ${fixed(t.bestF1, 3)} at ${size(t.bestSize)}; within 0.01 of it from ${size(t.plateauSize)} (F1 ${fixed(t.plateauF1, 3)})`,
    );
  }
  if (key === 'perturbationThresholds' && figures.perturbationThresholds) {
    const best = bestPerturbationThreshold(figures.perturbationThresholds);
    if (!best) return ['no threshold has P, R_direct and R_quasi all defined'];
    return [
      `t* = ${Number(best.threshold.toPrecision(6))}: P ${fixed(best.P, 3)}, R_direct ${fixed(best.R_direct, 3)}, R_quasi ${fixed(best.R_quasi, 3)} (sum ${fixed(best.objective, 3)})`,
    ];
  }
  return [];
}

/** Nested settings as `a.b.c` keys, in the order they were written. */
export function flattenSettings(value: unknown, prefix = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flattenSettings(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return text.startsWith('`') || text.endsWith('`') ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function settingValue(value: unknown): string {
  return code(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}

/** `report.md`: the run at a glance, its table beside the paper's, its figures and its settings. */
export function renderReportMarkdown(m: RunMetrics, options: TableOptions = {}): string {
  const decimals = options.decimals ?? 3;
  const figures = renderFigures(m);
  const out: string[] = [`# ${markdownText(m.name)}`, ''];
  out.push('| | |', '| :-- | :-- |');
  out.push(`| Dataset | ${markdownText(m.dataset)}, ${markdownText(m.split)} split |`);
  out.push(`| Spans | ${m.spanSource === 'gold' ? 'gold (manually labelled)' : 'detected (entity recognizer)'}: ${thousands(m.spans)} spans in ${thousands(m.documents)} documents |`);
  out.push(`| Created | ${markdownText(m.createdAt)} |`);
  if (m.published) out.push(`| Compared with | the paper's ${markdownText(publishedCaption(m.published.table, m.published.dataset))} |`);
  out.push('', '## Results', '', renderMarkdownTable(m, options).trimEnd(), '');
  const legend = [
    `Our scores are rounded to ${decimals} decimals (unrounded in [${CSV_FILE}](${CSV_FILE}); LaTeX in [${LATEX_FILE}](${LATEX_FILE})); — marks a score that is undefined or not reported.`,
  ];
  if (m.published) {
    legend.push(`Rows marked ↳ *paper* are the paper's ${m.published.table} for the ${PUBLISHED_DATASET_LABELS[m.published.dataset]}, as printed (2 decimals).`);
  }
  out.push(legend.join(' '), '');
  if (m.notes && m.notes.length > 0) out.push('Notes:', '', ...m.notes.map((n) => `- ${markdownText(n)}`), '');
  if (m.published) {
    out.push(
      `<details><summary>The paper's ${m.published.table} in full: ${PUBLISHED_DATASET_LABELS[m.published.dataset]}</summary>`,
      '',
      renderPublishedMarkdown(m.published.table, m.published.dataset).trimEnd(),
      '',
      '</details>',
      '',
    );
  }
  if (figures.length > 0) {
    out.push('## Figures', '');
    for (const f of figures) {
      out.push(`### ${FIGURE_TITLES[f.key]} (the paper's ${PAPER_FIGURE[f.key]})`, '', `![${FIGURE_TITLES[f.key]}](${f.name})`, '');
      out.push(...figureSummary(m, f.key).map((line) => `- ${line}`), '');
      out.push(`> ${PUBLISHED_FIGURE_NOTES[f.key]}`, '');
    }
  }
  out.push('## Settings', '');
  const settings = flattenSettings(m.settings).filter(([key]) => key !== '');
  if (settings.length === 0) out.push('(none recorded)');
  else out.push(...settings.map(([key, value]) => `- ${code(key)}: ${settingValue(value)}`));
  out.push('');
  return out.join('\n');
}

/** Every file of a run's results directory, in a fixed order. */
export function renderReportFiles(m: RunMetrics, options: TableOptions = {}): ReportFile[] {
  return [
    { name: REPORT_FILE, content: renderReportMarkdown(m, options) },
    { name: CSV_FILE, content: renderCsv(m) },
    { name: LATEX_FILE, content: renderLatexTable(m, options) },
    ...renderFigures(m).map((f) => ({ name: f.name, content: f.svg })),
  ];
}

export interface IndexEntry {
  /** The run's directory relative to the index file, with forward slashes (e.g. `tab-gold`). */
  dir: string;
  metrics: RunMetrics;
}

/** `results/README.md`: one line per run, linking to its report, with its best F1. */
export function renderIndex(entries: readonly IndexEntry[]): string {
  const out = ['# Results', '', `${entries.length} run(s). Re-render with \`sanitext report --index <this directory>\`.`, ''];
  out.push('| Run | Dataset | Split | Spans | Documents | Methods | Best F<sub>1</sub> | Paper | Created |');
  out.push('| :-- | :-- | :-- | :-- | --: | --: | :-- | :-- | :-- |');
  for (const { dir, metrics: m } of entries) {
    let best: { method: string; F1: number } | null = null;
    for (const row of m.rows) if (row.F1 !== null && (!best || row.F1 > best.F1)) best = { method: row.method, F1: row.F1 };
    const link = `[${markdownText(m.name)}](${encodeURI(`${dir}/${REPORT_FILE}`)})`;
    const bestCell = best ? `${fixed(best.F1, 3)} ${code(best.method).replace(/\|/g, '\\|')}` : '—';
    const paper = m.published ? `${m.published.table} (${m.published.dataset})` : '—';
    out.push(
      `| ${link} | ${markdownText(m.dataset)} | ${markdownText(m.split)} | ${m.spanSource} (${thousands(m.spans)}) | ${thousands(m.documents)} | ${m.rows.length} | ${bestCell} | ${paper} | ${markdownText(m.createdAt.slice(0, 10))} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
