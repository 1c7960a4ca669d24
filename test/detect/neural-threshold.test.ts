/**
 * Recall-oriented decoding of the neural layer (`outsideThreshold`): a word stays outside every
 * entity only when P(O) reaches the threshold; the multilingual model's config.json names the
 * threshold chosen on validation data for German, which the pipeline's default layer applies.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS_DIR } from '../../src/models/index.ts';
import type { TokenClassification } from '../../src/lm/index.ts';
import { createNeuralLayer, mentionsFromClassification, recommendedOutsideThresholds } from '../../src/detect/neural.ts';
import { createDetector, parsePipelineConfig } from '../../src/pipeline/index.ts';

const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
/** "Anna lebt in Kassel": Anna is a clear PER; Kassel's best label is O at P(O) = 0.6. */
const TEXT = 'Anna lebt in Kassel';
const classification = (): TokenClassification =>
  ({
    words: [
      { start: 0, end: 4 },
      { start: 5, end: 9 },
      { start: 10, end: 12 },
      { start: 13, end: 19 },
    ],
    labels: LABELS,
    pieces: [
      { word: 0, probs: Float32Array.from([0.05, 0.9, 0.03, 0.01, 0.01]) },
      { word: 1, probs: Float32Array.from([0.97, 0.01, 0.01, 0.005, 0.005]) },
      { word: 2, probs: Float32Array.from([0.95, 0.01, 0.01, 0.02, 0.01]) },
      { word: 3, probs: Float32Array.from([0.6, 0.05, 0.02, 0.3, 0.03]) },
    ],
  }) as unknown as TokenClassification;

const scratch = mkdtempSync(join(tmpdir(), 'sanitext-outside-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('outsideThreshold', () => {
  it('turns a word whose P(O) is below the threshold into its best entity label, and only such words', () => {
    const surfaces = (threshold?: number) =>
      mentionsFromClassification(TEXT, classification(), { PER: 'PERSON', LOC: 'LOC' }, 'test', threshold).map((m) => `${TEXT.slice(m.start, m.end)}:${m.entityType}`);
    expect(surfaces()).toEqual(['Anna:PERSON']);
    expect(surfaces(0.5)).toEqual(['Anna:PERSON']); // P(O) = 0.6 reaches 0.5: stays O
    expect(surfaces(0.7)).toEqual(['Anna:PERSON', 'Kassel:LOC']);
    expect(surfaces(0.99)).toEqual(['Anna:PERSON', 'lebt:PERSON', 'in:LOC', 'Kassel:LOC']);
    // A word without a letter or digit keeps the model's own label.
    const withComma = { ...classification(), words: [...classification().words, { start: 19, end: 20 }], pieces: [...classification().pieces, { word: 4, probs: Float32Array.from([0.6, 0.05, 0.02, 0.03, 0.3]) }] } as unknown as TokenClassification;
    expect(mentionsFromClassification(`${TEXT},`, withComma, { LOC: 'LOC', PER: 'PERSON' }, 'test', 0.99).map((m) => `${TEXT},`.slice(m.start, m.end))).toEqual(['Anna', 'lebt', 'in', 'Kassel']);
  });

  it('is checked: in (0, 1], in the layer and in pipeline configs (with the field path)', async () => {
    await expect(createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0 })).rejects.toThrow(/outsideThreshold must be in \(0, 1\]/);
    expect(() => parsePipelineConfig({ detect: { layers: { neural: { model: 'multilingual-ner', outsideThreshold: 1.5 } } } }, 'threshold.yaml')).toThrow(/detect\.layers\.neural\.outsideThreshold/);
  });

  it("reads the model's recommended thresholds per language, and refuses a bad one naming the file", () => {
    expect(recommendedOutsideThresholds(join(BUNDLED_MODELS_DIR, 'multilingual-ner'))).toEqual({ de: 0.8 });
    expect(recommendedOutsideThresholds(join(BUNDLED_MODELS_DIR, 'minibert-tab-ner'))).toEqual({ en: 0.5 });
    const folder = join(scratch, 'bad');
    mkdirSync(folder);
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ sanitext: { outside_threshold: { xx: 0.5 } } }));
    expect(() => recommendedOutsideThresholds(folder)).toThrow(/bad\/config\.json: sanitext\.outside_threshold\.xx/);
  });

  it("covers at least the argmax decoding's words on real German text, and the default German layer uses the model's threshold", async () => {
    const text =
      'Sehr geehrte Frau Wiesinger, die Sitzung der Stadtverordnetenversammlung von Rodgau findet im Rathaus zu Jügesheim statt. Herr Huxhorn von den Grünen lädt ein.';
    const covered = (mentions: { start: number; end: number }[]) => new Set(mentions.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    const argmax = covered(await (await createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8' })).detect({ id: 'de', text }));
    const tunedLayer = await createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.8 });
    const tuned = covered(await tunedLayer.detect({ id: 'de', text }));
    for (const at of argmax) expect(tuned.has(at)).toBe(true);
    expect(tuned.size).toBeGreaterThanOrEqual(argmax.size);
    // The pipeline's default neural layer for German documents is the tuned one.
    const neuralOnly = async (neural: true | { model: string; dtype: 'q8'; outsideThreshold?: number }) =>
      (await (await createDetector({ language: 'de', layers: { rules: false, gazetteers: false, neural } })).detect({ id: 'de', text })).map(({ start, end, entityType }) => ({ start, end, entityType }));
    const byDefault = await neuralOnly(true);
    expect(byDefault).toEqual(await neuralOnly({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.8 }));
    expect(byDefault).not.toEqual(await neuralOnly({ model: 'multilingual-ner', dtype: 'q8' }));
  });

  it("drops a German document's everyday nouns alone (\"Grüßen\", \"Steuer\") that the recall-oriented decoding calls names", async () => {
    const text = 'Sehr geehrte Frau Müller,\nSeine Steuer-ID lautet 86 095 742 719.\nMit freundlichen Grüßen\nSabine Hoffmann, Deutsche Bank AG';
    const surfaces = async (layers?: { rules: boolean; gazetteers: boolean; neural: boolean }) =>
      (await (await createDetector({ language: 'de', ...(layers ? { layers } : {}) })).detect({ id: 'de', text })).map((m) => text.slice(m.start, m.end));
    // The neural layer alone (German decoding) takes them; the detection stage leaves them out.
    const neural = await (await createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.8 })).detect({ id: 'de', text });
    expect(neural.map((m) => text.slice(m.start, m.end))).toContain('Grüßen');
    const steuer = text.indexOf('Steuer');
    expect(neural.some((m) => m.start <= steuer && m.end >= steuer + 'Steuer'.length)).toBe(true);
    const found = await surfaces();
    expect(found).not.toContain('Grüßen');
    expect(found).not.toContain('Steuer');
    expect(found).toEqual(expect.arrayContaining(['Frau Müller', 'Sabine Hoffmann', '86 095 742 719']));
    // Only in German documents: the English recognizer keeps its own behaviour.
    expect(await (await createDetector({ language: 'en', layers: { rules: false, gazetteers: false, neural: { model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.8 } } })).detect({ id: 'de', text })).not.toHaveLength(0);
  });

  it("drops a German letter's function words and form nouns that the decoding calls names, and keeps an office with its seat whole", async () => {
    const text =
      'Sehr geehrte Frau Müller,\n\nvielen Dank für Ihre Nachricht. Der Vertrag mit der Müller Bau GmbH wurde unterschrieben. ' +
      'Seine Steuer-ID lautet 65929970489, die IBAN DE89 3704 0044 0532 0130 00.\n\nDie Rechnung geht an Herrn Thomas Becker. ' +
      'Bei Fragen erreichen Sie uns unter +49 30 1234567.\n\nMit freundlichen Grüßen\nAnna Schmidt\nSachbearbeiterin, Finanzamt Köln-Mitte';
    // What the tuned German decoding proposes on its own: articles, pronouns and form nouns among the names.
    const neural = (await (await createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.8 })).detect({ id: 'de', text })).map((m) => text.slice(m.start, m.end));
    expect(neural).toEqual(expect.arrayContaining(['Der Vertrag', 'Seine Steuer', 'Sie', 'Sachbearbeiterin']));
    const mentions = await (await createDetector({ language: 'de' })).detect({ id: 'de', text });
    const found = mentions.map((m) => text.slice(m.start, m.end));
    for (const noName of ['Der Vertrag', 'Die Rechnung', 'Rechnung', 'Seine Steuer', 'ID', '-ID', 'Sie', 'Mit']) expect(found).not.toContain(noName);
    // A merge never leaves a label cut off a model's span ("IBAN " beside the whole IBAN).
    expect(found.filter((surface) => /IBAN/.test(surface))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(['Frau Müller', 'Müller Bau GmbH', 'Herrn Thomas Becker', 'Anna Schmidt', '65929970489', 'DE89 3704 0044 0532 0130 00']));
    const office = mentions.find((m) => text.slice(m.start, m.end) === 'Finanzamt Köln-Mitte');
    expect(office?.entityType).toBe('ORG');
  });

  it("decodes a model by the English recommendation in its config (the bundled one: outside only when P(O) ≥ 0.5), one without by the most probable label", async () => {
    const text = 'In 2001 she married Mr Anders Kjeldsen, a Danish engineer.';
    const surfaces = async (options: { model?: string; outsideThreshold?: number }) =>
      (await (await createNeuralLayer(options)).detect({ id: 'en', text })).map((m) => `${text.slice(m.start, m.end)}:${m.entityType}`);
    const byDefault = await surfaces({});
    expect(byDefault).toEqual(await surfaces({ outsideThreshold: 0.5 }));
    expect(byDefault).toEqual(await surfaces({ model: 'minibert-tab-ner' }));
    // Below 1/9 (nine labels) no word is turned: the most probable label's decoding.
    const argmax = await surfaces({ outsideThreshold: 0.1 });
    expect(byDefault).not.toEqual(argmax);
    expect(byDefault).toEqual(expect.arrayContaining(argmax));
    // The same model by its folder: the folder's config decides; without the recommendation, none.
    expect(await surfaces({ model: join(BUNDLED_MODELS_DIR, 'minibert-tab-ner') })).toEqual(byDefault);
    const copy = join(scratch, 'tab-ner-copy');
    mkdirSync(copy);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) writeFileSync(join(copy, file), readFileSync(join(BUNDLED_MODELS_DIR, 'minibert-tab-ner', file)));
    const config = JSON.parse(readFileSync(join(BUNDLED_MODELS_DIR, 'minibert-tab-ner', 'config.json'), 'utf8')) as Record<string, unknown>;
    delete config.sanitext;
    writeFileSync(join(copy, 'config.json'), JSON.stringify(config));
    symlinkSync(join(BUNDLED_MODELS_DIR, 'minibert-tab-ner', 'onnx'), join(copy, 'onnx'));
    expect(await surfaces({ model: copy })).toEqual(argmax);
  });

  it('counts an acronym as a name and a word of another language as no function word', async () => {
    const { isEverydayMention } = await import('../../src/detect/index.ts');
    expect(isEverydayMention('de', 'Die Rechnung')).toBe(true);
    expect(isEverydayMention('de', 'MAN')).toBe(false);
    expect(isEverydayMention('de', 'Die Zeit')).toBe(true);
    expect(isEverydayMention('de', 'Die Linke')).toBe(false);
    expect(isEverydayMention('es', 'Die Rechnung')).toBe(false);
    expect(isEverydayMention('en', 'The')).toBe(false);
  });

  it('options without a model keep each language its default model: a German threshold runs the multilingual model', async () => {
    const text = 'Herr Huxhorn von den Grünen lädt zur Sitzung in Offenbach ein, sagte Wiesinger am Montag.';
    const neuralOnly = async (neural: { model?: string; dtype?: 'q8'; outsideThreshold: number }) =>
      (await (await createDetector({ language: 'de', layers: { rules: false, gazetteers: false, neural } })).detect({ id: 'de', text })).map(({ start, end, entityType }) => ({ start, end, entityType }));
    const routed = await neuralOnly({ outsideThreshold: 0.9 });
    expect(routed).toEqual(await neuralOnly({ model: 'multilingual-ner', dtype: 'q8', outsideThreshold: 0.9 }));
    expect(routed).not.toEqual(await neuralOnly({ model: 'minibert-tab-ner', dtype: 'q8', outsideThreshold: 0.9 }));
  });
});
