import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeStage, formatDuration, interruptProgress, terminalProgress } from '../../src/cli/progress.ts';
import { loadDataset } from '../../src/corpus/index.ts';
import { makeFolds, parseExperimentConfig, runExperiment, type ProgressSink } from '../../src/experiment/index.ts';
import { runChild } from './child-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A stream that says it is (or is not) a terminal and keeps what is written to it. */
function captureStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = { isTTY, columns: 100, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

describe('terminal progress', () => {
  it('formats durations and the three kinds of stage', () => {
    expect([formatDuration(0), formatDuration(12_400), formatDuration(245_000), formatDuration(3_725_000)]).toEqual(['0s', '12s', '4m05s', '1h02m']);
    const started = 1_000;
    expect(describeStage({ label: 'training x (1/3)', total: undefined, started, docs: 0, spans: 0 }, started + 21_000)).toBe('training x (1/3) … 21s');
    expect(describeStage({ label: 'detect', total: null, started, docs: 7, spans: 90, }, started + 3_000)).toBe('detect 7 documents · 90 spans · 3s');
    const bar = describeStage({ label: 'row', total: 4, started, docs: 1, spans: 30 }, started + 10_000);
    expect(bar).toBe(`row [${'█'.repeat(5)}${'░'.repeat(15)}] 1/4 documents · 30 spans · 10s · ETA 30s`);
  });

  it('on a terminal, shows a phase at once and ends each stage on its own line', () => {
    const out = captureStream(true);
    const progress = terminalProgress({ stream: out.stream });
    progress.phase('training llm-probability:logistic (2/6)');
    expect(out.text()).toContain('training llm-probability:logistic (2/6) … 0s');
    progress.start(2, 'llm-probability:logistic');
    progress.tick({ docs: 1, spans: 10 });
    progress.tick({ docs: 1, spans: 5 });
    progress.stop();
    const lines = out.text().split('\n');
    expect(lines).toHaveLength(3); // the phase, the stage, and the empty rest after the final newline
    expect(lines[1]).toContain('2/2 documents · 15 spans');
  });

  it('elsewhere, prints one line per finished stage, or nothing with lines: false', () => {
    const log = captureStream(false);
    const progress = terminalProgress({ stream: log.stream });
    progress.phase('training row (1/1)');
    progress.start(3, 'row');
    progress.tick({ docs: 3, spans: 12 });
    progress.stop();
    expect(log.text()).toMatch(/^training row \(1\/1\): \d+\.\d s\nrow: 3 documents, 12 spans, \d+\.\d s\n$/);
    const quiet = captureStream(false);
    const silent = terminalProgress({ stream: quiet.stream, lines: false });
    silent.start(undefined, 'detect');
    silent.tick({ docs: 1, spans: 1 });
    silent.stop();
    expect(quiet.text()).toBe('');
  });

  it('ends a line left in progress when a command fails, so the error message starts on its own line', () => {
    const out = captureStream(true);
    const progress = terminalProgress({ stream: out.stream });
    progress.start(10, 'row');
    progress.tick({ docs: 3, spans: 4 });
    interruptProgress();
    expect(out.text().endsWith('\n')).toBe(true);
    progress.stop(); // nothing more: the stage is over
    expect(out.text().split('\n')).toHaveLength(2);
  });

  it('never keeps a failing command alive: a stage left running does not hold the process', async () => {
    const script = [
      `import { terminalProgress } from ${JSON.stringify(join(ROOT, 'src/cli/progress.ts'))};`,
      'const stream = { isTTY: true, columns: 80, write: () => true };',
      "terminalProgress({ stream }).phase('loading');",
    ].join('\n');
    const r = await runChild(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeoutMs: 30_000 });
    expect(r.status, r.stderr).toBe(0); // killed (status null) if the clock had kept it alive
  });

  it('shows `detect` working on a terminal (a pseudo-terminal through script(1))', async () => {
    const command = `node bin/sanitext.mjs detect sample --layers rules,gazetteers --format spans --json`;
    const r = await runChild('script', ['-qec', command, '/dev/null'], { cwd: ROOT, timeoutMs: 120_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('loading detector layers …');
    expect(r.stdout).toMatch(/detect 16 documents · \d+ spans/);
  });
});

describe('benchmark runs', () => {
  const config = parseExperimentConfig(
    {
      name: 'progress-test',
      dataset: 'sample',
      evaluation: { train: 'train', test: 'test' },
      lm: { model: 'models/minibert-en-cased', dtype: 'q8', windowLength: 128 },
      weighting: 'uniform',
      indicators: [
        { id: 'all', indicator: 'mask-everything' },
        { id: 'labelled', indicator: 'sequence-labelling', options: { model: 'models/minibert-tab-mask', match: 'partial', dtype: 'q8' } },
      ],
      combinations: [{ id: 'either', of: ['all', 'labelled'], atLeast: 1 }],
    },
    'progress-test.yaml',
  );

  it('announce the training of each row, and time a combination by its own work, not its members\u2019 sum', async () => {
    const events: string[] = [];
    const recording: ProgressSink = {
      start: (total, label) => events.push(`start ${label} ${total}`),
      tick: () => {},
      phase: (label) => events.push(`phase ${label}`),
      stop: () => events.push('stop'),
    };
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-progress-'));
    try {
      const metrics = await runExperiment(config, await loadDataset('sample'), { dataRoot: '', cacheDir, progress: recording, configFile: 'progress-test.yaml' });
      expect(events).toContain('phase training all (1/2)');
      expect(events).toContain('phase training labelled (2/2)');
      // Training is announced before its documents are scored.
      expect(events.indexOf('phase training labelled (2/2)')).toBeLessThan(events.indexOf('start labelled 4'));
      const seconds = Object.fromEntries(metrics.rows.map((r) => [r.method, r.seconds ?? NaN]));
      expect(seconds.labelled).toBeGreaterThan(0.01); // a model pass over four documents
      expect(seconds.either).toBeLessThan(seconds.labelled);
      expect((metrics.notes ?? []).join(' ')).toContain("combination row's seconds are its vote alone");
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('--limit N also limits the training documents (a quick smoke run)', async () => {
    const corpus = await loadDataset('sample');
    const [full] = makeFolds(corpus, config, 'progress-test.yaml');
    const [limited] = makeFolds(corpus, { ...config, limitDocuments: 2 }, 'progress-test.yaml');
    expect(full.train.length).toBeGreaterThan(2);
    expect(limited.train.map((d) => d.id)).toEqual(full.train.slice(0, 2).map((d) => d.id));
    expect(limited.test.map((d) => d.id)).toEqual(full.test.slice(0, 2).map((d) => d.id));
  });
});
