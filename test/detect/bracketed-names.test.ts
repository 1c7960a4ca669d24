/**
 * An organisation's bracketed name in the original language belongs to the name (bracketed-names.ts):
 * the function on given mentions, and the recognizer (real rule and gazetteer layers) end to end.
 */
import { describe, expect, it } from 'vitest';
import { createRecognizer, type DetectedMention } from '../../src/detect/index.ts';
import { extendBracketedNames } from '../../src/detect/bracketed-names.ts';

function mention(text: string, surface: string, entityType = 'ORG'): DetectedMention {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`"${surface}" not in text`);
  return { start, end: start + surface.length, entityType, confidence: 0.8, source: 'test' };
}

const surfaces = (text: string, mentions: readonly DetectedMention[]): string[] => mentions.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);

describe('extendBracketedNames', () => {
  it('takes the bracketed name after an organisation', () => {
    const text = 'He appealed to the Social Insurance Office (Försäkringskassan), which refused.';
    expect(surfaces(text, extendBracketedNames(text, [mention(text, 'Social Insurance Office')]))).toEqual(['ORG:Social Insurance Office (Försäkringskassan)']);
  });

  it('joins an acronym found inside the bracket', () => {
    const text = 'The Kurdish Human Rights Project (KHRP) represented him.';
    const found = extendBracketedNames(text, [mention(text, 'Kurdish Human Rights Project'), mention(text, 'KHRP')]);
    expect(surfaces(text, found)).toEqual(['ORG:Kurdish Human Rights Project (KHRP)']);
  });

  it('leaves asides, dates, quoted terms, other types and names with a person inside alone', () => {
    // [text, the organisation, a person found inside the bracket]
    const cases: [string, string, string?][] = [
      ['He was held in Strangeways Prison (where he was detained).', 'Strangeways Prison'],
      ['See X v. Sweden (dec.), no. 1.', 'Sweden'],
      ['The Court of Appeal (“the High Court”) agreed.', 'Court of Appeal'],
      ['The Supreme Court (12 May 1999) agreed.', 'Supreme Court'],
      ['The Divisional Court (Lord Justice Brown) agreed.', 'Divisional Court', 'Lord Justice Brown'],
    ];
    for (const [text, surface, person] of cases) {
      const m = mention(text, surface);
      expect(extendBracketedNames(text, [m, ...(person ? [mention(text, person, 'PERSON')] : [])])[0]).toEqual(m);
    }
    const text = 'She lived in Oslo (Norway).';
    const place = mention(text, 'Oslo', 'LOC');
    expect(extendBracketedNames(text, [place, mention(text, 'Norway', 'LOC')])).toEqual([place, mention(text, 'Norway', 'LOC')]);
  });

  it('completes a bracket a name opened or closed without its pair', () => {
    const cases: [string, string, string][] = [
      ['to the Supreme Court (Högsta domstolen) and', 'Supreme Court (Högsta', 'Supreme Court (Högsta domstolen)'],
      ['the Party for a Democratic Society (Demokratik Toplum Partisi (DTP)), which', 'Democratic Society (Demokratik Toplum Partisi (DTP)', 'Democratic Society (Demokratik Toplum Partisi (DTP))'],
      ['the City Court (Retten i Viborg) over', 'City Court (Retten', 'City Court (Retten i Viborg)'],
      ['Ms Laetitia Cardier (Sabiha) Bakırcı, on', 'Sabiha) Bakırcı', '(Sabiha) Bakırcı'],
    ];
    for (const [text, surface, completed] of cases) {
      const type = surface.startsWith('Sabiha') ? 'PERSON' : 'ORG';
      expect(surfaces(text, extendBracketedNames(text, [mention(text, surface, type)]))).toEqual([`${type}:${completed}`]);
    }
    // A place found inside the completed part joins the name.
    const text = 'the City Court (Retten i Viborg) over';
    const found = extendBracketedNames(text, [mention(text, 'City Court (Retten'), mention(text, 'Viborg', 'LOC')]);
    expect(surfaces(text, found)).toEqual(['ORG:City Court (Retten i Viborg)']);
  });

  it('leaves sums, asides, quoted terms and a mention running past the bracket as they were', () => {
    const cases: [string, string, string][] = [
      ['of SEK 979,503 (approximately EUR 110,000). It', 'SEK 979,503 (approximately', 'QUANTITY'],
      ['the Office (see below) and', 'Office (see', 'ORG'],
      ['the Social Insurance Office (Försäkringskassan –hereinafter “the Office”) of', 'Social Insurance Office (Försäkringskassan', 'ORG'],
      ['the Court (Section 12) held', 'Court (Section', 'ORG'],
    ];
    for (const [text, surface, type] of cases) {
      const m = mention(text, surface, type);
      expect(extendBracketedNames(text, [m])).toEqual([m]);
    }
    const text = 'the Supreme Court (Högsta domstolen) Stockholm';
    const court = mention(text, 'Supreme Court (Högsta');
    const across = mention(text, 'domstolen) Stockholm', 'LOC');
    expect(extendBracketedNames(text, [court, across])).toEqual([court, across]);
  });

  it('runs in the recognizer', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const text = 'On 3 May 2001 the Falun District Court (tingsrätten) convicted him.';
    const found = (await recognizer.recognize({ id: 'd', text })).map((m) => text.slice(m.start, m.end));
    expect(found).toContain('Falun District Court (tingsrätten)');
  });
});
