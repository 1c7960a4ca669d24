import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, readDocuments, type InputDocument } from '../../src/corpus/index.ts';
import {
  createDetector,
  createDetectorRunner,
  createPipeline,
  createPipelineRunner,
  detectLayers,
  parseWorkerCount,
  runPipelineParallel,
  type PipelineConfigInput,
  type PipelineResult,
} from '../../src/pipeline/index.ts';
import { runCli } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipeline-workers-'));
const RULES_AND_LISTS: PipelineConfigInput = { detect: { layers: { rules: true, gazetteers: true } }, mask: { strategy: 'numbered' } };
const RULES: PipelineConfigInput = { detect: { layers: { rules: true } }, mask: { strategy: 'numbered' } };

const FIRST = ['Anna', 'Jan', 'Maria', 'Piotr', 'Olga', 'Henrik', 'Sofia', 'Lars', 'Ewa', 'Marek', 'Ingrid'];
const LAST = ['Kowalski', 'Nowak', 'Hansen', 'Berg', 'Lindqvist', 'Petrov', 'Novak', 'Dahl', 'Weber'];

/** A deterministic letter of varying length (so workers finish out of order) with names, dates, e-mails and numbers. */
function letter(n: number): string {
  const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
  const sentence = `Mr ${name} was born on ${1 + (n % 28)} May ${1950 + (n % 50)}, wrote to ${FIRST[(n * 3) % FIRST.length].toLowerCase()}.${n}@example.org and lodged application no. ${10000 + n}/0${n % 10}.`;
  return Array.from({ length: 1 + ((n * 5) % 13) }, (_, i) => (i % 2 === 0 ? sentence : 'The court found the complaint admissible.')).join(' ');
}

/** The generated corpus as a JSON-lines file, read through the one input reader. */
function generatedJsonl(count: number): string {
  const file = join(dir, `generated-${count}.jsonl`);
  writeFileSync(file, Array.from({ length: count }, (_, n) => JSON.stringify({ doc_id: `gen-${n}`, text: letter(n) })).join('\n') + '\n');
  return file;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function inProcess(config: PipelineConfigInput, docs: readonly InputDocument[]): Promise<PipelineResult[]> {
  return collect((await createPipeline(config)).run(docs));
}

/** What a result says, with the offset map's behaviour (a class, rebuilt after the thread) read through its methods. */
function comparable(result: PipelineResult): unknown {
  const { offsetMap, ...rest } = result;
  const probes = [0, 1, 5, 17, 40, offsetMap.inputLength];
  return { ...rest, segments: offsetMap.segments, toOutput: probes.map((p) => offsetMap.toOutput(p)), inputSpan: offsetMap.inputSpan({ start: 0, end: offsetMap.outputLength }) };
}

describe('runPipelineParallel: every core, the same output in the same order', () => {
  it('2 and 3 workers equal the in-process pipeline on datasets/sample (rules + gazetteers)', { timeout: 40_000 }, async () => {
    const docs = await collect(readDocuments('sample', {}));
    const expected = (await inProcess(RULES_AND_LISTS, docs)).map(comparable);
    expect(expected.length).toBe(16);
    expect(expected.some((r) => (r as { counts: { replacements: number } }).counts.replacements > 0)).toBe(true);
    for (const workers of [2, 3]) {
      const results = await collect(runPipelineParallel(RULES_AND_LISTS, docs, { workers }));
      expect(results.map(comparable)).toEqual(expected);
      expect(results[0].offsetMap.toOutput(results[0].offsetMap.inputLength)).toBe(results[0].text.length);
    }
  });

  it('300 generated JSON-lines documents: 2 workers equal in-process, in input order, never more than 2×N in flight', { timeout: 40_000 }, async () => {
    const file = generatedJsonl(300);
    const expected = await inProcess(RULES, await collect(readDocuments(file, {})));
    expect(expected.map((r) => r.id)).toEqual(Array.from({ length: 300 }, (_, n) => `gen-${n}`));
    const runner = await createPipelineRunner(RULES, { workers: 2 });
    expect(runner.threads).toBe(2);
    let pulled = 0;
    let taken = 0;
    let mostInFlight = 0;
    async function* counted(): AsyncGenerator<InputDocument> {
      for await (const doc of readDocuments(file, {})) {
        pulled++;
        mostInFlight = Math.max(mostInFlight, pulled - taken);
        yield doc;
      }
    }
    const results: PipelineResult[] = [];
    try {
      for await (const outcome of runner.run(counted())) {
        taken++;
        expect(outcome.error).toBeUndefined();
        results.push(outcome.result!);
      }
      await runner.finish();
    } finally {
      await runner.close();
    }
    expect(results.map(comparable)).toEqual(expected.map(comparable));
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(mostInFlight).toBeGreaterThan(1); // the workers did overlap
  });

  it('the detect stage over workers equals createDetector', { timeout: 40_000 }, async () => {
    const docs = await collect(readDocuments(generatedJsonl(40), {}));
    const detector = await createDetector(detectLayers(['rules', 'gazetteers']));
    const expected = await Promise.all(docs.map((d) => detector.detect({ id: d.id, text: d.text })));
    const runner = await createDetectorRunner(detectLayers(['rules', 'gazetteers']), { workers: 2 });
    try {
      const outcomes = await collect(runner.run(docs));
      expect(outcomes.map((o) => o.doc.id)).toEqual(docs.map((d) => d.id));
      expect(outcomes.map((o) => o.result)).toEqual(expected);
    } finally {
      await runner.close();
    }
  });

  it('a document that fails (a user pattern past its time bound) is reported by its id; the others come through', { timeout: 40_000 }, async () => {
    // Star height 1 passes the load check, yet backtracks exponentially on a run of x without a y.
    const config: PipelineConfigInput = {
      detect: { layers: { rules: true, patterns: [{ type: 'CODE', patterns: ['(x|x)*y'] }] }, patternTimeoutMs: 50 },
      mask: { strategy: 'numbered' },
    };
    const docs = Array.from({ length: 12 }, (_, n) => ({ id: `d-${n}`, text: n === 5 ? `${'x'.repeat(40)} secret ${letter(n)}` : letter(n) }));
    const good = docs.filter((d) => d.id !== 'd-5');
    const expected = (await inProcess(config, good)).map(comparable);
    const runner = await createPipelineRunner(config, { workers: 2 });
    try {
      const outcomes = await collect(runner.run(docs));
      expect(outcomes.map((o) => o.doc.id)).toEqual(docs.map((d) => d.id));
      const failed = outcomes[5];
      expect(failed.error).toBeInstanceOf(InputError);
      expect(failed.error?.message).toMatch(/doc d-5: detect\.layers\.patterns\.0\.patterns\.0: ran longer than 50 ms/);
      expect(failed.error?.message).not.toContain('secret');
      expect(outcomes.filter((o) => o.doc.id !== 'd-5').map((o) => comparable(o.result!))).toEqual(expected);
    } finally {
      await runner.close();
    }
    // As pipeline.run: the results before it, then its error.
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const r of runPipelineParallel(config, docs, { workers: 2 })) seen.push(r.id);
      })(),
    ).rejects.toThrow(/doc d-5: .*ran longer than 50 ms/);
    expect(seen).toEqual(['d-0', 'd-1', 'd-2', 'd-3', 'd-4']);
  });

  it('a span file naming a document no worker had is refused once, by its id (each worker saw only part of the run)', { timeout: 40_000 }, async () => {
    const spans = join(dir, 'spans.json');
    writeFileSync(spans, JSON.stringify({ 'd-0': [[3, 7]], 'd-1': [[0, 2]], 'd-2': [[3, 7]], 'not-in-run': [[0, 1]] }));
    const config: PipelineConfigInput = { detect: { given: { file: spans } }, mask: { strategy: 'numbered' } };
    const docs = Array.from({ length: 3 }, (_, n) => ({ id: `d-${n}`, text: letter(n) }));
    const runner = await createPipelineRunner(config, { workers: 2 });
    try {
      const outcomes = await collect(runner.run(docs));
      expect(outcomes.map((o) => o.result?.counts.replacements)).toEqual([1, 1, 1]);
      const refused = await runner.finish('letters.jsonl').then(() => undefined, (error: unknown) => error as InputError);
      expect(refused).toBeInstanceOf(InputError);
      expect(refused?.problems.map((p) => p.docId)).toEqual(['not-in-run']);
      expect(refused?.message).toContain('not in the input letters.jsonl');
    } finally {
      await runner.close();
    }
  });

  it('a bad config fails once, in the calling thread, with its field; collection scope runs in this thread', async () => {
    await expect(createPipelineRunner({ detect: { layers: { rulez: true } } } as unknown as PipelineConfigInput, { workers: 2 })).rejects.toThrow(/detect\.layers: Unrecognized key: "rulez"/);
    const collection = await createPipelineRunner({ ...RULES, mask: { strategy: 'numbered', scope: 'collection' } }, { workers: 2 });
    expect(collection.threads).toBe(0);
    expect(parseWorkerCount('3')).toBe(3);
    expect(() => parseWorkerCount('0')).toThrow(/--workers is a whole number from 1 to 1024, not "0"/);
    expect(() => parseWorkerCount('two')).toThrow(/not "two"/);
  });
});

describe('sanitext --workers', () => {
  it('sanitize and detect give byte-identical output with --workers 2 and --workers 1', { timeout: 60_000 }, async () => {
    const input = generatedJsonl(60);
    const outputs = await Promise.all(
      ['1', '2'].map(async (workers) => {
        const sanitized = join(dir, `sanitized-${workers}.jsonl`);
        const detected = join(dir, `detected-${workers}.json`);
        const sanitize = await runCli(['sanitize', input, '--layers', 'rules,gazetteers', '--workers', workers, '--out', sanitized]);
        expect(sanitize.status, sanitize.stderr).toBe(0);
        const detect = await runCli(['detect', input, '--layers', 'rules,gazetteers', '--workers', workers, '--out', detected]);
        expect(detect.status, detect.stderr).toBe(0);
        return [readFileSync(sanitized), readFileSync(detected)];
      }),
    );
    expect(outputs[0][0].length).toBeGreaterThan(1000);
    expect(outputs[1][0].equals(outputs[0][0])).toBe(true);
    expect(outputs[1][1].equals(outputs[0][1])).toBe(true);
    const bad = await runCli(['sanitize', input, '--layers', 'rules', '--workers', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--workers is a whole number from 1 to 1024, not "0"');
  });
});
