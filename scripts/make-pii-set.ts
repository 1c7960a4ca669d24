/**
 * Generates datasets/pii/pii-v1.json: a general-PII evaluation set of everyday texts (e-mails,
 * support tickets, chat messages, clinical and HR notes, invoices) in TAB JSON format, from
 * templates filled by @faker-js/faker in four locales (en_US, en_GB, de, fr). Every inserted value
 * is a gold mention with its TAB type and subtype (src/detect/subtypes.ts) and a `subtype` field.
 *
 * Deterministic: one seed (PII_SET_SEED) drives every choice, so the same faker version gives a
 * byte-identical file (test/detect/pii-set.test.ts checks it). Everything is invented.
 *
 *   npx tsx scripts/make-pii-set.ts [--out datasets/pii/pii-v1.json] [--seed 13] [--count 300]
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakerDE, fakerEN_GB, fakerEN_US, fakerFR, type Faker } from '@faker-js/faker';

export const PII_SET_SEED = 13;
export const PII_SET_COUNT = 300;
export const PII_SET_VERSION = 'pii-v1';
const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PII_SET_PATH = join(REPO_ROOT, 'datasets', 'pii', `${PII_SET_VERSION}.json`);

type Locale = 'en_US' | 'en_GB' | 'de' | 'fr';
const LOCALES: readonly Locale[] = ['en_US', 'en_GB', 'de', 'fr'];
const FAKERS: Record<Locale, Faker> = { en_US: fakerEN_US, en_GB: fakerEN_GB, de: fakerDE, fr: fakerFR };

interface GoldSpan {
  start: number;
  end: number;
  entityType: string;
  subtype?: string;
  /** Same key → same entity within a document. */
  key: string;
}

/** Appends text and records the spans of the values it inserts (UTF-16 offsets while building). */
class DocBuilder {
  text = '';
  spans: GoldSpan[] = [];
  t(s: string): this {
    this.text += s;
    return this;
  }
  /** Inserts a value as a gold mention. */
  e(value: string, entityType: string, subtype?: string, key = `${entityType}:${value}`): this {
    const start = this.text.length;
    this.text += value;
    this.spans.push({ start, end: this.text.length, entityType, subtype, key });
    return this;
  }
}

/** A random person of a locale, with the ways texts write them. */
interface Person {
  first: string;
  last: string;
  full: string;
  email: string;
}

class Gen {
  constructor(
    readonly f: Faker,
    readonly locale: Locale,
  ) {}
  pick<T>(items: readonly T[]): T {
    return this.f.helpers.arrayElement(items as T[]);
  }
  digits(n: number): string {
    return this.f.string.numeric({ length: n, allowLeadingZeros: true });
  }
  person(): Person {
    const first = this.f.person.firstName();
    const last = this.f.person.lastName();
    const email = `${first}.${last}`.normalize('NFD').replace(/[^\w.]/g, '').toLowerCase() + '@' + this.f.internet.domainName();
    return { first, last, full: `${first} ${last}`, email };
  }
  /** National and international phone formats of the locale. */
  phone(): string {
    switch (this.locale) {
      case 'en_US': {
        const area = `${this.f.number.int({ min: 201, max: 989 })}`;
        const mid = `${this.f.number.int({ min: 200, max: 999 })}`;
        const end = this.digits(4);
        return this.pick([`${area}-${mid}-${end}`, `(${area}) ${mid}-${end}`, `+1 ${area} ${mid} ${end}`, `${area}.${mid}.${end}`]);
      }
      case 'en_GB':
        return this.pick([`07700 900${this.digits(3)}`, `+44 7700 900${this.digits(3)}`, `020 7946 0${this.digits(3)}`, `0161 496 0${this.digits(3)}`, `+44 20 7946 0${this.digits(3)}`]);
      case 'de':
        return this.pick([`+49 30 ${this.digits(8)}`, `030 ${this.digits(8)}`, `+49 151 ${this.digits(8)}`, `0151 ${this.digits(4)} ${this.digits(4)}`]);
      case 'fr': {
        const pairs = Array.from({ length: 4 }, () => this.digits(2)).join(' ');
        return this.pick([`0${this.f.number.int({ min: 1, max: 7 })} ${pairs}`, `+33 ${this.f.number.int({ min: 1, max: 7 })} ${pairs}`]);
      }
    }
  }
  ssn(): string {
    const area = `${this.f.number.int({ min: 1, max: 899 })}`.padStart(3, '0').replace(/^666$/, '667');
    return `${area}-${`${this.f.number.int({ min: 1, max: 99 })}`.padStart(2, '0')}-${`${this.f.number.int({ min: 1, max: 9999 })}`.padStart(4, '0')}`;
  }
  /** An NHS number with a valid mod-11 check digit, written 3 3 4. */
  nhs(): string {
    for (;;) {
      const body = this.digits(9);
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
      const check = 11 - (sum % 11);
      if (check === 10) continue;
      const all = body + (check === 11 ? 0 : check);
      return `${all.slice(0, 3)} ${all.slice(3, 6)} ${all.slice(6)}`;
    }
  }
  nino(): string {
    const letters = 'ABCEGHJKLMNPRSTWXYZ';
    let prefix = '';
    do prefix = this.pick([...letters]) + this.pick([...letters.replace('O', '')]);
    while (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix));
    const d = this.digits(6);
    const suffix = this.pick(['A', 'B', 'C', 'D']);
    return this.pick([`${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`, `${prefix}${d}${suffix}`]);
  }
  passport(): string {
    return this.pick([this.digits(9), `${this.f.string.alpha({ length: 2, casing: 'upper' })}${this.digits(7)}`]);
  }
  nationalId(): { value: string; label: string; subtype: 'NATIONAL_ID' | 'PASSPORT' } {
    switch (this.locale) {
      case 'en_US':
        return { value: this.ssn(), label: 'SSN', subtype: 'NATIONAL_ID' };
      case 'en_GB':
        return this.pick([
          { value: this.nhs(), label: 'NHS number', subtype: 'NATIONAL_ID' },
          { value: this.nino(), label: 'NI number', subtype: 'NATIONAL_ID' },
        ]);
      default:
        return { value: this.passport(), label: 'Passport no.', subtype: 'PASSPORT' };
    }
  }
  iban(): string {
    const country = { en_US: 'GB', en_GB: 'GB', de: 'DE', fr: 'FR' }[this.locale];
    return this.f.finance.iban({ formatted: true, countryCode: country });
  }
  date(): string {
    const d = this.f.date.between({ from: '1940-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z' });
    const day = d.getUTCDate();
    const month = d.getUTCMonth();
    const year = d.getUTCFullYear();
    const monthName = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][month];
    const two = (n: number): string => `${n}`.padStart(2, '0');
    return this.pick([`${day} ${monthName} ${year}`, `${monthName} ${day}, ${year}`, `${two(day)}/${two(month + 1)}/${year}`, `${year}-${two(month + 1)}-${two(day)}`]);
  }
  time(): string {
    return `${this.f.number.int({ min: 8, max: 18 })}:${this.pick(['00', '15', '30', '45'])}`;
  }
  money(): string {
    const amount = this.f.finance.amount({ min: 20, max: 5000, dec: 2 });
    return { en_US: `$${amount}`, en_GB: `£${amount}`, de: `${amount} EUR`, fr: `€${amount}` }[this.locale];
  }
  street(): string {
    return this.f.location.streetAddress();
  }
  city(): string {
    return this.f.location.city();
  }
  postcode(): string {
    return this.f.location.zipCode();
  }
  country(): string {
    return this.f.location.country();
  }
  company(): string {
    return this.f.company.name();
  }
  job(): string {
    return this.f.person.jobTitle();
  }
  nationality(): string {
    return this.pick(['British', 'American', 'German', 'French', 'Irish', 'Polish', 'Italian', 'Spanish', 'Ukrainian', 'Nigerian', 'Indian', 'Canadian']);
  }
}

/** The address block of a letter or invoice: street, then city and postcode, on their own lines. */
function address(b: DocBuilder, g: Gen): void {
  b.e(g.street(), 'LOC', 'ADDRESS').t('\n');
  if (g.locale === 'de' || g.locale === 'fr') b.e(g.postcode(), 'LOC', 'POSTCODE').t(' ').e(g.city(), 'LOC', 'CITY');
  else b.e(g.city(), 'LOC', 'CITY').t(g.locale === 'en_GB' ? '\n' : ', ').e(g.postcode(), 'LOC', 'POSTCODE');
}

function email(b: DocBuilder, g: Gen): void {
  const sender = g.person();
  const recipient = g.person();
  const org = g.company();
  b.t('From: ').e(sender.email, 'CODE', 'EMAIL').t('\nTo: ').e(recipient.email, 'CODE', 'EMAIL').t('\nSubject: ');
  b.t(g.pick(['Your account', 'Meeting next week', 'Quick question', 'Re: delivery', 'Follow-up'])).t('\n\n');
  b.t(g.pick(['Dear ', 'Hi ', 'Hello '])).e(recipient.first, 'PERSON', undefined, `PERSON:${recipient.full}`).t(',\n\n');
  b.t(g.pick(['Thank you for your message. ', 'Thanks for getting back to me. ', 'I hope you are well. ']));
  b.t('As discussed on ').e(g.date(), 'DATETIME', 'DATE').t(', I will be in ').e(g.city(), 'LOC', 'CITY').t(' for the meeting with ').e(org, 'ORG').t('. ');
  b.t('You can reach me on ').e(g.phone(), 'CODE', 'PHONE').t(' or at ').e(sender.email, 'CODE', 'EMAIL').t('.\n');
  if (g.f.datatype.boolean()) b.t('The slides are at ').e(g.f.internet.url(), 'CODE', 'URL').t('.\n');
  b.t('\n').t(g.pick(['Kind regards,', 'Best regards,', 'Best,', 'Many thanks,', 'Cheers,'])).t('\n').e(sender.full, 'PERSON').t('\n').e(g.job(), 'DEM', 'OCCUPATION').t('\n').e(org, 'ORG').t('\nTel: ').e(g.phone(), 'CODE', 'PHONE').t('\n');
}

function ticket(b: DocBuilder, g: Gen): void {
  const customer = g.person();
  const agent = g.person();
  b.t('Ticket #').e(`${g.f.number.int({ min: 10000, max: 999999 })}`, 'CODE', 'CASE_NUMBER').t('\nPriority: ').t(g.pick(['High', 'Normal', 'Low'])).t('\nCustomer: ').e(customer.full, 'PERSON').t('\nEmail: ').e(customer.email, 'CODE', 'EMAIL').t('\nPhone: ').e(g.phone(), 'CODE', 'PHONE').t('\n\n');
  b.t('Customer reports that the login from IP ').e(g.f.internet.ipv4(), 'CODE', 'IP').t(' was blocked at ').e(g.time(), 'DATETIME', 'TIME').t(' on ').e(g.date(), 'DATETIME', 'DATE').t('. ');
  b.t('Card on file ends in a number we verified: ').e(g.f.finance.creditCardNumber({ issuer: g.pick(['visa', 'mastercard']) }), 'CODE', 'CARD').t('. ');
  b.t('Shipping address:\n');
  address(b, g);
  b.t('\n\nAgent note: called back, spoke to ').e(customer.first, 'PERSON', undefined, `PERSON:${customer.full}`).t('. Escalated to ').e(agent.full, 'PERSON').t('.\n');
}

function chat(b: DocBuilder, g: Gen): void {
  const a = g.person();
  const c = g.person();
  const emoji = g.pick(['😀', '👍', '🙂', '🎉', '😅']);
  b.e(a.first, 'PERSON', undefined, `PERSON:${a.full}`).t(': hey ').e(c.first, 'PERSON', undefined, `PERSON:${c.full}`).t(' ').t(emoji).t(' are you still in ').e(g.city(), 'LOC', 'CITY').t('?\n');
  b.e(c.first, 'PERSON', undefined, `PERSON:${c.full}`).t(': yes until ').e(g.date(), 'DATETIME', 'DATE').t(', call me on ').e(g.phone(), 'CODE', 'PHONE').t('\n');
  b.e(a.first, 'PERSON', undefined, `PERSON:${a.full}`).t(': great ').t(emoji).t(' my new address is ').e(g.street(), 'LOC', 'ADDRESS').t('\n');
  b.e(c.first, 'PERSON', undefined, `PERSON:${c.full}`).t(': send the photos to ').e(c.email, 'CODE', 'EMAIL').t(' pls, my brother ').e(g.person().full, 'PERSON').t(' wants them too\n');
}

function clinical(b: DocBuilder, g: Gen): void {
  const patient = g.person();
  const doctor = g.person();
  const age = g.f.number.int({ min: 18, max: 95 });
  const id = g.nationalId();
  b.t('Patient: ').e(patient.full, 'PERSON').t('\nDOB: ').e(g.date(), 'DATETIME', 'DATE').t('\n').t(id.label).t(': ').e(id.value, 'CODE', id.subtype).t('\nAddress: ');
  address(b, g);
  b.t('\n\n');
  b.t(g.pick(['Seen in clinic', 'Admitted', 'Reviewed'])).t(' on ').e(g.date(), 'DATETIME', 'DATE').t('. ');
  b.e(g.pick([`${age}-year-old`, `aged ${age}`]), 'QUANTITY', 'AGE').t(' ').e(g.nationality(), 'DEM', 'NATIONALITY').t(' ').e(g.job(), 'DEM', 'OCCUPATION').t(' presenting with ').e(g.pick(['chest pain', 'asthma', 'type 2 diabetes', 'depression', 'a migraine', 'hypertension']), 'DEM').t('. ');
  b.t('Next of kin: ').e(g.person().full, 'PERSON').t(', ').e(g.phone(), 'CODE', 'PHONE').t('.\nSigned: Dr ').e(doctor.full, 'PERSON').t(', ').e(g.company(), 'ORG').t('\n');
}

function hr(b: DocBuilder, g: Gen): void {
  const employee = g.person();
  const manager = g.person();
  b.t('HR note - confidential\nEmployee: ').e(employee.full, 'PERSON').t(' (ID ').e(`E${g.digits(6)}`, 'CODE', 'CASE_NUMBER').t(')\nPosition: ').e(g.job(), 'DEM', 'OCCUPATION').t('\nStart date: ').e(g.date(), 'DATETIME', 'DATE').t('\n\n');
  b.e(employee.first, 'PERSON', undefined, `PERSON:${employee.full}`).t(' met with ').e(manager.full, 'PERSON').t(' on ').e(g.date(), 'DATETIME', 'DATE').t(' to discuss the transfer to the ').e(g.city(), 'LOC', 'CITY').t(' office of ').e(g.company(), 'ORG').t('. ');
  b.t('Salary of ').e(g.money(), 'QUANTITY', 'MONEY').t(' will be paid to IBAN ').e(g.iban(), 'CODE', 'IBAN').t(' (BIC ').e(g.f.finance.bic(), 'CODE', 'BIC').t('). ');
  b.t('Emergency contact: ').e(g.phone(), 'CODE', 'PHONE').t('. Citizenship: ').e(g.country(), 'LOC', 'COUNTRY').t('.\n');
}

function invoice(b: DocBuilder, g: Gen): void {
  const client = g.person();
  const seller = g.company();
  b.t('INVOICE\n').e(seller, 'ORG').t('\n');
  address(b, g);
  b.t('\nVAT reg. ').e(`${g.pick(['GB', 'DE', 'FR'])}${g.digits(9)}`, 'CODE', 'CASE_NUMBER').t('\n\n');
  b.t('Invoice ').e(`${g.f.number.int({ min: 2019, max: 2025 })}-${g.digits(4)}`, 'CODE', 'CASE_NUMBER').t('\nDate: ').e(g.date(), 'DATETIME', 'DATE').t('\nBill to: ').e(client.full, 'PERSON').t('\n');
  address(b, g);
  b.t('\n\nConsulting services ............ ').e(g.money(), 'QUANTITY', 'MONEY').t('\nTotal due: ').e(g.money(), 'QUANTITY', 'MONEY').t('\n\n');
  b.t('Please pay to IBAN ').e(g.iban(), 'CODE', 'IBAN').t(', BIC ').e(g.f.finance.bic(), 'CODE', 'BIC').t('.\nQuestions: ').e(g.f.internet.email(), 'CODE', 'EMAIL').t(' or ').e(g.phone(), 'CODE', 'PHONE').t('. Web: ').e(g.f.internet.url(), 'CODE', 'URL').t('\n');
}

const KINDS = { email, ticket, chat, clinical, hr, invoice } as const;
type Kind = keyof typeof KINDS;

/** Direct identifiers (names, codes) vs quasi-identifiers, as TAB files carry them. */
function identifierTypeOf(entityType: string): 'DIRECT' | 'QUASI' {
  return entityType === 'PERSON' || entityType === 'CODE' ? 'DIRECT' : 'QUASI';
}

/** The whole set as the JSON text written to disk (offsets in code points, as TAB files count). */
export function generatePiiSet(seed = PII_SET_SEED, count = PII_SET_COUNT): string {
  const kinds = Object.keys(KINDS) as Kind[];
  const documents: unknown[] = [];
  for (const locale of LOCALES) FAKERS[locale].seed(seed);
  for (let i = 0; i < count; i++) {
    const locale = LOCALES[i % LOCALES.length];
    const kind = kinds[Math.floor(i / LOCALES.length) % kinds.length];
    const g = new Gen(FAKERS[locale], locale);
    const b = new DocBuilder();
    KINDS[kind](b, g);
    const docId = `pii-${String(i + 1).padStart(4, '0')}`;
    const codePoints = (utf16: number): number => [...b.text.slice(0, utf16)].length;
    const entityIds = new Map<string, string>();
    const mentions = b.spans.map((s, k) => {
      let entityId = entityIds.get(s.key);
      if (!entityId) entityIds.set(s.key, (entityId = `${docId}_e${entityIds.size + 1}`));
      return {
        entity_type: s.entityType,
        ...(s.subtype ? { subtype: s.subtype } : {}),
        entity_mention_id: `${docId}_em${k + 1}`,
        start_offset: codePoints(s.start),
        end_offset: codePoints(s.end),
        span_text: b.text.slice(s.start, s.end),
        edit_type: 'check',
        identifier_type: identifierTypeOf(s.entityType),
        entity_id: entityId,
        confidential_status: 'NOT_CONFIDENTIAL',
      };
    });
    documents.push({
      doc_id: docId,
      text: b.text,
      dataset_type: 'test',
      meta: { kind, locale, generator: `scripts/make-pii-set.ts seed ${seed}` },
      annotations: { generator: { entity_mentions: mentions } },
    });
  }
  // One document per line: small, and a regenerated file diffs by document.
  return `[\n${documents.map((d) => JSON.stringify(d)).join(',\n')}\n]\n`;
}

function main(argv: readonly string[]): void {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = resolve(value('--out') ?? PII_SET_PATH);
  const seed = Number(value('--seed') ?? PII_SET_SEED);
  const count = Number(value('--count') ?? PII_SET_COUNT);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) throw new Error('--seed and --count take whole numbers');
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, generatePiiSet(seed, count));
  renameSync(temp, out);
  process.stdout.write(`wrote ${count} documents to ${out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
