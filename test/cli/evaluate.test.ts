import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tabDocument } from '../helpers/tab.ts';

let dir: string;
const text = 'The applicant, Mr Anna Berg, was born in 1950 in Bergen.';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-cli-'));
  const gold = tabDocument('d1', text, {
    a1: [
      { text: 'Mr Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
      { text: '1950', type: 'DATETIME', id: 'QUASI', entity: 'e2' },
      { text: 'Bergen', type: 'LOC', id: 'QUASI', entity: 'e3' },
    ],
  });
  await writeFile(join(dir, 'gold.json'), JSON.stringify([gold]));
  await writeFile(join(dir, 'system.json'), JSON.stringify({ d1: [[18, 27], [41, 45]] }));
  await writeFile(join(dir, 'unknown.json'), JSON.stringify({ d9: [[0, 3]] }));
  await writeFile(join(dir, 'broken.json'), '{"d1": [[0, 3]');
});

describe('sanitext evaluate', () => {
  it('prints the reference keys, rounded, with --json', () => {
    const r = runCli(['evaluate', join(dir, 'gold.json'), join(dir, 'system.json'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      token_recall: 0.8, // Mr (ignorable token), Anna, Berg, 1950 of 5 units
      token_recall_by_type: { PERSON: 1, DATETIME: 1, LOC: 0 },
      mention_recall: 0.667,
      recall_all_entities: 0.667,
      recall_direct_entities: 1,
      recall_quasi_entities: 0.5,
      token_precision: 1,
      mention_precision: 1,
      token_f1: 0.889,
    });
  });

  it('prints a readable table with --by-type and lists unmasked mentions with --verbose', () => {
    const r = runCli(['evaluate', join(dir, 'gold.json'), join(dir, 'system.json'), '--by-type', '--verbose']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Entity recall, direct identifiers\s+1\.000/);
    expect(r.stdout).toMatch(/Token recall, LOC\s+0\.000/);
    expect(r.stdout).toMatch(/d1 d1_a1_m2 \[a1, LOC, QUASI\]: …[^⟦]*born in 1950 in ⟦Bergen⟧\.…/);
    expect(r.stdout).toMatch(/1 gold mention\(s\) left unmasked/);
  });

  it('gives one clear error, without a stack trace, for bad input', () => {
    for (const [file, message] of [
      ['unknown.json', /unknown\.json, doc d9: doc_id is not in the gold file/],
      ['broken.json', /broken\.json: malformed JSON/],
      ['missing.json', /missing\.json: file not found/],
    ] as const) {
      const r = runCli(['evaluate', join(dir, 'gold.json'), join(dir, file), '--json']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('rejects an unknown weighting scheme', () => {
    const r = runCli(['evaluate', join(dir, 'gold.json'), join(dir, 'system.json'), '--weights', 'idf']);
    expect(r.status).toBe(2); // bad input, like every other flag mistake
    expect(r.stderr).toMatch(/--weights: must be "uniform" or "mlm\[:MODEL\]", got "idf"/);
  });
});
