/**
 * `queue work`: a BullMQ worker that loads the pipeline once and sanitizes job after job. A job's
 * result is written under a key derived from its run and index (SET: a re-delivered job writes the
 * same bytes again), together with its mapping encrypted under the workers’ key, in one atomic script. A
 * failing job is retried with exponential back-off (its attempts and delay were set at submit) and,
 * when its tries are spent, recorded with its error message under the run (`queue status` lists it).
 * A job whose worker died (its lock not renewed for `lockDurationMs`) is found by another worker's
 * stalled-job check (every `stalledIntervalMs`) and put back in the queue.
 */
import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { anonymizationToJson, type Document } from '../corpus/index.ts';
import { encryptMapping, loadMaskKey, type Mapping, type MaskKey } from '../mask/index.ts';
import { createPipeline, readPipelineConfig, type PipelineDocument, type PipelineResult } from '../pipeline/index.ts';
import { parseOptions } from './options.ts';
import { DEFAULT_QUEUE, JobPayloadSchema, checkName, parseJobId, runKeys, type JobPayload, type ResultDocument, type ResultRecord } from './store.ts';
import { checkQueueablePipeline, pipelineDigest } from './submit.ts';

/**
 * A job's result, mapping and done mark in one atomic step, and only while its run exists (a run
 * removed meanwhile gets nothing back). SET overwrites: a re-delivered job leaves the same result.
 */
const WRITE_RESULT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
if ARGV[2] ~= '' then redis.call('SET', KEYS[3], ARGV[2]) end
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('HDEL', KEYS[5], ARGV[3])
return 1`;

/** One command on a run's key, only while the run exists (a removed run must not come back as a stub). */
const WHILE_RUN_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call(ARGV[1], KEYS[2], unpack(ARGV, 2))`;

export const WorkOptionsSchema = z.strictObject({
  pipeline: z.string().min(1),
  queue: z.string().default(DEFAULT_QUEUE),
  /** Jobs in flight in this process (they share its one pipeline). */
  concurrency: z.number().int().min(1).max(64).default(1),
  /** How long a job's lock lasts without renewal: a dead worker's job is re-queued after about this long. */
  lockDurationMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** How often this worker looks for stalled jobs (of dead workers). */
  stalledIntervalMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** How often a job may stall before it fails for good. */
  maxStalledCount: z.number().int().min(0).max(100).default(1),
  /** Secret for the mapping kept per job (default $SANITEXT_MAPPING_KEY); without one no mapping is kept. */
  keyFile: z.string().optional(),
  /** Shown in logs and on jobs (default host:pid). */
  name: z.string().optional(),
});
export type WorkOptions = z.input<typeof WorkOptionsSchema>;

export interface QueueWorker {
  readonly name: string;
  readonly digest: string;
  /** Stops taking jobs, lets the ones in flight finish, disconnects. */
  close(): Promise<void>;
}

/** One line per event of note (no document text ever); stderr for the CLI. */
export type WorkLog = (line: string) => void;

/**
 * A document as collect needs it for every output format. TAB annotations are moved onto the
 * sanitized text with their span texts emptied: the originals must not be stored with the result.
 */
function resultDocument(doc: PipelineDocument, result: PipelineResult): ResultDocument {
  const replacements = result.offsetMap.segments.map((s) => ({ start: s.inputStart, end: s.inputEnd, replacement: result.text.slice(s.outputStart, s.outputEnd) }));
  const source = doc.source;
  return {
    id: doc.id,
    text: result.text,
    replacements: anonymizationToJson([{ id: doc.id, text: doc.text, replacements }])[doc.id],
    ...(source
      ? {
          tab: {
            ...(source.split ? { split: source.split } : {}),
            goldKind: source.goldKind,
            annotations: source.annotations.map((a) => ({ ...a, mentions: a.mentions.map((m) => ({ ...m, ...result.offsetMap.outputSpan(m), spanText: '' })) })),
          },
        }
      : {}),
    replaced: result.counts.replacements,
    ...(result.llm ? { leaks: result.llm.leaks } : {}),
  };
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}

export async function startWorker(redis: Redis, rawOptions: WorkOptions, log: WorkLog = (line) => process.stderr.write(`${line}\n`)): Promise<QueueWorker> {
  const options = parseOptions(WorkOptionsSchema, rawOptions, 'queue work');
  const queueName = checkName(options.queue, '--queue');
  const { config, file } = await readPipelineConfig(options.pipeline);
  checkQueueablePipeline(config, file);
  const digest = pipelineDigest(config);
  const key: MaskKey | undefined = loadMaskKey(options.keyFile);
  // Loaded once; every job of every run with this digest goes through it.
  const pipeline = await createPipeline(options.pipeline);
  const name = options.name ?? `${hostname()}:${process.pid}`;

  // Keyed tags and the kept mappings depend on the key: all workers of a run must hold the same one.
  const fingerprint = key ? createHmac('sha256', key.tagKey()).update('sanitext queue key fingerprint').digest('hex').slice(0, 16) : 'none';
  async function checkKey(runKey: string): Promise<void> {
    const claimed = await redis.eval(WHILE_RUN_EXISTS, 2, runKey, runKey, 'HSETNX', 'keyFingerprint', JSON.stringify(fingerprint));
    if (claimed === null) throw new Error('its run was removed meanwhile');
    if (claimed === 1) return;
    const stored = JSON.parse((await redis.hget(runKey, 'keyFingerprint')) ?? 'null') as string | null;
    if (stored !== fingerprint) {
      const what = (f: string | null): string => (f === 'none' ? 'no key' : `the key with fingerprint ${f}`);
      throw new Error(`this worker has ${what(fingerprint)}, the run's first worker had ${what(stored)}: give every worker the same --key-file or $SANITEXT_MAPPING_KEY`);
    }
  }

  async function processJob(job: Job<JobPayload>): Promise<{ documents: number }> {
    const parsed = JobPayloadSchema.safeParse(job.data);
    if (!parsed.success) throw new Error(`job ${job.id}: not a sanitext job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`);
    const payload = parsed.data;
    if (payload.digest !== digest) {
      throw new Error(`job ${job.id}: submitted for pipeline ${payload.digest.slice(0, 12)}…, this worker runs ${digest.slice(0, 12)}… (${options.pipeline}): give every worker the config the run was submitted with`);
    }
    const keys = runKeys(queueName, payload.runId);
    if ((await redis.exists(keys.run)) === 0) {
      log(`job ${job.id}: its run is gone (collected or cancelled): skipped`);
      return { documents: 0 };
    }
    await checkKey(keys.run);
    log(`job ${job.id} started (${payload.documents.length} document(s))`);
    const documents: ResultDocument[] = [];
    const mappings: Record<string, Mapping> = {};
    for (const d of payload.documents) {
      const source: Document | undefined = d.source ? { id: d.id, text: d.text, ...d.source } : undefined;
      const doc: PipelineDocument = { id: d.id, text: d.text, ...(source ? { source } : {}) };
      const result = await pipeline.runOne(doc);
      documents.push(resultDocument(doc, result));
      mappings[d.id] = result.mapping;
    }
    const record: ResultRecord = { runId: payload.runId, index: payload.index, digest, documents };
    const mapping = key ? encryptMapping({ kind: 'mapping-set', version: 1, strategy: config.mask.strategy, documents: mappings }, key) : '';
    const written = await redis.eval(WRITE_RESULT, 5, keys.run, keys.result(payload.index), keys.mapping(payload.index), keys.done, keys.failed, JSON.stringify(record), mapping, String(payload.index));
    log(written === 1 ? `job ${job.id} done` : `job ${job.id}: its run was removed meanwhile: result dropped`);
    return { documents: documents.length };
  }

  const worker = new Worker<JobPayload>(queueName, processJob, {
    connection: redis,
    name,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    autorun: false,
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const message = messageOf(error);
    // Failed for good when its tries are spent, or when it stalled too often (its state says which).
    void job
      .getState()
      .then(async (state) => {
        const final = state === 'failed';
        log(`job ${job.id} failed (attempt ${job.attemptsMade} of ${attempts})${final ? '' : ', to be retried'}: ${message}`);
        const ids = parseJobId(job.id);
        if (final && ids) {
          const keys = runKeys(queueName, ids.runId);
          await redis.eval(WHILE_RUN_EXISTS, 2, keys.run, keys.failed, 'HSET', String(ids.index), message);
        }
      })
      .catch((e: unknown) => log(`job ${job.id}: could not record its failure: ${messageOf(e)}`));
  });
  worker.on('stalled', (jobId) => {
    log(`job ${jobId} stalled (its worker stopped): put back in the queue`);
    const ids = parseJobId(jobId);
    const run = ids && runKeys(queueName, ids.runId).run;
    if (run) void redis.eval(WHILE_RUN_EXISTS, 2, run, run, 'HINCRBY', 'stalled', '1').catch((e: unknown) => log(`job ${jobId}: could not count the stall: ${messageOf(e)}`));
  });
  worker.on('error', (error) => log(`worker error: ${messageOf(error)}`));
  await worker.waitUntilReady();
  log(`queue worker ${name} ready on queue ${queueName} (pipeline ${digest.slice(0, 12)}…, ${key ? 'mappings kept encrypted' : 'no key: no mapping kept'})`);
  void worker.run();
  return {
    name,
    digest,
    async close() {
      await worker.close();
    },
  };
}
