/**
 * The embedded runtime: a local GGUF file run by llama.cpp through `node-llama-cpp`, on the CPU,
 * with its prebuilt binary only (nothing is ever downloaded or built). The package is imported on
 * the first request, not when this module loads: start-up stays fast for every command that does
 * not run a model. One model, one context and one sequence per client; requests take turns.
 *
 * Each request starts from an empty sequence and is sampled greedily at temperature 0 (a fixed seed
 * otherwise), so the same request gives the same answer. A `schema` becomes a llama.cpp grammar, so
 * the answer is JSON of that schema by construction; it is still parsed and validated.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { InputError } from '../corpus/index.ts';
import { LlmRequestError, LlmResponseError } from './errors.ts';
import { parseJsonAnswer } from './openai-backend.ts';
import type { LlmClient, LlmJsonSchema, LlmMessage, LlmRequest, LlmResponse } from './types.ts';

type NodeLlamaCpp = typeof import('node-llama-cpp');
type Llama = Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
type LlamaModel = Awaited<ReturnType<Llama['loadModel']>>;
type LlamaContext = Awaited<ReturnType<LlamaModel['createContext']>>;
type LlamaChat = InstanceType<NodeLlamaCpp['LlamaChat']>;
type LlamaGrammar = InstanceType<NodeLlamaCpp['LlamaGrammar']>;
type ChatHistoryItem = Parameters<LlamaChat['generateResponse']>[0][number];

export interface LlamaCppBackendOptions {
  /** A local GGUF file (relative: to the working directory). */
  modelPath: string;
  /** CPU threads of the context (default: the cores this process may use). */
  threads?: number;
  /** Context size in tokens (default: the model's training context, as far as memory allows). */
  contextSize?: number;
  /** Per request, generation only (default 10 minutes: a CPU is slow). */
  timeoutMs?: number;
}

/** Sampling seed when temperature > 0: runs repeat, as the disk cache assumes. */
const SEED = 1;
const DEFAULT_TIMEOUT_MS = 600_000;
/** Files up to this size are hashed whole; larger ones by samples (a 4 GB model would take seconds). */
const WHOLE_HASH_LIMIT = 64 * 1024 * 1024;
const SAMPLE_BYTES = 64 * 1024;
const SAMPLES = 33;

/** One llama.cpp binding per process (loading it twice gains nothing). */
let llamaLoading: Promise<Llama> | undefined;

function loadLlama(): Promise<Llama> {
  llamaLoading ??= import('node-llama-cpp').then(({ getLlama, LlamaLogLevel }) =>
    // build 'never': the prebuilt binary or an error, never a download or a compiler run.
    // maxThreads 0: each context uses exactly its `threads` (the package's default, at least 4, oversubscribes small machines).
    getLlama({ gpu: false, build: 'never', usePrebuiltBinaries: true, skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error, maxThreads: 0 }),
  );
  return llamaLoading;
}

export class LlamaCppBackend implements LlmClient {
  readonly id: string;
  readonly external = false;
  readonly modelPath: string;
  private loading: Promise<{ llama: Llama; model: LlamaModel; context: LlamaContext; chat: LlamaChat }> | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar | undefined>>();
  /** Requests share one sequence: each waits for the one before. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LlamaCppBackendOptions) {
    const given = options.modelPath;
    if (/^[a-z][a-z0-9+.-]+:/i.test(given)) {
      throw new InputError([{ file: given, message: 'modelPath (--llm-gguf) is a URL: give the path of a local GGUF file (nothing is downloaded)' }]);
    }
    const path = resolve(given);
    if (!existsSync(path)) throw new InputError([{ file: path, message: 'no such GGUF model file (modelPath, --llm-gguf)' }]);
    if (!statSync(path).isFile()) throw new InputError([{ file: path, message: 'modelPath (--llm-gguf) is not a file: give a .gguf file' }]);
    this.modelPath = path;
    this.id = `llama-cpp:${basename(path)}#${fileIdentity(path)}`;
  }

  async complete<T>(request: LlmRequest<T>): Promise<LlmResponse<T>> {
    const run = this.turn.then(() => this.generate(request));
    this.turn = run.catch(() => undefined);
    const text = await run;
    return { text, ...(request.schema ? { json: parseJsonAnswer(this.id, text, request.schema) } : {}), cached: false };
  }

  /** Frees the model and context (native memory); the next request loads them again. */
  async close(): Promise<void> {
    await this.turn;
    const loading = this.loading;
    this.loading = undefined;
    this.grammars.clear();
    if (!loading) return;
    const loaded = await loading.catch(() => undefined);
    if (!loaded) return;
    loaded.chat.dispose();
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  private load(): Promise<{ llama: Llama; model: LlamaModel; context: LlamaContext; chat: LlamaChat }> {
    this.loading ??= (async () => {
      const [{ LlamaChat }, llama] = await Promise.all([import('node-llama-cpp'), loadLlama()]);
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: this.modelPath, gpuLayers: 0 });
      } catch (error) {
        throw new InputError([{ file: this.modelPath, message: `llama.cpp cannot load this GGUF model (${(error as Error).message})` }]);
      }
      const context = await model.createContext({
        threads: this.options.threads ?? availableParallelism(),
        ...(this.options.contextSize !== undefined ? { contextSize: this.options.contextSize } : {}),
      });
      const chat = new LlamaChat({ contextSequence: context.getSequence() });
      return { llama, model, context, chat };
    })();
    // A failed load is not kept: the next request tries again (and reports again).
    this.loading.catch(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async generate(request: LlmRequest): Promise<string> {
    const { llama, model, context, chat } = await this.load();
    const grammar = request.schema ? await this.grammarOf(llama, request.schema) : undefined;
    const history = chatHistory(request.messages);
    // The prompt as the model's chat template renders it: one that does not fit would be shortened
    // silently (a document losing its start), and the answer gets only the room left.
    const promptTokens = chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer).length;
    const room = context.contextSize - promptTokens;
    if (room <= 0 || (request.maxTokens !== undefined && request.maxTokens > room)) {
      throw new LlmRequestError(this.id, undefined, `the prompt (${promptTokens} tokens) and answer (${request.maxTokens ?? 'at least 1'} tokens) do not fit the context of ${context.contextSize} tokens: raise contextSize`);
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('timeout')), timeoutMs);
    try {
      // An empty sequence per request: the answer depends on the request only.
      await chat.sequence.clearHistory();
      const { response, metadata } = await chat.generateResponse(history, {
        temperature: request.temperature ?? 0,
        seed: SEED,
        // At most what fits: a model that never stops would otherwise shift the prompt out of the context.
        maxTokens: request.maxTokens ?? room,
        signal: abort.signal,
        ...(grammar ? { grammar } : {}),
      });
      if (metadata.stopReason === 'maxTokens') throw new LlmResponseError(this.id, 'cut off at the token limit');
      return response;
    } catch (error) {
      if (abort.signal.aborted) throw new LlmRequestError(this.id, undefined, `timed out after ${timeoutMs} ms`);
      if (error instanceof LlmResponseError) throw error;
      // llama.cpp's messages name no prompt text; the error's name and message are safe to show.
      throw new LlmRequestError(this.id, undefined, `generation failed (${(error as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The grammar of a JSON schema (made once per schema); undefined when llama.cpp cannot express it. */
  private grammarOf(llama: Llama, schema: LlmJsonSchema): Promise<LlamaGrammar | undefined> {
    const key = JSON.stringify([schema.name, schema.jsonSchema]);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // The package's schema type is a subset of JSON Schema; one it rejects is answered unconstrained and validated.
      grammar = llama.createGrammarForJsonSchema(schema.jsonSchema as Parameters<Llama['createGrammarForJsonSchema']>[0]).then(
        (made): LlamaGrammar => made,
        () => undefined,
      );
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}

/** The request's messages as node-llama-cpp's chat history, ending with the model's turn to answer. */
function chatHistory(messages: readonly LlmMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === 'system' ? { type: 'system', text: m.content } : m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] },
  );
  history.push({ type: 'model', response: [] });
  return history;
}

/**
 * SHA-256 (first 16 hex digits) of the file's content: whole up to 64 MiB, else its size and 33
 * evenly spaced 64 KiB samples, first and last included — a re-quantized or fine-tuned model differs
 * in every sample, and hashing gigabytes at each start would cost seconds.
 */
export function fileIdentity(path: string): string {
  const size = statSync(path).size;
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    readSync(fd, magic, 0, 4, 0);
    if (magic.toString('latin1') !== 'GGUF') throw new InputError([{ file: path, message: 'not a GGUF file (it does not start with "GGUF"): modelPath (--llm-gguf) takes a llama.cpp model file' }]);
    if (size <= WHOLE_HASH_LIMIT) {
      const buffer = Buffer.alloc(size);
      readSync(fd, buffer, 0, size, 0);
      hash.update(buffer);
    } else {
      hash.update(`size ${size}\n`);
      const buffer = Buffer.alloc(SAMPLE_BYTES);
      for (let i = 0; i < SAMPLES; i++) {
        const position = Math.floor(((size - SAMPLE_BYTES) * i) / (SAMPLES - 1));
        const read = readSync(fd, buffer, 0, SAMPLE_BYTES, position);
        hash.update(buffer.subarray(0, read));
      }
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex').slice(0, 16);
}
