import { describe, expect, it } from 'vitest';
import { ALL_RULES, applyRule, createRuleLayer, ibanValid, luhnValid, ipv4Valid, dateValid } from '../../src/detect/rules/index.ts';

const ruleNamed = (name: string) => {
  const rule = ALL_RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
};

/** Surface forms a rule finds in a text. */
const found = (name: string, text: string): string[] => applyRule(ruleNamed(name), text).map((m) => text.slice(m.start, m.end));

describe('validators', () => {
  it('checks Luhn, IBAN mod-97, IPv4 ranges and calendar dates', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid('4111 1111 1111 1112')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(ipv4Valid('192.168.1.20')).toBe(true);
    expect(ipv4Valid('192.168.1.256')).toBe(false);
    expect(dateValid(29, 2, 2004)).toBe(true);
    expect(dateValid(29, 2, 2003)).toBe(false);
  });
});

describe('CODE rules', () => {
  it('finds application and file numbers, not fractions or dates', () => {
    expect(found('application-number', 'application no. 36110/97 lodged')).toEqual(['36110/97']);
    expect(found('application-number', 'file no. 1996/302 and 5/48 of the votes on 12/05/1999')).toEqual(['1996/302']);
  });
  it('finds e-mail, URL and valid IP addresses only', () => {
    expect(found('email', 'write to jan.kowalski@example.pl today')).toEqual(['jan.kowalski@example.pl']);
    expect(found('email', 'the @ sign alone')).toEqual([]);
    expect(found('url', 'see https://example.org/a?b=1. Then')).toEqual(['https://example.org/a?b=1']);
    expect(found('ipv4', 'from 10.0.0.12 and 300.1.1.1')).toEqual(['10.0.0.12']);
    // One that ends a sentence; not the first four parts of a longer dotted number.
    expect(found('ipv4', 'It came from 10.0.0.1. Version 1.2.3.4.5 and 8.8.8.8, then 1.1.1.1')).toEqual(['10.0.0.1', '8.8.8.8', '1.1.1.1']);
  });
  it('keeps IBANs and card numbers only when their checksums hold', () => {
    expect(found('iban', 'IBAN GB82 WEST 1234 5698 7654 32.')).toEqual(['GB82 WEST 1234 5698 7654 32']);
    expect(found('iban', 'IBAN GB82 WEST 1234 5698 7654 33.')).toEqual([]);
    expect(found('payment-card', 'card 4111 1111 1111 1111 expired')).toEqual(['4111 1111 1111 1111']);
    expect(found('payment-card', 'card 4111 1111 1111 1112 expired')).toEqual([]);
  });
  it('finds phone numbers with a country code or a cue, not bare short numbers', () => {
    expect(found('phone', 'call +48 22 123 45 67 now')).toEqual(['+48 22 123 45 67']);
    expect(found('phone-after-cue', 'Tel.: 022 123 4567')).toEqual(['022 123 4567']);
    expect(found('phone', 'paragraph 12 34')).toEqual([]);
  });
  it('finds plates, passport-like ids and numbers after a cue word', () => {
    expect(found('licence-plate', 'a car registered AB12 CDE was')).toEqual(['AB12 CDE']);
    expect(found('id-number', 'passport AB1234567 issued')).toEqual(['AB1234567']);
    expect(found('id-number', 'ABC12 is short')).toEqual([]);
    expect(found('number-after-cue', 'under case no. K 12/05 the court')).toEqual(['K 12/05']);
  });
});

describe('DATETIME rules', () => {
  it('finds full and partial dates in TAB and Wikipedia styles', () => {
    expect(found('date-month-name', 'On 1 December 2005 and on March 3, 1999, in July 1995')).toEqual(['1 December 2005', 'March 3, 1999', 'July 1995']);
    expect(found('date-month-name', 'the court may decide in March')).toEqual([]);
    expect(found('date-numeric', 'on 12.05.1999 and 31/02/1999')).toEqual(['12.05.1999']);
    expect(found('date-iso', 'logged 2004-02-29')).toEqual(['2004-02-29']);
  });
  it('finds years but not article numbers or amounts', () => {
    expect(found('year', 'born in 1962, he moved in 2001.')).toEqual(['1962', '2001']);
    expect(found('year', 'Article 1998 and 1,998 and no. 2001 and 2000 euros')).toEqual([]);
  });
  it('finds periods, decades, centuries, durations and times', () => {
    expect(found('year-range', 'between 1982 and 1984; 1990-1994')).toEqual(['between 1982 and 1984', '1990-1994']);
    // The "from" of a range is nobody's mark (TAB's and the biographies' training annotations).
    expect(found('year-range', 'He played from 1990 to 1996.')).toEqual(['1990 to 1996']);
    // Two years, not a year and the day of the next date.
    expect(found('year-range', 'Consort Xiang (9 February 1808 – 15 February 1861); 1982–84 season')).toEqual(['1982–84']);
    expect(found('decade', 'in the 1990s and the early 1970s')).toEqual(['1990s', 'early 1970s']);
    expect(found('century', 'the 20th century')).toEqual(['the 20th century']);
    expect(found('duration', 'sentenced to five years and a 60-day period, two-month')).toEqual(['five years', '60-day', 'two-month']);
    expect(found('duration', 'the yearly report')).toEqual([]);
    expect(found('time-of-day', 'at 10.30 a.m. and at 9 p.m.')).toEqual(['10.30 a.m.', '9 p.m.']);
    // A time that ends a sentence, or a range; not a date or a version number.
    expect(found('time-of-day', 'Call me at 14:30. Open 09:00-17:00. Back at 9:15 am. Or 9.15 a.m.')).toEqual(['14:30', '09:00', '17:00', '9:15 am', '9.15 a.m.']);
    expect(found('time-of-day', 'on 12.05.1999, version 10.30.2')).toEqual([]);
    // In capitals, as e-mail headers write them; not a word that begins with them.
    expect(found('time-of-day', 'Date: Mon, Oct 7, 2024 9:14 AM; at 10 PM or 7 A.M.; an AMD 9 AMx')).toEqual(['9:14 AM', '10 PM', '7 A.M.']);
  });
  it('finds fiscal years, quarters and halves with their year, not a quarter alone or inside a word', () => {
    expect(found('fiscal-period', 'Revenue in FY2022 grew; FY 2021/22, FY23, Q3 2023 and H1-2024.')).toEqual(['FY2022', 'FY 2021/22', 'FY23', 'Q3 2023', 'H1-2024']);
    expect(found('fiscal-period', 'The Q3 report, Q32023x and HQ2023.')).toEqual([]);
  });
  it('finds a day and month without a year only where their order is plain, alone', () => {
    expect(found('date-day-month', 'The deadline is 31/12 this year; due 12/31.')).toEqual(['31/12', '12/31']);
    // Fractions, a schedule, odds, a list of plot numbers, a reference after a number sign or a slash.
    expect(found('date-day-month', 'half is 1/2, open 24/7, split 50/50; plots nos. 22, 22/1, 22/2 and 22/4; see no. 14/3; sheet/plan 11/14')).toEqual([]);
  });
});

describe('QUANTITY rules', () => {
  it('finds money with codes, symbols and currency names', () => {
    expect(found('money-prefix', 'awarded EUR 4,000 and $145 million')).toEqual(['EUR 4,000', '$145 million']);
    expect(found('money-suffix', 'paid 350,000 Polish zlotys (PLN) and 80 DEM')).toEqual(['350,000 Polish zlotys (PLN)', '80 DEM']);
    expect(found('money-prefix', 'the EUR exchange rate')).toEqual([]);
  });
  it('finds percentages, measures, ages and counts', () => {
    expect(found('percentage', 'a 40% disability, 81.7 per cent')).toEqual(['40%', '81.7 per cent']);
    expect(found('measure', 'driving at 26 km/h with 800 litres')).toEqual(['26 km/h', '800 litres']);
    expect(found('age', 'a 45-year-old man, aged 30')).toEqual(['45-year-old', 'aged 30']);
    // "at the" is no part of an age, in TAB or the biographies.
    expect(found('age', 'He died at the age of 74; at the age of nine he moved')).toEqual(['age of 74', 'age of nine']);
    // As clinical notes write them.
    expect(found('age', 'a 54 y/o male, a 7 y.o. girl, 80 yrs old, a 33-yr-old; not 54 y/ox, nor 45y/o glued (no word, so no cue, starts at its y)')).toEqual(['54 y/o', '7 y.o.', '80 yrs old', '33-yr-old']);
    expect(found('count-phrase', 'three counts of robbery')).toEqual(['three counts']);
    expect(found('cardinal', 'scored 17 goals in Article 6 § 1')).toEqual(['17']);
  });
});

describe('PERSON / ORG / LOC cues', () => {
  it('finds titled names, initials and organisation names', () => {
    expect(found('person-title', 'Mr J. Wołąsiewicz, of the Ministry')).toEqual(['Mr J. Wołąsiewicz']);
    expect(found('person-title', 'Mrs Myra Xenides-Arestis said')).toEqual(['Mrs Myra Xenides-Arestis']);
    // Only an abbreviated title takes a full stop: a sentence ends after "President".
    expect(found('person-title', 'He was elected President. In 1980 Dr. Jan Kowalski and Gen. Smith came')).toEqual(['Dr. Jan Kowalski', 'Gen. Smith']);
    // Initials end the name where a sentence opens after them; a surname after them is kept.
    expect(found('person-title', 'by Mr F.L. At the end of the meeting Mr J.S. Further said')).toEqual(['Mr F.L.', 'Mr J.S.']);
    expect(found('person-title', 'Mr Z.M. Necatigil and Mr K.H. Christoph')).toEqual(['Mr Z.M. Necatigil', 'Mr K.H. Christoph']);
    expect(found('person-initials', 'H. Winkler and I. THE FACTS')).toEqual(['H. Winkler']);
    // A lettered heading on a line of its own is no person; an initial opening a sentence is.
    expect(found('person-initials', 'THE FACTS\nA. Criminal proceedings\nH. Winkler was arrested.\nB. Trial and appeal\n')).toEqual(['H. Winkler']);
    // A name alone on its line (a signature) stays a name.
    expect(found('person-initials', 'For the Court\nS. Dollé\nRegistrar')).toEqual(['S. Dollé']);
    // A firm named after its founder's initials and surname is one organisation.
    expect(found('firm-initials', 'president of S. C. Johnson & Son, then of J. Lyons & Co. and Mr Smith & Son')).toEqual(['S. C. Johnson & Son', 'J. Lyons & Co.']);
    expect(found('org-head', 'the Istanbul State Security Court and the Ministry of Foreign Affairs')).toEqual([
      'Istanbul State Security Court',
      'Ministry of Foreign Affairs',
    ]);
    expect(found('org-head', 'the Court held')).toEqual([]);
    // French, German, Italian and Dutch legal forms close a firm's name.
    expect(found('org-head', 'paid Louis SNC, Martin SEM, Rossi Srl; then Bakker BV')).toEqual(['Louis SNC', 'Martin SEM', 'Rossi Srl', 'Bakker BV']);
    expect(found('loc-cue', 'in the municipality of Härjedalen')).toEqual(['municipality of Härjedalen']);
  });
  it('finds acronyms outside headings and cleans capitalized sequences', () => {
    expect(found('acronym', 'a member of the PKK was')).toEqual(['PKK']);
    expect(found('acronym', 'I. THE FACTS')).toEqual([]);
    expect(found('capitalized-sequence', 'The applicant met Johanna Hageman. However, Ford left.')).toEqual(['Johanna Hageman', 'Ford']);
    expect(found('capitalized-sequence', 'Article 6 of the Convention')).toEqual([]);
    // A capital glued to a number is a code's, not a name's: "Q3", "P1-1", "Room B12".
    expect(found('capitalized-sequence', 'Send the Q3 report (art. 14+P1-1) from Room B12 to Tom Becker.')).toEqual(['Tom Becker']);
    // A run longer than the cleaning's word buffers start with (32 words) is read whole, its last word trimmed as before.
    const names = Array.from({ length: 80 }, (_, i) => `Name${String.fromCharCode(97 + (i % 26))}x`);
    expect(found('capitalized-sequence', `He met ${names.join(' ')} With there.`)).toEqual([names.join(' ')]);
  });
  it('splits two names a capitalized run joins with "and", but not a firm or a body with another connector', () => {
    expect(found('capitalized-sequence', 'The film was shot in Bhuj and Mumbai, near Abkhazia and South Ossetia.')).toEqual(['Bhuj', 'Mumbai', 'Abkhazia', 'South Ossetia']);
    expect(found('capitalized-sequence', 'He later met Makino and Sugimoto.')).toEqual(['Makino', 'Sugimoto']);
    // A firm's head noun at the end, the last two of a list of surnames, another connector, two "and"s: one run.
    expect(found('capitalized-sequence', 'He joined Hammes and Sons, then Brakus, Senger and Olson.')).toEqual(['Hammes and Sons', 'Brakus', 'Senger and Olson']);
    // Names of two words or more on both sides are two, in a list or before a head noun.
    expect(found('capitalized-sequence', 'They traded Bill Lee, Ken Holtzman and Grant Jackson. He played for Leicester City and Sheffield United.')).toEqual(
      expect.arrayContaining(['Ken Holtzman', 'Grant Jackson', 'Leicester City', 'Sheffield United']),
    );
    expect(found('capitalized-sequence', 'He wrote to the Ministry of Labour and Social Affairs.')).toEqual(['Ministry of Labour and Social Affairs']);
    expect(found('capitalized-sequence', 'She sang with Crosby and Stills and Nash.')).toEqual(['Crosby and Stills and Nash']);
    // A day or month after "on" is the date rules' ("released by TriStar Pictures on March 22" kept "TriStar Pictures on" once the date cut it).
    expect(found('capitalized-sequence', 'It was released by TriStar Pictures on March 22 and aired on Channel Four on Monday.')).toEqual(['TriStar Pictures', 'Channel Four']);
    expect(found('org-head', 'Call Acme Bank on Monday or the Council on Foreign Relations.')).toEqual(['Call Acme Bank', 'Council on Foreign Relations']);
    expect(found('capitalized-sequence', 'He was a veteran of the Irish and European fights, born in Cork and Dublin in 1950.')).toEqual(['Irish and European', 'Cork', 'Dublin']);
  });
  it('the rule layer reports rule names and types', () => {
    const layer = createRuleLayer({ exclude: ['capitalized-sequence', 'cardinal'] });
    const mentions = layer.detect({ id: 'd', text: 'On 1 December 2005 Mr Jan Kowalski paid EUR 4,000.' });
    expect(Array.isArray(mentions) && mentions.map((m) => [m.entityType, m.source])).toEqual(
      expect.arrayContaining([
        ['DATETIME', 'rules:date-month-name'],
        ['PERSON', 'rules:person-title'],
        ['QUANTITY', 'rules:money-prefix'],
      ]),
    );
  });
});
