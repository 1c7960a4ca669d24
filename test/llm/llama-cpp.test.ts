/**
 * The embedded runtime (src/llm/llama-cpp-backend.ts) with the real node-llama-cpp binary and a real
 * GGUF file: scripts/make-tiny-gguf.ts writes a tiny random-weight llama model into a temp folder.
 * Its answers are garbage; the wiring is what is tested: loading, plain and grammar-constrained
 * completions, determinism and the cache, bad paths, lazy import, and the llm-generalize strategy
 * (its validation and leak check) end to end through the pipeline and the CLI.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerSanitize } from '../../src/cli/commands/sanitize.ts';
import { InputError } from '../../src/corpus/index.ts';
import { createLlmClient, LlmResponseError, type LlmJsonSchema, type ResilientLlmClient } from '../../src/llm/index.ts';
import { checkPipeline, createPipeline, createPipelineRunner } from '../../src/pipeline/index.ts';
import { writeTinyGguf } from '../../scripts/make-tiny-gguf.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'sanitext.mjs');
const MODULE_LOG_HOOK = join(ROOT, 'test', 'cli', 'startup-module-log.mjs');

const TEXT = 'The applicant, Mr Jan Kowalski, was born on 14 March 1994 in Gdańsk. On 3 May 2001 Kowalski was ordered to pay 16,985 zlotys.';
const GOLD: { text: string; type: string; occurrence?: number }[] = [
  { text: 'Mr Jan Kowalski', type: 'PERSON' },
  { text: '14 March 1994', type: 'DATETIME' },
  { text: 'Gdańsk', type: 'LOC' },
  { text: '3 May 2001', type: 'DATETIME' },
  { text: '16,985 zlotys', type: 'QUANTITY' },
  { text: 'Kowalski', type: 'PERSON', occurrence: 1 },
];
const ORIGINALS = ['Kowalski', '14 March 1994', 'Gdańsk', '3 May 2001', '16,985'];

const TAB_DOC = {
  doc_id: 'case-1',
  text: TEXT,
  annotations: {
    ann1: {
      entity_mentions: GOLD.map((g, i) => {
        const start = g.occurrence ? TEXT.indexOf(g.text, TEXT.indexOf(g.text) + 1) : TEXT.indexOf(g.text);
        return { entity_type: g.type, entity_mention_id: `case-1_${i}`, start_offset: start, end_offset: start + g.text.length, span_text: g.text, identifier_type: 'QUASI', entity_id: `e${i}` };
      }),
    },
  },
};

const verdictSchema: LlmJsonSchema<{ verdict: 'keep' | 'drop'; labels: ('PERSON' | 'DATE')[] }> = {
  name: 'verdict',
  jsonSchema: {
    type: 'object',
    properties: { verdict: { enum: ['keep', 'drop'] }, labels: { type: 'array', items: { enum: ['PERSON', 'DATE'] } } },
    required: ['verdict', 'labels'],
    additionalProperties: false,
  },
  validate: z.object({ verdict: z.enum(['keep', 'drop']), labels: z.array(z.enum(['PERSON', 'DATE'])) }).strict(),
};

let dir: string;
let gguf: string;
const clients: ResilientLlmClient[] = [];
/** One thread each: the test machine has two cores for everyone. */
const client = (extra: Record<string, unknown> = {}): ResilientLlmClient => {
  const made = createLlmClient({ modelPath: gguf, threads: 1, contextSize: 2048, cacheDir: false, ...extra });
  clients.push(made);
  return made;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-llama-'));
  gguf = join(dir, 'tiny.gguf');
  writeTinyGguf(gguf);
  await writeFile(join(dir, 'case.json'), JSON.stringify([TAB_DOC]));
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the embedded llama.cpp backend', () => {
  it('loads the script-made GGUF through createLlmClient({modelPath}) and answers a plain chat completion with text', async () => {
    const llm = client();
    expect(llm.id).toMatch(/^llama-cpp:tiny\.gguf#[0-9a-f]{16}$/);
    expect(llm.external).toBe(false);
    const answer = await llm.complete({ messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'Say hello.' }], maxTokens: 200 });
    expect(answer.cached).toBe(false);
    expect(answer.json).toBeUndefined();
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it('constrains a schema answer by a grammar: JSON of the schema, validated, even from random weights', async () => {
    const answer = await client().complete({ messages: [{ role: 'user', content: 'Is "Jan Kowalski" a person? Answer in JSON.' }], schema: verdictSchema });
    expect(verdictSchema.validate.parse(JSON.parse(answer.text))).toEqual(answer.json);
    expect(['keep', 'drop']).toContain(answer.json?.verdict);
  });

  it('gives the same answer to the same request (temperature 0), the second time from the disk cache', async () => {
    const cacheDir = join(dir, 'cache');
    const request = { messages: [{ role: 'user' as const, content: 'Describe 14 March 1994 vaguely.' }], maxTokens: 200 };
    const uncached = client();
    const first = await uncached.complete(request);
    const again = await uncached.complete(request);
    expect(again.text).toBe(first.text);
    expect(again.cached).toBe(false);

    const cachedClient = client({ cacheDir });
    const fresh = await cachedClient.complete(request);
    const hit = await cachedClient.complete(request);
    expect(fresh).toEqual({ text: first.text, cached: false });
    expect(hit).toEqual({ text: first.text, cached: true });
    expect(cachedClient.stats).toMatchObject({ requests: 1, cacheHits: 1 });
  });

  it('reports a generation cut off at maxTokens as an unusable answer, not as text', async () => {
    await expect(client().complete({ messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 1, schema: verdictSchema })).rejects.toThrow(LlmResponseError);
  });

  it('refuses a prompt that does not fit the context instead of shortening it silently', async () => {
    const small = client({ contextSize: 256 });
    const long = 'The applicant was born in Gdańsk. '.repeat(40);
    await expect(small.complete({ messages: [{ role: 'user', content: long }] })).rejects.toThrow(/the prompt \(\d+ tokens\) and answer \(at least 1 tokens\) do not fit the context of 256 tokens: raise contextSize/);
    await expect(small.complete({ messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 1000 })).rejects.toThrow(/answer \(1000 tokens\) do not fit the context of 256 tokens/);
    expect((await small.complete({ messages: [{ role: 'user', content: 'Say hello.' }] })).text.length).toBeGreaterThan(0);
  });

  it('stops a generation at timeoutMs with a request error, not retried by default (it would time out again)', async () => {
    const hasty = client({ timeoutMs: 1 });
    const long = 'The applicant was born in Gdańsk. '.repeat(80);
    await expect(hasty.complete({ messages: [{ role: 'user', content: long }] })).rejects.toThrow(/timed out after 1 ms/);
    expect(hasty.stats).toMatchObject({ requests: 1, retries: 0 });
  });

  it('identifies the model by its content: another file, or the same path rewritten, is another cache key', async () => {
    const other = join(dir, 'other', 'tiny.gguf');
    mkdirSync(join(dir, 'other'));
    writeTinyGguf(other, { seed: 2 });
    const a = createLlmClient({ modelPath: gguf, cacheDir: false }).id;
    const b = createLlmClient({ modelPath: other, cacheDir: false }).id;
    expect(b).not.toBe(a);
    writeTinyGguf(other, { seed: 1 });
    expect(createLlmClient({ modelPath: other, cacheDir: false }).id).toBe(a);
  });

  it('refuses a missing path, a URL, a folder and a non-GGUF file with a message naming it, before loading anything', () => {
    const missing = join(dir, 'nope.gguf');
    const text = join(dir, 'notes.gguf');
    writeFileSync(text, 'not a model\n');
    const refused = (modelPath: string): InputError => {
      try {
        createLlmClient({ modelPath });
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return error as InputError;
      }
      throw new Error(`accepted ${modelPath}`);
    };
    expect(refused(missing).message).toBe(`${missing}: no such GGUF model file (modelPath, --llm-gguf)`);
    expect(refused('https://huggingface.co/org/model/resolve/main/model.gguf').message).toMatch(/^https:\/\/huggingface\.co\S+: modelPath \(--llm-gguf\) is a URL/);
    expect(refused('hf:org/model').message).toMatch(/is a URL/);
    expect(refused(dir).message).toBe(`${dir}: modelPath (--llm-gguf) is not a file: give a .gguf file`);
    expect(refused(text).message).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a GGUF file`));
  });

  it('takes either modelPath or url + model, with a message for both, neither and misplaced options', () => {
    expect(() => createLlmClient({ modelPath: gguf, url: 'http://127.0.0.1:1/v1', model: 'm' })).toThrow(/llm: modelPath: give either modelPath .* not both/);
    expect(() => createLlmClient({})).toThrow(/llm: root: no LLM: give url and model .* or modelPath/);
    expect(() => createLlmClient({ url: 'http://127.0.0.1:1/v1' })).toThrow(/llm: model: url needs the model name/);
    expect(() => createLlmClient({ url: 'http://127.0.0.1:1/v1', model: 'm', threads: 2 })).toThrow(/llm: threads: applies to the embedded runtime/);
    expect(() => createLlmClient({ modelPath: gguf, allowExternalLlm: true })).toThrow(/llm: allowExternalLlm: applies to an endpoint/);
    expect(() => createLlmClient({ modelPath: gguf, treads: 2 })).toThrow(/treads/);
  });
});

describe('llm-generalize on the embedded runtime', () => {
  it('runs a pipeline with mask.llm.modelPath (relative to the config): garbage answers fall back, no original survives', async () => {
    const config = join(dir, 'local-llm.yaml');
    await writeFile(config, ['detect:', '  given: {file: case.json}', 'mask:', '  strategy: llm-generalize', '  llm:', '    modelPath: tiny.gguf', '    threads: 1', '    cacheDir: false', ''].join('\n'));
    const summary = await checkPipeline(config);
    expect(summary.strategies).toEqual(['llm-generalize']);
    const pipeline = await createPipeline(config);
    const result = await pipeline.runOne({ id: 'case-1', text: TEXT });
    for (const original of ORIGINALS) expect(result.text).not.toContain(original);
    expect(result.counts.replacements).toBe(GOLD.length);
    // The tiny model answers {"replacements": []}: no usable proposal, so every entity is rejected and
    // gets the generalize strategy's text — the same text that strategy gives on its own.
    expect(result.llm!.rejected).toBeGreaterThan(0);
    expect(result.llm!.leaks).toBe(0);
    const plain = await createPipeline({ detect: { given: { file: join(dir, 'case.json') } }, mask: { strategy: 'generalize' } });
    expect(result.text).toBe((await plain.runOne({ id: 'case-1', text: TEXT })).text);
    expect(JSON.stringify(result.llm)).not.toMatch(/Kowalski|Gda/);
    // One model in memory: asked for worker threads, an embedded-LLM pipeline still runs in this one.
    const runner = await createPipelineRunner(config, { workers: 2 });
    expect(runner.threads).toBe(0);
    await runner.close();
  });

  it('refuses mask.llm with both modelPath and url, and a missing modelPath, naming the field or file', async () => {
    const base = { detect: { given: { file: join(dir, 'case.json') } } };
    const error = async (llm: Record<string, unknown>) => checkPipeline({ ...base, mask: { strategy: 'llm-rewrite', llm } } as never).then(() => undefined, (e: unknown) => e as Error);
    expect((await error({ modelPath: gguf, url: 'http://127.0.0.1:1/v1', model: 'm' }))?.message).toMatch(/mask\.llm\.modelPath: give either modelPath/);
    expect((await error({ threads: 1 }))?.message).toMatch(/mask\.llm: no LLM: give url and model/);
    const missing = await error({ modelPath: join(dir, 'gone.gguf') });
    expect(missing).toBeInstanceOf(InputError);
    expect(missing?.message).toContain(`${join(dir, 'gone.gguf')}: no such GGUF model file`);
  });

  it('sanitext sanitize --strategy llm-generalize --llm-gguf: no original in the output; --llm-gguf with --llm-url is a usage error', async () => {
    const out = join(dir, 'out.jsonl');
    // In the temp folder: a relative --llm-gguf, and the default cache (.cache/llm) there, not in the repository.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await sanitext('sanitize', 'case.json', '--strategy', 'llm-generalize', '--llm-gguf', 'tiny.gguf', '--to', 'jsonl', '--out', out);
    } finally {
      process.chdir(cwd);
    }
    // Answered by the model (nothing cached before), and the answer kept for the next run.
    expect(readdirSync(join(dir, '.cache', 'llm'))).toHaveLength(1);
    const written = JSON.parse(await readFile(out, 'utf8')) as { doc_id: string; text: string };
    expect(written.doc_id).toBe('case-1');
    for (const original of ORIGINALS) expect(written.text).not.toContain(original);

    const both = sanitext('sanitize', join(dir, 'case.json'), '--strategy', 'llm-generalize', '--llm-gguf', gguf, '--llm-url', 'http://127.0.0.1:1/v1', '--llm-model', 'm');
    await expect(both).rejects.toThrow(InputError);
    await expect(both).rejects.toThrow('--llm-gguf (a local model) excludes --llm-url');
    await expect(sanitext('sanitize', join(dir, 'case.json'), '--strategy', 'llm-rewrite', '--llm-gguf', join(dir, 'absent.gguf'), '--out', join(dir, 'never.jsonl'))).rejects.toThrow(
      `${join(dir, 'absent.gguf')}: no such GGUF model file`,
    );
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
  });
});

describe('start-up', () => {
  it('imports node-llama-cpp on the first request only: not for `sanitize --help`, not to create a client', async () => {
    const log = join(dir, 'modules.log');
    const script = join(dir, 'ask-client.mts');
    // Creates a client, marks the log, then asks: the package must show up after the mark only.
    await writeFile(
      script,
      [
        "import { appendFileSync } from 'node:fs';",
        `import { createLlmClient } from ${JSON.stringify(join(ROOT, 'src', 'llm', 'index.ts'))};`,
        `const llm = createLlmClient({ modelPath: ${JSON.stringify(gguf)}, threads: 1, cacheDir: false });`,
        `appendFileSync(${JSON.stringify(log)}, 'CLIENT CREATED\\n');`,
        "await llm.complete({ messages: [{ role: 'user', content: 'Say hello.' }] });",
        'await llm.close();',
      ].join('\n'),
    );
    const modulesOf = async (args: string[]): Promise<string> => {
      await writeFile(log, '');
      const run = await new Promise<{ status: number; stderr: string }>((done) =>
        execFile(process.execPath, ['--import', MODULE_LOG_HOOK, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SANITEXT_MODULE_LOG: log } }, (error, _stdout, stderr) =>
          done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
        ),
      );
      expect(run.status, run.stderr).toBe(0);
      return readFile(log, 'utf8');
    };
    const PACKAGE = '/node_modules/node-llama-cpp/';
    expect(await modulesOf([BIN, 'sanitize', '--help'])).not.toContain(PACKAGE);
    const [beforeRequest, afterCreation] = (await modulesOf(['--import', 'tsx', script])).split('CLIENT CREATED\n');
    expect(beforeRequest).toContain('/src/llm/llama-cpp-backend.ts');
    expect(beforeRequest).not.toContain(PACKAGE);
    expect(afterCreation).toContain(PACKAGE);
  });
});

/** `sanitext sanitize` in-process (as test/mask/cli.test.ts): a spawned CLI would transpile the sources cold in the run's fresh TMPDIR. */
async function sanitext(...args: string[]): Promise<void> {
  const program = new Command().exitOverride().option('--data-dir <dir>');
  registerSanitize(program);
  await program.parseAsync(['node', 'sanitext', ...args]);
}
