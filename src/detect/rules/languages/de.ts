/**
 * German: dates, numbers, phones, titles and the tax id (Steuer-ID). No capitalized-sequence rule:
 * German capitalizes every noun. Instead, names German writes in recognisable shapes: institutions
 * as compounds on a head noun (Arbeitsamt, Landgericht, Staatsanwaltschaft), firms with their legal
 * form (GmbH, AG, e.V.), sports clubs (1. FC Köln, TSV 1860 München), roads (B 275, A 5) and streets.
 */
import { readNameList } from '../../gazetteer/languages.ts';
import type { Rule } from '../types.ts';
import { buildLanguageRules, nationalIdRules } from './build.ts';
import { steuerIdValid } from './validators.ts';
import { dateValid } from '../validators.ts';

const WORD = "\\p{Lu}[\\p{L}\\p{M}'’]*(?:-\\p{Lu}[\\p{L}\\p{M}'’]*)*";
const SP = '[^\\S\\n]';
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}])';
const FUNCTION_WORDS = '(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Einem|Einen|Eines|Bei|Mit|Von|Vom|Für|Und|Im|Am|Auf|Aus|Nach|Zur|Zum|Durch|Gegen|Über|Unter|Wie|Als)';

/**
 * Head nouns of institutions' names, with their inflected endings: a compound on one of them
 * ("Arbeitsamt", "Oberlandesgericht", "Kreisvolkshochschule") names an office, court, party, club,
 * school or firm. The compound needs at least three letters before the head ("Amt" alone is not one).
 */
const INSTITUTION_HEADS = [
  'amt(?:e?s|e|ern?)?', 'ämtern?', 'ministerium(?:s)?', 'ministerien', 'gericht(?:e?s|e|en)?', 'gerichtshof(?:e?s)?',
  'anwaltschaft(?:en)?', 'behörden?', 'verwaltung(?:en)?', 'verband(?:e?s)?', 'verbände(?:n)?', 'verein(?:e?s|e|en)?',
  'partei(?:en)?', 'beirat(?:e?s)?', 'beiräte(?:n)?', 'kammer(?:n)?', 'bank(?:en)?', 'sparkasse(?:n)?', 'krankenkasse(?:n)?',
  'werke(?:n)?', 'gewerkschaft(?:en)?', 'hochschule(?:n)?', 'universität(?:en)?', 'akademie(?:n)?', 'institut(?:e?s|e|en)?',
  'präsidium(?:s)?', 'direktion(?:en)?', 'stiftung(?:en)?', 'initiative(?:n)?', 'konzern(?:e?s|e)?', 'polizei',
  'ausschuss(?:es)?', 'ausschüsse(?:n)?', 'kommission(?:en)?',
];

/** Compounds on those heads that name no institution: a dish, a database, a bench, a duty, a party to a contract. */
const NOT_INSTITUTIONS = new Set(
  [
    'hauptgericht', 'fleischgericht', 'fischgericht', 'nudelgericht', 'reisgericht', 'gemüsegericht', 'eintopfgericht', 'lieblingsgericht', 'nationalgericht',
    'datenbank', 'sitzbank', 'werkbank', 'parkbank', 'ersatzbank', 'hantelbank', 'anklagebank', 'regierungsbank', 'richterbank', 'ruhebank', 'gartenbank',
    'ehrenamt', 'eigeninitiative', 'gegenpartei', 'vertragspartei', 'prozesspartei', 'dunkelkammer', 'speisekammer', 'rumpelkammer', 'herzkammer',
    'kunstwerke', 'meisterwerke', 'bauwerke', 'feuerwerke', 'netzwerke', 'handwerke', 'gesamt',
  ].flatMap((word) => [word, `${word}s`, `${word}es`, `${word}e`, `${word}en`]),
);

/** A name list, read on first use. */
function lazyNameList(fileName: string): () => ReadonlySet<string> {
  let names: ReadonlySet<string> | undefined;
  return () => (names ??= new Set(readNameList(fileName)));
}

/** German given names. */
const germanGivenNames = lazyNameList('given-de.txt');
/** German, Austrian and Swiss cities and towns. */
const germanCities = lazyNameList('cities-de.txt');

const CAPITALIZED = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+/gu;

/** The next capitalized word at or after `from` that is a German given name (the rule's possible starts). */
function nextGivenName(text: string, from: number): number {
  const names = germanGivenNames();
  CAPITALIZED.lastIndex = from;
  for (let m = CAPITALIZED.exec(text); m; m = CAPITALIZED.exec(text)) if (names.has(m[0])) return m.index;
  return -1;
}

const names: Rule[] = [
  {
    // "Sabine Hoffmann", "Klaus-Peter Weber": a given name and a capitalized word after it are one person
    // (the lists alone would give two mentions, and a model may type the given name otherwise).
    name: 'de-person-given-surname',
    entityType: 'PERSON',
    confidence: 0.85,
    pattern: /\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?[^\S\n]+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}])/gu,
    startsAt: nextGivenName,
  },
  {
    name: 'de-institution-compound',
    entityType: 'ORG',
    confidence: 0.6,
    pattern: new RegExp(`${EDGE_BEFORE}\\p{Lu}\\p{Ll}{2,}[\\p{L}-]*?(?:${INSTITUTION_HEADS.join('|')})${EDGE_AFTER}`, 'gu'),
    validate: (value) => !NOT_INSTITUTIONS.has(value.toLowerCase()),
  },
  {
    // An office or court with its seat: "Finanzamt Köln-Mitte", "Amtsgericht München", "Landgericht
    // Frankfurt am Main" — one organisation, not an ORG, a LOC and a stray district. The seat must
    // start with a known city: any capitalized noun may follow an institution in German.
    name: 'de-institution-seat',
    entityType: 'ORG',
    confidence: 0.7,
    pattern: new RegExp(
      `${EDGE_BEFORE}\\p{Lu}\\p{Ll}{2,}[\\p{L}-]*?(?:${INSTITUTION_HEADS.join('|')})${SP}\\p{Lu}\\p{Ll}+(?:${SP}am${SP}\\p{Lu}\\p{Ll}+)?(?:-\\p{Lu}\\p{Ll}+)*${EDGE_AFTER}`,
      'gu',
    ),
    validate: (value) => {
      const [institution, ...words] = value.split(/[^\S\n]+/u);
      // The city, then a district or part after hyphens: "Köln-Mitte", "Castrop-Rauxel-Süd".
      const parts = words.join(' ').split('-');
      const seatStartsWithCity = parts.some((_, i) => germanCities().has(parts.slice(0, i + 1).join('-')));
      return !NOT_INSTITUTIONS.has(institution.toLowerCase()) && seatStartsWithCity;
    },
  },
  {
    // Institutions named by one word: the federal and state ones, the police, the former Stasi.
    name: 'de-institution',
    entityType: 'ORG',
    confidence: 0.6,
    pattern:
      /(?<![\p{L}\p{N}])(?:Bundestag|Bundesrat|Landtag|Bundesregierung|Landesregierung|Bundeswehr|Bundesbank|Bundeskanzleramt|Treuhand(?:anstalt)?|Magistrat|Stasi|Verfassungsschutz|Polizei|Stadtverordnetenversammlung|Bundesversammlung|Nationalversammlung|Generalversammlung|Bundesanstalt)(?:e?s)?(?![\p{L}\p{N}])/gu,
  },
  {
    // "Müller GmbH", "Siemens AG", "Deutsche Bank AG", "Turnverein Jahn e.V.", "Schmidt & Söhne KG".
    name: 'de-firm-legal-form',
    entityType: 'ORG',
    confidence: 0.85,
    requires: ['GmbH', 'AG', 'KG', 'OHG', 'GbR', 'eG', 'e.', 'mbH', 'SE'],
    // Not from an article or preposition that opens the sentence ("Die Müller Bau GmbH").
    pattern: new RegExp(`${EDGE_BEFORE}(?!${FUNCTION_WORDS}${SP})${WORD}(?:${SP}(?:&${SP})?${WORD})*${SP}(?:GmbH(?:${SP}&${SP}Co\\.${SP}KG)?|AG|KG|KGaA|OHG|GbR|eG|e\\.${SP}?V\\.|mbH|SE)(?![\\p{L}\\p{N}])`, 'gu'),
  },
  {
    // "1. FC Köln", "FC Bayern München", "TSV 1860 München", "Eintracht Frankfurt", "SV Werder Bremen".
    name: 'de-sports-club',
    entityType: 'ORG',
    confidence: 0.8,
    pattern: new RegExp(
      `${EDGE_BEFORE}(?:1\\.${SP}?)?(?:FC|SC|SV|TSV|VfB|VfL|VfR|TuS|TSG|SpVgg|SG|FSV|SSV|MSV|BV|KSV|Eintracht|Borussia|Fortuna|Hertha|Werder|Kickers|Alemannia|Arminia|Dynamo|Rot-Weiß|Rot-Weiss|Blau-Weiß|Blau-Weiss|Stuttgarter${SP}Kickers)(?:${SP}(?:\\d{2,4}|${WORD}))+`,
      'gu',
    ),
    validate: (value) => !/^(?:SG|BV|SC|SV)\s+\d+$/u.test(value),
  },
  {
    // Federal, state and county roads: "B 275", "A 5", "L 3117", "K 812".
    name: 'de-road',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.75,
    pattern: new RegExp(`${EDGE_BEFORE}(?:A|B|L|K)${SP}?\\d{1,4}${EDGE_AFTER}(?!${SP}?(?:%|Prozent|Euro|Mark|DM|€))`, 'gu'),
    // "B2" and "A4" without a space are a language level and a paper size; roads are written "B 2", "A 4".
    validate: (value) => !/^[A-Z]\d$/u.test(value),
  },
  {
    // "Hauptstraße 12", "Goethestr. 5", "Lindenallee", "Am Marktplatz 3" (a -weg or -platz needs its number).
    name: 'de-street',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.8,
    pattern: new RegExp(
      `${EDGE_BEFORE}(?:\\p{Lu}[\\p{L}-]*(?:straße|strasse|str\\.|allee|gasse|damm|ufer)(?:${SP}\\d{1,4}${EDGE_AFTER}[a-z]?)?|\\p{Lu}[\\p{L}-]*(?:weg|platz|ring)${SP}\\d{1,4}${EDGE_AFTER}[a-z]?)`,
      'gu',
    ),
  },
];

/** DDMMYY digits of a birth date (the day may carry 50 for a second number of the same holder). */
function birthDateDigitsValid(digits: string): boolean {
  return dateValid(Number(digits.slice(0, 2)) % 50, Number(digits.slice(2, 4)), Number(digits.slice(4, 6)));
}

/** Greetings before a first name ("Lieber …"); trimmed off any name they open. */
export const GERMAN_SALUTATIONS: readonly string[] = ['Lieber', 'Liebe', 'Hallo', 'Servus', 'Moin'];

export const GERMAN_RULES = buildLanguageRules(
  {
    language: 'de',
    months: ['Januar', 'Jänner', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember', 'Jan\\.', 'Feb\\.', 'Mär\\.', 'Apr\\.', 'Jun\\.', 'Jul\\.', 'Aug\\.', 'Sept?\\.', 'Okt\\.', 'Nov\\.', 'Dez\\.'],
    // "Mai" and "August" are also a name and a first name: only with a day or a year.
    monthsAlone: ['Januar', 'Jänner', 'Februar', 'März', 'Juni', 'Juli', 'September', 'Oktober', 'November', 'Dezember'],
    dayMonth: '\\.?[^\\S\\n]?',
    monthYear: '[^\\S\\n]',
    monthsCapitalized: true,
    weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonnabend', 'Sonntag', 'Montags', 'Dienstags', 'Mittwochs', 'Donnerstags', 'Freitags', 'Samstags', 'Sonntags'],
    durationUnits: ['Sekunden?', 'Minuten?', 'Stunden?', 'Tage?n?', 'Wochen?', 'Monate?n?', 'Jahre?n?', 'Jahrzehnte?n?', 'Jahrhunderte?n?'],
    numberWords: ['ein', 'eine', 'einen', 'einem', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'zwanzig', 'dreißig', 'einige', 'mehrere', 'wenige'],
    yearRangeFrom: ['von', 'zwischen'],
    yearRangeTo: ['bis', 'und'],
    currencies: ['Euro', 'Cent', 'Franken', 'D-Mark', 'DM', 'Mark', 'Schilling'],
    scales: ['Mio\\.', 'Mrd\\.', 'Millionen', 'Million', 'Milliarden', 'Milliarde', 'Tsd\\.'],
    percentWords: ['Prozent'],
    titles: ['Herr', 'Herrn', 'Frau', 'Fräulein', 'Dr', 'Prof', 'Professor', 'Professorin', 'Dipl\\.-Ing', 'Mag'],
    salutations: GERMAN_SALUTATIONS,
    particles: ['von', 'van', 'de', 'der', 'den', 'zu', 'vom', 'zum'],
    notNames: ['damen', 'herren', 'kollegen', 'kolleginnen', 'kunden', 'kundin', 'kunde', 'mitglieder', 'freunde', 'eltern', 'leser', 'leserinnen', 'team', 'grüße', 'gruß'],
    stopwords: [],
    capitalizedNames: false,
    phoneCues: ['telefon', 'tel', 'telefonnummer', 'handy', 'mobil', 'mobiltelefon', 'fax', 'rufnummer', 'festnetz'],
    referenceCues: ['kundennummer', 'kunden-nr', 'kd.-nr', 'rechnungsnummer', 'rechnungs-nr', 'rechnung', 'auftragsnummer', 'auftrags-nr', 'auftrag', 'bestellnummer', 'bestell-nr', 'bestellung', 'vertragsnummer', 'vertrags-nr', 'vertrag', 'aktenzeichen', 'vorgangsnummer', 'vorgang', 'versicherungsnummer', 'versicherungsschein', 'policennummer', 'mitgliedsnummer', 'personalnummer', 'ticketnummer', 'ticket', 'buchungsnummer', 'buchung', 'sendungsnummer', 'referenz', 'patientennummer', 'fallnummer', 'schadennummer'],
  },
  {
    names,
    code: [
      ...nationalIdRules({
        // "Steuer-ID: 86 095 742 719" or "86095742719".
        name: 'de-steuer-id',
        pattern: /(?<![\w\-./])[1-9]\d(?: ?\d{3}){3}(?![\w]|[-./]\d)/g,
        valid: steuerIdValid,
        cues: ['steuer id', 'steuerid', 'steuer identifikationsnummer', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'id nr', 'tin', 'steuernummer'],
      }),
      ...nationalIdRules({
        // The pension insurance number ("Versicherungsnummer 12 041168 A 123"): an area, the holder's birth date
        // (DDMMYY), the first letter of the birth name, a serial and a check digit. It had been two numbers and a road.
        name: 'de-rentenversicherungsnummer',
        pattern: /(?<![\w\-./])\d{2} ?\d{6} ?[A-Z] ?\d{3}(?![\w])/g,
        valid: (value) => birthDateDigitsValid(value.replace(/\s/g, '').slice(2, 8)),
        cues: ['versicherungsnummer', 'rentenversicherungsnummer', 'sozialversicherungsnummer', 'rvnr', 'rv-nr', 'sv-nummer', 'svnr', 'sv-nr'],
      }),
    ],
  },
);
