/**
 * Every core of one machine: a pipeline (or its detect stage) loaded once in each of N worker
 * threads, documents dealt to the least busy one, results given back in input order. At most
 * 2×N documents are in flight: the next document is pulled from the input only when one of those
 * has been taken by the consumer, so memory stays bounded on an input of any size.
 *
 * `scope: collection` pipelines run in this thread (one worker): numbered pseudonyms count across
 * the run, so they need one shared table. One worker also runs in this thread, with no thread at all.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputProblem } from '../corpus/index.ts';
import type { RecognizedSpan } from '../detect/index.ts';
import { OffsetMap } from '../mask/index.ts';
import type { PipelineConfigInput } from './config.ts';
import { checkPipeline, createDetector, createPipeline, type PipelineDocument, type PipelineOptions, type PipelineResult } from './pipeline.ts';
import type { FromWorker, SerializedError, ToWorker, WorkerInit } from './worker-entry.ts';

export interface WorkerOptions {
  /** Worker threads (default: the number of cores). 1 runs in this thread. */
  workers?: number;
}

/** One document's outcome: its result, or the error that document raised (the others go on). */
export type Outcome<D, R> = { doc: D; result: R; error?: undefined } | { doc: D; result?: undefined; error: Error };

export interface PipelineRunner {
  readonly layers: readonly string[];
  readonly indicator: string;
  readonly threshold: number | undefined;
  /** Worker threads in use at most; 0 when the pipeline runs in this thread. */
  readonly threads: number;
  /** Outcomes in input order; at most 2×threads documents in flight. */
  run<D extends PipelineDocument>(docs: AsyncIterable<D> | Iterable<D>): AsyncGenerator<Outcome<D, PipelineResult>>;
  /** As `Pipeline.finish`: a span file must not name documents the run never had. */
  finish(inputName?: string): Promise<void>;
  /** Stops the worker threads. */
  close(): Promise<void>;
}

export interface DetectorRunner {
  readonly layers: readonly string[];
  readonly threads: number;
  run<D extends PipelineDocument>(docs: AsyncIterable<D> | Iterable<D>): AsyncGenerator<Outcome<D, RecognizedSpan[]>>;
  close(): Promise<void>;
}

/** The default number of workers: one per core. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** ONNX threads per worker for models whose reference names none: the cores shared out, at least 1. */
export function modelThreadsPerWorker(workers: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / workers));
}

/** `--workers N`: a whole number from 1 to 1024, named in the error. */
export function parseWorkerCount(value: string | number | undefined, option = '--workers'): number {
  if (value === undefined) return defaultWorkerCount();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1024) throw new InputError([{ file: '(command line)', message: `${option} is a whole number from 1 to 1024, not "${value}"` }]);
  return count;
}

/**
 * Below this many input bytes one thread is faster than one worker per core: each worker loads its own
 * models (about 2 s with the default pipeline) and this thread's ONNX sessions already use every core.
 * Measured with `sanitext detect` on 2 cores: the 127 TAB test texts (0.67 MB) 4.7 s in one thread,
 * 5.9 s over 2 workers; eight copies of them (5.4 MB) 23.9 s and 19.1 s — even at about 1.5 MB.
 */
export const SMALL_INPUT_BYTES = 1 << 20;

/**
 * The worker count of a command: `--workers` when given; otherwise one per core, or one thread for an
 * input known to be under SMALL_INPUT_BYTES (`inputBytes` of corpus; undefined for standard input).
 */
export function workersForInput(flag: string | undefined, bytes: number | undefined): number {
  if (flag !== undefined) return parseWorkerCount(flag);
  return bytes !== undefined && bytes < SMALL_INPUT_BYTES ? 1 : defaultWorkerCount();
}

/**
 * A pipeline over `workers` threads (default: one per core). A collection-scope config, an
 * indicator context (live objects cannot cross threads) or `workers: 1` run in this thread.
 */
export async function createPipelineRunner(config: PipelineConfigInput | string, options: PipelineOptions & WorkerOptions = {}): Promise<PipelineRunner> {
  const { workers = defaultWorkerCount(), ...pipelineOptions } = options;
  // Checked here first (no model loads): a bad config fails once, in this thread.
  const summary = await checkPipeline(config, pipelineOptions);
  // An embedded LLM (mask.llm.modelPath) already uses every core, and each worker would load the whole model again.
  const embeddedLlm = summary.config.mask.llm?.modelPath !== undefined;
  if (workers <= 1 || embeddedLlm || summary.config.mask.scope === 'collection' || pipelineOptions.indicatorContext !== undefined || pipelineOptions.env !== undefined) {
    const pipeline = await createPipeline(config, pipelineOptions);
    return {
      layers: pipeline.layers,
      indicator: pipeline.indicator,
      threshold: pipeline.threshold,
      threads: 0,
      run: (docs) => inThread(docs, (doc) => pipeline.runOne(doc)),
      finish: async (inputName) => pipeline.finish(inputName),
      close: async () => {},
    };
  }
  const pool = await WorkerPool.start(workers, { kind: 'pipeline', config, baseDir: pipelineOptions.baseDir, file: pipelineOptions.file, modelThreads: modelThreadsPerWorker(workers) });
  return {
    layers: pool.info.layers,
    indicator: pool.info.indicator,
    threshold: pool.info.threshold,
    threads: workers,
    run: (docs) => ordered(docs, 2 * workers, async (doc) => resultFromWorker((await pool.submit({ type: 'doc', doc })) as PipelineResult)),
    finish: async (inputName) => {
      // Each worker saw part of the documents: a span-file document is unused when no worker used it.
      const perWorker = (await pool.broadcast({ type: 'finish', inputName })) as InputProblem[][];
      const unused = perWorker.reduce((common, problems) => common.filter((p) => problems.some((q) => q.docId === p.docId)));
      if (unused.length > 0) throw new InputError(unused);
    },
    close: () => pool.close(),
  };
}

/** The detect stage of a pipeline over `workers` threads (`sanitext detect`). */
export async function createDetectorRunner(detect: PipelineConfigInput['detect'], options: PipelineOptions & WorkerOptions = {}): Promise<DetectorRunner> {
  const { workers = defaultWorkerCount(), ...pipelineOptions } = options;
  if (workers <= 1) {
    const detector = await createDetector(detect, pipelineOptions);
    return { layers: detector.layers, threads: 0, run: (docs) => inThread(docs, (doc) => detector.detect({ id: doc.id, text: doc.text })), close: async () => {} };
  }
  await checkPipeline({ detect }, pipelineOptions);
  const pool = await WorkerPool.start(workers, { kind: 'detect', config: detect, baseDir: pipelineOptions.baseDir, file: pipelineOptions.file, modelThreads: modelThreadsPerWorker(workers) });
  return {
    layers: pool.info.layers,
    threads: workers,
    run: (docs) => ordered(docs, 2 * workers, async (doc) => (await pool.submit({ type: 'doc', doc })) as RecognizedSpan[]),
    close: () => pool.close(),
  };
}

/**
 * `pipeline.run` over worker threads: the same results in the same order, and the first failing
 * document's error thrown where `pipeline.run` would throw it.
 */
export async function* runPipelineParallel(
  config: PipelineConfigInput | string,
  docs: AsyncIterable<PipelineDocument> | Iterable<PipelineDocument>,
  options: PipelineOptions & WorkerOptions = {},
): AsyncGenerator<PipelineResult> {
  const runner = await createPipelineRunner(config, options);
  try {
    for await (const outcome of runner.run(docs)) {
      if (outcome.error) throw outcome.error;
      yield outcome.result;
    }
    await runner.finish();
  } finally {
    await runner.close();
  }
}

/** A result as it crossed the thread: OffsetMap is a class, rebuilt here. */
function resultFromWorker(result: PipelineResult): PipelineResult {
  const map = result.offsetMap;
  const replacements = map.segments.map((s) => ({ start: s.inputStart, end: s.inputEnd, outputStart: s.outputStart, outputEnd: s.outputEnd, placeholder: '' }));
  return { ...result, offsetMap: new OffsetMap(map.inputLength, map.outputLength, replacements) };
}

async function* inThread<D, R>(docs: AsyncIterable<D> | Iterable<D>, work: (doc: D) => Promise<R>): AsyncGenerator<Outcome<D, R>> {
  for await (const doc of docs) {
    try {
      yield { doc, result: await work(doc) };
    } catch (error) {
      yield { doc, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}

/**
 * Outcomes in input order with at most `window` documents submitted and not yet taken: the input is
 * pulled only while the window has room, and refilled only when the consumer takes an outcome.
 */
async function* ordered<D, R>(docs: AsyncIterable<D> | Iterable<D>, window: number, submit: (doc: D) => Promise<R>): AsyncGenerator<Outcome<D, R>> {
  const iterator = Symbol.asyncIterator in docs ? docs[Symbol.asyncIterator]() : docs[Symbol.iterator]();
  const inFlight: { doc: D; outcome: Promise<Outcome<D, R>> }[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && inFlight.length < window) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const doc = next.value;
        const outcome = submit(doc).then(
          (result): Outcome<D, R> => ({ doc, result }),
          (error: unknown): Outcome<D, R> => ({ doc, error: error instanceof Error ? error : new Error(String(error)) }),
        );
        inFlight.push({ doc, outcome });
      }
      const head = inFlight.shift();
      if (!head) return;
      yield await head.outcome;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

function errorFromWorker(error: SerializedError): Error {
  if (error.problems) return new InputError(error.problems);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** How a pipeline worker is started: the compiled entry next to this file in dist/, or its TypeScript source. */
function spawnWorker(init: WorkerInit): Worker {
  // The build renames this URL to worker-entry.js in dist/.
  return startWorkerThread(new URL('./worker-entry.ts', import.meta.url), init);
}

/**
 * A worker thread on `entry`: a compiled module directly; a TypeScript one through tsx, registered
 * inside the worker before it imports the entry (the bench's workers start the same way).
 */
export function startWorkerThread(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  // tsx's ESM build of its API (the CommonJS one cannot find its own files from an eval'd worker).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<Extract<FromWorker, { type: 'ready' }>>;
  private stopped: Error | undefined;

  constructor(readonly thread: Worker) {
    let settle!: { resolve: (m: Extract<FromWorker, { type: 'ready' }>) => void; reject: (e: Error) => void };
    this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => {}); // read by whoever needs it
    thread.on('message', (message: FromWorker) => {
      if (message.type === 'ready') settle.resolve(message);
      else if (message.type === 'failed') settle.reject(errorFromWorker(message.error));
      else {
        const task = this.pending.get(message.seq);
        this.pending.delete(message.seq);
        if (message.type === 'done') task?.resolve(message.value);
        else task?.reject(errorFromWorker(message.error));
      }
    });
    // A thread that dies fails what it held instead of leaving the run waiting for it.
    const stop = (error: Error): void => {
      this.stopped ??= error;
      settle.reject(error);
      for (const task of this.pending.values()) task.reject(error);
      this.pending.clear();
    };
    thread.on('error', (error) => stop(new Error(`a pipeline worker failed: ${error.message}`)));
    thread.on('exit', (code) => stop(new Error(`a pipeline worker stopped (exit code ${code})`)));
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  send(message: ToWorker): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.pending.set(message.seq, { resolve, reject });
      this.thread.postMessage(message);
    });
  }
}

/** N worker threads; the first is started at once, the others when the documents in flight need them. */
class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private seq = 0;

  private constructor(
    private readonly size: number,
    private readonly init: WorkerInit,
    readonly info: Extract<FromWorker, { type: 'ready' }>,
    first: PoolWorker,
  ) {
    this.workers.push(first);
  }

  static async start(size: number, init: WorkerInit): Promise<WorkerPool> {
    const first = new PoolWorker(spawnWorker(init));
    try {
      return new WorkerPool(size, init, await first.ready, first);
    } catch (error) {
      await first.thread.terminate();
      throw error;
    }
  }

  /** Gives the document to the worker with the fewest pending, starting another while some are idle-less. */
  submit(message: Omit<Extract<ToWorker, { type: 'doc' }>, 'seq'>): Promise<unknown> {
    const live = this.workers.filter((w) => w.alive);
    let target = live.reduce<PoolWorker | undefined>((best, w) => (best === undefined || w.pending.size < best.pending.size ? w : best), undefined);
    if ((target === undefined || target.pending.size > 0) && this.workers.length < this.size) {
      target = new PoolWorker(spawnWorker(this.init));
      this.workers.push(target);
    }
    if (target === undefined) return Promise.reject(new Error('every pipeline worker has stopped'));
    return target.send({ ...message, seq: this.seq++ });
  }

  /** The same message to every started worker; their answers. */
  broadcast(message: Omit<Extract<ToWorker, { type: 'finish' }>, 'seq'>): Promise<unknown[]> {
    return Promise.all(this.workers.map((w) => w.send({ ...message, seq: this.seq++ })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}
