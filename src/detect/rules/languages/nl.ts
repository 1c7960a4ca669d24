/** Dutch: dates, numbers, phones, titles, firms by legal form, streets, postcodes and the BSN. */
import { buildLanguageRules, legalFormRule, nationalIdRules, postcodeTownRules, streetRule } from './build.ts';
import { bsnValid } from './validators.ts';

/** Greetings before a first name ("Beste …"); trimmed off any name they open. */
export const DUTCH_SALUTATIONS: readonly string[] = ['Beste', 'Lieve', 'Hallo', 'Hoi', 'Dag'];

export const DUTCH_RULES = buildLanguageRules(
  {
    language: 'nl',
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december', 'jan\\.', 'feb\\.', 'mrt\\.', 'apr\\.', 'jun\\.', 'jul\\.', 'aug\\.', 'sept?\\.', 'okt\\.', 'nov\\.', 'dec\\.'],
    monthsAlone: ['januari', 'februari', 'maart', 'april', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    dayMonth: '[^\\S\\n]',
    monthYear: '[^\\S\\n]',
    weekdays: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
    durationUnits: ['seconden?', 'minuten?', 'uur', 'uren', 'dag', 'dagen', 'weken?', 'maand', 'maanden', 'jaar', 'jaren', 'decennia', 'decennium', 'eeuwen?'],
    numberWords: ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf', 'twintig', 'dertig', 'enkele', 'meerdere', 'paar'],
    yearRangeFrom: ['van', 'tussen'],
    yearRangeTo: ['tot', 'en'],
    currencies: ['euro', "euro's", 'cent', 'gulden'],
    scales: ['miljoen', 'miljard', 'mln\\.?', 'mld\\.?'],
    percentWords: ['procent'],
    titles: ['heer', 'Dhr\\.', 'mevrouw', 'Mevr\\.', 'Mw\\.', 'juffrouw', 'Mr\\.', 'Dr\\.', 'Drs\\.', 'Ir\\.', 'Ing\\.', 'Prof\\.'],
    salutations: DUTCH_SALUTATIONS,
    particles: ['van', 'de', 'der', 'den', 'het', 'ter', 'te', 'ten', "van 't", "'t"],
    notNames: ['heer', 'mevrouw', 'heren', 'dames', 'klant', 'klanten', 'collega', "collega's", 'allemaal', 'team', 'groeten'],
    stopwords: ['uw', 'je', 'jouw', 'de', 'het', 'een', 'en', 'of', 'maar', 'in', 'op', 'van', 'voor', 'met', 'door', 'naar', 'bij', 'uit', 'aan', 'over', 'onder', 'tussen', 'sinds', 'tot', 'deze', 'dit', 'die', 'dat', 'zijn', 'haar', 'mijn', 'ons', 'onze', 'hun', 'hij', 'zij', 'ze', 'wij', 'we', 'jij', 'u', 'ik', 'er', 'als', 'wanneer', 'waar', 'omdat', 'ook', 'niet', 'wel', 'nog', 'al', 'toen', 'na', 'volgens', 'tijdens', 'is', 'was', 'werd'],
    capitalizedNames: true,
    phoneCues: ['telefoon', 'telefoonnummer', 'tel', 'mobiel', 'gsm', 'fax', 'bel'],
    referenceCues: ['factuur', 'factuurnummer', 'bestelling', 'bestelnummer', 'ordernummer', 'klantnummer', 'dossiernummer', 'dossier', 'contractnummer', 'contract', 'referentie', 'polisnummer', 'lidnummer', 'reservering', 'reserveringsnummer', 'ticket', 'kenmerk', 'zaaknummer'],
  },
  {
    names: [
      // "Bakker Bouw B.V.", "Jansen & Zonen N.V.".
      legalFormRule('nl', { forms: ['B\\.V\\.', 'N\\.V\\.', 'V\\.O\\.F\\.', 'BV', 'NV', 'VOF'], links: ['en', '&', 'van', 'van de', 'van der'], openers: ['De', 'Het', 'Een', 'In', 'Van', 'Met', 'Bij', 'Voor', 'Op', 'En'], requires: ['.V.', 'BV', 'NV', 'V.O.F', 'VOF'] }),
      // "Kerkstraat 12", "Stationsweg 3a", "Oudegracht 123".
      streetRule('nl', { suffixes: ['straat', 'laan', 'weg', 'plein', 'gracht', 'kade', 'singel', 'dijk', 'steeg', 'hof', 'park'] }),
      // "3511 AB Utrecht".
      ...postcodeTownRules('nl', '[1-9]\\d{3}[^\\S\\n]?(?!SA|SD|SS)[A-Z]{2}'),
    ],
    // "BSN 1112.22.333", "burgerservicenummer: 111222333".
    code: nationalIdRules({
      name: 'nl-bsn',
      pattern: /(?<![\w\-./])(?:\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{9})(?![\w]|[-./]\d)/g,
      valid: bsnValid,
      cues: ['bsn', 'burgerservicenummer', 'sofinummer', 'sofi', 'persoonsnummer'],
      confidence: 0.8,
    }),
  },
);
