/**
 * The LLM strategies wired into the pipeline (`mask.strategy: llm-…` with `mask.llm`) and into
 * `sanitext sanitize --llm-url`, against the local fake OpenAI-compatible server: nothing leaves the machine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyReplacements, InputError, loadDataset, parseAnonymization } from '../../src/corpus/index.ts';
import { llmMaskOptionsSchema } from '../../src/mask/llm/index.ts';
import { checkPipeline, createPipeline } from '../../src/pipeline/index.ts';
import { LlmMaskConfigSchema } from '../../src/pipeline/config.ts';
import { startFakeLlmServer, type ChatRequestBody, type FakeLlmServer } from './fake-llm-server.ts';

const BIN = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));

const TEXT =
  'The applicant, Mr Jan Kowalski, was born on 14 March 1994 in Gdańsk. On 3 May 2001 the Regional Court of Gdańsk ' +
  'ordered Kowalski to pay 16,985 zlotys.';

// The court is left out of the gold spans on purpose: its "Gdańsk" stays in the text the LLM returns,
// and the leak check must find and mask it.
const GOLD: { text: string; type: string; occurrence?: number }[] = [
  { text: 'Mr Jan Kowalski', type: 'PERSON' },
  { text: '14 March 1994', type: 'DATETIME' },
  { text: 'Gdańsk', type: 'LOC' },
  { text: '3 May 2001', type: 'DATETIME' },
  { text: 'Kowalski', type: 'PERSON', occurrence: 1 },
  { text: '16,985 zlotys', type: 'QUANTITY' },
];

function offsetOf(text: string, occurrence = 0): number {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = TEXT.indexOf(text, start + 1);
  if (start < 0) throw new Error(`test text lacks ${text}`);
  return start;
}

/** TEXT as a TAB document (no astral characters: code points equal UTF-16 offsets). */
const TAB_DOC = {
  doc_id: 'case-1',
  text: TEXT,
  annotations: {
    ann1: {
      entity_mentions: GOLD.map((g, i) => {
        const start = offsetOf(g.text, g.occurrence);
        return { entity_type: g.type, entity_mention_id: `case-1_${i}`, start_offset: start, end_offset: start + g.text.length, span_text: g.text, identifier_type: 'QUASI', entity_id: `e${i}` };
      }),
    },
  },
};

/** Recorded abstractions as a 7B instruct model gave them, keyed by original ("E2 (DATETIME): 14 March 1994"). */
function generalizeReply(request: ChatRequestBody): string {
  const byOriginal: Record<string, string> = {
    'Mr Jan Kowalski': 'a man',
    '14 March 1994': 'a specific date in the mid-1990s',
    'Gdańsk': 'a Baltic port city',
    '3 May 2001': 'a date in the early 2000s',
    '16,985 zlotys': 'a five-figure sum',
  };
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const ids = [...user.matchAll(/^(E\d+) \([A-Z]+\): (.*)$/gm)].map((m) => ({ id: m[1], original: m[2] }));
  return JSON.stringify({ replacements: ids.filter((e) => e.original in byOriginal).map((e) => ({ id: e.id, text: byOriginal[e.original] })) });
}

let server: FakeLlmServer;
let dir: string;
beforeAll(async () => {
  server = await startFakeLlmServer();
  dir = await mkdtemp(join(tmpdir(), 'sanitext-llm-pipeline-'));
  await writeFile(join(dir, 'case.json'), JSON.stringify([TAB_DOC]));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.script(generalizeReply);
});

function expectNoOriginal(text: string): void {
  for (const original of ['Kowalski', '14 March 1994', 'Gdańsk', '3 May 2001', '16,985']) expect(text).not.toContain(original);
}

/** The real CLI in a child process, asynchronously: the fake server in this process must keep answering. */
function sanitext(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SANITEXT_MAPPING_KEY: '' } }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('pipeline with mask.strategy llm-generalize', () => {
  it('runs end to end from a config file: abstractions in the text, the leak masked and counted, never its text', async () => {
    const config = join(dir, 'llm.yaml');
    await writeFile(
      config,
      ['detect:', '  given: {file: case.json}', 'mask:', '  strategy: llm-generalize', '  llm:', `    url: ${server.url}`, '    model: qwen2.5-7b-instruct', '    cacheDir: false', '    qps: 1000', ''].join('\n'),
    );
    const pipeline = await createPipeline(config, { env: {} });
    const result = await pipeline.runOne({ id: 'case-1', text: TEXT });
    expect(result.text).toContain('was born on a specific date in the mid-1990s in a Baltic port city.');
    // The recognizer's span holding the leaked original (the court's name) is masked whole.
    expect(result.text).toContain('On a date in the early 2000s the [LOC] ordered [PERSON] to pay a five-figure sum.');
    expectNoOriginal(result.text);
    expect(result.llm).toEqual({ leaks: 1, leaksByType: { LOC: 1 }, rejected: 1 });
    // Six gold mentions, none overlapping; "Kowalski" got no proposal (rejected: the fallback took its place).
    expect(result.counts.replacements).toBe(6);
    expect(JSON.stringify(result.llm)).not.toMatch(/Gda/);
    // The whole text is one replaced region: the LLM output is not aligned with the input.
    expect(result.offsetMap.segments).toEqual([{ inputStart: 0, inputEnd: TEXT.length, outputStart: 0, outputEnd: result.text.length }]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].model).toBe('qwen2.5-7b-instruct');
  });

  it('validates mask.llm strictly, with the field path', async () => {
    const base = { detect: { given: { file: join(dir, 'case.json') } } };
    const llm = { url: server.url, model: 'm' };
    const rejects = async (mask: Record<string, unknown>, message: RegExp) => {
      const error = await checkPipeline({ ...base, mask } as never, { env: {} }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    };
    await rejects({ strategy: 'llm-generalize' }, /mask\.llm: strategy llm-generalize needs an LLM endpoint/);
    await rejects({ strategy: 'numbered', llm }, /mask\.llm: used only by the strategies/);
    await rejects({ strategy: 'llm-rewrite', llm: { ...llm, modle: 'x' } }, /mask\.llm: .*modle/);
    await rejects({ strategy: 'llm-rewrite', llm, byType: { DATETIME: 'redact' } }, /mask\.byType/);
    await rejects({ strategy: 'numbered', byType: { DATETIME: 'llm-generalize' } }, /mask\.byType\.DATETIME: an LLM strategy/);
    await rejects({ strategy: 'llm-fictional', llm: { url: 'https://api.example.com/v1', model: 'm' } }, /mask\.llm\.url: .*api\.example\.com.*allowExternalLlm/);
    const summary = await checkPipeline({ ...base, mask: { strategy: 'llm-fictional', llm: { url: 'https://api.example.com/v1', model: 'm', allowExternalLlm: true } } }, { env: {} });
    expect(summary.strategies).toEqual(['llm-fictional']);
    expect(server.requests).toHaveLength(0);
  });

  it('mask.llm takes exactly the LLM masker options less the strategy', () => {
    const masker = Object.keys(llmMaskOptionsSchema.shape).filter((k) => k !== 'strategy').sort();
    expect(Object.keys(LlmMaskConfigSchema.shape).sort()).toEqual(masker);
  });
});

describe('sanitext sanitize --strategy llm-generalize --llm-url (real CLI)', () => {
  it('sanitizes through the local endpoint, reports the leak count, and its anonymization rebuilds the text', async () => {
    const out = join(dir, 'out.jsonl');
    const run = await sanitext(['sanitize', join(dir, 'case.json'), '--strategy', 'llm-generalize', '--llm-url', server.url, '--llm-model', 'qwen2.5-7b-instruct', '--to', 'jsonl', '--out', out, '--workers', '1']);
    expect(run.status, run.stderr).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as { doc_id: string; text: string };
    expect(written.text).toContain('born on a specific date in the mid-1990s in a Baltic port city');
    expectNoOriginal(written.text);
    expect(run.stderr).toContain('1 original(s) found again in the LLM output and masked with a type tag');
    expect(run.stderr).not.toMatch(/Gda/);

    const anonymization = join(dir, 'anon.json');
    const again = await sanitext(['sanitize', join(dir, 'case.json'), '--strategy', 'llm-generalize', '--llm-url', server.url, '--llm-model', 'qwen2.5-7b-instruct', '--format', 'anonymization', '--out', anonymization]);
    expect(again.status, again.stderr).toBe(0);
    const corpus = await loadDataset(join(dir, 'case.json'));
    const parsed = parseAnonymization(JSON.parse(await readFile(anonymization, 'utf8')), anonymization, corpus);
    expect(applyReplacements(TEXT, parsed.anonymization.get('case-1')!).text).toBe(written.text);
  });

  it('refuses a remote --llm-url without --allow-external-llm, and LLM flags with another strategy (exit 2, nothing written)', async () => {
    const out = join(dir, 'remote.jsonl');
    const remote = await sanitext(['sanitize', join(dir, 'case.json'), '--strategy', 'llm-rewrite', '--llm-url', 'https://api.example.com/v1', '--llm-model', 'm', '--out', out]);
    expect(remote.status).toBe(2);
    expect(remote.stderr).toMatch(/api\.example\.com.*--allow-external-llm/s);
    const other = await sanitext(['sanitize', join(dir, 'case.json'), '--strategy', 'numbered', '--llm-url', server.url, '--out', out]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/--llm-url apply to the strategies llm-fictional/);
    const missing = await sanitext(['sanitize', join(dir, 'case.json'), '--strategy', 'llm-rewrite', '--llm-url', server.url, '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/needs --llm-url URL and --llm-model NAME/);
    expect(existsSync(out)).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});
