/**
 * Load and fault test of `sanitext serve` (loopback only, bounded): the real CLI server in a child process,
 * autocannon as the client. For each pipeline, text size (1 KB, 20 KB: slices of the bundled sample's
 * texts) and number of concurrent clients (1, 8, 64) it posts `/api/sanitize` for `--seconds` and reports
 * latency p50/p99 and requests/s. Then the bad-request set: malformed JSON, wrong types, a 50 MB body,
 * invalid UTF-8, a slow client that never finishes its body; each must get a 4xx (or, for the slow
 * client, a closed connection) and the server must still answer /healthz. Writes results.json and
 * report.md to out/service-load/ (or --out DIR).
 *
 *   npx tsx bench/service-load.ts [--pipelines rules,default] [--seconds 5] [--connections 1,8,64] [--out DIR]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../src/corpus/index.ts';
import { benchArgs, listOption, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

const PIPELINES: Record<string, string> = { rules: 'rules-only (written to the out folder)', default: join(REPO_ROOT, 'pipelines/default.yaml') };
const args = benchArgs({
  pipelines: { type: 'string', default: 'rules,default' },
  seconds: { type: 'string', default: '5' },
  connections: { type: 'string', default: '1,8,64' },
  out: { type: 'string' },
});
const pipelines = listOption(args.pipelines);
const seconds = wholeNumber('seconds', args.seconds);
const connectionCounts = listOption(args.connections).map((count) => wholeNumber('connections', count));
const outDir = benchOutDir('service-load', args.out);
mkdirSync(outDir, { recursive: true });

/** A slice of the sample's texts about `size` characters long, cut at a space. */
function textOf(size: number): string {
  const sample = JSON.parse(readFileSync(join(REPO_ROOT, 'datasets/sample/sample.json'), 'utf8')) as { text: string }[];
  let all = sample.map((d) => d.text).join('\n\n');
  while (all.length < size) all += `\n\n${all}`;
  const cut = all.lastIndexOf(' ', size);
  return all.slice(0, cut > 0 ? cut : size);
}

async function startServer(config: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/sanitext.mjs'), 'serve', '--pipeline', config, '--host', '127.0.0.1', '--port', '0', '--concurrency', '2', '--timeout-ms', '10000'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SANITEXT_SERVICE_TOKEN: '' },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 120_000);
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const found = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  // The request log lines are not needed here; keep the pipe drained.
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  return { child, address };
}

interface LoadRow {
  pipeline: string;
  textBytes: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

/** Waits until requests left queued by the previous cell are done (a tiny request queues behind them). */
async function drain(address: string): Promise<void> {
  await fetch(`${address}/api/sanitize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "x"}' });
}

async function load(address: string, pipeline: string, text: string, connections: number): Promise<LoadRow> {
  await drain(address);
  const result = await autocannon({
    url: `${address}/api/sanitize`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
    connections,
    duration: seconds,
    timeout: 30,
  });
  return {
    pipeline,
    textBytes: Buffer.byteLength(text),
    connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** One raw request; resolves with the status, or `closed` when the server hung up without an answer. */
function send(address: string, body: Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<number | 'closed'> {
  const url = new URL(`${address}/api/sanitize`);
  return new Promise((resolve) => {
    // The answer counts as soon as it arrives: for an oversized body the server answers 413 and then
    // closes while the client is still writing, which the client sees as a write error afterwards.
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => setTimeout(() => resolve('closed'), 100));
    req.end(body);
  });
}

/** A client that sends its headers and a few bytes, then stalls: the server must drop it. */
function slowClient(address: string): Promise<{ outcome: string; seconds: number }> {
  const url = new URL(address);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`POST /api/sanitize HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"text": "`);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const done = (): void => resolve({ outcome: answer ? answer.split('\r\n')[0] : 'connection closed', seconds: Math.round((performance.now() - started) / 100) / 10 });
    socket.on('close', done);
    socket.on('error', () => undefined);
    setTimeout(() => socket.destroy(), 60_000);
  });
}

async function healthy(address: string): Promise<boolean> {
  try {
    return (await fetch(`${address}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function faults(address: string): Promise<Record<string, string | number>> {
  const big = Buffer.alloc(50 * 1024 * 1024, 'a');
  return {
    'malformed JSON': await send(address, Buffer.from('{"text": "unterminated')),
    'wrong types': await send(address, Buffer.from('{"text": 42}')),
    'unknown field': await send(address, Buffer.from('{"text": "x", "nope": 1}')),
    '50 MB body': await send(address, big),
    'invalid UTF-8': await send(address, Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}')])),
    'not JSON (text/plain)': await send(address, Buffer.from('hello'), { 'content-type': 'text/plain' }),
    'slow client (10 s request timeout)': await slowClient(address).then((r) => `${r.outcome} after ${r.seconds} s`),
    'healthz afterwards': (await healthy(address)) ? 'ok' : 'DOWN',
  };
}

const rows: LoadRow[] = [];
const faultResults: Record<string, Record<string, string | number>> = {};
const rulesConfig = join(outDir, 'rules-only.yaml');
writeFileSync(rulesConfig, 'name: rules-only\ndetect:\n  layers: {rules: true}\nassess: none\nmask: {strategy: numbered}\n');
for (const name of pipelines) {
  const config = name === 'rules' ? rulesConfig : (PIPELINES[name] ?? name);
  const { child, address } = await startServer(config);
  try {
    for (const size of [1000, 20_000]) {
      const text = textOf(size);
      await load(address, name, text, 1).catch(() => undefined); // warm-up (models, JIT), not reported
      for (const connections of connectionCounts) {
        const row = await load(address, name, text, connections);
        rows.push(row);
        process.stderr.write(`${name} ${row.textBytes} B ×${connections}: p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.requestsPerSecond} req/s, non-2xx ${row.non2xx}, errors ${row.errors}\n`);
      }
    }
    faultResults[name] = await faults(address);
    process.stderr.write(`${name} faults: ${JSON.stringify(faultResults[name])}\n`);
  } finally {
    child.kill('SIGTERM');
  }
}

const table = [
  '| pipeline | text | clients | p50 ms | p99 ms | max ms | req/s | non-2xx | errors |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.pipeline} | ${r.textBytes} B | ${r.connections} | ${r.p50} | ${r.p99} | ${r.max} | ${r.requestsPerSecond} | ${r.non2xx} | ${r.errors} |`),
].join('\n');
const faultTable = Object.entries(faultResults)
  .map(([name, result]) => [`**${name}**`, '', '| request | answer |', '|---|---|', ...Object.entries(result).map(([k, v]) => `| ${k} | ${v} |`)].join('\n'))
  .join('\n\n');
const report = `# sanitext serve: load and faults\n\n${seconds} s per cell, POST /api/sanitize, server concurrency 2, loopback.\n\n${table}\n\n## Bad requests\n\n${faultTable}\n`;
for (const [file, content] of [
  ['results.json', `${JSON.stringify({ seconds, rows, faults: faultResults }, null, 2)}\n`],
  ['report.md', report],
]) {
  writeFileSync(join(outDir, `${file}.tmp`), content);
  renameSync(join(outDir, `${file}.tmp`), join(outDir, file));
}
process.stdout.write(report);
