import { spawn, type SpawnOptions } from 'node:child_process';

export interface ChildRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs a command without blocking the test worker (spawnSync stalls the worker's messages to vitest, which
 * times out on a loaded machine); kills it after `timeoutMs`.
 */
export function runChild(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<ChildRun> {
  const { timeoutMs = 60_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}
