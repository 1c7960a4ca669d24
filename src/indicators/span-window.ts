/**
 * The input of the fine-tuned span classifier: one window of word-piece ids per span,
 * `[CLS] context span context [SEP]`, at most `maxLength` pieces, the span centred in its context,
 * and the positions of the span's pieces in it. Training (training/export-span-examples.ts) and
 * inference (span-classification-fine-tuned.ts) cut windows with this ONE function, so the model
 * never sees at run time a window laid out differently from the ones it learnt from.
 */
import { piecesOverlapping, type TokenizedText } from '../lm/index.ts';
import type { Span } from '../corpus/index.ts';

export interface SpanWindow {
  /** `[CLS] pieces… [SEP]`. */
  ids: Int32Array;
  /** The span's pieces are ids[spanStart..spanEnd) (never empty: see `spanWindow`). */
  spanStart: number;
  spanEnd: number;
}

export interface WindowSpecials {
  cls: number;
  sep: number;
}

/** The default window length in pieces, [CLS] and [SEP] included (the masked LM's 128-piece window of the paper configs). */
export const SPAN_WINDOW_LENGTH = 128;

/**
 * The window of `span` (UTF-16 offsets, as every `Span`) in a tokenized text. The context is split
 * evenly before and after the span's pieces and shifted inwards at the text's edges, so the window
 * is as long as the text allows. A span longer than the window keeps its first `maxLength − 2`
 * pieces. A span that covers no piece (only whitespace, or an empty span) is read at the piece that
 * follows it (the last piece at the text's end; [CLS] for an empty text), so every window has a
 * span position to pool.
 */
export function spanWindow(tokens: TokenizedText, span: Span, specials: WindowSpecials, maxLength = SPAN_WINDOW_LENGTH): SpanWindow {
  if (!Number.isInteger(maxLength) || maxLength < 3) throw new Error(`span window length must be an integer of at least 3 (got ${maxLength})`);
  const count = tokens.ids.length;
  if (count === 0) return { ids: Int32Array.of(specials.cls, specials.sep), spanStart: 0, spanEnd: 1 };
  const content = maxLength - 2;
  const covered = piecesOverlapping(tokens, span.start, span.end);
  let first: number;
  let last: number; // exclusive
  if (covered.length > 0) {
    first = covered[0];
    last = Math.min(covered[covered.length - 1] + 1, first + content);
  } else {
    let next = 0;
    while (next < count && tokens.starts[next] < span.start) next++;
    first = Math.min(next, count - 1);
    last = first + 1;
  }
  const before = Math.floor((content - (last - first)) / 2);
  let start = Math.max(0, first - before);
  const end = Math.min(count, start + content);
  start = Math.max(0, end - content);
  const ids = new Int32Array(end - start + 2);
  ids[0] = specials.cls;
  ids.set(tokens.ids.subarray(start, end), 1);
  ids[ids.length - 1] = specials.sep;
  return { ids, spanStart: 1 + first - start, spanEnd: 1 + last - start };
}
