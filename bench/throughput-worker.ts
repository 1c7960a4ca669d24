/**
 * One system of bench/detect-throughput.ts in a thread of its own: its own heap and its own compiled
 * code, as in a process that runs that system alone. Run by the bench; answers its messages in order:
 * `{pass: loops}` → `{seconds}` (the outputs kept), `{outputs: true}` → the last pass's outputs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDataset, resolveDataRoot, type Document } from '../src/corpus/index.ts';
import type { TypedSpan } from '../src/eval/index.ts';
import { BENCH_SYSTEMS, timedPass } from './throughput-systems.ts';

export interface WorkerRequest {
  pass?: number;
  outputs?: boolean;
}

export interface WorkerReply {
  seconds?: number;
  outputs?: TypedSpan[][];
  ready?: boolean;
  error?: string;
}

const { system, selection } = workerData as { system: string; selection: string };
const port = parentPort;
if (!port) throw new Error('bench/throughput-worker.ts runs as a worker thread of bench/detect-throughput.ts');
const chosen = BENCH_SYSTEMS.find((s) => s.name === system);
if (!chosen) throw new Error(`no bench system named ${JSON.stringify(system)}`);
const documents: readonly Document[] = (await loadDataset(selection, resolveDataRoot())).documents;
const detect = await chosen.make();
let lastOutputs: TypedSpan[][] = [];
port.on('message', (request: WorkerRequest) => {
  const reply = async (): Promise<WorkerReply> => {
    if (request.outputs) return { outputs: lastOutputs };
    const pass = await timedPass(detect, documents, request.pass ?? 1);
    lastOutputs = pass.outputs;
    return { seconds: pass.seconds };
  };
  reply().then(
    (answer) => port.postMessage(answer),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
port.postMessage({ ready: true } satisfies WorkerReply);
