/**
 * Issue 13, item 2: the recognizer on e-mails, tickets and notes. Each case is a string the issue
 * reports, run through the rule + gazetteer recognizer and the default one (with the neural layer
 * when its model is present).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecognizer, defaultLayerNames, refineMentions, type DetectedMention, type RecognizedSpan, type Recognizer } from '../../src/detect/index.ts';
import { dropMergeLeftovers } from '../../src/detect/context.ts';
import { reviseTypes } from '../../src/detect/type-revision.ts';
import { IDENTIFIER_KINDS } from '../../src/detect/rules/everyday.ts';

let rulesOnly: Recognizer;
let full: Recognizer;
beforeAll(async () => {
  rulesOnly = await createRecognizer({ layers: ['rules', 'gazetteers'] });
  full = await createRecognizer({ layers: defaultLayerNames() });
});

interface Found {
  text: string;
  type: string;
  subtype?: string;
  entityId: string;
}

async function found(recognizer: Recognizer, text: string): Promise<Found[]> {
  const spans: RecognizedSpan[] = await recognizer.recognize({ id: 'd', text });
  return spans.map((s) => ({ text: text.slice(s.start, s.end), type: s.entityType, subtype: s.subtype, entityId: s.entityId }));
}

/** The surfaces and subtypes of the mentions of one type, in order. */
function subtypedOf(mentions: readonly Found[], type: string): [string, string | undefined][] {
  return mentions.filter((m) => m.type === type).map((m) => [m.text, m.subtype]);
}

/** A layer's mention of the `from`-th-on occurrence of `surface` in `text`, typed. */
function mentionOf(text: string, surface: string, entityType: string, from = 0): DetectedMention {
  const start = text.indexOf(surface, from);
  return { start, end: start + surface.length, entityType, confidence: 0.9, source: 'neural:test' };
}

const BOTH = ['rules+gazetteers', 'default layers'] as const;
const recognizerNamed = (which: (typeof BOTH)[number]): Recognizer => (which === 'rules+gazetteers' ? rulesOnly : full);

describe('everyday words are not names', () => {
  const letter = "Dear Margaret,\nThank you for your call.\nKind regards,\nMargaret O'Donnell\nSenior Accountant";
  it.each(BOTH)('greetings and closings stay in clear (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    const texts = (await found(recognizer, letter)).map((f) => f.text);
    for (const word of ['Dear', 'Thank', 'Kind', 'regards']) expect(texts.some((t) => t.includes(word)), word).toBe(false);
    expect(texts).toContain('Margaret');
  });

  it('field labels, "Patient", months and weekdays are not PERSON (rules+gazetteers)', async () => {
    const text = 'Subject: Refund\nTel: 555-123-4567\nPatient was seen on Monday.\nSee you in March.';
    const mentions = await found(rulesOnly, text);
    for (const word of ['Subject', 'Tel', 'Patient', 'Monday', 'March']) {
      expect(mentions.filter((m) => m.text.includes(word) && m.type !== 'DATETIME'), word).toEqual([]);
    }
  });

  it.each(BOTH)('a firm\'s departments and report words that open a sentence or a field are no names (%s)', async (which) => {
    const text = 'Marketing wants the deck by Thursday. Sales rose by 4%. Revenue was flat.\nAttendance: Tom Becker\nCompany no. 09876543\nCompany Registration No. SC123456\nDriver\'s license: TX 12345678\nRe: Claim CL-2023-118';
    const mentions = await found(recognizerNamed(which), text);
    for (const word of ['Marketing', 'Sales', 'Revenue', 'Attendance', 'Company', 'Registration', 'Driver', 'Claim']) expect(mentions.filter((m) => m.text.includes(word)), word).toEqual([]);
    expect(mentions.map((m) => [m.text, m.type, m.subtype])).toEqual(expect.arrayContaining([['Tom Becker', 'PERSON', undefined], ['09876543', 'CODE', 'CASE_NUMBER']]));
  });

  it.each(BOTH)('a booking\'s labels are no names, and its flight number is one code (%s)', async (which) => {
    const text = 'Booking confirmation – Flight BA 2490\nPassenger: Ms. Chloé Dubois\nDeparture: Terminal 5, 07:35\nHotel: Le Negresco\nCheck-in after 3 pm.';
    const mentions = await found(recognizerNamed(which), text);
    for (const word of ['Flight', 'Passenger', 'Departure', 'Terminal', 'Hotel:', 'Check-in']) expect(mentions.filter((m) => `${m.text}:`.includes(word)), word).toEqual([]);
    expect(mentions.map((m) => [m.text, m.type])).toEqual(expect.arrayContaining([['BA 2490', 'CODE'], ['Ms. Chloé Dubois', 'PERSON']]));
  });

  it.each(BOTH)('a request\'s verb, a pronoun and a date after "on" are no part of a name (%s)', async (which) => {
    const text = 'Call Acme Bank on Monday. Contact Hammes and Sons today. I met them later.';
    const mentions = (await found(recognizerNamed(which), text)).map((m) => [m.text, m.type]);
    expect(mentions).toEqual(expect.arrayContaining([['Acme Bank', 'ORG'], ['Monday', 'DATETIME'], ['Hammes and Sons', 'ORG']]));
    for (const [surface] of mentions) expect(['Call', 'Contact', 'I', 'on'].some((w) => surface.split(' ').includes(w)), surface).toBe(false);
  });

  it.each(BOTH)('"today" and "tomorrow" are no part of a name, and no name alone (%s)', async (which) => {
    const text = 'Dear Olena,\nOlena Kovalenko will call Mr Smith tomorrow. Contact Hammes and Sons today. See USA Today.';
    const mentions = (await found(recognizerNamed(which), text)).filter((m) => m.type !== 'DATETIME');
    for (const m of mentions) expect(/\b(?:today|tomorrow)\b/.test(m.text), m.text).toBe(false);
    expect(mentions.map((m) => m.text)).toEqual(expect.arrayContaining(['Mr Smith', 'Hammes and Sons']));
  });

  it('a possessive alone is no name, nor "NHS" as the label of its number; both stay where they open a name', () => {
    const text = 'Our CEO called. NHS 943 476 5919. He co-founded the My Israel movement. The NHS paid.';
    const raw = [mentionOf(text, 'Our', 'MISC'), mentionOf(text, 'NHS', 'ORG'), mentionOf(text, 'My', 'ORG'), mentionOf(text, 'NHS', 'ORG', 60)];
    const kept = refineMentions(text, raw);
    expect(kept.map((m) => [text.slice(m.start, m.end), m.start])).toEqual([['My', text.indexOf('My')], ['NHS', text.indexOf('NHS', 60)]]);
  });

  it('what the merge leaves of a cut mention is read again: a kind of identifier goes, and so does a function word alone or at its edge', async () => {
    const letter =
      "Dear Margaret O'Donnell,\n\nYour appointment with Dr. Rajesh Patel at St Mary's Hospital is confirmed. Please call 020 7946 0958\n" +
      'or e-mail margaret.odonnell@example.org. Your NHS number is 943 476 5919 and your card ending 4421 was charged.\n' +
      'Payments go to IBAN GB29 NWBK 6016 1331 9268 19. She lives at 42 Elm Street, Springfield.\n';
    const surfaces = (await found(full, letter)).map((m) => m.text);
    expect(surfaces).toEqual(expect.arrayContaining(['Dr. Rajesh Patel', "St Mary's Hospital", 'GB29 NWBK 6016 1331 9268 19']));
    expect(surfaces).not.toContain('IBAN');
    // The neural layer's "at" between the doctor and the hospital: `fictional` wrote a firm's name there.
    expect(surfaces).not.toContain('at');
    const text = 'IBAN; BIC; Acme Bank at the Bank of England; The';
    const merged = [
      mentionOf(text, 'IBAN', 'ORG'),
      { ...mentionOf(text, 'BIC', 'CODE'), source: 'rules:test' },
      mentionOf(text, 'Acme Bank', 'ORG'),
      mentionOf(text, 'at', 'ORG'),
      mentionOf(text, 'the', 'ORG'),
      mentionOf(text, 'Bank of England', 'ORG'),
      mentionOf(text, 'The', 'MISC'),
    ];
    expect(dropMergeLeftovers(text, merged).map((m) => text.slice(m.start, m.end))).toEqual(['BIC', 'Acme Bank', 'Bank of England', 'The']);
    // A piece cut around a stronger mention loses the preposition at its edge ("Kroger on" of "Kroger on Wayne Ave").
    const witness = 'outside the Kroger on Wayne Ave. The Mayor of Warsaw resumed.';
    const pieces = [mentionOf(witness, 'Kroger on', 'ORG'), { ...mentionOf(witness, 'Wayne Ave.', 'LOC'), source: 'rules:street' }, mentionOf(witness, 'of Warsaw', 'ORG')];
    expect(dropMergeLeftovers(witness, pieces).map((m) => witness.slice(m.start, m.end))).toEqual(['Kroger', 'Wayne Ave.', 'Warsaw']);
    // The "s" of a possessive goes where it stands alone, not between two pieces of a title.
    const titled = "Driver's License: D1. The Hitchhiker 's Guide";
    const possessives = [mentionOf(titled, 's', 'ORG'), mentionOf(titled, 'The Hitchhiker', 'MISC'), mentionOf(titled, 's', 'MISC', 30), mentionOf(titled, 'Guide', 'MISC')];
    expect(dropMergeLeftovers(titled, possessives).map((m) => [titled.slice(m.start, m.end), m.start])).toEqual([['The Hitchhiker', 22], ['s', 38], ['Guide', 40]]);
    // A capitalized article the merge left alone right before a name joins it, with the name's type; not over more than a space.
    const school = 'He went to The Doon School and The, Craft.';
    const cut = [mentionOf(school, 'The', 'MISC'), mentionOf(school, 'Doon School', 'ORG'), mentionOf(school, 'The', 'MISC', 20), mentionOf(school, 'Craft', 'LOC')];
    expect(dropMergeLeftovers(school, cut).map((m) => `${m.entityType}:${school.slice(m.start, m.end)}`)).toEqual(['ORG:The Doon School', 'MISC:The', 'LOC:Craft']);
    // So does one mid-sentence that no mention took ("released The In-Laws"); not one opening a sentence ("The Guardian wrote").
    const titles = 'He released The In-Laws. The Guardian wrote, The Craft too.';
    const named = [mentionOf(titles, 'In-Laws', 'MISC'), mentionOf(titles, 'Guardian', 'ORG'), mentionOf(titles, 'Craft', 'MISC')];
    expect(dropMergeLeftovers(titles, named).map((m) => titles.slice(m.start, m.end))).toEqual(['The In-Laws', 'Guardian', 'The Craft']);
    // Half of a label written with a slash is no name ("S/N", "N/A"); a firm's legal form stays ("Geneve A/S").
    const slashed = 'S/N: C02XG0FDH7JY. Account: N/A. He sued Geneve A/S.';
    const halves = [mentionOf(slashed, 'S', 'ORG'), mentionOf(slashed, 'N', 'MISC'), mentionOf(slashed, 'N', 'ORG', 20), mentionOf(slashed, 'Geneve', 'ORG'), mentionOf(slashed, 'A', 'MISC', 40), mentionOf(slashed, 'S', 'ORG', 45)];
    expect(dropMergeLeftovers(slashed, halves).map((m) => slashed.slice(m.start, m.end))).toEqual(['Geneve', 'A', 'S']);
    expect(IDENTIFIER_KINDS.has('S/N')).toBe(true);
    // A kind of identifier after everyday words is a label ("Device IMEI"), not a firm.
    const device = 'Device IMEI: 490154203237518. Acme IMEI Ltd.';
    const labels = [mentionOf(device, 'Device IMEI', 'ORG'), mentionOf(device, 'Acme IMEI Ltd', 'ORG')];
    expect(dropMergeLeftovers(device, labels).map((m) => device.slice(m.start, m.end))).toEqual(['Acme IMEI Ltd']);
  });

  it('a relative day is cut off the edge of any name mention, and a capitalized one stays', () => {
    const text = 'Call Mr Smith tomorrow. today Anna. USA Today.';
    const raw = [mentionOf(text, 'Mr Smith tomorrow', 'PERSON'), mentionOf(text, 'today Anna', 'PERSON'), mentionOf(text, 'USA Today', 'MISC'), mentionOf(text, 'tomorrow', 'LOC')];
    expect(refineMentions(text, raw).map((m) => text.slice(m.start, m.end))).toEqual(['Mr Smith', 'Anna', 'USA Today']);
  });

  it.each(BOTH)('a weekday cut short before a date is a date, and a time may end the sentence (%s)', async (which) => {
    // The neural layer reads "Fri Mar" as a name; the date rule takes "Mar 7" and the weekday rule "Fri".
    const mentions = await found(recognizerNamed(which), 'Hi team, the review is on Fri Mar 7. Call me at 14:30.');
    expect(mentions.map((m) => [m.text, m.type])).toEqual([
      ['Fri', 'DATETIME'],
      ['Mar 7', 'DATETIME'],
      ['14:30', 'DATETIME'],
    ]);
  });

  it.each(BOTH)('an executive role before a name is a job title between the employer and the person (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    const typed = async (text: string): Promise<string[][]> => (await found(recognizer, text)).map((m) => [m.text, m.type, m.subtype ?? '']);
    expect(await typed('Apple CEO Tim Cook announced the results.')).toEqual([
      ['Apple', 'ORG', ''],
      ['CEO', 'DEM', 'OCCUPATION'],
      ['Tim Cook', 'PERSON', ''],
    ]);
    expect(await typed('We met CFO Jane Doe and CTO John Smith.')).toEqual([
      ['CFO', 'DEM', 'OCCUPATION'],
      ['Jane Doe', 'PERSON', ''],
      ['CTO', 'DEM', 'OCCUPATION'],
      ['John Smith', 'PERSON', ''],
    ]);
  });

  it('a role is split off before a name, before "of" and its firm, or at the end: "Chairman and CEO of …" is two titles and an employer; "Former" is no employer; "CEOs" a title', () => {
    const text = 'Former CEO Jack Welch. Acme CEO. She is Chairman and CEO of Johnson Outdoors. The CEOs met.';
    const raw = [
      mentionOf(text, 'Former CEO Jack Welch', 'PERSON'),
      mentionOf(text, 'Acme CEO', 'ORG'),
      mentionOf(text, 'Chairman and CEO of Johnson Outdoors', 'PERSON'),
      mentionOf(text, 'CEOs', 'ORG'),
    ];
    expect(refineMentions(text, raw).map((m) => [text.slice(m.start, m.end), m.entityType])).toEqual([
      ['CEO', 'DEM'],
      ['Jack Welch', 'PERSON'],
      ['Acme', 'ORG'],
      ['CEO', 'DEM'],
      ['Chairman', 'DEM'],
      ['CEO', 'DEM'],
      ['Johnson Outdoors', 'ORG'],
      ['CEOs', 'DEM'],
    ]);
  });

  it.each(BOTH)('a greeting to no one in particular names no one: "Hello Team", "Dear Sir or Madam", "Hi all" (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    for (const text of ['Hello Team, the budget is approved.', 'Dear Sir or Madam, I write about my order.', 'Hi all, see you at noon.', 'Hey there!']) {
      expect((await found(recognizer, text)).map((m) => m.text), text).toEqual([]);
    }
    expect((await found(recognizer, 'Hello Anna, thanks.')).map((m) => [m.text, m.type])).toEqual([['Anna', 'PERSON']]);
  });

  it('"Thank you for your call" leaves "Thank" unmarked, so redaction keeps the sentence', async () => {
    for (const which of BOTH) expect(await found(recognizerNamed(which), 'Thank you for your call.')).toEqual([]);
  });

  it('an occupation in the plural said of no one in particular is no mention; one owned or said of someone is', async () => {
    const text = 'Surveys of historians and political scientists ranked him low. The book had reviews from critics. His solicitors wrote to the court. Ralph and Brenda were also actors. He met Tijuana taxi drivers.';
    const dem = (await found(rulesOnly, text)).filter((m) => m.type === 'DEM').map((m) => m.text);
    expect(dem).toEqual(['solicitors', 'actors', 'taxi drivers']);
  });
});

describe('names do not cross line breaks, and carry no emoji', () => {
  it.each(BOTH)('"Margaret O\'Donnell" alone and above her job title is one entity (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    const text = "Margaret O'Donnell called.\n\nMargaret O'Donnell\nSenior Accountant";
    const names = (await found(recognizer, text)).filter((m) => m.text.includes('Margaret'));
    expect(names.map((m) => m.text)).toEqual(["Margaret O'Donnell", "Margaret O'Donnell"]);
    expect(new Set(names.map((m) => m.entityId)).size).toBe(1);
    expect((await found(recognizer, text)).some((m) => m.text.includes('\n'))).toBe(false);
  });

  it('an address may still run over lines', async () => {
    const text = 'Ship to:\n221B Baker Street\nLondon NW1 6XE';
    const mentions = await found(rulesOnly, text);
    expect(mentions).toContainEqual(expect.objectContaining({ text: '221B Baker Street', type: 'LOC', subtype: 'ADDRESS' }));
    expect(mentions).toContainEqual(expect.objectContaining({ text: 'NW1 6XE', type: 'LOC', subtype: 'POSTCODE' }));
  });

  it.each(BOTH)('an emoji is never swallowed into a name (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    for (const text of ['Hi Anna 😀 see you Tuesday', 'Thanks Anna😀!', '👍 Anna Kowalska 🎉 arrives', 'Anna Kowalska🎉\nMarketing']) {
      const mentions = await found(recognizer, text);
      expect(mentions.some((m) => m.text.includes('Anna')), text).toBe(true);
      for (const m of mentions) expect(/\p{Extended_Pictographic}/u.test(m.text), `${text}: ${m.text}`).toBe(false);
    }
  });
});

describe('mention edges', () => {
  const mention = (text: string, surface: string, entityType = 'ORG', from = 0): DetectedMention => {
    const start = text.indexOf(surface, from);
    return { start, end: start + surface.length, entityType, confidence: 0.8, source: 'neural:test' };
  };
  const refined = (text: string, mentions: DetectedMention[]): string[] => refineMentions(text, mentions).map((m) => text.slice(m.start, m.end));

  it('drop a card brand before "card", which says what kind of card it is, not whose', () => {
    const text = 'Your Visa card was charged; my Mastercard debit card too. Lisa Visa signed; Visa reported earnings.';
    const found = refined(text, [mention(text, 'Your Visa', 'PERSON'), mention(text, 'Mastercard', 'ORG'), mention(text, 'Lisa Visa', 'PERSON'), mention(text, 'Visa', 'ORG', 60)]);
    expect(found).toEqual(['Lisa Visa', 'Visa']);
  });

  it('drop dashes, slashes, a full stop before a word and brackets without their pair; keep a sign or point before a digit', () => {
    const text = 'Mariners of the Cape Cod Baseball League (CCBL). Born 24 April 1919 – died in Los Angeles/St. Louis. Wiggins\' role; .983 and -5 and (1.75 m) and (born 1950)';
    expect(
      refined(text, [
        mention(text, 'Cape Cod Baseball League ('),
        mention(text, 'CCBL)'),
        mention(text, '24 April 1919 –', 'DATETIME'),
        mention(text, '/St. Louis', 'LOC'),
        mention(text, ". Wiggins'", 'PERSON'),
        mention(text, '.983', 'QUANTITY'),
        mention(text, '-5', 'QUANTITY'),
        mention(text, '1.75 m)', 'QUANTITY'),
        mention(text, '(born 1950)', 'DATETIME'),
      ]),
    ).toEqual(['Cape Cod Baseball League', 'CCBL', '24 April 1919', 'St. Louis', "Wiggins'", '.983', '-5', '1.75 m', '(born 1950)']);
  });

  it('a name is cut where a sentence ends inside it; initials and abbreviations stay', () => {
    const text = 'His project is Split Single. Split Single toured with S. C. Johnson, Sra. García, Prof. Smith and St. Louis. Jimmy Carter. Surveys';
    expect(refined(text, [mention(text, 'Split Single. Split Single', 'PERSON'), mention(text, 'Jimmy Carter. Surveys', 'PERSON')])).toEqual(['Split Single', 'Split Single', 'Jimmy Carter', 'Surveys']);
    const kept = ['S. C. Johnson', 'Sra. García', 'Prof. Smith', 'St. Louis'];
    expect(refined(text, kept.map((surface) => mention(text, surface, 'PERSON')))).toEqual(kept);
    // An address is not cut: its parts may be written as sentences.
    const address = 'Deliver to: Rose Cottage. Little Snoring, Norfolk';
    expect(refined(address, [{ ...mention(address, 'Rose Cottage. Little Snoring', 'LOC'), subtype: 'ADDRESS' }])).toEqual(['Rose Cottage. Little Snoring']);
  });
});

describe('an e-mail, a chat and a clinic note written by hand (not the generator\'s templates)', () => {
  it.each(BOTH)('contractions are no names (%s)', async (which) => {
    const text = "I've got the flu. I'm off. She's at home. Don't call. We'll see.";
    const texts = (await found(recognizerNamed(which), text)).map((f) => f.text);
    for (const word of ["I've", "I'm", "She's", "Don't", "We'll"]) expect(texts.some((t) => t.includes(word)), word).toBe(false);
  });

  it('a name stops at a gap between a form\'s columns', () => {
    const text = "Name: Mr. John O'Brien   MRN: 4471-2290\tDOB: 12/07/1958\nWard: St Mary Ward\tLeeds General";
    const start = text.indexOf('Mr.');
    const refined = refineMentions(text, [
      { start, end: text.indexOf(':', start), entityType: 'PERSON', confidence: 0.8, source: 'neural:test' },
      { start: text.indexOf('St Mary'), end: text.length, entityType: 'LOC', confidence: 0.8, source: 'neural:test' },
    ]).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(["Mr. John O'Brien", 'St Mary Ward', 'Leeds General']);
  });

  it.each(BOTH)('a phone number takes its extension, also in a list of numbers (%s)', async (which) => {
    const text = 'Call Acme Ltd on 020 7946 0958 ext. 204 or +1 (555) 123-4567 x12, 0161 496 0889, extn 3, 0113 496 0000 EXT: 12. Then 5 x 3.';
    const phones = (await found(recognizerNamed(which), text)).filter((m) => m.subtype === 'PHONE').map((m) => m.text);
    expect(phones).toEqual(['020 7946 0958 ext. 204', '+1 (555) 123-4567 x12', '0161 496 0889, extn 3', '0113 496 0000 EXT: 12']);
  });

  it.each(BOTH)('a reference and a phone number after their labels are the only mentions of their sentences (%s)', async (which) => {
    const text = 'Policy HX-4471-22. Call 020 7946 0958 ext. 204 or write to us.';
    const texts = (await found(recognizerNamed(which), text)).map((m) => m.text);
    // Without the sentence's full stop, which the neural layer's "22." carried.
    expect(texts).toEqual(['HX-4471-22', '020 7946 0958 ext. 204']);
  });

  it("the full stop that ends a sentence after a number is the sentence's; a date keeps its own", () => {
    const text = 'Policy HX-4471-22. Paid GBP 20,000. Am 12.05. fährt er.';
    const refined = refineMentions(text, [mentionOf(text, '22.', 'QUANTITY'), mentionOf(text, 'GBP 20,000.', 'QUANTITY'), mentionOf(text, '12.05.', 'DATETIME')]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['22', 'GBP 20,000', '12.05.']);
  });

  it("a sentence's full stop after a name's last word is no part of it; an abbreviation's is", () => {
    const text = 'We booked the Hotel Adlon Kempinski. Shares of Acme Corp. fell.';
    const refined = refineMentions(text, [mentionOf(text, 'Hotel Adlon Kempinski.', 'ORG'), mentionOf(text, 'Acme Corp.', 'ORG')]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['Hotel Adlon Kempinski', 'Acme Corp.']);
  });

  it('a reference after its label and "is" is one CODE ("passport number is 533380006")', async () => {
    const text = "Tom's passport number is 533380006.";
    const codes = (await found(rulesOnly, text)).filter((m) => m.type === 'CODE');
    expect(codes.map((m) => [m.text, m.subtype])).toEqual([['533380006', 'PASSPORT']]);
  });

  it.each(BOTH)('a booking, a ticket and a phone extension: whole codes, a weekday before a time is a date (%s)', async (which) => {
    const text =
      'Re: Contract renewal – ACME-2024-118 (a COVID-19 case)\nYour confirmation code is XK7P2Q. Please bring your passport (no. 502318746).\n' +
      'Call +44 20 7946 0018 (ext. 214). Meeting moved to Fri 3pm.';
    const mentions = await found(recognizerNamed(which), text);
    const typed = (surface: string): (string | undefined)[][] => mentions.filter((m) => m.text === surface).map((m) => [m.type, m.subtype]);
    expect(typed('ACME-2024-118')).toEqual([['CODE', undefined]]);
    expect(mentions.filter((m) => m.text === 'ACME' || m.text === '2024-118')).toEqual([]);
    expect(typed('XK7P2Q')).toEqual([['CODE', 'CASE_NUMBER']]);
    expect(typed('502318746')).toEqual([['CODE', 'PASSPORT']]);
    expect(typed('214')).toEqual([['CODE', 'PHONE']]);
    // The abbreviation alone says it is an extension; the word needs a phone number before it.
    const memo = await found(recognizerNamed(which), 'Jessica Liu (Sales, ext 4410) is away. An extension 45 of the road.');
    expect(memo.filter((m) => m.text === '4410').map((m) => [m.type, m.subtype])).toEqual([['CODE', 'PHONE']]);
    expect(memo.filter((m) => m.text === '45' && m.type === 'CODE')).toEqual([]);
    expect(typed('Fri')).toEqual([['DATETIME', 'DATE']]);
    expect(mentions.filter((m) => m.text === 'COVID-19' && m.type === 'CODE')).toEqual([]);
  });

  it.each(BOTH)('a blood pressure is a measure, not a case number, and its label no firm (%s)', async (which) => {
    const text = 'Seen today. BP 148/92, blood pressure was 130/85 mmHg last week. Application no. 36110/97.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text.includes('148/92') || m.text.includes('130/85')).map((m) => m.type)).toEqual(['QUANTITY', 'QUANTITY']);
    expect(mentions.filter((m) => m.text === 'BP')).toEqual([]);
    expect(mentions.filter((m) => m.text === '36110/97').map((m) => [m.type, m.subtype])).toEqual([['CODE', 'CASE_NUMBER']]);
  });

  it('a lone function word in lower case, one or two letters called a quantity, a preposition opening a name are no mentions or parts of one', () => {
    const text = 'As agreed with our CFO, Daniel Brooks. Salary £31,500 p.a. Most of Acme Bank left.';
    const refined = refineMentions(text, [
      mentionOf(text, 'our', 'PERSON'),
      mentionOf(text, 'Daniel Brooks', 'PERSON'),
      mentionOf(text, 'p', 'QUANTITY', text.indexOf('500')),
      mentionOf(text, 'of Acme Bank', 'ORG'),
    ]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['Daniel Brooks', 'Acme Bank']);
    // Nor ends with one ("Flight to" before "Paris"); "and" and "of" may end a piece of a longer name.
    const flight = 'Our Flight to Paris leaves at nine.';
    expect(refineMentions(flight, [mentionOf(flight, 'Flight to', 'ORG')]).map((m) => flight.slice(m.start, m.end))).toEqual(['Flight']);
  });

  it('an everyday word and "of" opening a sentence are no part of the name after them; an institution\'s head is', () => {
    const text = 'Shares of BP fell. Ministry of Justice said no.';
    const refined = refineMentions(text, [mentionOf(text, 'Shares of BP', 'ORG'), mentionOf(text, 'Ministry of Justice', 'ORG')]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['BP', 'Ministry of Justice']);
  });

  it.each(BOTH)('a name ends before the angle bracket of its address; "Guys," or "Team," opening a sentence names no one (%s)', async (which) => {
    const text = 'From: Tom Becker <tom.becker@brightwater.io>\n\nGuys, quick one. Team, please check the figures.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.type !== 'CODE').map((m) => m.text)).not.toContain('Tom Becker <');
    expect(mentions.filter((m) => m.text === 'Guys' || m.text === 'Team')).toEqual([]);
    expect(mentions.find((m) => m.type === 'CODE')?.text).toBe('tom.becker@brightwater.io');
  });

  it.each(BOTH)('a discharge note: the age after its label is an AGE, clinical acronyms are health terms, "PMH" a label (%s)', async (which) => {
    const text = 'Name: Mr. Ahmed Al-Farsi   MRN: 00482913   Age: 63\nAdmitted with chest pain. PMH: CABG x3, T2DM, CHF.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text === '63').map((m) => [m.type, m.subtype])).toEqual([['QUANTITY', 'AGE']]);
    // The health list's type (TAB counts health among the demographic attributes).
    for (const acronym of ['CABG', 'T2DM', 'CHF']) expect(mentions.filter((m) => m.text === acronym).map((m) => m.type), acronym).toEqual(['DEM']);
    expect(mentions.filter((m) => m.text === 'PMH')).toEqual([]);
  });

  it('a capitalized run ends before a connector and a code\'s letters ("Munich on LH 2471")', async () => {
    const mentions = await found(rulesOnly, 'We land in Munich on LH 2471 at 9:40.');
    expect(mentions.filter((m) => m.text.includes('Munich'))).not.toContainEqual(expect.objectContaining({ text: 'Munich on LH' }));
    expect(mentions.some((m) => m.text.includes(' on '))).toBe(false);
  });

  it.each(BOTH)('a cover letter: "Dear Hiring Manager" names no one, a web address without its scheme is a URL, a day range one date (%s)', async (which) => {
    const text = 'Dear Hiring Manager,\n\nI was away on 4-5 August 2023.\nYours faithfully,\nAisha Okonkwo\nLinkedIn: linkedin.com/in/aisha-okonkwo';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => /Hiring|Manager/.test(m.text))).toEqual([]);
    expect(mentions.filter((m) => m.text === 'linkedin.com/in/aisha-okonkwo').map((m) => [m.type, m.subtype])).toEqual([['CODE', 'URL']]);
    expect(mentions.filter((m) => m.text.includes('August')).map((m) => [m.text, m.type])).toEqual([['4-5 August 2023', 'DATETIME']]);
    expect(mentions.map((m) => m.text)).toContain('Aisha Okonkwo');
  });

  it.each(BOTH)('an account note: a surname a town shares is the person\'s, except where a place is expected; account and routing numbers; "£2.3m" (%s)', async (which) => {
    const text = 'Their CFO, Linda Henderson, called. The Henderson account (acct #4471-2209) is overdue; wire $12,400 to routing 021000021. She was born in Henderson, Nevada. Budget: £2.3m.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text === 'Henderson').map((m) => m.type)).toEqual(['PERSON', 'LOC']);
    expect(mentions.filter((m) => m.text === 'The')).toEqual([]);
    expect(mentions.filter((m) => m.text === '4471-2209' || m.text === '021000021').map((m) => m.type)).toEqual(['CODE', 'CODE']);
    expect(mentions.filter((m) => m.text.startsWith('£')).map((m) => [m.text, m.subtype])).toEqual([['£2.3m', 'MONEY']]);
  });

  it.each(BOTH)('a reference letter and a post: a time with seconds, more job titles, more currency codes (%s)', async (which) => {
    const text = 'Mr. Kwame Mensah has been employed as a Senior Auditor on a salary of GHS 96,000. My sister finished the marathon in 3:41:07!';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text === 'Senior Auditor').map((m) => [m.type, m.subtype])).toEqual([['DEM', 'OCCUPATION']]);
    expect(mentions.filter((m) => m.text === 'GHS 96,000').map((m) => [m.type, m.subtype])).toEqual([['QUANTITY', 'MONEY']]);
    expect(mentions.filter((m) => m.text.includes('41')).map((m) => [m.text, m.type])).toEqual([['3:41:07', 'DATETIME']]);
  });

  it.each(BOTH)('an order log: IPv6 addresses full or compressed are IPs, a time or a ratio is none; a badge number is a CODE (%s)', async (which) => {
    const text = 'Order from IP 2001:db8::ff00:42:8329 (or fe80::1) at 14:20, ratio 1:2:3; steward Leon Baptiste (badge 0447).';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.subtype === 'IP').map((m) => m.text)).toEqual(['2001:db8::ff00:42:8329', 'fe80::1']);
    expect(mentions.filter((m) => m.text === '0447').map((m) => m.type)).toEqual(['CODE']);
  });

  it.each(BOTH)('the parties of a claim as a form\'s labels are no names ("Claimant:", "Respondent:") (%s)', async (which) => {
    const text = 'Claimant: Mrs Olena Kovalenko\nRespondent: Acme Ltd\nThe claimant fled Kharkiv in March 2022.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => /Claimant|Respondent/.test(m.text))).toEqual([]);
    expect(mentions.map((m) => m.text)).toEqual(expect.arrayContaining(['Mrs Olena Kovalenko', 'Acme Ltd', 'Kharkiv']));
  });

  it.each(BOTH)('a chat and a text message: handles with dots, no version numbers, "Mum," names no one, kisses are no part of a name (%s)', async (which) => {
    const text = '@channel deploy of v2.14.3 done by @marcus.j at 16:05. My IG is @chloe.travels.\nMum, can you pick up Lily? Love, Sarah xx';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.subtype === 'USERNAME').map((m) => m.text)).toEqual(['@marcus.j', '@chloe.travels']);
    expect(mentions.filter((m) => /^\d+\.?$/.test(m.text) && text.indexOf(m.text) < text.indexOf(' done'))).toEqual([]);
    expect(mentions.filter((m) => m.text === 'Mum')).toEqual([]);
    expect(mentions.filter((m) => m.text.startsWith('Sarah')).map((m) => m.text)).toEqual(['Sarah']);
  });

  it('a piece left of a wrong guess that opens with a full stop and a space goes; initials\' dots stay', () => {
    const text = 'He lives at 12 Rue X. Version 2 was fine. They fell to Panionios G.S.S. early.';
    const pieces = [mentionOf(text, '. Version', 'PERSON'), mentionOf(text, '.S.S', 'PERSON')];
    expect(dropMergeLeftovers(text, pieces).map((m) => text.slice(m.start, m.end))).toEqual(['.S.S']);
  });

  it.each(BOTH)('a CV: headings in capitals and a field after a bar are no names; an employer between a job and its town is no place (%s)', async (which) => {
    const text = 'CURRICULUM VITAE\nName: Daniel Okafor\nEmail: dan.okafor@gmail.com | Nationality: Nigerian\n\nEXPERIENCE\n2019–present  Senior Data Engineer, Skyscanner, Edinburgh\n\nEDUCATION\nBSc Mathematics (2012)';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => /VITAE|CURRICULUM|EXPERIENCE|EDUCATION|Nationality/.test(m.text))).toEqual([]);
    // (The neural layer reads the firm as a place by itself; the rule was the comma before the town.)
    if (which === 'rules+gazetteers') expect(mentions.filter((m) => m.text === 'Skyscanner' && m.type === 'LOC')).toEqual([]);
    expect(mentions.map((m) => m.text)).toEqual(expect.arrayContaining(['Daniel Okafor', 'Nigerian', 'Edinburgh']));
  });

  it.each(BOTH)('an intake form: a first name, an initial and a surname are one person; "Insurance:" is a label; "São Paulo - SP" leaves no "- SP" (%s)', async (which) => {
    const text = 'Patient John Q. Public, DOB 4/12/1956. Insurance: Blue Shield PPO. I live in São Paulo - SP, Brazil.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text.includes('Public')).map((m) => [m.text, m.type])).toEqual([['John Q. Public', 'PERSON']]);
    expect(mentions.filter((m) => m.text === 'Insurance' || m.text.startsWith('-'))).toEqual([]);
  });

  it("a guessed name over a validated e-mail keeps only what lies outside it, if that holds a letter (the French model's \"fr.\")", () => {
    const text = 'Pour toute question : contact@clinique-sj.fr.';
    const email: DetectedMention = { start: text.indexOf('contact'), end: text.length - 1, entityType: 'CODE', subtype: 'EMAIL', confidence: 0.99, source: 'rules:email' };
    const refined = refineMentions(text, [email, mentionOf(text, 'fr.', 'MISC')], 'fr');
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['contact@clinique-sj.fr']);
  });

  it.each(BOTH)('a surname signed after a closing is the sender, not the occupation or town a list has ("Best,\\nSmith") (%s)', async (which) => {
    for (const [text, name] of [['Best,\nSmith\nAccounts', 'Smith'], ['Kind regards,\nBaker', 'Baker'], ['Thanks,\nDerby', 'Derby']]) {
      const mentions = await found(recognizerNamed(which), text);
      expect(mentions.filter((m) => m.text === name).map((m) => m.type), text).toEqual(['PERSON']);
    }
  });

  it.each(BOTH)('a booking request: a count after "order" is no reference, a weekday cut short ends a venue\'s name, a greeted given name a list has as a people is the person (%s)', async (which) => {
    const text = 'Hi Karen, please order 2 tickets at the Victoria Palace Theatre for Sat 21 Dec. Ticket no. 12 is mine.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text === '2' && m.type === 'CODE')).toEqual([]);
    expect(mentions.filter((m) => m.text.includes('Theatre')).map((m) => m.text)).toEqual(['Victoria Palace Theatre']);
    expect(mentions.filter((m) => m.text === 'Karen').map((m) => m.type)).toEqual(['PERSON']);
    expect(mentions.filter((m) => m.text === '12').map((m) => m.type)).toEqual(['CODE']);
  });

  it.each(BOTH)('a tenancy letter: "Mr and Mrs Thompson" is one person, not a rank and a surname (%s)', async (which) => {
    const text = 'Dear Mr and Mrs Thompson,\nWe are pleased to confirm your tenancy.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.text.includes('Mr')).map((m) => [m.text, m.type])).toEqual([['Mr and Mrs Thompson', 'PERSON']]);
  });

  it.each(BOTH)('a flat or unit on its own is an address ("Flat 3B"), not a place and a number (%s)', async (which) => {
    const text = 'Spoke with Mr. Abdullah (tenant, Flat 3B) about the noise from Apt 12.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => /Flat|Apt|3B|12/.test(m.text)).map((m) => [m.text, m.type, m.subtype])).toEqual([
      ['Flat 3B', 'LOC', 'ADDRESS'],
      ['Apt 12', 'LOC', 'ADDRESS'],
    ]);
    const reference = await found(recognizerNamed(which), 'She was a staff nurse on Ward 12.\nDr Anil Patel, Consultant Cardiologist');
    expect(reference.filter((m) => m.text === 'Ward 12' || m.text === 'Consultant Cardiologist').map((m) => [m.text, m.type, m.subtype])).toEqual([
      ['Ward 12', 'LOC', 'ADDRESS'],
      ['Consultant Cardiologist', 'DEM', 'OCCUPATION'],
    ]);
  });

  it("a given name the neural layer guessed a date is the person, not a month; a field's \"Bill to:\" is no one", () => {
    const text = '[12/03/2025, 21:15] Maya 🌸: come over. See you in May.\nBill to: Liliane Nicolas';
    const guess = (surface: string, entityType: string): DetectedMention => ({ ...mentionOf(text, surface, entityType), source: 'neural:minibert-tab-ner' });
    const raw = [guess('Maya', 'DATETIME'), guess('May', 'DATETIME'), guess('Bill', 'DATETIME')];
    const revised = reviseTypes(text, refineMentions(text, raw), raw);
    expect(revised.map((m) => [text.slice(m.start, m.end), m.entityType])).toEqual([
      ['Maya', 'PERSON'],
      ['May', 'DATETIME'],
    ]);
  });

  it.each(BOTH)('a parking appeal: a reference in groups of digits after its cue is one CODE (%s)', async (which) => {
    const text = 'I wish to appeal parking charge notice PCN 7742 1190 3 issued on 14/02/2025. Blue Badge no. 9981 2267 1045. Please order 4471 2 tickets.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.type === 'CODE').map((m) => m.text)).toEqual(['7742 1190 3', '9981 2267 1045', '4471']);
  });

  it.each(BOTH)('a delivery notice, minutes and a school letter: the words that open their lines and fields are no names (%s)', async (which) => {
    const notice = 'Tracking number: 1Z999AA10123456784. Expected Tuesday between 10:00 and 12:00.\nNot home? Reschedule at ups.com/manage.\nQueries: help@parcels.example';
    const noticed = await found(recognizerNamed(which), notice);
    expect(noticed.filter((m) => /Expected|Tuesday|Reschedule|Queries/.test(m.text)).map((m) => [m.text, m.type])).toEqual([['Tuesday', 'DATETIME']]);
    const minutes = 'AOB: Reception desk to move. Payee: the club.\nMeds: ramipril 5 mg. Children should bring a packed lunch.';
    const listed = await found(recognizerNamed(which), minutes);
    expect(listed.filter((m) => /AOB|Reception|Payee|Meds|Children/.test(m.text))).toEqual([]);
    const school = await found(recognizerNamed(which), 'Dear Parents/Carers,\nthe trip is on.');
    expect(school.filter((m) => /Parents|Carers/.test(m.text))).toEqual([]);
  });

  it.each(BOTH)('names in capitals: a title and a name are one person, a firm with its legal form one organisation (%s)', async (which) => {
    const booking = await found(recognizerNamed(which), 'Booking ref: QX7T9P\nPassenger: MS ANNA KOWALSKA\nYour parcel from ACME LTD is on its way.');
    expect(booking.filter((m) => /ANNA|KOWALSKA|ACME/.test(m.text)).map((m) => [m.text, m.type])).toEqual([
      ['MS ANNA KOWALSKA', 'PERSON'],
      ['ACME LTD', 'ORG'],
    ]);
    const heading = await found(recognizerNamed(which), 'THE MS SOCIETY LTD\nNOTICE TO NORTHWIND TRADING LIMITED');
    expect(heading.filter((m) => m.type === 'PERSON' || m.type === 'ORG').map((m) => [m.text, m.type])).toEqual([
      ['MS SOCIETY LTD', 'ORG'],
      ['NORTHWIND TRADING LIMITED', 'ORG'],
    ]);
  });

  it.each(BOTH)('a full name signed after "Best wishes," is the sender, even where a list has its given name as a people (%s)', async (which) => {
    const mentions = await found(recognizerNamed(which), "Please sign and return by 20 August.\nBest wishes,\nKaren O'Neill\nHR Business Partner");
    expect(mentions.filter((m) => m.text.startsWith('Karen')).map((m) => [m.text, m.type])).toEqual([["Karen O'Neill", 'PERSON']]);
  });

  it.each(BOTH)('a job offer and minutes: a salary ends before "per annum", an Eircode is a postcode, a floor and a room are one room number (%s)', async (which) => {
    const offer = 'Your starting salary will be €58,000 per annum. You will be based at our Dublin office (Block C, Grand Canal Quay, Dublin 2, D02 XY45).';
    const offered = await found(recognizerNamed(which), offer);
    expect(offered.filter((m) => m.text.includes('58,000')).map((m) => m.text)).toEqual(['€58,000']);
    expect(offered.filter((m) => m.text.includes('XY45')).map((m) => [m.text, m.type, m.subtype])).toEqual([['D02 XY45', 'LOC', 'POSTCODE']]);
    const minutes = await found(recognizerNamed(which), 'AOB: the desk moves to Room 4.12 from Monday; training in Room B2.07. F16 2000 jets flew over.');
    expect(minutes.filter((m) => m.type === 'LOC').map((m) => m.text)).toEqual(['Room 4.12', 'Room B2.07']);
  });

  it.each(BOTH)('an IT ticket: an IMEI after its label is a device\'s number, not a card; a MAC address is one (%s)', async (which) => {
    const text = 'Lost phone, IMEI: 490154203237518. Paid with card 4539 1488 0343 6467. Router MAC address 00:1A:2B:3C:4D:5E, laptop serial number C02XG0FDH7JY.';
    const mentions = await found(recognizerNamed(which), text);
    expect(subtypedOf(mentions, 'CODE')).toEqual([
      ['490154203237518', 'DEVICE_ID'],
      ['4539 1488 0343 6467', 'CARD'],
      ['00:1A:2B:3C:4D:5E', 'DEVICE_ID'],
      ['C02XG0FDH7JY', 'DEVICE_ID'],
    ]);
  });

  it.each(BOTH)('a school letter: the headteacher under the signature is an occupation, not a person (%s)', async (which) => {
    const mentions = await found(recognizerNamed(which), 'Any questions, contact the office.\nMr D. Foster\nHeadteacher');
    expect(mentions.map((m) => [m.text, m.type])).toEqual([
      ['Mr D. Foster', 'PERSON'],
      ['Headteacher', 'DEM'],
    ]);
  });

  it.each(BOTH)('a fraud alert: a card\'s brand before "ending" is no name; digits after a hidden card number are the card\'s (%s)', async (which) => {
    const text = 'We noticed a payment of USD 1,249.00 on your Visa ending 4417. Your Mastercard ****4417 and Amex xxxx 1005 are fine.';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => /Visa|Mastercard|Amex/.test(m.text))).toEqual([]);
    expect(subtypedOf(mentions, 'CODE')).toEqual([
      ['4417', 'CARD'],
      ['4417', 'CARD'],
      ['xxxx 1005', 'CARD'],
    ]);
  });

  it.each(BOTH)('an insurance claim: the date after a plate stays whole, the plate and the VIN are a vehicle\'s, "Insured:" and "VIN" are labels (%s)', async (which) => {
    const text = 'Insured: Robert T. Kowalczyk\nVehicle: 2019 Honda Civic, VIN 2HGFC2F59KH542891, plate IL ABC 1234\nOn 10/03/2025 at approx. 5:45 PM the insured was hit.';
    const mentions = await found(recognizerNamed(which), text);
    expect(subtypedOf(mentions, 'CODE')).toEqual([
      ['2HGFC2F59KH542891', 'VEHICLE_ID'],
      ['IL ABC 1234', 'VEHICLE_ID'],
    ]);
    expect(mentions.filter((m) => m.text.includes('10/03')).map((m) => [m.text, m.type])).toEqual([['10/03/2025', 'DATETIME']]);
    expect(mentions.filter((m) => /^(?:Insured|VIN)$/.test(m.text))).toEqual([]);
  });

  it.each(BOTH)('a chat and a bug report: folders of a path are no names, its user is a user name; no "s" of a possessive alone (%s)', async (which) => {
    const text = "Ahmed Khalil: Looks like /home/akhalil/.ssh/config was overwritten. See C:\\Users\\jsmith\\Documents and /Users/jdoe/Desktop. Paris/London/Berlin tour.\nDriver's License: D1234-5678-9012.";
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.subtype === 'USERNAME').map((m) => m.text)).toEqual(['akhalil', 'jsmith', 'jdoe']);
    expect(mentions.filter((m) => /^(?:C|Users|Documents|Desktop|s)$/.test(m.text))).toEqual([]);
    expect(mentions.filter((m) => m.type === 'LOC').map((m) => m.text)).toEqual(['Paris', 'London', 'Berlin']);
    const report = '### Bug: login fails\nSteps: sign up, then log in.\n2025-03-14T09:22:31Z ERROR auth user_id=88213\nReported by @mkowalski. cc @sarah-lee\nReply STOP to opt out.';
    const reported = await found(recognizerNamed(which), report);
    expect(reported.filter((m) => /^(?:Bug|Steps|ERROR|Reported|STOP)$/.test(m.text))).toEqual([]);
    expect(reported.filter((m) => m.type === 'CODE').map((m) => m.text)).toEqual(['88213', '@mkowalski', '@sarah-lee']);
  });

  it.each(BOTH)('minutes: a role before a name in brackets is a job title and the name a person\'s (%s)', async (which) => {
    const text = 'Minutes of the Board Meeting – 14 March 2025\nPresent: Chair (Helen Whitfield), Treasurer (Omar Siddiqui), Secretary (Priya Nair), R. Delgado\nApologies: Tom Beckett';
    const mentions = await found(recognizerNamed(which), text);
    const typed = (surface: string): string[] => mentions.filter((m) => m.text === surface).map((m) => m.type);
    // (A role is a DEM, or none where the TAB conventions leave the word in clear.)
    for (const role of ['Chair', 'Treasurer', 'Secretary']) expect(typed(role).filter((type) => type !== 'DEM'), role).toEqual([]);
    expect(typed('Chair')).toEqual(['DEM']);
    for (const name of ['Helen Whitfield', 'Omar Siddiqui', 'Priya Nair']) expect(typed(name), name).toEqual(['PERSON']);
  });

  it.each(BOTH)('a visa form: dates with months in capitals, names in its fields, labels after a column gap and "Sex: M" (%s)', async (which) => {
    const text = 'Surname: NAKAMURA   Given names: HIROSHI   Sex: M\nDate of birth: 23 SEP 1985\nPassport No.: TK8841207   Issued: 02 MAR 2021   Expires: 01 MAR 2031\nOccupation: Software Engineer   Employer: Rakuten Group';
    const mentions = await found(recognizerNamed(which), text);
    expect(mentions.filter((m) => m.type === 'DATETIME').map((m) => m.text)).toEqual(['23 SEP 1985', '02 MAR 2021', '01 MAR 2031']);
    // (The rules alone do not find "NAKAMURA" at a line's start; what is found of the two names is a person.)
    expect(mentions.filter((m) => /NAKAMURA|HIROSHI/.test(m.text)).map((m) => m.type)).toEqual(which === 'default layers' ? ['PERSON', 'PERSON'] : ['PERSON']);
    expect(mentions.filter((m) => /^(?:Given|Issued|Expires|Employer|M)$/.test(m.text))).toEqual([]);
  });

  it.each(BOTH)('a council letter and a discharge note: a range of weekdays is a date, not a people; "Hx", "Allergic" are no names (%s)', async (which) => {
    const mentions = await found(recognizerNamed(which), 'Contact us on 01423 500600 (Mon–Fri 9am–5pm), Sat-Sun closed.\nDiagnosis: NSTEMI. Hx of HTN. Allergic to penicillin.');
    expect(mentions.filter((m) => /Mon|Sat/.test(m.text)).map((m) => [m.text, m.type])).toEqual([
      ['Mon–Fri', 'DATETIME'],
      ['Sat-Sun', 'DATETIME'],
    ]);
    expect(mentions.filter((m) => /^(?:Hx|Hx of HTN|Allergic)$/.test(m.text))).toEqual([]);
  });

  it.each(BOTH)('"docs" in a chat are documents, not doctors (%s)', async (which) => {
    const mentions = await found(recognizerNamed(which), 'did u send the docs to Marek?');
    expect(mentions.filter((m) => m.text === 'docs')).toEqual([]);
  });

  it("a person's name ends before a possessive's 's; an institution by its head noun keeps it, as TAB marks it as often as not", () => {
    const text = "Priya's employee ID and Tom O’Neill’s passport reached the Katowice Regional Court's registry.";
    const refined = refineMentions(text, [mentionOf(text, "Priya's", 'PERSON'), mentionOf(text, 'Tom O’Neill’s', 'PERSON'), mentionOf(text, "Katowice Regional Court's", 'PERSON')]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['Priya', 'Tom O’Neill', "Katowice Regional Court's"]);
  });

  it('a form field of everyday words at a line start is no name; a person or place a layer knows there stays', () => {
    const text = 'Bank details: Barclays\nKevin wrote: fine\nLeeds office: closed';
    const refined = refineMentions(text, [
      { ...mentionOf(text, 'Bank', 'PERSON'), source: 'rules:capitalized-sequence' },
      mentionOf(text, 'Barclays', 'ORG'),
      mentionOf(text, 'Kevin', 'PERSON'),
      mentionOf(text, 'Leeds', 'LOC'),
    ]);
    expect(refined.map((m) => text.slice(m.start, m.end))).toEqual(['Barclays', 'Kevin', 'Leeds']);
    // A capitalized word the rules alone read stays where it is a given name or someone says something.
    const said = 'Maria wrote: see below\nSmith said: no';
    const capitalized = (surface: string): DetectedMention => ({ ...mentionOf(said, surface, 'PERSON'), source: 'rules:capitalized-sequence' });
    expect(refineMentions(said, [capitalized('Maria'), capitalized('Smith')]).map((m) => said.slice(m.start, m.end))).toEqual(['Maria', 'Smith']);
    // The same word as an organisation a layer guessed goes too; mid-line it stays.
    expect(refineMentions(text, [mentionOf(text, 'Bank', 'ORG')])).toEqual([]);
    const inLine = 'Paid via Bank details: see above';
    expect(refineMentions(inLine, [mentionOf(inLine, 'Bank', 'ORG')]).map((m) => inLine.slice(m.start, m.end))).toEqual(['Bank']);
  });

  it('a guessed number over a phone number the rules read keeps only its pieces with digits; a sum in a currency stays whole', () => {
    const text = 'Reach me on x12, 0161 496 0889 today. Paid TRL 615.478.0000 in full.';
    const phone = mentionOf(text, '0161 496 0889', 'CODE');
    const sum = mentionOf(text, '615.478.0000', 'CODE');
    const refined = refineMentions(text, [
      mentionOf(text, 'x12, 0161 496 0889', 'QUANTITY'),
      { ...phone, source: 'rules:phone-uk', subtype: 'PHONE', confidence: 0.75 },
      { ...mentionOf(text, 'TRL 615.478.0000', 'QUANTITY') },
      { ...sum, source: 'rules:phone-us', subtype: 'PHONE', confidence: 0.75 },
    ]).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);
    expect(refined).toEqual(['QUANTITY:x12', 'CODE:0161 496 0889', 'QUANTITY:TRL 615.478.0000', 'CODE:615.478.0000']);
  });

  it('a person\'s name does not open with an article', () => {
    const text = 'The Johnson family adopted a dog.';
    expect(refineMentions(text, [mentionOf(text, 'The Johnson', 'PERSON')]).map((m) => text.slice(m.start, m.end))).toEqual(['Johnson']);
    // An organisation's may ("The Crown" pub, "The Economist").
    expect(refineMentions(text, [mentionOf(text, 'The Johnson', 'ORG')]).map((m) => text.slice(m.start, m.end))).toEqual(['The Johnson']);
    // Nor before more than one word, a band's name a layer read as people's.
    const band = 'opening for The Mighty Mighty Bosstones.';
    expect(refineMentions(band, [mentionOf(band, 'The Mighty Mighty Bosstones', 'PERSON')]).map((m) => band.slice(m.start, m.end))).toEqual(['The Mighty Mighty Bosstones']);
    const lower = 'Derek and the Dominos played.';
    expect(refineMentions(lower, [mentionOf(lower, 'the Dominos', 'PERSON')]).map((m) => lower.slice(m.start, m.end))).toEqual(['the Dominos']);
  });

  it('a label before a number is a name after an article', () => {
    const text = 'In 2012 she was named in the Time 100. Time: 10:30';
    const refined = refineMentions(text, [mentionOf(text, 'Time', 'MISC'), mentionOf(text, 'Time', 'MISC', text.indexOf('Time:'))]).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(['Time']);
  });

  it('any words and a kind of identifier before a number are a label ("Bank IBAN: GB29 …"); not without the number', () => {
    const text = 'Bank IBAN: GB29 NWBK 6016 1331 9268 19. Tax ID 12-3456789. The Bank IBAN team called.';
    const refined = refineMentions(text, [mentionOf(text, 'Bank IBAN', 'ORG'), mentionOf(text, 'Tax ID', 'ORG'), mentionOf(text, 'Bank IBAN', 'ORG', text.lastIndexOf('Bank IBAN'))]).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(['Bank IBAN']);
  });

  it('a code, a number or a date stops at a gap between a form\'s columns too', () => {
    const text = 'MRN: 00482913   Ward: 7B\nAdmitted: 02/02/2024   Discharged';
    const at = (surface: string): number => text.indexOf(surface);
    const refined = refineMentions(text, [
      { start: at('00482913'), end: at('Ward') + 4, entityType: 'CODE', confidence: 0.8, source: 'neural:test' },
      { start: at('02/02/2024'), end: text.length, entityType: 'DATETIME', confidence: 0.8, source: 'neural:test' },
    ]).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(['00482913', '02/02/2024', 'Discharged']);
  });

  it.each(BOTH)('a greeting is no part of an organisation, and kin before a name is no part of it (%s)', async (which) => {
    const text = 'Dear Customer Service,\nmy order never arrived.\n\nWife Mary can be contacted on +44 113 496 0123.';
    const texts = (await found(recognizerNamed(which), text)).map((f) => f.text);
    expect(texts.some((t) => t.includes('Dear') || t.includes('Wife'))).toBe(false);
    expect(texts).toContain('Mary');
  });

  it.each(BOTH)('an occupation the gazetteer lists stays one; a card, a router and senior staff are none (%s)', async (which) => {
    const text = 'The doctor paid with a Visa card. The router failed, said senior staff. He played as a forward.';
    const dem = (await found(recognizerNamed(which), text)).filter((f) => f.type === 'DEM').map((f) => f.text);
    // "forward" is a sports position the biographies mark; TAB's annotators do not (the default conventions drop it).
    const biographies = await createRecognizer({ layers: ['rules', 'gazetteers'], conventions: 'none' });
    expect((await biographies.recognize({ id: 'd', text })).map((m) => text.slice(m.start, m.end))).toContain('forward');
    expect(dem).toContain('doctor');
    for (const word of ['card', 'router', 'senior']) expect(dem, word).not.toContain(word);
  });

  it.each(BOTH)('a given name alone in the closing is the sender named in full: one entity, one substitute (%s)', async (which) => {
    const text = 'From: Margaret Hughes <m.hughes@example.com>\n\nHi Tom,\nI am ill today.\n\nThanks,\nMargaret';
    const names = (await found(recognizerNamed(which), text)).filter((f) => f.text.startsWith('Margaret') && f.type === 'PERSON');
    expect(names.map((f) => f.text)).toEqual(['Margaret Hughes', 'Margaret']);
    expect(new Set(names.map((f) => f.entityId)).size).toBe(1);
  });
});

describe('phone numbers and ids are whole CODE spans', () => {
  const cases: [string, string, string][] = [
    ['Call me on 555-123-4567 tomorrow.', '555-123-4567', 'PHONE'],
    ['SSN: 123-45-6789', '123-45-6789', 'NATIONAL_ID'],
    ['Mobile +44 7700 900123 after six.', '+44 7700 900123', 'PHONE'],
    ['The office is on 020 7946 0958.', '020 7946 0958', 'PHONE'],
    ['NHS number 943 476 5919 on file.', '943 476 5919', 'NATIONAL_ID'],
    ['NINO QQ 12 34 56 C.', 'QQ 12 34 56 C', 'NATIONAL_ID'],
    ['Invoice 2023-0417 is overdue.', '2023-0417', 'CASE_NUMBER'],
    ['Pay to IBAN GB29 NWBK 6016 1331 9268 19 today.', 'GB29 NWBK 6016 1331 9268 19', 'IBAN'],
    ['BIC NWBKGB2L, branch London.', 'NWBKGB2L', 'BIC'],
    ['Card 4111 1111 1111 1111 expires.', '4111 1111 1111 1111', 'CARD'],
  ];
  it.each(BOTH)('finds each as one CODE mention of its subtype (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    for (const [text, value, subtype] of cases) {
      const mentions = await found(recognizer, text);
      expect(mentions, text).toContainEqual(expect.objectContaining({ text: value, type: 'CODE', subtype }));
      // No QUANTITY or CODE fragment of the number, no ORG or QUANTITY for the IBAN or BIC.
      expect(mentions.filter((m) => m.text !== value && value.includes(m.text)), text).toEqual([]);
      expect(mentions.filter((m) => m.text === value && m.type !== 'CODE'), text).toEqual([]);
    }
  });

  it('keeps checksums: a wrong NHS check digit, an invalid SSN area, a failed IBAN are not ids', async () => {
    for (const text of ['NHS number 943 476 5918', 'SSN: 666-45-6789', 'IBAN GB29 NWBK 6016 1331 9268 18']) {
      const mentions = await found(rulesOnly, text);
      expect(mentions.filter((m) => m.subtype === 'NATIONAL_ID' || m.subtype === 'IBAN'), text).toEqual([]);
    }
  });
});

describe('places and institutions', () => {
  it.each(BOTH)('"Kharkiv" is a city, not a PERSON (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    const mentions = await found(recognizer, 'She moved to Kharkiv in 2014.');
    expect(mentions).toContainEqual(expect.objectContaining({ text: 'Kharkiv', type: 'LOC', subtype: 'CITY' }));
    expect(mentions.filter((m) => m.type === 'PERSON')).toEqual([]);
  });

  it.each(BOTH)('"European Court of Human Rights" is one ORG (%s)', async (which) => {
    const recognizer = recognizerNamed(which);
    const text = 'He applied to the European Court of Human Rights in 2001.';
    const mentions = await found(recognizer, text);
    const inside = mentions.filter((m) => text.indexOf(m.text) >= text.indexOf('European') && text.indexOf(m.text) < text.indexOf(' in 2001'));
    expect(inside.map((m) => [m.text, m.type])).toEqual([['European Court of Human Rights', 'ORG']]);
  });
});
