/**
 * The npm PII packages the detection benches compare against, as span detectors: redact-pii (its
 * spans recovered from the redacted text) and @openredaction/openredaction (its own positions).
 * Shared by bench/detect-throughput.ts and bench/detect-pii.ts.
 */
import { OpenRedaction } from '@openredaction/openredaction';
import { SyncRedactor } from 'redact-pii';
import type { Span } from '../src/corpus/index.ts';
import type { TypedSpan } from '../src/eval/index.ts';

export type SpanDetector = (text: string) => Promise<TypedSpan[]> | TypedSpan[];

/** A private-use character that none of the corpora contains: redact-pii's replacement marker. */
const MARKER = '\uE000';

/**
 * redact-pii only returns redacted text; its spans are recovered by aligning the text pieces
 * between markers with the original, left to right.
 */
export function spansFromRedaction(original: string, redacted: string): Span[] {
  const pieces = redacted.split(MARKER);
  const spans: Span[] = [];
  let position = pieces[0].length;
  for (let i = 1; i < pieces.length; i++) {
    const next = i === pieces.length - 1 && pieces[i] === '' ? original.length : original.indexOf(pieces[i], position + 1);
    if (next < 0) break;
    spans.push({ start: position, end: next });
    position = next + pieces[i].length;
  }
  return spans;
}

/** redact-pii gives no types: every span is "PII". */
export function redactPiiDetector(): SpanDetector {
  const redactor = new SyncRedactor({ globalReplaceWith: MARKER });
  return (text) => spansFromRedaction(text, redactor.redact(text)).map((s) => ({ ...s, entityType: 'PII' }));
}

/** openredaction's own type names ("PHONE_US", "EMAIL", "NAME", …). */
export function openRedactionDetector(): SpanDetector {
  const detector = new OpenRedaction();
  return (text) =>
    detector.detect(text).detections.map((d) => {
      const [start, end] = text.slice(d.position[0], d.position[1]) === d.value ? d.position : locate(text, d.value, d.position[0]);
      return { start, end, entityType: d.type };
    });
}

function locate(text: string, value: string, near: number): [number, number] {
  const at = text.indexOf(value, Math.max(0, near - value.length));
  const start = at >= 0 ? at : text.indexOf(value);
  return start >= 0 ? [start, start + value.length] : [near, near];
}
