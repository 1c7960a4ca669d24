export type { CandidateSpec, ClassifierJson, EnsembleJson, ForestJson, ForestParams, LogisticJson, LogisticParams, ProbabilisticClassifier } from './types.ts';
export { LogisticClassifier, DEFAULT_LOGISTIC_PARAMS } from './logistic.ts';
export { ForestClassifier, DEFAULT_FOREST_PARAMS } from './forest.ts';
export { EnsembleClassifier, DEFAULT_CANDIDATES, loadClassifier, groupFolds, crossValidate, logLoss, trainCandidate, mulberry32 } from './ensemble.ts';
export type { EnsembleOptions, EnsembleReport, CandidateReport } from './ensemble.ts';
export { trainClassifier } from './select.ts';
export type { ClassifierKind } from './select.ts';
