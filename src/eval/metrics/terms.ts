/**
 * The terms whose information content TPI and TPS weigh, defined without spaCy:
 *  1. entity spans: the rule layer's dates, codes, amounts and other patterns (src/detect), the
 *     longest first where they overlap;
 *  2. noun chunks, approximated: maximal runs of adjacent ADJ/NOUN/PROPN/NUM tokens (Universal POS
 *     from wink-nlp) outside entity spans, cut where a run crosses an entity span;
 *  3. remaining words: every other token with a letter or digit that is not a function word
 *     (ADP, AUX, CCONJ, DET, PART, PRON, SCONJ) or punctuation.
 * Terms never overlap and come in text order (UTF-16 offsets).
 */
import type { Span } from '../../corpus/index.ts';
import type { DetectorLayer } from '../../detect/index.ts';
import { winkTagger, type PosTagger } from '../pos.ts';

const CHUNK_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
const FUNCTION_POS = new Set(['ADP', 'AUX', 'CCONJ', 'DET', 'PART', 'PRON', 'SCONJ', 'PUNCT', 'SPACE', 'SYM']);
const HAS_WORD = /[\p{L}\p{N}]/u;

export type TermKind = 'entity' | 'chunk' | 'word';

export interface Term extends Span {
  kind: TermKind;
}

let rules: DetectorLayer | undefined;

export async function extractTerms(text: string, tagger: PosTagger = winkTagger): Promise<Term[]> {
  // Imported on first use: the detector module is large and most users of src/eval never need it.
  rules ??= (await import('../../detect/index.ts')).createRuleLayer();
  const detected = await rules.detect({ id: '', text });
  // Longest first, then leftmost: a greedy non-overlapping selection of entity spans.
  const entities: Term[] = [];
  for (const m of [...detected].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (m.end <= m.start || entities.some((e) => m.start < e.end && e.start < m.end)) continue;
    entities.push({ start: m.start, end: m.end, kind: 'entity' });
  }
  const inEntity = new Uint8Array(text.length);
  for (const e of entities) inEntity.fill(1, e.start, e.end);
  const touchesEntity = (s: Span): boolean => inEntity.subarray(s.start, s.end).some((v) => v === 1);

  const terms: Term[] = [...entities];
  let chunk: Term | undefined;
  const closeChunk = (): void => {
    if (chunk) terms.push(chunk);
    chunk = undefined;
  };
  const tokens = tagger.tag(text);
  tokens.forEach((token, i) => {
    const content = HAS_WORD.test(text.slice(token.start, token.end));
    if (!content || touchesEntity(token)) {
      closeChunk();
      return;
    }
    if (CHUNK_POS.has(token.pos)) {
      // Adjacent means only whitespace between the previous token and this one.
      const previous = tokens[i - 1];
      if (chunk && previous && previous.end === chunk.end && /^\s*$/.test(text.slice(previous.end, token.start))) chunk.end = token.end;
      else {
        closeChunk();
        chunk = { start: token.start, end: token.end, kind: 'chunk' };
      }
      return;
    }
    closeChunk();
    if (!FUNCTION_POS.has(token.pos)) terms.push({ start: token.start, end: token.end, kind: 'word' });
  });
  closeChunk();
  return terms.sort((a, b) => a.start - b.start);
}
