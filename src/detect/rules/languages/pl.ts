/** Polish: dates (inflected months), numbers, phones, titles, firms by legal form, streets, postcodes and the PESEL. */
import { buildLanguageRules, legalFormRule, nationalIdRules, postcodeTownRules, streetRule } from './build.ts';
import { peselValid } from './validators.ts';

/** Greetings before a first name ("Drogi …"); trimmed off any name they open. */
export const POLISH_SALUTATIONS: readonly string[] = ['Drogi', 'Droga', 'Szanowny', 'Szanowna', 'Cześć', 'Witaj'];

export const POLISH_RULES = buildLanguageRules(
  {
    language: 'pl',
    // Nominative, genitive ("3 marca") and locative ("w marcu").
    months: [
      'styczeń', 'stycznia', 'styczniu', 'luty', 'lutego', 'lutym', 'marzec', 'marca', 'marcu', 'kwiecień', 'kwietnia', 'kwietniu', 'maj', 'maja', 'maju',
      'czerwiec', 'czerwca', 'czerwcu', 'lipiec', 'lipca', 'lipcu', 'sierpień', 'sierpnia', 'sierpniu', 'wrzesień', 'września', 'wrześniu',
      'październik', 'października', 'październiku', 'listopad', 'listopada', 'listopadzie', 'grudzień', 'grudnia', 'grudniu',
    ],
    // "maj", "maja" (also a first name), "luty" (also an adjective), "listopad" (leaf fall) only with a day or a year.
    monthsAlone: ['styczeń', 'stycznia', 'styczniu', 'lutego', 'lutym', 'marzec', 'marca', 'marcu', 'kwiecień', 'kwietnia', 'kwietniu', 'czerwiec', 'czerwca', 'czerwcu', 'lipiec', 'lipca', 'lipcu', 'sierpień', 'sierpnia', 'sierpniu', 'wrzesień', 'września', 'wrześniu', 'październik', 'października', 'październiku', 'listopada', 'listopadzie', 'grudzień', 'grudnia', 'grudniu'],
    dayMonth: '[^\\S\\n]',
    monthYear: '[^\\S\\n]',
    yearSuffix: '(?:[^\\S\\n]?r\\.)?',
    weekdays: ['poniedziałek', 'poniedziałku', 'wtorek', 'wtorku', 'środa', 'środę', 'środy', 'czwartek', 'czwartku', 'piątek', 'piątku', 'sobota', 'sobotę', 'soboty', 'niedziela', 'niedzielę', 'niedzieli'],
    durationUnits: ['sekund[ay]?', 'minut[ay]?', 'godzin[ay]?', 'dzień', 'dni', 'tygodni[ea]?', 'tydzień', 'miesiąc[ea]?', 'miesięcy', 'rok', 'roku', 'lata', 'lat', 'dekad[ay]?', 'wieków', 'wiek'],
    numberWords: ['jeden', 'jedna', 'jedno', 'dwa', 'dwie', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć', 'dziesięć', 'kilka', 'kilkanaście', 'kilkadziesiąt'],
    yearRangeFrom: ['od', 'między', 'w latach'],
    yearRangeTo: ['do', 'a'],
    currencies: ['zł', 'złotych', 'złote', 'złoty', 'gr', 'groszy', 'euro'],
    scales: ['mln', 'mld', 'tys\\.', 'milionów', 'miliony', 'milion', 'miliardów'],
    percentWords: ['procent', 'proc\\.'],
    titles: ['Pan', 'Pani', 'Panie', 'Pana', 'Panu', 'Panem', 'Panią', 'Państwo', 'dr', 'prof', 'mgr', 'inż'],
    salutations: POLISH_SALUTATIONS,
    particles: [],
    notNames: ['państwo', 'panie', 'panowie', 'klient', 'klienci', 'klientko', 'koleżanki', 'koledzy', 'zespół', 'wszyscy', 'pozdrawiam', 'dyrektorze', 'prezesie', 'doktorze', 'profesorze', 'mecenasie'],
    stopwords: ['w', 'we', 'z', 'ze', 'i', 'a', 'o', 'na', 'do', 'od', 'dla', 'przez', 'po', 'przy', 'za', 'pod', 'nad', 'przed', 'między', 'u', 'oraz', 'lub', 'ale', 'że', 'to', 'ten', 'ta', 'te', 'tego', 'jego', 'jej', 'ich', 'jest', 'był', 'była', 'było', 'nie', 'tak', 'już', 'także', 'się', 'jak', 'gdy', 'gdzie', 'który', 'która', 'które', 'według', 'podczas', 'po', 'on', 'ona', 'oni', 'my', 'wy', 'ja'],
    capitalizedNames: true,
    phoneCues: ['telefon', 'tel', 'nr tel', 'numer telefonu', 'komórka', 'kom', 'fax', 'dzwoń'],
    referenceCues: ['faktura', 'faktury', 'fakturze', 'zamówienie', 'zamówienia', 'umowa', 'umowy', 'sprawa', 'sprawy', 'sygnatura', 'sygn', 'klient', 'klienta', 'rezerwacja', 'rezerwacji', 'polisa', 'polisy', 'zgłoszenie', 'zgłoszenia', 'przesyłka', 'przesyłki'],
  },
  {
    names: [
      // "Budex Sp. z o.o.", "Orlen S.A.", "Kowalski i Wspólnicy Sp.k.".
      legalFormRule('pl', {
        forms: ['Sp\\.[^\\S\\n]?z[^\\S\\n]?o\\.[^\\S\\n]?o\\.', 'Sp\\.[^\\S\\n]?k\\.', 'Sp\\.[^\\S\\n]?j\\.', 'S\\.A\\.', 'S\\.K\\.A\\.'],
        links: ['i', '&'],
        openers: ['W', 'We', 'Z', 'Ze', 'Na', 'Do', 'Od', 'Dla', 'Przez', 'Po', 'Przy', 'I', 'A'],
        requires: ['Sp.', 'S.A.', 'S.K.A.'],
      }),
      // "ul. Długa 12", "al. Jerozolimskie 5/7", "pl. Grunwaldzki 3", "os. Tysiąclecia 10".
      streetRule('pl', { prefixes: ['ul\\.', 'ulica', 'al\\.', 'aleja', 'pl\\.', 'plac', 'os\\.', 'osiedle'] }),
      // "31-147 Kraków".
      ...postcodeTownRules('pl', '\\d{2}-\\d{3}'),
    ],
    code: [
      ...nationalIdRules({ name: 'pl-pesel', pattern: /(?<![\w\-./])\d{11}(?![\w]|[-./]\d)/g, valid: peselValid, cues: ['pesel', 'numer pesel', 'nr pesel'] }),
      {
        // Numbers without the country code: "601 234 567", "12 345 67 89".
        name: 'pl-phone-national',
        entityType: 'CODE',
        subtype: 'PHONE',
        confidence: 0.6,
        pattern: /(?<![\w+\-./])(?:[1-9]\d{2} \d{3} \d{3}|[1-9]\d \d{3} \d{2} \d{2})(?![\w]|[-./]\d)/g,
        context: { raise: ['telefon', 'tel', 'komórka', 'kom', 'fax', 'dzwoń'], lower: ['pesel', 'nip', 'regon', 'konto', 'faktura'] },
      },
    ],
  },
);
