/**
 * Every test run gets its own temporary folder, removed when the run ends: tests and the CLI
 * processes they start write key and mapping files under the OS temp dir (`os.tmpdir()` reads
 * TMPDIR), and those must not outlive the run even when a test forgets to clean up or fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'sanitext-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
