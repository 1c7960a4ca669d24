/** Builds TAB-format JSON for tests: mentions located by their text, offsets in code points. */
import { parseCorpus, type Corpus } from '../../src/corpus/index.ts';

export interface MentionSpec {
  text: string;
  type?: string;
  id: 'DIRECT' | 'QUASI' | 'NO_MASK';
  entity: string;
  /** Which occurrence of `text` (0-based). */
  nth?: number;
}

/** Code-point offset of the nth occurrence of `needle` in `text`. */
export function codePointIndex(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  return [...text.slice(0, at)].length;
}

export function tabDocument(docId: string, text: string, annotators: Record<string, MentionSpec[]>): Record<string, unknown> {
  const annotations: Record<string, unknown> = {};
  for (const [annotator, specs] of Object.entries(annotators)) {
    annotations[annotator] = {
      entity_mentions: specs.map((s, i) => {
        const start = codePointIndex(text, s.text, s.nth);
        return {
          entity_type: s.type ?? 'MISC',
          entity_mention_id: `${docId}_${annotator}_m${i}`,
          start_offset: start,
          end_offset: start + [...s.text].length,
          span_text: s.text,
          identifier_type: s.id,
          entity_id: `${docId}_${annotator}_${s.entity}`,
        };
      }),
    };
  }
  return { doc_id: docId, text, dataset_type: 'test', annotations };
}

export function corpusOf(...docs: Record<string, unknown>[]): Corpus {
  return parseCorpus(docs, 'test.json');
}

/** System spans located by text, as UTF-16 offsets (what `evaluate` takes). */
export function spansOf(text: string, ...needles: (string | [string, number])[]): { start: number; end: number }[] {
  return needles.map((n) => {
    const [needle, nth] = typeof n === 'string' ? [n, 0] : n;
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
    return { start: at, end: at + needle.length };
  });
}
