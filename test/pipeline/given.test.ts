import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, spansToCodePoints, type Corpus } from '../../src/corpus/index.ts';
import { createRecognizer } from '../../src/detect/index.ts';
import { PseudonymSession, sanitize, type MaskSpan } from '../../src/mask/index.ts';
import { createDetector, createPipeline, detectLayers, parsePipelineConfig, type PipelineResult } from '../../src/pipeline/index.ts';
import { runCli } from './child.ts';

const sampleTest = async (): Promise<Corpus> => {
  const corpus = await loadDataset('sample');
  return { ...corpus, documents: corpus.documents.filter((d) => d.split === 'test') };
};

/** What `sanitize` computed before it ran a pipeline: the library's sanitize() on the span source's spans. */
const direct = (text: string, spans: readonly MaskSpan[], docId: string, strategy = 'numbered') => sanitize(text, spans, { strategy, docId });

describe('detect.given: spans that come with the documents', () => {
  it('gold: masks exactly the gold MASK spans, keeps NO_MASK ones in clear (decided by their label)', async () => {
    const corpus = await sampleTest();
    const pipeline = await createPipeline({ detect: { given: 'gold' } }, { env: {} });
    expect(pipeline.layers).toEqual(['gold']);
    for (const doc of corpus.documents) {
      const result = await pipeline.runOne({ id: doc.id, text: doc.text, source: doc });
      const expected = direct(doc.text, goldCandidates(doc), doc.id);
      expect(result.text).toBe(expected.text);
      expect(result.mapping).toEqual(expected.mapping);
      const gold = goldCandidates(doc);
      expect(result.mentions.map((m) => [m.start, m.end, m.entityId, m.entityType, m.layer])).toEqual(gold.map((g) => [g.start, g.end, g.entityId, g.entityType, 'gold']));
      expect(result.kept.map((k) => [k.start, k.end, k.decidedBy])).toEqual(gold.filter((g) => g.label === 'NO_MASK').map((g) => [g.start, g.end, 'label']));
    }
    expect(corpus.documents.some((d) => goldCandidates(d).some((g) => g.label === 'NO_MASK'))).toBe(true);
    await expect(pipeline.runOne({ id: 'plain', text: 'no annotations' })).rejects.toThrow(/gold spans need documents with TAB annotations/);
  });

  it('file: masks the spans of a {doc_id: [[start, end]]} file (code points) and refuses ids no document had', async () => {
    const corpus = await sampleTest();
    const [first, second] = corpus.documents;
    const dir = mkdtempSync(join(tmpdir(), 'given-'));
    const chosen = goldCandidates(first).slice(0, 3);
    writeFileSync(join(dir, 'spans.json'), JSON.stringify({ [first.id]: spansToCodePoints(first.text, chosen) }));
    const pipeline = await createPipeline({ detect: { given: { file: 'spans.json' } } }, { baseDir: dir, env: {} });
    const results: PipelineResult[] = [];
    for await (const r of pipeline.run([first, second].map((d) => ({ id: d.id, text: d.text })))) results.push(r);
    // A span file gives no types or entities: the masks are those of the bare spans.
    expect(results[0].text).toBe(direct(first.text, chosen.map(({ start, end }) => ({ start, end })), first.id).text);
    expect(results[1].text).toBe(second.text);

    writeFileSync(join(dir, 'stray.json'), JSON.stringify({ [first.id]: [], 'no-such-doc': [[0, 1]] }));
    const stray = await createPipeline({ detect: { given: { file: join(dir, 'stray.json') } } }, { env: {} });
    const run = async () => {
      for await (const r of stray.run([{ id: first.id, text: first.text }])) void r;
    };
    await expect(run()).rejects.toThrow(/no-such-doc.*doc_id is not among the documents of the run/);
  });

  it('refuses detection options beside given spans, and a misspelt given', () => {
    expect(() => parsePipelineConfig({ detect: { given: 'gold', layers: { rules: true } } }, 'p.yaml')).toThrow(/p\.yaml: detect\.layers: applies to detected spans, not to given ones/);
    expect(() => parsePipelineConfig({ detect: { given: 'gold', propagate: false } }, 'p.yaml')).toThrow(/detect\.propagate: applies to detected spans/);
    expect(() => parsePipelineConfig({ detect: { given: { fiel: 'x.json' } } }, 'p.yaml')).toThrow(/detect\.given/);
  });
});

describe('createDetector(detectLayers(names)): the detect stage the CLI and the benchmark use', () => {
  it('finds exactly what the recognizer with those layers finds', async () => {
    const corpus = await sampleTest();
    const detector = await createDetector(detectLayers(['gazetteers', 'rules']));
    const recognizer = await createRecognizer({ layers: ['gazetteers', 'rules'] });
    for (const doc of corpus.documents) expect(await detector.detect(doc)).toEqual(await recognizer.recognize(doc));
    expect(() => detectLayers(['rules', 'no-such-layer'])).toThrow(/unknown detector layer "no-such-layer"/);
  });
});

describe('sanitize: every mode runs the pipeline, with the output it had before', () => {
  it('--spans gold | detected | FILE give the texts and mappings of sanitize() on those spans', { timeout: 300_000 }, async () => {
    const corpus = await sampleTest();
    const dir = mkdtempSync(join(tmpdir(), 'sanitize-modes-'));
    const spansFile = join(dir, 'spans.json');
    const fileSpans = Object.fromEntries(corpus.documents.map((d) => [d.id, spansToCodePoints(d.text, goldCandidates(d).filter((_, i) => i % 2 === 0))]));
    writeFileSync(spansFile, JSON.stringify(fileSpans));
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const modes: [string, string[], (doc: Corpus['documents'][number]) => Promise<MaskSpan[]>][] = [
      ['gold', ['--spans', 'gold'], async (d) => goldCandidates(d)],
      ['detected', ['--spans', 'detected', '--layers', 'rules,gazetteers', '--strategy', 'type-tag'], (d) => recognizer.recognize(d)],
      ['file', ['--spans', spansFile, '--scope', 'collection'], async (d) => goldCandidates(d).filter((_, i) => i % 2 === 0).map(({ start, end }) => ({ start, end }))],
    ];
    for (const [name, flags, spansOf] of modes) {
      const out = join(dir, `${name}.jsonl`);
      const mapping = join(dir, `${name}-map.json`);
      const run = await runCli(['sanitize', 'sample:test', ...flags, '--to', 'jsonl', '--plain-mapping', '--out', out, '--mapping', mapping]);
      expect(run.status, run.stderr).toBe(0);
      const texts = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { doc_id: string; text: string });
      const documents = JSON.parse(readFileSync(mapping, 'utf8')).mapping.documents;
      expect(texts.map((t) => t.doc_id)).toEqual(corpus.documents.map((d) => d.id));
      const strategy = flags.includes('type-tag') ? 'type-tag' : 'numbered';
      // Collection scope: one pseudonym table across documents, as one session gives it.
      const session = flags.includes('collection') ? new PseudonymSession() : undefined;
      for (const [i, doc] of corpus.documents.entries()) {
        const expected = sanitize(doc.text, await spansOf(doc), { strategy, docId: doc.id, session });
        expect(texts[i].text, `${name} ${doc.id}`).toBe(expected.text);
        expect(documents[doc.id], `${name} ${doc.id}`).toEqual(JSON.parse(JSON.stringify(expected.mapping)));
      }
    }
  });
});
