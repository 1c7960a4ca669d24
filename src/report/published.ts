/**
 * The paper's published figures (Papadopoulou et al., "Neural Text Sanitization with Privacy Risk
 * Indicators"), transcribed from its Tables 3, 5, 6 and 7, so a run can be read beside the paper.
 *
 * Values are exactly as printed (two decimals); `null` is the paper's "n/a". Table 3 reports token
 * P, R and F1 per semantic type of the privacy-oriented entity recognizer: its R is stored as `R_all`.
 */
import type { PublishedDataset, PublishedTableName, ScoreKey } from './schema.ts';

export interface PublishedRow {
  /** Our method name for this row (see `canonicalMethod` for the accepted spellings). */
  method: string;
  /** The paper's block (separated by dashed lines in the paper). */
  group: string;
  /** The row label as printed in the paper. */
  label: string;
  scores: Partial<Record<ScoreKey, number | null>>;
}

export const PUBLISHED_DATASET_LABELS: Record<PublishedDataset, string> = {
  wikipedia: 'Wikipedia biographies (test set)',
  tab: 'Text Anonymization Benchmark (test set)',
};

export const PUBLISHED_TABLE_CAPTIONS: Record<PublishedTableName, string> = {
  'Table 3': 'Token-level P, R and F1 of the privacy-oriented entity recognizer per semantic type',
  'Table 5': 'Privacy risk indicators on manually labelled PII spans',
  'Table 6': 'Privacy risk indicators on PII spans detected by the privacy-oriented entity recognizer',
  'Table 7': 'Combinations of privacy risk indicators (a span is masked if at least n indicators flag it)',
};

export const PUBLISHED: Record<PublishedTableName, Record<PublishedDataset, readonly PublishedRow[]>> = {
  'Table 3': {
    wikipedia: [
      { method: 'recognizer:CODE', group: 'Semantic type', label: 'CODE', scores: { P: null, R_all: null, F1: null } },
      { method: 'recognizer:PERSON', group: 'Semantic type', label: 'PERSON', scores: { P: 0.97, R_all: 0.88, F1: 0.92 } },
      { method: 'recognizer:ORG', group: 'Semantic type', label: 'ORG', scores: { P: 0.86, R_all: 0.79, F1: 0.82 } },
      { method: 'recognizer:LOC', group: 'Semantic type', label: 'LOC', scores: { P: 0.86, R_all: 0.79, F1: 0.82 } },
      { method: 'recognizer:QUANTITY', group: 'Semantic type', label: 'QUANTITY', scores: { P: 0.49, R_all: 0.83, F1: 0.62 } },
      { method: 'recognizer:DATETIME', group: 'Semantic type', label: 'DATETIME', scores: { P: 0.84, R_all: 0.96, F1: 0.90 } },
      { method: 'recognizer:DEM', group: 'Semantic type', label: 'DEM', scores: { P: 0.56, R_all: 0.84, F1: 0.67 } },
      { method: 'recognizer:MISC', group: 'Semantic type', label: 'MISC', scores: { P: 0.52, R_all: 0.61, F1: 0.56 } },
      { method: 'recognizer:micro-label-match', group: 'Micro-average', label: 'Micro-avg. w/ label match', scores: { P: 0.72, R_all: 0.81, F1: 0.76 } },
      { method: 'recognizer:micro-no-label-match', group: 'Micro-average', label: 'Micro-avg. w/o label match', scores: { P: 0.83, R_all: 0.92, F1: 0.87 } },
    ],
    tab: [
      { method: 'recognizer:CODE', group: 'Semantic type', label: 'CODE', scores: { P: 0.98, R_all: 0.95, F1: 0.97 } },
      { method: 'recognizer:PERSON', group: 'Semantic type', label: 'PERSON', scores: { P: 0.98, R_all: 0.94, F1: 0.96 } },
      { method: 'recognizer:ORG', group: 'Semantic type', label: 'ORG', scores: { P: 0.75, R_all: 0.81, F1: 0.78 } },
      { method: 'recognizer:LOC', group: 'Semantic type', label: 'LOC', scores: { P: 0.51, R_all: 0.80, F1: 0.62 } },
      { method: 'recognizer:QUANTITY', group: 'Semantic type', label: 'QUANTITY', scores: { P: 0.39, R_all: 0.82, F1: 0.53 } },
      { method: 'recognizer:DATETIME', group: 'Semantic type', label: 'DATETIME', scores: { P: 0.92, R_all: 0.99, F1: 0.95 } },
      { method: 'recognizer:DEM', group: 'Semantic type', label: 'DEM', scores: { P: 0.10, R_all: 0.47, F1: 0.16 } },
      { method: 'recognizer:MISC', group: 'Semantic type', label: 'MISC', scores: { P: 0.03, R_all: 0.23, F1: 0.06 } },
      { method: 'recognizer:micro-label-match', group: 'Micro-average', label: 'Micro-avg. w/ label match', scores: { P: 0.57, R_all: 0.84, F1: 0.68 } },
      { method: 'recognizer:micro-no-label-match', group: 'Micro-average', label: 'Micro-avg. w/o label match', scores: { P: 0.63, R_all: 0.93, F1: 0.75 } },
    ],
  },
  'Table 5': {
    wikipedia: [
      { method: 'mask-everything', group: 'Majority rule', label: 'Majority rule (mask everything)', scores: { P: 0.80, Pw: 0.84, R_all: 1.00, F1: 0.89, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'llm-probability:logreg', group: 'LLM probabilities', label: 'LLM probabilities (logistic regression)', scores: { P: 0.87, Pw: 0.89, R_all: 0.92, F1: 0.89, R_ent: 0.85, R_direct: 1.00, R_quasi: 0.84 } },
      { method: 'llm-probability:ensemble', group: 'LLM probabilities', label: 'LLM probabilities (AutoML model)', scores: { P: 0.89, Pw: 0.91, R_all: 0.93, F1: 0.91, R_ent: 0.89, R_direct: 1.00, R_quasi: 0.88 } },
      { method: 'span-classification', group: 'Span classification', label: 'Span classification (AutoML model)', scores: { P: 0.93, Pw: 0.94, R_all: 0.87, F1: 0.90, R_ent: 0.82, R_direct: 0.99, R_quasi: 0.81 } },
      { method: 'perturbation', group: 'Perturbations', label: 'Perturbations (threshold ≈ 3.5)', scores: { P: 0.80, Pw: 0.84, R_all: 1.00, F1: 0.89, R_ent: 1.00, R_direct: 0.99, R_quasi: 1.00 } },
      { method: 'sequence-labelling:full', group: 'Sequence labelling', label: 'Sequence labelling (RoBERTa, strict match)', scores: { P: 0.84, Pw: 0.89, R_all: 0.81, F1: 0.82, R_ent: 0.78, R_direct: 0.85, R_quasi: 0.77 } },
      { method: 'sequence-labelling:partial', group: 'Sequence labelling', label: 'Sequence labelling (RoBERTa, partial match)', scores: { P: 0.83, Pw: 0.86, R_all: 0.97, F1: 0.89, R_ent: 0.97, R_direct: 1.00, R_quasi: 0.96 } },
      { method: 'web-search:urls', group: 'Web search', label: 'Web search (URL ∩)', scores: { P: 0.98, Pw: 0.99, R_all: 0.22, F1: 0.36, R_ent: 0.08, R_direct: 0.52, R_quasi: 0.03 } },
      { method: 'web-search:hits', group: 'Web search', label: 'Web search (# of hits)', scores: { P: 0.80, Pw: 0.84, R_all: 0.99, F1: 0.88, R_ent: 0.99, R_direct: 0.95, R_quasi: 0.99 } },
    ],
    tab: [
      { method: 'mask-everything', group: 'Majority rule', label: 'Majority rule (mask everything)', scores: { P: 0.52, Pw: 0.56, R_all: 1.00, F1: 0.69, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'llm-probability:logreg', group: 'LLM probabilities', label: 'LLM probabilities (logistic regression)', scores: { P: 0.53, Pw: 0.57, R_all: 0.96, F1: 0.68, R_ent: 0.93, R_direct: 0.91, R_quasi: 0.93 } },
      { method: 'llm-probability:ensemble', group: 'LLM probabilities', label: 'LLM probabilities (AutoML model)', scores: { P: 0.61, Pw: 0.64, R_all: 0.93, F1: 0.73, R_ent: 0.93, R_direct: 1.00, R_quasi: 0.92 } },
      { method: 'span-classification', group: 'Span classification', label: 'Span classification (AutoML model)', scores: { P: 0.74, Pw: 0.77, R_all: 0.92, F1: 0.83, R_ent: 0.93, R_direct: 1.00, R_quasi: 0.92 } },
      { method: 'perturbation', group: 'Perturbations', label: 'Perturbations (threshold ≈ 10)', scores: { P: 0.52, Pw: 0.56, R_all: 1.00, F1: 0.69, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'sequence-labelling:full', group: 'Sequence labelling', label: 'Sequence labelling (Longformer, strict match)', scores: { P: 0.90, Pw: 0.91, R_all: 0.87, F1: 0.88, R_ent: 0.88, R_direct: 0.96, R_quasi: 0.87 } },
      { method: 'sequence-labelling:partial', group: 'Sequence labelling', label: 'Sequence labelling (Longformer, partial match)', scores: { P: 0.87, Pw: 0.88, R_all: 0.95, F1: 0.90, R_ent: 0.95, R_direct: 1.00, R_quasi: 0.95 } },
      { method: 'web-search:urls', group: 'Web search', label: 'Web search (URL ∩)', scores: { P: 0.95, Pw: 0.96, R_all: 0.13, F1: 0.22, R_ent: 0.04, R_direct: 0.41, R_quasi: 0.01 } },
      { method: 'web-search:hits', group: 'Web search', label: 'Web search (# of hits)', scores: { P: 0.52, Pw: 0.56, R_all: 0.98, F1: 0.68, R_ent: 0.97, R_direct: 0.93, R_quasi: 0.98 } },
    ],
  },
  'Table 6': {
    wikipedia: [
      { method: 'mask-everything', group: 'Majority rule', label: 'Majority rule (mask everything)', scores: { P: 0.66, Pw: 0.75, R_all: 0.93, F1: 0.77, R_ent: 0.91, R_direct: 0.88, R_quasi: 0.91 } },
      { method: 'llm-probability:logreg', group: 'LLM probabilities', label: 'LLM probabilities (logistic regression)', scores: { P: 0.82, Pw: 0.86, R_all: 0.83, F1: 0.82, R_ent: 0.75, R_direct: 0.87, R_quasi: 0.74 } },
      { method: 'llm-probability:ensemble', group: 'LLM probabilities', label: 'LLM probabilities (AutoML model)', scores: { P: 0.83, Pw: 0.87, R_all: 0.84, F1: 0.84, R_ent: 0.78, R_direct: 0.87, R_quasi: 0.78 } },
      { method: 'span-classification', group: 'Span classification', label: 'Span classification (AutoML model)', scores: { P: 0.87, Pw: 0.90, R_all: 0.78, F1: 0.83, R_ent: 0.72, R_direct: 0.85, R_quasi: 0.71 } },
      { method: 'perturbation', group: 'Perturbations', label: 'Perturbations (threshold ≈ 3.5)', scores: { P: 0.66, Pw: 0.75, R_all: 0.93, F1: 0.77, R_ent: 0.91, R_direct: 0.87, R_quasi: 0.91 } },
      { method: 'sequence-labelling:full', group: 'Sequence labelling', label: 'Sequence labelling (RoBERTa, strict match)', scores: { P: 0.80, Pw: 0.87, R_all: 0.70, F1: 0.75, R_ent: 0.65, R_direct: 0.81, R_quasi: 0.63 } },
      { method: 'sequence-labelling:partial', group: 'Sequence labelling', label: 'Sequence labelling (RoBERTa, partial match)', scores: { P: 0.76, Pw: 0.82, R_all: 0.91, F1: 0.83, R_ent: 0.88, R_direct: 0.88, R_quasi: 0.88 } },
      { method: 'web-search:urls', group: 'Web search', label: 'Web search (URL ∩)', scores: { P: 1.00, Pw: 1.00, R_all: 0.11, F1: 0.20, R_ent: 0.02, R_direct: 0.20, R_quasi: 0.00 } },
      { method: 'web-search:hits', group: 'Web search', label: 'Web search (# of hits)', scores: { P: 0.66, Pw: 0.75, R_all: 0.92, F1: 0.77, R_ent: 0.90, R_direct: 0.85, R_quasi: 0.91 } },
    ],
    tab: [
      { method: 'mask-everything', group: 'Majority rule', label: 'Majority rule (mask everything)', scores: { P: 0.43, Pw: 0.52, R_all: 0.96, F1: 0.60, R_ent: 0.93, R_direct: 0.98, R_quasi: 0.94 } },
      { method: 'llm-probability:logreg', group: 'LLM probabilities', label: 'LLM probabilities (logistic regression)', scores: { P: 0.44, Pw: 0.53, R_all: 0.91, F1: 0.60, R_ent: 0.85, R_direct: 0.93, R_quasi: 0.85 } },
      { method: 'llm-probability:ensemble', group: 'LLM probabilities', label: 'LLM probabilities (AutoML model)', scores: { P: 0.51, Pw: 0.60, R_all: 0.88, F1: 0.65, R_ent: 0.87, R_direct: 0.98, R_quasi: 0.86 } },
      { method: 'span-classification', group: 'Span classification', label: 'Span classification (AutoML model)', scores: { P: 0.68, Pw: 0.76, R_all: 0.88, F1: 0.77, R_ent: 0.87, R_direct: 0.98, R_quasi: 0.86 } },
      { method: 'perturbation', group: 'Perturbations', label: 'Perturbations (threshold ≈ 10)', scores: { P: 0.43, Pw: 0.52, R_all: 0.96, F1: 0.60, R_ent: 0.94, R_direct: 0.98, R_quasi: 0.94 } },
      { method: 'sequence-labelling:full', group: 'Sequence labelling', label: 'Sequence labelling (Longformer, strict match)', scores: { P: 0.87, Pw: 0.88, R_all: 0.83, F1: 0.85, R_ent: 0.83, R_direct: 0.95, R_quasi: 0.82 } },
      { method: 'sequence-labelling:partial', group: 'Sequence labelling', label: 'Sequence labelling (Longformer, partial match)', scores: { P: 0.82, Pw: 0.84, R_all: 0.91, F1: 0.86, R_ent: 0.90, R_direct: 0.98, R_quasi: 0.90 } },
      { method: 'web-search:urls', group: 'Web search', label: 'Web search (URL ∩)', scores: { P: 0.99, Pw: 0.99, R_all: 0.12, F1: 0.22, R_ent: 0.03, R_direct: 0.43, R_quasi: 0.01 } },
      { method: 'web-search:hits', group: 'Web search', label: 'Web search (# of hits)', scores: { P: 0.43, Pw: 0.51, R_all: 0.94, F1: 0.59, R_ent: 0.91, R_direct: 0.90, R_quasi: 0.92 } },
    ],
  },
  'Table 7': {
    wikipedia: [
      { method: 'combination:>=1', group: 'Combination', label: '≥ 1', scores: { P: 0.78, Pw: 0.82, R_all: 1.00, F1: 0.87, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'combination:>=2', group: 'Combination', label: '≥ 2', scores: { P: 0.80, Pw: 0.84, R_all: 1.00, F1: 0.89, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'combination:>=3', group: 'Combination', label: '≥ 3', scores: { P: 0.84, Pw: 0.87, R_all: 0.98, F1: 0.90, R_ent: 0.96, R_direct: 1.00, R_quasi: 0.96 } },
    ],
    tab: [
      { method: 'combination:>=1', group: 'Combination', label: '≥ 1', scores: { P: 0.52, Pw: 0.56, R_all: 1.00, F1: 0.68, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'combination:>=2', group: 'Combination', label: '≥ 2', scores: { P: 0.52, Pw: 0.56, R_all: 1.00, F1: 0.69, R_ent: 1.00, R_direct: 1.00, R_quasi: 1.00 } },
      { method: 'combination:>=3', group: 'Combination', label: '≥ 3', scores: { P: 0.61, Pw: 0.64, R_all: 0.98, F1: 0.75, R_ent: 0.99, R_direct: 1.00, R_quasi: 0.99 } },
    ],
  },
};

/**
 * What the paper says about its figures, quoted or closely paraphrased from §6.3 and Appendices E–F:
 * the figures themselves are images, so these statements are the only published numbers to compare with.
 */
export const PUBLISHED_FIGURE_NOTES = {
  logprobByDecision:
    'Paper, Figure 3: on the Wikipedia biographies the log-probabilities of masked and non-masked spans differ clearly; on TAB they do not (when aggregated over all PII types).',
  trainingSize:
    'Paper, Figure 5 / §6.3: the LLM-probability classifier reaches its optimal F1 after about 1% of the training set; span classification stabilises at about 10%.',
  perturbationThresholds:
    'Paper, Figure 6 / §5.3: the threshold maximising P + R_direct + R_quasi on the training split is about 3.5 for Wikipedia and about 10 for TAB.',
} as const;

/** The threshold the paper chose per dataset (§5.3), for reference lines and summaries. */
export const PUBLISHED_PERTURBATION_THRESHOLD: Record<PublishedDataset, number> = { wikipedia: 3.5, tab: 10 };

/**
 * Accepted alternative spellings of our method names. Keys are compared after lower-casing and
 * removing blanks, so `Combination: >= 2` and `combination:>=2` are the same.
 */
const ALIASES: Record<string, string> = {
  'mask-all': 'mask-everything',
  'majority': 'mask-everything',
  'majority-rule': 'mask-everything',
  'llm-probability:logistic-regression': 'llm-probability:logreg',
  'llm-probability:lr': 'llm-probability:logreg',
  'llm-probability:logistic': 'llm-probability:logreg',
  'llm-probability:automl': 'llm-probability:ensemble',
  'span-classification:automl': 'span-classification',
  'perturbations': 'perturbation',
  'sequence-labelling:strict': 'sequence-labelling:full',
  'sequence-labeling:full': 'sequence-labelling:full',
  'sequence-labeling:strict': 'sequence-labelling:full',
  'sequence-labeling:partial': 'sequence-labelling:partial',
  'web-search:url': 'web-search:urls',
  'web-search:hit': 'web-search:hits',
};

/** Our canonical method name for a spelling found in a metrics file (unknown names come back lower-cased, blanks removed). */
export function canonicalMethod(method: string): string {
  const compact = method.trim().replace(/\s+/g, '').replace(/≥/g, '>=');
  const lower = compact.toLowerCase();
  // Table 7: `>=2`, `combination:2`, `combination:>=2`, `combination:≥2`.
  const combination = /^(?:combination:)?(?:>=)?(\d+)$/.exec(lower);
  if (combination && (lower.startsWith('combination:') || lower.startsWith('>='))) return `combination:>=${combination[1]}`;
  // Table 3: `PERSON`, `recognizer:PERSON` (semantic types stay upper case, as in the paper).
  const type = /^(?:recognizer:)?(code|person|org|loc|quantity|datetime|dem|misc)$/.exec(lower);
  if (type) return `recognizer:${type[1].toUpperCase()}`;
  return ALIASES[lower] ?? lower;
}

/** The published rows of one table and dataset, in the paper's order. */
export function publishedRows(table: PublishedTableName, dataset: PublishedDataset): readonly PublishedRow[] {
  return PUBLISHED[table][dataset];
}

/** The published row matching one of our method names, if the paper reports it in that table. */
export function publishedRowFor(method: string, table: PublishedTableName, dataset: PublishedDataset): PublishedRow | undefined {
  const key = canonicalMethod(method);
  return PUBLISHED[table][dataset].find((row) => row.method === key);
}

/** Paper-style block names for our method families, used when a row has no `group`. */
const FAMILY_GROUPS: Record<string, string> = {
  'mask-everything': 'Majority rule',
  'llm-probability': 'LLM probabilities',
  'span-classification': 'Span classification',
  'perturbation': 'Perturbations',
  'sequence-labelling': 'Sequence labelling',
  'web-search': 'Web search',
  'combination': 'Combination',
  'recognizer': 'Entity recognizer',
};

/** The block a row belongs to: its explicit group, else its method family (the part before `:`). */
export function groupOf(method: string, group?: string): string {
  if (group) return group;
  const family = canonicalMethod(method).split(':')[0];
  return FAMILY_GROUPS[family] ?? family;
}
