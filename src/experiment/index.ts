export { ExperimentConfigSchema, parseExperimentConfig, readExperimentConfig, experimentJsonSchema, rowId } from './config.ts';
export type { ExperimentConfig, IndicatorRun } from './config.ts';
export { runExperiment } from './runner.ts';
export type { RunOptions } from './runner.ts';
export { makeFolds, seededShuffle } from './folds.ts';
export type { Fold } from './folds.ts';
export { ScoreCheckpoint, stableHash } from './checkpoint.ts';
export { terminalProgress, silentProgress } from './progress.ts';
export type { ProgressSink, ProgressTick } from './progress.ts';
