/**
 * Check digits of national identifiers: a digit string that fails its check is not that identifier
 * (a rule may still take it when a word such as "PESEL" stands before it).
 */

const digitsOf = (value: string): string => value.replace(/[\s.-]/g, '');

/**
 * German tax id (steuerliche Identifikationsnummer): 11 digits, no leading 0; in the first ten one
 * digit occurs twice or three times and every other at most once; the last is the ISO 7064
 * MOD 11,10 check digit of the first ten.
 */
export function steuerIdValid(value: string): boolean {
  const digits = digitsOf(value);
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digits.charCodeAt(i) - 48]++;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || repeated[0] > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digits.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === digits.charCodeAt(10) - 48;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI: 8 digits and the letter DNI_LETTERS[number mod 23]. */
export function dniValid(value: string): boolean {
  const match = /^(\d{8})-?([A-Z])$/.exec(value.replace(/\s/g, '').toUpperCase());
  return match !== null && DNI_LETTERS[Number(match[1]) % 23] === match[2];
}

/** Spanish NIE: X, Y or Z (read as 0, 1, 2), 7 digits and the DNI letter of that 8-digit number. */
export function nieValid(value: string): boolean {
  const match = /^([XYZ])-?(\d{7})-?([A-Z])$/.exec(value.replace(/\s/g, '').toUpperCase());
  if (!match) return false;
  const number = Number(`${'XYZ'.indexOf(match[1])}${match[2]}`);
  return DNI_LETTERS[number % 23] === match[3];
}

/** Dutch BSN: 9 digits passing the 11-proof (weights 9..2 and −1), not all zeros. */
export function bsnValid(value: string): boolean {
  const digits = digitsOf(value);
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (9 - i);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

/**
 * Polish PESEL: 11 digits; the first six a birth date (YYMMDD, the century in the month: +80 for
 * the 1800s, +0, +20, +40, +60 for the 1900s to the 2200s); the last (10 − Σ dᵢwᵢ mod 10) mod 10.
 */
export function peselValid(value: string): boolean {
  const digits = digitsOf(value);
  if (!/^\d{11}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits.charCodeAt(i) - 48) * PESEL_WEIGHTS[i];
  if ((10 - (sum % 10)) % 10 !== digits.charCodeAt(10) - 48) return false;
  const yy = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(mm / 20)];
  const month = mm % 20;
  if (century === undefined || month < 1 || month > 12 || dd < 1) return false;
  return dd <= new Date(Date.UTC(century + yy, month, 0)).getUTCDate();
}

/**
 * French NIR (numéro de sécurité sociale): 13 characters (sex, year, month, département — 2A and
 * 2B for Corsica, read as 19 and 18 — commune, order) and a 2-digit key, 97 − (number mod 97).
 */
export function nirValid(value: string): boolean {
  const clean = digitsOf(value).toUpperCase();
  const match = /^([1-478]\d{4})(\d{2}|2A|2B)(\d{6})(\d{2})$/.exec(clean);
  if (!match) return false;
  const department = match[2] === '2A' ? '19' : match[2] === '2B' ? '18' : match[2];
  const number = BigInt(`${match[1]}${department}${match[3]}`);
  return 97n - (number % 97n) === BigInt(match[4]);
}
