/**
 * Puts the originals back into a text that still holds the placeholders, also after it was edited
 * around them: placeholders may move, repeat or vanish, and an altered form (lost bracket, changed
 * case, spaces, other quotes) is still recognized by its key, restored and reported.
 */
import { InputError } from '../corpus/index.ts';
import { candidateKeys, matchAs, scanPlaceholders, type PlaceholderMatch } from './placeholders.ts';
import type { Mapping, MappingEntry } from './types.ts';

export interface RestoreOptions {
  /** Restore altered placeholders too (default true); when false they stay as they are. */
  restoreAltered?: boolean;
}

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
}

export function restore(text: string, mapping: Mapping, options: RestoreOptions = {}): RestoreResult {
  if (!mapping.reversible) {
    throw new InputError([{ file: '(mapping)', message: `strategy ${mapping.strategy} is one-way: its placeholders do not identify the originals` }]);
  }
  const restoreAltered = options.restoreAltered ?? true;
  const entryByKey = new Map<string, MappingEntry>();
  for (const entry of mapping.entries) if (entry.key !== undefined) entryByKey.set(entry.key, entry);

  const matchesByKey = new Map<string, PlaceholderMatch[]>();
  const unknown: UnknownPlaceholder[] = [];
  const altered: AlteredPlaceholder[] = [];
  const matches = scanPlaceholders(text)
    .map((m) => {
      const known = candidateKeys(m).find((k) => entryByKey.has(k));
      return known === undefined ? m : matchAs(m, known);
    })
    .filter((m) => {
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

  const parts: string[] = [];
  let cursor = 0;
  for (const m of matches) {
    parts.push(text.slice(cursor, m.start), originalAt.get(m.start) as string);
    cursor = m.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), missing, altered, unknown, countChanged, restored: matches.length };
}

