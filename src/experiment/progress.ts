/** Progress display for long runs: a bar on a terminal, one line per stage otherwise. */
import cliProgress from 'cli-progress';

export interface ProgressTick {
  docs: number;
  spans: number;
}

export interface ProgressSink {
  start(totalDocs: number, label: string): void;
  tick(step: ProgressTick): void;
  stop(): void;
}

export const silentProgress: ProgressSink = { start() {}, tick() {}, stop() {} };

/** A bar with documents, spans and ETA on stderr when it is a TTY; plain lines otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  let bar: cliProgress.SingleBar | undefined;
  let spans = 0;
  let label = '';
  let started = 0;
  let docs = 0;
  return {
    start(total, name) {
      label = name;
      spans = 0;
      docs = 0;
      started = performance.now();
      if (!stream.isTTY) return;
      bar = new cliProgress.SingleBar(
        { stream, format: '{label} [{bar}] {value}/{total} documents · {spans} spans · ETA {eta_formatted}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { label, spans: 0 });
    },
    tick(step) {
      spans += step.spans;
      docs += step.docs;
      bar?.increment(step.docs, { label, spans });
    },
    stop() {
      if (bar) {
        bar.stop();
        bar = undefined;
      } else {
        stream.write(`${label}: ${docs} documents, ${spans} spans, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
    },
  };
}
