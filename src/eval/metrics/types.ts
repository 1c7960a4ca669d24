/**
 * The contract of an evaluation metric: what it needs, its options, the named values it returns.
 * A metric is created once per evaluation run (so work on the original texts — information content,
 * clusters, a trained attacker — is done once) and then scores each anonymization.
 */
import type { z } from 'zod';
import type { AnonymizedRegion, Corpus, Replacement, SystemSpans } from '../../corpus/index.ts';
import type { MaskedLmEngine } from '../../lm/index.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';

/** What a metric needs besides the original and anonymized texts. */
export type MetricNeed = 'gold' | 'backgroundKnowledge' | 'maskedLm' | 'encoder';

/** One document of an anonymization: the original, the anonymized text and how one maps to the other. */
export interface AnonymizedDocument {
  id: string;
  original: string;
  anonymized: string;
  replacements: readonly Replacement[];
  /** Replaced regions in text order (overlapping spans merged). */
  regions: readonly AnonymizedRegion[];
}

/** One named anonymization of the evaluated corpus. */
export interface AnonymizationUnderTest {
  name: string;
  /** Every document of the corpus, in corpus order (unchanged where the file has no entry). */
  documents: readonly AnonymizedDocument[];
  /** The masked spans (UTF-16), keyed by document id, for the span-based metrics. */
  spans: SystemSpans;
}

/** Shared resources, loaded on first use and shared by all metrics of a run. */
export interface MetricContext {
  /** The original documents. */
  corpus: Corpus;
  /** Gold annotations: the named dataset or file, or the corpus itself when none is named. */
  gold(selector?: string): Promise<Corpus>;
  /** Background knowledge by the name given in the run's config: {individual id: text}. */
  backgroundKnowledge(name: string): Promise<ReadonlyMap<string, string>>;
  /** The file background knowledge `name` is read from (undefined when it is not a file): what a trained attacker is checked against. */
  backgroundKnowledgeFile(name: string): string | undefined;
  /** The folder relative paths in metric options (e.g. a model folder) resolve against: the config's. */
  baseDir: string;
  maskedLm(): Promise<MaskedLmEngine>;
  encoder(): Promise<SentenceEncoder>;
  /** Progress and notes (never document text). */
  log(message: string): void;
}

/** Named values; null where a value is undefined for this input (a note says why). */
export type MetricValues = Record<string, number | null>;

export interface MetricInstance {
  evaluate(anonymization: AnonymizationUnderTest): Promise<MetricValues>;
  /** Frees what `create` loaded (a model); called after the last anonymization. */
  dispose?(): Promise<void>;
}

export interface MetricDefinition<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  description: string;
  needs: readonly MetricNeed[];
  /** A strict schema: unknown keys are errors. */
  options: Schema;
  /** The value names this metric returns with these options, in display order. */
  columns(options: z.infer<Schema>): string[];
  /** Optional checks of files the options name (e.g. a trained model against its data), run for every metric before any metric's work. */
  check?(options: z.infer<Schema>, context: MetricContext): Promise<void>;
  create(options: z.infer<Schema>, context: MetricContext): Promise<MetricInstance>;
}
