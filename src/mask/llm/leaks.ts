/**
 * The leak check run after every LLM step: an original (a masked span of the input) must not be in
 * the output. It is searched for case-insensitively as whole words with any white space, and the
 * recognizer's spans on the output that hold an original are masked whole ("Smith's" with "Smith").
 * Each leak becomes its type tag and is reported by type and output position, never by its text.
 */
import type { Recognizer } from '../../detect/index.ts';
import { applyEdits } from '../offset-map.ts';
import { placeholderLabel } from '../placeholders.ts';
import { normalizeSurface } from '../spans.ts';
import { containsWords, escapeRegExp } from '../fictional/text.ts';

export interface LeakOriginal {
  text: string;
  entityType: string;
}

export interface LeakReport {
  /** Where the type tag now stands in the returned text (UTF-16). */
  start: number;
  end: number;
  entityType: string;
  /** What found it. */
  foundBy: 'search' | 'recognizer';
}

export interface LeakCheckResult {
  text: string;
  leaks: LeakReport[];
}

const MIN_WORD_CHARS = 2;

/** Originals worth searching for: at least two letters or digits (a lone initial is everywhere). */
function searchable(originals: readonly LeakOriginal[]): LeakOriginal[] {
  const seen = new Set<string>();
  return originals
    .filter((o) => (o.text.match(/[\p{L}\p{N}]/gu) ?? []).length >= MIN_WORD_CHARS)
    .filter((o) => {
      const key = normalizeSurface(o.text);
      return !seen.has(key) && (seen.add(key), true);
    })
    .sort((a, b) => b.text.length - a.text.length);
}

function patternOf(original: string): RegExp {
  const body = original.trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
  const before = /^[\p{L}\p{N}]/u.test(original.trim()) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = /[\p{L}\p{N}]$/u.test(original.trim()) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}

export async function maskLeaks(output: string, originals: readonly LeakOriginal[], recognizer?: Recognizer, docId = 'llm-output'): Promise<LeakCheckResult> {
  const targets = searchable(originals);
  if (targets.length === 0) return { text: output, leaks: [] };
  const regions: { start: number; end: number; entityType: string; foundBy: LeakReport['foundBy'] }[] = [];
  if (recognizer) {
    for (const span of await recognizer.recognize({ id: docId, text: output })) {
      const surface = normalizeSurface(output.slice(span.start, span.end));
      const hit = targets.find((t) => containsWords(surface, normalizeSurface(t.text)));
      if (hit) regions.push({ start: span.start, end: span.end, entityType: hit.entityType, foundBy: 'recognizer' });
    }
  }
  for (const target of targets) {
    for (const match of output.matchAll(patternOf(target.text))) {
      regions.push({ start: match.index, end: match.index + match[0].length, entityType: target.entityType, foundBy: 'search' });
    }
  }
  if (regions.length === 0) return { text: output, leaks: [] };
  // Union of overlapping regions; the first found (recognizer before search, longer originals first) names it.
  const sorted = [...regions].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof regions = [];
  for (const region of sorted) {
    const last = merged.at(-1);
    if (last && region.start < last.end) last.end = Math.max(last.end, region.end);
    else merged.push({ ...region });
  }
  const { text, replacements } = applyEdits(
    output,
    merged.map((r) => {
      const tag = `[${placeholderLabel(r.entityType)}]`;
      return { start: r.start, end: r.end, insert: tag, placeholder: tag };
    }),
  );
  const leaks = replacements.map((r, i) => ({ start: r.outputStart, end: r.outputEnd, entityType: merged[i].entityType, foundBy: merged[i].foundBy }));
  return { text, leaks };
}
