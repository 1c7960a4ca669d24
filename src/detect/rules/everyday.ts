/**
 * Everyday words that open lines and sentences of e-mails, tickets, chats, notes and invoices, and
 * the sentence-start test the capitalized-word rules and the mention clean-up share.
 */

/**
 * Words of e-mails, tickets, chats, clinical and HR notes and invoices that are capitalized because
 * they open a line, a sentence or a field, and are not names: greetings and closings, field labels,
 * everyday verbs and nouns. Compared in lower case.
 */
export const EVERYDAY_WORDS: ReadonlySet<string> = new Set(
  (
    // greetings, closings, courtesy
    'dear hi hello hey hiya greetings good morning afternoon evening thanks thank thx cheers regards kind best warm warmest ' +
    'sincerely faithfully yours respectfully cordially love bye goodbye welcome congratulations sorry apologies please pls ok okay ' +
    'yes yeah yep no nope sure great awesome lol btw fyi asap np ' +
    // field labels of forms, letters, tickets, invoices
    'subject re fw fwd to cc bcc from sent date time tel phone telephone mobile cell fax email e-mail mail address name surname ' +
    'first last full dob birth age sex gender patient client customer user account ref reference invoice receipt order ticket case ' +
    'priority status category type id no number total subtotal amount due tax vat balance payment paid billing shipping ' +
    'description qty quantity unit item items notes note comments comment summary details detail attachment attachments ' +
    'iban bic swift sort code card expiry cvv postcode zip city country state street nhs ssn nino passport ' +
    'employee manager department position title role salary start end review reviewer reason outcome action actions ' +
    'diagnosis history medication medications allergies allergy plan assessment examination findings impression complaint ' +
    'presenting symptoms vitals observations follow-up followup referral referred admitted discharged discharge doctor nurse gp ' +
    'clinic hospital appointment visit consultation treatment prescription dose results result test tests blood pressure ' +
    'agent support team hr admin system message chat update issue problem request query question answer response reply ' +
    // everyday sentence openers
    'attached attaching following regarding concerning further per as just also still sounds let lets let’s could can would ' +
    'shall should please see find hoping looking happy glad great pleased unfortunately fortunately sadly ' +
    'anyway anyways actually basically apparently honestly hopefully ideally meanwhile otherwise overall perhaps maybe quick ' +
    'call check confirm contact send sending sent received receive got get give take make keep note noted kindly feel reach ' +
    'ask asked tell told keep waiting wait thanks morning tomorrow today yesterday tonight soon later now then next last ' +
    'today’s urgent important reminder confirmation notice invitation meeting call booking delivery refund return returns ' +
    'cancel cancellation complaint feedback welcome signed approved pending resolved closed open opened escalated assigned ' +
    'seen reviewed emergency citizenship nationality consulting services questions web website online low medium normal high ' +
    'urgent critical next-of-kin kin ip ' +
    // kin before a name ("Wife Mary can be contacted"); not "son" (a surname) nor "father" and "sister" (titles)
    'wife husband daughter spouse partner fiancé fiancée girlfriend boyfriend'
  ).split(' '),
);

/**
 * Names of kinds of identifiers, as labels write them ("IBAN GB29 …", "from IP 10.0.0.1", "BIC:"):
 * never a mention by themselves, wherever they stand (EVERYDAY_WORDS are dropped where they open a
 * sentence or field only). Not "NI": Northern Ireland, and the National Insurance scheme TAB masks.
 */
export const IDENTIFIER_KINDS: ReadonlySet<string> = new Set('IBAN BIC SWIFT IP ID SSN NINO VAT DOB MRN PIN TIN EIN'.split(' '));

/** Greetings and closings: a name after one of them ("Dear Margaret", "Hi Anna") never includes it. */
export const GREETINGS: ReadonlySet<string> = new Set(
  'dear hi hello hey hiya greetings thanks thank cheers regards sincerely yours bye goodbye welcome congratulations'.split(' '),
);

const SENTENCE_START = /(?:^|[.!?:;]["”’)]?\s+|\n\s*|["“‘(]\s*|^\s*\d+\.\s+)$/;

/** True when the word at `start` opens a sentence (or a line, heading, list item, field value or quotation). */
export function opensSentence(text: string, start: number): boolean {
  return SENTENCE_START.test(text.slice(Math.max(0, start - 12), start));
}
