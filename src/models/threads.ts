/**
 * The ONNX Runtime intra-op threads a model gets when its reference names none. A process that runs N
 * pipelines side by side (worker threads) sets cores ÷ N, so N sessions do not each start a pool as
 * large as the machine and contend for the same cores; an explicit `threads` always wins.
 */
let processDefault: number | undefined;

/** Sets (or, with undefined, clears) the default for this thread's models; a positive integer. */
export function setDefaultModelThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new Error(`model threads must be a positive integer (got ${threads})`);
  processDefault = threads;
}

/** The threads a model loads with: the reference's own, else this thread's default, else `fallback`. */
export function modelThreads(explicit: number | undefined, fallback?: number): number | undefined {
  return explicit ?? processDefault ?? fallback;
}
