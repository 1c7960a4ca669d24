/**
 * English words capitalised only where a sentence opens (models/gazetteers/common-words-en.txt,
 * scripts/build-common-words.ts): a one-word name of one that opens a sentence is no mention.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRecognizer, refineMentions, type DetectedMention } from '../../src/detect/index.ts';
import { createDetector } from '../../src/pipeline/index.ts';
import { COMMON_WORDS_FILE, buildCommonWords } from '../../scripts/build-common-words.ts';

const at = (text: string, surface: string, entityType: string, source: string): DetectedMention => {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`"${surface}" not in text`);
  return { start, end: start + surface.length, entityType, confidence: 0.8, source };
};

describe('everyday English words that open a sentence', () => {
  it('are no one-word names; names, acronyms, longer runs, nationalities and quoted titles stay', () => {
    const text = 'Incident report filed. Reported by: Tom Becker. Lives in Leeds. Paris is far. PACE applies. Royal Mail called. The Incident Team met. Muslim patients. He sang “Satisfaction”.';
    // [surface, type, source, kept]: a quotation mark opens a title, not a sentence ("Satisfaction" stays).
    const cases: [string, string, string, boolean][] = [
      ['Incident', 'ORG', 'rules:capitalized-sequence', false],
      ['Reported', 'MISC', 'rules:capitalized-sequence', false],
      ['Lives', 'ORG', 'neural:test', false],
      ['Paris', 'LOC', 'neural:test', true],
      ['PACE', 'ORG', 'neural:test', true],
      ['Royal Mail', 'ORG', 'neural:test', true],
      ['Incident Team', 'ORG', 'neural:test', true],
      ['Muslim', 'DEM', 'neural:test', true],
      ['Satisfaction', 'MISC', 'neural:test', true],
    ];
    const refined = refineMentions(text, cases.map(([surface, type, source]) => at(text, surface, type, source))).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(cases.filter(([, , , kept]) => kept).map(([surface]) => surface));
  });

  it('apply to English text only: in German, "Focus" opening a sentence may name a magazine', async () => {
    const text = 'Focus berichtet heute. Standard meldet Gewinne.';
    const mentions = [at(text, 'Focus', 'ORG', 'neural:test'), at(text, 'Standard', 'ORG', 'neural:test')];
    expect(refineMentions(text, mentions)).toEqual([]);
    expect(refineMentions(text, mentions, 'de').map((m) => text.slice(m.start, m.end))).toEqual(['Focus', 'Standard']);
    // The pipeline passes the document's language on (given, or guessed with auto).
    const detector = await createDetector({ language: 'de', layers: { rules: true, gazetteers: true, neural: false }, deny: [{ text: 'Focus', type: 'ORG' }] });
    expect((await detector.detect({ id: 'd', text })).map((m) => text.slice(m.start, m.end))).toContain('Focus');
  });

  it('a name dropped where a sentence opens comes back where the text names it in full', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    // "strong" is on the list; the surname of Mr Strong opening a sentence is his all the same.
    const text = 'Mr Peter Strong arrived late. Strong left early.';
    const found = (await recognizer.recognize({ id: 'd', text })).map((m) => text.slice(m.start, m.end));
    expect(found).toEqual(['Mr Peter Strong', 'Strong']);
  });
});

describe.skipIf(!process.env.SANITEXT_DATA_DIR)('the committed list', () => {
  it('is what scripts/build-common-words.ts builds from the training texts', async () => {
    const built = await buildCommonWords(process.env.SANITEXT_DATA_DIR ?? '');
    expect(built).toBe(readFileSync(COMMON_WORDS_FILE, 'utf8'));
    for (const word of ['incident', 'reported', 'lives']) expect(built.split('\n')).toContain(word);
    for (const name of ['paris', 'mary', 'turkey', 'court']) expect(built.split('\n')).not.toContain(name);
  }, 60_000);
});
