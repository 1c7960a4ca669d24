/**
 * PERSON / ORG / LOC cues that patterns catch cheaply: a title before a name, an organisation head
 * noun ("… Court", "Ministry of …"), place cues ("municipality of …"), acronyms and, last, any
 * capitalized sequence. Lower confidence than the validated rules: a recall-first recognizer wants
 * them, and the merge step lets better evidence win.
 */
import { chainSeek } from './seek.ts';
import type { Rule } from './types.ts';

const UPPER = '\\p{Lu}';
/** A capitalized word: "Kowalski", "Wołąsiewicz", "O'Neill", "Xenides-Arestis", "McDonald". */
const CAP_WORD = `${UPPER}[\\p{L}\\p{M}'’]*(?:-${UPPER}?[\\p{L}\\p{M}'’]+)*`;
const INITIAL = `${UPPER}\\.(?:-?${UPPER}\\.)*`;
const TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Judge|Justice|Mme|Mlle|M|Herr|Frau|Senator|President|Lt|Gen|Col|Capt|Sgt|Maj|Rev|Father|Sister|Imam|Rabbi)';
/** What links a head noun to its complement: "Ministry of (the) Interior", "Office for …". */
const OF_CONNECTOR = '(?:of|for|on|de|du|des|für|der|di|da)(?:\\sthe)?';
const CONNECTOR_WORDS = new Set(['of', 'the', 'for', 'and', 'on', 'de', 'du', 'des', 'la', 'le', 'für', 'der', 'di', 'da', 'van', 'von', '&']);
const CONNECTOR = `(?:${[...CONNECTOR_WORDS].join('|')})`;

/** Head nouns of organisations, as in TAB (courts, ministries, parties) and Wikipedia (clubs, bands, firms). */
const ORG_HEAD =
  '(?:Court|Courts|Tribunal|Ministry|Council|University|College|Academy|Government|Parliament|Assembly|Senate|Congress|Office|Department|Directorate|Authority|Agency|Administration|Prosecutor|Prosecutor’s Office|Commission|Committee|Board|Bureau|Service|Services|Police|Gendarmerie|Army|Navy|Forces|Force|Prison|Hospital|Clinic|Institute|School|Company|Corporation|Ltd|Inc|GmbH|AG|plc|Bank|Party|League|Club|Association|Union|Federation|Foundation|Society|Church|Centre|Center|Group|Network|Agency|Fund|Trust|Organisation|Organization|Chamber|Inspectorate|Municipality|Treasury|Railways|Records|Studios|Band|Orchestra|Theatre|Museum|Newspaper|Times|News|Radio|Television|TV|Airlines|Team|United|FC|Athletics|Cowboys|Legislature)';

/** Institutions every ECHR judgment names; TAB does not annotate them as personal information. */
const ORG_BOILERPLATE = new Set(['Rules of Court', 'European Court of Human Rights', 'European Commission of Human Rights', 'Committee of Ministers', 'Grand Chamber']);

/** An all-capitals word next to another all-capitals word is a heading ("THE FACTS"), not an acronym. */
function insideHeading(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  const after = text.slice(end, end + 20);
  return /\b\p{Lu}{2,}[\s.:,-]*$/u.test(before) || /^[\s.:,-]*\p{Lu}{2,}\b/u.test(after);
}

/** Street nouns and the suffixes of one-word street names; also the street rule's keyword prefilter. */
const STREET_NOUNS = ['Street', 'St.', 'Road', 'Rd.', 'Avenue', 'Ave.', 'Boulevard', 'Lane', 'Square', 'Place', 'Drive', 'Way', 'Alley', 'Highway'];
const STREET_SUFFIXES = ['straße', 'strasse', 'gasse', 'weg', 'platz', 'ulica', 'sokak', 'caddesi'];
const escapeDots = (s: string): string => s.replace(/\./g, '\\.');

export const NAME_RULES: readonly Rule[] = [
  {
    // "Mr J. Wołąsiewicz", "Mrs Myra Xenides-Arestis", "Mr F.L.", "Mr Z.M. Necatigil", "Dr. Jan Kowalski".
    name: 'person-title',
    entityType: 'PERSON',
    confidence: 0.9,
    pattern: new RegExp(`\\b${TITLE}\\.?\\s(?:${INITIAL}\\s?)*(?:${CAP_WORD})(?:\\s(?:${INITIAL}\\s?)*${CAP_WORD}){0,3}|\\b${TITLE}\\.?\\s${INITIAL}`, 'gu'),
  },
  {
    // "H. Winkler", "J.-P. Costa", "F.E." (initials used as anonymised names in TAB).
    name: 'person-initials',
    entityType: 'PERSON',
    confidence: 0.75,
    // Both branches start with a capital and a full stop: the leading look-ahead says so, which lets
    // the engine skip to full stops instead of testing the look-behinds at every position.
    pattern: new RegExp(`(?=${UPPER}\\.)(?:(?<![\\p{L}.])(?:${INITIAL}\\s?)+${CAP_WORD}|(?<![\\p{L}.])${UPPER}\\.${UPPER}\\.(?:${UPPER}\\.)*(?![\\p{L}]))`, 'gu'),
    // "I. THE FACTS" is a numbered heading, not an initial and a surname.
    validate: (value) => !/\p{Lu}{2,}$/u.test(value),
  },
  {
    // "Istanbul State Security Court", "Court of Cassation", "Ministry of Foreign Affairs", "University of Michigan".
    name: 'org-head',
    entityType: 'ORG',
    confidence: 0.75,
    pattern: new RegExp(
      `(?:(?:${CAP_WORD}|\\d+(?:st|nd|rd|th))\\s(?:${CONNECTOR}\\s)?)*${ORG_HEAD}(?:\\s${OF_CONNECTOR}\\s(?:${CAP_WORD})(?:\\s${CAP_WORD}|\\s(?:${CONNECTOR})\\s${CAP_WORD})*)?(?![\\p{L}])`,
      'gu',
    ),
    // A bare head noun ("the Court", "the Government") is the judgment's own boilerplate, not a name.
    validate: (value) => /\s/.test(value) && !ORG_BOILERPLATE.has(value),
    // Head nouns are rare: run the pattern only from the start of the capitalized chain before one.
    seek: chainSeek(new RegExp(`${ORG_HEAD}(?![\\p{L}])`, 'gu'), (token) => /^[\p{Lu}\p{N}]/u.test(token) || CONNECTOR_WORDS.has(token)),
  },
  {
    // "Republic of Turkey", "Kingdom of Norway", "municipality of Härjedalen", "province of Mardin".
    name: 'loc-cue',
    entityType: 'LOC',
    confidence: 0.7,
    pattern: new RegExp(`\\b(?:(?:Republic|Kingdom|State|Principality|Federation|province|Province|district|District|municipality|Municipality|village|region|Region|county|County|city|town|canton|Canton|département|Département) of ${CAP_WORD}(?:\\s${CAP_WORD})*)`, 'gu'),
  },
  {
    // "Schlossgasse 5", "Main Street", "Sunset Boulevard".
    name: 'street',
    entityType: 'LOC',
    confidence: 0.7,
    pattern: new RegExp(
      `(?:${CAP_WORD}\\s)+(?:${STREET_NOUNS.map(escapeDots).join('|')})(?:\\s(?:No\\.\\s)?\\d+[a-z]?)?(?![\\p{L}])|${CAP_WORD}(?:${STREET_SUFFIXES.join('|')})(?:\\s\\d+[a-z]?)?(?![\\p{L}])`,
      'gu',
    ),
    // Most texts name no street: the noun or suffix every match ends with is looked for first.
    requires: [...STREET_NOUNS, ...STREET_SUFFIXES],
  },
  {
    // Acronyms: "PKK", "DMK", "GDR", "SFR" (not roman numerals).
    name: 'acronym',
    entityType: 'ORG',
    confidence: 0.45,
    pattern: /\b(?!(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XX|EUR|USD|GBP|TRL|TRY|PLN|ATS|DEM|CHF|ECHR|OK|TV|AM|PM)\b)[A-Z][A-Z&]{1,6}\b/g,
    validate: (_value, text, span) => !insideHeading(text, span.start, span.end),
  },
  {
    // Any run of capitalized words mid-sentence; see capitalized.ts for the sentence-start filter.
    name: 'capitalized-sequence',
    entityType: 'PERSON',
    confidence: 0.3,
    // The look-ahead (implied by CAP_WORD) is checked before the costlier look-behind.
    pattern: new RegExp(`(?=${UPPER})(?<![\\p{L}\\p{N}.’'-])${CAP_WORD}(?:\\s(?:${CONNECTOR}\\s)?${CAP_WORD})*`, 'gu'),
    // Headings are written in capitals; a name in capitals alone is left to the acronym rule.
    validate: (value) => !/^[\p{Lu}\s\p{P}]+$/u.test(value) || value.length <= 3,
  },
];
