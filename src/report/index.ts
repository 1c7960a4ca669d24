/**
 * Reports of benchmark runs: the `metrics.json` contract, the paper's published figures, tables
 * (Markdown, CSV, LaTeX), SVG figures (the paper's Figures 3, 5, 6) and the writers of `results/<run>/`.
 */
export {
  MetricsSchema,
  ResultRowSchema,
  SCORE_KEYS,
  PUBLISHED_TABLES,
  PUBLISHED_DATASETS,
  metricsJsonSchema,
  parseMetricsFile,
  validateMetrics,
} from './schema.ts';
export type {
  FigureData,
  LogprobByDecision,
  PerturbationPoint,
  PublishedDataset,
  PublishedTableName,
  ResultRow,
  RunMetrics,
  ScoreKey,
  TrainingSizePoint,
  TrainingSizeSeries,
} from './schema.ts';
export {
  PUBLISHED,
  PUBLISHED_DATASET_LABELS,
  PUBLISHED_FIGURE_NOTES,
  PUBLISHED_PERTURBATION_THRESHOLD,
  PUBLISHED_TABLE_CAPTIONS,
  canonicalMethod,
  groupOf,
  publishedRowFor,
  publishedRows,
} from './published.ts';
export type { PublishedRow } from './published.ts';
export {
  buildTableModel,
  formatScore,
  formatSeconds,
  latexEscape,
  renderCsv,
  renderLatexTable,
  renderMarkdownTable,
  renderPublishedMarkdown,
} from './tables.ts';
export type { TableBlock, TableEntry, TableModel, TableOptions } from './tables.ts';
export { FIGURE_FILES, histogram, renderLogprobFigure, renderPerturbationFigure, renderTrainingSizeFigure } from './figures.ts';
export type { FigureKey, FigureOptions, Histogram, PerturbationFigureOptions } from './figures.ts';
export {
  bestPerturbationThreshold,
  quantile,
  separationAuc,
  sizesAreFractions,
  summarize,
  summarizeLogprobs,
  summarizeTrainingSize,
} from './analysis.ts';
export type { LogprobSummary, Summary, ThresholdChoice, TrainingSizeSummary } from './analysis.ts';
export { CSV_FILE, LATEX_FILE, REPORT_FILE, figureSummary, renderFigures, renderIndex, renderReportFiles, renderReportMarkdown } from './render.ts';
export type { IndexEntry, ReportFile } from './render.ts';
export { INDEX_FILE, METRICS_FILE, findRunDirs, readMetricsFile, writeIndex, writeReport } from './writer.ts';
export { EVALUATION_FIGURE_FILE, EVALUATION_FILE, readEvaluationFile, renderEvaluationCsv, renderEvaluationFiles, renderEvaluationFigure, renderEvaluationLatex, renderEvaluationMarkdown, writeEvaluationReport } from './evaluation.ts';
