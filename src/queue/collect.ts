/**
 * `queue collect`: merges the results of a run in job order into one output, written as
 * `sanitize` writes it (the same writers: OutputSession and DocumentWriter of src/mask, staged files
 * renamed into place only when everything succeeded). Every job's result must be there first: a
 * missing or failed job is an InputError naming it, and nothing is written. The per-job mappings
 * (encrypted under the workers' key) are merged into one mapping file.
 */
import { existsSync, statSync } from 'node:fs';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { InputError, type Document, type InputProblem } from '../corpus/index.ts';
import { MAPPING_FILE_MODE, OutputSession, checkOutputsAgainstInputs, decryptMapping, encryptMapping, isDirectory, loadMaskKey, plainMappingFile, type Mapping } from '../mask/index.ts';
import { parseOptions } from './options.ts';
import { DEFAULT_QUEUE, checkName, jobIdOf, requireRun, runKeys, type ResultRecord } from './store.ts';

export const CollectOptionsSchema = z.strictObject({
  runId: z.string().min(1),
  queue: z.string().default(DEFAULT_QUEUE),
  /** Output file; default stdout (held back until everything is merged). */
  out: z.string().optional(),
  /** Output format of the documents (default: the input's). */
  to: z.enum(['text', 'jsonl', 'tab']).optional(),
  format: z.enum(['documents', 'anonymization']).default('documents'),
  mapping: z.string().optional(),
  plainMapping: z.boolean().default(false),
  /** The workers' secret (default $SANITEXT_MAPPING_KEY): decrypts their mappings, encrypts the merged one. */
  keyFile: z.string().optional(),
  /** Keep the run's results in Redis after a successful collect (default: removed). */
  keep: z.boolean().default(false),
});
export type CollectOptions = z.input<typeof CollectOptionsSchema>;

export interface CollectReport {
  runId: string;
  jobs: number;
  documents: number;
  /** Regions replaced over all documents. */
  replaced: number;
  /** Originals an LLM strategy's output held again (each masked by its type tag). */
  leaks: number;
  strategy: string;
  /** Bad input records skipped at submit: the output was written without them (the CLI exits 2). */
  problems: InputProblem[];
}

function usage(message: string): never {
  throw new InputError([{ file: '(command line)', message }]);
}

/** Why jobs have no result: each named, with its error when it failed for good. */
async function missingJobs(redis: Redis, runId: string, keys: ReturnType<typeof runKeys>, jobs: number): Promise<InputProblem[]> {
  const present = await redis.smembers(keys.done);
  const done = new Set(present.map(Number));
  const failed = await redis.hgetall(keys.failed);
  const problems: InputProblem[] = [];
  for (let index = 0; index < jobs; index++) {
    if (done.has(index)) continue;
    const why = failed[String(index)];
    problems.push({ file: `run ${runId}`, message: `job ${index}: ${why !== undefined ? `failed: ${why}` : 'no result yet (waiting or active: see `sanitext queue status`)'}` });
  }
  return problems;
}

export async function collectRun(redis: Redis, rawOptions: CollectOptions): Promise<CollectReport> {
  const options = parseOptions(CollectOptionsSchema, rawOptions, 'queue collect');
  const queueName = checkName(options.queue, '--queue');
  const runId = checkName(options.runId, '--run');
  const anonymization = options.format === 'anonymization';
  if (anonymization && options.to) usage('--to sets the format of sanitized documents: --format anonymization writes one JSON object instead');
  if (options.out !== undefined && isDirectory(options.out)) usage(`--out ${options.out} is a folder: queue collect writes one file`);
  const key = loadMaskKey(options.keyFile);
  if (options.mapping && !key) {
    usage('--mapping needs the workers\' key (--key-file FILE or $SANITEXT_MAPPING_KEY): the queue keeps each job\'s mapping encrypted under it');
  }
  const record = await requireRun(redis, queueName, runId);
  if (record.state !== 'submitted') usage(`--run ${runId}: the run is still being submitted (or its submit was interrupted)`);
  // An input file of the run, when it is on this machine, must not be overwritten.
  const inputFile = existsSync(record.input) && statSync(record.input).isFile() ? [record.input] : [];
  checkOutputsAgainstInputs(
    [...(options.out !== undefined ? [{ option: '--out', path: options.out }] : []), ...(options.mapping !== undefined ? [{ option: '--mapping', path: options.mapping }] : [])],
    { files: [...inputFile, ...(options.keyFile !== undefined ? [options.keyFile] : [])] },
  );
  const keys = runKeys(queueName, runId);
  const missing = await missingJobs(redis, runId, keys, record.jobs);
  if (missing.length > 0) throw new InputError(missing);

  const output = new OutputSession();
  const writer = anonymization ? undefined : output.writer(options.out, options.to ?? record.format, `run ${runId}`);
  const replacements: Record<string, (number | string)[][]> = {};
  const mappings: Record<string, Mapping> = {};
  let documents = 0;
  let replaced = 0;
  let leaks = 0;
  try {
    // One job at a time: memory is bounded by a batch (and, with --mapping, the mappings).
    for (let index = 0; index < record.jobs; index++) {
      const raw = await redis.get(keys.result(index));
      if (raw === null) throw new InputError([{ file: `run ${runId}`, message: `job ${index}: its result disappeared while collecting` }]);
      const result = JSON.parse(raw) as ResultRecord;
      if (result.digest !== record.digest || result.index !== index) throw new InputError([{ file: `run ${runId}`, message: `job ${index}: its result belongs to another run or pipeline` }]);
      for (const doc of result.documents) {
        documents++;
        replaced += doc.replaced;
        leaks += doc.leaks ?? 0;
        if (writer) {
          const source: Document | undefined = doc.tab ? { id: doc.id, text: doc.text, ...doc.tab } : undefined;
          await writer.add({ id: doc.id, text: doc.text, ...(source ? { source } : {}) });
        } else replacements[doc.id] = doc.replacements;
      }
      if (options.mapping && key) {
        const content = await redis.get(keys.mapping(index));
        if (content === null) throw new InputError([{ file: `run ${runId}`, message: `job ${index}: no mapping was kept (its worker had no key: give every worker --key-file or $SANITEXT_MAPPING_KEY)` }]);
        const set = decryptMapping(content, key, `run ${runId} job ${index} mapping`);
        if (set.kind !== 'mapping-set') throw new InputError([{ file: `run ${runId}`, message: `job ${index}: its mapping is not a mapping set` }]);
        Object.assign(mappings, set.documents);
      }
    }
    await writer?.close();
    if (anonymization) await output.writeFile(options.out, JSON.stringify(replacements) + '\n', '--out');
    if (options.mapping) {
      const payload = { kind: 'mapping-set' as const, version: 1 as const, strategy: record.strategy, documents: mappings };
      const content = key && !options.plainMapping ? encryptMapping(payload, key) : plainMappingFile(payload);
      await output.writeFile(options.mapping, content, '--mapping', { mode: MAPPING_FILE_MODE });
    }
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
  if (!options.keep) await removeRun(redis, queueName, runId, record.jobs);
  return { runId, jobs: record.jobs, documents, replaced, leaks, strategy: record.strategy, problems: record.problems };
}

/** Deletes a run's record, results and mappings (its BullMQ jobs are already gone once completed). */
export async function removeRun(redis: Redis, queueName: string, runId: string, jobs: number): Promise<void> {
  const keys = runKeys(queueName, runId);
  const chunk = 500;
  for (let start = 0; start < jobs; start += chunk) {
    const names: string[] = [];
    for (let index = start; index < Math.min(jobs, start + chunk); index++) names.push(keys.result(index), keys.mapping(index));
    await redis.del(...names);
  }
  await redis.del(keys.run, keys.done, keys.failed);
}

export const RemoveOptionsSchema = z.strictObject({
  runId: z.string().min(1),
  queue: z.string().default(DEFAULT_QUEUE),
});
export type RemoveOptions = z.input<typeof RemoveOptionsSchema>;

/**
 * Cancels a run: its jobs that are not in a worker's hands (waiting, retrying, failed — they hold the
 * original texts) and its record, results and mappings. Returns how many jobs were removed, and how
 * many were active (a worker finishing one finds the run gone and writes nothing).
 */
export async function cancelRun(redis: Redis, rawOptions: RemoveOptions): Promise<{ removed: number; active: number }> {
  const options = parseOptions(RemoveOptionsSchema, rawOptions, 'queue remove');
  const queueName = checkName(options.queue, '--queue');
  const runId = checkName(options.runId, '--run');
  const record = await requireRun(redis, queueName, runId);
  // The record goes first: from then on no worker writes a result for this run.
  await redis.del(runKeys(queueName, runId).run);
  const queue = new Queue(queueName, { connection: redis });
  let removed = 0;
  let active = 0;
  try {
    for (let index = 0; index < record.jobs; index++) {
      const id = jobIdOf(runId, index);
      const state = await queue.getJobState(id);
      if (state === 'unknown') continue;
      if (state === 'active') active++;
      else removed += await queue.remove(id);
    }
  } finally {
    await queue.close();
  }
  await removeRun(redis, queueName, runId, record.jobs);
  return { removed, active };
}
