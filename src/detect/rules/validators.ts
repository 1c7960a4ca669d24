/** Checksums and range tests that turn a look-alike into a validated identifier. */

/** Luhn (mod 10) check used by payment card numbers. */
export function luhnValid(digits: string): boolean {
  const clean = digits.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(clean)) return false;
  let sum = 0;
  for (let i = 0; i < clean.length; i++) {
    let d = clean.charCodeAt(clean.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616 IBAN check: move the first four characters to the end, letters → 10..35, mod 97 = 1. */
export function ibanValid(iban: string): boolean {
  const clean = iban.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(clean)) return false;
  const rearranged = clean.slice(4) + clean.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export function ipv4Valid(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
}

/** Six hexadecimal pairs joined by one separator, colons or hyphens ("00:1A:2B:3C:4D:5E"), or three dotted quartets (Cisco's "001a.2b3c.4d5e"). */
export const MAC_ADDRESS_SOURCE = '(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})';
const MAC_ADDRESS = new RegExp(`^${MAC_ADDRESS_SOURCE}$`);

/** A MAC address's shape, with a letter or a digit other than 0 in it (not "00:00:00:00:00:00"-like placeholders only). */
export function macAddressValid(value: string): boolean {
  return MAC_ADDRESS.test(value) && /[1-9A-Fa-f]/.test(value);
}

/** The letters a VIN uses (ISO 3779: never I, O or Q), and their values for its check digit. */
export const VIN_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const VIN_LETTER_VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  [...VIN_LETTERS].map((letter, i) => [letter, [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]]),
);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** A VIN's check digit (its ninth character, North American; its own weight is 0): "0"–"9" or "X"; undefined for no VIN shape. */
export function vinCheckDigit(vin: string): string | undefined {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (/\d/.test(vin[i]) ? Number(vin[i]) : VIN_LETTER_VALUES[vin[i]]) * VIN_WEIGHTS[i];
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/** A calendar date with a plausible year (1800–2099). */
export function dateValid(day: number, month: number, year: number): boolean {
  if (year < 100) year += year < 50 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1 || year < 1800 || year > 2099) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Phone numbers have 7–15 digits (E.164 allows at most 15). */
export function phoneDigitsValid(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15;
}

/** NHS number: 10 digits, the last a mod-11 check digit over the first nine (weights 10..2); 10 is invalid. */
export function nhsValid(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits.charCodeAt(9) - 48;
}

/** US Social Security number: area not 000, 666 or 900–999; group not 00; serial not 0000. */
export function ssnValid(value: string): boolean {
  const match = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(value);
  if (!match) return false;
  const [, area, group, serial] = match;
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}
