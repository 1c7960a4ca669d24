/**
 * What a long run reports while it works. The runner only calls a sink; the terminal display is the CLI's
 * (`src/cli/progress.ts`), tests pass `silentProgress`.
 */
export interface ProgressTick {
  docs: number;
  spans: number;
}

export interface ProgressSink {
  /** A stage over documents; `totalDocs` is undefined when they stream in. */
  start(totalDocs: number | undefined, label: string): void;
  tick(step: ProgressTick): void;
  /** A step without documents to count (training an indicator, loading a model); ends at the next call. */
  phase(label: string): void;
  stop(): void;
}

export const silentProgress: ProgressSink = { start() {}, tick() {}, phase() {}, stop() {} };
