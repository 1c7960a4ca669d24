/**
 * What the queue mode keeps in Redis, as plain data with zod schemas: a run record, one BullMQ job
 * per batch of documents, one result per job. Keys are derived from the queue name, the run id and
 * the job index, so a re-delivered job writes the same key again (with the same bytes: processing is
 * deterministic) — at-least-once delivery made safe.
 *
 *   <prefix>:<queue>:run:<run>            hash: the run record (fields of RunRecord, JSON values)
 *   <prefix>:<queue>:run:<run>:result:<i>  string: job i's ResultRecord (JSON)
 *   <prefix>:<queue>:run:<run>:mapping:<i> string: job i's mapping set, AES-256-GCM under the workers' key
 *   <prefix>:<queue>:run:<run>:done        set: indexes of the jobs with a result
 *   <prefix>:<queue>:run:<run>:failed      hash: index → error message of jobs that failed for good
 *
 * BullMQ's own keys live under `bull:<queue>:…`; a job's id is `<run>.<index>`.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { InputError, type Annotation, type Document } from '../corpus/index.ts';

export const DEFAULT_QUEUE = 'sanitext';
const KEY_PREFIX = 'sanitext';

/** Run ids and queue names: letters, digits, `_` and `-` (BullMQ forbids `:` in ids; `.` separates the index). */
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkName(value: string, option: string): string {
  if (!NAME_PATTERN.test(value)) throw new InputError([{ file: '(command line)', message: `${option} is 1 to 64 letters, digits, "_" or "-", not "${value}"` }]);
  return value;
}

export function jobIdOf(runId: string, index: number): string {
  return `${runId}.${index}`;
}

/** The run and index of a job id, or undefined for a job of no run of ours. */
export function parseJobId(jobId: string | undefined): { runId: string; index: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d+)$/.exec(jobId ?? '');
  return match ? { runId: match[1], index: Number(match[2]) } : undefined;
}

export function runKeys(queue: string, runId: string) {
  const run = `${KEY_PREFIX}:${queue}:run:${runId}`;
  return {
    run,
    result: (index: number) => `${run}:result:${index}`,
    mapping: (index: number) => `${run}:mapping:${index}`,
    done: `${run}:done`,
    failed: `${run}:failed`,
  };
}

const InputProblemSchema = z.strictObject({ file: z.string(), docId: z.string().optional(), mentionId: z.string().optional(), message: z.string() });

/** The run record `queue submit` writes: what collect and status need, never a document's text. */
export const RunRecordSchema = z.strictObject({
  runId: z.string(),
  /** `submitting` while jobs are being added; `submitted` once all are in the queue. */
  state: z.enum(['submitting', 'submitted']),
  /** SHA-256 of the validated pipeline config: every worker must run the same one. */
  digest: z.string(),
  /** The pipeline's default strategy (named in the mapping set). */
  strategy: z.string(),
  /** The input as given to submit (a path or a dataset name), for messages. */
  input: z.string(),
  /** The input's format: collect's default output format. */
  format: z.enum(['text', 'jsonl', 'tab']),
  jobs: z.number().int().min(0),
  documents: z.number().int().min(0),
  batch: z.number().int().min(1),
  created: z.string(),
  /** Bad JSON-lines records skipped at submit (file and line, no text): collect lists them and exits 2. */
  problems: z.array(InputProblemSchema),
  /** Jobs found stalled (their worker died) and put back in the queue. */
  stalled: z.number().int().min(0),
  /** Set by the run's first worker: a fingerprint of its key (or "none"); every other worker must match it. */
  keyFingerprint: z.string().optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A document of a job: id, text and, for TAB input, its annotations (the gold spans a pipeline may use). */
const JobDocumentSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string(),
  source: z
    .strictObject({
      split: z.string().optional(),
      goldKind: z.enum(['tab', 'masked-spans']),
      annotations: z.array(z.custom<Annotation>((value) => typeof value === 'object' && value !== null)),
    })
    .optional(),
});
export type JobDocument = z.infer<typeof JobDocumentSchema>;

/** A job's data: plain JSON, the documents of one batch. */
export const JobPayloadSchema = z.strictObject({
  runId: z.string(),
  index: z.number().int().min(0),
  digest: z.string(),
  documents: z.array(JobDocumentSchema).min(1),
});
export type JobPayload = z.infer<typeof JobPayloadSchema>;

/** One sanitized document as a job stores it: what every output format of collect needs, and no original. */
export interface ResultDocument {
  id: string;
  /** The sanitized text. */
  text: string;
  /** Replaced regions in code points of the input, with their replacements (`--format anonymization`). */
  replacements: (number | string)[][];
  /** For TAB input: the annotations moved onto the sanitized text (span texts left empty; collect fills them from `text`). */
  tab?: { split?: string; goldKind: Document['goldKind']; annotations: Annotation[] };
  /** Regions replaced. */
  replaced: number;
  /** With an LLM strategy: originals found again in its output (and masked). */
  leaks?: number;
}

export interface ResultRecord {
  runId: string;
  index: number;
  digest: string;
  documents: ResultDocument[];
}

/** Field-wise JSON in a Redis hash, so single counters (stalled) can be incremented in place. */
export async function writeRunRecord(redis: Redis, key: string, record: Partial<RunRecord>): Promise<void> {
  const fields = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, JSON.stringify(v)]));
  if (Object.keys(fields).length > 0) await redis.hset(key, fields);
}

/** The run record, or undefined when there is no such run. Throws when it is damaged. */
export async function readRunRecord(redis: Redis, queue: string, runId: string): Promise<RunRecord | undefined> {
  const raw = await redis.hgetall(runKeys(queue, runId).run);
  if (Object.keys(raw).length === 0) return undefined;
  const parsed = RunRecordSchema.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as unknown])));
  if (!parsed.success) {
    throw new InputError([{ file: `Redis run ${runId}`, message: `the run record is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }]);
  }
  return parsed.data;
}

/** Refuses a run id that names no run: one message, naming the queue too. */
export async function requireRun(redis: Redis, queue: string, runId: string): Promise<RunRecord> {
  const record = await readRunRecord(redis, queue, runId);
  if (!record) throw new InputError([{ file: '(command line)', message: `--run ${runId}: no such run on queue ${queue} (submitted with another --queue, or already collected and removed?)` }]);
  return record;
}
