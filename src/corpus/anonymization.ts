/**
 * Anonymizations with replacements, the TAE input format: `{doc_id: [[start, end, replacement?], ...]}`
 * (code points, end-exclusive). A span without a third element is suppressed (a mark takes its
 * place); an empty string removes the text. Spans may come in any order and may overlap.
 */
import { InputError, type InputProblem } from './errors.ts';
import { offsetConverter } from './offsets.ts';
import { parseSystemSpans, type SystemSpanNotes } from './parse.ts';
import type { Corpus, Span, SystemSpans } from './types.ts';

/** A span of the original text (UTF-16) and what replaces it; undefined = suppressed. */
export interface Replacement extends Span {
  replacement?: string;
}

/** Replacements keyed by document id. */
export type Anonymization = Map<string, Replacement[]>;

/** Where a replaced region of the original ended up in the anonymized text. */
export interface AnonymizedRegion {
  /** The original region (UTF-16 offsets of the original text): the union of overlapping spans. */
  source: Span;
  /** The region in the anonymized text. */
  target: Span;
  /** The replacement text (the suppression mark when none was given). */
  text: string;
  /** True when no replacement was given (a mark stands in for the text). */
  suppressed: boolean;
}

export interface AppliedAnonymization {
  text: string;
  /** In text order, non-overlapping. */
  regions: AnonymizedRegion[];
}

export interface ApplyOptions {
  /** What stands in for a suppressed span (default `[MASK]`). */
  mark?: string;
}

export const DEFAULT_SUPPRESSION_MARK = '[MASK]';

/**
 * Applies replacements to a text whatever their order and overlap. Overlapping spans are merged
 * into their union (nothing of a masked span stays visible) which takes the replacement of its
 * longest member (the first one listed on a tie); touching spans stay separate; zero-length spans
 * replace nothing.
 */
export function applyReplacements(text: string, replacements: readonly Replacement[], options: ApplyOptions = {}): AppliedAnonymization {
  const mark = options.mark ?? DEFAULT_SUPPRESSION_MARK;
  const ordered = replacements
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.end > r.start)
    .sort((a, b) => a.r.start - b.r.start || a.r.end - b.r.end || a.index - b.index);
  const groups: { start: number; end: number; chosen: { r: Replacement; index: number } }[] = [];
  for (const item of ordered) {
    const last = groups[groups.length - 1];
    if (last && item.r.start < last.end) {
      last.end = Math.max(last.end, item.r.end);
      const length = item.r.end - item.r.start;
      const chosenLength = last.chosen.r.end - last.chosen.r.start;
      if (length > chosenLength || (length === chosenLength && item.index < last.chosen.index)) last.chosen = item;
    } else {
      groups.push({ start: item.r.start, end: item.r.end, chosen: item });
    }
  }
  let out = '';
  let cursor = 0;
  const regions: AnonymizedRegion[] = [];
  for (const group of groups) {
    out += text.slice(cursor, group.start);
    const suppressed = group.chosen.r.replacement === undefined;
    const replacement = suppressed ? mark : group.chosen.r.replacement!;
    regions.push({ source: { start: group.start, end: group.end }, target: { start: out.length, end: out.length + replacement.length }, text: replacement, suppressed });
    out += replacement;
    cursor = group.end;
  }
  out += text.slice(cursor);
  return { text: out, regions };
}

/**
 * Parses an anonymization file against a corpus: offsets are validated (and notes counted) by
 * `parseSystemSpans`; a third element, when present, must be a string.
 */
export function parseAnonymization(json: unknown, source: string, corpus: Corpus): { anonymization: Anonymization; spans: SystemSpans; notes: SystemSpanNotes } {
  const { spans, notes } = parseSystemSpans(json, source, corpus);
  const problems: InputProblem[] = [];
  const anonymization: Anonymization = new Map();
  for (const [docId, list] of Object.entries(json as Record<string, unknown[]>)) {
    const docSpans = spans.get(docId) ?? [];
    anonymization.set(
      docId,
      docSpans.map((span, i) => {
        const entry = list[i];
        const third = Array.isArray(entry) ? entry[2] : (entry as { replacement?: unknown }).replacement;
        if (third !== undefined && third !== null && typeof third !== 'string') {
          problems.push({ file: source, docId, message: `span #${i}: the replacement (third element) must be a string, got ${typeof third}` });
        }
        return typeof third === 'string' ? { ...span, replacement: third } : { ...span };
      }),
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  return { anonymization, spans, notes };
}

/** Serializes replacements to the file format (code points); suppressed spans get no third element. */
export function anonymizationToJson(documents: readonly { id: string; text: string; replacements: readonly Replacement[] }[]): Record<string, (number | string)[][]> {
  const out: Record<string, (number | string)[][]> = {};
  for (const doc of documents) {
    const converter = offsetConverter(doc.text);
    out[doc.id] = doc.replacements.map((r) => {
      const pair: (number | string)[] = [converter.toCodePoint(r.start), converter.toCodePoint(r.end)];
      if (r.replacement !== undefined) pair.push(r.replacement);
      return pair;
    });
  }
  return out;
}
