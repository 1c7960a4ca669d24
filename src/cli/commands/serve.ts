/** `sanitext serve --pipeline p.yaml`: the HTTP API of src/service on one pipeline loaded at start. */
import type { Command } from 'commander';
import { InputError } from '../../corpus/index.ts';
import { loadMaskKey } from '../../mask/index.ts';

interface ServeFlags {
  pipeline: string;
  host: string;
  port: string;
  keyFile?: string;
  bodyBytes?: string;
  textLength?: string;
  batchSize?: string;
  timeoutMs?: string;
  concurrency?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve detect, assess, sanitize, restore, anonymize-rs and evaluate routes over HTTP with one pipeline (OpenAPI at /openapi.json)')
    .requiredOption('--pipeline <config>', 'the pipeline config every request runs (pipelines/*.yaml)')
    .option('--host <address>', 'address to listen on; off loopback $SANITEXT_SERVICE_TOKEN must be set', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--key-file <file>', 'key of encrypted mappings (default: $SANITEXT_MAPPING_KEY, else a random key of this process)')
    .option('--body-bytes <n>', 'largest request body in bytes')
    .option('--text-length <n>', 'longest text in characters')
    .option('--batch-size <n>', 'most documents per request')
    .option('--timeout-ms <n>', 'request timeout in milliseconds')
    .option('--concurrency <n>', 'requests doing pipeline work at once')
    .action(async (flags: ServeFlags) => {
      await runServe(flags);
    });
}

function integer(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new InputError([{ file: '(command line)', message: `${option} must be a whole number, not "${value}"` }]);
  return Number(value);
}

async function runServe(flags: ServeFlags): Promise<void> {
  const { SERVICE_TOKEN_ENV, checkBinding, createService, listenService, parseServiceLimits } = await import('../../service/index.ts');
  const token = process.env[SERVICE_TOKEN_ENV] || undefined;
  const port = integer(flags.port, '--port') ?? 8080;
  // Checked before any model loads.
  checkBinding(flags.host, token);
  const limits = Object.fromEntries(
    Object.entries({
      bodyBytes: integer(flags.bodyBytes, '--body-bytes'),
      textLength: integer(flags.textLength, '--text-length'),
      batchSize: integer(flags.batchSize, '--batch-size'),
      requestTimeoutMs: integer(flags.timeoutMs, '--timeout-ms'),
      concurrency: integer(flags.concurrency, '--concurrency'),
    }).filter(([, v]) => v !== undefined),
  );
  parseServiceLimits(limits); // checked before the models load
  const key = loadMaskKey(flags.keyFile);
  const { createPipeline } = await import('../../pipeline/index.ts');
  const pipeline = await createPipeline(flags.pipeline);
  const service = createService({
    pipeline,
    limits,
    token,
    key,
    // One JSON line per request: route, status, duration, sizes; never a text.
    log: (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
  });
  const address = await listenService(service, flags.host, port, token);
  process.stderr.write(`sanitext serve: pipeline ${pipeline.config.name ?? flags.pipeline} on ${address}${token ? ' (bearer token required)' : ''}${key ? '' : '; encrypted mappings use a random key of this process'}\n`);
  const stop = (): void => {
    void service.app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
