/**
 * `queue submit`: reads the input with the one input reader (streaming), cuts it into jobs of
 * `batch` documents under a run id and adds them to the BullMQ queue. Memory stays bounded by one
 * batch (and the set of document ids, as in `sanitize`). The pipeline config is checked here (no
 * model is loaded) and its digest goes with every job: a worker with another config refuses the job.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { InputError, listInputs, readSource, type DocumentFormat, type InputProblem, type ReadDocument } from '../corpus/index.ts';
import { checkPipeline, type PipelineConfig } from '../pipeline/index.ts';
import { parseOptions } from './options.ts';
import { DEFAULT_QUEUE, checkName, jobIdOf, runKeys, writeRunRecord, type JobDocument, type JobPayload } from './store.ts';

export const DEFAULT_BATCH = 64;

export const SubmitOptionsSchema = z.strictObject({
  /** A file, folder, `-` or dataset name: anything the input reader takes. */
  input: z.string().min(1),
  /** The pipeline config file the workers run (they are given the same file). */
  pipeline: z.string().min(1),
  batch: z.number().int().min(1).max(100_000).default(DEFAULT_BATCH),
  /** Default: `run-<UTC time>-<random>`. */
  runId: z.string().optional(),
  queue: z.string().default(DEFAULT_QUEUE),
  /** Tries per job before it fails for good. */
  attempts: z.number().int().min(1).max(100).default(3),
  /** First retry delay; doubles each retry (exponential back-off). */
  backoffMs: z.number().int().min(0).max(3_600_000).default(1000),
  /**
   * Back-pressure: submit waits while this many jobs of the queue wait for a worker, so Redis holds a
   * bounded amount of original text whatever the size of the input.
   */
  maxWaiting: z.number().int().min(1).max(10_000_000).default(1000),
  /** How often a waiting submit looks again (ms). */
  pollMs: z.number().int().min(10).max(60_000).default(1000),
  dataRoot: z.string().optional(),
  /** Format of a single file or of standard input (as `sanitize --from`). */
  from: z.enum(['text', 'jsonl', 'tab']).optional(),
});
export type SubmitOptions = z.input<typeof SubmitOptionsSchema>;

export interface SubmitReport {
  runId: string;
  jobs: number;
  documents: number;
  /** Bad JSON-lines records that were skipped (file and line). */
  problems: InputProblem[];
}

/** The digest that ties jobs to one pipeline config (the validated config, defaults filled in). */
export function pipelineDigest(config: PipelineConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/**
 * Settings the queue mode cannot honour, refused before anything is queued. `scope: collection`
 * needs one pseudonym table for the whole run, which workers on many machines do not share: numbered
 * placeholders stay per document, and keyed tags are the same on every machine with the same key.
 */
export function checkQueueablePipeline(config: PipelineConfig, file: string): void {
  if (config.mask.scope === 'collection') {
    throw new InputError([
      {
        file,
        message:
          'mask.scope: "collection" is not supported by the queue mode (its workers share no pseudonym table); use scope "document" — with strategy keyed-tag an entity gets the same tag in every document and on every machine under one key — or run `sanitext sanitize` in one process',
      },
    ]);
  }
}

export function newRunId(now = new Date()): string {
  return `run-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
}

/** The format collect writes by default: the input's, or JSON lines when its files differ. */
function defaultFormat(formats: readonly DocumentFormat[]): DocumentFormat {
  return formats.every((f) => f === formats[0]) ? formats[0] : 'jsonl';
}

function jobDocument(doc: ReadDocument): JobDocument {
  // Only what the pipeline reads: TAB `task` and `meta` name the person or case and stay out of the queue.
  return { id: doc.id, text: doc.text, ...(doc.source ? { source: { ...(doc.source.split ? { split: doc.source.split } : {}), goldKind: doc.source.goldKind, annotations: doc.source.annotations } } : {}) };
}

export async function submitRun(redis: Redis, rawOptions: SubmitOptions): Promise<SubmitReport> {
  const options = parseOptions(SubmitOptionsSchema, rawOptions, 'queue submit');
  const queueName = checkName(options.queue, '--queue');
  const runId = checkName(options.runId ?? newRunId(), '--run');
  const summary = await checkPipeline(options.pipeline);
  checkQueueablePipeline(summary.config, options.pipeline);
  const digest = pipelineDigest(summary.config);
  const sources = await listInputs(options.input, { dataRoot: options.dataRoot, format: options.from });
  const keys = runKeys(queueName, runId);
  // The run record is claimed first, atomically: two submits of one run id cannot interleave their jobs.
  if ((await redis.hsetnx(keys.run, 'runId', JSON.stringify(runId))) === 0) {
    throw new InputError([{ file: '(command line)', message: `--run ${runId}: a run of that id already exists on queue ${queueName}` }]);
  }
  await writeRunRecord(redis, keys.run, {
    state: 'submitting',
    digest,
    strategy: summary.config.mask.strategy,
    input: options.input,
    format: defaultFormat(sources.map((s) => s.format)),
    jobs: 0,
    documents: 0,
    batch: options.batch,
    created: new Date().toISOString(),
    problems: [],
    stalled: 0,
  });
  const queue = new Queue<JobPayload>(queueName, { connection: redis });
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  let batch: JobDocument[] = [];
  let jobs = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    while ((await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')) >= options.maxWaiting) await new Promise((r) => setTimeout(r, options.pollMs));
    const index = jobs++;
    await queue.add('sanitize', { runId, index, digest, documents: batch }, {
      jobId: jobIdOf(runId, index),
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      // A finished job's data (the original texts) leaves Redis: its result is kept under the run.
      removeOnComplete: true,
      removeOnFail: false,
    });
    batch = [];
  };
  try {
    for (const source of sources) {
      for await (const doc of readSource(source, { dataRoot: options.dataRoot, format: options.from, onProblem: (p) => problems.push(p) })) {
        if (seen.has(doc.id)) throw new InputError([{ file: source.path, docId: doc.id, message: `${doc.line ? `line ${doc.line}: ` : ''}document id occurs twice in this run` }]);
        seen.add(doc.id);
        batch.push(jobDocument(doc));
        if (batch.length >= options.batch) await flush();
      }
    }
    await flush();
    if (seen.size === 0) throw new InputError(problems.length > 0 ? problems : [{ file: options.input, message: 'no documents to sanitize' }]);
    await writeRunRecord(redis, keys.run, { state: 'submitted', jobs, documents: seen.size, problems });
  } catch (error) {
    // Nothing half-submitted stays behind: the jobs added so far, their results and the record go
    // (a worker finds no run record and writes nothing).
    await redis.del(keys.run);
    for (let index = 0; index < jobs; index++) {
      await queue.remove(jobIdOf(runId, index)).catch(() => undefined);
      await redis.del(keys.result(index), keys.mapping(index));
    }
    await redis.del(keys.done, keys.failed);
    throw error;
  } finally {
    await queue.close();
  }
  return { runId, jobs, documents: seen.size, problems };
}
