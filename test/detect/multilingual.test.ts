import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refineMentions, resolveMentions, type DetectedMention } from '../../src/detect/index.ts';
import { createGazetteerLayer } from '../../src/detect/gazetteer/index.ts';
import { detectLanguage, type Language, type LanguageSetting } from '../../src/detect/language.ts';
import { ALL_RULES, createRuleLayer } from '../../src/detect/rules/index.ts';
import { LANGUAGE_RULES, RULE_FAMILIES, bsnValid, dniValid, nieValid, nirValid, peselValid, steuerIdValid } from '../../src/detect/rules/languages/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { parsePipelineConfig } from '../../src/pipeline/config.ts';

/** The rule and gazetteer layers in a language, refined and merged as the recognizer does. */
function recognize(text: string, language: LanguageSetting): { type: string; subtype?: string; text: string }[] {
  const doc = { id: 'd', text };
  const raw = [...(createRuleLayer({ language }).detect(doc) as DetectedMention[]), ...(createGazetteerLayer({ language }).detect(doc) as DetectedMention[])];
  return resolveMentions(doc, refineMentions(text, raw)).map((m) => ({ type: m.entityType, ...(m.subtype ? { subtype: m.subtype } : {}), text: text.slice(m.start, m.end) }));
}

const surfaces = (found: { type: string; text: string }[], type: string): string[] => found.filter((m) => m.type === type).map((m) => m.text);

describe('rules per language, on real sentences', () => {
  it('German: "Sehr geehrte Frau Müller" names Frau Müller; dates, money, phones, Steuer-ID; nouns are no names', () => {
    const text =
      'Sehr geehrte Frau Müller,\nam 3. März 2021 haben wir Ihre Zahlung von 1.234,56 € erhalten. Rufen Sie uns an: +49 30 1234567 oder 030 1234567.\n' +
      'Ihre Steuer-ID 86095742719 ist gespeichert. Am Montag kam Herr Dr. Hans Meier aus Deutschland. Die Rechnung liegt bei.';
    const found = recognize(text, 'de');
    expect(surfaces(found, 'PERSON')).toEqual(['Frau Müller', 'Herr Dr. Hans Meier']);
    expect(surfaces(found, 'DATETIME')).toEqual(['3. März 2021', 'Montag']);
    expect(surfaces(found, 'QUANTITY')).toEqual(['1.234,56 €']);
    expect(surfaces(found, 'CODE')).toEqual(['+49 30 1234567', '030 1234567', '86095742719']);
    expect(found.find((m) => m.text === '86095742719')?.subtype).toBe('NATIONAL_ID');
    expect(surfaces(found, 'LOC')).toEqual(['Deutschland']);
    // In English the capitalized-word rule takes "Sehr" and German nouns as names (of organisations: no given name).
    expect(recognize(text, 'en').map((m) => m.text)).toEqual(expect.arrayContaining(['Sehr', 'Ihre Zahlung', 'Die Rechnung']));
  });

  it('German: a pension insurance number is one national id, not two numbers and a road; a road stays a road', () => {
    const found = recognize('Seine Versicherungsnummer lautet 12 041168 A 123. Die A 123 ist gesperrt. Nummer 12 991168 A 123.', 'de');
    expect(found.filter((m) => m.subtype === 'NATIONAL_ID').map((m) => m.text)).toEqual(['12 041168 A 123']);
    expect(found.filter((m) => m.type === 'LOC').map((m) => m.text)).toEqual(['A 123', 'A 123']);
  });

  it('German names in their own shapes: institutions, firms, clubs, roads, streets, cities, people named alone', () => {
    const text =
      'Das Arbeitsamt und die Staatsanwaltschaft prüfen den Fall. Sie arbeitet bei Müller Bau GmbH an der B 275 und in der Hauptstraße 12 in Offenbach. ' +
      'Der 1. FC Köln gewann gegen Eintracht Frankfurt. Schmidt sagte, die Datenbank und das Hauptgericht seien gut, der Vogel sang im Winter. Das Ehrenamt zählt, Deutsch auf Niveau B2 auch, und Kunstwerke. Es unterschrieb Sabine Hoffmann.';
    const found = recognize(text, 'de');
    expect(surfaces(found, 'ORG')).toEqual(['Arbeitsamt', 'Staatsanwaltschaft', 'Müller Bau GmbH', '1. FC Köln', 'Eintracht Frankfurt']);
    expect(surfaces(found, 'LOC')).toEqual(['B 275', 'Hauptstraße 12', 'Offenbach']);
    expect(found.find((m) => m.text === 'B 275')?.subtype).toBe('ADDRESS');
    expect(found.find((m) => m.text === 'Offenbach')?.subtype).toBe('CITY');
    // A surname alone is a name, a given name and the word after it one name; nouns that are also
    // surnames or compounds on an institution's head are not.
    expect(surfaces(found, 'PERSON')).toEqual(['Schmidt', 'Sabine Hoffmann']);
    for (const noun of ['Datenbank', 'Hauptgericht', 'Vogel', 'Winter', 'Ehrenamt', 'Fall', 'B2', 'Kunstwerke']) expect(found.map((m) => m.text)).not.toContain(noun);
    // A firm that opens the sentence is named without its article.
    expect(surfaces(recognize('Die Müller Bau GmbH hat geliefert. Eine Schmidt Logistik AG gibt es nicht.', 'de'), 'ORG')).toEqual(['Müller Bau GmbH', 'Schmidt Logistik AG']);
    // The shapes are German: in Spanish text the same words are left to the Spanish rules.
    expect(surfaces(recognize('Hablamos con Schmidt sobre la B 275.', 'es'), 'LOC')).not.toContain('B 275');
  });

  it('Spanish: "Estimado Sr. García", "3 de marzo de 2021", DNI and NIE with their letter', () => {
    const text = 'Estimado Sr. García:\nEl 3 de marzo de 2021 recibimos 1.234,56 € de Juan Pérez. Ayer llamamos al +34 912 345 678. DNI 12345678Z, NIE X1234567L. Vive en Alemania desde el lunes.';
    const found = recognize(text, 'es');
    expect(surfaces(found, 'PERSON')).toEqual(['Sr. García', 'Juan Pérez']);
    expect(surfaces(found, 'DATETIME')).toEqual(['3 de marzo de 2021', 'lunes']);
    expect(surfaces(found, 'CODE')).toEqual(['+34 912 345 678', '12345678Z', 'X1234567L']);
    expect(surfaces(found, 'LOC')).toEqual(['Alemania']);
  });

  it('Spanish firms with their legal form, streets with their number, "D." for Don', () => {
    const text =
      'El contrato con Construcciones López S.L. se firmó en Madrid. La factura va a D. Carlos Fernández, Calle Mayor 12, 28013 Madrid. ' +
      'Transportes García y Hijos, S.L.U. tiene sede en la C/ de Alcalá, 45 y en la Avenida de la Constitución 3. El SA dijo que no.';
    const found = recognize(text, 'es');
    expect(surfaces(found, 'ORG')).toEqual(expect.arrayContaining(['Construcciones López S.L.', 'Transportes García y Hijos, S.L.U.']));
    expect(surfaces(found, 'ORG')).not.toContain('El SA');
    expect(surfaces(found, 'PERSON')).toContain('D. Carlos Fernández');
    expect(found.filter((m) => m.type === 'LOC' && m.subtype === 'ADDRESS').map((m) => m.text)).toEqual(['Calle Mayor 12', 'C/ de Alcalá, 45', 'Avenida de la Constitución 3']);
  });

  it('leaves the function words and the full stop a model takes around a name out of it', async () => {
    const { trimAroundName } = await import('../../src/detect/index.ts');
    const trim = (language: Language, text: string): string | undefined => {
      const span = trimAroundName(language, text, { start: 0, end: text.length });
      return span && text.slice(span.start, span.end);
    };
    const cases: [Language, string, string][] = [
      ['fr', 'à Lyon', 'Lyon'],
      ['es', 'en Madrid', 'Madrid'],
      ['es', 'de la Fuente', 'de la Fuente'],
      ['nl', 'van Gogh', 'van Gogh'],
      ['pl', 'Kraków.', 'Kraków'],
      ['pl', 'Budex Sp. z o.o.', 'Budex Sp. z o.o.'],
      ['es', 'Construcciones López S.L.', 'Construcciones López S.L.'],
      ['de', 'Müller e.V.', 'Müller e.V.'],
      ['en', 'at Kyiv.', 'at Kyiv.'],
    ];
    for (const [language, mention, name] of cases) expect(trim(language, mention), `${language}: ${mention}`).toBe(name);
  });

  it('Dutch and Polish firms with their legal form, streets, and postcodes with their town', () => {
    const dutch = recognize('Het contract met Bakker Bouw B.V. is getekend. Factuur naar mevrouw Anna Jansen, Kerkstraat 12, 3511 AB Utrecht.', 'nl');
    expect(surfaces(dutch, 'ORG')).toContain('Bakker Bouw B.V.');
    expect(dutch.filter((m) => m.type === 'LOC').map((m) => [m.text, m.subtype])).toEqual([['Kerkstraat 12', 'ADDRESS'], ['3511 AB', 'POSTCODE'], ['Utrecht', 'CITY']]);
    const polish = recognize('Umowa z firmą Budex Sp. z o.o. została podpisana. Faktura do Pana Jana Nowaka, ul. Długa 12, 31-147 Kraków.', 'pl');
    expect(surfaces(polish, 'ORG')).toContain('Budex Sp. z o.o.');
    expect(polish.filter((m) => m.type === 'LOC').map((m) => [m.text, m.subtype])).toEqual([['ul. Długa 12', 'ADDRESS'], ['31-147', 'POSTCODE'], ['Kraków', 'CITY']]);
  });

  it('letters in Spanish, Dutch, Polish and French: closings, greetings, form labels and titles alone are no names', async () => {
    const cases: [Language, string, string[], string[]][] = [
      ['es', 'Estimada Sra. García:\nSu IBAN es ES91 2100 0418 4502 0005 1332. Para cualquier consulta, llámenos al +34 912 345 678.\n\nAtentamente,\nLucía Martínez\nAtención al Cliente', ['Sra. García', 'Lucía Martínez'], ['IBAN', 'llámenos', 'Atentamente', 'Atención', 'Cliente']],
      ['nl', 'Geachte heer De Vries,\nUw BSN is 111222333.\n\nMet vriendelijke groet,\nPieter de Boer\nKlantenservice', ['heer De Vries', 'Pieter de Boer', '111222333'], ['Uw BSN', 'BSN', 'Klantenservice']],
      ['pl', 'Szanowna Pani Kowalska,\nPani PESEL to 44051401359.\n\nZ poważaniem\nAnna Wiśniewska\nDział Obsługi Klienta', ['Pani Kowalska', 'Anna Wiśniewska', '44051401359'], ['Pani PESEL', 'Dział Obsługi Klienta', 'Szanowna Pani Kowalska']],
      ['fr', 'Madame Dupont,\nSuite à votre courrier, le contrat avec la société Martin SARL à Lyon est signé. Votre IBAN FR76 3000 6000 0112 3456 7890 189 est noté.\nVeuillez agréer, Madame, nos salutations distinguées.\nClaire Moreau', ['Madame Dupont', 'Claire Moreau', 'Lyon'], ['Suite', 'IBAN', 'Madame', 'à Lyon']],
    ];
    for (const [language, text, names, noNames] of cases) {
      const pipeline = await createPipeline(parsePipelineConfig({ detect: { language }, assess: 'none', mask: { strategy: 'redact' } }, 'letter'));
      const found = (await pipeline.runOne({ id: language, text })).mentions.map((m) => text.slice(m.start, m.end));
      expect(found, language).toEqual(expect.arrayContaining(names));
      for (const noName of noNames) expect(found, `${language}: ${noName}`).not.toContain(noName);
    }
  });

  it('greetings and thanks are no names, and a title before a name makes it a person\'s, in French and German', async () => {
    const cases: [Language, string, string[], string[]][] = [
      ['fr', 'Bonjour Madame Lefèvre,\n\nje vous confirme votre rendez-vous avec Maître Julien Moreau le jeudi 11 avril.\nMerci de vous munir de votre pièce d\'identité.\nCordialement,\nSophie Martin\nTél. : 04 72 00 00 00', ['Madame Lefèvre', 'Maître Julien Moreau', 'Sophie Martin'], ['Bonjour', 'Merci', 'Tél']],
      ['de', 'Hallo Frau Schneider,\nvielen Dank für Ihre Nachricht.\nLiebe Grüße\nAnna Vogel', ['Frau Schneider', 'Anna Vogel'], ['Hallo', 'Liebe', 'Liebe Grüße']],
    ];
    for (const [language, text, names, noNames] of cases) {
      const pipeline = await createPipeline(parsePipelineConfig({ detect: { language }, assess: 'none', mask: { strategy: 'redact' } }, 'letter'));
      const mentions = (await pipeline.runOne({ id: language, text })).mentions;
      const found = mentions.map((m) => text.slice(m.start, m.end));
      expect(found, language).toEqual(expect.arrayContaining(names));
      for (const name of names) expect(mentions.find((m) => text.slice(m.start, m.end) === name)?.entityType, `${language}: ${name}`).toBe('PERSON');
      for (const noName of noNames) expect(found, `${language}: ${noName}`).not.toContain(noName);
    }
    // A title of another language alone, or before a degree, is no person.
    const text = 'He was awarded his " Docteur ès science " in 1920.';
    const guesses: DetectedMention[] = [{ start: text.indexOf('Docteur'), end: text.indexOf('Docteur') + 7, entityType: 'MISC', confidence: 0.4, source: 'neural:test' }];
    const found = resolveMentions({ id: 'd', text }, refineMentions(text, [...(createRuleLayer().detect({ id: 'd', text }) as DetectedMention[]), ...guesses]));
    expect(found.filter((m) => m.entityType === 'PERSON').map((m) => text.slice(m.start, m.end))).toEqual([]);
  });

  it('Dutch: "Geachte heer De Vries", "3 maart 2021", 06-numbers, BSN', () => {
    const text = 'Geachte heer De Vries,\nOp 3 maart 2021 ontvingen wij EUR 12,50. Bel 06-12345678 of +31 20 123 4567. Uw BSN is 111222333. Jan Jansen woont in Duitsland.';
    const found = recognize(text, 'nl');
    expect(surfaces(found, 'PERSON')).toEqual(['heer De Vries', 'Jan Jansen']);
    expect(surfaces(found, 'DATETIME')).toEqual(['3 maart 2021']);
    expect(surfaces(found, 'QUANTITY')).toEqual(['EUR 12,50']);
    expect(surfaces(found, 'CODE')).toEqual(['06-12345678', '+31 20 123 4567', '111222333']);
    expect(surfaces(found, 'LOC')).toEqual(['Duitsland']);
  });

  it('French: "Madame Dupont", "1er mars 2021", NIR with its key, demonyms', () => {
    const text = 'Madame Dupont,\nLe 1er mars 2021 nous avons reçu 1 234,56 €. Appelez le +33 1 23 45 67 89. NIR : 1 85 05 78 006 084 91. Un Allemand vit en Allemagne depuis trois ans.';
    const found = recognize(text, 'fr');
    expect(surfaces(found, 'PERSON')).toEqual(['Madame Dupont']);
    expect(surfaces(found, 'DATETIME')).toEqual(['1er mars 2021', 'trois ans']);
    expect(surfaces(found, 'QUANTITY')).toEqual(['1 234,56 €']);
    expect(surfaces(found, 'CODE')).toEqual(['+33 1 23 45 67 89', '1 85 05 78 006 084 91']);
    expect(surfaces(found, 'DEM')).toEqual(['Allemand']);
    expect(surfaces(found, 'LOC')).toEqual(['Allemagne']);
  });

  it('Polish: "Szanowny Panie Kowalski", "3 marca 2021 r.", zł, PESEL', () => {
    const text = 'Szanowny Panie Kowalski,\ndnia 3 marca 2021 r. otrzymaliśmy 1 234,56 zł. Tel. +48 12 345 67 89. PESEL 44051401359. Anna Nowak mieszka w Niemczech od środy.';
    const found = recognize(text, 'pl');
    expect(surfaces(found, 'PERSON')).toEqual(['Panie Kowalski', 'Anna Nowak', 'Niemczech']);
    expect(surfaces(found, 'DATETIME')).toEqual(['3 marca 2021 r.', 'środy']);
    expect(surfaces(found, 'QUANTITY')).toEqual(['1 234,56 zł']);
    expect(surfaces(found, 'CODE')).toEqual(['+48 12 345 67 89', '44051401359']);
  });

  it('a customer\'s, an invoice\'s or a case\'s reference after its cue is one CODE in every language; a year after "Vertrag" stays a year', () => {
    const cases: [Language, string, string[]][] = [
      ['de', 'Herr Krüger (Kundennummer 448812) schrieb: Rechnung Nr. 2023-0417. Der Vertrag 2019 läuft aus.', ['448812', '2023-0417']],
      ['fr', 'Votre facture n° F-2291 et le dossier 4471/2021.', ['F-2291', '4471/2021']],
      ['es', 'Su pedido 88213 y el expediente 123/2021.', ['88213', '123/2021']],
      ['nl', 'Uw klantnummer: 55102, factuur 2024-118.', ['55102', '2024-118']],
      ['pl', 'Faktura nr FV/12/2023 dla klienta 99812.', ['FV/12/2023', '99812']],
    ];
    for (const [language, text, references] of cases) {
      const found = recognize(text, language);
      expect(surfaces(found, 'CODE'), language).toEqual(references);
      expect(surfaces(found, 'QUANTITY'), language).toEqual([]);
    }
    expect(surfaces(recognize('Der Vertrag 2019 läuft aus.', 'de'), 'DATETIME')).toEqual(['2019']);
  });

  it('a capitalized word that opens a sentence or a line is no name', () => {
    for (const [language, text] of [
      ['es', 'Ayer fue a la tienda.\nMañana vuelve.'],
      ['fr', 'Hier il est venu.\nDemain il part.'],
      ['nl', 'Gisteren kwam hij.\nMorgen gaat hij.'],
      ['pl', 'Wczoraj przyszedł.\nJutro wyjeżdża.'],
      ['de', 'Gestern kam der Brief.\nMorgen kommt die Rechnung mit dem Auto.'],
    ] as const) {
      expect(surfaces(recognize(text, language), 'PERSON'), language).toEqual([]);
    }
  });

  it('an id with a wrong check digit is not detected, unless a word naming it stands before it', () => {
    expect(surfaces(recognize('Die Nummer 86095742718 ist falsch.', 'de'), 'CODE')).toEqual([]);
    expect(recognize('Steuer-ID 86095742718', 'de').find((m) => m.type === 'CODE')).toMatchObject({ text: '86095742718', subtype: 'NATIONAL_ID' });
    expect(surfaces(recognize('El número 12345678A no vale.', 'es'), 'CODE')).toEqual([]);
    expect(surfaces(recognize('Numer 44051401358 jest zły.', 'pl'), 'CODE')).toEqual([]);
    expect(surfaces(recognize('PESEL 44051401358', 'pl'), 'CODE')).toEqual(['44051401358']);
  });

  it('language rules all have the g flag and distinct names, none shared with the English rules', () => {
    const names = Object.values(LANGUAGE_RULES).flatMap((byFamily) => RULE_FAMILIES.flatMap((f) => byFamily[f]));
    expect(names.every((r) => r.pattern.global)).toBe(true);
    const all = [...ALL_RULES, ...names].map((r) => r.name);
    expect(new Set(all).size).toBe(all.length);
  });
});

/** Check digits computed here, independently of the validators, for the property tests. */
const digitString = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length });
const withOneDigitChanged = (id: string, at: number, delta: number): string => {
  const positions = [...id].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  const i = positions[at % positions.length];
  return id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
};

describe('national id checksums', () => {
  it('accepts published examples and rejects them with a changed check digit', () => {
    expect([steuerIdValid('86095742719'), steuerIdValid('86095742718')]).toEqual([true, false]);
    expect([dniValid('12345678Z'), dniValid('12345678A'), nieValid('X1234567L'), nieValid('X1234567T')]).toEqual([true, false, true, false]);
    expect([bsnValid('111222333'), bsnValid('111222334'), bsnValid('000000000')]).toEqual([true, false, false]);
    expect([peselValid('44051401359'), peselValid('44051401358'), peselValid('44131401352')]).toEqual([true, false, false]);
    expect([nirValid('1 85 05 78 006 084 91'), nirValid('1 85 05 78 006 084 36'), nirValid('2 55 08 2A 004 123 69')]).toEqual([true, false, true]);
  });

  const mutation = { at: fc.nat(20), delta: fc.integer({ min: 1, max: 9 }) };

  it('PESEL (weights 1,3,7,9): a valid id passes, any one-digit change fails', () => {
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(date, digitString(4), mutation.at, mutation.delta, (birth, serial, at, delta) => {
        const year = birth.getUTCFullYear();
        const month = birth.getUTCMonth() + 1 + (year >= 2000 ? 20 : 0);
        const head = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}${serial.join('')}`;
        const sum = [...head].reduce((s, d, i) => s + Number(d) * [1, 3, 7, 9][i % 4], 0);
        const id = head + String((10 - (sum % 10)) % 10);
        return peselValid(id) && !peselValid(withOneDigitChanged(id, at, delta));
      }),
    );
  });

  it('BSN (11-proof): a valid id passes, any one-digit change fails', () => {
    fc.assert(
      fc.property(digitString(8), mutation.at, mutation.delta, (head, at, delta) => {
        const sum = head.reduce((s, d, i) => s + d * (9 - i), 0);
        const check = sum % 11;
        fc.pre(check < 10 && head.some((d) => d > 0));
        const id = head.join('') + String(check);
        return bsnValid(id) && !bsnValid(withOneDigitChanged(id, at, delta));
      }),
    );
  });

  it('DNI and NIE (letter of the number mod 23): a changed digit changes the letter', () => {
    const letters = 'TRWAGMYFPDXBNJZSQVHLCKE';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), mutation.at, mutation.delta, (n, at, delta) => {
        const dni = String(n).padStart(8, '0') + letters[n % 23];
        const nie = `Y${String(n % 10_000_000).padStart(7, '0')}${letters[(10_000_000 + (n % 10_000_000)) % 23]}`;
        return dniValid(dni) && !dniValid(withOneDigitChanged(dni, at, delta)) && nieValid(nie) && !nieValid(withOneDigitChanged(nie, at, delta));
      }),
    );
  });

  it('NIR (key 97 − n mod 97): a valid id passes, any one-digit change fails', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '2'), digitString(12), mutation.at, mutation.delta, (sex, rest, at, delta) => {
        const head = sex + rest.join('');
        const id = head + String(97n - (BigInt(head) % 97n)).padStart(2, '0');
        return nirValid(id) && !nirValid(withOneDigitChanged(id, at, delta));
      }),
    );
  });

  it('Steuer-ID (ISO 7064 mod 11,10): a valid id passes, any one-digit change fails', () => {
    // Ten digits with no leading 0 where exactly one digit occurs twice: a permutation of nine distinct digits plus one repeated.
    const head = fc.tuple(fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { minLength: 9, maxLength: 9 }), fc.nat(8), fc.nat(9)).map(([nine, pick, at]) => {
      const digits = [...nine];
      digits.splice(at % 10, 0, nine[pick]);
      return digits;
    });
    fc.assert(
      fc.property(head, mutation.at, mutation.delta, (digits, at, delta) => {
        fc.pre(digits[0] !== 0);
        let product = 10;
        for (const d of digits) product = ((((d + product) % 10 || 10) * 2) % 11);
        const id = digits.join('') + String((11 - product) % 10);
        return steuerIdValid(id) && !steuerIdValid(withOneDigitChanged(id, at % 10, delta));
      }),
    );
  });
});

describe('language setting', () => {
  it('guesses the language of a few sentences, English when a text says too little', () => {
    const sentences: [string, Language][] = [
      ['Sehr geehrte Frau Müller, vielen Dank für Ihre Nachricht vom Montag.', 'de'],
      ['Estimado Sr. García, le escribo en relación con su factura del mes pasado.', 'es'],
      ['Geachte heer De Vries, hartelijk dank voor uw bericht van gisteren.', 'nl'],
      ['Madame Dupont, nous vous remercions de votre lettre du mois dernier.', 'fr'],
      ['Szanowny Panie Kowalski, dziękujemy za wiadomość z zeszłego tygodnia.', 'pl'],
      ['Dear Mrs Smith, thank you for your letter of last week.', 'en'],
      ['12345', 'en'],
    ];
    for (const [text, language] of sentences) expect(detectLanguage(text), text).toBe(language);
  });

  it('an unknown language is a schema error naming the field', () => {
    expect(() => parsePipelineConfig({ detect: { language: 'sv' } }, 'p.yaml')).toThrow('p.yaml: detect.language: one of en, de, es, nl, fr, pl, auto, not "sv"');
  });

  it('a pipeline with language auto says per document which language it detected in', async () => {
    const pipeline = await createPipeline({ detect: { language: 'auto', layers: { rules: true } }, mask: { strategy: 'redact' } });
    const german = await pipeline.runOne({ id: 'de', text: 'Sehr geehrte Frau Müller, vielen Dank für Ihre Nachricht vom 3. März 2021.' });
    const english = await pipeline.runOne({ id: 'en', text: 'Dear Mrs Smith, thank you for your letter of 3 March 2021.' });
    expect([german.language, english.language]).toEqual(['de', 'en']);
    expect(german.mentions.map((m) => m.source)).toContain('rules:de-date-month-name');
  });

  it("a pipeline's rule options reach the language rules: families off, rules excluded by name", async () => {
    const text = 'Am Montag, dem 3. März 2021, rief Frau Müller an: +49 30 1234567.';
    const all = await createPipeline({ detect: { language: 'de', layers: { rules: true } }, mask: { strategy: 'redact' } });
    const some = await createPipeline({ detect: { language: 'de', layers: { rules: { exclude: ['de-weekday'], families: { code: false } } } }, mask: { strategy: 'redact' } });
    const sources = async (p: typeof all) => (await p.runOne({ id: 'd', text })).mentions.map((m) => m.source);
    expect(await sources(all)).toEqual(expect.arrayContaining(['rules:de-weekday', 'rules:de-date-month-name', 'rules:phone']));
    const without = await sources(some);
    expect(without).toContain('rules:de-date-month-name');
    expect(without).not.toContain('rules:de-weekday');
    expect(without.some((s) => s.startsWith('rules:phone') || s.startsWith('rules:de-phone'))).toBe(false);
  });

  it('English output is unchanged: language en and auto on English text give the default rules and gazetteers', () => {
    const sample = JSON.parse(readFileSync(new URL('../../datasets/sample/sample.json', import.meta.url), 'utf8')) as { doc_id: string; text: string }[];
    const byDefault = createRuleLayer();
    const gazetteers = createGazetteerLayer();
    for (const setting of ['en', 'auto'] as const) {
      const rules = createRuleLayer({ language: setting });
      const lists = createGazetteerLayer({ language: setting });
      for (const doc of sample) {
        const d = { id: doc.doc_id, text: doc.text };
        if (setting === 'auto') expect(detectLanguage(doc.text)).toBe('en');
        expect(rules.detect(d)).toEqual(byDefault.detect(d));
        expect(lists.detect(d)).toEqual(gazetteers.detect(d));
      }
    }
  });

  it('another language keeps the proper-noun gazetteers and drops the English word lists', () => {
    const text = 'Der pilot flog nach Berlin.';
    const english = createGazetteerLayer().detect({ id: 'a', text }) as { start: number; end: number; source: string }[];
    const german = createGazetteerLayer({ language: 'de' }).detect({ id: 'a', text }) as { start: number; end: number; source: string }[];
    expect(english.map((m) => text.slice(m.start, m.end))).toEqual(['pilot', 'Berlin']);
    expect(german.map((m) => text.slice(m.start, m.end))).toEqual(['Berlin']);
  });

  it("a term in the language's own lists and in the built ones is the language's ('Indien' is India in German, a French demonym in the nationality list)", () => {
    const text = 'Reisen nach Indien, Syrien und Jordanien.';
    const typed = (language: 'en' | 'de') =>
      (createGazetteerLayer({ language }).detect({ id: 'a', text }) as { start: number; end: number; entityType: string; subtype?: string }[]).map((m) => `${text.slice(m.start, m.end)}:${m.entityType}:${m.subtype}`);
    expect(typed('de')).toEqual(['Indien:LOC:COUNTRY', 'Syrien:LOC:COUNTRY', 'Jordanien:LOC:COUNTRY']);
    expect(typed('en')).toEqual(['Indien:DEM:NATIONALITY', 'Syrien:DEM:NATIONALITY', 'Jordanien:DEM:NATIONALITY']);
  });
});
