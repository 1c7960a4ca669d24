/**
 * The queue mode: many machines sanitize one corpus through BullMQ over Redis. `submitRun` cuts the
 * input into jobs, `startWorker` processes them on any number of machines (one pipeline loaded per
 * worker), `runStatus` tells how far a run is, `collectRun` merges the results in job order into the
 * output `sanitize` would have written. Plain data between the steps; Redis is the only shared state.
 */
export { connectRedis, parseRedisUrl, describeRedisUrl, REDIS_URL_ENV } from './redis.ts';
export type { RedisConnectOptions } from './redis.ts';
export { submitRun, pipelineDigest, checkQueueablePipeline, newRunId, DEFAULT_BATCH, SubmitOptionsSchema } from './submit.ts';
export type { SubmitOptions, SubmitReport } from './submit.ts';
export { startWorker, WorkOptionsSchema } from './work.ts';
export type { QueueWorker, WorkLog, WorkOptions } from './work.ts';
export { runStatus, formatStatus, StatusOptionsSchema } from './status.ts';
export type { RunStatus, StatusOptions } from './status.ts';
export { cancelRun, collectRun, removeRun, CollectOptionsSchema, RemoveOptionsSchema } from './collect.ts';
export type { CollectOptions, CollectReport, RemoveOptions } from './collect.ts';
export { DEFAULT_QUEUE, JobPayloadSchema, RunRecordSchema, jobIdOf, parseJobId, runKeys, readRunRecord } from './store.ts';
export type { JobDocument, JobPayload, ResultDocument, ResultRecord, RunRecord } from './store.ts';
