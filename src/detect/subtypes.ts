/**
 * Finer types under the eight TAB types. A mention carries its TAB `entityType` and, when a finer
 * kind is known, a `subtype` (e.g. CODE/EMAIL): per-type masking strategies and format-preserving
 * replacements need it (a fake e-mail for an e-mail, a valid IBAN for an IBAN). Evaluation maps a
 * subtype back to its TAB type. Presidio's entity names map onto the pair in PRESIDIO_ENTITIES.
 */
import type { EntityType } from '../corpus/index.ts';
import { ibanValid, ipv4Valid, luhnValid, macAddressValid } from './rules/validators.ts';

/** TAB type → its subtypes. PERSON, ORG and MISC have none. */
export const SUBTYPES = {
  CODE: ['EMAIL', 'PHONE', 'IBAN', 'BIC', 'CARD', 'NATIONAL_ID', 'PASSPORT', 'URL', 'IP', 'CASE_NUMBER', 'USERNAME', 'DEVICE_ID', 'VEHICLE_ID'],
  QUANTITY: ['MONEY', 'AGE', 'PERCENT'],
  LOC: ['ADDRESS', 'POSTCODE', 'CITY', 'COUNTRY'],
  DEM: ['NATIONALITY', 'OCCUPATION', 'RELIGION', 'ETHNICITY'],
  DATETIME: ['DATE', 'TIME', 'PERIOD'],
} as const satisfies Partial<Record<EntityType, readonly string[]>>;

export type Subtype = (typeof SUBTYPES)[keyof typeof SUBTYPES][number];

const TAB_TYPE_OF = new Map<string, EntityType>(
  Object.entries(SUBTYPES).flatMap(([type, subtypes]) => subtypes.map((s): [string, EntityType] => [s, type as EntityType])),
);

export const ALL_SUBTYPES: readonly Subtype[] = [...TAB_TYPE_OF.keys()] as Subtype[];

export function isSubtype(value: string): value is Subtype {
  return TAB_TYPE_OF.has(value);
}

/** The TAB type a subtype belongs to; undefined for a name that is not a subtype. */
export function tabTypeOfSubtype(subtype: string): EntityType | undefined {
  return TAB_TYPE_OF.get(subtype);
}

/**
 * The TAB type to evaluate a mention under: its subtype's parent when it has a known subtype, else
 * its entityType (so a label set that uses subtypes as entity types, e.g. "EMAIL", maps back too).
 */
export function tabTypeOf(mention: { entityType: string; subtype?: string }): string {
  return (mention.subtype && tabTypeOfSubtype(mention.subtype)) || tabTypeOfSubtype(mention.entityType) || mention.entityType;
}

export interface TypePair {
  entityType: EntityType;
  subtype?: Subtype;
}

/**
 * Presidio's predefined entity names (presidio-analyzer, "Supported entities") on our pair. NRP is
 * "nationality, religious or political group"; its religious and political members are DEM too.
 */
export const PRESIDIO_ENTITIES: Readonly<Record<string, TypePair>> = {
  PERSON: { entityType: 'PERSON' },
  ORGANIZATION: { entityType: 'ORG' },
  LOCATION: { entityType: 'LOC' },
  NRP: { entityType: 'DEM', subtype: 'NATIONALITY' },
  DATE_TIME: { entityType: 'DATETIME', subtype: 'DATE' },
  AGE: { entityType: 'QUANTITY', subtype: 'AGE' },
  EMAIL_ADDRESS: { entityType: 'CODE', subtype: 'EMAIL' },
  PHONE_NUMBER: { entityType: 'CODE', subtype: 'PHONE' },
  IBAN_CODE: { entityType: 'CODE', subtype: 'IBAN' },
  CREDIT_CARD: { entityType: 'CODE', subtype: 'CARD' },
  CRYPTO: { entityType: 'CODE' },
  IP_ADDRESS: { entityType: 'CODE', subtype: 'IP' },
  URL: { entityType: 'CODE', subtype: 'URL' },
  MAC_ADDRESS: { entityType: 'CODE', subtype: 'DEVICE_ID' },
  MEDICAL_LICENSE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  US_SSN: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  US_ITIN: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  US_PASSPORT: { entityType: 'CODE', subtype: 'PASSPORT' },
  US_DRIVER_LICENSE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  US_BANK_NUMBER: { entityType: 'CODE' },
  UK_NHS: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  UK_NINO: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  ES_NIF: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  ES_NIE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IT_FISCAL_CODE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IT_IDENTITY_CARD: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IT_PASSPORT: { entityType: 'CODE', subtype: 'PASSPORT' },
  IT_DRIVER_LICENSE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IT_VAT_CODE: { entityType: 'CODE' },
  PL_PESEL: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  SG_NRIC_FIN: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  AU_TFN: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  AU_MEDICARE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IN_AADHAAR: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IN_PAN: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
  IN_PASSPORT: { entityType: 'CODE', subtype: 'PASSPORT' },
  FI_PERSONAL_IDENTITY_CODE: { entityType: 'CODE', subtype: 'NATIONAL_ID' },
};

/** Our pair for a Presidio entity name; undefined for a name Presidio does not define. */
export function fromPresidio(entity: string): TypePair | undefined {
  return PRESIDIO_ENTITIES[entity];
}

const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}$/;
const URL_LIKE = /^(?:https?:\/\/|www\.)\S+$/i;
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const PHONE = /^\+?[\d\s().-]{7,}$/;
const MONEY = /[€$£¥₺]|\b(?:EUR|USD|GBP|CHF|PLN|TRY|TRL|euros?|dollars?|pounds?|francs?|zlot(?:y|ys)|liras?|roubles?|rubles?)\b/i;
const PERCENT = /%|\bper ?cent\b/i;
const AGE = /\baged?\b|\byears?[- ]old\b|\bage of\b/i;
const TIME = /^(?:[01]?\d|2[0-3])[:.][0-5]\d|\b[ap]\.?m\.?$/i;
const PERIOD = /\b(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|century|centuries|\d0s)\b|^(?:between |from )?\d{4}\s*(?:[-–]|and|to)\s*(?:\d{4}|\d{2})$/i;

/**
 * A subtype read from a mention's surface alone, for mentions whose layer gave none (the neural
 * layer, propagated names): undefined when the surface does not say.
 */
export function inferSubtype(entityType: string, surface: string): Subtype | undefined {
  const s = surface.trim();
  switch (entityType) {
    case 'CODE':
      if (EMAIL.test(s)) return 'EMAIL';
      if (URL_LIKE.test(s)) return 'URL';
      if (ipv4Valid(s)) return 'IP';
      if (ibanValid(s)) return 'IBAN';
      if (BIC.test(s)) return 'BIC';
      if (macAddressValid(s)) return 'DEVICE_ID';
      if (luhnValid(s)) return 'CARD';
      if (PHONE.test(s) && /^\+|^\(?0/.test(s)) return 'PHONE';
      return undefined;
    case 'QUANTITY':
      if (MONEY.test(s)) return 'MONEY';
      if (PERCENT.test(s)) return 'PERCENT';
      if (AGE.test(s)) return 'AGE';
      return undefined;
    case 'DATETIME':
      if (TIME.test(s)) return 'TIME';
      if (PERIOD.test(s)) return 'PERIOD';
      return 'DATE';
    default:
      return undefined;
  }
}
