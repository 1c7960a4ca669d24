import { beforeAll, describe, expect, it } from 'vitest';
import { createNeuralLayer } from '../../src/detect/neural.ts';
import type { DetectedMention, DetectorLayer } from '../../src/detect/types.ts';

// The committed int8 model, by its bundled name: no SANITEXT_DATA_DIR, no network.
describe('neural layer with the committed multilingual-ner model', () => {
  let layer: DetectorLayer;
  beforeAll(async () => {
    layer = await createNeuralLayer({ model: 'multilingual-ner', dtype: 'q8' });
  });

  const covering = (mentions: DetectedMention[], text: string, surface: string): DetectedMention | undefined => {
    const at = text.indexOf(surface);
    return mentions.find((m) => m.start <= at && m.end >= at + surface.length);
  };

  const cases = [
    { language: 'German', text: 'Gestern traf sich Angela Merkel in Berlin mit Vertretern der Gewerkschaften.', person: 'Angela Merkel', place: 'Berlin', common: 'Vertretern' },
    { language: 'Spanish', text: 'El escritor Gabriel García Márquez vivió muchos años en México con su familia.', person: 'Gabriel García Márquez', place: 'México', common: 'familia' },
    { language: 'Polish', text: 'W zeszłym tygodniu Maria Skłodowska odwiedziła Paryż z rodziną.', person: 'Maria Skłodowska', place: 'Paryż', common: 'rodziną' },
  ];

  for (const { language, text, person, place, common } of cases) {
    it(`finds a person and a place in a ${language} sentence, on word boundaries`, async () => {
      const mentions = await layer.detect({ id: `multilingual-${language}`, text });
      expect(covering(mentions, text, person)?.entityType).toBe('PERSON');
      expect(covering(mentions, text, place)?.entityType).toBe('LOC');
      for (const m of mentions) {
        expect(m.source).toBe('neural:multilingual-ner');
        // Word boundaries: a mention neither starts nor ends inside a word.
        expect(/[\p{L}\p{N}]/u.test(text[m.start - 1] ?? ' ') && /[\p{L}\p{N}]/u.test(text[m.start])).toBe(false);
        expect(/[\p{L}\p{N}]/u.test(text[m.end] ?? ' ') && /[\p{L}\p{N}]/u.test(text[m.end - 1])).toBe(false);
      }
      // A common word near them is not an entity.
      expect(covering(mentions, text, common)).toBeUndefined();
    });
  }
});
