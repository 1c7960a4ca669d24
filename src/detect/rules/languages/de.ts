/** German: dates, numbers, phones, titles and the tax id (Steuer-ID). No capitalized-sequence rule: German capitalizes every noun. */
import { buildLanguageRules, nationalIdRules } from './build.ts';
import { steuerIdValid } from './validators.ts';

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
    salutations: ['Lieber', 'Liebe', 'Hallo', 'Servus', 'Moin'],
    particles: ['von', 'van', 'de', 'der', 'den', 'zu', 'vom', 'zum'],
    notNames: ['damen', 'herren', 'kollegen', 'kolleginnen', 'kunden', 'kundin', 'kunde', 'mitglieder', 'freunde', 'eltern', 'leser', 'leserinnen', 'team', 'grüße', 'gruß'],
    stopwords: [],
    capitalizedNames: false,
    phoneCues: ['telefon', 'tel', 'telefonnummer', 'handy', 'mobil', 'mobiltelefon', 'fax', 'rufnummer', 'festnetz'],
  },
  {
    code: nationalIdRules({
      // "Steuer-ID: 86 095 742 719" or "86095742719".
      name: 'de-steuer-id',
      pattern: /(?<![\w\-./])[1-9]\d(?: ?\d{3}){3}(?![\w]|[-./]\d)/g,
      valid: steuerIdValid,
      cues: ['steuer id', 'steuerid', 'steuer identifikationsnummer', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'id nr', 'tin', 'steuernummer'],
    }),
  },
);
