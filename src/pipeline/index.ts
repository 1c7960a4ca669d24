/** The application layer: one config turns documents into sanitized output (detect → assess → mask). */
export { checkPipeline, createDetector, createPipeline } from './pipeline.ts';
export type { Pipeline, RunOverrides, PipelineCounts, PipelineDocument, PipelineMention, PipelineOptions, PipelineResult, PipelineSummary } from './pipeline.ts';
export { NeuralLayerSchema, PipelineConfigSchema, RuleFamilies, parsePipelineConfig, pipelineJsonSchema, readPipelineConfig } from './config.ts';
export type { AssessConfig, DetectConfig, GivenSpans, MaskConfig, PipelineConfig, PipelineConfigInput } from './config.ts';
export { configuredNeuralLayer, detectLayers } from './detect.ts';
export type { ConfigOrigin, DetectionStage, NeuralOptions } from './detect.ts';
export { createSpanJudge } from './assess.ts';
export type { SpanDecision, SpanJudge } from './assess.ts';
export { GuardedPatternSet, checkPattern } from './patterns.ts';
export type { PatternMatch, UserPattern } from './patterns.ts';
export { pipelineStrategies } from './mask.ts';
export { createDetectorRunner, createPipelineRunner, defaultWorkerCount, modelThreadsPerWorker, parseWorkerCount, runPipelineParallel, SMALL_INPUT_BYTES, startWorkerThread, workersForInput } from './workers.ts';
export type { DetectorRunner, Outcome, PipelineRunner, WorkerOptions } from './workers.ts';
