/**
 * Finding substitutes in a text. A substitute is ordinary text, so it is found as whole words,
 * case-insensitively and with any white space between its words; at one position the longest
 * substitute wins. A substitute glued to a word (a span that ended inside a word) is then looked
 * for as written, anywhere not yet matched. Sanitize runs the same search on its own output and
 * redraws until it finds exactly what was inserted, so an unedited text is restored exactly.
 */
import { charAfter, charBefore, escapeRegExp, isWordChar, normalizeSurface } from './text.ts';

export interface SubstituteEntry {
  /** The exact text inserted. */
  placeholder: string;
  /** One per insertion: how many to look for glued to a word. */
  occurrences: readonly string[];
}

export interface SubstituteMatch {
  start: number;
  end: number;
  text: string;
  /** Index into the entries. */
  entry: number;
}

const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';

/** A substitute's words, any white space between them. */
function bodyOf(substitute: string): string {
  return substitute.trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
}

/**
 * One regex for all substitutes, longest first within four groups by whether the substitute
 * starts and ends with a letter or digit (those need a word boundary there): one copy of each
 * boundary class per group, since every copy of a Unicode class makes the regex slow to compile.
 */
function searchPattern(substitutes: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const substitute of [...substitutes].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
    const trimmed = substitute.trim();
    const shape = `${isWordChar(charAfter(trimmed, 0)) ? 'B' : ''}${isWordChar(charBefore(trimmed, trimmed.length)) ? 'A' : ''}`;
    const list = groups.get(shape);
    if (list) list.push(substitute);
    else groups.set(shape, [substitute]);
  }
  return [...groups]
    .map(([shape, list]) => `${shape.includes('B') ? BEFORE : ''}(?:${list.map(bodyOf).join('|')})${shape.includes('A') ? AFTER : ''}`)
    .join('|');
}

/** Every substitute of `entries` found in `text`, in text order, non-overlapping. */
export function locateSubstitutes(text: string, entries: readonly SubstituteEntry[]): SubstituteMatch[] {
  const usable = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.placeholder.trim() !== '');
  if (usable.length === 0) return [];
  // Entries by normal form; the exact text decides between entries of one normal form.
  const byNormal = new Map<string, number[]>();
  for (const { e, i } of usable) {
    const key = normalizeSurface(e.placeholder);
    const list = byNormal.get(key);
    if (list) list.push(i);
    else byNormal.set(key, [i]);
  }
  const alternatives = [...new Set(usable.map(({ e }) => e.placeholder.trim()))];
  // Case-insensitive search on the lower-cased text where lower-casing keeps every offset: the `i`
  // flag with Unicode classes makes each new regex expensive to compile.
  const lowered = text.toLowerCase();
  const sameOffsets = lowered.length === text.length;
  const regex = sameOffsets
    ? new RegExp(searchPattern(alternatives.map((a) => a.toLowerCase())), 'gu')
    : new RegExp(searchPattern(alternatives), 'giu');
  const matches: SubstituteMatch[] = [];
  for (const m of (sameOffsets ? lowered : text).matchAll(regex)) {
    const start = m.index ?? 0;
    const found = text.slice(start, start + m[0].length);
    const candidates = byNormal.get(normalizeSurface(found)) ?? [];
    const entry = candidates.find((i) => entries[i].placeholder.trim() === found) ?? candidates[0];
    if (entry === undefined) continue;
    // An entry inserted with surrounding white space is matched with it when it is still there.
    const placeholder = entries[entry].placeholder;
    const lead = placeholder.length - placeholder.trimStart().length;
    const trail = placeholder.length - placeholder.trimEnd().length;
    const wide = text.slice(start - lead, start + found.length + trail) === placeholder && start - lead >= 0;
    matches.push(wide ? { start: start - lead, end: start + found.length + trail, text: placeholder, entry } : { start, end: start + found.length, text: found, entry });
  }
  // Glued to a word (fewer found than inserted): looked for as written, touching a word.
  const counts = new Map<number, number>();
  for (const m of matches) counts.set(m.entry, (counts.get(m.entry) ?? 0) + 1);
  let accepted = matches;
  const glued: SubstituteMatch[] = [];
  // Free, or holding only shorter matches (another substitute inside this one): those give way.
  const free = (start: number, end: number): boolean => {
    const overlapping = [...accepted, ...glued].filter((m) => m.start < end && start < m.end);
    if (overlapping.some((m) => m.start < start || m.end > end || glued.includes(m))) return false;
    if (overlapping.length > 0) accepted = accepted.filter((m) => !overlapping.includes(m));
    return true;
  };
  for (const { e, i } of [...usable].sort((a, b) => b.e.placeholder.length - a.e.placeholder.length)) {
    let wanted = e.occurrences.length - (counts.get(i) ?? 0);
    for (let at = text.indexOf(e.placeholder); at >= 0 && wanted > 0; at = text.indexOf(e.placeholder, at + 1)) {
      const end = at + e.placeholder.length;
      const touches =
        (isWordChar(charBefore(text, at)) && isWordChar(charAfter(e.placeholder, 0))) ||
        (isWordChar(charAfter(text, end)) && isWordChar(charBefore(e.placeholder, e.placeholder.length)));
      if (touches && free(at, end)) {
        glued.push({ start: at, end, text: e.placeholder, entry: i });
        wanted--;
      }
    }
  }
  return [...accepted, ...glued].sort((a, b) => a.start - b.start);
}
