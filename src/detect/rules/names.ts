/**
 * PERSON / ORG / LOC cues that patterns catch cheaply: a title before a name, an organisation head
 * noun ("… Court", "Ministry of …"), place cues ("municipality of …"), acronyms and, last, any
 * capitalized sequence. Lower confidence than the validated rules: a recall-first recognizer wants
 * them, and the merge step lets better evidence win.
 */
import { capitalizedSequenceEnd, isCommonWord, isFunctionWord } from './capitalized.ts';
import {
  CAPITAL_KEYWORDS,
  EXECUTIVE_ROLE_ACRONYMS,
  IDENTIFIER_KINDS,
  MONTH_ABBREVIATIONS,
  MONTH_NAMES,
  WEEKDAY_ABBREVIATIONS,
  WEEKDAY_NAMES,
  wordAlternation,
} from './everyday.ts';
import { CAPITAL_DIGIT, FIVE_DIGITS_PLACED, SPACED_HYPHEN, anyFeature } from './features.ts';
import { alternativesSeek, capitalBeforeDotSeek, capitalStartSeek, chainSeek, earliestSeek, lineStartSeek, shiftedSeek } from './seek.ts';
import type { Rule } from './types.ts';
import type { Span } from '../../corpus/index.ts';

export const UPPER = '\\p{Lu}';
/** A space inside a name: not a line break (a name and a job title on the next line are two things). */
export const SP = '[^\\S\\n\\r\\u2028\\u2029]';
/** A capitalized word: "Kowalski", "Wołąsiewicz", "O'Neill", "Xenides-Arestis", "McDonald". */
export const CAP_WORD = `${UPPER}[\\p{L}\\p{M}'’]*(?:-${UPPER}?[\\p{L}\\p{M}'’]+)*`;
export const INITIAL = `${UPPER}\\.(?:-?${UPPER}\\.)*`;
/** Titles before a name: abbreviations, with or without their full stop, and words, which take none ("Dr.", not "President. In"). */
const TITLE_ABBREVIATIONS = ['Mr', 'Mrs', 'Ms', 'Mx', 'Dr', 'Prof', 'Mme', 'Mlle', 'M', 'Lt', 'Gen', 'Col', 'Capt', 'Sgt', 'Maj', 'Rev'];
const TITLE_WORDS = ['Miss', 'Professor', 'Sir', 'Dame', 'Lady', 'Lord', 'Judge', 'Justice', 'Herr', 'Frau', 'Senator', 'President', 'Father', 'Sister', 'Imam', 'Rabbi'];
const TITLE = `(?:(?:${TITLE_ABBREVIATIONS.join('|')})\\.?|${TITLE_WORDS.join('|')})`;
/** A person's title right before a position ("Mr. ", "Dr "). */
const TITLE_RIGHT_BEFORE = new RegExp(`\\b(?:${TITLE_ABBREVIATIONS.filter((t) => t.length > 1).join('|')})\\.?\\s$`, 'u');
/** Titles and legal forms as text in capitals prints them, and a word in capitals (two letters or more). */
const CAPITAL_TITLES: readonly string[] = ['MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF'];
const CAPITAL_LEGAL_FORMS: readonly string[] = ['LTD', 'LIMITED', 'PLC', 'INC', 'LLC', 'LLP', 'GMBH', 'CORP', 'CORPORATION'];
const CAPS_WORD = `\\p{Lu}[\\p{Lu}'’-]*\\p{Lu}`;
/** Words that open a heading or a notice in capitals, not a firm's name ("NOTICE TO … LTD"). */
const IN_CAPITALS_HEADING_WORDS: ReadonlySet<string> = new Set(['TO', 'FROM', 'RE', 'NOTICE', 'ATTN', 'INVOICE', 'DEAR', 'FOR', 'AND', 'THE', 'OF', 'BY', 'PAID', 'PAY']);
const CAPS_WORD_AND_SPACE = new RegExp(`^(${CAPS_WORD})${SP}`, 'u');
const CAPITAL_LEGAL_FORM_AFTER = new RegExp(`^(?:${SP}${CAPS_WORD}){0,3}${SP}(?:${CAPITAL_LEGAL_FORMS.join('|')})(?![\\p{L}\\p{N}])`, 'u');

/** What links a head noun to its complement: "Ministry of (the) Interior", "Office for …". */
const OF_CONNECTOR = `(?:of|for|on|de|du|des|für|der|di|da)(?:${SP}the)?`;
const CONNECTOR_WORDS = new Set(['of', 'the', 'for', 'and', 'on', 'de', 'du', 'des', 'la', 'le', 'für', 'der', 'di', 'da', 'van', 'von', '&']);
const CONNECTOR_LIST: readonly string[] = [...CONNECTOR_WORDS];
const CONNECTOR = `(?:${CONNECTOR_LIST.join('|')})`;
// Expressions read on every match or chain token, made once (a literal in a function is remade at each call).
/** Written in capitals (a heading). */
const IN_CAPITALS = /^[\p{Lu}\s\p{P}]+$/u;
const OPENS_UPPER = /^\p{Lu}/u;
const OPENS_UPPER_OR_DIGIT = /^[\p{Lu}\p{N}]/u;

function hasAsciiLowercase(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 97 && unit <= 122) return true;
  }
  return false;
}

/** Whether text[at] is an ASCII digit. */
function isAsciiDigitAt(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  return unit >= 48 && unit <= 57;
}

/** Head nouns of organisations, as in TAB (courts, ministries, parties) and Wikipedia (clubs, bands, firms). */
const ORG_HEAD =
  '(?:Court|Courts|Tribunal|Ministry|Council|University|College|Academy|Government|Parliament|Assembly|Senate|Congress|Office|Department|Directorate|Authority|Agency|Administration|Prosecutor|Prosecutor’s Office|Commission|Committee|Board|Bureau|Service|Services|Police|Gendarmerie|Army|Navy|Forces|Force|Prison|Hospital|Clinic|Institute|School|Company|Corporation|Ltd|Inc|LLC|LLP|GmbH & Co\\. KG|GmbH|GbR|AG|KG|OHG|SARL|SASU|SAS|EURL|SNC|SCI|SEM|SpA|Srl|BV|NV|plc|S\\.L\\.|S\\.A\\.|S\\.p\\.A\\.|S\\.r\\.l\\.|S\\.R\\.L\\.|B\\.V\\.|N\\.V\\.|A\\.G\\.|S\\.A\\.S\\.|A\\.Ş\\.|Sons|Partners|Bank|Party|League|Club|Association|Union|Federation|Foundation|Society|Church|Centre|Center|Group|Network|Agency|Fund|Trust|Organisation|Organization|Chamber|Inspectorate|Municipality|Treasury|Railways|Records|Studios|Band|Orchestra|Theatre|Museum|Newspaper|Times|News|Radio|Television|TV|Airlines|Team|United|FC|Athletics|Cowboys|Legislature)';

/** The branches of ORG_HEAD (expression sources). */
const ORG_HEAD_ALTERNATIVES: readonly string[] = ORG_HEAD.slice(3, -1).split('|');
/** The one-word head nouns of ORG_HEAD ("Court", "Party", "Records"), for the recognizer's type decisions. */
export const ORG_HEAD_WORDS: readonly string[] = ORG_HEAD_ALTERNATIVES.filter((w) => /^\p{L}+$/u.test(w));

/** Last words that make "X and Y" one organisation: its head noun ("Marks and Spencer Group", "Hammes and Sons"). */
const JOINED_ORG_ENDINGS = new Set([...ORG_HEAD_WORDS, 'Associates', 'Brothers', 'Co', 'Company']);
/** A lower-case word right after the run. */
const NOUN_AFTER = /^ (\p{Ll}+)/u;
/** A capitalised word and a comma right before the run: the last two of a list ("Brakus, Senger and Olson", a firm of surnames). */
const LISTED_BEFORE = /\p{Lu}[\p{L}\p{M}'’-]*,\s$/u;

/** Where `joint` (" and ") starts inside text[start, end), or -1: a scan of the span alone, however long the text. */
function jointInside(text: string, joint: string, start: number, end: number): number {
  for (let i = start; i + joint.length <= end; i++) if (text.charCodeAt(i) === 32 && text.startsWith(joint, i)) return i;
  return -1;
}

const CALENDAR_JOINTS: readonly string[] = [' on ', ' for '];

/**
 * `span` without a day or month its run took after "on" or "for" ("Acme Bank on Monday", "Smith on
 * March 3"): the date is the date rules' to find.
 */
export function withoutCalendarTail(text: string, span: Span): Span {
  for (const joint of CALENDAR_JOINTS) {
    const at = jointInside(text, joint, span.start, span.end);
    if (at > span.start && CALENDAR_WORD.test(text.slice(at + joint.length, at + joint.length + 10))) return { start: span.start, end: at };
  }
  return span;
}

/**
 * A capitalized run of two names joined by "and" and nothing else ("Bhuj and Mumbai", "Makino and
 * Sugimoto", "Abkhazia and South Ossetia") is two names: one span typed as one thing made a pair of
 * places or people an organisation, and masked the "and" between them. Returns the two, or undefined
 * to keep the run whole: one without "and" or with another connector ("Ministry of Labour and Social
 * Affairs"), one word and then a name ending with an organisation's head noun ("Hammes and Sons"), one
 * word ending a list of surnames ("Brakus, Senger and Olson", a firm), and two adjectives before a noun
 * ("Irish and European fighters"). Names of two words or more before the "and" are two names there too
 * ("Leicester City and Sheffield United", "…, Ken Holtzman and Grant Jackson").
 */
export function splitJoinedNames(text: string, span: Span): [Span, Span] | undefined {
  const joint = jointInside(text, ' and ', span.start, span.end);
  if (joint < 0 || joint + 5 >= span.end) return undefined;
  const words = text.slice(span.start, span.end).split(' ');
  if (words.filter((w) => CONNECTOR_WORDS.has(w)).length !== 1) return undefined;
  // One word before the "and" and a head noun or a list before it: a firm's name ("Hammes and Sons", "Brakus, Senger
  // and Olson"); two names of two words or more are two ("Leicester City and Sheffield United", "…, Ken Holtzman and Grant Jackson").
  const oneWordFirst = words.indexOf('and') === 1;
  if (oneWordFirst && (JOINED_ORG_ENDINGS.has(words.at(-1) ?? '') || LISTED_BEFORE.test(text.slice(Math.max(0, span.start - 40), span.start)))) return undefined;
  // Before a noun the two are adjectives of one thing ("the Irish and European fighters"), one mention.
  const after = NOUN_AFTER.exec(text.slice(span.end, span.end + 30));
  if (after && !isFunctionWord(after[1])) return undefined;
  return [
    { start: span.start, end: joint },
    { start: joint + 5, end: span.end },
  ];
}

/** The last word of a sporting event that a competitor takes part in for a side. */
const SPORTING_EVENT = new Set(['Olympics', 'Paralympics', 'Games', 'Championship', 'Championships', 'Cup', 'Universiade']);

/**
 * A sporting event and the side a competitor played it for, run together by the capitalized run
 * ("Summer Olympics for SFR Yugoslavia", "World Championships for Kenya"): two mentions, an event and
 * a team or country. An award for something ("Hugo Award for Best Novel") is one name and stays whole.
 */
export function splitEventForSide(text: string, span: Span): [Span, Span] | undefined {
  const joint = jointInside(text, ' for ', span.start, span.end);
  if (joint < 0 || joint + 5 >= span.end) return undefined;
  const event = text.slice(span.start, joint);
  if (!SPORTING_EVENT.has(event.slice(event.lastIndexOf(' ') + 1))) return undefined;
  return [
    { start: span.start, end: joint },
    { start: joint + 5, end: span.end },
  ];
}

/** A weekday's or month's name opening a string. */
/** A weekday or month, in full or cut short as calendars write them ("Sat", "Dec"). */
const CALENDAR_WORD = new RegExp(`^(?:${wordAlternation([...WEEKDAY_NAMES, ...MONTH_NAMES, ...WEEKDAY_ABBREVIATIONS, ...MONTH_ABBREVIATIONS])})\\b`, 'u');

/** Bodies every ECHR judgment names as boilerplate; TAB does not annotate them as personal information. */
const ORG_BOILERPLATE = new Set(['Rules of Court', 'Committee of Ministers', 'Grand Chamber']);

/** Acronyms of everyday forms that label a value and name no one: "SSN: …", "IBAN …", "NHS number …". */
/** A lower-case letter after the dash. */
const LOWER_AFTER_DASH = / - .*\p{Ll}/u;

const LABEL_ACRONYMS = new Set([
  // The kinds of identifiers ("IBAN", "SSN", "IP"), which the recognizer also drops wherever they stand.
  ...IDENTIFIER_KINDS,
  ...CAPITAL_KEYWORDS,
  // executive roles ("CEO"): a job title alone, which the mention clean-up types as one where another layer finds it
  ...EXECUTIVE_ROLE_ACRONYMS,
  ...('NHS NI HR GP CV ATM FAQ ASAP FYI PDF URL ZIP PO PS RE FW FWD CC BCC ETA TBD TBC NB OOO AM PM AOB ' +

    // national id labels of the other languages (rules/languages)
    'DNI NIE NIF BSN PESEL NIP REGON NIR TIN IdNr').split(' '),
]);

const LONGEST_LABEL_ACRONYM = Math.max(...[...LABEL_ACRONYMS].map((a) => a.length));

/** LABEL_ACRONYMS.has, without hashing a run longer than any of them (most runs of capitalized words). */
const isLabelAcronym = (value: string): boolean => value.length <= LONGEST_LABEL_ACRONYM && LABEL_ACRONYMS.has(value);

/** An initial ("L.") and one word after it, at the end of a match. */
const INITIALS_THEN_WORD = /(?<!\p{L})\p{Lu}\.[^\S\n\r\u2028\u2029]+([\p{L}’'-]+)$/u;
/** Dotted abbreviations of countries and unions, which the initials pattern would take for a name. */
const PLACE_INITIALS = /^(?:U\.S(?:\.A)?|U\.K|U\.N|E\.U|U\.S\.S\.R|U\.A\.E)\.?(?:$|\s)/u;

/**
 * "B. Trial and appeal", "A. Criminal proceedings": a lettered heading of a judgment, on a line of its
 * own with lower-case words after it, not an initial and a surname ("H. Winkler was born in 1950.").
 */
function isLetteredHeading(value: string, text: string, span: { start: number; end: number }): boolean {
  if (!/^\p{Lu}\.\s*\p{Lu}[\p{L}-]*$/u.test(value)) return false;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (text.slice(lineStart, span.start).trim() !== '') return false;
  const lineEnd = text.indexOf('\n', span.end);
  // The rest of the line: one or more lower-case words ("B. Trial and appeal"), no sentence end. A
  // line with the name alone ("S. Dollé" above "Registrar") stays a name.
  return /^(?:[\s–-]+\p{Ll}[\p{L}’'-]*)+\s*$/u.test(text.slice(span.end, lineEnd < 0 ? text.length : lineEnd));
}

/** An all-capitals word next to another all-capitals word is a heading ("THE FACTS"), not an acronym. */
function insideHeading(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  const after = text.slice(end, end + 20);
  return /\b\p{Lu}{2,}[\s.:,-]*$/u.test(before) || /^[\s.:,-]*\p{Lu}{2,}\b/u.test(after);
}

/** Street nouns and the suffixes of one-word street names; also what the street rule seeks. */
const STREET_NOUNS = ['Street', 'St.', 'Road', 'Rd.', 'Avenue', 'Ave.', 'Boulevard', 'Lane', 'Square', 'Place', 'Drive', 'Way', 'Alley', 'Highway'];
const STREET_SUFFIXES = ['straße', 'strasse', 'str.', 'gasse', 'weg', 'platz', 'allee', '-Straße', '-Str.', '-Platz', '-Weg', '-Gasse', '-Allee', 'ulica', 'sokak', 'caddesi'];
const escapeDots = (s: string): string => s.replace(/\./g, '\\.');
/** Street words after a house number (USPS suffixes and their British kin), each once, in this order. */
const ADDRESS_SUFFIXES = [
  ...new Set([
    ...STREET_NOUNS.map(escapeDots),
    'Avenue', 'Ave', 'Close', 'Court', 'Crescent', 'Gardens', 'Grove', 'Hill', 'Mews', 'Parade', 'Park', 'Parkway', 'Rise', 'Row',
    'Terrace', 'Walk', 'Circle', 'Trail', 'Pass', 'Path', 'Pike', 'Plaza', 'Point', 'Points', 'Ridge', 'Run', 'Crossing', 'Heights',
    'Estates', 'Green', 'Harbor', 'Harbour', 'Junction', 'Knoll', 'Knolls', 'Loop', 'Manor', 'Meadow', 'Meadows', 'Mill', 'Mills',
    'Orchard', 'Port', 'Ports', 'Ranch', 'Shore', 'Shores', 'Spring', 'Springs', 'Station', 'Summit', 'Track', 'Turnpike', 'Valley',
    'View', 'Views', 'Village', 'Villages', 'Vista', 'Well', 'Wells', 'Creek', 'Falls', 'Ferry', 'Field', 'Fields', 'Fort', 'Forge',
    'Freeway', 'Expressway', 'Glen', 'Haven', 'Hollow', 'Island', 'Isle', 'Lake', 'Lakes', 'Landing', 'Light', 'Lodge', 'Mount',
    'Mountain', 'Oval', 'Pines', 'Plains', 'Prairie', 'Radial', 'Rapids', 'Rest', 'Route', 'Skyway', 'Square', 'Stream', 'Throughway',
    'Trace', 'Trafficway', 'Tunnel', 'Underpass', 'Union', 'Unions', 'Ville', 'Ways', 'Bypass', 'Camp', 'Canyon', 'Cape', 'Causeway',
    'Center', 'Centers', 'Cliff', 'Cliffs', 'Club', 'Common', 'Commons', 'Corner', 'Corners', 'Course', 'Courts', 'Cove', 'Coves',
    'Dale', 'Dam', 'Divide', 'Drives', 'Extension', 'Extensions', 'Flat', 'Flats', 'Ford', 'Fords', 'Forest', 'Forks', 'Gateway',
    'Glens', 'Greens', 'Groves', 'Harbors', 'Hills', 'Inlet', 'Key', 'Keys', 'Lights', 'Locks', 'Motorway', 'Overpass', 'Pine',
    'Plain', 'Ramp', 'Roads', 'Fork', 'Gate', 'Gateway', 'Shoal', 'Shoals', 'Spur', 'Squares', 'Streets', 'Stravenue', 'Tracks', 'Vale',
    'Branch', 'Circles', 'Fall', 'Garden', 'Mission', 'Rapid', 'Via',
    // British: "28 Hayes Copse", "743 Leannon Brae". Not "Bank" or "Wood": "in 1998 Ziraat Bank" is a year and a bank.
    'Approach', 'Brae', 'Brow', 'Chase', 'Copse', 'Croft', 'Fold', 'Garth', 'Wynd', 'Yard',
  ]),
];
/** USPS abbreviations of street words ("4821 Willow Creek Dr", "12 Oak Blvd."): only after a street's name, never alone after a number ("in 1995 Dr. Smith"). */
const STREET_ABBREVIATIONS = ['Dr', 'St', 'Rd', 'Blvd', 'Ln', 'Ct', 'Pl', 'Pkwy', 'Hwy', 'Cir', 'Ter', 'Trl', 'Sq', 'Cres', 'Gdns'];
/** A flat or suite after the street ("…, Apt 3B", "Suite 200", "#12"). */
const UNIT_AFTER = `(?:,?${SP}(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|#)${SP}?[0-9A-Z]{1,5}(?![\\p{L}\\p{N}]))?`;
/** The two-letter codes of the US states (and DC, Puerto Rico), as an address writes them before the ZIP code. */
const US_STATES = 'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR'.split(' ');
/** A town name: up to four capitalized words, hyphenated or not ("Saint-Denis", "Little Wiegand Court"). */
const TOWN = `${CAP_WORD}(?:${SP}(?:${CAP_WORD}|upon|on|de|la|le|am|an|der|sur|sous|en))*`;
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}';

/** Head nouns of job titles (the last word of "Senior Program Officer"). */
const JOB_HEADS = [
  'Accountant', 'Administrator', 'Agent', 'Analyst', 'Architect', 'Assistant', 'Associate', 'Consultant', 'Coordinator', 'Designer',
  'Developer', 'Director', 'Engineer', 'Executive', 'Facilitator', 'Liaison', 'Manager', 'Nurse', 'Officer', 'Orchestrator',
  'Planner', 'Producer', 'Representative', 'Scientist', 'Specialist', 'Strategist', 'Supervisor', 'Technician', 'Teacher', 'Clerk',
  'Secretary', 'Lawyer', 'Solicitor', 'Paralegal', 'Pharmacist', 'Physician', 'Surgeon', 'Therapist', 'Programmer', 'Editor',
  'Auditor', 'Advisor', 'Adviser', 'Controller', 'Buyer', 'Recruiter', 'Underwriter', 'Inspector', 'Researcher', 'Lecturer',
  'Cardiologist', 'Radiologist', 'Anaesthetist', 'Anesthesiologist', 'Psychiatrist', 'Psychologist', 'Physiotherapist', 'Midwife',
  'Paramedic', 'Dentist', 'Optometrist', 'Dietitian', 'Oncologist', 'Neurologist', 'Paediatrician', 'Pediatrician', 'Practitioner', 'Clinician',
];
/** Roles before "of" and the unit they lead ("Head of Operations"). */
const JOB_OF_WORDS = ['Head', 'Director', 'Chief', 'Vice President', 'VP', 'Manager', 'Professor', 'Lecturer'];
/** Words that open a street's name before its house number (Spanish, Catalan, Italian, Portuguese, German). */
const STREET_FIRST_WORDS = ['Calle', 'Avenida', 'Av.', 'Paseo', 'Carrer', 'Avinguda', 'Via', 'Viale', 'Piazza', 'Piazzale', 'Corso', 'Rua', 'Praça', 'An der', 'Auf der', 'Zum', 'Zur'];
/** A word of a street's name before its street word: a capitalized word or a numbered street's ordinal ("350 5th Avenue", "3626 S 5th Street"). */
const STREET_NAME_WORD = `(?:${CAP_WORD}|\\d{1,3}(?:st|nd|rd|th))`;
/** A quadrant after the street word, as US addresses write it ("1600 Pennsylvania Avenue NW"). */
const DIRECTION_AFTER = `(?:${SP}(?:NE|NW|SE|SW)(?![\\p{L}]))?`;
const FRENCH_STREETS = '(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Pp]lace|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Qq]uai|[Cc]ours|[Rr]oute|[Vv]oie|[Pp]assage|[Ss]quare|[Pp]arvis)';

export const NAME_RULES: readonly Rule[] = [
  {
    // "Mr J. Wołąsiewicz", "Mrs Myra Xenides-Arestis", "Mr F.L.", "Mr Z.M. Necatigil", "Dr. Jan Kowalski", "Mr and Mrs Thompson".
    name: 'person-title',
    entityType: 'PERSON',
    confidence: 0.9,
    pattern: new RegExp(`\\b${TITLE}(?:${SP}(?:and|&)${SP}${TITLE})?${SP}(?:${INITIAL}${SP}?)*(?:${CAP_WORD})(?:${SP}(?:${INITIAL}${SP}?)*${CAP_WORD}){0,3}|\\b${TITLE}${SP}${INITIAL}`, 'gu'),
    // Every match opens with its title, a whole word, where a word starts: tried only where the shared
    // cue scan found one ("M" opens "M. Dupont", not every word that starts with an "m").
    cues: [...TITLE_ABBREVIATIONS, ...TITLE_WORDS],
    opensWithCue: true,
    cuesAsWords: true,
    // "Mr F.L. At the end of …", "Mr J.S. Further, …": initials end the name when a sentence opens after them.
    clean: (text, span) => {
      const tail = INITIALS_THEN_WORD.exec(text.slice(span.start, span.end));
      return tail && isCommonWord(tail[1]) ? { start: span.start, end: span.start + (tail.index ?? 0) + 2 } : span;
    },
  },
  {
    // A title and a name in capitals, as bookings, boarding passes and forms print them: "MS ANNA KOWALSKA",
    // "MR J. BAPTISTE" (the neural layer read the words as a MISC and an ORG).
    name: 'person-title-capitals',
    entityType: 'PERSON',
    confidence: 0.9,
    pattern: new RegExp(`\\b(?:${CAPITAL_TITLES.join('|')})\\.?${SP}(?:${INITIAL}${SP}?)*${CAPS_WORD}(?:${SP}${CAPS_WORD}){0,2}(?![\\p{L}\\p{N}])`, 'gu'),
    // Not a firm's name that opens with the letters of a title ("MS SOCIETY LTD").
    validate: (value, text, span) => !CAPITAL_LEGAL_FORMS.includes(value.slice(value.lastIndexOf(' ') + 1)) && !CAPITAL_LEGAL_FORM_AFTER.test(text.slice(span.end, span.end + 16)),
    cues: CAPITAL_TITLES,
    opensWithCue: true,
  },
  {
    // A firm in capitals with its legal form: "ACME LTD", "NORTHWIND TRADING LIMITED" (the neural layer kept "ACME" alone, a MISC).
    name: 'org-capitals',
    entityType: 'ORG',
    confidence: 0.8,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])${CAPS_WORD}(?:${SP}(?:${CAPS_WORD}|&)){0,3}${SP}(?:${CAPITAL_LEGAL_FORMS.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
    // A heading's or a notice's words before it are not the firm's ("NOTICE TO ACME LTD", "THE MS SOCIETY LTD").
    clean: (text, span) => {
      let start = span.start;
      for (let word = CAPS_WORD_AND_SPACE.exec(text.slice(start, span.end)); word && IN_CAPITALS_HEADING_WORDS.has(word[1]); word = CAPS_WORD_AND_SPACE.exec(text.slice(start, span.end))) start += word[0].length;
      return { start, end: span.end };
    },
    validate: (value) => !CAPITAL_LEGAL_FORMS.includes(value),
    // A legal form in capitals is rare in prose (the case-free cues "Ltd" and "limited" are not): texts without one are not scanned.
    requires: CAPITAL_LEGAL_FORMS,
  },
  {
    // "H. Winkler", "J.-P. Costa", "F.E." (initials used as anonymised names in TAB).
    name: 'person-initials',
    entityType: 'PERSON',
    confidence: 0.75,
    // Both branches start with a capital and a full stop: the leading look-ahead says so, which lets
    // the engine skip to full stops instead of testing the look-behinds at every position.
    pattern: new RegExp(`(?=${UPPER}\\.)(?:(?<![\\p{L}\\p{N}.])(?:${INITIAL}${SP}?)+${CAP_WORD}|(?<![\\p{L}\\p{N}.])${UPPER}\\.${UPPER}\\.(?:${UPPER}\\.)*(?![\\p{L}]))`, 'gu'),
    // "I. THE FACTS" is a numbered heading, not an initial and a surname; "C. Invoice", "L. She" end a code or a sentence.
    // "U.S. Naval Reserve", "U.K." are places, not initials.
    validate: (value, text, span) =>
      !/\p{Lu}{2,}$/u.test(value) && !isCommonWord(/[\p{L}’'-]+$/u.exec(value)?.[0] ?? '') && !PLACE_INITIALS.test(value) && !isLetteredHeading(value, text, span),
    // Tried only before a capital and a full stop (a pair of surrogates being one capital).
    startsAt: capitalBeforeDotSeek,
  },
  {
    // "S. C. Johnson & Son", "J. Lyons & Co.", "W. H. Smith & Sons": a firm named after its founder's initials
    // and surname, one ORG (person-initials alone took the founder and left "& Son" to the capitalized runs).
    name: 'firm-initials',
    entityType: 'ORG',
    confidence: 0.8,
    pattern: new RegExp(`(?=${UPPER}\\.)(?<![\\p{L}\\p{N}.])(?:${INITIAL}${SP}?)+${CAP_WORD}${SP}&${SP}(?:Sons?|Co\\.?)(?![\\p{L}])`, 'gu'),
    // Every match holds an ampersand: a text without one is not scanned.
    requires: ['&'],
    startsAt: capitalBeforeDotSeek,
  },
  {
    // "Istanbul State Security Court", "Court of Cassation", "Ministry of Foreign Affairs", "University of Michigan".
    name: 'org-head',
    entityType: 'ORG',
    confidence: 0.75,
    pattern: new RegExp(
      `(?:(?:${CAP_WORD}|\\d+(?:st|nd|rd|th))${SP}(?:${CONNECTOR}${SP})?)*${ORG_HEAD}(?:${SP}${OF_CONNECTOR}${SP}(?:${CAP_WORD})(?:${SP}${CAP_WORD}|${SP}(?:${CONNECTOR})${SP}${CAP_WORD})*)?(?![\\p{L}])`,
      'gu',
    ),
    // A leading article is not part of the name ("The Turkish Government": TAB marks "Turkish
    // Government"; a German sentence's "Die Müller Bau GmbH": CoNLL marks "Müller Bau GmbH").
    // Nor is a day or month after the head ("Acme Bank on Monday").
    clean: (text, span) => {
      const article = /^(?:[Tt]he|Der|Die|Das|Den|Dem|Des|Eine[mnrs]?|Ein)\s+/.exec(text.slice(span.start, span.end));
      let start = article ? span.start + article[0].length : span.start;
      // After a person's title the name before "of" is the person's ("Mr. Tobias Lund of Lund & Partners"):
      // the organisation starts after it.
      if (TITLE_RIGHT_BEFORE.test(text.slice(Math.max(0, start - 12), start))) {
        const of = text.slice(start, span.end).search(/\sof\s/u);
        if (of >= 0) start += of + 4;
      }
      return withoutCalendarTail(text, { start, end: span.end });
    },
    // A bare head noun ("the Court", "the Government") is the judgment's own boilerplate, not a name.
    validate: (value) => /\s/.test(value) && !ORG_BOILERPLATE.has(value),
    // Head nouns are rare: run the pattern only from the start of the capitalized chain before one.
    // (An ASCII letter after a head rules it out here, any letter in the pattern: the seek may stop
    // at a few more places, never past a match, and this expression runs faster without the u flag.)
    seek: chainSeek(alternativesSeek(ORG_HEAD_ALTERNATIVES, '(?![A-Za-z])'), (token) => OPENS_UPPER_OR_DIGIT.test(token) || CONNECTOR_WORDS.has(token)),
  },
  {
    // "Republic of Turkey", "Kingdom of Norway", "municipality of Härjedalen", "province of Mardin".
    name: 'loc-cue',
    entityType: 'LOC',
    subtype: (value) => (/^(?:Republic|Kingdom|Principality|Federation)\b/.test(value) ? 'COUNTRY' : /^(?:city|town|village|municipality|Municipality)\b/.test(value) ? 'CITY' : undefined),
    confidence: 0.7,
    pattern: new RegExp(`\\b(?:(?:Republic|Kingdom|State|Principality|Federation|province|Province|district|District|municipality|Municipality|village|region|Region|county|County|city|town|canton|Canton|département|Département) of ${CAP_WORD}(?:${SP}${CAP_WORD})*)`, 'gu'),
    // Every match opens with its cue word and "of".
    cues: ['Republic of', 'Kingdom of', 'State of', 'Principality of', 'Federation of', 'province of', 'district of', 'municipality of', 'village of', 'region of', 'county of', 'city of', 'town of', 'canton of', 'département of'],
    opensWithCue: true,
  },
  {
    // "Schlossgasse 5", "Main Street", "Sunset Boulevard".
    name: 'street',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.7,
    pattern: new RegExp(
      `(?:${CAP_WORD}${SP})+(?:${STREET_NOUNS.map(escapeDots).join('|')})(?:${SP}(?:No\\.${SP})?\\d+[a-z]?)?(?![\\p{L}])|${CAP_WORD}(?:${STREET_SUFFIXES.map(escapeDots).join('|')})(?:${SP}\\d+[a-z]?)?(?![\\p{L}])`,
      'gu',
    ),
    // Most texts name no street: the pattern is tried only from the start of the capitalized chain
    // before a street noun or suffix, which every match holds ("weg" in "Norwegian" costs a few tries).
    startsAt: chainSeek(alternativesSeek([...STREET_NOUNS, ...STREET_SUFFIXES].map(escapeDots)), (token) => OPENS_UPPER.test(token)),
  },
  {
    // The street word first and the house number last: "Calle de Alcalá 45", "Via Roma 12", "Rua Augusta
    // 100", "An der Dingbank 94c", "Zum Markt 3". Not "Am Montag 5" nor "Im Jahr 1998": German capitalises
    // every noun, so only prepositions that streets are named with and no common one.
    name: 'street-word-first',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.75,
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}_])(?:${STREET_FIRST_WORDS.map(escapeDots).join('|')})${SP}(?:(?:de|del|de la|dels|di|della|dei|degli|do|da|dos|das)${SP})?${CAP_WORD}(?:${SP}${CAP_WORD}){0,3},?${SP}\\d{1,4}[A-Za-z]?(?![\\p{L}\\d])`,
      'gu',
    ),
    // Every match opens with its street word.
    cues: STREET_FIRST_WORDS,
    opensWithCue: true,
  },
  {
    // A flat or unit on its own, capitalized as an address writes it: "Flat 3B", "Apt 12", "Unit 4A", and a hospital's
    // "Ward 12" or a building's "Room 101" (the neural layer read "Flat" as a place, "Ward" as a person and the numbers
    // as quantities). A flat before its street is part of house-address.
    name: 'flat-number',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.75,
    pattern: new RegExp(`\\b(?:Flat|Apt\\.?|Apartment|Unit|Ward|Room)${SP}(?:[Nn]o\\.?${SP})?[A-Z]?\\d{1,4}[A-Za-z]?(?:[.-]\\d{1,3}[A-Za-z]?)?(?![\\p{L}\\p{N}])`, 'gu'),
    // Every match opens with its cue word. A floor and a room ("Room 4.12", "Room B2.07") are one number.
    cues: ['Flat', 'Apt', 'Apartment', 'Unit', 'Ward', 'Room'],
    opensWithCue: true,
  },
  {
    // A house number and a street name ending in a street word: "221B Baker Street", "8327 Hand Pass",
    // "12 rue de la Paix", "Flat 4, 17 Mill Lane", "4821 Willow Creek Dr, Apt 3B" (a flat after the street too).
    // A street's name comes before its street word: a number and a street word alone were a year and a surname
    // ("In 1976, Ford won"), a section and a law ("section 1, Road Traffic Act"), a postcode and a town ("44939 Fort-de-France").
    name: 'house-address',
    entityType: 'LOC',
    subtype: 'ADDRESS',
    confidence: 0.8,
    pattern: new RegExp(
      // No look-ahead first: a leading look-ahead keeps V8 from skipping ahead to where a match can start.
      // The French form first ("86 Boulevard des Lombards", not "86 Boulevard" by its street word alone).
      `(?:\\b(?:Flat|Apt\\.?|Apartment|Suite|Unit)${SP}\\d+[A-Za-z]?,?${SP})?\\b\\d{1,5}[A-Za-z]?,?${SP}(?:(?:${FRENCH_STREETS})${SP}(?:(?:de|du|des|de${SP}la|d’|d')${SP}?)?${CAP_WORD}(?:${SP}${CAP_WORD}){0,2}|(?:${STREET_NAME_WORD}${SP}){1,3}(?:${STREET_ABBREVIATIONS.join('|')})\\.?(?![\\p{L}])${DIRECTION_AFTER}${UNIT_AFTER}|(?:${STREET_NAME_WORD}${SP}){1,3}(?:${ADDRESS_SUFFIXES.join('|')})(?![\\p{L}])${DIRECTION_AFTER}${UNIT_AFTER})(?![\\p{L}])`,
      'gu',
    ),
    // Every match opens where a word starts, with a number or a flat's word: tried only where the shared
    // cue scan found one (the digits are cues of the number rules too).
    cues: ['Flat', 'Apt', 'Apartment', 'Suite', 'Unit', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    opensWithCue: true,
  },
  {
    // UK postcodes ("SW1A 1AA", "M1 1AE"), US ZIP codes after a state or ending a line ("CA 94107", "TX 78731.", "Springfield, 62704"), five-digit
    // continental codes before a town ("75008 Paris", "10115 Berlin").
    name: 'postcode',
    entityType: 'LOC',
    subtype: 'POSTCODE',
    confidence: 0.75,
    pattern: new RegExp(
      `\\b(?:${UK_POSTCODE.replace('\\s', SP)}|(?<=\\b[A-Z]{2}${SP}|,${SP})\\d{5}(?:-\\d{4})?(?=${SP}*(?:$|\\n))|(?<=(?:,${SP}|^|\\n)(?:${US_STATES.join('|')})${SP})\\d{5}(?:-\\d{4})?(?![\\d-])|\\d{5}(?=${SP}${UPPER}\\p{Ll}))\\b`,
      'gu',
    ),
    // Postcodes are rare: the pattern is tried only where a UK postcode or five digits begin.
    startsAt: shiftedSeek(new RegExp(`[A-Z]{1,2}\\d[A-Z\\d]?${SP}\\d[A-Z]{2}|\\d{5}`, 'gu')),
    // A UK postcode holds a capital and a digit side by side; the others are five digits with a
    // space after them, or after "XX " or ", ".
    gate: anyFeature(CAPITAL_DIGIT, FIVE_DIGITS_PLACED),
  },
  {
    // An Irish Eircode ("D02 X285", "Dublin 2, D02 XY45"): a routing key, then four letters and digits of the
    // code's own alphabet, with a letter and a digit among them (not "F16 2000"), after a comma or opening a line.
    name: 'eircode',
    entityType: 'LOC',
    subtype: 'POSTCODE',
    confidence: 0.75,
    pattern: new RegExp(`(?<=(?:,${SP}|^|\\n|Eircode:?${SP}))(?:[AC-FHKNPRTV-Y]\\d{2}|D6W)${SP}?[0-9AC-FHKNPRTV-Y]{4}(?![\\p{L}\\p{N}])`, 'gu'),
    validate: (value) => /[A-Z]/.test(value.slice(-4)) && /\d/.test(value.slice(-4)),
    // A capital and a digit side by side open every match.
    gate: anyFeature(CAPITAL_DIGIT),
    startsAt: shiftedSeek(/(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}/g),
  },
  {
    // A US state's code before a ZIP code, after the town's comma ("Austin, TX 78731"): a place, which the
    // acronym rule read as an organisation. Not inside a reference ("contract DE-AC 05 - 84 OR 21400").
    name: 'us-state',
    entityType: 'LOC',
    confidence: 0.8,
    pattern: new RegExp(`(?<=(?:,${SP}|^|\\n))(?:${US_STATES.join('|')})(?=${SP}\\d{5}(?:-\\d{4})?(?![\\d-]))`, 'gu'),
    // Every match is a capital, a space (of any kind but a line break) and five digits.
    gate: anyFeature(FIVE_DIGITS_PLACED),
  },
  {
    // The town of an address, told by the postcode beside it: "75008 Paris", "Springfield, 62704" or
    // "Springfield, IL 62704", and a town on the line above a UK postcode.
    name: 'city-by-postcode',
    entityType: 'LOC',
    subtype: 'CITY',
    confidence: 0.7,
    pattern: new RegExp(
      `(?=[\\p{Lu}\\s])(?:(?<=\\b\\d{5}${SP})${TOWN}(?=${SP}*(?:$|\\n|,))|(?<=^|\\n)${SP}*${TOWN}(?=,${SP}(?:[A-Z]{2}${SP})?\\d{5}(?:-\\d{4})?\\b|${SP}*\\n${SP}*${UK_POSTCODE}\\b))`,
      'gu',
    ),
    validate: (value) => !isCommonWord(value.trim()),
    // A town of an address starts a line or follows a postcode: the pattern is tried only there.
    startsAt: earliestSeek(lineStartSeek, shiftedSeek(new RegExp(`\\d{5}${SP}`, 'gu'), 6)),
    // Each branch reads a postcode beside the town: five digits with a space after them ("75008 Paris")
    // or after ", " or "IL ", or a UK postcode (a capital and a digit side by side).
    gate: anyFeature(CAPITAL_DIGIT, FIVE_DIGITS_PLACED),
  },
  {
    // Firms named after two partners joined by a spaced hyphen: "Kuvalis - Turner". (A comma list of
    // three names, "Kulas, Corkery and Brakus", is a firm as often as three people or places: it cost
    // label-match F1 on TAB and Wikipedia, so it is left to the other layers.)
    name: 'org-partners',
    entityType: 'ORG',
    confidence: 0.55,
    pattern: new RegExp(`(?=${UPPER})(?<![\\p{L}\\p{N}.’'-])${CAP_WORD} - ${CAP_WORD}(?![\\p{L}])`, 'gu'),
    // Names, not codes: "São Paulo - SP" ends with a state's code.
    validate: (value) => LOWER_AFTER_DASH.test(value),
    // Every match holds " - ": found by the shared feature pass (a search for it was a scan of its own).
    gate: anyFeature(SPACED_HYPHEN),
  },
  {
    // Job titles: capitalized words ending in a job head noun, "Senior Accountant", "Product Research Supervisor".
    name: 'job-title',
    entityType: 'DEM',
    subtype: 'OCCUPATION',
    confidence: 0.6,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}.’'-])(?:${CAP_WORD}${SP}){0,3}(?:${JOB_HEADS.join('|')})(?![\\p{L}])`, 'gu'),
    // A capitalized job word alone opens many sentences ("Manager said …"): one more word is needed.
    validate: (value) => /\s/.test(value) && !/^(?:The|A|An|Our|Your|My|His|Her|Their|Dear|Hi|Hello|Patient|Employee|Position|Signed|Agent)\s/.test(value),
    requires: JOB_HEADS,
    // Head nouns are rare: run the pattern only from the start of the capitalized chain before one.
    seek: chainSeek(new RegExp(`(?:${JOB_HEADS.join('|')})(?![\\p{L}])`, 'gu'), (token) => OPENS_UPPER.test(token)),
  },
  {
    // Job titles that name a unit after the role: "Head of Operations", "Director of Human Resources",
    // "Vice President of Sales" ("Head" opens lines of letters' signatures, where the capitalized-word
    // rule drops it as a sentence opener). Not with "the": "Director of the Public Health Laboratory" is
    // a role and an organisation, two mentions in TAB.
    name: 'job-title-of',
    entityType: 'DEM',
    subtype: 'OCCUPATION',
    confidence: 0.6,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${JOB_OF_WORDS.join('|')})${SP}of${SP}${CAP_WORD}(?:${SP}(?:and${SP}|&${SP})?${CAP_WORD}){0,3}(?![\\p{L}])`, 'gu'),
    // Every match opens with its role and "of".
    cues: JOB_OF_WORDS.map((w) => `${w} of`),
    opensWithCue: true,
  },
  {
    // A name in its own script after the language it is written in: "Naftali Bennett (Hebrew: נַפְתָּלִי בֶּנֶט; born …)",
    // "(simplified Chinese: 黄义达; …)". The capitalized-word rules see no capital letters in these scripts.
    name: 'native-script-name',
    entityType: 'PERSON',
    confidence: 0.6,
    // Starts at "(" or ";" (rare, found fast); only the `span` group is the mention.
    // The language's label may be left out ("Yuji Unozawa (宇野沢 祐次, …)"), and the bracket left open before the
    // sentence goes on ("(Hangul: 송기원 is a …").
    pattern: /(?:\(|;\s)(?:(?:(?:simplified|traditional)\s)?\p{Lu}\p{Ll}+:\s?)?(?<span>[^\p{Script=Latin}\p{N}\p{P}\p{S}\s][^\p{Script=Latin}\p{N};,()]*?)(?=\s*[;,)]|\s+\p{Script=Latin})/dgu,
    requires: ['(', ';'],
  },
  {
    // Acronyms: "PKK", "DMK", "GDR", "SFR" (not roman numerals).
    name: 'acronym',
    entityType: 'ORG',
    confidence: 0.45,
    pattern: /\b(?!(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XX|EUR|USD|GBP|TRL|TRY|PLN|ATS|DEM|CHF|ECHR|OK|TV|AM|PM)\b)[A-Z][A-Z&]{1,6}\b/g,
    validate: (value, text, span) => !isLabelAcronym(value) && !insideHeading(text, span.start, span.end),
    // Every match opens with two capitals (or a capital and "&"): tried only where those stand.
    startsAt: shiftedSeek(/[A-Z][A-Z&]/g),
  },
  {
    // Any run of capitalized words mid-sentence; see capitalized.ts for the sentence-start filter.
    name: 'capitalized-sequence',
    entityType: 'PERSON',
    confidence: 0.3,
    // The look-ahead (implied by CAP_WORD) is checked before the costlier look-behind.
    pattern: new RegExp(`(?=${UPPER})(?<![\\p{L}\\p{N}.’'-])${CAP_WORD}(?:${SP}(?:${CONNECTOR}${SP})?${CAP_WORD})*`, 'gu'),
    // Headings are written in capitals; a name in capitals alone is left to the acronym rule.
    // (A lower-case ASCII letter, in most names, settles the first test without the expression.)
    // Nor is a run whose last word is glued to a number ("Q3", "FY2022", "Room B12"): a code, not a name.
    validate: (value, text, span) => !isAsciiDigitAt(text, span.end) && (value.length <= 3 || hasAsciiLowercase(value) || !IN_CAPITALS.test(value)) && !isLabelAcronym(value),
    // Tried only where a capital may start (an ASCII capital or a non-ASCII code point, never the
    // second half of a surrogate pair): finding those is cheaper than the pattern's \p{Lu} scan.
    startsAt: capitalStartSeek,
    // There the match is read by hand (capitalized.ts): it is tried at every capital, and running the
    // expression at each cost more than reading the words.
    matchAt: (text, at) => capitalizedSequenceEnd(text, at, CONNECTOR_LIST),
  },
];
