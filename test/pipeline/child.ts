/**
 * Child processes for the pipeline tests, run asynchronously: a synchronous spawn blocks the test
 * worker, and on two busy cores a CLI run that loads a model can outlast vitest's worker RPC timeout.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));

export interface ChildRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(args: string[], timeoutMs = 280_000): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** The real CLI, as a user runs it. */
export function runCli(args: string[], timeoutMs?: number): Promise<ChildRun> {
  return runNode([BIN, ...args], timeoutMs);
}
