/** CODE: identifiers — application and case numbers, phone, IBAN, card, e-mail, URL, IP, plates, ids. */
import { isIPv6 } from 'node:net';
import { hasContext } from '../context.ts';
import type { Span } from '../../corpus/index.ts';
import {
  CAPITAL_DIGIT, CAPITAL_HYPHEN, CAPITAL_RUN_6, CAPITAL_SPACE_DIGIT, CLOSE_PAREN_DIGIT, DIGIT_DOT_DIGIT, DIGIT_RUN_8, DIGIT_SPACE_CAPITAL, LEADING_ZERO, PLUS_DIGIT,
  TWO_SEPARATORS, anyFeature,
} from './features.ts';
import { isCommonWord } from './capitalized.ts';
import { CARD_BRAND_WORDS, EXTENSION_LABEL } from './everyday.ts';
import { windowBeforeSeek } from './seek.ts';
import type { Rule } from './types.ts';
import { MAC_ADDRESS_SOURCE, dateValid, ibanValid, ipv4Valid, luhnValid, macAddressValid, nhsValid, phoneDigitsValid, ssnValid } from './validators.ts';

/** Words that say a number's last digits are a card's or an account's. */
const CARD_WORDS = ['card', ...CARD_BRAND_WORDS, 'credit', 'debit', 'account', 'acct'];
/** The card or account named after the digits: "7712 of your card", "4421 on the Visa". */
const CARD_AFTER = new RegExp(`^,? (?:of|on|for|from) (?:your|the|my|his|her|their|our) (?:(?:credit|debit|bank) )?(?:card|account|${CARD_BRAND_WORDS.join('|')})\\b`, 'i');

const isAsciiCapitalOrDigit = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
/** `\w` without the u flag: ASCII letters, digits, underscore. */
const isAsciiWordChar = (code: number): boolean => isAsciiCapitalOrDigit(code) || (code >= 97 && code <= 122) || code === 95;
const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;
/** The law reports whose citations TAB counts as codes ("3 WLR 206"). */
const LAW_REPORTS = '(?:WLR|All ER|EHRR|AC|QB|KB|Ch|ECR|CMLR|BCLC|Cr App R)';

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166 alpha-2 country code (the country part of a BIC): ICU knows a name for it. */
function isCountryCode(code: string): boolean {
  const name = REGION_NAMES.of(code);
  return name !== undefined && name !== code && name !== 'Unknown Region';
}

/** What the cue word before a number says it is: a passport, a national id or driving licence, else a case or file number. */
function subtypeOfCue(_value: string, text: string, span: Span): string {
  const cue = text.slice(Math.max(0, span.start - 40), span.start);
  if (/passport/i.test(cue)) return 'PASSPORT';
  // A driving licence is an identity document too (Presidio's US_DRIVER_LICENSE).
  if (/social security|insurance|identity|\bID\b|driv(?:er|ing)['’]?s? licen[cs]e/i.test(cue)) return 'NATIONAL_ID';
  return 'CASE_NUMBER';
}

/** Words that address a handle: "hey @maria", "thanks @tom", "cc @legal". */
const HANDLE_BEFORE = /(?:^|[\s(])(?:hi|hey|hello|thanks|thank you|thx|cc|dm|ping|via|by|follow|@)[\s:,]*$/iu;

/** A blood pressure's label right before its reading: "BP 148/92", "blood pressure of 130/85". */
/** A number's label or sign right before it: "no. ", "number ", "#", ": ". */
const NUMBER_LABEL_BEFORE = /(?:\b[Nn]o\.?|\b[Nn]umber|\b[Nn]um|#|:|\bID|\b[Ii]d|\b[Rr]ef\.?)\s*$/u;

/** The top-level domains of an address written without its scheme. */
const URL_TLDS = ['com', 'org', 'net', 'io', 'co', 'uk', 'de', 'fr', 'es', 'it', 'nl', 'eu', 'info', 'me', 'ly', 'gl', 'gov', 'edu', 'app', 'dev', 'tv'];

/** What an IPv6 address opens with, and what may not stand before it. */
const HEX_OR_COLON = /^[0-9A-Fa-f:]$/;
const WORD_COLON_OR_DOT = /^[\w:.]$/;
/** Whose identifier a log's or a record's field holds ("user_id", "customerId"). */
const ID_FIELD_OWNERS = ['user', 'customer', 'client', 'account', 'member', 'patient', 'employee', 'subscriber', 'device', 'session'];
/** Accounts every system has, which name no one. */
const SYSTEM_ACCOUNTS: ReadonlySet<string> = new Set(['public', 'default', 'default user', 'all users', 'shared', 'guest', 'root', 'admin', 'administrator', 'user', 'username', 'ubuntu', 'ec2-user', 'pi', 'runner', 'node', 'www-data']);
/** A MAC address's first digit, and what may not stand before it. */
const HEX_DIGIT = /^[0-9A-Fa-f]$/;
const MAC_JOINER = /^[\w:.-]$/;

/** "ext", "ext.", "extn:" right before the extension's digits (the word "extension" needs a phone number before it). */
const EXTENSION_ABBREVIATION_BEFORE = /\b(?:ext|extn)\.?:?[ \t]?$/iu;

const BLOOD_PRESSURE_BEFORE = /\b(?:BP|B\/P|[Bb]lood [Pp]ressure)(?: (?:of|was|is|at|reading|reading of))?:?\s*$/u;

/** A phone number's last digits, then an extension's label: "0018 (ext. ", "0100, ext ". */
const PHONE_BEFORE_EXTENSION = new RegExp(`\\d{3}[ \\t]*[(,]?[ \\t]*${EXTENSION_LABEL}[ \\t]?$`, 'iu');

export const CODE_RULES: readonly Rule[] = [
  {
    // ECHR application numbers ("36110/97") and file numbers ("1996/302", "2001/123-45").
    name: 'application-number',
    entityType: 'CODE',
    subtype: 'CASE_NUMBER',
    confidence: 0.9,
    pattern: /(?<![\w/.,-])\d{3,6}\/\d{2,5}(?:[-/]\d{1,5})?(?![\w/]|[.,]\d)/g,
    requires: ['/'],
    // A blood pressure reads the same ("BP 148/92"): no case number after one.
    validate: (value, text, span) => !looksLikeSlashDate(value) && !BLOOD_PRESSURE_BEFORE.test(text.slice(Math.max(0, span.start - 24), span.start)),
  },
  {
    // Court file references such as "E. 2001/123", "K. 2002/45", "no. 2 K 21/01", "Az. 3 Ob 12/04".
    name: 'file-reference',
    entityType: 'CODE',
    subtype: 'CASE_NUMBER',
    confidence: 0.85,
    // Never across a line break ("plate ABC 1234⏎On 10/03/2025" took "1234⏎On 10/03"), nor cutting a date ("10/03/2025").
    pattern: /\b(?:[A-Z]{1,3}\.?[^\S\n\r]?)?\d{1,4}[^\S\n\r]?(?:[A-Z][A-Za-z]{0,3}\.?[^\S\n\r])\d{1,6}\/\d{2,4}\b(?!\/\d)/g,
    requires: ['/'],
    // Tried only at word starts (a capital or a digit) up to 22 units before a slash: the longest
    // part of a match before its slash ("ABC. 1234 Abcd. 123456").
    startsAt: windowBeforeSeek(/\//g, 22, (text, at) => isAsciiCapitalOrDigit(text.charCodeAt(at)) && (at === 0 || !isAsciiWordChar(text.charCodeAt(at - 1)))),
  },
  {
    name: 'email',
    entityType: 'CODE',
    subtype: 'EMAIL',
    confidence: 0.99,
    pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g,
    requires: ['@'],
  },
  {
    // A handle as chats and social media write it: "hey @maria_g", "cc @jdoe88". Not the @ of an e-mail
    // (a word character before it), nor "@ 5pm" or "@home"-like words alone: a letter opens it, and it
    // holds a digit or an underscore, or follows a greeting or "cc".
    name: 'social-handle',
    entityType: 'CODE',
    subtype: 'USERNAME',
    confidence: 0.85,
    // With dots or hyphens inside, as Instagram's, Slack's and GitHub's are ("@chloe.travels", "@marcus.j", "@sarah-lee");
    // not one ending a sentence.
    pattern: /(?<![\w@.+-])@[A-Za-z][A-Za-z0-9_]{0,29}(?:[.-][A-Za-z0-9_]+)*(?![\w@-]|\.\w)/g,
    validate: (value, text, span) => value.length >= 3 && value.length <= 40 && (/[\d_.-]/.test(value) || HANDLE_BEFORE.test(text.slice(Math.max(0, span.start - 12), span.start))),
    requires: ['@'],
  },
  {
    // The user name in a home folder's path: "/home/akhalil/.ssh/config", "/Users/jdoe/Desktop", "C:\\Users\\jsmith\\Documents"
    // (a log or a ticket gives it away with the path). Not the system's own accounts ("Public", "Default", "root").
    name: 'home-folder-user',
    entityType: 'CODE',
    subtype: 'USERNAME',
    confidence: 0.85,
    pattern: /(?<=[/\\])(?:home|Users)[/\\](?<span>[A-Za-z0-9][A-Za-z0-9._-]{1,31})(?=[/\\]|[^\S]|$|[,;:)"'])/dg,
    validate: (value) => !SYSTEM_ACCOUNTS.has(value.toLowerCase()),
    // Every match opens with its cue word and a slash, right after a slash.
    cues: ['home/', 'home\\', 'Users/', 'Users\\'],
    opensWithCue: true,
  },
  {
    // An identifier in a log line's or a record's field: "user_id=88213", "customerId: 5521", "\"uid\": 1002",
    // "account-id=AC-7731" (the neural layer read the digits as a quantity).
    name: 'id-field',
    entityType: 'CODE',
    confidence: 0.85,
    pattern: new RegExp(`\\b(?:(?:${ID_FIELD_OWNERS.join('|')})[_-]?(?:id|ID|Id)|uid|UID)\\b["']?[ \\t]*[=:][ \\t]*["']?(?<span>[A-Za-z0-9][A-Za-z0-9_-]{1,39})(?![\\w-])`, 'dg'),
    // A value with a digit: "user_id=null" or "=true" tells nothing.
    validate: (value) => /\d/.test(value),
    // Every match opens with its field's name (the words alone, "member" or "account", are common in prose).
    cues: [...ID_FIELD_OWNERS.flatMap((owner) => [`${owner}_id`, `${owner}-id`, `${owner}id`]), 'uid'],
    opensWithCue: true,
  },
  {
    name: 'url',
    entityType: 'CODE',
    subtype: 'URL',
    confidence: 0.95,
    pattern: /\b(?:https?:\/\/|www\.)[^\s<>"'()]+[^\s<>"'().,;:!?]/g,
    requires: ['http', 'www.'],
  },
  {
    // A web address without its scheme, written as people do: "linkedin.com/in/aisha-okonkwo", "github.com/jdoe".
    // A path after a known top-level domain; a bare domain ("example.com") may be a firm's name.
    name: 'url-bare',
    entityType: 'CODE',
    subtype: 'URL',
    confidence: 0.9,
    pattern: /(?<![\w.@\/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|co|uk|de|fr|es|it|nl|eu|info|me|ly|gl|gov|edu|app|dev|tv)\/[^\s<>"'()]*[^\s<>"'().,;:!?]/g,
    // Every match holds its top-level domain and a slash: a text without one is not scanned.
    requires: URL_TLDS.map((tld) => `.${tld}/`),
  },
  {
    // IPv6 addresses, full or with "::" ("2001:db8::ff00:42:8329", "fe80::1"), checked by Node's own parser
    // (a time, "14:20" or "3:41:07", is none).
    name: 'ipv6',
    entityType: 'CODE',
    subtype: 'IP',
    confidence: 0.95,
    // (The look-ahead fails at once on most characters, before the look-behind is tried.)
    pattern: /(?=[0-9A-Fa-f:])(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g,
    // A digit in it: "a::b" is an address only to the parser.
    validate: (value) => isIPv6(value) && /\d/.test(value) && HEX_OR_COLON.test(value[0]) && value[0] !== ":",
    // Tried only in the window before two colons with at most four hex digits between them.
    startsAt: windowBeforeSeek(/:[0-9A-Fa-f]{0,4}:/g, 4, (text, at) => HEX_OR_COLON.test(text.charAt(at)) && !WORD_COLON_OR_DOT.test(text.charAt(at - 1))),
  },
  {
    name: 'ipv4',
    entityType: 'CODE',
    subtype: 'IP',
    confidence: 0.95,
    pattern: /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)/g,
    validate: ipv4Valid,
    // Every match holds "1.2".
    gate: anyFeature(DIGIT_DOT_DIGIT),
  },
  {
    // MAC addresses: "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", Cisco's "001a.2b3c.4d5e" (the neural layer read each pair as a quantity).
    name: 'mac-address',
    entityType: 'CODE',
    subtype: 'DEVICE_ID',
    confidence: 0.95,
    pattern: new RegExp(`(?<![\\w:.-])${MAC_ADDRESS_SOURCE}(?![\\w:-]|\\.\\w)`, 'g'),
    validate: macAddressValid,
    // Tried only in the window before a pair between two separators (or a quartet between two dots), at a hex digit.
    startsAt: windowBeforeSeek(/[:-][0-9A-Fa-f]{2}[:-]|\.[0-9A-Fa-f]{4}\./g, 4, (text, at) => HEX_DIGIT.test(text.charAt(at)) && !MAC_JOINER.test(text.charAt(at - 1))),
  },
  {
    // A vehicle's registration after its label: "plate IL ABC 1234", "Ohio plate HJK 4471", "reg. no. AB12 CDE",
    // "licence plate: W-12345", "VIN 2HGFC2F59KH542891" (seventeen characters without I, O or Q). The neural layer
    // read a state's code and the letters as a name and the digits as a quantity.
    name: 'vehicle-after-cue',
    entityType: 'CODE',
    subtype: 'VEHICLE_ID',
    confidence: 0.9,
    pattern:
      /\b(?:(?:[Ll]icen[cs]e |[Nn]umber |[Rr]egistration |[Nn]o\.? )?[Pp]late(?: [Nn]o\.?| [Nn]umber)?|[Rr]eg(?:istration)?\.?(?: [Nn]o\.?| [Nn]umber| [Pp]late)|VRM|VIN(?: [Nn]o\.?| [Nn]umber)?)(?: is)?:?[ \t]*#?[ \t]?(?<span>[A-HJ-NPR-Z0-9]{17}|(?:[A-Z]{2} )?(?=[A-Z0-9 -]{0,9}\d)[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,5}(?:[ -][A-Z0-9]{1,3})?)(?![\w-])/dg,
    // Digits alone are a plate only from five on ("plate 2 of 3", "registration 2019" are a count and a year).
    validate: (value) => /[A-Z]/.test(value) || value.replace(/\D/g, '').length >= 5,
    // Every match opens with its cue word.
    // ("reg" alone would stop at every "region" and "regular".)
    cues: ['plate', 'licence plate', 'license plate', 'number plate', 'registration', 'reg.', 'reg no', 'reg number', 'reg plate', 'VRM', 'VIN'],
    opensWithCue: true,
  },
  {
    // A device's number after its label: "IMEI: 490154203237518", "serial number C02XG0FDH7JY", "S/N 4CE0460D0G".
    // An IMEI passes the card rule's Luhn check: its label says what it is, and outweighs the card rule.
    name: 'device-id-after-cue',
    entityType: 'CODE',
    subtype: 'DEVICE_ID',
    confidence: 0.98,
    pattern:
      /\b(?:IMEI|MEID|UDID|[Ss]erial(?: [Nn]umber| [Nn]o\.?)?|SERIAL(?: NUMBER| NO\.?)?|S\/N|[Dd]evice (?:ID|[Ii]d|[Nn]umber))(?: is)?:?[ \t]*#?[ \t]?(?<span>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9])(?![\w-])/dg,
    // Every match opens with its cue word.
    cues: ['IMEI', 'MEID', 'UDID', 'serial', 'S/N', 'device id', 'device number'],
    opensWithCue: true,
  },
  {
    name: 'iban',
    entityType: 'CODE',
    subtype: 'IBAN',
    confidence: 0.99,
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    validate: ibanValid,
    // Every match opens with two capitals and two digits.
    gate: anyFeature(CAPITAL_DIGIT),
  },
  {
    name: 'payment-card',
    entityType: 'CODE',
    subtype: 'CARD',
    confidence: 0.97,
    pattern: /(?<![\d-])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\d-])/g,
    validate: luhnValid,
    // Three groups of four digits: two separators, or eight digits in a row.
    gate: anyFeature(TWO_SEPARATORS, DIGIT_RUN_8),
  },
  {
    // International or bracketed-area phone numbers; bare digit runs are left to other rules.
    name: 'phone',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.85,
    pattern: /(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?|\(\d{2,5}\)[\s.-]?)\d{1,4}(?:[\s.-]\d{2,8}){1,4}(?![\w])/g,
    validate: phoneDigitsValid,
    // Every match opens with "+1", or with an area code in brackets and a digit after it: "(020) 7".
    gate: anyFeature(PLUS_DIGIT, CLOSE_PAREN_DIGIT),
  },
  {
    // US numbers written 555-123-4567, 555.123.4567, (555) 123-4567 or 555 123 4567 (the spaced form
    // is also an NHS number's: context words settle which, see context.ts).
    name: 'phone-us',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.75,
    pattern: /(?<![\w+\-./])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w]|[-./]\d)/g,
    validate: (value) => /^\(?[2-9]/.test(value) && !/^\d{3}-\d{2}-/.test(value),
    // "(555) 1…", or two separators in "555-123-4567".
    gate: anyFeature(CLOSE_PAREN_DIGIT, TWO_SEPARATORS),
  },
  {
    // UK national numbers: "020 7946 0958", "07700 900123", "0161 496 0123", "01632 960001".
    name: 'phone-uk',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.75,
    pattern: /(?<![\w+\-./])0\d{2,4} ?\d{3,4} ?\d{3,4}(?![\w]|[-./]\d)/g,
    validate: (value) => /^0[1-9]/.test(value) && [10, 11].includes(value.replace(/\D/g, '').length) && /\s/.test(value),
    // Every match opens with a 0 and a digit, after no word character or +-./.
    gate: anyFeature(LEADING_ZERO),
  },
  {
    // Other national formats with a trunk 0 and groups: "01 23 45 67 89" (FR), "030 92423670",
    // "0151 0265 6922" (DE). Ambiguous alone, so lower confidence; a word like "tel" raises it.
    name: 'phone-national',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.6,
    pattern: /(?<![\w+\-./])0\d{1,4}(?:[ ./-]\d{2,8}){1,4}(?![\w]|[-./]\d)/g,
    validate: (value) => /^0[1-9]/.test(value) && phoneDigitsValid(value) && value.replace(/\D/g, '').length >= 9 && value.replace(/\D/g, '').length <= 12,
    // Every match opens with a 0 and a digit, after no word character or +-./.
    gate: anyFeature(LEADING_ZERO),
  },
  {
    // US Social Security numbers: area not 000, 666 or 9xx, group not 00, serial not 0000.
    name: 'us-ssn',
    entityType: 'CODE',
    subtype: 'NATIONAL_ID',
    confidence: 0.85,
    pattern: /(?<![\w\-./])\d{3}-\d{2}-\d{4}(?![\w]|[-./]\d)/g,
    validate: ssnValid,
    // "123-45-6789": two separators.
    gate: anyFeature(TWO_SEPARATORS),
  },
  {
    // The spaced form "123 45 6789" looks like many other numbers: a word such as "SSN" must come before it.
    name: 'us-ssn-spaced',
    entityType: 'CODE',
    subtype: 'NATIONAL_ID',
    confidence: 0.3,
    pattern: /(?<![\w\-./])\d{3} \d{2} \d{4}(?![\w]|[-./]\d)/g,
    validate: ssnValid,
    minConfidence: 0.5,
    // "123 45 6789": two separators.
    gate: anyFeature(TWO_SEPARATORS),
  },
  {
    // NHS numbers (10 digits, mod-11 check digit), "943 476 5919".
    name: 'nhs-number',
    entityType: 'CODE',
    subtype: 'NATIONAL_ID',
    confidence: 0.8,
    pattern: /(?<![\w\-./])\d{3}([ -]?)\d{3}\1\d{4}(?![\w]|[-./]\d)/g,
    validate: nhsValid,
    minConfidence: 0.5,
    // Two like separators, or none: ten digits in a row.
    gate: anyFeature(TWO_SEPARATORS, DIGIT_RUN_8),
  },
  {
    // UK National Insurance numbers, "QQ 12 34 56 C" (QQ is HMRC's example prefix).
    name: 'uk-nino',
    entityType: 'CODE',
    subtype: 'NATIONAL_ID',
    confidence: 0.85,
    pattern: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    // Two capitals, an optional space, digits.
    gate: anyFeature(CAPITAL_DIGIT, CAPITAL_SPACE_DIGIT),
  },
  {
    // SWIFT/BIC: bank (4 letters), ISO country, location, optional branch; "NWBKGB2L", "DEUTDEFF500".
    // An all-capitals word of 8 or 11 letters is often just a word: without a digit, "BIC" or "SWIFT" must come before it.
    name: 'bic',
    entityType: 'CODE',
    subtype: 'BIC',
    confidence: 0.85,
    pattern: /\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g,
    validate: (value, text, span) => isCountryCode(value.slice(4, 6)) && (/\d/.test(value.slice(6)) || hasContext(text, span, ['bic', 'swift', 'bic/swift', 'swift/bic'])),
    // Every match opens with six capitals.
    gate: anyFeature(CAPITAL_RUN_6),
  },
  {
    // Everyday references after a cue, any case of the cue: "Invoice 2023-0417", "Order #A-99812", "ticket no. 4471",
    // "passport number is 533380006", "passport (no. 502318746)", "confirmation code is XK7P2Q", "acct #4471-2209",
    // "routing 021000021", "PCN 7742 1190 3".
    name: 'reference-after-cue',
    entityType: 'CODE',
    confidence: 0.8,
    pattern:
      /\b(?:[Ii]nvoice|INVOICE|[Oo]rder|[Tt]icket|[Cc]ase|[Pp]olicy|[Bb]ooking|[Cc]laim|[Cc]ustomer|[Aa]ccount|[Mm]ember(?:ship)?|[Ee]mployee|[Pp]atient|[Rr]eference|[Rr]ef|MRN|[Hh]ospital|[Pp]assport|[Ll]icen[cs]e|[Rr]eceipt|[Cc]ontract|[Tt]racking|[Ss]taff|[Cc]onfirmation|[Rr]eservation|[Vv]oucher|[Aa]cct|[Rr]outing|[Bb]adge|PCN)\.?(?: \(?(?:[Nn]o\.?|[Nn]umber|[Nn]um|ID|[Ii]d|#|[Rr]ef\.?|[Cc]ode))?(?: is)?:?\s*#?\s?(?<span>(?=(?:\d ?){7}\d)\d{3,6}(?: \d{1,6}){1,4}(?![\w-]| \d)|(?=[A-Z0-9-]*\d)[A-Z]{0,5}[-/]?\d[\dA-Z]*(?:[-/.][\dA-Z]+)*)(?![\w-])/dg,
    subtype: subtypeOfCue,
    // A number of one or two digits right after the cue counts things ("order 2 tickets"), unless a label says it is a number.
    // (Digits in groups, "PCN 7742 1190 3" or "Blue Badge no. 9981 2267 1045", make one reference when eight or
    // more: "order 4471 2 tickets" is a number and a count.)
    validate: (value, text, span) => value.length >= 3 || NUMBER_LABEL_BEFORE.test(text.slice(Math.max(0, span.start - 10), span.start)),
    // Every match opens with its cue word.
    cues: ['invoice', 'order', 'ticket', 'case', 'policy', 'booking', 'claim', 'customer', 'account', 'member', 'employee', 'patient', 'reference', 'ref', 'MRN', 'hospital', 'passport', 'licence', 'license', 'receipt', 'contract', 'tracking', 'staff', 'confirmation', 'reservation', 'voucher', 'acct', 'routing', 'badge', 'PCN'],
    opensWithCue: true,
  },
  {
    // A VAT number after its label, with its country prefix: "VAT number is GB 123 4567 89", "VAT reg. no.
    // DE123456789", "VAT: FR40303265045". The digits split into a country's letters, a number and a code.
    name: 'vat-number',
    entityType: 'CODE',
    confidence: 0.9,
    pattern: /\bVAT(?: [Rr]eg(?:istration|\.)?)?(?: (?:[Nn]o\.?|[Nn]umber|ID|[Nn]r\.?))?(?: is)?:?[ \t]*(?<span>[A-Z]{2} ?[0-9A-Z]{2,12}(?: (?=[A-Z]*\d)[0-9A-Z]{1,6}){0,4})(?![\w])/dg,
    // A country's prefix and at least eight digits.
    validate: (value) => (value.match(/\d/g) ?? []).length >= 8,
    // Every match opens with "VAT".
    cues: ['VAT'],
    opensWithCue: true,
  },
  {
    // A firm's registration number after its label: "Company no. 09876543", "Registered number: 01234567",
    // "Company Registration No. SC123456" (UK: eight characters, two letters for Scotland and the like).
    // A reference, which the neural layer read as a phone number by its leading 0.
    name: 'company-number',
    entityType: 'CODE',
    subtype: 'CASE_NUMBER',
    confidence: 0.9,
    pattern: /\b(?:[Cc]ompany|COMPANY|[Rr]egistration|[Rr]egistered|[Cc]ompanies House)(?: (?:[Cc]ompany|[Rr]eg(?:istration|istered)?\.?))? (?:[Nn]o\.?|[Nn]umber|[Nn]um|#)[ \t]*:?[ \t]*(?<span>(?:[A-Z]{2})?\d{6,8})(?![\w-])/dg,
    // Every match opens with its cue word.
    cues: ['company', 'companies', 'registration', 'registered'],
    opensWithCue: true,
  },
  {
    // A UK bank sort code after its label: "sort code 20-00-00", "Sort Code: 40 47 84". Six digits in
    // pairs, which the number rules read as three quantities.
    name: 'sort-code',
    entityType: 'CODE',
    confidence: 0.9,
    pattern: /\b(?:[Ss]ort|SORT)[ -]?(?:[Cc]ode|CODE)(?: is)?:?[ \t]*(?<span>\d{2}(?<sep>[- ])\d{2}\k<sep>\d{2})(?![\d-])/dg,
    // Every match opens with its cue word.
    cues: ['sort'],
    opensWithCue: true,
  },
  {
    // A flight number after "flight": "Flight BA 2490", "flight no. U2 8317", "on flight LH400". An airline's
    // two-character code (letters, or a letter and a digit) and up to four digits: with a date, it
    // names who travelled.
    name: 'flight-number',
    entityType: 'CODE',
    confidence: 0.85,
    pattern: /\b(?:[Ff]light|FLIGHT)(?: (?:[Nn]o\.?|[Nn]umber))?:?[ \t]*(?<span>(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])[ \t]?\d{1,4}[A-Z]?)(?![\w-])/dg,
    // Every match opens with its cue word.
    cues: ['flight'],
    opensWithCue: true,
  },
  {
    // A user name after its label: "Username: jsmith", "login = j.smith", "User john.doe reported …".
    // After a bare "user" or "login" (no colon) only a name no word is written like (a dot, an
    // underscore or a digit in it, or an @ before it): not "User reported", "login page".
    name: 'username-after-cue',
    entityType: 'CODE',
    subtype: 'USERNAME',
    // As sure as a phone number after its label: a guessed code (below 0.85) keeps only pieces with a digit.
    confidence: 0.85,
    pattern: /\b(?:[Uu]ser(?:[ _-]?(?:[Nn]ame|ID|[Ii]d))?|USER(?:NAME)?|[Ll]ogin(?: name)?|LOGIN|[Hh]andle)(?:[ \t]*[:#=][ \t]*|[ \t]+)(?<span>@?[A-Za-z][A-Za-z0-9._-]{0,30}[A-Za-z0-9])(?![\w@-]|\.\w)/dg,
    validate: (value, text, span) => {
      const labelled = /[:#=][ \t]*$/.test(text.slice(Math.max(0, span.start - 4), span.start));
      return labelled ? !isCommonWord(value) : /^@|[._\d]/.test(value);
    },
    // Every match opens with its cue word.
    cues: ['user', 'login', 'handle'],
    opensWithCue: true,
  },
  {
    name: 'phone-after-cue',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.85,
    pattern: /\b(?:tel(?:ephone)?|phone|fax|mobile)\.?(?: number)?:?\s*(?<span>\+?\d[\d\s./-]{5,}\d)/dgi,
    validate: phoneDigitsValid,
    // Every match opens with its cue word.
    cues: ['tel', 'phone', 'fax', 'mobile'],
    opensWithCue: true,
  },
  {
    // A phone number's extension: "+44 20 7946 0018 (ext. 214)", "(Sales, ext 4410)" (its digits had been a neural
    // QUANTITY). One right after the number ("0958 ext. 204") joins the number itself (joinPhoneExtensions).
    name: 'phone-extension',
    entityType: 'CODE',
    subtype: 'PHONE',
    confidence: 0.85,
    pattern: new RegExp(`\\b${EXTENSION_LABEL}[ \\t]?(?<span>\\d{1,5})(?![\\w-])`, 'dgi'),
    // The abbreviation says so by itself ("Jessica Liu (Sales, ext 4410)"); the word only after a phone number
    // ("an extension 45 of the road").
    validate: (_value, text, span) => PHONE_BEFORE_EXTENSION.test(text.slice(Math.max(0, span.start - 24), span.start)) || EXTENSION_ABBREVIATION_BEFORE.test(text.slice(Math.max(0, span.start - 8), span.start)),
    // Every match opens with its cue word.
    cues: ['ext', 'extn', 'extension'],
    opensWithCue: true,
  },
  {
    // UK-style registration plates ("AB12 CDE") and hyphenated continental ones ("34 ABC 123", "W-12345").
    name: 'licence-plate',
    entityType: 'CODE',
    confidence: 0.7,
    pattern: /\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}|\d{2} [A-Z]{1,3} \d{2,4}|[A-Z]{1,3}-[A-Z]{0,2} ?\d{2,5})\b/g,
    // "AB12 CDE", "34 ABC 123", "W-12345": one shape per branch ("C 1", a capital, a space, a digit, in the second).
    gate: anyFeature(CAPITAL_DIGIT, CAPITAL_SPACE_DIGIT, CAPITAL_HYPHEN),
  },
  {
    // A reference of capitals, a hyphen and three digits or more, alone: "ACME-2024-118", "INV-0417", "TKT-55821"
    // (the acronym and the number had been an ORG and a CODE). Two digits are a model or a disease ("F-16", "COVID-19").
    name: 'hyphenated-reference',
    entityType: 'CODE',
    confidence: 0.75,
    pattern: /(?<![\w-])[A-Z]{2,6}-\d{3,}(?:-[A-Z0-9]+)*(?![\w-])/g,
    // A capital right before a hyphen.
    gate: anyFeature(CAPITAL_HYPHEN),
  },
  {
    // Passport / identity-card numbers: letters + 6–9 digits, or a cue word followed by any code.
    name: 'id-number',
    entityType: 'CODE',
    subtype: (_value, text, span) => (/passport|passeport|reisepass/i.test(text.slice(Math.max(0, span.start - 30), span.start)) ? 'PASSPORT' : 'CASE_NUMBER'),
    confidence: 0.75,
    pattern: /\b[A-Z]{1,2}\d{6,9}\b/g,
    // A capital right before the digits.
    gate: anyFeature(CAPITAL_DIGIT),
  },
  {
    // The last digits a card or an account is told by: "Visa ending 4421", "card ending in 0199", "the
    // last four digits 7712". Only with a card or account word before it ("the year ending 2019" is a year).
    name: 'card-last-digits',
    entityType: 'CODE',
    subtype: 'CARD',
    confidence: 0.8,
    pattern: /\b(?:ending|ends|last (?:four|4) digits)(?: in| with| are| of)?:? (?<span>\d{4})(?![\w-]|[.,]\d)/dg,
    validate: (value, text, span) => hasContext(text, span, CARD_WORDS, 8) || CARD_AFTER.test(text.slice(span.end, span.end + 40)),
    // Every match opens with its cue word.
    cues: ['ending', 'ends', 'last four', 'last 4'],
    opensWithCue: true,
  },
  {
    // A card number printed with all but its last digits hidden: "****4417", "xxxx 1005", "•••• •••• •••• 4417",
    // "XXXX-XXXX-XXXX-4417" (the neural layer read the digits as a quantity, the x's as a name). One mention with
    // what hides the rest, so no piece of it is left for a name (the recognizer trims the stars and dots off).
    name: 'card-masked-digits',
    entityType: 'CODE',
    subtype: 'CARD',
    confidence: 0.85,
    pattern: /(?<![\w*•])(?:[*•]{4}|[xX]{4})(?:[ -]?(?:[*•]{4}|[xX]{4})){0,3}[ -]?\d{4}(?![\w-]|[.,]\d)/g,
    // Four masking characters in a row open every match.
    requires: ['****', '••••', 'xxxx', 'XXXX'],
  },
  {
    name: 'number-after-cue',
    entityType: 'CODE',
    subtype: subtypeOfCue,
    confidence: 0.7,
    pattern:
      /\b(?:passport|identity card|ID card|ID|licence|license|registration|account|reference|case|file|docket|application|complaint|decision|judgment|plot|parcel|register|social security|insurance)(?: no\.| nos\.| number| numbers)?:?\s+(?:no\.\s*)?(?<span>[A-Z]{0,4}[-/ ]?\d[\dA-Z]*(?:[-/.][\dA-Z]+)*)/dg,
    // Every match opens with its cue word.
    cues: ['passport', 'identity card', 'ID card', 'ID', 'licence', 'license', 'registration', 'account', 'reference', 'case', 'file', 'docket', 'application', 'complaint', 'decision', 'judgment', 'plot', 'parcel', 'register', 'social security', 'insurance'],
    opensWithCue: true,
  },
  {
    // Law-report citations counted as CODE in TAB: "[1999] 3 WLR 206", "3 WLR 206".
    name: 'law-report',
    entityType: 'CODE',
    subtype: 'CASE_NUMBER',
    confidence: 0.8,
    pattern: new RegExp(`\\b\\d{1,4} ${LAW_REPORTS} \\d{1,4}\\b`, 'g'),
    // "3 WLR 206": a digit, a space, the capital of the report.
    gate: anyFeature(DIGIT_SPACE_CAPITAL),
    // Tried only where a number of up to four digits opens before a report's name (most texts with a
    // digit before a capital cite none: the pattern ran over the whole of each).
    startsAt: windowBeforeSeek(new RegExp(`\\d ${LAW_REPORTS} \\d`, 'g'), 3, (text, at) => isAsciiDigit(text.charCodeAt(at)) && (at === 0 || !isAsciiWordChar(text.charCodeAt(at - 1)))),
  },
];

/** "12/05/99" is a date, not a file number. */
function looksLikeSlashDate(value: string): boolean {
  const parts = value.split(/[/-]/).map(Number);
  return parts.length === 3 && dateValid(parts[0], parts[1], parts[2]);
}
