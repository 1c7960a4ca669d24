/** Privacy-oriented entity recognition: rule, gazetteer and (optional) neural layers, merged. */
export * from './types.ts';
export { createRecognizer, resolveMentions } from './recognizer.ts';
export type { Recognizer, RecognizerOptions, RecognizedSpan } from './recognizer.ts';
export { registerLayer, registeredLayers, createLayer, defaultLayerNames, neuralModelAvailable, NEURAL_MODEL_DIR, NEURAL_MODEL_NAME } from './registry.ts';
export type { LayerFactory } from './registry.ts';
export { mergeMentions, DEFAULT_TYPE_PRIORITY, DEFAULT_MERGE_ORDER } from './merge.ts';
export type { MergeOptions, MergeCriterion } from './merge.ts';
export { assignEntities, propagateMentions, normalizeSurface, acronymOf } from './coref.ts';
export type { EntityAssignment } from './coref.ts';
export { createRuleLayer, applyRule, ALL_RULES } from './rules/index.ts';
export type { Rule, RuleLayerOptions } from './rules/index.ts';
export { createGazetteerLayer, loadGazetteerMatcher, KeywordMatcher, DEFAULT_GAZETTEER_DIR } from './gazetteer/index.ts';
export type { GazetteerLayerOptions, GazetteerHit, CasePolicy } from './gazetteer/index.ts';
