import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS_DIR } from '../../src/models/index.ts';
import { goldCandidates, loadDataset, parseCorpus, type Corpus, type Document } from '../../src/corpus/index.ts';
import {
  checkIndicatorOptions,
  fitIndicator,
  loadIndicatorArtefact,
  saveIndicatorArtefact,
  indicatorFactory,
  spanTrainingDigest,
  spanWindow,
  SpanClassificationFineTunedIndicator,
  SPAN_CLASSIFICATION_FINE_TUNED,
  type SpanDocument,
} from '../../src/indicators/index.ts';
import { PieceTokenizer } from '../../src/lm/index.ts';

const tokenizer = PieceTokenizer.fromFolder(join(BUNDLED_MODELS_DIR, 'minibert-en-cased'));
const specials = tokenizer.singleSpecials('test');
const spanOf = (text: string, part: string, from = 0) => ({ start: text.indexOf(part, from), end: text.indexOf(part, from) + part.length });
const piecesOf = (text: string) => Array.from(tokenizer.tokenize(text).ids);

describe('spanWindow', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 7}`).join(' ');

  it('puts the span pieces at the positions it reports, inside [CLS] … [SEP]', () => {
    const text = 'The applicant, Mr Jørgen Haldorsen Vik, lives in Florø.';
    const w = spanWindow(tokenizer.tokenize(text), spanOf(text, 'Mr Jørgen Haldorsen Vik'), specials, 64);
    expect(w.ids[0]).toBe(specials.cls);
    expect(w.ids[w.ids.length - 1]).toBe(specials.sep);
    expect(w.ids.length).toBe(piecesOf(text).length + 2); // short text: all of it
    expect(Array.from(w.ids.subarray(w.spanStart, w.spanEnd))).toEqual(piecesOf('Mr Jørgen Haldorsen Vik'));
  });

  it('centres the span in a full window of a long document', () => {
    const text = `${filler(300)} Anna Schmidt ${filler(300)}`;
    const w = spanWindow(tokenizer.tokenize(text), spanOf(text, 'Anna Schmidt'), specials, 64);
    expect(w.ids.length).toBe(64);
    expect(Array.from(w.ids.subarray(w.spanStart, w.spanEnd))).toEqual(piecesOf('Anna Schmidt'));
    const before = w.spanStart - 1;
    const after = w.ids.length - 1 - w.spanEnd;
    expect(Math.abs(before - after)).toBeLessThanOrEqual(1);
  });

  it('shifts the window inwards for a span at the very start or end', () => {
    const text = `Anna Schmidt ${filler(200)} Berlin`;
    const tokens = tokenizer.tokenize(text);
    const first = spanWindow(tokens, spanOf(text, 'Anna Schmidt'), specials, 64);
    expect(first.ids.length).toBe(64);
    expect(first.spanStart).toBe(1);
    expect(Array.from(first.ids.subarray(first.spanStart, first.spanEnd))).toEqual(piecesOf('Anna Schmidt'));
    const last = spanWindow(tokens, spanOf(text, 'Berlin'), specials, 64);
    expect(last.ids.length).toBe(64);
    expect(last.spanEnd).toBe(63);
    expect(Array.from(last.ids.subarray(last.spanStart, last.spanEnd))).toEqual(piecesOf('Berlin'));
  });

  it('keeps the first pieces of a span longer than the window', () => {
    const text = `Intro. ${filler(100)}`;
    const w = spanWindow(tokenizer.tokenize(text), { start: 7, end: text.length }, specials, 32);
    expect(w.ids.length).toBe(32);
    expect([w.spanStart, w.spanEnd]).toEqual([1, 31]);
    expect(Array.from(w.ids.subarray(1, 31))).toEqual(piecesOf(filler(100)).slice(0, 30));
  });

  it('reads a span with no piece of its own at the next piece, and an empty text at [CLS]', () => {
    const text = 'Anna   Schmidt';
    const w = spanWindow(tokenizer.tokenize(text), { start: 5, end: 6 }, specials);
    expect(w.spanEnd - w.spanStart).toBe(1);
    expect(w.ids[w.spanStart]).toBe(piecesOf('Schmidt')[0]);
    expect(spanWindow(tokenizer.tokenize(''), { start: 0, end: 0 }, specials)).toEqual({ ids: Int32Array.of(specials.cls, specials.sep), spanStart: 0, spanEnd: 1 });
  });

  it('finds the span after an emoji: code-point offsets of a TAB file become UTF-16 at the edge', () => {
    const text = 'Reported 🙂🙂 by Anna Schmidt in Berlin.';
    const codePointStart = [...text.slice(0, text.indexOf('Anna'))].length; // 2 less than the UTF-16 offset
    expect(codePointStart).toBe(text.indexOf('Anna') - 2);
    const corpus = parseCorpus(
      [{ doc_id: 'emoji', text, annotations: { a1: { entity_mentions: [{ entity_type: 'PERSON', entity_mention_id: 'm1', start_offset: codePointStart, end_offset: codePointStart + 'Anna Schmidt'.length, span_text: 'Anna Schmidt', identifier_type: 'DIRECT', entity_id: 'e1' }] } } }],
      'emoji.json',
    );
    const [span] = goldCandidates(corpus.documents[0]);
    expect(text.slice(span.start, span.end)).toBe('Anna Schmidt');
    const w = spanWindow(tokenizer.tokenize(text), span, specials);
    expect(Array.from(w.ids.subarray(w.spanStart, w.spanEnd))).toEqual(piecesOf('Anna Schmidt'));
  });
});

describe(`${SPAN_CLASSIFICATION_FINE_TUNED} indicator`, () => {
  let sample: Corpus;
  let indicator: SpanClassificationFineTunedIndicator;
  let doc: Document;

  beforeAll(async () => {
    sample = await loadDataset('sample');
    doc = sample.documents.find((d) => d.id === 'sample-echr-01')!;
    indicator = (await indicatorFactory(SPAN_CLASSIFICATION_FINE_TUNED)({ threads: 2 })) as SpanClassificationFineTunedIndicator;
  }, 30_000);

  afterAll(async () => {
    await indicator.dispose();
  });

  it('refuses unknown options and wrong values with their paths', () => {
    expect(checkIndicatorOptions(SPAN_CLASSIFICATION_FINE_TUNED, { modle: 'x' })).toEqual([{ path: ['modle'], message: 'unrecognized key' }]);
    expect(checkIndicatorOptions(SPAN_CLASSIFICATION_FINE_TUNED, { batchSize: 0 })[0].path).toEqual(['batchSize']);
    expect(checkIndicatorOptions(SPAN_CLASSIFICATION_FINE_TUNED, { dtype: 'fp16' })[0].path).toEqual(['dtype']);
    expect(checkIndicatorOptions(SPAN_CLASSIFICATION_FINE_TUNED, { model: 'minibert-tab-span', threshold: 0.4 })).toEqual([]);
    expect(() => new SpanClassificationFineTunedIndicator({ classifier: 'ensemble' } as never)).toThrow(/classifier/);
  });

  it('names its model by the one rule, int8 by default', () => {
    expect(indicator.modelReferences()).toEqual([{ model: 'minibert-tab-span', dtype: 'q8', threads: 2 }]);
    expect(indicator.modelTraining().training_dataset).toBe('tab144:train');
  });

  it('gives probabilities, the same one by one and in any batch of one', async () => {
    const spans = goldCandidates(doc);
    const scores = await indicator.score(doc, spans);
    expect(scores).toHaveLength(spans.length);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(new Set(scores.map((s) => s.toFixed(3))).size).toBeGreaterThan(spans.length / 3); // not a constant
    // One by one (one span per call) gives exactly the scores of the whole document.
    const single = [];
    for (const span of spans.slice(0, 6)) single.push(...(await indicator.score(doc, [span])));
    expect(single).toEqual(scores.slice(0, 6));
    // Across documents, batched: the int8 activation scale is per pass, so batches agree closely, not bit for bit.
    const other = sample.documents[1];
    const batched = new SpanClassificationFineTunedIndicator({ threads: 2, batchSize: 16 });
    const [here, there] = await batched.scoreMany([{ doc, spans }, { doc: other, spans: goldCandidates(other) }]);
    expect(batched.counters.passes).toBeLessThan(batched.counters.windows);
    here.forEach((s, i) => expect(Math.abs(s - scores[i])).toBeLessThan(0.02));
    const thereOneByOne = await indicator.score(other, goldCandidates(other));
    there.forEach((s, i) => expect(Math.abs(s - thereOneByOne[i])).toBeLessThan(0.02));
    await batched.dispose();
  }, 30_000);

  it('scores a full name the paper masks above a government body left in clear', async () => {
    const spans = goldCandidates(doc);
    const scores = await indicator.score(doc, spans);
    const of = (text: string) => scores[spans.findIndex((s) => doc.text.slice(s.start, s.end) === text)];
    expect(of('Mr Jørgen Haldorsen Vik')).toBeGreaterThan(0.5);
    expect(of('The Norwegian Government')).toBeLessThan(of('Mr Jørgen Haldorsen Vik'));
    expect(of('the Kingdom of Norway')).toBeLessThan(of('Mr Jørgen Haldorsen Vik'));
  }, 30_000);

  it('fit() only records what it was given; toJSON/fromJSON gives identical scores', async () => {
    const train: SpanDocument[] = sample.documents.slice(2, 6).map((d) => ({ doc: d, spans: goldCandidates(d) }));
    const fitted = new SpanClassificationFineTunedIndicator({ threads: 2, threshold: 0.6 });
    await fitted.fit(train);
    expect(fitted.fitted()).toEqual({
      documents: 4,
      spans: train.reduce((n, t) => n + t.spans.length, 0),
      digest: spanTrainingDigest(sample.documents.slice(2, 6)),
      modelTrainingData: false, // the sample is not tab144's training split
    });
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    const restored = SpanClassificationFineTunedIndicator.fromJSON(json);
    expect(restored.toJSON()).toEqual(fitted.toJSON());
    const spans = goldCandidates(doc).slice(0, 8);
    const before = await fitted.score(doc, spans);
    expect(await restored.score(doc, spans)).toEqual(before);
    expect(restored.decide(before)).toEqual(before.map((s) => s >= 0.6));
    await fitted.dispose();
    await restored.dispose();
  }, 30_000);

  it('saves as a `sanitext train` artefact and loads from the file with the same scores', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sanitext-span-fine-tuned-'));
    try {
      const train: SpanDocument[] = sample.documents.slice(2, 4).map((d) => ({ doc: d, spans: goldCandidates(d) }));
      const { indicator: trained, artefact } = await fitIndicator({ indicator: SPAN_CLASSIFICATION_FINE_TUNED, options: { threads: 2 }, threshold: 0.7 }, train, { trainingData: { dataset: 'sample', split: 'train' } });
      expect(artefact.models).toEqual([{ model: 'minibert-tab-span', dtype: 'q8', threads: 2 }]);
      const file = join(scratch, 'span.json');
      await saveIndicatorArtefact(file, artefact);
      const loaded = await loadIndicatorArtefact(file);
      expect(loaded.artefact).toEqual(artefact);
      const spans = goldCandidates(doc).slice(0, 8);
      expect(await loaded.indicator.score(doc, spans)).toEqual(await trained.score(doc, spans));
      expect(loaded.threshold).toBe(0.7);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses a model folder that is not a span classifier, naming its config', async () => {
    const wrong = new SpanClassificationFineTunedIndicator({ model: 'minibert-tab-mask' });
    await expect(wrong.fit([])).rejects.toThrow(/minibert-tab-mask\/config\.json: not a span classifier \(span_classifier: .*train one with training\/train_span_classifier\.py/);
    await expect(wrong.score(doc, goldCandidates(doc).slice(0, 1))).rejects.toThrow(/not a span classifier/);
  });

  it('names the document and span of an out-of-range span, not its text', async () => {
    await expect(indicator.score(doc, [{ start: 5, end: doc.text.length + 3, entityId: 'e', entityType: 'PERSON' }])).rejects.toThrow(/document sample-echr-01: span 1 \[5, \d+\) lies outside the text/);
  });
});
