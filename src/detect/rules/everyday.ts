/**
 * Everyday words that open lines and sentences of e-mails, tickets, chats, notes and invoices, the
 * calendar's names and other small word lists several stages read, and the sentence-start test the
 * capitalized-word rules and the mention clean-up share. It imports nothing, so any stage may read it.
 */

/** Greetings that address someone right before their name ("Dear Margaret", "Hi Anna"), in lower case. */
export const ADDRESSING_GREETINGS: readonly string[] = ['dear', 'hi', 'hello', 'hey'];

/** Greetings and closings: a name after one of them ("Dear Margaret", "Hi Anna") never includes it. */
export const GREETINGS: ReadonlySet<string> = new Set([
  ...ADDRESSING_GREETINGS,
  ...'hiya greetings thanks thank cheers regards sincerely yours bye goodbye welcome congratulations'.split(' '),
]);

/** Who a greeting addresses when it names no one ("Hello Team", "Dear Sir or Madam", "Hi all"), in lower case. */
export const GENERIC_ADDRESSEES: ReadonlySet<string> = new Set(
  ['team', 'all', 'everyone', 'everybody', 'colleagues', 'friends', 'folks', 'guys', 'sir', 'madam', 'sir or madam', 'sirs', 'customer', 'customers', 'members', 'partners', 'there',
    'mum', 'mom', 'mummy', 'mommy', 'dad', 'daddy', 'grandma', 'granny', 'grandpa', 'nan', 'nana',
    'hiring manager', 'hiring team', 'recruiter', 'recruitment team', 'support team', 'customer service', 'customer services', 'valued customer', 'sir/madam',
    'parents', 'carers', 'parent/carer', 'parents/carers', 'parents/guardians', 'residents', 'neighbours', 'neighbors', 'students', 'staff'],
);

/** The English names of the months and the weekdays, as the date rules, the name rules and the gazetteers read them. */
export const MONTH_NAMES: readonly string[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAY_NAMES: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** The weekdays and the months cut short, as e-mails, calendars and dates write them ("Fri Mar 7"); "May" has none. */
export const WEEKDAY_ABBREVIATIONS: readonly string[] = ['Mon', 'Tue', 'Tues', 'Wed', 'Thu', 'Thur', 'Thurs', 'Fri', 'Sat', 'Sun'];
export const MONTH_ABBREVIATIONS: readonly string[] = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec'];
/** Abbreviations that are also names or words written capitalized ("Jan", "Sun" the newspaper). */
export const NAME_LIKE_ABBREVIATIONS: ReadonlySet<string> = new Set(['Jan', 'Sun']);

/** A regular-expression alternation of words, longest first, so "Sept" is tried before "Sep". */
export function wordAlternation(words: readonly string[], suffix = ''): string {
  return [...words].sort((a, b) => b.length - a.length).map((word) => word + suffix).join('|');
}

/**
 * A telephone extension's label, as a regular-expression source to read case-free: "ext", "ext.", "extn:",
 * "extension". The extension rule reads it before a lone extension, the merge after a phone number.
 */
export const EXTENSION_LABEL = '(?:ext|extn|extension)\\.?:?';

/** Days said relative to the moment of writing, in lower case: everyday words, and never part of a name. */
export const RELATIVE_DAYS: readonly string[] = ['today', 'tonight', 'tomorrow', 'yesterday'];

/**
 * Card brands, in lower case: the one-word ones (CARD_BRAND_WORDS) are context words of card numbers too.
 * A brand before "card" says what kind of card it is, not whose.
 */
export const CARD_BRAND_WORDS: readonly string[] = ['visa', 'mastercard', 'amex'];
export const CARD_BRANDS: readonly string[] = [...CARD_BRAND_WORDS, 'american express', 'maestro', 'discover'];

/**
 * Words of e-mails, tickets, chats, clinical and HR notes and invoices that are capitalized because
 * they open a line, a sentence or a field, and are not names: greetings and closings, field labels,
 * everyday verbs and nouns. Compared in lower case.
 */
export const EVERYDAY_WORDS: ReadonlySet<string> = new Set([
  ...GREETINGS,
  ...RELATIVE_DAYS,
  ...(
    // courtesy, besides the greetings and closings (GREETINGS)
    'good morning afternoon evening thx kind best warm warmest wishes ' +
    'faithfully respectfully cordially love sorry apologies please pls ok okay ' +
    'yes yeah yep no nope sure great awesome lol btw fyi asap np ' +
    // field labels of forms, letters, tickets, invoices
    'subject re fw fwd to cc bcc from sent date time tel phone telephone mobile cell fax email e-mail mail address name surname ' +
    'first last full dob birth age sex gender patient client customer user username login password handle account ref reference invoice receipt order ticket case policy ' +
    'priority status category type id no number total subtotal amount due tax vat balance payment paid billing shipping claim claims insurance insurer ' +
    'description qty quantity unit item items notes note comments comment summary details detail attachment attachments ' +
    'iban bic swift sort code card expiry cvv postcode zip city country state street nhs ssn nino passport driver’s driver\'s licence license ' +
    'employee manager department position title role salary start end review reviewer reason outcome action actions ' +
    'diagnosis history medication medications allergies allergy plan assessment examination findings impression complaint pmh psh hpi ' +
    // a CV's section headings ('EXPERIENCE', 'CURRICULUM VITAE')
    'curriculum vitae resume résumé cv experience education references referees qualifications skills employment objective interests hobbies achievements certifications publications profile languages ' +
    // parties of a claim or a contract, as a form's labels ('Claimant: Mrs Olena Kovalenko')
    'claimant claimants respondent respondents defendant defendants plaintiff plaintiffs appellant appellants tenant landlord guarantor beneficiary policyholder ' +
    'presenting symptoms vitals observations follow-up followup referral referred admitted discharged discharge doctor nurse gp known ' +
    'clinic hospital appointment visit consultation treatment prescription dose results result test tests blood pressure ' +
    'agent support team hr admin system message chat update issue problem request query question answer response reply ' +
    // everyday sentence openers
    'attached attaching following regarding concerning further per as just also still sounds let lets let’s could can would ' +
    'shall should please see find hoping looking happy glad great pleased unfortunately fortunately sadly ' +
    'anyway anyways actually basically apparently honestly hopefully ideally meanwhile otherwise overall perhaps maybe quick ' +
    'call check confirm contact send sending sent received receive got get give take make keep note noted kindly feel reach ' +
    'ask asked tell told keep waiting wait thanks morning soon later now then next last ' +
    'today’s urgent important reminder confirmation notice invitation meeting call booking delivery refund return returns ' +
    'cancel cancellation complaint feedback welcome signed approved pending resolved closed open opened escalated assigned ' +
    'seen reviewed emergency citizenship nationality consulting services questions web website online low medium normal high ' +
    'urgent critical next-of-kin kin ip queries reception expected reschedule rebook tracking deliver delivered dispatched ' +
    // minutes of a meeting, clinic letters, school letters ("Present: …", "Meds: …", "Children should bring …")
    'hx allergic names forename forenames middle maiden issued expires employer place bug bugs steps error errors warning reported device serial reg insured eircode payee payer present absent minutes aob meds smoker ex-smoker non-smoker children parents carers pupils students staff ' +
    // a firm's departments and the words of its reports, which open a sentence ("Marketing wants the deck",
    // "Legal still has to sign", "Revenue was flat") or a field ("Attendance: …")
    'marketing sales legal finance accounts accounting operations engineering procurement purchasing compliance payroll ' +
    'facilities logistics ' +
    'revenue revenues profit profits costs expenses budget forecast pricing agenda attendance attendees venue location ' +
    'deadline schedule timeline server servers maintenance downtime outage company registration registered ' +
    // travel bookings
    'flight passenger passengers departure departures arrival arrivals terminal gate seat boarding check-in check-out hotel ' +
    // kin before a name ("Wife Mary can be contacted"); not "son" (a surname) nor "father" and "sister" (titles)
    'wife husband daughter spouse partner fiancé fiancée girlfriend boyfriend'
  ).split(' '),
]);

/**
 * Executive roles written before a name ("Apple CEO Tim Cook", "Chairman Mao"): a job title, which TAB
 * marks as a demographic attribute, between the employer and the person.
 */
export const EXECUTIVE_ROLE_ACRONYMS: readonly string[] = 'CEO CFO CTO COO CIO CMO CISO CSO CPO CRO CDO CHRO CCO VP SVP EVP'.split(' ');
export const EXECUTIVE_ROLE_WORDS: readonly string[] = ['Chairman', 'Chairwoman', 'Chairperson', 'Co-founder', 'Cofounder'];

/**
 * Names of kinds of identifiers, as labels write them ("IBAN GB29 …", "from IP 10.0.0.1", "BIC:"):
 * never a mention by themselves, wherever they stand (EVERYDAY_WORDS are dropped where they open a
 * sentence or field only). Not "NI": Northern Ireland, and the National Insurance scheme TAB masks.
 */
export const IDENTIFIER_KINDS: ReadonlySet<string> = new Set('IBAN BIC SWIFT IP IPv4 IPv6 ID SSN NINO VAT DOB MRN PIN TIN EIN IMEI MEID UDID MAC VIN VRM S/N'.split(' '));
/** Roles a meeting's minutes write before a name ("Chair (Helen Whitfield)"), besides the occupations a list has; in lower case. */
export const MEETING_ROLES: ReadonlySet<string> = new Set(['chair', 'vice-chair', 'vice chair', 'co-chair', 'minute taker', 'note taker']);

/** Words in capitals that a log line or a text message writes as keywords, naming nothing ("ERROR auth …", "reply STOP to opt out"). */
export const CAPITAL_KEYWORDS: ReadonlySet<string> = new Set('ERROR WARN WARNING INFO DEBUG TRACE FATAL STOP HELP'.split(' '));

// (A bar or bullet between a form's fields opens one too: "Email: … | Nationality: Nigerian".)
const SENTENCE_START = /(?:^|[.!?:;]["”’)]?\s+|\n\s*|["“‘(]\s*|^\s*\d+\.\s+|[|•·]\s+)$/;

/** True when the word at `start` opens a sentence (or a line, heading, list item, field value or quotation). */
export function opensSentence(text: string, start: number): boolean {
  return SENTENCE_START.test(text.slice(Math.max(0, start - 12), start));
}
