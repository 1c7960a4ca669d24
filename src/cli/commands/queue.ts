/**
 * `sanitext queue submit|work|status|collect`: the queue mode over BullMQ and Redis (src/queue).
 * Every subcommand takes `--redis URL` (default $SANITEXT_REDIS_URL); a bad URL or an unreachable
 * server is one message and exit 2. The output flags of `collect` are those of `sanitize`.
 */
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { InputError, formatProblem, type DocumentFormat } from '../../corpus/index.ts';
import { DOCUMENT_FORMATS } from '../../mask/index.ts';
import { dataRootOf } from '../options.ts';

interface ConnectionFlags {
  redis?: string;
  queue: string;
}

function usage(message: string): never {
  throw new InputError([{ file: '(command line)', message }]);
}

function wholeNumber(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) usage(`${option} is a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function documentFormat(value: string | undefined, option: string): DocumentFormat | undefined {
  if (value === undefined) return undefined;
  if (!DOCUMENT_FORMATS.includes(value as DocumentFormat)) usage(`${option} is one of ${DOCUMENT_FORMATS.join(', ')}, not "${value}"`);
  return value as DocumentFormat;
}

/** Runs `body` with a connected client and always disconnects (the module loads bullmq only here). */
async function withRedis<T>(flags: ConnectionFlags, body: (redis: Redis, queue: typeof import('../../queue/index.ts')) => Promise<T>): Promise<T> {
  const queue = await import('../../queue/index.ts');
  const url = flags.redis ?? process.env[queue.REDIS_URL_ENV];
  if (url === undefined || url === '') usage(`--redis URL is needed (or $${queue.REDIS_URL_ENV}), e.g. redis://127.0.0.1:6379`);
  const redis = await queue.connectRedis(url);
  try {
    return await body(redis, queue);
  } finally {
    redis.disconnect();
  }
}

const REDIS_HELP = 'Redis URL, redis://[:password@]host:port[/db] (default: $SANITEXT_REDIS_URL)';
const QUEUE_HELP = 'BullMQ queue name (the same for submit, work, status and collect)';

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('sanitize a corpus on many machines: jobs in a BullMQ queue over Redis, workers anywhere, results merged in order');

  queue
    .command('submit')
    .description('cut the input into jobs of --batch documents under a run id and queue them')
    .argument('<input>', 'a .txt, .jsonl or TAB .json file, - for standard input, a folder of them, or a dataset name')
    .requiredOption('--pipeline <config>', 'the pipeline config the workers run (pipelines/*.yaml); its digest goes with every job')
    .option('--redis <url>', REDIS_HELP)
    .option('--batch <n>', 'documents per job', '64')
    .option('--run <id>', 'run id (letters, digits, _ and -; default run-<time>-<random>)')
    .option('--queue <name>', QUEUE_HELP, 'sanitext')
    .option('--attempts <n>', 'tries per job before it fails for good', '3')
    .option('--backoff <ms>', 'delay before the first retry, doubled at each retry', '1000')
    .option('--from <format>', `input format of a file or of standard input: ${DOCUMENT_FORMATS.join(' | ')}`)
    .option('--max-waiting <n>', 'wait while this many jobs wait for a worker (bounds the original text held in Redis)', '1000')
    .action(async (input: string, flags: ConnectionFlags & { pipeline: string; batch: string; run?: string; attempts: string; backoff: string; from?: string; maxWaiting: string }, command: Command) => {
      const options = {
        input,
        pipeline: flags.pipeline,
        batch: wholeNumber(flags.batch, '--batch', 1, 100_000),
        attempts: wholeNumber(flags.attempts, '--attempts', 1, 100),
        backoffMs: wholeNumber(flags.backoff, '--backoff', 0, 3_600_000),
        maxWaiting: wholeNumber(flags.maxWaiting, '--max-waiting', 1, 10_000_000),
        queue: flags.queue,
        dataRoot: dataRootOf(command),
        ...(flags.run !== undefined ? { runId: flags.run } : {}),
        ...(flags.from !== undefined ? { from: documentFormat(flags.from, '--from') } : {}),
      };
      const report = await withRedis(flags, (redis, q) => q.submitRun(redis, options));
      if (report.problems.length > 0) {
        process.stderr.write(`sanitext: bad input\n${new InputError(report.problems).message}\n`);
        process.exitCode = 2;
      }
      const skipped = report.problems.length > 0 ? `; ${report.problems.length} bad record(s) skipped (listed above), exit status 2` : '';
      process.stderr.write(`submitted run ${report.runId}: ${report.documents} document(s) in ${report.jobs} job(s) on queue ${flags.queue}${skipped}\n`);
      // The run id alone on stdout, for scripts: RUN=$(sanitext queue submit …)
      process.stdout.write(`${report.runId}\n`);
    });

  queue
    .command('work')
    .description('process jobs with the pipeline (loaded once) until stopped (SIGINT/SIGTERM finish the jobs in hand first)')
    .requiredOption('--pipeline <config>', 'the pipeline config the runs were submitted with')
    .option('--redis <url>', REDIS_HELP)
    .option('--queue <name>', QUEUE_HELP, 'sanitext')
    .option('--concurrency <n>', 'jobs in flight in this process (they share its pipeline)', '1')
    .option('--lock-duration <ms>', 'a job whose worker stops renewing its lock this long is re-queued', '30000')
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers', '30000')
    .option('--max-stalled <n>', 'how often a job may stall before it fails for good', '1')
    .option('--key-file <file>', 'secret to encrypt the mapping kept per job (default: $SANITEXT_MAPPING_KEY; none: no mapping kept)')
    .option('--name <name>', 'worker name in logs (default host:pid)')
    .action(async (flags: ConnectionFlags & { pipeline: string; concurrency: string; lockDuration: string; stalledInterval: string; maxStalled: string; keyFile?: string; name?: string }) => {
      const q = await import('../../queue/index.ts');
      const url = flags.redis ?? process.env[q.REDIS_URL_ENV];
      if (url === undefined || url === '') usage(`--redis URL is needed (or $${q.REDIS_URL_ENV}), e.g. redis://127.0.0.1:6379`);
      const options = {
        pipeline: flags.pipeline,
        queue: flags.queue,
        concurrency: wholeNumber(flags.concurrency, '--concurrency', 1, 64),
        lockDurationMs: wholeNumber(flags.lockDuration, '--lock-duration', 100, 3_600_000),
        stalledIntervalMs: wholeNumber(flags.stalledInterval, '--stalled-interval', 100, 3_600_000),
        maxStalledCount: wholeNumber(flags.maxStalled, '--max-stalled', 0, 100),
        ...(flags.keyFile !== undefined ? { keyFile: flags.keyFile } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
      };
      const redis = await q.connectRedis(url);
      let worker: Awaited<ReturnType<typeof q.startWorker>>;
      try {
        worker = await q.startWorker(redis, options);
      } catch (error) {
        redis.disconnect();
        throw error;
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          process.stderr.write(`${signal}: finishing the jobs in hand, then stopping\n`);
          worker.close().finally(() => {
            redis.disconnect();
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });

  queue
    .command('status')
    .description('jobs of a run waiting, active, completed and failed, and why jobs failed')
    .requiredOption('--run <id>', 'the run id submit printed')
    .option('--redis <url>', REDIS_HELP)
    .option('--queue <name>', QUEUE_HELP, 'sanitext')
    .option('--json', 'print the status as JSON')
    .action(async (flags: ConnectionFlags & { run: string; json?: boolean }) => {
      const status = await withRedis(flags, (redis, q) => q.runStatus(redis, { runId: flags.run, queue: flags.queue }));
      const { formatStatus } = await import('../../queue/index.ts');
      process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    });

  queue
    .command('collect')
    .description('merge the results of a finished run in job order into one output (as sanitize writes it); a missing or failed job: exit 2, nothing written')
    .requiredOption('--run <id>', 'the run id submit printed')
    .option('--redis <url>', REDIS_HELP)
    .option('--queue <name>', QUEUE_HELP, 'sanitext')
    .option('--out <file>', 'output file (default stdout)')
    .option('--to <format>', `output format: ${DOCUMENT_FORMATS.join(' | ')} (default: the input's)`)
    .option('--format <kind>', 'documents (the sanitized texts, see --to) | anonymization ({doc_id: [[start, end, replacement]]} in code points of the input)', 'documents')
    .option('--mapping <file>', 'save the merged placeholder → original mapping here (AES-256-GCM encrypted with the key)')
    .option('--plain-mapping', 'save the mapping unencrypted (it holds the originals in clear)')
    .option('--key-file <file>', "the workers' secret (default: $SANITEXT_MAPPING_KEY)")
    .option('--keep', 'keep the run in Redis after collecting (default: its results are removed)')
    .action(async (flags: ConnectionFlags & { run: string; out?: string; to?: string; format: string; mapping?: string; plainMapping?: boolean; keyFile?: string; keep?: boolean }) => {
      if (flags.format !== 'documents' && flags.format !== 'anonymization') usage(`--format is "documents" or "anonymization", not "${flags.format}"`);
      const options = {
        runId: flags.run,
        queue: flags.queue,
        format: flags.format as 'documents' | 'anonymization',
        plainMapping: flags.plainMapping === true,
        keep: flags.keep === true,
        ...(flags.out !== undefined ? { out: flags.out } : {}),
        ...(flags.to !== undefined ? { to: documentFormat(flags.to, '--to') } : {}),
        ...(flags.mapping !== undefined ? { mapping: flags.mapping } : {}),
        ...(flags.keyFile !== undefined ? { keyFile: flags.keyFile } : {}),
      };
      const report = await withRedis(flags, (redis, q) => q.collectRun(redis, options));
      if (report.problems.length > 0) {
        // As sanitize: the good documents are written, the bad records submit skipped are listed, exit 2.
        process.stderr.write(`sanitext: bad input\n${report.problems.map(formatProblem).join('\n')}\n`);
        process.exitCode = 2;
      }
      const mappingNote = flags.mapping ? `; mapping saved to ${flags.mapping}${flags.plainMapping ? ' (NOT encrypted)' : ' (encrypted)'}` : '';
      const leakNote = report.leaks > 0 ? `; ${report.leaks} original(s) found again in the LLM output and masked with a type tag` : '';
      const skippedNote = report.problems.length > 0 ? `; ${report.problems.length} bad record(s) skipped at submit (listed above), exit status 2` : '';
      process.stderr.write(`collected run ${report.runId}: ${report.documents} document(s) from ${report.jobs} job(s), ${report.replaced} span(s) replaced with ${report.strategy}${leakNote}${mappingNote}${skippedNote}\n`);
    });

  queue
    .command('remove')
    .description('cancel a run: remove its jobs (waiting, retrying or failed: they hold the original texts), results and record')
    .requiredOption('--run <id>', 'the run id submit printed')
    .option('--redis <url>', REDIS_HELP)
    .option('--queue <name>', QUEUE_HELP, 'sanitext')
    .action(async (flags: ConnectionFlags & { run: string }) => {
      const { removed, active } = await withRedis(flags, (redis, q) => q.cancelRun(redis, { runId: flags.run, queue: flags.queue }));
      const activeNote = active > 0 ? `; ${active} job(s) were in a worker's hands: they finish and are dropped` : '';
      process.stderr.write(`removed run ${flags.run}: ${removed} job(s) taken off the queue${activeNote}\n`);
    });
}
