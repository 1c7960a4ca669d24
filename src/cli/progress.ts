/**
 * Progress of long commands on stderr. On a terminal: a bar with documents, spans, elapsed time and ETA when
 * the number of documents is known, a running count when input streams in, and a ticking clock during phases
 * that have no steps (training, loading a model), so nothing ever looks stuck. Elsewhere (a log, a pipe): one
 * line per finished stage, or nothing with `lines: false`.
 */
import type { ProgressSink, ProgressTick } from '../experiment/index.ts';

export type { ProgressSink, ProgressTick };

export interface TerminalProgressOptions {
  stream?: NodeJS.WriteStream;
  /** When the stream is not a terminal: one line per finished stage (default) or nothing. */
  lines?: boolean;
}

/** The clock advances twice a second even when no step completes; steps redraw at most ten times a second. */
const CLOCK_MS = 500;
const MIN_REDRAW_MS = 100;
const BAR_WIDTH = 20;

/** Displays with a line in progress on a terminal, so that an error message starts on a line of its own. */
const liveLines = new Set<() => void>();

/** Ends every progress line in progress (before an error message): the stage's line stays as it was. */
export function interruptProgress(): void {
  for (const interrupt of [...liveLines]) interrupt();
}

interface Stage {
  label: string;
  /** undefined: a phase without documents; null: documents streaming in, total unknown. */
  total: number | null | undefined;
  started: number;
  docs: number;
  spans: number;
}

/** `12s`, `4m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The one-line display of a stage at time `now`. */
export function describeStage(stage: Stage, now: number): string {
  const elapsed = now - stage.started;
  if (stage.total === undefined) return `${stage.label} … ${formatDuration(elapsed)}`;
  const counts = `${stage.docs}${stage.total === null ? '' : `/${stage.total}`} documents · ${stage.spans} spans · ${formatDuration(elapsed)}`;
  if (stage.total === null) return `${stage.label} ${counts}`;
  const fraction = stage.total > 0 ? Math.min(1, stage.docs / stage.total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const eta = stage.docs > 0 ? formatDuration((elapsed / stage.docs) * (stage.total - stage.docs)) : '?';
  return `${stage.label} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${counts} · ETA ${eta}`;
}

/**
 * A progress sink for a command: `start(total, label)` (total `undefined` for streamed input), `tick` per
 * document, `phase(label)` for a step without documents, `stop()` at the end. The clock's timer never keeps
 * the process alive, so a command that fails mid-stage still exits.
 */
export function terminalProgress(options: TerminalProgressOptions = {}): ProgressSink {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  let stage: Stage | undefined;
  let clock: NodeJS.Timeout | undefined;
  let drawn = 0;

  const interrupt = (): void => {
    clearInterval(clock);
    liveLines.delete(interrupt);
    if (stage && tty) stream.write('\n');
    stage = undefined;
  };

  const draw = (): void => {
    if (!stage) return;
    drawn = performance.now();
    const width = (stream.columns || 80) - 1; // a pseudo-terminal may report 0 columns
    stream.write(`\r${describeStage(stage, drawn).slice(0, width)}\x1b[K`);
  };

  const finish = (): void => {
    if (!stage) return;
    if (tty) {
      draw(); // the final figures, then the line ends
      interrupt();
      return;
    }
    if (options.lines !== false) {
      const secs = `${((performance.now() - stage.started) / 1000).toFixed(1)} s`;
      stream.write(stage.total === undefined ? `${stage.label}: ${secs}\n` : `${stage.label}: ${stage.docs} documents, ${stage.spans} spans, ${secs}\n`);
    }
    stage = undefined;
  };

  const begin = (next: Stage): void => {
    finish();
    stage = next;
    if (!tty) return;
    draw();
    clock = setInterval(draw, CLOCK_MS);
    clock.unref();
    liveLines.add(interrupt);
  };

  return {
    start(total, label) {
      begin({ label, total: total ?? null, started: performance.now(), docs: 0, spans: 0 });
    },
    tick(step: ProgressTick) {
      if (!stage) return;
      stage.docs += step.docs;
      stage.spans += step.spans;
      if (tty && performance.now() - drawn >= MIN_REDRAW_MS) draw();
    },
    phase(label) {
      begin({ label, total: undefined, started: performance.now(), docs: 0, spans: 0 });
    },
    stop: finish,
  };
}
