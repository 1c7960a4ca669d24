/** Issue 13, item 5: finer types under the TAB types, carried on mentions and mapped back. */
import { describe, expect, it } from 'vitest';
import { documentToTabJson, ENTITY_TYPES, loadDataset, parseCorpus } from '../../src/corpus/index.ts';
import { withDetections } from '../../src/cli/commands/detect.ts';
import {
  ALL_SUBTYPES,
  contextSignal,
  createRecognizer,
  enhanceConfidence,
  fromPresidio,
  inferSubtype,
  mergeMentions,
  PRESIDIO_ENTITIES,
  resolveMentions,
  SUBTYPES,
  tabTypeOf,
  tabTypeOfSubtype,
  type DetectedMention,
} from '../../src/detect/index.ts';
import { ALL_RULES, applyRule } from '../../src/detect/rules/index.ts';

describe('the subtype table', () => {
  it('puts every subtype under one TAB type', () => {
    expect(tabTypeOfSubtype('EMAIL')).toBe('CODE');
    expect(tabTypeOfSubtype('BIC')).toBe('CODE');
    expect(tabTypeOfSubtype('AGE')).toBe('QUANTITY');
    expect(tabTypeOfSubtype('POSTCODE')).toBe('LOC');
    expect(tabTypeOfSubtype('OCCUPATION')).toBe('DEM');
    expect(tabTypeOfSubtype('PERIOD')).toBe('DATETIME');
    expect(tabTypeOfSubtype('PERSON')).toBeUndefined();
    for (const [type, subtypes] of Object.entries(SUBTYPES)) {
      expect(ENTITY_TYPES).toContain(type);
      for (const s of subtypes) expect(tabTypeOfSubtype(s)).toBe(type);
    }
    expect(new Set(ALL_SUBTYPES).size).toBe(ALL_SUBTYPES.length);
  });

  it('maps a mention back to its TAB type for evaluation', () => {
    expect(tabTypeOf({ entityType: 'CODE', subtype: 'IBAN' })).toBe('CODE');
    expect(tabTypeOf({ entityType: 'PERSON' })).toBe('PERSON');
    // A label set that uses subtypes as types reads back too.
    expect(tabTypeOf({ entityType: 'EMAIL' })).toBe('CODE');
    expect(tabTypeOf({ entityType: 'CITY' })).toBe('LOC');
  });

  it("maps Presidio's entity names onto TAB types and subtypes", () => {
    expect(fromPresidio('EMAIL_ADDRESS')).toEqual({ entityType: 'CODE', subtype: 'EMAIL' });
    expect(fromPresidio('PHONE_NUMBER')).toEqual({ entityType: 'CODE', subtype: 'PHONE' });
    expect(fromPresidio('IBAN_CODE')).toEqual({ entityType: 'CODE', subtype: 'IBAN' });
    expect(fromPresidio('US_SSN')).toEqual({ entityType: 'CODE', subtype: 'NATIONAL_ID' });
    expect(fromPresidio('UK_NHS')).toEqual({ entityType: 'CODE', subtype: 'NATIONAL_ID' });
    expect(fromPresidio('CREDIT_CARD')).toEqual({ entityType: 'CODE', subtype: 'CARD' });
    expect(fromPresidio('MAC_ADDRESS')).toEqual({ entityType: 'CODE', subtype: 'DEVICE_ID' });
    expect(fromPresidio('LOCATION')).toEqual({ entityType: 'LOC' });
    expect(fromPresidio('NRP')).toEqual({ entityType: 'DEM', subtype: 'NATIONALITY' });
    expect(fromPresidio('DATE_TIME')).toEqual({ entityType: 'DATETIME', subtype: 'DATE' });
    expect(fromPresidio('NOT_AN_ENTITY')).toBeUndefined();
    for (const pair of Object.values(PRESIDIO_ENTITIES)) if (pair.subtype) expect(tabTypeOfSubtype(pair.subtype)).toBe(pair.entityType);
  });

  it('reads a subtype from a surface when a layer gave none', () => {
    expect(inferSubtype('CODE', 'jane.doe@example.org')).toBe('EMAIL');
    expect(inferSubtype('CODE', 'https://example.org/x')).toBe('URL');
    expect(inferSubtype('CODE', '192.168.0.12')).toBe('IP');
    expect(inferSubtype('CODE', 'GB29 NWBK 6016 1331 9268 19')).toBe('IBAN');
    expect(inferSubtype('CODE', '+44 7700 900123')).toBe('PHONE');
    expect(inferSubtype('CODE', '36110/97')).toBeUndefined();
    expect(inferSubtype('CODE', '00:1A:2B:3C:4D:5E')).toBe('DEVICE_ID');
    expect(inferSubtype('QUANTITY', 'EUR 4,000')).toBe('MONEY');
    expect(inferSubtype('QUANTITY', '40%')).toBe('PERCENT');
    expect(inferSubtype('DATETIME', '10:30')).toBe('TIME');
    expect(inferSubtype('DATETIME', 'five years')).toBe('PERIOD');
    expect(inferSubtype('DATETIME', '1994-03-01')).toBe('DATE');
    expect(inferSubtype('PERSON', 'Jan Kowalski')).toBeUndefined();
  });
});

describe('subtypes on mentions', () => {
  it('every rule that names a subtype names one of the table', () => {
    const text = 'a.b@example.org 192.168.1.2 GB82 WEST 1234 5698 7654 32 on 1 December 2005 aged 45 EUR 400 40%';
    for (const rule of ALL_RULES) {
      for (const m of applyRule(rule, text)) if (m.subtype) expect(tabTypeOfSubtype(m.subtype), rule.name).toBe(rule.entityType);
    }
  });

  it('are carried through merging and resolution, and onto propagated mentions', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const text = 'Write to jane.doe@example.org or call +44 7700 900123 before 1 December 2005. She lives in Kharkiv; Kharkiv is cold.';
    const spans = await recognizer.recognize({ id: 'd', text });
    const bySurface = new Map(spans.map((s) => [text.slice(s.start, s.end), s.subtype]));
    expect(bySurface.get('jane.doe@example.org')).toBe('EMAIL');
    expect(bySurface.get('+44 7700 900123')).toBe('PHONE');
    expect(bySurface.get('1 December 2005')).toBe('DATE');
    expect(spans.filter((s) => text.slice(s.start, s.end) === 'Kharkiv').map((s) => s.subtype)).toEqual(['CITY', 'CITY']);
    const raw: DetectedMention[] = [
      { start: 9, end: 29, entityType: 'CODE', subtype: 'EMAIL', confidence: 0.9, source: 'test:a' },
      { start: 9, end: 13, entityType: 'PERSON', confidence: 0.3, source: 'test:b' },
    ];
    expect(mergeMentions(raw, {}, text).map((m) => m.subtype)).toEqual(['EMAIL']);
    expect(resolveMentions({ id: 'd', text }, raw).map((m) => m.subtype)).toEqual(['EMAIL']);
  });
});

describe('context words (after Presidio)', () => {
  const mention = (text: string, value: string, subtype: string, confidence = 0.5): DetectedMention => {
    const start = text.indexOf(value);
    return { start, end: start + value.length, entityType: 'CODE', subtype, confidence, source: 'test' };
  };
  it('a supporting word before a candidate raises it, a contrary one lowers it, on the same line only', () => {
    const phone = 'Tel. 555 123 4567';
    expect(contextSignal(phone, mention(phone, '555 123 4567', 'PHONE'), { raise: ['tel'] })).toBe('raise');
    expect(enhanceConfidence(phone, mention(phone, '555 123 4567', 'PHONE'))).toBeCloseTo(0.85);
    const invoice = 'Invoice 555 123 4567';
    expect(enhanceConfidence(invoice, mention(invoice, '555 123 4567', 'PHONE'))).toBeCloseTo(0.15);
    const otherLine = 'Tel.\n555 123 4567';
    expect(enhanceConfidence(otherLine, mention(otherLine, '555 123 4567', 'PHONE'))).toBe(0.5);
    // Whole words: "hotel" is not "tel".
    const hotel = 'the hotel 555 123 4567';
    expect(enhanceConfidence(hotel, mention(hotel, '555 123 4567', 'PHONE'))).toBe(0.5);
    const born = 'born on 3 May 1960';
    expect(enhanceConfidence(born, { ...mention(born, '3 May 1960', 'DATE'), entityType: 'DATETIME' })).toBeCloseTo(0.85);
  });

  it('an ambiguous form needs its word: "123 45 6789" is an SSN after "SSN" only', () => {
    const spaced = ALL_RULES.find((r) => r.name === 'us-ssn-spaced')!;
    expect(applyRule(spaced, 'SSN 123 45 6789').map((m) => m.subtype)).toEqual(['NATIONAL_ID']);
    expect(applyRule(spaced, 'social security 123 45 6789')).toHaveLength(1);
    expect(applyRule(spaced, 'room 123 45 6789')).toEqual([]);
    // The dashed form is specific enough alone.
    expect(applyRule(ALL_RULES.find((r) => r.name === 'us-ssn')!, 'ref 123-45-6789')).toHaveLength(1);
  });

  it('settles an NHS number against a phone number by the words before it', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const subtypeOf = async (text: string): Promise<string | undefined> => (await recognizer.recognize({ id: 'd', text })).find((s) => text.slice(s.start, s.end) === '943 476 5919')?.subtype;
    expect(await subtypeOf('NHS number 943 476 5919')).toBe('NATIONAL_ID');
    expect(await subtypeOf('Tel 943 476 5919')).toBe('PHONE');
  });
});

describe('subtypes in TAB files', () => {
  it('gold mentions keep the file\'s subtype, and a detect output writes it', async () => {
    const gold = (await loadDataset('pii')).documents[0];
    expect(gold.annotations[0].mentions.some((m) => m.subtype === 'EMAIL')).toBe(true);
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const text = 'Mail jane.doe@example.org';
    const detected = withDetections({ id: 'd', text, goldKind: 'tab', annotations: [] }, await recognizer.recognize({ id: 'd', text }));
    const json = JSON.stringify([documentToTabJson(detected)]);
    expect(json).toContain('"subtype":"EMAIL"');
    const back = parseCorpus(JSON.parse(json), 'detected.json');
    expect(back.documents[0].annotations[0].mentions.map((m) => m.subtype)).toEqual(['EMAIL']);
  });

  it('ignores a subtype that is not a type name (it could be document text)', () => {
    const doc = { doc_id: 'd', text: 'Jane', annotations: { a: { entity_mentions: [{ entity_type: 'PERSON', subtype: 'Jane Doe lives here', entity_mention_id: 'm', start_offset: 0, end_offset: 4, identifier_type: 'DIRECT', entity_id: 'e' }] } } };
    expect(parseCorpus([doc], 'x.json').documents[0].annotations[0].mentions[0].subtype).toBeUndefined();
  });
});
