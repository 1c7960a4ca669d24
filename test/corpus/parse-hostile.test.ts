/** Hostile nesting and span texts in input files (issue 11, lesser items): one clear problem, no crash, no echo. */
import { describe, expect, it } from 'vitest';
import { InputError, describeJsonSyntaxError, documentToTabJson, parseCorpus, parseSystemSpans } from '../../src/corpus/index.ts';
import { tabDocument } from '../helpers/tab.ts';

const doc = () => tabDocument('d1', 'Pay GB82WEST12345698765432 now.', { a1: [{ text: 'GB82WEST12345698765432', type: 'CODE', id: 'DIRECT', entity: 'e1' }] });

/** A list nested `depth` levels deep, built without recursion (JSON.parse of such text works; stringify would not). */
function deeplyNested(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + '1' + ']'.repeat(depth));
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((p) => [p.file, p.docId, p.message].filter(Boolean).join(' | '));
  }
  throw new Error('expected an InputError');
}

describe('hostile input files', () => {
  it('deeply nested system spans give a problem naming the file and document, not a stack overflow', () => {
    const corpus = parseCorpus([doc()], 'gold.json');
    const problems = problemsOf(() => parseSystemSpans({ d1: [[deeplyNested(200_000), 3]] }, 'sys.json', corpus));
    expect(problems).toEqual(['sys.json | d1 | span #0: offsets must be integers (start_offset is a list of 1 item(s), end_offset is 3)']);
  });

  it('deeply nested meta is rejected naming the file and document, so no later writer overflows', () => {
    const bad = { ...doc(), meta: { applicant: deeplyNested(200_000) } };
    expect(problemsOf(() => parseCorpus([bad], 'gold.json'))).toEqual(['gold.json | d1 | "meta" is nested more than 64 levels deep']);
    const fine = parseCorpus([{ ...doc(), meta: { a: deeplyNested(60) } }], 'gold.json');
    expect(() => JSON.stringify(documentToTabJson(fine.documents[0]))).not.toThrow();
  });

  it('a span_text mismatch or an odd identifier_type never prints document text', () => {
    const bad = doc() as { annotations: { a1: { entity_mentions: Record<string, unknown>[] } } };
    const mention = bad.annotations.a1.entity_mentions[0];
    mention.span_text = 'GB82WEST12345698765433';
    const [problem] = problemsOf(() => parseCorpus([bad], 'gold.json'));
    expect(problem).toMatch(/span_text .* differs from the text at offsets \[4, 26\)/);
    expect(problem).not.toContain('GB82');
    mention.span_text = 'GB82WEST12345698765432';
    mention.identifier_type = 'GB82WEST12345698765432 is the IBAN';
    const [typeProblem] = problemsOf(() => parseCorpus([bad], 'gold.json'));
    expect(typeProblem).toContain('"identifier_type" is a string of 34 character(s)');
    expect(typeProblem).not.toContain('GB82');
  });
});

describe('malformed JSON files', () => {
  it('are reported by line and column without quoting the text (V8 quotes it)', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readJsonFile, readDocuments } = await import('../../src/corpus/index.ts');
    const dir = await mkdtemp(join(tmpdir(), 'sanitext-json-'));
    try {
      const json = join(dir, 'broken.json');
      await writeFile(json, '[{"doc_id": "d1", "text": Anna Berg lives here}]');
      const message = await readJsonFile(json).then(() => '', (error: Error) => error.message);
      expect(message).toMatch(/broken\.json: malformed JSON/);
      expect(message).not.toContain('Anna');
      const lines = join(dir, 'broken.jsonl');
      await writeFile(lines, '{"doc_id": "d1", "text": "fine"}\n{"doc_id": "d2", "text": Anna Berg}\n');
      const problems: string[] = [];
      for await (const _ of readDocuments(lines, { dataRoot: dir, onProblem: (p: { message: string }) => problems.push(p.message) })) void _;
      expect(problems.join('\n')).toMatch(/line 2: malformed JSON/);
      expect(problems.join('\n')).not.toContain('Anna');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('locate the error when V8 gives a position', () => {
    let error: unknown;
    try {
      JSON.parse('{"a": 1,\n "b": 2,,}');
    } catch (e) {
      error = e;
    }
    expect(describeJsonSyntaxError(error, '{"a": 1,\n "b": 2,,}')).toBe('syntax error at line 2, column 9');
  });
});
