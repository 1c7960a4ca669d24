/**
 * Issue 16 item 4: `sanitext sanitize … | (an LLM) | sanitext restore` through the real CLI. The
 * LLM is the local fake server, whose edit moves lines and repeats one, so placeholders and
 * substitutes move and repeat; restore must give the same edit of the original text.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/index.ts';
import { runChild } from '../cli/child-process.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startFakeLlmServer, type ChatRequestBody, type FakeLlmServer } from './fake-llm-server.ts';

const BIN = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));
const env = { ...process.env, SANITEXT_MAPPING_KEY: '5a'.repeat(32) };
const temp = useTempDir('sanitext-llm-restore-');

const ORIGINAL = 'Anna Berg wrote to Michael Linder.\nThe letter left Oslo on 12 May 2019.\nIt reached Bergen a week later.\n';
const SPANS = ['Anna Berg', 'Michael Linder', 'Oslo', '12 May 2019', 'Bergen'].map((s) => [ORIGINAL.indexOf(s), ORIGINAL.indexOf(s) + s.length]);

/** The "LLM's" edit: lines in reverse order, the first line repeated at the end. */
function edit(text: string): string {
  const lines = text.trimEnd().split('\n').reverse();
  return `${[...lines, lines[0]].join('\n')}\n`;
}

/** The document as the prompt carried it (after the instruction line). */
function documentOf(request: ChatRequestBody): string {
  return (request.messages.at(-1)?.content ?? '').split('\n---\n')[1] ?? '';
}

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
  server.script((request) => edit(documentOf(request)));
});
afterAll(async () => {
  await server.close();
});

const cli = (args: string[]) => runChild(process.execPath, [BIN, ...args], { env });

describe('sanitize → LLM edit → restore', () => {
  it.each(['numbered', 'fictional'])('restores the edited text of strategy %s, moved and repeated entities included', async (strategy) => {
    const dir = temp.path;
    const input = join(dir, `${strategy}.txt`);
    await writeFile(input, ORIGINAL);
    await writeFile(join(dir, `${strategy}-spans.json`), JSON.stringify({ [strategy]: SPANS }));
    const sanitized = join(dir, `${strategy}.san.txt`);
    const mapping = join(dir, `${strategy}.map`);
    const sanitize = await cli(['sanitize', input, '--spans', join(dir, `${strategy}-spans.json`), '--strategy', strategy, '--mapping', mapping, '--out', sanitized]);
    expect(sanitize.status, sanitize.stderr).toBe(0);
    const masked = await readFile(sanitized, 'utf8');
    for (const original of ['Anna Berg', 'Linder', 'Oslo', '2019', 'Bergen']) expect(masked).not.toContain(original);

    const llm = createLlmClient({ url: server.url, model: 'qwen2.5-7b-instruct', cacheDir: false }, { env: {} });
    const answer = await llm.complete({ messages: [{ role: 'user', content: `Put the last sentence first and end with the first one again.\n---\n${masked}` }] });
    expect(answer.text).toBe(edit(masked));
    const edited = join(dir, `${strategy}.llm.txt`);
    await writeFile(edited, answer.text);

    const restored = join(dir, `${strategy}.restored.txt`);
    const run = await cli(['restore', edited, '--mapping', mapping, '--doc-id', strategy, '--out', restored]);
    expect(run.status, run.stderr).toBe(0);
    expect(await readFile(restored, 'utf8')).toBe(edit(ORIGINAL));
    // The report names the edit: a changed text, and the repeated line’s entity found twice.
    expect(run.stderr).toContain('the text changed since sanitization');
    expect(run.stderr.match(/inserted 1 time\(s\) and found 2 time\(s\)/g)).toHaveLength(1);
    expect(run.stderr).toContain('6 placeholder(s) restored');
  });
});
