/**
 * Identifiers by their shape: e-mails stay e-mails, URLs stay URLs, IBANs and card numbers keep
 * their country, length and grouping and get valid check digits (the detector's own validators
 * decide), phone numbers keep their separators and country prefix, MAC addresses stay MAC addresses; any other code keeps its shape
 * (digits to digits, letters to letters of the same case).
 */
import type { Faker } from '@faker-js/faker';
import { VIN_LETTERS, ibanValid, ipv4Valid, luhnValid, macAddressValid, phoneDigitsValid, vinCheckDigit } from '../../detect/rules/validators.ts';
import type { Drawer } from './draw.ts';

const EMAIL = /^([^\s@]+)@([^\s@]+\.[^\s@]+)$/;
const URL_LIKE = /^(?:(https?:\/\/)(www\.)?|(www\.))([^\s/?#]+)([^\s]*)$/i;
const IBAN_LIKE = /^[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30}$/;
const CARD_LIKE = /^\d(?:[ -]?\d){11,18}$/;
const PHONE_LIKE = /^\+?[\d(][\d\s().\-/]{5,}\d$/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A substitute for an identifier recognized by its shape, or undefined. */
export function identifierSubstitute(original: string, draw: Drawer): string | undefined {
  const trimmed = original.trim();
  if (trimmed !== original) return undefined;
  const f = draw.faker('identifier', original);
  if (EMAIL.test(original)) return email(f, original);
  if (URL_LIKE.test(original)) return url(f, original);
  if (IBAN_LIKE.test(original) && ibanValid(original)) return iban(f, original);
  if (macAddressValid(original)) return macAddress(f, original);
  if (CARD_LIKE.test(original) && luhnValid(original)) return card(f, original);
  if (IPV4_LIKE.test(original) && ipv4Valid(original)) return Array.from({ length: 4 }, () => f.number.int({ min: 1, max: 254 })).join('.');
  if (PHONE_LIKE.test(original) && phoneDigitsValid(original)) return phone(f, original);
  return undefined;
}

/** Every hexadecimal digit redrawn, in the original's case; separators kept (a valid MAC address again). */
function macAddress(f: Faker, original: string): string {
  const lower = /[a-f]/.test(original) && !/[A-F]/.test(original);
  return original.replace(/[0-9A-Fa-f]/g, () => f.string.hexadecimal({ length: 1, casing: lower ? 'lower' : 'upper', prefix: '' }));
}

function email(f: Faker, original: string): string {
  const drawn = f.internet.email({ firstName: f.person.firstName(), lastName: f.person.lastName() });
  return original === original.toUpperCase() ? drawn.toUpperCase() : drawn.toLowerCase();
}

function url(f: Faker, original: string): string {
  const m = URL_LIKE.exec(original) as RegExpExecArray;
  const scheme = m[1] ?? '';
  const www = m[2] ?? m[3] ?? '';
  const path = m[5] !== '' && m[5] !== '/' ? `/${f.lorem.slug(2)}` : m[5];
  return `${scheme}${www}${f.internet.domainName()}${path}`;
}

/**
 * A vehicle's registration or VIN: a plate keeps its shape only (shapeSubstitute); a VIN stays a VIN, its letters
 * drawn from the VIN alphabet (no I, O or Q), and its check digit made valid where the original's was.
 */
export function vehicleSubstitute(original: string, draw: Drawer): string {
  const check = vinCheckDigit(original);
  if (check === undefined) return shapeSubstitute(original, draw);
  const f = draw.faker('code', original);
  const drawn = [...original].map((c) => (/\d/.test(c) ? String(f.number.int({ min: 0, max: 9 })) : f.helpers.arrayElement([...VIN_LETTERS]))).join('');
  // The ninth character weighs nothing in its own sum: the drawn VIN's check digit goes there as it is.
  return check === original[8] ? `${drawn.slice(0, 8)}${vinCheckDigit(drawn)}${drawn.slice(9)}` : drawn;
}

/** Every letter and digit redrawn, case, punctuation and spacing kept: a substitute that keeps nothing but the shape. */
export function shapeSubstitute(original: string, draw: Drawer): string {
  // Letters of any script (an "Ö", an "é") are redrawn too, as ASCII letters of the same case.
  return reshape(draw.faker('code', original), original, { letters: /[\p{Lu}\p{Ll}\p{Lo}]/u });
}

/**
 * Replaces each digit by a random digit and each of `letters` (default: ASCII letters) by a random ASCII
 * letter of its case (upper unless lower case); the first `keepPrefix` characters and all others are kept.
 */
function reshape(f: Faker, template: string, { keepPrefix = 0, letters = /[A-Za-z]/ }: { keepPrefix?: number; letters?: RegExp } = {}): string {
  return [...template]
    .map((c, i) => {
      if (i < keepPrefix) return c;
      if (/\d/.test(c)) return String(f.number.int({ min: 0, max: 9 }));
      if (letters.test(c)) return f.string.alpha({ length: 1, casing: /\p{Ll}/u.test(c) ? 'lower' : 'upper' });
      return c;
    })
    .join('');
}

/** Same country, length and grouping; the check digits made valid (ibanValid decides). */
function iban(f: Faker, original: string): string {
  const body = reshape(f, original.slice(4));
  for (let check = 2; check <= 98; check++) {
    const candidate = `${original.slice(0, 2)}${String(check).padStart(2, '0')}${body}`;
    if (ibanValid(candidate)) return candidate;
  }
  throw new Error('no IBAN check digits fit');
}

/** Same issuer digit, length and grouping; the last digit makes the Luhn sum valid. */
function card(f: Faker, original: string): string {
  const lastDigit = original.search(/\d(?=\D*$)/);
  const body = reshape(f, original.slice(0, lastDigit), { keepPrefix: 1 });
  for (let d = 0; d <= 9; d++) {
    const candidate = `${body}${d}${original.slice(lastDigit + 1)}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('no Luhn digit fits');
}

/** Same separators; the country prefix (+CC up to the first separator) and a trunk 0 are kept. */
function phone(f: Faker, original: string): string {
  const prefix = /^(\+\d{1,3}(?=[\s(.\-/])|\(?0)/.exec(original)?.[0] ?? '';
  let first = true;
  return (
    prefix +
    [...original.slice(prefix.length)]
      .map((c) => {
        if (!/\d/.test(c)) return c;
        const digit = f.number.int({ min: first ? 1 : 0, max: 9 });
        first = false;
        return String(digit);
      })
      .join('')
  );
}

/** Any other code: digits redrawn (letters kept) when it has digits, else letters redrawn. */
export function codeSubstitute(original: string, draw: Drawer): string {
  const f = draw.faker('code', original);
  const digits = (original.match(/\d/g) ?? []).length;
  if (digits >= 1) {
    return [...original].map((c) => (/\d/.test(c) ? String(f.number.int({ min: 0, max: 9 })) : c)).join('');
  }
  return reshape(f, original);
}
