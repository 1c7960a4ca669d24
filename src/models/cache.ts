/**
 * The process-wide model cache: each model (by resolved location, dtype and loader settings) is
 * loaded once however many indicators, engines or layers use it. Users hold a lease; the model is
 * released when the last lease is.
 */
interface Entry {
  value: Promise<unknown>;
  leases: number;
  dispose: (value: never) => Promise<void>;
}

const entries = new Map<string, Entry>();

export interface ModelLease<T> {
  value: T;
  /** Gives the lease back; the last one disposes the model. Idempotent. */
  release(): Promise<void>;
}

/** The cached model under `key`, loading it with `load` the first time. A failed load is not cached. */
export async function acquireModel<T>(key: string, load: () => Promise<T>, dispose: (value: T) => Promise<void>): Promise<ModelLease<T>> {
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry = { value: load(), leases: 0, dispose: dispose as (value: never) => Promise<void> };
    entry = created;
    entries.set(key, created);
    created.value.catch(() => {
      if (entries.get(key) === created) entries.delete(key);
    });
  }
  entry.leases++;
  const held = entry;
  let value: T;
  try {
    value = (await held.value) as T;
  } catch (error) {
    held.leases--;
    throw error;
  }
  let released = false;
  return {
    value,
    async release() {
      if (released) return;
      released = true;
      held.leases--;
      if (held.leases === 0 && entries.get(key) === held) {
        entries.delete(key);
        await held.dispose(value as never);
      }
    },
  };
}

/** Keys of the models loaded now (for tests and diagnostics). */
export function loadedModelKeys(): string[] {
  return [...entries.keys()];
}

/** A plain ONNX Runtime session with its Tensor class, for models run directly (not through Transformers.js). */
export interface OnnxSession {
  session: import('onnxruntime-node').InferenceSession;
  tensor: typeof import('onnxruntime-node').Tensor;
}

/**
 * The cached session of one ONNX file (`kind` tells its users apart in the cache key); a failed load
 * becomes the error `describe` makes of it. onnxruntime-node is imported on first use, not at import.
 */
export async function acquireOnnxSession(kind: string, file: string, threads: number, describe: (error: unknown) => Error): Promise<ModelLease<OnnxSession>> {
  return acquireModel(
    JSON.stringify([kind, file, threads]),
    async (): Promise<OnnxSession> => {
      try {
        const { InferenceSession, Tensor } = await import('onnxruntime-node');
        const session = await InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1 });
        return { session, tensor: Tensor };
      } catch (error) {
        throw describe(error);
      }
    },
    async (loaded) => {
      await loaded.session.release();
    },
  );
}
