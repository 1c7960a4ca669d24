import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecognizer, type Recognizer } from '../../src/detect/index.ts';
import { createLlmClient, ExternalLlmNotAllowedError } from '../../src/llm/index.ts';
import { restore } from '../../src/mask/index.ts';
import { createLlmMasker, llmSanitize } from '../../src/mask/llm/index.ts';
import type { MaskSpan } from '../../src/mask/index.ts';
import { startFakeLlmServer, type ChatRequestBody, type FakeLlmServer } from './fake-llm-server.ts';

const TEXT =
  'The applicant, Mr Jan Kowalski, was born on 14 March 1994 in Gdańsk. On 3 May 2001 the Regional Court of Gdańsk ' +
  'ordered Kowalski to pay 16,985 zlotys. He can be reached at jan.kowalski@example.pl.';

function spanOf(text: string, entityType: string, occurrence = 0): MaskSpan {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = TEXT.indexOf(text, start + 1);
  if (start < 0) throw new Error(`test text lacks ${text}`);
  return { start, end: start + text.length, entityType };
}

const SPANS: MaskSpan[] = [
  spanOf('Mr Jan Kowalski', 'PERSON'),
  spanOf('14 March 1994', 'DATETIME'),
  spanOf('Gdańsk', 'LOC'),
  spanOf('3 May 2001', 'DATETIME'),
  spanOf('Regional Court of Gdańsk', 'ORG'),
  spanOf('Kowalski', 'PERSON', 1),
  spanOf('16,985 zlotys', 'QUANTITY'),
  spanOf('jan.kowalski@example.pl', 'CODE'),
];
const ORIGINALS = ['Jan Kowalski', 'Kowalski', '14 March 1994', 'Gdańsk', '3 May 2001', 'Regional Court of Gdańsk', '16,985 zlotys', 'jan.kowalski@example.pl'];

/** The entity list the prompt gave, id → original ("E3 (LOCATION): Gdańsk"). */
function entitiesOf(request: ChatRequestBody): Map<string, string> {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return new Map([...user.matchAll(/^(E\d+) \([A-Z]+\): (.*)$/gm)].map((m) => [m[2], m[1]]));
}

/** Recorded answers keyed by original, as a 7B instruct model gave them for this kind of prompt. */
function replacementsReply(byOriginal: Record<string, string>) {
  return (request: ChatRequestBody): string => {
    const ids = entitiesOf(request);
    return JSON.stringify({ replacements: [...ids].filter(([original]) => original in byOriginal).map(([original, id]) => ({ id, text: byOriginal[original] })) });
  };
}

let server: FakeLlmServer;
let recognizer: Recognizer;
let cacheDir: string;
beforeAll(async () => {
  server = await startFakeLlmServer();
  recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-llm-cache-'));
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

const client = () => createLlmClient({ url: server.url, model: 'qwen2.5-7b-instruct', baseDelayMs: 1, qps: 1000, cacheDir }, { env: {} });

function expectNoOriginal(text: string): void {
  for (const original of ORIGINALS) expect(text.toLowerCase()).not.toContain(original.toLowerCase());
}

describe('llm-fictional', () => {
  it('uses the proposals that pass the rules, replaces the others, and restores exactly', async () => {
    server.script(
      replacementsReply({
        'Mr Jan Kowalski': 'Mr Piotr Nowak',
        '14 March 1994': '2 August 1991',
        'Gdańsk': 'Poznań',
        '3 May 2001': '19 June 1998',
        // Breaks the rules: holds another entity's original.
        'Regional Court of Gdańsk': 'Regional Court of Gdańsk-North',
        'Kowalski': 'Nowak',
        // Breaks the format rule: no digits.
        '16,985 zlotys': 'a large sum',
        'jan.kowalski@example.pl': 'p.nowak@example.org',
      }),
    );
    const result = await llmSanitize(TEXT, SPANS, { mode: 'llm-fictional', client: client(), recognizer, docId: 'doc-1' });
    expect(result.text).toContain('Mr Piotr Nowak');
    expect(result.text).toContain('p.nowak@example.org');
    expect(result.rejected).toBe(2);
    expect(result.text).toMatch(/Org-[0-9a-f]{8}/);
    expect(result.text).toMatch(/Quantity-[0-9a-f]{8}/);
    expectNoOriginal(result.text);
    expect(result.leaks).toEqual([]);
    // The request carried the versioned prompt and the JSON schema.
    expect(server.requests[0].messages[0].content).toContain('(prompt llm-fictional.v1)');
    expect(server.requests[0].response_format?.json_schema?.name).toBe('replacements');
    expect(restore(result.text, result.mapping).text).toBe(TEXT);
  });
});

describe('llm-fictional, a substitute that restore could not tell from the text', () => {
  it('gives every entity a keyed token, so the round trip stays exact', async () => {
    // "applicant" is already in the text: restore would find it twice.
    server.script(replacementsReply({ 'Gdańsk': 'applicant', 'Mr Jan Kowalski': 'Mr Piotr Nowak' }));
    const result = await llmSanitize(TEXT, SPANS, { mode: 'llm-fictional', client: client() });
    expect(result.text).not.toContain('Piotr');
    expect(result.text.match(/\b(?:Person|Loc|Datetime|Org|Quantity|Code)-[0-9a-f]{8}\b/g)).toHaveLength(SPANS.length);
    expect(restore(result.text, result.mapping).text).toBe(TEXT);
  });
});

describe('llm-generalize', () => {
  it('writes truthful abstractions and falls back to generalize for a proposal holding an original', async () => {
    server.script(
      replacementsReply({
        'Mr Jan Kowalski': 'a man',
        '14 March 1994': 'a specific date in the mid-1990s',
        'Gdańsk': 'a Baltic port city',
        '3 May 2001': 'a date in the early 2000s',
        'Regional Court of Gdańsk': 'a regional court',
        'Kowalski': 'the applicant',
        '16,985 zlotys': 'a five-figure sum',
        // Leaks the original's surname.
        'jan.kowalski@example.pl': 'an e-mail address of Kowalski',
      }),
    );
    const result = await llmSanitize(TEXT, SPANS, { mode: 'llm-generalize', client: client(), recognizer });
    expect(result.text).toContain('born on a specific date in the mid-1990s in a Baltic port city');
    expect(result.rejected).toBe(1);
    expect(result.mapping.reversible).toBe(false);
    expectNoOriginal(result.text);
  });
});

describe('llm-rewrite', () => {
  it('masks and reports originals the LLM left in its rewrite, whatever their case', async () => {
    server.script(() =>
      JSON.stringify({
        text:
          'The applicant, a man born in the mid-1990s in a port city, was ordered by a regional court in 2001 to pay a sum. ' +
          'KOWALSKI appealed; Kowalski’s lawyer wrote from gdańsk, at 14 March 1994.',
      }),
    );
    const result = await llmSanitize(TEXT, SPANS, { mode: 'llm-rewrite', client: client(), recognizer });
    expectNoOriginal(result.text);
    // The recognizer's span is masked whole; a possessive's "’s" is no part of a name and stays.
    expect(result.text).toContain('[PERSON] appealed; [PERSON]’s lawyer wrote from [LOC], at [DATETIME].');
    expect(result.leaks.map((l) => l.entityType).sort()).toEqual(['DATETIME', 'LOC', 'PERSON', 'PERSON']);
    // Reported by type and position only: no field carries the leaked text.
    for (const leak of result.leaks) {
      expect(Object.keys(leak).sort()).toEqual(['end', 'entityType', 'foundBy', 'start']);
      expect(result.text.slice(leak.start, leak.end)).toMatch(/^\[[A-Z]+\]$/);
    }
    expect(result.leaks.some((l) => l.foundBy === 'recognizer')).toBe(true);
    expect(server.requests[0].messages[0].content).toContain('(prompt llm-rewrite.v1)');
  });
});

describe('createLlmMasker', () => {
  it('validates its options strictly and refuses a remote endpoint without the opt-in', async () => {
    await expect(createLlmMasker({ strategy: 'llm-generalize', url: server.url, model: 'm', temprature: 0 })).rejects.toThrow(/mask\.llm: .*temprature/);
    await expect(createLlmMasker({ strategy: 'llm-summarize', url: server.url, model: 'm' })).rejects.toThrow(/mask\.llm: strategy:/);
    await expect(createLlmMasker({ strategy: 'llm-rewrite', url: 'https://api.example.com/v1', model: 'm' })).rejects.toBeInstanceOf(ExternalLlmNotAllowedError);
  });

  it('masks documents one after another with one client and the leak check', async () => {
    server.script(() => JSON.stringify({ text: 'A man born in the 1990s in a port city was ordered by a court to pay a sum; write to Jan.Kowalski@example.pl.' }));
    const masker = await createLlmMasker({ strategy: 'llm-rewrite', url: server.url, model: 'm', qps: 1000, cacheDir });
    const first = await masker.mask(TEXT, SPANS, 'doc-1');
    expect(first.text).toBe('A man born in the 1990s in a port city was ordered by a court to pay a sum; write to [CODE].');
    expect(first.leaks).toHaveLength(1);
    await masker.mask(TEXT, SPANS, 'doc-1');
    expect(server.requests).toHaveLength(1);
  });
});
