/**
 * One pipeline worker thread (started by workers.ts): loads the pipeline — or its detect stage
 * alone — once from the same config as the main thread, then runs the documents it is sent and
 * answers with plain, structured-clonable data. Errors travel as name, message and input problems:
 * never a stack, which could quote a document.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, type InputProblem } from '../corpus/index.ts';
import { setDefaultModelThreads } from '../models/index.ts';
import type { PipelineConfigInput } from './config.ts';
import { createDetector, createPipeline, type Pipeline, type PipelineDocument } from './pipeline.ts';
import type { DetectionStage } from './detect.ts';

/** What the main thread gives a worker at start. */
export interface WorkerInit {
  kind: 'pipeline' | 'detect';
  /** A config file path or a config object (for `detect`, the detect section). */
  config: PipelineConfigInput | string | PipelineConfigInput['detect'];
  baseDir?: string;
  file?: string;
  /** ONNX threads of this worker's models when their reference names none (cores ÷ workers). */
  modelThreads?: number;
}

export interface SerializedError {
  name: string;
  message: string;
  problems?: InputProblem[];
}

export type ToWorker = { type: 'doc'; seq: number; doc: PipelineDocument } | { type: 'finish'; seq: number; inputName?: string };

export type FromWorker =
  | { type: 'ready'; layers: readonly string[]; indicator: string; threshold: number | undefined }
  | { type: 'failed'; error: SerializedError }
  | { type: 'done'; seq: number; value: unknown }
  | { type: 'error'; seq: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InputError) return { name: error.name, message: error.message, problems: error.problems };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

async function load(init: WorkerInit): Promise<{ pipeline?: Pipeline; detector?: DetectionStage }> {
  const options = { baseDir: init.baseDir, file: init.file };
  setDefaultModelThreads(init.modelThreads);
  if (init.kind === 'detect') return { detector: await createDetector(init.config as PipelineConfigInput['detect'], options) };
  return { pipeline: await createPipeline(init.config as PipelineConfigInput | string, options) };
}

/** The problems of `pipeline.finish`: a span file's documents this worker never had (the main thread intersects). */
function unusedGiven(pipeline: Pipeline, inputName: string | undefined): InputProblem[] {
  try {
    pipeline.finish(inputName);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}

if (parentPort) {
  const port = parentPort;
  const post = (message: FromWorker): void => port.postMessage(message);
  const loaded = load(workerData as WorkerInit);
  loaded.then(
    ({ pipeline, detector }) => post({ type: 'ready', layers: pipeline?.layers ?? detector?.layers ?? [], indicator: pipeline?.indicator ?? 'none', threshold: pipeline?.threshold }),
    (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
  );
  // One document at a time, as in `pipeline.run`: the stages are not written for concurrent calls.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    previous = previous.then(async () => {
      try {
        const { pipeline, detector } = await loaded;
        let value: unknown;
        if (message.type === 'finish') value = pipeline ? unusedGiven(pipeline, message.inputName) : [];
        else if (detector) value = await detector.detect({ id: message.doc.id, text: message.doc.text });
        else value = await pipeline!.runOne(message.doc);
        post({ type: 'done', seq: message.seq, value });
      } catch (error) {
        post({ type: 'error', seq: message.seq, error: serializeError(error) });
      }
    });
  });
}
