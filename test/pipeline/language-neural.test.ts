/**
 * The default neural layer follows the document's language: the bundled English model never runs on
 * a document in another language (it reads German nouns as names), the multilingual model does; with
 * `auto` an English document still gets the English model.
 */
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/pipeline/index.ts';

const GERMAN = 'Sehr geehrte Frau Müller, der Vertrag mit der Stadtverwaltung wurde am 3. März 2021 in Berlin unterschrieben. Die Rechnung folgt.';
const ENGLISH = 'The applicant, Mr Jan Kowalski, was born in 1962 and lives in Warsaw. On 12 March 2001 the Regional Court convicted him.';

const sources = async (language: 'de' | 'auto' | 'en', text: string, layers?: { rules: boolean; gazetteers: boolean; neural: boolean }): Promise<string[]> => {
  const detector = await createDetector(layers ? { language, layers } : { language });
  return (await detector.detect({ id: 'doc', text })).map((m) => m.source);
};

describe('the default neural layer and the language', () => {
  it('never runs the English model on a German document (language given or guessed)', async () => {
    for (const language of ['de', 'auto'] as const) {
      const found = await sources(language, GERMAN);
      expect(found.some((s) => s === 'neural:minibert-tab-ner'), language).toBe(false);
      const onlyNeural = await sources(language, GERMAN, { rules: false, gazetteers: false, neural: true });
      expect(onlyNeural.every((s) => s !== 'neural:minibert-tab-ner'), language).toBe(true);
      // The multilingual model runs there instead (it finds Müller and Berlin).
      expect(onlyNeural, language).toContain('neural:multilingual-ner');
    }
  });

  it('runs the English model on an English document with auto, as with en', async () => {
    const auto = await sources('auto', ENGLISH, { rules: false, gazetteers: false, neural: true });
    const en = await sources('en', ENGLISH, { rules: false, gazetteers: false, neural: true });
    expect(auto.length).toBeGreaterThan(0);
    expect(auto).toEqual(en);
  });
});
