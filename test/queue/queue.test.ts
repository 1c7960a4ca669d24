/**
 * The queue mode end to end with a real Redis and real worker processes (`node bin/sanitext.mjs queue
 * work`): a worker killed while it holds a job, its job re-queued to the other worker, and the merged
 * output byte for byte the single-process `sanitize` output; a failing job retried, then reported; a
 * re-delivered job writing identical bytes; collect refusing a run with a missing job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskKey, decryptMapping } from '../../src/mask/index.ts';
import { InputError } from '../../src/corpus/index.ts';
import { cancelRun, connectRedis, jobIdOf, parseJobId, runKeys, runStatus, startWorker, submitRun, type RunStatus } from '../../src/queue/index.ts';
import { runChild } from '../cli/child-process.ts';
import { dropQueue, redisUnavailable, startTestRedis, type TestRedis } from './redis-server.ts';

const BIN = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));
const RULES_PIPELINE = fileURLToPath(new URL('./rules-keyed-tag.yaml', import.meta.url));
const KEY = randomBytes(32).toString('hex');
const ENV = { ...process.env, SANITEXT_MAPPING_KEY: KEY };
// Short locks so a dead worker's job comes back within a second or two.
const FAST_LOCKS = ['--lock-duration', '1000', '--stalled-interval', '500'];

const skipReason = redisUnavailable();
if (skipReason) console.warn(`queue tests skipped: ${skipReason}`);

function cli(args: string[]) {
  return runChild(process.execPath, [BIN, ...args], { env: ENV, timeoutMs: 60_000 });
}

/** A `queue work` child process whose stderr (its job log) is watched line by line. */
class WorkerProcess {
  readonly child: ChildProcess;
  log = '';
  private readonly watchers: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], onLine?: (line: string) => void) {
    this.child = spawn(process.execPath, [BIN, 'queue', 'work', ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let partial = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.log += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine?.(line);
      for (const w of [...this.watchers]) {
        const match = this.log.match(w.pattern);
        if (match) {
          this.watchers.splice(this.watchers.indexOf(w), 1);
          w.resolve(match);
        }
      }
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const match = this.log.match(pattern);
    if (match) return Promise.resolve(match);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker log never matched ${pattern}:\n${this.log}`)), timeoutMs);
      this.watchers.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

async function waitForStatus(redis: Redis, queue: string, runId: string, done: (s: RunStatus) => boolean, timeoutMs = 30_000): Promise<RunStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await runStatus(redis, { runId, queue });
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not get there: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skipReason !== undefined)('queue mode on a real Redis', () => {
  let server: TestRedis;
  let redis: Redis;
  const queues: string[] = [];
  const workers: WorkerProcess[] = [];
  const freshQueue = (): string => {
    const name = `test-${randomBytes(4).toString('hex')}`;
    queues.push(name);
    return name;
  };

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    for (const w of workers) {
      if (w.child.signalCode === 'SIGSTOP') w.child.kill('SIGCONT');
      await w.stop();
    }
    for (const q of queues) await dropQueue(server.url, q);
    redis?.disconnect();
    await server?.stop();
  });

  it('two worker processes, one SIGKILLed while it holds a job: its job is re-queued and the merged output equals sanitize byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-kill-'));
    const queue = freshQueue();
    const run = 'kill-test';
    const connection = ['--redis', server.url, '--queue', queue];

    // The single-process reference runs meanwhile.
    const single = cli(['sanitize', 'sample', '--pipeline', RULES_PIPELINE, '--workers', '1', '--out', join(dir, 'single.json'), '--mapping', join(dir, 'single.map')]);
    // One document per job: 16 jobs, so the first worker is mid-run when it is stopped.
    const submitted = await cli(['queue', 'submit', 'sample', '--pipeline', RULES_PIPELINE, '--batch', '1', '--run', run, ...connection]);
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stdout.trim()).toBe(run);

    // Worker A is frozen (SIGSTOP) as soon as it reports a job, so it cannot finish or release it.
    let frozen: (jobId: string) => void = () => undefined;
    const firstJob = new Promise<string>((resolve) => (frozen = resolve));
    const a: WorkerProcess = new WorkerProcess(['--pipeline', RULES_PIPELINE, ...connection, ...FAST_LOCKS, '--name', 'worker-a'], (line) => {
      const started = /^job (\S+) started/.exec(line);
      if (started && a.child.signalCode === null && a.child.kill('SIGSTOP')) frozen(started[1]);
    });
    workers.push(a);
    await firstJob;
    // Frozen and alone so far: every active job of the run is one worker A holds.
    const bull = new Queue(queue, { connection: redis });
    const held = (await bull.getActive()).map((j) => String(j.id));
    await bull.close();
    expect(held.length).toBeGreaterThan(0);

    const b = new WorkerProcess(['--pipeline', RULES_PIPELINE, ...connection, ...FAST_LOCKS, '--name', 'worker-b']);
    workers.push(b);
    await b.waitFor(/ready on queue/);
    a.child.kill('SIGKILL');
    await a.exited;

    const status = await waitForStatus(redis, queue, run, (s) => s.completed === s.jobs);
    expect(status).toMatchObject({ jobs: 16, documents: 16, completed: 16, failed: 0, waiting: 0, active: 0 });
    expect(status.stalled).toBeGreaterThanOrEqual(1);
    // The job A held was found stalled by B, put back and done by B.
    for (const jobId of held) {
      expect(b.log).toContain(`job ${jobId} stalled`);
      expect(b.log).toMatch(new RegExp(`job ${jobId.replace('.', '\\.')} done`));
    }
    await b.stop();

    const collected = await cli(['queue', 'collect', '--run', run, ...connection, '--out', join(dir, 'queued.json'), '--mapping', join(dir, 'queued.map')]);
    expect(collected.status, collected.stderr).toBe(0);
    const reference = await single;
    expect(reference.status, reference.stderr).toBe(0);
    expect(collected.stderr).toContain('collected run kill-test: 16 document(s) from 16 job(s)');
    expect(readFileSync(join(dir, 'queued.json'))).toEqual(readFileSync(join(dir, 'single.json')));
    // Keyed tags are the same whichever worker made them; so are the mappings, merged from the jobs.
    const key = MaskKey.fromSecret(KEY, 'test key');
    const merged = decryptMapping(readFileSync(join(dir, 'queued.map'), 'utf8'), key);
    const expected = decryptMapping(readFileSync(join(dir, 'single.map'), 'utf8'), key);
    expect(merged.kind === 'mapping-set' && expected.kind === 'mapping-set').toBe(true);
    if (merged.kind === 'mapping-set' && expected.kind === 'mapping-set') expect(merged.documents).toEqual(expected.documents);
    // Collect removed the run: its results and record are gone.
    expect(await redis.exists(runKeys(queue, run).run, runKeys(queue, run).result(0))).toBe(0);
  });

  it('a failing job is retried with back-off, then reported by status; a re-delivered job writes the same bytes; collect refuses the run (exit 2, nothing written)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-fail-'));
    const queue = freshQueue();
    const run = 'fail-test';
    const connection = ['--redis', server.url, '--queue', queue];
    writeFileSync(join(dir, 'in.jsonl'), ['{"doc_id": "a", "text": "Alice Brown met the clerk."}', '{"doc_id": "b", "text": "Nothing to hide here."}', '{"doc_id": "c", "text": "Carol Smith"}'].join('\n') + '\n');
    // Document c's given span runs past its text: that document fails on every try.
    writeFileSync(join(dir, 'spans.json'), JSON.stringify({ a: [[0, 11]], c: [[0, 500]] }));
    writeFileSync(join(dir, 'pipeline.yaml'), 'detect:\n  given:\n    file: spans.json\nmask:\n  strategy: type-tag\n');
    const pipeline = join(dir, 'pipeline.yaml');

    const report = await submitRun(redis, { input: join(dir, 'in.jsonl'), pipeline, batch: 1, runId: run, queue, attempts: 2, backoffMs: 50 });
    expect(report).toMatchObject({ runId: run, jobs: 3, documents: 3, problems: [] });
    const bull = new Queue(queue, { connection: redis });
    const firstJob = await bull.getJob(jobIdOf(run, 0));
    const payload = firstJob!.data as unknown;

    const worker = new WorkerProcess(['--pipeline', pipeline, ...connection]);
    workers.push(worker);
    const status = await waitForStatus(redis, queue, run, (s) => s.completed + s.failed === s.jobs);
    expect(status).toMatchObject({ completed: 2, failed: 1, waiting: 0, active: 0 });
    expect(worker.log).toMatch(/job fail-test\.2 failed \(attempt 1 of 2\), to be retried/);
    expect(worker.log).toMatch(/job fail-test\.2 failed \(attempt 2 of 2\):/);
    expect(status.failures).toHaveLength(1);
    expect(status.failures[0].index).toBe(2);
    expect(status.failures[0].message).toContain('doc c');
    expect(status.failures[0].message).not.toContain('Carol');

    const printed = await cli(['queue', 'status', '--run', run, ...connection]);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('waiting 0  active 0  completed 2  failed 1');
    expect(printed.stdout).toMatch(/failed: job 2: .*doc c/);
    expect(printed.stdout).not.toContain('Carol');

    // At-least-once delivery: job 0 delivered again (its first completion "lost") overwrites its result with the same bytes.
    const before = await redis.get(runKeys(queue, run).result(0));
    expect(before).not.toBeNull();
    await bull.add('sanitize', payload as never, { jobId: jobIdOf(run, 0), removeOnComplete: true });
    await worker.waitFor(/job fail-test\.0 done[\s\S]*job fail-test\.0 done/);
    expect(await redis.get(runKeys(queue, run).result(0))).toBe(before);
    expect(await redis.scard(runKeys(queue, run).done)).toBe(2);
    await bull.close();
    await worker.stop();

    const out = join(dir, 'out.jsonl');
    const collected = await cli(['queue', 'collect', '--run', run, ...connection, '--out', out]);
    expect(collected.status).toBe(2);
    expect(collected.stderr).toMatch(/job 2: failed: .*doc c/);
    expect(collected.stderr).not.toContain('Carol');
    expect(existsSync(out)).toBe(false);
  });

  it('collect with a job not done exits 2 naming it and writes nothing; bad Redis URLs and collection scope are one message, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-missing-'));
    const queue = freshQueue();
    const run = 'missing-test';
    const connection = ['--redis', server.url, '--queue', queue];
    // Type tags need no key (this process has none).
    writeFileSync(join(dir, 'type-tag.yaml'), 'detect:\n  layers:\n    rules: true\nmask:\n  strategy: type-tag\n');
    const pipeline = join(dir, 'type-tag.yaml');
    await submitRun(redis, { input: 'sample', pipeline, batch: 10, runId: run, queue });
    const out = join(dir, 'out.json');
    const collected = await cli(['queue', 'collect', '--run', run, ...connection, '--out', out]);
    expect(collected.status).toBe(2);
    expect(collected.stderr).toContain('job 0: no result yet');
    expect(collected.stderr).toContain('job 1: no result yet');
    expect(existsSync(out)).toBe(false);

    const again = await submitRun(redis, { input: 'sample', pipeline, runId: run, queue }).catch((e: Error) => e);
    expect(String(again)).toContain('already exists');

    // Cancelling the run takes its waiting jobs (which hold the original texts) and its record away.
    expect(await cancelRun(redis, { runId: run, queue })).toEqual({ removed: 2, active: 0 });
    const bull = new Queue(queue, { connection: redis });
    expect(await bull.getJobState(jobIdOf(run, 0))).toBe('unknown');
    await bull.close();
    expect(await redis.exists(runKeys(queue, run).run)).toBe(0);

    const unreachable = await cli(['queue', 'status', '--run', run, '--redis', 'redis://127.0.0.1:1']);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toBe('sanitext: bad input\n(command line): --redis: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n');
    // The same InputError (what the CLI turns into one message and exit 2) from the library.
    const notRedis = await connectRedis('http://127.0.0.1:6379').catch((e: unknown) => e);
    expect(notRedis).toBeInstanceOf(InputError);
    expect(String(notRedis)).toContain('--redis: expected a redis:// or rediss:// URL');

    writeFileSync(join(dir, 'collection.yaml'), 'detect:\n  layers:\n    rules: true\nmask:\n  strategy: numbered\n  scope: collection\n');
    const refused = await submitRun(redis, { input: 'sample', pipeline: join(dir, 'collection.yaml'), queue }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect(String(refused)).toContain('mask.scope: "collection" is not supported by the queue mode');
  });

  it('submit waits while --max-waiting jobs wait for a worker (bounded original text in Redis), and goes on as a worker takes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-waiting-'));
    const queue = freshQueue();
    const run = 'waiting-test';
    writeFileSync(join(dir, 'type-tag.yaml'), 'detect:\n  layers:\n    rules: true\nmask:\n  strategy: type-tag\n');
    const pipeline = join(dir, 'type-tag.yaml');
    let finished = false;
    const submitting = submitRun(redis, { input: 'sample', pipeline, batch: 2, runId: run, queue, maxWaiting: 2, pollMs: 20 }).then((r) => ((finished = true), r));
    const bull = new Queue(queue, { connection: redis });
    const deadline = Date.now() + 10_000;
    while ((await bull.getJobCountByTypes('waiting')) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    // 8 jobs to submit, 2 in the queue, and submit still waiting for room.
    expect(await bull.getJobCountByTypes('waiting')).toBe(2);
    expect(finished).toBe(false);
    // A worker in this process (the library, not the CLI): the rest goes through.
    const workerRedis = new Redis(server.url, { maxRetriesPerRequest: null });
    const worker = await startWorker(workerRedis, { pipeline, queue }, () => undefined);
    try {
      expect(await submitting).toMatchObject({ jobs: 8, documents: 16 });
      expect(await waitForStatus(redis, queue, run, (s) => s.completed === s.jobs)).toMatchObject({ completed: 8, failed: 0 });
    } finally {
      await worker.close();
      workerRedis.disconnect();
      await bull.close();
    }
  });

  it('status counts a job whose result is written as completed, not also active, while BullMQ still lists it active', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-finishing-'));
    const queue = freshQueue();
    const run = 'finishing-test';
    writeFileSync(join(dir, 'type-tag.yaml'), 'detect:\n  layers:\n    rules: true\nmask:\n  strategy: type-tag\n');
    await submitRun(redis, { input: 'sample', pipeline: join(dir, 'type-tag.yaml'), batch: 16, runId: run, queue });
    // A bare BullMQ worker stands still between writing the result (as sanitext's does) and returning.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written: () => void = () => undefined;
    const resultWritten = new Promise<void>((resolve) => (written = resolve));
    const workerRedis = new Redis(server.url, { maxRetriesPerRequest: null });
    const worker = new Worker(
      queue,
      async (job) => {
        await redis.sadd(runKeys(queue, run).done, String(parseJobId(String(job.id))!.index));
        written();
        await gate;
      },
      { connection: workerRedis },
    );
    try {
      await resultWritten;
      const bull = new Queue(queue, { connection: redis });
      expect(await bull.getActiveCount()).toBe(1);
      await bull.close();
      expect(await runStatus(redis, { runId: run, queue })).toMatchObject({ jobs: 1, completed: 1, active: 0, waiting: 0 });
    } finally {
      release();
      await worker.close();
      workerRedis.disconnect();
    }
  });

  it('a worker whose key differs from the run\'s first worker refuses its jobs (keyed tags and mappings stay consistent)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-key-'));
    const queue = freshQueue();
    const run = 'key-test';
    writeFileSync(join(dir, 'type-tag.yaml'), 'detect:\n  layers:\n    rules: true\nmask:\n  strategy: type-tag\n');
    const pipeline = join(dir, 'type-tag.yaml');
    writeFileSync(join(dir, 'a.key'), randomBytes(32).toString('hex'));
    writeFileSync(join(dir, 'b.key'), randomBytes(32).toString('hex'));
    await submitRun(redis, { input: 'sample', pipeline, batch: 16, runId: run, queue, attempts: 1 });
    const bull = new Queue(queue, { connection: redis });
    const payload = (await bull.getJob(jobIdOf(run, 0)))!.data as unknown;
    const workerRedis = new Redis(server.url, { maxRetriesPerRequest: null });
    try {
      const first = await startWorker(workerRedis, { pipeline, queue, keyFile: join(dir, 'a.key') }, () => undefined);
      await waitForStatus(redis, queue, run, (s) => s.completed === 1);
      await first.close();
      // The job delivered again, to a worker with another key.
      await bull.add('sanitize', payload as never, { jobId: jobIdOf(run, 0), attempts: 1 });
      const lines: string[] = [];
      const second = await startWorker(workerRedis, { pipeline, queue, keyFile: join(dir, 'b.key') }, (line) => lines.push(line));
      const deadline = Date.now() + 10_000;
      while (!lines.some((l) => l.includes('failed')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await second.close();
      expect(lines.join('\n')).toMatch(/job key-test\.0 failed \(attempt 1 of 1\): this worker has the key with fingerprint [0-9a-f]{16}, the run's first worker had the key with fingerprint [0-9a-f]{16}/);
    } finally {
      workerRedis.disconnect();
      await bull.close();
    }
  });
});
