/**
 * Puts the originals back into a text that still holds the placeholders, also after it was edited
 * around them: placeholders may move, repeat or vanish, and an altered form (lost bracket, changed
 * case, spaces, other quotes) is still recognized by its key, restored and reported.
 *
 * A mapping is bound to its document by the SHA-256 of the sanitized text. The same text: restored.
 * A changed text (edited, paraphrased) is restored only when every placeholder written exactly as
 * a strategy writes it belongs to this mapping (or was already in the input); otherwise the text was
 * sanitized with another mapping, and restore refuses instead of inserting another document's
 * originals.
 */
import { InputError } from '../corpus/index.ts';
import { applyEdits, type OffsetMap } from './offset-map.ts';
import { candidateKeys, isExactPlaceholder, matchAs, scanPlaceholders, type PlaceholderMatch } from './placeholders.ts';
import { sanitizedTextDigest } from './sanitize.ts';
import type { Mapping, MappingEntry } from './types.ts';
import { isFictionalMapping, restoreFictional } from './fictional/restore.ts';

export interface RestoreOptions {
  /** Restore altered placeholders too (default true); when false they stay as they are. */
  restoreAltered?: boolean;
  /** Where the text and the mapping come from, named in errors. */
  source?: { file: string; docId?: string; mapping?: string };
}

/**
 * How the text relates to the one the mapping was made for: `same` (its SHA-256 matches), `changed`
 * (edited since; every exact placeholder in it belongs to the mapping) or `unverified` (a mapping of
 * an older version, with no digest; the placeholders were checked the same way).
 */
export type TextCheck = 'same' | 'changed' | 'unverified';

/** A placeholder found in a form other than the one inserted. */
export interface AlteredPlaceholder {
  placeholder: string;
  found: string;
  /** Offsets in the text given to restore. */
  start: number;
  end: number;
  restored: boolean;
}

/** A placeholder-like text whose key is in no mapping entry (left as it is). */
export interface UnknownPlaceholder {
  found: string;
  start: number;
  end: number;
}

/** A placeholder found a different number of times than it was inserted. */
export interface CountChange {
  placeholder: string;
  inserted: number;
  found: number;
}

export interface RestoreResult {
  text: string;
  /** Placeholders of the mapping found nowhere in the text. */
  missing: string[];
  altered: AlteredPlaceholder[];
  unknown: UnknownPlaceholder[];
  /** Duplicated or partly dropped placeholders: their mentions get the entity's canonical original. */
  countChanged: CountChange[];
  /** Number of placeholders replaced by an original. */
  restored: number;
  textCheck: TextCheck;
  /** Offsets between the text given and the restored text (moves annotations back). */
  offsetMap: OffsetMap;
}

export function restore(text: string, mapping: Mapping, options: RestoreOptions = {}): RestoreResult {
  if (!mapping.reversible) {
    throw new InputError([{ file: options.source?.mapping ?? '(mapping)', message: `strategy ${mapping.strategy} is one-way: its placeholders do not identify the originals` }]);
  }
  // Fictional substitutes are ordinary text: searched for, not scanned as placeholders.
  if (isFictionalMapping(mapping)) return restoreFictional(text, mapping, options);
  const restoreAltered = options.restoreAltered ?? true;
  const entryByKey = new Map<string, MappingEntry>();
  for (const entry of mapping.entries) if (entry.key !== undefined) entryByKey.set(entry.key, entry);
  const scanned = scanPlaceholders(text).map((m) => {
    const known = candidateKeys(m).find((k) => entryByKey.has(k));
    return known === undefined ? m : matchAs(m, known);
  });

  const textCheck: TextCheck = mapping.textSha256 === undefined ? 'unverified' : mapping.textSha256 === sanitizedTextDigest(text) ? 'same' : 'changed';
  if (textCheck !== 'same') {
    const literal = new Set(mapping.literalKeys ?? []);
    const foreign = scanned.filter((m) => !entryByKey.has(m.key) && !literal.has(m.key) && isExactPlaceholder(m));
    if (foreign.length > 0) {
      const shown = [...new Set(foreign.map((m) => m.text))];
      const mappingName = options.source?.mapping ? ` (${options.source.mapping})` : '';
      const message =
        `${foreign.length} placeholder(s) in the text are not in this document's mapping${mappingName}: ${shown.slice(0, 5).join(' ')}${shown.length > 5 ? ' …' : ''}; ` +
        `the text ${textCheck === 'changed' ? 'differs from the one this mapping was made for' : 'cannot be checked (the mapping holds no text digest)'} and was sanitized with another mapping (another document's?); nothing restored`;
      throw new InputError([{ file: options.source?.file ?? '(text)', docId: options.source?.docId, message }]);
    }
  }

  const matchesByKey = new Map<string, PlaceholderMatch[]>();
  const unknown: UnknownPlaceholder[] = [];
  const altered: AlteredPlaceholder[] = [];
  const matches = scanned.filter((m) => {
    const entry = entryByKey.get(m.key);
    if (!entry) {
      unknown.push({ found: m.text, start: m.start, end: m.end });
      return false;
    }
    if (m.text !== entry.placeholder) {
      altered.push({ placeholder: entry.placeholder, found: m.text, start: m.start, end: m.end, restored: restoreAltered });
      if (!restoreAltered) return false;
    }
    const list = matchesByKey.get(m.key) ?? [];
    list.push(m);
    matchesByKey.set(m.key, list);
    return true;
  });

  // Pairs the i-th match with the i-th original when the count is unchanged (exact round trips),
  // else every match gets the canonical original.
  const originalAt = new Map<number, string>();
  const countChanged: CountChange[] = [];
  const missing: string[] = [];
  for (const entry of entryByKey.values()) {
    const found = matchesByKey.get(entry.key as string) ?? [];
    const everyFound = found.length + altered.filter((a) => a.placeholder === entry.placeholder && !a.restored).length;
    if (everyFound === 0) missing.push(entry.placeholder);
    else if (everyFound !== entry.occurrences.length) countChanged.push({ placeholder: entry.placeholder, inserted: entry.occurrences.length, found: everyFound });
    const paired = found.length === entry.occurrences.length;
    found.forEach((m, i) => originalAt.set(m.start, paired ? entry.occurrences[i] : entry.original));
  }

  const { text: restored, offsetMap } = applyEdits(text, matches.map((m) => ({ start: m.start, end: m.end, insert: originalAt.get(m.start) as string, placeholder: m.text })));
  return {
    text: restored,
    missing,
    altered,
    unknown,
    countChanged,
    restored: matches.length,
    textCheck,
    offsetMap,
  };
}
