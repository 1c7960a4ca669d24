/** `sanitext proxy --pipeline p.yaml --upstream URL`: an OpenAI-compatible proxy that keeps personal data from the LLM. */
import type { Command } from 'commander';
import { InputError } from '../../corpus/index.ts';
import { loadMaskKey } from '../../mask/index.ts';

interface ProxyFlags {
  pipeline: string;
  upstream: string;
  host: string;
  port: string;
  keyFile?: string;
  strategy: string;
  allowExternalLlm?: boolean;
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('an OpenAI-compatible /v1/chat/completions and /v1/completions that sanitizes prompts before the upstream LLM and restores the originals in its answers (streamed too)')
    .requiredOption('--pipeline <config>', 'the pipeline that finds what to hide (pipelines/*.yaml)')
    .requiredOption('--upstream <url>', 'base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1')
    .option('--host <address>', 'address to listen on (loopback only)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8081')
    .option('--strategy <name>', 'keyed-tag or fictional', 'keyed-tag')
    .option('--key-file <file>', 'key of the pseudonyms (default: $SANITEXT_MAPPING_KEY, else a random key of this process)')
    .option('--allow-external-llm', 'allow an upstream that is not on this machine (it receives the sanitized prompts)')
    .action(async (flags: ProxyFlags) => {
      await runProxy(flags);
    });
}

async function runProxy(flags: ProxyFlags): Promise<void> {
  const { PROXY_STRATEGIES, checkUpstream, createProxy, isLoopback } = await import('../../service/index.ts');
  const strategy = PROXY_STRATEGIES.find((name) => name === flags.strategy);
  if (strategy === undefined) throw new InputError([{ file: '(command line)', message: `--strategy: expected ${PROXY_STRATEGIES.join(' or ')}, not "${flags.strategy}"` }]);
  if (!/^\d+$/.test(flags.port)) throw new InputError([{ file: '(command line)', message: `--port must be a whole number, not "${flags.port}"` }]);
  // The proxy has no token of its own: it answers only on this machine.
  if (!isLoopback(flags.host)) throw new InputError([{ file: '(command line)', message: `--host ${flags.host} is not a loopback address; the proxy listens on this machine only` }]);
  // Checked before any model loads.
  checkUpstream(flags.upstream, flags.allowExternalLlm ?? false);
  const key = loadMaskKey(flags.keyFile);
  const { createPipeline } = await import('../../pipeline/index.ts');
  const pipeline = await createPipeline(flags.pipeline);
  const proxy = createProxy({
    pipeline,
    upstream: flags.upstream,
    allowExternalLlm: flags.allowExternalLlm ?? false,
    strategy,
    key,
    // One JSON line per request: route, status, duration, sizes; never a text.
    log: (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
  });
  let address: string;
  try {
    address = await proxy.app.listen({ host: flags.host, port: Number(flags.port) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new InputError([{ file: '(command line)', message: `cannot listen on ${flags.host}:${flags.port} (${code})` }]);
    throw error;
  }
  process.stderr.write(`sanitext proxy: pipeline ${pipeline.config.name ?? flags.pipeline}, ${strategy} pseudonyms, on ${address}/v1 → ${new URL(flags.upstream).host}${key ? '' : ' (random key of this process)'}\n`);
  const stop = (): void => {
    void proxy.app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
