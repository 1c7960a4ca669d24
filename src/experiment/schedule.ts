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
}

/**
 * Reads a config file and says how to run it. An evaluation config names `anonymizations`; anything
 * else must be a valid experiment config (validated here, so a bad config fails before any run starts).
 */
export async function describeStep(file: string): Promise<ReproductionStep> {
  const raw = await readConfigFile(file);
  const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if ('anonymizations' in record) {
    const name = typeof record.name === 'string' ? record.name : basename(file).replace(/\.ya?ml$/, '');
    // Each evaluation runs its own pipelines: nothing cached is shared with another config.
    return { file, name, kind: 'evaluate', laneKey: `evaluate:${name}`, weight: 4 * (Array.isArray(record.anonymizations) ? record.anonymizations.length : 1) };
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

/** Lanes of steps: steps sharing a lane key in one lane (more rows first), the heaviest lane first. */
export function planLanes(steps: readonly ReproductionStep[]): ReproductionStep[][] {
  const lanes = new Map<string, ReproductionStep[]>();
  for (const step of steps) {
    const lane = lanes.get(step.laneKey);
    if (lane) lane.push(step);
    else lanes.set(step.laneKey, [step]);
  }
  const total = (lane: readonly ReproductionStep[]): number => lane.reduce((sum, step) => sum + step.weight, 0);
  return [...lanes.values()].map((lane) => [...lane].sort((a, b) => b.weight - a.weight)).sort((a, b) => total(b) - total(a));
}
