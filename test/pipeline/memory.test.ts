import { describe, expect, it } from 'vitest';
import { runNode } from './child.ts';

describe('pipeline memory', () => {
  it('stays flat on a long generated stream (child process, live heap after full GCs)', async () => {
    // bench/pipeline-memory.ts is the same measurement at any size (e.g. --megabytes 1000).
    const run = await runNode(['--expose-gc', '--import', 'tsx', 'bench/pipeline-memory.ts', '--megabytes', '6']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { documents: number; gc: boolean; heapMb: number[]; rssMb: number[] };
    expect(report.gc).toBe(true);
    expect(report.documents).toBeGreaterThan(2500);
    expect(report.heapMb).toHaveLength(10);
    // Holding on to every result would add several MB per tenth of the stream; the live heap must not grow.
    const early = Math.max(...report.heapMb.slice(0, 3));
    const late = Math.max(...report.heapMb.slice(-3));
    expect(late).toBeLessThan(early + 3);
  });
});
