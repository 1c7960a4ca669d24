/**
 * Type decisions after merging: the layers find the right spans more often than the right types.
 * The capitalized-sequence rule calls every capitalized run a PERSON and the TAB-trained neural layer
 * calls most unknown names PERSON, so places, organisations, titles of works and job titles came out
 * as people (Table 3 with label match). A PERSON keeps its type only with evidence for a person (a
 * title or initials, a known given name, the neural layer's agreement, a surname of such a person);
 * cues in and around the span say what else it is. State names ("the Republic of Turkey") and a
 * country as a party ("… v. the United Kingdom") are organisations, as in TAB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GAZETTEER_DIR } from './gazetteer/index.ts';
import { acronymOf } from './coref.ts';
import { tabTypeOfSubtype } from './subtypes.ts';
import { isCommonWord, isFunctionWord } from './rules/capitalized.ts';
import { ADDRESSING_GREETINGS, EVERYDAY_WORDS, MEETING_ROLES, MONTH_NAMES, WEEKDAY_NAMES } from './rules/everyday.ts';
import { ORG_HEAD_WORDS } from './rules/names.ts';
import { NAME_ENTITY_TYPES, NAME_OR_DEM_TYPES, type DetectedMention } from './types.ts';
import { WORK_KINDS_PLURAL, WORK_KINDS_SINGULAR } from './kind-lists.ts';

/**
 * Given names, and the names of states, counties and countries ("Maryland", "Devon"): faker's locales,
 * written to models/gazetteers/names/ by scripts/build-gazetteers.ts (reading them takes a few ms;
 * importing the locales took 0.2 s in every process and worker).
 */
function loadNames(dir = join(DEFAULT_GAZETTEER_DIR, 'names')): { given: ReadonlySet<string>; places: ReadonlySet<string>; givenPlaces: ReadonlySet<string> } {
  const read = (file: string): string[] => readFileSync(join(dir, file), 'utf8').split('\n').filter((line) => line !== '');
  const places = new Set([...read('place-names.txt'), ...WORLD_REGIONS]);
  const listedGiven = read('given-names.txt');
  // A word that is also a place ("Georgia") or an everyday word ("Will") proves nothing.
  const given = new Set(listedGiven.filter((name) => !isCommonWord(name) && !places.has(name)));
  // Nor does a place's name that is also a given name ("Mark", a Swedish municipality; "Douglas", a county) prove a place.
  const givenPlaces = new Set(listedGiven.filter((name) => places.has(name)));
  return { given, places, givenPlaces };
}

/** Continents and world regions, which faker's lists lack ("America" is among its given names). */
const WORLD_REGIONS = ['Africa', 'America', 'Americas', 'Antarctica', 'Arctic', 'Asia', 'Australasia', 'Eurasia', 'Europe', 'Oceania', 'Scandinavia', 'Siberia', 'Caribbean', 'Balkans', 'Caucasus', 'Sahara'];

const NAMES = loadNames();
export const GIVEN_NAMES: ReadonlySet<string> = NAMES.given;
export const PLACE_NAMES: ReadonlySet<string> = NAMES.places;
const GIVEN_PLACE_NAMES: ReadonlySet<string> = NAMES.givenPlaces;

/** Heads of names of works, events, awards and laws (TAB and Wikipedia annotate them as MISC). */
const MISC_HEADS = new Set(
  'Award Awards Prize Prizes Trophy Cup Bowl Olympics Games Championship Championships Open Masters War Revolution Festival Act Code Treaty Accord Accords Amendment Regulation Regulations Album Tour Fame Series Show Competition Contest Tournament Marathon Derby Medal'.split(' '),
);
/**
 * First words of names of events, agreements and works: "Battle of Bunker Hill", "Treaty of Versailles",
 * "Siege of Leningrad", "Songs of Warren Zevon", "Adventures of Badou".
 */
const MISC_FIRST = /^(?:Battle|Siege|Treaty|War|Massacre|Invasion|Festival|Songs|Adventures|Tales|Chronicles|Memoirs|Confessions|Ballad|Legend|Legends)\s+(?:of|from)\s/u;
/** A storm by its name: "Hurricane Katrina", "Typhoon Haiyan" (an event, not the person a given name suggests). */
const STORM = /^(?:Hurricane|Typhoon|Cyclone|Tropical Storm)\s+\p{Lu}/u;
/** Where an award's category is named: "in the category Best Art Direction", "nominated for Best Actor", "won Best Picture". */
const AWARD_CATEGORY_BEFORE = /\b(?:category|categories|for|won|winning|nominated|nomination|nominations)\s+(?:the\s+)?$/u;
/** Letters of no Latin script, and no Latin letter: a name written in another script ("Москва", "宇野沢 祐次"). */
const NO_LATIN_LETTER = /^(?=.*\p{L})[^\p{Script=Latin}]+$/u;
/** What stands between a name and its bracketed form in another script: " (", " (Russian: ", " (simplified Chinese: 李伟; traditional Chinese: ". */
const NATIVE_BRACKET_BETWEEN = /^ \((?:[^()\n]*?; )?(?:(?:simplified |traditional )?\p{Lu}\p{Ll}+: ?)?$/u;
/**
 * An award named after someone, after the name: "John W. Campbell Memorial Award", "Edward R. Murrow Award",
 * and in lower case "the Lt Gen F N Billimoria trophy".
 */
const AWARD_AFTER = /^ (?:[Mm]emorial )?(?:[Aa]wards?|[Pp]rize|[Tt]rophy|[Mm]edal|Cup)\b/u;
/**
 * Social-security benefits ("Widow's Bereavement Allowance", "Bereavement Payment", "Widow's Pension"):
 * MISC in TAB's dev documents (24 of 26 mentions), though the layers read them as organisations.
 */
const BENEFIT_HEADS = new Set('Allowance Allowances Benefit Benefits Payment Payments Pension Pensions Credit Credits'.split(' '));
/**
 * What a name holds in brackets at its end, an abbreviation mostly ("Widow's Bereavement Allowance (“WBA”)"); the
 * closing bracket may still be outside the mention ("Cape Cod Baseball League (CCBL": the neural layer's extent).
 */
const BRACKETED_TAIL = /\s*\([^()]*\)?\s*$/u;
/**
 * "the Secretary of State (for the Home Department)": the UK government department that is a party,
 * an organisation in TAB (18 of 23 masked mentions in dev), not an occupation.
 */
const SECRETARY_OF_STATE = /^(?:the\s+)?Secretary of State(?:\s+for\s+\p{Lu}[\p{L}\s]*)?(?:['’]s?)?$/u;
/** Offices and ranks, as the first or last word ("Minister of Education", "Australian Ambassador"): DEM in TAB and Wikipedia. */
const OFFICE_WORDS = new Set(
  ('Minister Ministers Mayor Speaker President Vice-President Chairman Chairmen Chairwoman Chairperson Chief CEO Professor Ambassador Commissioner ' +
    'Governor Senator Consul Consul-General Deputy Leader Officer Lieutenant Colonel Captain General Major Admiral Sergeant Director Secretary ' +
    'Spokesperson Spokesman Grandmaster Dean Chancellor Rector Bishop Archbishop Cardinal Founder Head Premier Representative Treasurer Vice-Chairman Vice-Chairwoman').split(' '),
);
/** Names of laws, treaties, wars and court cases (ends with their head noun, or "X v. Y"). */
const LAW_OR_EVENT = /\s+v\.?\s+\p{Lu}|\b(?:Act|Code|Treaty|Regulations?|War|Case|Constitution)$/u;
/** A law's name in its own language, in brackets after the English one ("the Motor Vehicles Act (Kraftfahrzeuggesetz)"). */
const LAW_BEFORE_BRACKET = /\b(?:Act|Code|Law|Government)\s*\(\s*$/u;
/** A sports club's letters before its name that no one's initials are: "A.F.C. Bournemouth", "R.S.C. Anderlecht", "F.C. Motagua". */
const CLUB_LETTERS = /^(?:A\.F\.C\.|F\.C\.|C\.F\.|R\.S\.C\.|S\.B\.V\.|K\.R\.C\.|R\.C\.D\.|S\.S\.C\.|F\.K\.|N\.K\.)\s/u;
/** Letters a club's name may open with that are someone's initials too ("A.C. Milan", "A.C. Green"), and the name after them. */
const CLUB_LETTERS_SHORT = /^(?:A\.C\.|A\.S\.|U\.D\.|S\.C\.|C\.D\.|S\.V\.|U\.S\.|S\.S\.|R\.C\.|K\.V\.|S\.D\.|A\.D\.|C\.A\.|U\.C\.|S\.L\.)\s(\p{Lu}[\p{L}\p{M}'’-]+)$/u;
/** Plural head nouns of places that are no team's name: "Beverly Hills", "Golan Heights", "Palm Springs". */
const PLURAL_PLACE_HEADS = new Set('Docklands Tracts Midlands Wetlands Hills Heights Springs Plains Highlands Lowlands Isles Keys Rapids Narrows Dunes Downs Flats Woods Gardens Fields Sands Rocks Cliffs Pines Meadows Acres Oaks Palms Estates Towers Lakes Falls Mountains Islands Caves Caverns Alps Straits Shores Banks Marshes Moors Wells Glens Bridges Gates Lanes Mills Parks'.split(' '));
/** Head nouns of places a gazetteer does not list ("Calhoun County", "Upper West Region"). */
const PLACE_HEADS = new Set('County Region Province District Harbor Harbour Island Islands Valley Mountains Peninsula Municipality Oblast Prefecture Canton Krai Governorate Empire Area'.split(' '));
/**
 * Head nouns of natural features and named infrastructure (LOC in TAB's guidelines) that say "place"
 * whatever name comes before them ("Axel Heiberg Island", "Cape Cod Canal", "Logan International
 * Airport"), and first words that do the same ("Lake Placid", "Gulf of Mexico"). Not "City" (Manchester
 * City is a club) nor "Park" (a Korean surname).
 */
const FEATURE_HEADS = new Set(
  ('Island Islands Isle Bay Canal Lake Lakes River Sea Ocean Gulf Strait Straits Forest Desert Peninsula Mountains Glacier Reservoir Seashore ' +
    'Airport Bridge Cemetery Beach Creek Falls Coast Highway Avenue Boulevard Township Borough Castle Palace Stadium Arena Basin Alps Trail Cave Caves ' +
    'Cavern Caverns Canyon Lagoon Reef Fjord Volcano').split(' '),
);
/** A word that opens with a capital letter. */
const CAPITAL_FIRST = /^\p{Lu}/u;
/** Street words, whole and abbreviated, that end a street's name ("King St", "Abbey Road"): a place; not "Close" or "Way", also surnames. */
const STREET_HEADS = new Set('Street St Road Rd Lane Ln Ave Blvd'.split(' '));
const FEATURE_FIRST = /^(?:Lake|Mount|Mt\.?|Cape|Gulf of|Bay of|Isle of|Sea of|Straits? of|Estadio|Estádio)\s/u;
/** Parks, forests and reserves named as such: places, where "Park" alone may be a surname. */
const PROTECTED_AREA = /\s(?:State|National|Provincial|Regional|Memorial|Country)\s+(?:Park|Forest|Monument|Reserve|Seashore|Preserve)$|\s(?:Nature|Wildlife|Game)\s+(?:Reserve|Refuge|Sanctuary)$/u;
/**
 * The organisation rule's head nouns, and heads of company names that the rule does not look for
 * ("Marvel Comics", "Natural 9 Entertainment", "Wampus Multimedia"): evidence for a type, not a detector.
 */
const ORG_HEADS: ReadonlySet<string> = new Set([
  ...ORG_HEAD_WORDS,
  ...'Comics Entertainment Media Multimedia Pictures Productions Publishing Publishers Press Motors Holdings Industries Enterprises Technologies Software Laboratories'.split(' '),
  // A doctors' practice or a chemist's ("Parkside Surgery", "Riverside Medical Practice", "Boots Pharmacy"),
  // and a firm named by its profession ("Pierce Glynn Solicitors", "Lund Associates").
  ...'Surgery Practice Pharmacy Solicitors Associates Architects Accountants Consultants Consulting Attorneys'.split(' '),
]);

/**
 * A firm named after its founders, "& Co" or "& Son" anywhere in it ("S. C. Johnson & Son", "Patel & Co
 * Tailors"): not head nouns (ORG_HEADS), as "Son" is a surname too. "& Partners" ends in one.
 */
const FIRM_NAME = /\s&\s*(?:Co\.?|Sons?)(?=\s|$)/u;

/** "Republic of Turkey", "United Kingdom of Great Britain and Northern Ireland", "French Republic": the State. */
const STATE_NAME =
  /^(?:the\s+)?(?:(?:Federal|Socialist|Islamic|Democratic|People['’]s|Arab|Hellenic|French|Italian|Portuguese|Slovak|Czech|Kyrgyz|Swiss|United)\s+)*(?:Republic|Kingdom|Confederation|Principality|Grand\s+Duchy)\s+of\s+\p{Lu}|^(?:the\s+)?(?:French|Italian|Hellenic|Portuguese|Slovak|Federal)\s+Republic$/u;
/**
 * A country named as a party to a case or as a State that acts: "Smith v. the United Kingdom", "the judge
 * elected in respect of Turkey"; or as the side a player represents ("has represented Bermuda at cricket").
 */
const STATE_BEFORE = /(?:\bv\.?|\bversus|\bin respect of|\bagainst|\brepresent(?:ed|s|ing))\s+(?:the\s+)?$/u;
const STATE_AFTER = /^\s+(?:law|laws|authorities|legislation)\b/u;
/** A country as the State whose office, body or anthem it is: "the 38th president of the United States", "the anthem of Germany". */
const STATE_OFFICE_BEFORE =
  /\b(?:[Pp]resident|[Pp]rime [Mm]inister|[Mm]inister|[Kk]ing|[Qq]ueen|[Aa]mbassador|[Aa]nthem|[Pp]arliaments?|[Gg]overnment|[Ss]enate|[Cc]ongress|[Rr]epublic|[Cc]hancellor|[Gg]overnor|[Ee]mbassy|[Cc]onsul)\s+of\s+(?:the\s+)?$/u;
/** Runs of letters, and the words that may join nationalities in one mention. */
const LETTERS = /\p{L}+/gu;
const NATIONALITY_JOINERS = new Set(['and', 'or', 'born']);
const JOINED = /[\s-]/u;
/** A lower-case word right after a name: the name is an adjective ("Croatian territory"). */
const ADJECTIVE_BEFORE_NOUN = /^\s\p{Ll}/u;
/** "a United Kingdom national": the country stands for a nationality. */
const NATIONALITY_AFTER = /^\s+(?:national|nationals|citizen|citizens)\b/u;

/**
 * A firm's office after a town's name: "the London office of Deloitte", "the Frankfurt branch of". Not "office" alone:
 * TAB's "the Diyarbakır Public Prosecutor’s office", "the 33rd Infantry Division Commander's office" are authorities (ORG).
 */
const OFFICE_OF_AFTER = /^ (?:office|offices|branch|headquarters) of\b/u;
const THE_BEFORE = /\b[Tt]he $/u;
/** A capitalised prefix and a lower-case word: "Anti-terror", "Pro-government". */
const PREFIXED_WORD = /^\p{Lu}\p{Ll}+-\p{Ll}+$/u;
/** One line break between two mentions (spaces around it), and a line's end (or the text's) after one. */
const LINE_BREAK_BETWEEN = /^[ \t]*\r?\n[ \t]*$/u;
const LINE_END_AFTER = /^(?:[ \t]*(?:\r?\n|$)|,)/u;

/** Where a place is expected: "born in X", "near X". */
const PLACE_BEFORE =
  /\b(?:[Bb]orn|raised|grew up|lives|lived|living|resides|resided|died|settled|located|situated|buried) in\s+(?:the\s+)?$|\b(?:died|buried) at\s+$|\bnear\s+$|\b(?:town|city|village|island|islands|port|province) of\s+$/u;

/** Points of the compass that open names of regions ("East Prussia", "Western Australia"). */
const COMPASS_WORDS = new Set('North South East West Northern Southern Eastern Western Central Upper Lower Greater New Old'.split(' '));
/** Small words inside names of people, places and organisations ("Bank of England", "Rhône-Alpes et de la"). */
const NAME_CONNECTORS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'at', 'de', 'la', 'le', 'du', 'des', 'da', 'di', 'do', 'van', 'von', 'der', 'den', 'el', 'al', 'bin', 'ibn', '&']);

const NAME_TYPES = new Set(['ORG', 'LOC', 'MISC']);
/** What separates the items of a list: ", ", " and ", ", and ". */
const LIST_SEPARATOR = /^\s*(?:,|,?\s+and|,?\s+or)\s+$/u;
/** The same between titles of works, whose article a layer may leave out ("Threesome, The Craft"). */
const WORK_LIST_SEPARATOR = /^\s*(?:,|,?\s+and|,?\s+or)\s+(?:The\s+|A\s+|An\s+)?$/u;

/** Titles that open a person's name ("Mr A. Demetriades"). */
const TITLES = new Set('Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Dr Dr. Prof Prof. Sir Dame Lady Lord Madam Mme Mlle Herr Frau Lt Gen Col Capt Sgt Maj Cpl Brig Adm Lt. Gen. Col. Capt. Sgt. Maj.'.split(' '));
/**
 * Titles of other languages before a name ("Maître Julien Moreau", "Señora Ruiz"): a person's name, where
 * a name follows. Not "Don", "Pan" nor "Pani", first words of other names ("Pan Am"); and alone, or
 * before a degree ("Docteur ès science"), a title is no person.
 */
const TITLES_OF_OTHER_LANGUAGES = new Set('Monsieur Madame Mademoiselle Maître Docteur Professeur Señor Señora Señorita Sr. Sra. Srta. Doña Dhr. Mevr. Mevrouw Meneer'.split(' '));
/** A bracket and a capital after a role: the name of whoever holds it follows. */
const ROLE_BEFORE_BRACKETED_NAME = /^ \(\p{Lu}/u;
/**
 * A form's field for a person right before a name: "Patient: Candice Rath", "Employee: Tania
 * Corkery-Mills", "…   Given names: HIROSHI" (a field may open a column of its line too). Not "From:" or
 * "To:", which name firms too.
 */
const PERSON_FIELD =
  /(?:^|\t| {2})[ \t]*(?:Patient|Employee|Name|Full name|Customer|Client|Applicant|Tenant|Student|Candidate|Passenger|Guest|Contact person|Attn\.?|Attention|Surname|Last name|Family name|First names?|Given names?|Forenames?|Middle names?|Maiden name|SURNAME|GIVEN NAMES?)[ \t]*:[ \t]*$/u;
/** A greeting right before a name: "Dear Armin Dolch". */
const GREETING_BEFORE = new RegExp(`\\b(?:${ADDRESSING_GREETINGS.map((g) => `[${g[0].toUpperCase()}${g[0]}]${g.slice(1)}`).join('|')})[ \\t]+$`, 'u');
/** A closing on a line of its own: "Best,", "Kind regards,", "Thanks again,". */
const CLOSING_LINE = /(?:^|\n)[ \t]*([\p{L}’' ]+),[ \t]*\n[ \t]*$/u;

/** Whether the word at `start` opens the line right after a closing ("Best,⏎Smith"): a signature. */
function signatureAfterClosing(text: string, start: number): boolean {
  const closing = CLOSING_LINE.exec(text.slice(Math.max(0, start - 40), start))?.[1];
  return closing !== undefined && closing.trim().split(/\s+/u).every((word) => EVERYDAY_WORDS.has(word.toLowerCase()));
}

/** Whether a form's field for a person opens the line of `start` (or a column of it), or a greeting stands right before it. */
function personLabelBefore(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (start - lineStart <= 40 && PERSON_FIELD.test(text.slice(lineStart, start))) return true;
  return GREETING_BEFORE.test(text.slice(Math.max(lineStart, start - 12), start));
}
/** A name alone: capitalised words, no digits ("Cyprien", "Anna Maria"). */
const NAME_LIKE = /^\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*){0,2}$/u;
/** What may stand before a speaker's label on its line: blanks, and a chat log's time ("[10:42] ", "10:42 am "). */
const TIME_STAMP = String.raw`(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]?[ \t]+)?`;
const LINE_OPENING = new RegExp(String.raw`^[ \t]*${TIME_STAMP}$`, 'u');
const SPEAKER_LINE = new RegExp(String.raw`^[ \t]*${TIME_STAMP}(\p{Lu}[^\n:]{0,40}):[ \t]+\S`, 'gmu');
/**
 * The speakers of a chat or a transcript: the labels that open two or more lines ("Cyprien: hey …",
 * "Cyprien: send the photos …"). Field labels ("Tel:", "Subject:") are no mentions (context.ts).
 */
function speakerLabels(text: string): ReadonlySet<string> {
  const counts = new Map<string, number>();
  for (const line of text.matchAll(SPEAKER_LINE)) counts.set(line[1], (counts.get(line[1]) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 2).map(([label]) => label));
}
/** Whether `m` is a speaker's label: it opens its line (after a time, if any), a colon follows it, and it opens another line too. */
function isSpeakerLabel(text: string, m: { start: number; end: number }, speakers: ReadonlySet<string>): boolean {
  return speakers.has(text.slice(m.start, m.end)) && LINE_OPENING.test(text.slice(text.lastIndexOf('\n', m.start - 1) + 1, m.start)) && text[m.end] === ':';
}
/** Words a person's name follows: "a Polish national, Urszula …", "their daughter, Selma". */
const PERSON_BEFORE =
  /\b(?:national|citizen|resident|applicant|son|daughter|wife|husband|brother|sister|mother|father|widow|widower|partner|née|nee|friend|colleague|teammate|pupil|(?:succeeded|preceded|replaced|written|composed|directed|painted) by|(?:work|works|lyrics|music) by)\s*,?\s*$/u;
/**
 * A person's dates after the name, as a biography opens: "Eamonn Magee (born 13 July 1971)", "Sithu Aung
 * (Burmese: …; born 16 October 1996)", "Consort Xiang (9 February 1808 – 15 February 1861)", after the
 * letters of an honour if any ("Faridoon Noshir Billimoria, PVSM (1933–2005)").
 */
const POST_NOMINALS = String.raw`(?:,\s*\p{Lu}{2,6}(?:,?\s\p{Lu}{2,6}){0,3})?`;
const LIFE_DATES_AFTER = new RegExp(String.raw`^${POST_NOMINALS}\s*\((?:[^()]{0,120}?\b(?:born|b\.)\s|[^()]{0,80}?\b\d{4}\s*[–-]\s*[^()]{0,30}?\b\d{4}\s*\))`, 'u');
/**
 * A biography's lead: the subject's name opens the text, then "is a"/"was an", maybe after a bracket
 * ("Maya Surendrakumar Kodnani is a former Minister of State", "Yida Huang (…) is a Singaporean singer").
 */
const LEAD_VERB_AFTER = /^\s*(?:\([^()]{0,200}\)\s*)?,?\s+(?:is|was)\s+(?:an?|the)\s/u;
/** A monarch's title after an era name ("the Daoguang Emperor"). */
const REGNAL_TITLES: ReadonlySet<string> = new Set(['Emperor', 'Empress']);
/** What introduces another name of the subject in the lead's bracket: "also spelled", "also known as", "born", "née". */
const ALIAS_BEFORE = /\b(?:also (?:spelled|spelt|written|known as|called)|better known as|born|née|nee)\s+$/u;
/** Inside the bracket that follows the lead's name: an opening bracket and no closing one. */
const LEAD_BRACKET_BETWEEN = /^\s*\([^()]*$/u;
/** How far after the lead's verb the subject's occupation may stand ("a retired Finnish association football player"). */
const LEAD_OCCUPATION_WITHIN = 60;
/** A title of a work after its kind: "his song", "the album", "a film titled", "the EP (", "the novel The (Man in the High Castle)". */
const WORK_BEFORE = new RegExp(
  // The list reader's kinds, and the words this revision also reads before a title, which the list reader
  // leaves out as verbs or rarely plural ("records", "track", "titled").
  `\\b(?:${[...WORK_KINDS_SINGULAR, ...WORK_KINDS_PLURAL, 'record', 'records', 'track', 'drama', 'cartoon', 'titled', 'entitled'].join('|')})` +
    '(?:\\s+(?:such as|including|included|like|called|named))?\\s*[,:]?\\s*["“(]?\\s*(?:The\\s+|A\\s+|An\\s+)?$',
  'u',
);
/** What a club does with a player, before the club: "sold to", "traded to", "released by" (for GROUP_BEFORE and TEAM_BEFORE). */
/** "played college football at Kansas State": a university's team (for GROUP_BEFORE and TEAM_BEFORE). */
const COLLEGE_TEAM_BEFORE = String.raw`\bcollege\s+[\p{L}-]+\s+(?:at|for)\s+(?:the\s+)?$`;
const CLUB_DEAL_BEFORE = String.raw`\b(?:sold|traded)\s+to\s+(?:the\s+)?$|\breleased\s+by\s+(?:the\s+)?$`;
/** A group's kind right before its name (GROUP_KIND alone, and the first part of GROUP_BEFORE). */
const GROUP_KIND_BEFORE = String.raw`\b(?:band|group|duo|trio|club|team|company|label|firm|party)\s+(?:called\s+|named\s+)?$|\b(?:band|duo|trio),\s+$`;
/** A group after its kind alone: "the band Verboten", "a rock band called Verbow", "his band, Verboten". */
const GROUP_KIND = new RegExp(GROUP_KIND_BEFORE, 'u');
/** A group after its kind or a team after what players do with one. */
const GROUP_BEFORE = new RegExp(
  String.raw`${GROUP_KIND_BEFORE}|\b(?:played|plays|playing|signed|transferred|returned|loaned)\s+(?:for|to|with)\s+(?:the\s+)?$|\bdrafted\s+by\s+(?:the\s+)?$|` +
    String.raw`\bcontract\s+with\s+(?:the\s+)?$|${CLUB_DEAL_BEFORE}|${COLLEGE_TEAM_BEFORE}`,
  'u',
);
/** A club right before its name: "club Blackpool", "side Genoa". */
const CLUB_BEFORE = /\b(?:club|side)\s+$/u;
/** A word for a group that rules, after a name: "the Sima clan", "the Wei government". */
const RULING_GROUP_AFTER = /^\s+(?:clan|dynasty|government|administration|regime)\b/u;
/** A year alone in brackets right after a name: "(1995)". */
const WORK_YEAR_AFTER = /^\s?\((?:1[89]|20)\d\d\)/u;
/** What lies between a name's first part and a nickname, and between the nickname and the surname. */
const NICKNAME_OPEN = /^ ["“]$/u;
const NICKNAME_CLOSE = /^["”] $/u;
/**
 * A team where a place name stands for one: "played for Genoa", "a spell with Blackpool", "traded to Kenosha";
 * a position or a year may come between ("plays as a goalkeeper for Hannover", "played from 1982 for Genoa").
 */
const TEAM_BEFORE = new RegExp(
  String.raw`\b(?:played|plays|playing|signed|loaned)\s+(?:as\s+an?\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s+|(?:from|in|since)\s+\d{4}\s+)?(?:for|with)\s+(?:the\s+)?$|\b(?:debut|appearances?|caps?|goals|spell|career|seasons?)\s+(?:for|with)\s+(?:the\s+)?$|\bloaned\s+to\s+(?:the\s+)?$|` +
    `${COLLEGE_TEAM_BEFORE}|` +
    String.raw`\b(?:goals?|draw|win|victory)\s+(?:against|with|over)\s+(?:the\s+)?$|${CLUB_DEAL_BEFORE}`,
  'u',
);

const WORD = /[\p{L}\p{M}][\p{L}\p{M}’'.&-]*/gu;

/**
 * The words of a surface; a full stop ends a sentence, not a word ("LLC." is "LLC"), unless it ends an
 * initial ("A.", "U.S."); a possessive is not part of the word ("Bennett's" is "Bennett").
 */
function wordsOf(surface: string): string[] {
  return (surface.match(WORD) ?? []).map((w) => w.replace(/(?<=\p{L}{2})(?:\.|['’]s)$/u, ''));
}

/** A name's head word: its last, or the last before what it holds in brackets at its end ("Cape Cod Baseball League (CCBL)"). */
function headWord(surface: string, words: readonly string[]): string {
  return (BRACKETED_TAIL.test(surface) ? wordsOf(surface.replace(BRACKETED_TAIL, '')) : words).at(-1) ?? '';
}

/** A first word in the possessive: "King's College London", "Queen's University" are named after a title, not a titled person. */
const POSSESSIVE_FIRST = /^[^\s'’]+['’]s\s/u;

/** A name that opens with a title ("Lt Gen Bilimoria", "Mr Kodnani"), not with a title's possessive. */
function titledName(surface: string, words: readonly string[]): boolean {
  return TITLES.has(words[0] ?? '') && !POSSESSIVE_FIRST.test(surface);
}

function quoted(text: string, m: DetectedMention): boolean {
  return /["“]$/u.test(text.slice(Math.max(0, m.start - 1), m.start)) && /^["”]/u.test(text.slice(m.end, m.end + 1));
}

/**
 * A rule's confidence at and above which its date, code or sum was validated (a calendar, a checksum,
 * a syntax: date-numeric, money, IBAN, e-mail rules); the name rules' confidences say less.
 */
const VALIDATED_CONFIDENCE = 0.9;
const VALIDATED_TYPES: ReadonlySet<string> = new Set(['DATETIME', 'CODE', 'QUANTITY']);
/**
 * Rules whose reading of an extent beats the neural layer's guess of its type, below the validated
 * confidence: a weekday, an amount with its unit ("20mg", which it read as a date), a day and month in
 * plain order ("31/12", which it read as a code), a blood pressure ("BP 148/92", also a code to it).
 */
const TYPE_DECIDING_SOURCES: ReadonlySet<string> = new Set(['rules:weekday', 'rules:measure', 'rules:blood-pressure', 'rules:date-day-month']);

const HAS_DIGIT = /\d/u;
/** Months and weekdays, some of which are given names too ("May", "June", "August"). */
const CALENDAR_NAMES: ReadonlySet<string> = new Set([...MONTH_NAMES, ...WEEKDAY_NAMES]);

function retyped(m: DetectedMention, entityType: string, subtype?: string): DetectedMention {
  if (m.entityType === entityType && (subtype === undefined || m.subtype === subtype)) return m;
  const { subtype: old, ...rest } = m;
  const kept = subtype ?? (old !== undefined && tabTypeOfSubtype(old) === entityType ? old : undefined);
  return { ...rest, entityType, ...(kept ? { subtype: kept } : {}) };
}

/** What a PERSON mention without a title or initials more likely is, from its own words; undefined: no cue. */
function nonPersonCue(words: readonly string[]): { type: string; subtype?: string } | undefined {
  const last = words.at(-1) ?? '';
  if (words.some((w) => MISC_HEADS.has(w))) return { type: 'MISC' };
  if (OFFICE_WORDS.has(words[0] ?? '') || OFFICE_WORDS.has(last)) return { type: 'DEM', subtype: 'OCCUPATION' };
  // An acronym ("NFL", "HBO", "NFL Draft") names an organisation far more often than a person.
  if (words.some((w) => ORG_HEADS.has(w) || /^\p{Lu}{2,6}$/u.test(w))) return { type: 'ORG' };
  if (PLACE_HEADS.has(last)) return { type: 'LOC' };
  // "Stick With Me", "Dedicated to Myself", "Not Like Me": a title of a work reads like a phrase.
  if (words.slice(1).some((w) => !NAME_CONNECTORS.has(w.toLowerCase()) && isFunctionWord(w))) return { type: 'MISC' };
  return undefined;
}

/**
 * "Seattle Seahawks", "Rough Riders", "The Pretenders": a team or band, by its plural last word; a
 * surname alone is left alone, and so is a full name the neural layer reads as a person's
 * ("Saioa González Villegas").
 */
function pluralTeamName(words: readonly string[]): boolean {
  return words.length > 1 && /^\p{Lu}\p{Ll}+[^s'’\P{Ll}]s$/u.test(words.at(-1) ?? '');
}

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * Whether every word of `m` but the small words that join names ("Cab Calloway and Duke Ellington")
 * lies inside one of `mentions` (or is one of `words`).
 */
function everyWordIn(text: string, m: DetectedMention, mentions: readonly DetectedMention[], words: ReadonlySet<string> = NO_WORDS): boolean {
  const around = mentions.filter((n) => n.start < m.end && m.start < n.end);
  if (around.length === 0) return false;
  for (const word of text.slice(m.start, m.end).matchAll(WORD)) {
    if (NAME_CONNECTORS.has(word[0]) || words.has(word[0])) continue;
    const start = m.start + (word.index ?? 0);
    // A closing quote or a plural's possessive apostrophe is no part of the word ("Wiggins' role", "'General Billy'").
    const length = word[0].length - (TRAILING_APOSTROPHE.test(word[0]) ? 1 : 0);
    if (!coveredBy(text, around, start, start + length)) return false;
  }
  return true;
}

/**
 * Whether `mentions` cover [start, end), one or several back to back: the neural layer may split a
 * hyphenated word at its hyphen ("Bryan" and "Michael Cox" of "Bryan-Michael Cox"), which is left out.
 */
function coveredBy(text: string, mentions: readonly DetectedMention[], start: number, end: number): boolean {
  for (let at = start; at < end; ) {
    let next = at;
    for (const n of mentions) if (n.start <= at && n.end > next) next = n.end;
    if (next === at) {
      if (at === start || at + 1 >= end || text.charCodeAt(at) !== HYPHEN) return false;
      next = at + 1;
    }
    at = next;
  }
  return true;
}

const HYPHEN = 45;
const TRAILING_APOSTROPHE = /\p{L}['’]$/u;

/** A season or a financial year written with the next year's last two figures: "1990/91", "2025/26". */
const SEASON = /^((?:19|20)\d\d)\/(\d\d)$/u;
const SEASON_AFTER = /^\s+(?:season|seasons|campaign|academic year|school year|financial year|fiscal year|tax year|winter|term)\b/u;
const SEASON_BEFORE = /\b(?:the|in|during|since|from|of|until|to|after|before|by)\s+$/u;

/**
 * A season written as two years ("1990/91", "1919–20") takes the word "season" after it: the biographies
 * mark it with the years (4 times of 4; their training masks 3 of 4), not after one year ("the 2001 season": 0 of 3).
 */
const SEASON_RANGE = /^(?:19|20)\d\d[/–-]\d\d$/u;
const SEASON_WORD_AFTER = /^ season\b/u;

function withSeasonWord(text: string, m: DetectedMention, next: DetectedMention | undefined): DetectedMention {
  const end = m.end + ' season'.length;
  if (!SEASON_RANGE.test(text.slice(m.start, m.end)) || !SEASON_WORD_AFTER.test(text.slice(m.end, end + 1)) || (next !== undefined && next.start < end)) return m;
  return { ...m, end, subtype: 'PERIOD' };
}

/**
 * Whether `m` is a season ("the 1990/91 season"), not an application number of the same shape
 * ("no. 1990/91"): consecutive years, and a season's word after it or a preposition or article before it.
 */
function isSeason(text: string, m: DetectedMention, surface: string): boolean {
  const years = SEASON.exec(surface);
  if (!years || (Number(years[1]) + 1) % 100 !== Number(years[2])) return false;
  return SEASON_AFTER.test(text.slice(m.end, m.end + 16)) || SEASON_BEFORE.test(text.slice(Math.max(0, m.start - 8), m.start));
}

/**
 * An office that an organisation's head noun made an ORG: "Minister of Economy", "Speaker of the
 * Parliament of Ghana", "Australian Public Service Commissioner": DEM in TAB train 9 of 14 times with
 * the office first, and in the Wikipedia biographies; not "Office of the University President".
 */
function isOfficeName(words: readonly string[]): boolean {
  // "Vice President for Research and Development": the office after "Vice".
  if (words[0] === 'Vice' && words.length > 1) return isOfficeName(words.slice(1));
  // A hyphenated office alone ("Vice-Chairman", "Consul-General"): no firm bears such a name.
  if (words.length === 1) return words[0].includes('-') && OFFICE_WORDS.has(words[0]);
  const of = words[1] === 'of' || words[1] === 'for';
  return (OFFICE_WORDS.has(words[0]) && of) || (OFFICE_WORDS.has(words.at(-1) ?? '') && !ORG_HEADS.has(words[0]));
}

/**
 * A town's hyphenated name with a lower-case particle between capitalised parts: "Aix-en-Provence",
 * "La Seyne-sur-Mer", "Saint-Maur-des-Fossés", "Stratford-upon-Avon", "Frankfurt-am-Main", "Tarn-et-Garonne",
 * "Widecombe-in-the-Moor", or a saint's name inside ("Seine-Saint-Denis", "Mont-Saint-Jean"). People's and
 * firms' double names join capitalised parts alone ("Meyer-Caspers", "Saint-Exupéry").
 */
const HYPHENATED_TOWN = /^(?:(?:La|Le|Les) )?\p{Lu}[\p{L}\p{M}'’]+(?:-\p{Lu}[\p{L}\p{M}'’]+)*-(?:en|sur|sous|le|la|les|lès|aux|de|du|des|et|on|upon|under|over|by|in|am|an|im|ob|bei|cum|in-the|on-the|by-the|next-the|under-the|Saint|Sainte|St)-\p{Lu}[\p{L}\p{M}'’]+(?:-\p{Lu}[\p{L}\p{M}'’]+)*$/u;

/**
 * A natural feature or named piece of infrastructure, by its head noun or first words; not when an
 * organisation's head noun ends it ("Cape Cod Baseball League", "Mount Sinai Hospital": named after the place).
 */
function isFeatureName(surface: string, words: readonly string[]): boolean {
  return words.length > 1 && (FEATURE_HEADS.has(words.at(-1) ?? '') || ((FEATURE_FIRST.test(surface) || PROTECTED_AREA.test(surface)) && !ORG_HEADS.has(headWord(surface, words))));
}

/** What the last word of a name of two or more words makes it, if it is a head noun of works, places or organisations. */
function headNounType(surface: string, words: readonly string[]): string | undefined {
  if (words.length < 2) return undefined;
  const last = words.at(-1) ?? '';
  // "Hugo Award for Best Novel": the award's head comes before what it is for.
  if (MISC_HEADS.has(last) || MISC_FIRST.test(surface) || STORM.test(surface) || words.some((w, k) => MISC_HEADS.has(w) && words[k + 1] === 'for')) return 'MISC';
  if (PLACE_HEADS.has(last) || STREET_HEADS.has(last) || isFeatureName(surface, words)) return 'LOC';
  if (ORG_HEADS.has(last)) return 'ORG';
  return undefined;
}

/**
 * `merged`: the merged mentions (sorted, non-overlapping); `raw`: every layer's mentions before
 * merging (the evidence of the layers that lost the merge). Returns `merged` with revised types.
 */
export function reviseTypes(text: string, merged: readonly DetectedMention[], raw: readonly DetectedMention[], givenNames: ReadonlySet<string> = GIVEN_NAMES): DetectedMention[] {
  const neuralPersons = raw.filter((m) => m.entityType === 'PERSON' && m.source.startsWith('neural:'));
  const neuralNames = raw.filter((m) => NAME_TYPES.has(m.entityType) && m.source.startsWith('neural:'));
  // Where a role ends ("Secretary" of "Secretary (Priya Nair)": a name in brackets after a role is the person's who holds it).
  const occupationEnds = new Set(merged.filter((m) => m.subtype === 'OCCUPATION').map((m) => m.end));
  const bracketedAfterRole = (m: DetectedMention): boolean => text.charCodeAt(m.end) === 41 && text.slice(m.start - 2, m.start) === ' (' && occupationEnds.has(m.start - 2);
  // The type the neural layer gives most of a mention's characters, when that is ORG, LOC or MISC and
  // the neural layer calls none of it a person: it reads the context the capitalized-run rule cannot.
  const neuralNameType = (m: DetectedMention): string | undefined => {
    if (neuralPersons.some((n) => n.start < m.end && m.start < n.end)) return undefined;
    let best: DetectedMention | undefined;
    let bestOverlap = 0;
    for (const n of neuralNames) {
      const overlap = Math.min(m.end, n.end) - Math.max(m.start, n.start);
      if (overlap > bestOverlap) [best, bestOverlap] = [n, overlap];
    }
    return best && bestOverlap * 2 >= m.end - m.start ? best.entityType : undefined;
  };
  // Where the gazetteers found something, and the exact extents of the places they found (built once per document).
  const gazetteerHits = raw.filter((m) => m.source.startsWith('gazetteers:'));
  const listed = new Uint8Array(gazetteerHits.length > 0 ? text.length : 0);
  for (const g of gazetteerHits) listed.fill(1, g.start, g.end);
  const places = new Set(gazetteerHits.filter((g) => g.entityType === 'LOC').map((g) => `${g.start}:${g.end}`));
  // Places the gazetteers or the neural layer found: a run whose every word is one ("Singapore and Malacca") is a place.
  const knownPlaces = raw.filter((n) => n.entityType === 'LOC' && (n.source.startsWith('gazetteers:') || n.source.startsWith('neural:')));
  const placeExactly = (m: DetectedMention): boolean => places.has(`${m.start}:${m.end}`);
  // "A.F.C. Bournemouth", "A.C. Milan", "U.D. Leiria": a sports club's letters before its name, not a person's
  // initials. Two letters are a club's only before a place the lists have ("A.C. Green", "U.S. Grant" are people).
  const clubInitials = (m: DetectedMention, surface: string): boolean => {
    if (CLUB_LETTERS.test(surface)) return true;
    const short = CLUB_LETTERS_SHORT.exec(surface);
    if (!short) return false;
    return PLACE_NAMES.has(short[1]) || places.has(`${m.end - short[1].length}:${m.end}`);
  };
  // "San Diego Padres", "Worcester Ruby Legs": a place the gazetteers found, and a plural name after it (capitalised
  // words only: not "Battle of Amorgos"; no head noun: not "Cincinnati Masters"; not "Rocky Mountains" nor
  // "Beverly Hills": a place's plural head or a place the lists have whole).
  const teamOfPlace = (m: DetectedMention, surface: string, words: readonly string[]): boolean => {
    const last = words.at(-1) ?? '';
    return pluralTeamName(words) && words.every((w) => CAPITAL_FIRST.test(w)) && !PLURAL_PLACE_HEADS.has(last) && !PLACE_NAMES.has(surface) &&
      headNounType(surface, words) === undefined && gazetteerHits.some((g) => g.entityType === 'LOC' && g.start === m.start && g.end < m.end - last.length);
  };
  const countries = new Set(gazetteerHits.filter((g) => g.subtype === 'COUNTRY').map((g) => `${g.start}:${g.end}`));
  // A country by its subtype or by a country list's entry of its exact extent.
  const isCountry = (m: DetectedMention): boolean => m.subtype === 'COUNTRY' || countries.has(`${m.start}:${m.end}`);
  // Extents the nationality list found and no place list did ("Croatian", not "Chad"). The matcher
  // keeps one list's entry for a term in two, so a country or state is also looked up by name ("Laos",
  // "Djibouti" are in the nationality list too).
  const nationalities = new Set(gazetteerHits.filter((g) => g.subtype === 'NATIONALITY').map((g) => `${g.start}:${g.end}`));
  // Extents the religion list found and no place list did: "a practising Muslim", which the neural layer read as a place.
  // One word only: the list (WordNet's hyponyms) also holds regions ("East Africa", "Central Africa").
  const religions = new Set(gazetteerHits.filter((g) => g.subtype === 'RELIGION').map((g) => `${g.start}:${g.end}`));
  const religionExactly = (start: number, end: number): boolean =>
    religions.has(`${start}:${end}`) && !/\s/u.test(text.slice(start, end)) && !places.has(`${start}:${end}`) && !PLACE_NAMES.has(text.slice(start, end));
  const nationalityExactly = (start: number, end: number): boolean =>
    nationalities.has(`${start}:${end}`) && !places.has(`${start}:${end}`) && !PLACE_NAMES.has(text.slice(start, end));
  // "British-American", "Irish and European", "English-born Canadian": nationalities joined by
  // hyphens or "and", each one listed.
  const joinedNationalities = (m: DetectedMention, surface: string): boolean => {
    // One word is no join (and most mentions are one word): no scan of its letters.
    if (!JOINED.test(surface)) return false;
    let nationalitySeen = false;
    for (const word of surface.matchAll(LETTERS)) {
      if (NATIONALITY_JOINERS.has(word[0])) continue;
      const start = m.start + (word.index ?? 0);
      if (!nationalityExactly(start, start + word[0].length)) return false;
      nationalitySeen = true;
    }
    return nationalitySeen;
  };
  // A given name that a gazetteer also lists ("Georgia", "Jordan", "Christian") proves nothing.
  const givenName = (m: DetectedMention, words: readonly string[]): boolean => words.some((w) => givenNames.has(w) && listed[text.indexOf(w, m.start)] !== 1);

  // "born in X", "Baltimore, X", "X, Sri Lanka", "Başkale (X)": where a place is expected or listed with
  // places (in brackets, one word: a province, not an institution's name in its own language).
  const isLoc = (j: number): boolean => j >= 0 && j < merged.length && merged[j].entityType === 'LOC';
  const placeContext = (m: DetectedMention, i: number): boolean =>
    PLACE_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start)) ||
    (isLoc(i - 1) && (/^,\s*$/.test(text.slice(merged[i - 1].end, m.start)) || (/^\s*\($/.test(text.slice(merged[i - 1].end, m.start)) && text.charAt(m.end) === ')' && !/\s/.test(text.slice(m.start, m.end))))) ||
    // (Not an employer between a job and its town: "Senior Data Engineer, Skyscanner, Edinburgh".)
    (isLoc(i + 1) && /^\s*,\s*$/.test(text.slice(m.end, merged[i + 1].start)) && !(i > 0 && merged[i - 1].subtype === 'OCCUPATION' && /^\s*,\s*$/.test(text.slice(merged[i - 1].end, m.start))));

  const readsAsPersonName = (m: DetectedMention, surface: string, words: readonly string[]): boolean =>
    words.length > 1 && givenNames.has(words[0]) && listed[m.start] !== 1 && !placeExactly(m) && !PLACE_NAMES.has(surface) && headNounType(surface, words) === undefined;

  // The neural layer calls every word of it a person; not bare surnames joined as a firm's are ("Senger
  // and Olson", "Marks & Spencer"), unlike full names ("Cab Calloway and Duke Ellington").
  const vouchedByNeural = (m: DetectedMention, words: readonly string[]): boolean =>
    !(words.length === 3 && (words[1] === 'and' || words[1] === '&')) && everyWordIn(text, m, neuralPersons);

  // The name a biography opens with, when its lead says an occupation (not "Foo Fighters is an American
  // rock band", nor a name with an organisation's or a place's head noun).
  const leadSubject = (m: DetectedMention, words: readonly string[]): boolean => {
    if (text.slice(0, m.start).trim() !== '' || words.length < 2 || headNounType(text.slice(m.start, m.end), words) !== undefined) return false;
    const verb = LEAD_VERB_AFTER.exec(text.slice(m.end, m.end + 240));
    if (!verb) return false;
    const from = m.end + verb[0].length;
    const clauseEnd = text.indexOf('. ', from);
    const until = Math.min(from + LEAD_OCCUPATION_WITHIN, clauseEnd < 0 ? text.length : clauseEnd);
    return merged.some((n, j) => n.start >= from && n.start < until && (n.subtype === 'OCCUPATION' || OFFICE_WORDS.has(wordsByMention[j][0] ?? '')));
  };
  // Surnames of mentions that are surely people (a title, initials, a given name, the neural layer's
  // word, life dates after the name), for their bare-surname mentions.
  const personWords = new Set<string>();
  const wordsByMention = merged.map((m) => wordsOf(text.slice(m.start, m.end)));
  const lifeDates = merged.map((m, i) => NAME_ENTITY_TYPES.has(m.entityType) && (LIFE_DATES_AFTER.test(text.slice(m.end, m.end + 160)) || (i === 0 && leadSubject(m, wordsByMention[i]))));
  merged.forEach((m, i) => {
    const words = wordsByMention[i];
    const sure =
      lifeDates[i] ||
      (m.entityType === 'PERSON' && (/person-(?:title|initials|title-capitals)$/.test(m.source) || (words.length > 1 && (givenName(m, words) || vouchedByNeural(m, words)))));
    if (sure) for (const w of words) if (!givenNames.has(w) && !NAME_CONNECTORS.has(w) && w.length >= 3) personWords.add(w);
    // The last of a full name's words after a given name is a surname, though a list has it as a given name too ("Linda Henderson").
    if (sure && words.length === 2 && givenNames.has(words[0]) && words[1].length >= 3 && CAPITAL_FIRST.test(words[1])) personWords.add(words[1]);
    // The word right before life dates is a surname even when it is also a given name ("Byron Scott
    // "Buster" Brannon (October 21, 1908 – …)": "Brannon" is one of faker's given names).
    const last = words.at(-1);
    if (lifeDates[i] && last && last.length >= 3) personWords.add(last);
  });

  // A quoted word between two parts of a name, not a title: Byron Scott "Buster" Brannon.
  const nickname = (i: number): boolean => {
    const before = merged[i - 1];
    const after = merged[i + 1];
    return (
      before !== undefined && after !== undefined && NAME_ENTITY_TYPES.has(before.entityType) && NAME_ENTITY_TYPES.has(after.entityType) &&
      NICKNAME_OPEN.test(text.slice(before.end, merged[i].start)) && NICKNAME_CLOSE.test(text.slice(merged[i].end, after.start))
    );
  };

  // Exact extents a rule validated as a date, a code or a sum (confidence ≥ 0.9), or read as a postcode
  // or an address by its place in an address, or as a weekday (a name or its abbreviation before a
  // date: "Fri" of "Fri Mar 7", which the neural layer reads with the month as a name) or another of
  // TYPE_DECIDING_SOURCES, with its type.
  const validated = new Map<string, DetectedMention>();
  for (const r of raw) {
    if (!r.source.startsWith('rules:')) continue;
    if ((r.confidence >= VALIDATED_CONFIDENCE && VALIDATED_TYPES.has(r.entityType)) || r.subtype === 'POSTCODE' || r.subtype === 'ADDRESS' || TYPE_DECIDING_SOURCES.has(r.source)) validated.set(`${r.start}:${r.end}`, r);
  }

  // Names typed by what stands around them ("the band Verboten", "played for Haka"), by surface: the
  // same name elsewhere in the text is the same thing (one sense per discourse); null where two disagree.
  const contextTypes = new Map<string, string | null>();
  const contextTyped = new Set<number>();
  const byContext = (i: number, m: DetectedMention, entityType: string): DetectedMention => {
    const surface = text.slice(m.start, m.end);
    const known = contextTypes.get(surface);
    contextTypes.set(surface, known === undefined || known === entityType ? entityType : null);
    contextTyped.add(i);
    return retyped(m, entityType);
  };
  // PERSON mentions kept only because the neural layer said so.
  const weak = new Set<number>();
  // Read on the first mention that may be a speaker's label.
  let speakers: ReadonlySet<string> | undefined;
  const revised = merged.map((m, i) => {
    const surface = text.slice(m.start, m.end);
    const words = wordsByMention[i];
    // "DOB: 25/08/1979": a date the rules validated, which the neural layer guessed a code; "50336
    // Rastatt": a postcode it guessed a quantity. The merge ranks CODE and QUANTITY first for validated
    // identifiers and sums; a guess of the same extent is neither.
    const rule = validated.size > 0 && m.source.startsWith('neural:') ? validated.get(`${m.start}:${m.end}`) : undefined;
    if (rule && rule.entityType !== m.entityType) return retyped(m, rule.entityType, rule.subtype);
    // "75002 Paris on 5 June": a place a list has, which the neural layer guessed a date (DATETIME outranks
    // LOC in the merge); a date holds a digit or a calendar word, which no place list has.
    if (m.entityType === 'DATETIME' && m.source.startsWith('neural:') && placeExactly(m) && !HAS_DIGIT.test(surface)) {
      return retyped(m, 'LOC', gazetteerHits.find((g) => g.start === m.start && g.end === m.end && g.entityType === 'LOC')?.subtype);
    }
    // "Maya 🌸: yeah lol": a given name the neural layer guessed a date, no month or weekday and
    // no place a list has (above), is the person.
    if (m.entityType === 'DATETIME' && m.source.startsWith('neural:') && givenNames.has(surface) && !CALENDAR_NAMES.has(surface)) return retyped(m, 'PERSON');
    if (m.entityType === 'LOC' || m.entityType === 'ORG' || m.entityType === 'PERSON') {
      if (STATE_NAME.test(surface)) return retyped(m, 'ORG');
    }
    if (m.entityType === 'DEM' && SECRETARY_OF_STATE.test(surface)) return retyped(m, 'ORG');
    if (m.entityType === 'CODE' && isSeason(text, m, surface)) return withSeasonWord(text, retyped(m, 'DATETIME', 'PERIOD'), merged[i + 1]);
    if (m.entityType === 'DATETIME' && !m.required) {
      const season = withSeasonWord(text, m, merged[i + 1]);
      if (season !== m) return season;
    }
    // A nationality the neural layer read as a place ("a Croatian retired politician", "Bosnian
    // pronunciation"): LOC outranks DEM in the merge, but no place list has the word. Not where a
    // place is expected: a people's name is a town's too ("born in Omaha, Nebraska"), unless a noun
    // follows it ("born in Croatian territory").
    if (m.entityType === 'LOC' && !m.source.startsWith('gazetteers:') && nationalityExactly(m.start, m.end) && (ADJECTIVE_BEFORE_NOUN.test(text.slice(m.end, m.end + 2)) || !placeContext(m, i))) {
      return retyped(m, 'DEM', 'NATIONALITY');
    }
    if ((m.entityType === 'LOC' || m.entityType === 'PERSON') && !m.source.startsWith('gazetteers:') && religionExactly(m.start, m.end) && !placeContext(m, i)) return retyped(m, 'DEM', 'RELIGION');
    if (NAME_ENTITY_TYPES.has(m.entityType) && joinedNationalities(m, surface)) return retyped(m, 'DEM', 'NATIONALITY');
    if ((m.entityType === 'ORG' || m.entityType === 'PERSON') && BENEFIT_HEADS.has(headWord(surface, words))) return retyped(m, 'MISC');
    if (m.entityType === 'LOC' && (m.subtype === 'COUNTRY' || m.subtype === undefined)) {
      const preceding = text.slice(Math.max(0, m.start - 30), m.start);
      if (STATE_BEFORE.test(preceding) || STATE_OFFICE_BEFORE.test(preceding) || STATE_AFTER.test(text.slice(m.end, m.end + 20))) return retyped(m, 'ORG');
      if (NATIONALITY_AFTER.test(text.slice(m.end, m.end + 20))) return retyped(m, 'DEM', 'NATIONALITY');
    }
    // Laws, treaties, wars and cases read as organisations by the layers are MISC in TAB and Wikipedia:
    // "the Aliens Act", "the Second World War", "Zumtobel v. Austria", a law's own name in brackets after it.
    if (m.entityType === 'ORG' && (LAW_OR_EVENT.test(surface) || LAW_BEFORE_BRACKET.test(text.slice(Math.max(0, m.start - 20), m.start)))) return retyped(m, 'MISC');
    // "Gruen Trophy", "World Taekwondo Championships", "CinEuphoria Award": an award, a contest or an
    // agreement by its head noun, which the layers read as its organiser. A tour is run by one ("WTA Tour").
    if (m.entityType === 'ORG' && words.at(-1) !== 'Tour' && headNounType(surface, words) === 'MISC') return retyped(m, 'MISC');
    // "played for Genoa": the club. A country is left a place: its national side ("appearances for
    // Wales") is LOC in one biography and ORG ("for SFR Yugoslavia") in another.
    if (m.entityType === 'LOC' && !isCountry(m) && TEAM_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start))) return byContext(i, m, 'ORG');
    // "Best,⏎Smith": a word signed after a closing is the sender, not the occupation or place a list saw in it.
    if ((m.entityType === 'DEM' || m.entityType === 'LOC') && m.source.startsWith('gazetteers:') && words.length === 1 && CAPITAL_FIRST.test(surface) && signatureAfterClosing(text, m.start)) return retyped(m, 'PERSON');
    // "Smith" after "John Smith", "Jordan" after "Jordan Zevon", "the Henderson account" after "Linda Henderson": the
    // person, not the occupation or place a list saw in it; where a place is expected, the place ("born in Henderson").
    if ((m.entityType === 'DEM' || m.entityType === 'LOC') && m.source.startsWith('gazetteers:') && personWords.has(surface) && !placeContext(m, i)) return retyped(m, 'PERSON');
    // The subject of a biography, and that person's surname where a layer read a place or an organisation.
    if (lifeDates[i]) return m.entityType === 'PERSON' ? m : retyped(m, 'PERSON');
    // "the Sima clan", "the Wei government": a name before a word for a group that rules is the group
    // (not its other mentions: the clan's members and the administration's head bear its name).
    if ((m.entityType === 'PERSON' || m.entityType === 'LOC') && !m.source.startsWith('gazetteers:') && RULING_GROUP_AFTER.test(text.slice(m.end, m.end + 16))) return retyped(m, 'ORG');
    // "the films Bad Dreams", "his album Silver Age": a work, whatever type the neural layer gave it.
    if ((m.entityType === 'ORG' || m.entityType === 'LOC') && !m.source.startsWith('gazetteers:') && WORK_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start))) return byContext(i, m, 'MISC');
    // "a rock band called Verbow": a group, though the neural layer read a place; "Second Division club
    // Blackpool": a club named after its town, which a list has (not a country's side).
    if (m.entityType === 'LOC' && !m.source.startsWith('gazetteers:') && !placeExactly(m) && !PLACE_NAMES.has(surface) && GROUP_KIND.test(text.slice(Math.max(0, m.start - 40), m.start))) return byContext(i, m, 'ORG');
    if (m.entityType === 'LOC' && !isCountry(m) && CLUB_BEFORE.test(text.slice(Math.max(0, m.start - 12), m.start))) return retyped(m, 'ORG');
    // "Virtuosity (1995)", "Blade Runner (1982)": a title with its year in brackets is a work (a
    // person's brackets hold life dates, taken above; an office's year is its term: "Minister of Trade (1992)").
    const office = OFFICE_WORDS.has(words[0] ?? '') || OFFICE_WORDS.has(words.at(-1) ?? '');
    if (NAME_ENTITY_TYPES.has(m.entityType) && !m.source.startsWith('gazetteers:') && !/person-(?:title|initials|title-capitals)$/.test(m.source) && !office && WORK_YEAR_AFTER.test(text.slice(m.end, m.end + 12))) {
      return retyped(m, 'MISC');
    }
    // "Sithu Aung (Burmese: …; also spelled Si Thu Aung; born …)": another name of the biography's subject,
    // in the bracket after the name it opens with.
    if (NAME_TYPES.has(m.entityType) && words.length > 1 && i > 0 && lifeDates[0] && merged[0].entityType === 'PERSON' && ALIAS_BEFORE.test(text.slice(Math.max(0, m.start - 30), m.start)) && LEAD_BRACKET_BETWEEN.test(text.slice(merged[0].end, m.start))) {
      return retyped(m, 'PERSON');
    }
    // "Lt Gen Bilimoria", "Mr Kodnani": a title before a name the neural layer read otherwise.
    // (Not one that names an award after it: "the Lt Gen F N Billimoria trophy", below.)
    const awardAfter = AWARD_AFTER.test(text.slice(m.end, m.end + 24));
    if (NAME_TYPES.has(m.entityType) && words.length > 1 && !awardAfter && (titledName(surface, words) || (TITLES_OF_OTHER_LANGUAGES.has(words[0]) && CAPITAL_FIRST.test(words[1])))) return retyped(m, 'PERSON');
    if (NAME_TYPES.has(m.entityType) && !m.source.startsWith('gazetteers:') && words.length === 1 && personWords.has(words[0])) return retyped(m, 'PERSON');
    // "Chair (Helen Whitfield)": a meeting's role before the name in brackets of whoever holds it.
    if (NAME_ENTITY_TYPES.has(m.entityType) && MEETING_ROLES.has(surface.toLowerCase()) && ROLE_BEFORE_BRACKETED_NAME.test(text.slice(m.end, m.end + 3))) return retyped(m, 'DEM', 'OCCUPATION');
    // "Patient: Candice Rath", "Dear Armin Dolch", "Secretary (Priya Nair)": a form's field for a person, a greeting, or a
    // role the name in brackets holds (a firm's head noun aside).
    if (NAME_TYPES.has(m.entityType) && !m.source.startsWith('gazetteers:') && words.length <= 4 && headNounType(surface, words) === undefined && (personLabelBefore(text, m.start) || bracketedAfterRole(m))) {
      return retyped(m, 'PERSON');
    }
    // "Cyprien: yes until …", "hey Sixtine": a chat's speaker or the one greeted, whatever type the
    // neural layer guessed for a name it saw without context (a place, a firm, even a quantity).
    if (m.source.startsWith('neural:') && m.entityType !== 'PERSON' && !rule && NAME_LIKE.test(surface) && headNounType(surface, words) === undefined) {
      if ((speakers ??= speakerLabels(text)).size > 0 && isSpeakerLabel(text, m, speakers)) return retyped(m, 'PERSON');
      if (GREETING_BEFORE.test(text.slice(Math.max(0, m.start - 12), m.start))) return retyped(m, 'PERSON');
    }
    // "Hi Sofia", "Sofia: done": a given name greeted or speaking is the person, though a list has a city of that name.
    if (m.source.startsWith('gazetteers:') && (m.entityType === 'LOC' || m.subtype === 'NATIONALITY') && givenNames.has(surface)) {
      if (GREETING_BEFORE.test(text.slice(Math.max(0, m.start - 12), m.start))) return retyped(m, 'PERSON');
      if ((speakers ??= speakerLabels(text)).size > 0 && isSpeakerLabel(text, m, speakers)) return retyped(m, 'PERSON');
    }
    if (m.entityType === 'ORG' && isFeatureName(surface, words)) return retyped(m, 'LOC');
    // "the London office of Deloitte", "the Frankfurt branch of Acme": a firm's office is named by its town.
    // (Not a unit's prefixed name: "the Anti-terror branch of the Security Directorate" is the police's.)
    if ((m.entityType === 'ORG' || m.entityType === 'PERSON') && OFFICE_OF_AFTER.test(text.slice(m.end, m.end + 24)) && THE_BEFORE.test(text.slice(Math.max(0, m.start - 4), m.start)) && !PREFIXED_WORD.test(surface)) {
      return retyped(m, 'LOC');
    }
    // The line after a street's line in an address block is its town ("14 Cedar Avenue⏎Beiering⏎SP69 61U").
    if ((m.entityType === 'ORG' || m.entityType === 'PERSON') && i > 0 && merged[i - 1].subtype === 'ADDRESS' && LINE_BREAK_BETWEEN.test(text.slice(merged[i - 1].end, m.start)) && LINE_END_AFTER.test(text.slice(m.end, m.end + 2))) {
      return retyped(m, 'LOC', 'CITY');
    }
    if ((m.entityType === 'ORG' || m.entityType === 'PERSON') && HYPHENATED_TOWN.test(surface)) return retyped(m, 'LOC', 'CITY');
    // "Cape Cod Baseball League", "New York University", "State Security Courts": a place's name before an organisation's head noun
    // (the last word before what the mention took in brackets: "Cape Cod Baseball League (CCBL)").
    if (m.entityType === 'LOC' && m.subtype === undefined && words.length > 1 && ORG_HEADS.has(headWord(surface, words)) && !placeExactly(m)) return retyped(m, 'ORG');
    // "San Diego Padres": a team (teamOfPlace).
    if (m.entityType === 'LOC' && m.subtype === undefined && !placeExactly(m) && teamOfPlace(m, surface, words)) return retyped(m, 'ORG');
    // "Raj Kapoor", "Nicolae Ceaușescu": a place to the neural layer, no place to the gazetteers, and a given name first.
    if (m.entityType === 'LOC' && m.source.startsWith('neural:') && readsAsPersonName(m, surface, words)) return retyped(m, 'PERSON');
    if (m.entityType === 'ORG' && isOfficeName(words)) return retyped(m, 'DEM', 'OCCUPATION');
    // "His brother Liam", "their daughter, Brenda": a kin's or a colleague's name, though a list has a
    // place of that name (not a country, nor a name with an organisation's or a place's head noun).
    if ((m.entityType === 'LOC' || m.entityType === 'ORG') && !isCountry(m) && words.length <= 3 && CAPITAL_FIRST.test(surface) &&
        headNounType(surface, words) === undefined && PERSON_BEFORE.test(text.slice(Math.max(0, m.start - 30), m.start))) {
      return retyped(m, 'PERSON');
    }
    // A person's name that names an award is part of the award's name.
    if ((m.entityType === 'PERSON' || titledName(surface, words)) && awardAfter) return retyped(m, 'MISC');
    if (m.source === 'rules:person-initials' && clubInitials(m, surface)) return retyped(m, 'ORG');
    if (m.entityType !== 'PERSON' || /person-(?:title|initials|title-capitals)$/.test(m.source)) return m;
    if (titledName(surface, words) || PERSON_BEFORE.test(text.slice(Math.max(0, m.start - 30), m.start))) return m;
    if (quoted(text, m)) return nickname(i) ? m : retyped(m, 'MISC');
    // "Sony Taiwan", "Samsung India": a firm's branch in a country. Not a person's name, which opens with a
    // given name ("Michael Jordan", "Pat Israel"), a place ("East Prussia", "Gulf of Mexico"), an office
    // ("President of Cyprus") nor names joined ("Athens and Macedonia").
    const last = words.at(-1) ?? '';
    if (words.length > 1 && words.length <= 3 && countries.has(`${m.end - last.length}:${m.end}`) && !givenNames.has(words[0]) && !givenNames.has(last) &&
        !words.some((w) => NAME_CONNECTORS.has(w) || OFFICE_WORDS.has(w) || COMPASS_WORDS.has(w)) && listed[m.start] !== 1 && headNounType(surface, words) === undefined && !PLACE_NAMES.has(surface)) {
      return retyped(m, 'ORG');
    }
    // "Buffalo Bills", "Worcester Ruby Legs": a team (teamOfPlace); not a given name first ("Florence Williams").
    if (teamOfPlace(m, surface, words) && !givenNames.has(words[0])) return retyped(m, 'ORG');
    // What the words before it say it is: "the album Imperfect", "the band Verboten", "played for Haka".
    const before = text.slice(Math.max(0, m.start - 40), m.start);
    // "in the category Best Art Direction", "nominated for Best Actor": an award's category.
    if (words[0] === 'Best' && words.length > 1 && AWARD_CATEGORY_BEFORE.test(before)) return retyped(m, 'MISC');
    if (WORK_BEFORE.test(before)) return byContext(i, m, 'MISC');
    if (GROUP_BEFORE.test(before)) return byContext(i, m, 'ORG');
    // The head noun outweighs a given name in front of it: "Summer Olympics", "Axel Heiberg Island", "Grace Hospital".
    const head = headNounType(surface, words);
    if (head) return retyped(m, head);
    // "S. C. Johnson & Son", "Patel & Co Tailors": a firm by how it is named, a given name first or not.
    if (FIRM_NAME.test(surface)) return retyped(m, 'ORG');
    // (A given name in the possessive names a thing after someone: "King's College London".)
    if (givenName(m, words) && !POSSESSIVE_FIRST.test(surface)) return m;
    // A name signed on the line after a closing is the sender's ("Best wishes,⏎Karen O'Neill": "Karen" is a people to a list).
    if (words.length <= 3 && signatureAfterClosing(text, m.start)) return m;
    // A given name a list also has ("Victoria", "Jordan") before a surname the neural layer calls a person's.
    if (words.length === 2 && givenNames.has(words[0]) && everyWordIn(text, { ...m, start: text.lastIndexOf(words[1], m.end) }, neuralPersons)) return m;
    // "the Daoguang Emperor", "the Kangxi Emperor": an era name and a monarch's title after it is the monarch
    // (not a people's, "the Roman Emperor": an office).
    if (words.length === 2 && REGNAL_TITLES.has(words[1]) && THE_BEFORE.test(text.slice(Math.max(0, m.start - 4), m.start)) && listed[m.start] !== 1) return m;
    const cue = nonPersonCue(words);
    if (cue) return retyped(m, cue.type, cue.subtype);
    // A surname of someone named in full stays a person next to a place ("Born in Chicago, Dick moved").
    const surname = words.some((w) => personWords.has(w));
    // A name that is both, alone and called a person by the neural layer, is left to the evidence below.
    const placeName = PLACE_NAMES.has(surface) && !(GIVEN_PLACE_NAMES.has(surface) && vouchedByNeural(m, words));
    if (placeExactly(m) || placeName || (!surname && placeContext(m, i)) || everyWordIn(text, m, knownPlaces, PLACE_NAMES)) return retyped(m, 'LOC');
    if (surname) return m;
    // The neural layer agrees: a name it knows from context, in one mention or word by word ("Warren"
    // and "Zevon"); a neural PERSON only touching a longer capitalized run says nothing about the run.
    // A capitalized run alone is not a person.
    if (m.source.startsWith('neural:') || vouchedByNeural(m, words)) {
      weak.add(i);
      return m;
    }
    if (pluralTeamName(words)) return retyped(m, 'ORG');
    if (m.source !== 'rules:capitalized-sequence') return m;
    return retyped(m, neuralNameType(m) ?? 'ORG');
  });
  // A name in another script in brackets after a name is that name written so, of its type: "Moscow (Russian: Москва)"
  // is a place, "Yuji Unozawa (宇野沢 祐次, …)" a person.
  // (The language's name in between may be a mention of its own: "Russian".)
  revised.forEach((m, i) => {
    if (!NAME_OR_DEM_TYPES.has(m.entityType) || !NO_LATIN_LETTER.test(text.slice(m.start, m.end))) return;
    const bracket = text.lastIndexOf(' (', m.start);
    if (bracket < 0 || !NATIVE_BRACKET_BETWEEN.test(text.slice(bracket, m.start))) return;
    const named = revised.slice(Math.max(0, i - 4), i).find((n) => n.end === bracket);
    if (named && NAME_ENTITY_TYPES.has(named.entityType) && named.entityType !== m.entityType) revised[i] = retyped(m, named.entityType, named.subtype);
  });
  // An abbreviation takes the type of the name it abbreviates: "WBA" of "Widow's Bereavement Allowance".
  const miscAcronyms = new Set(revised.filter((m) => m.entityType === 'MISC').map((m) => acronymOf(text.slice(m.start, m.end).replace(BRACKETED_TAIL, ''))?.toUpperCase()));
  revised.forEach((m, i) => {
    const surface = text.slice(m.start, m.end);
    if (m.entityType === 'ORG' && /^\p{Lu}{2,6}$/u.test(surface) && miscAcronyms.has(surface)) revised[i] = retyped(m, 'MISC');
  });
  // In a list ("Albion, Bedford, Clarence and Sheridan"; "Silver Age, Beauty & Ruin, Patch the Sky") a
  // weak PERSON takes the type of a neighbour that is surely something else, along the whole list.
  for (let changed = weak.size > 0; changed; ) {
    changed = false;
    for (const i of weak) {
      const neighbour = [i - 1, i + 1].find((j) => {
        const other = revised[j];
        if (!other || weak.has(j) || other.entityType === 'PERSON' || !NAME_TYPES.has(other.entityType)) return false;
        const between = j < i ? text.slice(other.end, revised[i].start) : text.slice(revised[i].end, other.start);
        return LIST_SEPARATOR.test(between);
      });
      if (neighbour === undefined) continue;
      revised[i] = retyped(revised[i], revised[neighbour].entityType, revised[neighbour].subtype);
      weak.delete(i);
      changed = true;
    }
  }
  // Works are listed together ("the films Bad Dreams, Threesome, The Craft"): a name only the neural
  // layer typed, listed next to a work, is one too.
  const listedWith = (i: number, j: number): boolean => {
    const [first, second] = j < i ? [revised[j], revised[i]] : [revised[i], revised[j]];
    return first !== undefined && second !== undefined && WORK_LIST_SEPARATOR.test(text.slice(first.end, second.start));
  };
  for (let changed = true; changed; ) {
    changed = false;
    revised.forEach((m, i) => {
      if (!((m.entityType === 'ORG' || m.entityType === 'LOC') && m.source.startsWith('neural:'))) return;
      if (![i - 1, i + 1].some((j) => revised[j]?.entityType === 'MISC' && listedWith(i, j))) return;
      revised[i] = retyped(m, 'MISC');
      changed = true;
    });
  }
  // "Verboten is credited as inspiring…" after "his punk rock band, Verboten": the other mentions of a
  // name typed by its context take that type, unless a place list or a place's context says place, or
  // the mention is surely a person's (life dates, a title, every word a known person's).
  if (contextTypes.size > 0) {
    // A place list's name ("Wales", "Genoa") is a side in one sentence and the place in the next.
    const knownPlaceNames = new Set(gazetteerHits.filter((g) => g.entityType === 'LOC' || g.subtype === 'COUNTRY').map((g) => text.slice(g.start, g.end)));
    revised.forEach((m, i) => {
      if (contextTyped.has(i) || (m.entityType !== 'PERSON' && m.entityType !== 'LOC') || lifeDates[i] || /person-(?:title|initials|title-capitals)$/.test(m.source)) return;
      const surface = text.slice(m.start, m.end);
      const type = contextTypes.get(surface);
      if (!type || type === m.entityType || knownPlaceNames.has(surface) || PLACE_NAMES.has(surface) || placeContext(m, i)) return;
      if (m.entityType === 'PERSON' && wordsByMention[i].every((w) => personWords.has(w) || givenNames.has(w))) return;
      revised[i] = retyped(m, type);
    });
  }
  // A mention a user asked for keeps the type they gave it (no copy of the list when there is none).
  return merged.some((m) => m.required) ? revised.map((m, i) => (merged[i].required ? merged[i] : m)) : revised;
}
