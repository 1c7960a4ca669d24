/** `queue status`: how far a run is — jobs waiting, active, completed, failed — and why jobs failed. */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import type { InputProblem } from '../corpus/index.ts';
import { parseOptions } from './options.ts';
import { DEFAULT_QUEUE, checkName, parseJobId, requireRun, runKeys } from './store.ts';

export const StatusOptionsSchema = z.strictObject({
  runId: z.string().min(1),
  queue: z.string().default(DEFAULT_QUEUE),
});
export type StatusOptions = z.input<typeof StatusOptionsSchema>;

export interface RunStatus {
  runId: string;
  state: 'submitting' | 'submitted';
  jobs: number;
  documents: number;
  /** Waiting for a worker, or for their next try after a failure (back-off). */
  waiting: number;
  active: number;
  completed: number;
  /** Failed for good (every try spent). */
  failed: number;
  /** Jobs found stalled (their worker died) and put back in the queue. */
  stalled: number;
  /** The failed jobs, in order, with their error messages (never document text). */
  failures: { index: number; message: string }[];
  /** Bad input records skipped at submit. */
  problems: InputProblem[];
}

export async function runStatus(redis: Redis, rawOptions: StatusOptions): Promise<RunStatus> {
  const options = parseOptions(StatusOptionsSchema, rawOptions, 'queue status');
  const queueName = checkName(options.queue, '--queue');
  const runId = checkName(options.runId, '--run');
  const record = await requireRun(redis, queueName, runId);
  const keys = runKeys(queueName, runId);
  const [completed, failedRaw] = await Promise.all([redis.scard(keys.done), redis.hgetall(keys.failed)]);
  const queue = new Queue(queueName, { connection: redis });
  const activeIndices: number[] = [];
  try {
    // Active jobs are few (one per worker slot): their ids are listed (not their data, the documents).
    for (const id of await queue.getRanges(['active'], 0, -1)) {
      const ids = parseJobId(id);
      if (ids?.runId === runId) activeIndices.push(ids.index);
    }
  } finally {
    await queue.close();
  }
  // A worker writes a job's result before BullMQ moves the job out of the active list: a job already
  // done or failed for good is counted there, never also as active.
  // (One SISMEMBER per active job, a few: SMISMEMBER would need Redis 6.2.)
  const finished = await Promise.all(activeIndices.map((index) => redis.sismember(keys.done, String(index))));
  const active = activeIndices.filter((index, i) => finished[i] !== 1 && failedRaw[String(index)] === undefined).length;
  const failures = Object.entries(failedRaw)
    .map(([index, message]) => ({ index: Number(index), message }))
    .sort((a, b) => a.index - b.index);
  return {
    runId,
    state: record.state,
    jobs: record.jobs,
    documents: record.documents,
    waiting: Math.max(0, record.jobs - completed - failures.length - active),
    active,
    completed,
    failed: failures.length,
    stalled: record.stalled,
    failures,
    problems: record.problems,
  };
}

/** The status as `queue status` prints it. */
export function formatStatus(status: RunStatus): string {
  const lines = [
    `run ${status.runId}: ${status.state === 'submitting' ? 'still being submitted, ' : ''}${status.jobs} job(s), ${status.documents} document(s)`,
    `waiting ${status.waiting}  active ${status.active}  completed ${status.completed}  failed ${status.failed}  (stalled and re-queued: ${status.stalled})`,
    ...status.failures.map((f) => `failed: job ${f.index}: ${f.message}`),
    ...(status.problems.length > 0 ? [`${status.problems.length} bad input record(s) were skipped at submit`] : []),
  ];
  if (status.state === 'submitted' && status.completed === status.jobs) lines.push('all jobs completed: run `sanitext queue collect`');
  return lines.join('\n') + '\n';
}
