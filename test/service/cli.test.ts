import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChild } from '../cli/child-process.ts';

const BIN = new URL('../../bin/sanitext.mjs', import.meta.url).pathname;

function rulesConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanitext-serve-'));
  const file = join(dir, 'p.yaml');
  writeFileSync(file, 'name: rules\ndetect:\n  layers: {rules: true}\nassess: none\nmask: {strategy: numbered}\n');
  return file;
}

describe('sanitext serve', () => {
  it('refuses a non-loopback address without $SANITEXT_SERVICE_TOKEN (exit 2, one message)', async () => {
    const env = { ...process.env, SANITEXT_SERVICE_TOKEN: '' };
    const run = await runChild(process.execPath, [BIN, 'serve', '--pipeline', rulesConfig(), '--host', '0.0.0.0', '--port', '0'], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--host 0.0.0.0 is not a loopback address: set $SANITEXT_SERVICE_TOKEN');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('serves the pipeline on loopback and logs one JSON line per request without the text', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--pipeline', rulesConfig(), '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address in time: ${stderr}`)), 30_000);
        child.stderr.on('data', (chunk: string) => {
          stderr += chunk;
          const found = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited: ${stderr}`)));
      });
      const response = await fetch(`${address}/api/sanitize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Dear Mr Zebulon Quartermaine,' }) });
      expect(await response.json()).toMatchObject({ text: 'Dear [PERSON_1],' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
      expect(JSON.parse(lines[0])).toMatchObject({ method: 'POST', route: '/api/sanitize', status: 200, documents: 1 });
      expect(stderr).not.toContain('Zebulon');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
