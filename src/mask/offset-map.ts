/**
 * Offsets between a text and its sanitized version, both ways. Outside replaced regions an offset
 * shifts by the length difference of the replacements before it; inside one, `bias` says whether
 * it goes to the start or the end of the counterpart region (use 'start' for span starts and
 * 'end' for span ends, so a span maps onto whole placeholders).
 */
import type { Span } from '../corpus/index.ts';
import type { Replacement } from './types.ts';

export type OffsetBias = 'start' | 'end';

/** One region of a text to replace: [start, end) becomes `insert`; `placeholder` names it in the map. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
  placeholder: string;
}

/**
 * Replaces each region (in text order, not overlapping) and records where every replacement lands:
 * the one splice behind sanitize, restore and the pipeline's per-type masking.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; replacements: Replacement[]; offsetMap: OffsetMap } {
  const parts: string[] = [];
  const replacements: Replacement[] = [];
  let cursor = 0;
  let length = 0;
  for (const e of edits) {
    const kept = text.slice(cursor, e.start);
    parts.push(kept, e.insert);
    length += kept.length;
    replacements.push({ start: e.start, end: e.end, outputStart: length, outputEnd: length + e.insert.length, placeholder: e.placeholder });
    length += e.insert.length;
    cursor = e.end;
  }
  parts.push(text.slice(cursor));
  const output = parts.join('');
  return { text: output, replacements, offsetMap: new OffsetMap(text.length, output.length, replacements) };
}

/** One replaced region, in both texts. */
export interface OffsetSegment {
  inputStart: number;
  inputEnd: number;
  outputStart: number;
  outputEnd: number;
}

export class OffsetMap {
  readonly segments: readonly OffsetSegment[];

  constructor(
    readonly inputLength: number,
    readonly outputLength: number,
    replacements: readonly Replacement[],
  ) {
    this.segments = replacements.map((r) => ({ inputStart: r.start, inputEnd: r.end, outputStart: r.outputStart, outputEnd: r.outputEnd }));
  }

  /** Output offset of an input offset. */
  toOutput(offset: number, bias: OffsetBias = 'start'): number {
    return translate(this.segments, offset, this.inputLength, 'input', bias);
  }

  /** Input offset of an output offset. */
  toInput(offset: number, bias: OffsetBias = 'start'): number {
    return translate(this.segments, offset, this.outputLength, 'output', bias);
  }

  /** The output span covering an input span. */
  outputSpan(span: Span): Span {
    return { start: this.toOutput(span.start, 'start'), end: Math.max(this.toOutput(span.start, 'start'), this.toOutput(span.end, 'end')) };
  }

  /** The input span covering an output span (a placeholder maps back to the whole masked span). */
  inputSpan(span: Span): Span {
    return { start: this.toInput(span.start, 'start'), end: Math.max(this.toInput(span.start, 'start'), this.toInput(span.end, 'end')) };
  }

  toJSON(): { inputLength: number; outputLength: number; segments: readonly OffsetSegment[] } {
    return { inputLength: this.inputLength, outputLength: this.outputLength, segments: this.segments };
  }
}

function translate(segments: readonly OffsetSegment[], offset: number, length: number, from: 'input' | 'output', bias: OffsetBias): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) throw new RangeError(`${from} offset ${offset} is outside 0..${length}`);
  const fromInput = from === 'input';
  const startOf = (s: OffsetSegment): number => (fromInput ? s.inputStart : s.outputStart);
  const endOf = (s: OffsetSegment): number => (fromInput ? s.inputEnd : s.outputEnd);
  const otherStart = (s: OffsetSegment): number => (fromInput ? s.outputStart : s.inputStart);
  const otherEnd = (s: OffsetSegment): number => (fromInput ? s.outputEnd : s.inputEnd);

  if (bias === 'start') {
    // The first segment reaching the offset; kept text before it shifts by its start difference.
    const i = firstIndex(segments.length, (k) => endOf(segments[k]) >= offset);
    if (i === segments.length) return segments.length === 0 ? offset : otherEnd(segments[i - 1]) + (offset - endOf(segments[i - 1]));
    const s = segments[i];
    if (startOf(s) >= offset) return otherStart(s) - (startOf(s) - offset);
    return offset === endOf(s) ? otherEnd(s) : otherStart(s);
  }
  // The last segment starting at or before the offset; kept text after it shifts by its end difference.
  const i = firstIndex(segments.length, (k) => startOf(segments[k]) > offset) - 1;
  if (i < 0) return offset;
  const s = segments[i];
  if (offset >= endOf(s)) return otherEnd(s) + (offset - endOf(s));
  return offset === startOf(s) ? otherStart(s) : otherEnd(s);
}

/** The first index in 0..n for which a monotone predicate holds (n when none). */
function firstIndex(n: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
