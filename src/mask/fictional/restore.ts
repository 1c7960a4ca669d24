/**
 * Restore of fictional substitutes. A substitute is ordinary text, so it is searched for (see
 * match.ts): as written, in another case, with other white space between its words, moved or
 * repeated. Found a different number of times than inserted, each finding gets the original most
 * often behind it; a substitute found nowhere is reported missing. Sanitize checked that the
 * search finds exactly its insertions, so an unedited text comes back exactly.
 */
import { applyEdits } from '../offset-map.ts';
import type { AlteredPlaceholder, CountChange, RestoreOptions, RestoreResult, TextCheck } from '../restore.ts';
import { sanitizedTextDigest } from '../sanitize.ts';
import type { Mapping, MappingEntry } from '../types.ts';
import { locateSubstitutes } from './match.ts';
import { FICTIONAL_KEY_PREFIX } from './names.ts';

/** Whether a mapping's entries are fictional substitutes (their keys say so), so restore searches for them. */
export function isFictionalMapping(mapping: Mapping): boolean {
  return mapping.entries.length > 0 && mapping.entries.every((e) => e.key?.startsWith(FICTIONAL_KEY_PREFIX) === true);
}

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0];
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  return best;
}

export function restoreFictional(text: string, mapping: Mapping, options: RestoreOptions = {}): RestoreResult {
  const restoreAltered = options.restoreAltered ?? true;
  const entries: readonly MappingEntry[] = mapping.entries;
  const textCheck: TextCheck = mapping.textSha256 === undefined ? 'unverified' : mapping.textSha256 === sanitizedTextDigest(text) ? 'same' : 'changed';
  const found = locateSubstitutes(text, entries);

  const altered: AlteredPlaceholder[] = [];
  const used = found.filter((m) => {
    if (m.text === entries[m.entry].placeholder) return true;
    altered.push({ placeholder: entries[m.entry].placeholder, found: m.text, start: m.start, end: m.end, restored: restoreAltered });
    return restoreAltered;
  });

  const byEntry = new Map<number, typeof used>();
  for (const m of used) byEntry.set(m.entry, [...(byEntry.get(m.entry) ?? []), m]);
  const originalAt = new Map<number, string>();
  const missing: string[] = [];
  const countChanged: CountChange[] = [];
  entries.forEach((entry, i) => {
    const matches = byEntry.get(i) ?? [];
    const everyFound = found.filter((m) => m.entry === i).length;
    if (everyFound === 0) missing.push(entry.placeholder);
    else if (everyFound !== entry.occurrences.length) countChanged.push({ placeholder: entry.placeholder, inserted: entry.occurrences.length, found: everyFound });
    // Paired in order when the count is unchanged (exact round trips), else the usual original.
    const paired = matches.length === entry.occurrences.length;
    const usual = mostFrequent(entry.occurrences.length > 0 ? entry.occurrences : [entry.original]);
    matches.forEach((m, k) => originalAt.set(m.start, paired ? entry.occurrences[k] : usual));
  });

  const { text: restored, offsetMap } = applyEdits(text, used.map((m) => ({ start: m.start, end: m.end, insert: originalAt.get(m.start) as string, placeholder: m.text })));
  return { text: restored, missing, altered, unknown: [], countChanged, restored: used.length, textCheck, offsetMap };
}
