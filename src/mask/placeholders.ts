/**
 * The placeholder grammars of the reversible strategies and a tolerant scanner for them.
 *  - numbered: `[PERSON_1]`, key `N:PERSON:1`;
 *  - keyed wild tag (CleanText): `<PERSON "a1b2c3d4">`, key `W:a1b2c3d4`.
 * The scanner also recognizes forms an editor or an LLM tends to produce from them (missing bracket,
 * changed case, spaces, other quotes), so `restore` can repair them and sanitize can avoid keys that
 * the input already contains in any such form.
 */

/** Turns an entity type into a placeholder label: upper case letters, digits, single underscores. */
export function placeholderLabel(entityType: string): string {
  const label = entityType
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    // Every part after an underscore must start with a letter, or "_2" would read as the number.
    .replace(/_(?=\d)/g, '');
  if (label === '') return 'ENTITY';
  return /^[A-Z]/.test(label) ? label : `E${label}`;
}

export function numberedPlaceholder(label: string, n: number): string {
  return `[${label}_${n}]`;
}

export function numberedKey(label: string, n: number): string {
  return `N:${label}:${n}`;
}

export function wildTag(label: string, hex: string): string {
  return `<${label} "${hex}">`;
}

export function wildKey(hex: string): string {
  return `W:${hex.toLowerCase()}`;
}

/** One placeholder-like match in a text. */
export interface PlaceholderMatch {
  start: number;
  end: number;
  text: string;
  key: string;
}

const LABEL = String.raw`[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)*`;
const QUOTE = `["'\u201C\u201D\u201E\u00AB\u00BB\u2018\u2019]`;
const HEX = '[0-9A-Fa-f]{8,64}';
/**
 * Spaces before a missing closer are not part of the match. Alternatives, leftmost first: a wild tag with its `<`; a quoted hex string that lost its `<LABEL`;
 * a numbered placeholder with its `[`; one that lost its `[` but kept `_n]`.
 */
const SCANNER = new RegExp(
  [
    String.raw`<\s*(${LABEL})\s*[:=]?\s*${QUOTE}?(${HEX})${QUOTE}?(?:\s*>)?`,
    String.raw`${QUOTE}(${HEX})${QUOTE}(?:\s*>)?`,
    String.raw`\[\s*(${LABEL})[\s_-]?(\d{1,9})(?:\s*\])?`,
    String.raw`(?<![A-Za-z0-9_])(${LABEL})_(\d{1,9})\s*\]`,
  ].join('|'),
  'g',
);

/** Every placeholder-like match, in text order, non-overlapping. */
export function scanPlaceholders(text: string): PlaceholderMatch[] {
  const matches: PlaceholderMatch[] = [];
  for (const m of text.matchAll(SCANNER)) {
    const start = m.index ?? 0;
    const hex = m[2] ?? m[3];
    const key = hex !== undefined ? wildKey(hex) : numberedKey(placeholderLabel(m[4] ?? m[6]), Number(m[5] ?? m[7]));
    matches.push({ start, end: start + m[0].length, text: m[0], key });
  }
  return matches;
}

/**
 * The keys a match may stand for, most likely first: its own, then — for a numbered placeholder
 * that lost its closer before a digit (`[PERSON_1` + `2` reads as `[PERSON_12`) — the keys of its
 * shorter digit prefixes.
 */
export function candidateKeys(match: PlaceholderMatch): string[] {
  const numbered = /^N:(.+):\d+$/.exec(match.key);
  const digits = /\d+$/.exec(match.text)?.[0];
  if (!numbered || digits === undefined) return [match.key];
  const keys = [match.key];
  for (let keep = digits.length - 1; keep >= 1; keep--) keys.push(numberedKey(numbered[1], Number(digits.slice(0, keep))));
  return keys;
}

/** The match read as `key` (one of its candidate keys): shorter when the key drops trailing digits. */
export function matchAs(match: PlaceholderMatch, key: string): PlaceholderMatch {
  if (key === match.key) return match;
  const keptDigits = key.slice(key.lastIndexOf(':') + 1).length;
  const allDigits = (/\d+$/.exec(match.text)?.[0] ?? '').length;
  const end = match.end - (allDigits - keptDigits);
  return { start: match.start, end, text: match.text.slice(0, end - match.start), key };
}

const EXACT_NUMBERED = /^\[[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)*_[1-9]\d*\]$/;
const EXACT_WILD_TAG = /^<[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)* "[0-9a-f]{8,64}">$/;

/**
 * Whether a match is a placeholder exactly as a strategy writes it (`[PERSON_1]`, `<PERSON "a1b2c3d4">`),
 * not a form an edit produced: such a text not in a mapping was inserted under another mapping.
 */
export function isExactPlaceholder(match: PlaceholderMatch): boolean {
  return EXACT_NUMBERED.test(match.text) || EXACT_WILD_TAG.test(match.text);
}

/** Keys every placeholder-like text in `text` may stand for: placeholders must avoid them. */
export function reservedKeys(text: string): Set<string> {
  return new Set(scanPlaceholders(text).flatMap(candidateKeys));
}
