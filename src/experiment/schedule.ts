/**
 * The whole reproduction in one run (`sanitext reproduce`): which configs may run side by side.
 *
 * Benchmark configs on the same dataset share work through the caches (Tables 6 and 7 restore the
 * folds Table 5 fitted; Table 7 reuses its scores of the gold spans): they run one after the other in
 * one lane, the config with more work first, so the later ones find the earlier one's fits and
 * checkpoints instead of computing the same rows at the same time. Lanes run side by side, the
 * heaviest first.
 */
import { basename } from 'node:path';
import { readConfigFile } from '../corpus/index.ts';
import { getMetric, metricEntryParts, parseEvaluationConfig, type EvaluationConfig } from '../eval/index.ts';
import { readExperimentConfig } from './config.ts';

/** `benchmark`: an experiment config (`sanitext benchmark`); `evaluate`: an evaluation config (`sanitext evaluate --config`). */
export type ReproductionKind = 'benchmark' | 'evaluate';

export interface ReproductionStep {
  file: string;
  name: string;
  kind: ReproductionKind;
  /** Steps with the same key share cached rows and run in one lane. */
  laneKey: string;
  /** A rough measure of the work, to start the heaviest lanes first. */
  weight: number;
  /**
   * An evaluation split into parts that run side by side (metric entries per part, see
   * `metricEntryParts`); `planLanes` gives each part its own lane and the run merges them at the end.
   */
  parts?: number[][];
  /** The weight of each part. */
  partWeights?: number[];
  /** Set on the step of one part: its metric entries and its number. */
  part?: { entries: number[]; index: number };
}

/**
 * The work of some metric entries of an evaluation, in about the unit of a benchmark row on TAB: an
 * entry that runs a model over every anonymization (masked LM, encoder, an attacker of its own) costs 1
 * per anonymization, any other 0.05 (counting and training a linear attacker take seconds).
 */
function evaluationWeight(config: EvaluationConfig, entries: readonly number[]): number {
  const cost = (i: number): number => {
    const entry = config.metrics[i];
    const usesModel = getMetric(entry.metric).needs.some((need) => need === 'maskedLm' || need === 'encoder') || typeof entry.options.model === 'string' || entry.options.weights === 'mlm';
    return usesModel ? 1 : 0.05;
  };
  return config.anonymizations.length * entries.reduce((sum, i) => sum + cost(i), 0);
}

/**
 * Reads a config file and says how to run it. An evaluation config names `anonymizations`; anything
 * else must be a valid experiment config (validated here, so a bad config fails before any run starts).
 */
export async function describeStep(file: string): Promise<ReproductionStep> {
  const raw = await readConfigFile(file);
  const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if ('anonymizations' in record) {
    const config = parseEvaluationConfig(raw, file);
    // Each evaluation runs its own pipelines: nothing cached is shared with another config.
    const parts = metricEntryParts(config);
    const step: ReproductionStep = { file, name: config.name, kind: 'evaluate', laneKey: `evaluate:${config.name}`, weight: evaluationWeight(config, config.metrics.map((_, i) => i)) };
    return parts.length > 1 ? { ...step, parts, partWeights: parts.map((entries) => evaluationWeight(config, entries)) } : step;
  }
  const config = await readExperimentConfig(file);
  if (config.task === 'detection') return { file, name: config.name, kind: 'benchmark', laneKey: `detection:${config.name}`, weight: 1 };
  const folds = 'crossValidation' in config.evaluation ? config.evaluation.crossValidation.folds : 1;
  return {
    file,
    name: config.name,
    kind: 'benchmark',
    laneKey: `rows:${config.dataset}`,
    weight: config.indicators.length * folds * (config.spans === 'gold' ? 1 : 2),
  };
}

/**
 * Lanes of steps: steps sharing a lane key in one lane (more rows first), the heaviest lane first. An
 * evaluation in parts becomes one step per part, each in its own lane, weighted by its share of the
 * metric entries' work.
 */
export function planLanes(steps: readonly ReproductionStep[]): ReproductionStep[][] {
  const lanes = new Map<string, ReproductionStep[]>();
  const expanded = steps.flatMap((step) => {
    if (!step.parts) return [step];
    return step.parts.map((entries, index) => ({ ...step, parts: undefined, partWeights: undefined, part: { entries, index }, laneKey: `${step.laneKey}#${index}`, weight: step.partWeights?.[index] ?? step.weight / step.parts!.length }));
  });
  for (const step of expanded) {
    const lane = lanes.get(step.laneKey);
    if (lane) lane.push(step);
    else lanes.set(step.laneKey, [step]);
  }
  const total = (lane: readonly ReproductionStep[]): number => lane.reduce((sum, step) => sum + step.weight, 0);
  return [...lanes.values()].map((lane) => [...lane].sort((a, b) => b.weight - a.weight)).sort((a, b) => total(b) - total(a));
}
