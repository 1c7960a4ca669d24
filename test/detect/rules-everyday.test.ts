/** The rules added for everyday text (issue 13): validators, ids, addresses, job titles, firms. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES, applyRule, createRuleLayer, nhsValid, ssnValid } from '../../src/detect/rules/index.ts';

const ruleNamed = (name: string) => {
  const rule = ALL_RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
};
const found = (name: string, text: string): string[] => applyRule(ruleNamed(name), text).map((m) => text.slice(m.start, m.end));

describe('checksums and ranges', () => {
  it('NHS numbers carry a mod-11 check digit; 10 is never one', () => {
    expect(nhsValid('943 476 5919')).toBe(true);
    expect(nhsValid('9434765919')).toBe(true);
    expect(nhsValid('943 476 5918')).toBe(false);
    expect(nhsValid('943 476 591')).toBe(false);
    // Weighted sum 6 × 2 = 12 ≡ 1 (mod 11) → check digit 10: no valid number starts with these nine digits.
    expect(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].some((d) => nhsValid(`000000006${d}`))).toBe(false);
  });
  it('SSNs exclude area 000, 666 and 9xx, group 00 and serial 0000', () => {
    expect(ssnValid('123-45-6789')).toBe(true);
    for (const bad of ['000-45-6789', '666-45-6789', '912-45-6789', '123-00-6789', '123-45-0000']) expect(ssnValid(bad), bad).toBe(false);
  });
});

describe('ids and phones', () => {
  it('finds national phone formats whole, not numbers inside other codes', () => {
    expect(found('phone-us', 'call (555) 123-4567 or 555.123.4567')).toEqual(['(555) 123-4567', '555.123.4567']);
    expect(found('phone-us', 'ref 2023-555-123-4567x')).toEqual([]);
    expect(found('phone-uk', 'on 020 7946 0958 and 07700 900123')).toEqual(['020 7946 0958', '07700 900123']);
    expect(found('phone-national', 'appelez le 01 23 45 67 89, Tel 030 92423670')).toEqual(['01 23 45 67 89', '030 92423670']);
    expect(found('phone', 'Mobile +44 7700 900123 now')).toEqual(['+44 7700 900123']);
  });
  it('finds NINOs, BICs and references after a cue word', () => {
    expect(found('uk-nino', 'NI QQ 12 34 56 C and AB123456D, not GB123456A')).toEqual(['QQ 12 34 56 C', 'AB123456D']);
    expect(found('bic', 'BIC NWBKGB2L and SWIFT DEUTDEFF.\nThe word BUSINESS is no BIC')).toEqual(['NWBKGB2L', 'DEUTDEFF']);
    expect(found('bic', 'a BUSINESS PARTNERS meeting')).toEqual([]);
    expect(found('reference-after-cue', 'Invoice 2023-0417, Ticket #151595, order no. A-99812, invoice for 3 items')).toEqual(['2023-0417', '151595', 'A-99812']);
    expect(applyRule(ruleNamed('reference-after-cue'), 'Passport no. 123456789').map((m) => m.subtype)).toEqual(['PASSPORT']);
  });

  it('finds VAT numbers after their label, with the country prefix, whole', () => {
    expect(found('vat-number', 'Our VAT number is GB 123 4567 89 THE END. VAT reg. no. DE123456789; VAT: FR40303265045.')).toEqual(['GB 123 4567 89', 'DE123456789', 'FR40303265045']);
    expect(found('vat-number', 'the VAT rate is 20 per cent; VAT of GB 5 was paid; VAT GB 1234')).toEqual([]);
  });

  it('finds a firm\'s registration number after its label, not a number after "company" alone', () => {
    expect(found('company-number', 'Company no. 09876543 is registered. Registered number: 01234567; Company Registration No. SC123456')).toEqual(['09876543', '01234567', 'SC123456']);
    expect(found('company-number', 'the company 2019 results; company no. 12345; registration number 123456789')).toEqual([]);
  });

  it('finds a sort code after its label, its pairs split alike', () => {
    expect(found('sort-code', 'sort code 20-00-00, Sort Code: 40 47 84')).toEqual(['20-00-00', '40 47 84']);
    expect(found('sort-code', 'sort code 20-00 00, sorted code 12-34-56, sort code 20-00-001')).toEqual([]);
  });

  it('an organisation after a person\'s title starts after the person\'s name', () => {
    expect(found('org-head', 'Our surveyor, Mr. Tobias Lund of Lund & Partners, came; the Bank of England')).toEqual(['Lund & Partners', 'Bank of England']);
  });

  it('finds a handle as chats write it, not the @ of an e-mail or a word after an @', () => {
    expect(found('social-handle', 'hey @maria_g! follow @JohnDoe, and @jdoe88. cc @sarah-lee')).toEqual(['@maria_g', '@JohnDoe', '@jdoe88', '@sarah-lee']);
    expect(found('social-handle', 'mail a.b@x.com, meet @ 5pm, work @home today')).toEqual([]);
  });

  it('finds flight numbers after "flight", not a count or a word after it', () => {
    expect(found('flight-number', 'Flight BA 2490, flight no. U2 8317, on flight LH400.')).toEqual(['BA 2490', 'U2 8317', 'LH400']);
    expect(found('flight-number', 'The flight 2 hours late, a flight of stairs, Flight AB, flight BA24901')).toEqual([]);
  });

  it('finds MAC addresses in their three notations, not times, IPv6 addresses or mixed separators', () => {
    expect(found('mac-address', 'MAC 00:1A:2B:3C:4D:5E, mac 00-1a-2b-3c-4d-5e or 001a.2b3c.4d5e.')).toEqual(['00:1A:2B:3C:4D:5E', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e']);
    expect(found('mac-address', 'At 10:30:00, fe80::1a2b:3c4d, 00:1A-2B:3C:4D:5E, 00:1A:2B:3C:4D:5E:6F and 00:00:00:00:00:00.')).toEqual([]);
    expect(applyRule(ruleNamed('mac-address'), '00:1A:2B:3C:4D:5E').map((m) => m.subtype)).toEqual(['DEVICE_ID']);
  });

  it('finds a device\'s number after its label: an IMEI, a serial number, "S/N"', () => {
    const text = 'IMEI: 490154203237518. Serial number: C02XG0FDH7JY. S/N 4CE0460D0G. laptop (serial 5CG1234XYZ). A serial killer; Device ID is missing.';
    expect(found('device-id-after-cue', text)).toEqual(['490154203237518', 'C02XG0FDH7JY', '4CE0460D0G', '5CG1234XYZ']);
  });

  it('finds a vehicle\'s plate or VIN after its label, not a count or a year; a court file reference never runs over a line or into a date', () => {
    const text = 'VIN 2HGFC2F59KH542891, plate IL ABC 1234. Ohio plate HJK 4471. Reg. no. AB12 CDE; licence plate: W-12345; registration number T61 TBX.';
    expect(found('vehicle-after-cue', text)).toEqual(['2HGFC2F59KH542891', 'IL ABC 1234', 'HJK 4471', 'AB12 CDE', 'W-12345', 'T61 TBX']);
    expect(found('vehicle-after-cue', 'The plate was broken; plate 2 of 3; registration 2019.')).toEqual([]);
    expect(found('file-reference', 'plate ABC 1234\nOn 10/03/2025, and On 10/03/2025 again; no. 2 K 21/01')).toEqual(['2 K 21/01']);
  });

  it('finds the user in a home folder\'s path and an identifier in a log\'s field, not a system account or an empty value', () => {
    expect(found('home-folder-user', 'see /home/akhalil/.ssh/config, C:\\Users\\jsmith\\Documents, /Users/jdoe/Desktop, /home/ubuntu/app, /Users/Public/x, go home/ now')).toEqual(['akhalil', 'jsmith', 'jdoe']);
    expect(found('id-field', 'user_id=88213 {"userId": 5521, "uid":1002} customer-id: AC-7731 user_id=null session_id=true')).toEqual(['88213', '5521', '1002', 'AC-7731']);
  });

  it('a driving licence after its label is a national id; a licence plate\'s letters may open a reference', () => {
    const text = "Driver's License: D1234-5678-9012. Driving licence no. MORGA753116SM9IJ. Software license ABC-1234-XYZ9.";
    expect(applyRule(ruleNamed('reference-after-cue'), text).map((m) => [text.slice(m.start, m.end), m.subtype])).toEqual([
      ['D1234-5678-9012', 'NATIONAL_ID'],
      ['MORGA753116SM9IJ', 'NATIONAL_ID'],
      ['ABC-1234-XYZ9', 'CASE_NUMBER'],
    ]);
  });

  it('finds user names after their label; after a bare "user" only one no word is written like', () => {
    const text = 'Username: jsmith. login = j_smith99 failed. User john.doe reported it. Handle: @jdoe_88';
    expect(found('username-after-cue', text)).toEqual(['jsmith', 'j_smith99', 'john.doe', '@jdoe_88']);
    expect(applyRule(ruleNamed('username-after-cue'), text).every((m) => m.subtype === 'USERNAME')).toBe(true);
    // Words, an e-mail (the e-mail rule's) and an everyday word after a label are none.
    expect(found('username-after-cue', 'User reported the login page is slow; the user name field; user john.doe@example.com; Username: admin')).toEqual([]);
  });
});

describe('addresses, towns, job titles and firms', () => {
  it('finds house-number addresses in English, German and French forms', () => {
    expect(found('house-address', 'at 221B Baker Street and 8327 Hand Pass')).toEqual(['221B Baker Street', '8327 Hand Pass']);
    expect(found('house-address', 'au 12 rue de la Paix, 1711 Rue du Faubourg-Saint-Denis')).toEqual(['12 rue de la Paix', '1711 Rue du Faubourg-Saint-Denis']);
    expect(found('street', 'Hans-Schlehahn-Str. 13b und Feuerbachstr. 33')).toEqual(['Hans-Schlehahn-Str. 13b', 'Feuerbachstr. 33']);
    expect(found('street', 'in Spring and Behring')).toEqual([]);
    // British street words, and the USPS ones faker's American addresses use; a year before a bank is no address.
    expect(found('house-address', '28 Hayes Copse, 743 Leannon Brae, 3 Ludie Fold, 9538 Pfannerstill Rapid and 915 Nicolas Mission')).toEqual(['28 Hayes Copse', '743 Leannon Brae', '3 Ludie Fold', '9538 Pfannerstill Rapid', '915 Nicolas Mission']);
    expect(found('house-address', 'In 1998 Ziraat Bank paid; in 2001 Holly Wood sang.')).toEqual([]);
    // A street word alone after a number names no street: a year and a surname, a section and a law's title, a postcode and a town.
    expect(found('house-address', 'In 1976, Ford won; section 1, Road Traffic Act; 44939 Fort-de-France; in 2009 Ford')).toEqual([]);
    // A French street word with its particle and name, though "Boulevard" and "Place" are street words alone too;
    // a numbered street and a quadrant after the street word.
    expect(found('house-address', 'au 86 Boulevard des Lombards et 28 Place de la Huchette, 605 Place Marcadet')).toEqual(['86 Boulevard des Lombards', '28 Place de la Huchette', '605 Place Marcadet']);
    expect(found('house-address', 'at 350 5th Avenue, 3626 S 5th Street and 1600 Pennsylvania Avenue NW, Washington')).toEqual(['350 5th Avenue', '3626 S 5th Street', '1600 Pennsylvania Avenue NW']);
  });
  it('finds street names that open with their street word and end with the house number (Spanish, Italian, Portuguese, German)', () => {
    expect(found('street-word-first', 'Calle de Alcalá 45, Via Roma 12, Rua Augusta 100, Avenida de la Constitución 3 und An der Dingbank 94c')).toEqual([
      'Calle de Alcalá 45',
      'Via Roma 12',
      'Rua Augusta 100',
      'Avenida de la Constitución 3',
      'An der Dingbank 94c',
    ]);
    // German capitalises every noun: "Am Montag 5" and "Im Jahr 1998" are no streets; nor is "via" in a sentence.
    expect(found('street-word-first', 'Am Montag 5 Leute. Im Jahr 1998 via Zoom 3 times.')).toEqual([]);
  });
  it('a firm\'s legal form written with full stops ends its name; a role before "of" and a unit is a job title', () => {
    expect(found('org-head', 'Acme Iberia S.L., Philips N.V., PZU S.A. and Global A.Ş. signed')).toEqual(['Acme Iberia S.L.', 'Philips N.V.', 'PZU S.A.', 'Global A.Ş.']);
    // Initials alone stay a person's (TAB's applicants are named so: "S.L. v. Spain").
    expect(found('person-initials', 'The applicant, S.L., complained.')).toEqual(['S.L']);
    expect(found('job-title-of', 'Lucía Fernández, Head of Operations; Vice President of Sales and Marketing')).toEqual(['Head of Operations', 'Vice President of Sales and Marketing']);
    // With "the", TAB marks the role and the organisation apart ("Director" + "Public Health Laboratory").
    expect(found('job-title-of', 'the Director of the Public Health Laboratory')).toEqual([]);
  });
  it('counts nothing where a number after "type" or "stage" names a kind', () => {
    expect(found('count-phrase', 'type 2 diabetes, stage 3 cancers, class 2 devices and 3 children')).toEqual(['3 children']);
  });
  it('counts nothing with a word that ends in "s" and is no plural', () => {
    expect(found('count-phrase', 'due 31/12 this year, 3 plus tax, his 2 sons')).toEqual(['2 sons']);
  });
  it('finds postcodes and the town beside them', () => {
    const text = 'Lake Carterfield, 90664\n09664 Bourges\nLittle Wiegand Court\nHX7 0QS';
    expect(found('postcode', text)).toEqual(['90664', '09664', 'HX7 0QS']);
    expect(found('city-by-postcode', text)).toEqual(['Lake Carterfield', 'Bourges', 'Little Wiegand Court']);
    expect(found('postcode', 'paid 12345 euros, 12345 apples')).toEqual([]);
  });
  it('reads a US address whole: the street word abbreviated, a flat after the street, the state and a ZIP code in a sentence', () => {
    const text = 'His address is 4821 Willow Creek Dr, Apt 3B, Austin, TX 78731. Send it to 12 Oak Blvd., Suite 200 or 5 Main Street, Unit 4.';
    expect(found('house-address', text)).toEqual(['4821 Willow Creek Dr, Apt 3B', '12 Oak Blvd., Suite 200', '5 Main Street, Unit 4']);
    expect(found('postcode', text)).toEqual(['78731']);
    expect(found('us-state', text)).toEqual(['TX']);
    // An abbreviation alone after a number is no street ("Dr." opens a name), nor are two capitals before a number a state.
    expect(found('house-address', 'In 1995 Dr. Smith came; in 2001 Dr Who aired.')).toEqual([]);
    expect(found('us-state', 'the EU 12345 rule, TX 123456, IN 2020')).toEqual([]);
  });
  it('finds job titles of two or more words and firms named by a spaced hyphen', () => {
    expect(found('job-title', "Margaret O'Donnell\nSenior Accountant, Product Research Supervisor")).toEqual(['Senior Accountant', 'Product Research Supervisor']);
    expect(found('job-title', 'Manager said so. The Director left.')).toEqual([]);
    expect(found('org-partners', 'paid Kuvalis - Turner; the Ankara – Istanbul road')).toEqual(['Kuvalis - Turner']);
  });
  it('a span two rules mark alike goes to the surer one: a postcode is not a cardinal', () => {
    const text = 'North Buckburgh, 02672\n';
    const mentions = createRuleLayer().detect({ id: 'd', text }) as { start: number; end: number; entityType: string }[];
    expect(mentions.filter((m) => text.slice(m.start, m.end) === '02672').map((m) => m.entityType)).toEqual(['LOC']);
  });
});

describe('dates and card digits as e-mails and calendars write them', () => {
  const typed = (text: string): string[] =>
    (createRuleLayer().detect({ id: 'd', text }) as { start: number; end: number; entityType: string }[]).map((m) => `${m.entityType} ${text.slice(m.start, m.end)}`);
  it('finds a weekday cut short before a date, and months cut short without their dot', () => {
    expect(found('weekday', 'Sent: Thu, 12 Sep 2024 08:15; see you Tue 4 March or Fri. Mar 7, on Monday.')).toEqual(['Thu', 'Tue', 'Fri.', 'Monday']);
    // Alone, or before anything but a date, they are words and names: "Sun", "Sat", "Wed".
    expect(found('weekday', 'The Sun 4 times; Sat 2 exams; Wed to Mary in 1990')).toEqual([]);
    expect(found('date-month-name', 'Mon, 3 Mar 2025, Dec 5 and Jan 5, 2024')).toEqual(['3 Mar 2025', 'Dec 5', 'Jan 5, 2024']);
    expect(found('date-month-name', 'Jan Kowalski met Mar Rodríguez')).toEqual([]);
  });
  it('finds a day of the month by its ordinal after a preposition, not a floor or a century', () => {
    expect(found('day-ordinal', 'Please pay by the 15th. On the 3rd, we left; from the 1st until the 15th of this month.')).toEqual(['15th', '3rd', '1st', '15th']);
    expect(found('day-ordinal', 'on the 15th floor, from the 16th to the late 19th century')).toEqual([]);
    // A preposition after the day ("on the 5th with my wife", "from the 2nd for a week"), not a noun.
    expect(found('day-ordinal', "I'm flying on the 5th with my wife, back from the 2nd for a week; by the 3rd wave")).toEqual(['5th', '2nd']);
    expect(typed('Please pay by the 15th.')).toEqual(['DATETIME 15th']);
  });
  it('finds the last digits of a card or an account, not of a year', () => {
    expect(found('card-last-digits', 'Your Visa card ending 4421 was charged; account ending in 0199; the last four digits 7712 of your card')).toEqual(['4421', '0199', '7712']);
    expect(found('card-last-digits', 'the year ending 2019, the last four digits 1234')).toEqual([]);
    expect(typed('card ending 4421')).toEqual(['CODE 4421']);
  });
});
