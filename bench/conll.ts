/**
 * The CoNLL-style named-entity files of ../shared/datasets/ner/ (conll, wikiann, wikineural):
 * `index<TAB>token<TAB>BIO-tag` lines, a blank line between sentences, -DOCSTART- lines skipped.
 * Each sentence becomes one text, its tokens joined by single spaces, with each token's UTF-16
 * range in that text. Shared by the multilingual benches and training/export-multilingual-pieces.ts.
 */
import { readFileSync } from 'node:fs';

export interface ConllToken {
  start: number;
  end: number;
  /** The entity type without its B-/I- prefix (PER, ORG, LOC, MISC) or O. */
  label: string;
  /** The tag as written (B-PER, I-LOC, O). */
  tag: string;
}

export interface ConllSentence {
  text: string;
  tokens: ConllToken[];
}

/** The first `limit` sentences of a file (all when absent). */
export function readConll(path: string, limit = Infinity): ConllSentence[] {
  const sentences: ConllSentence[] = [];
  let words: { token: string; tag: string }[] = [];
  const flush = (): void => {
    if (words.length > 0 && sentences.length < limit) {
      let text = '';
      const tokens = words.map((w) => {
        const start = text.length + (text.length > 0 ? 1 : 0);
        text += (text.length > 0 ? ' ' : '') + w.token;
        return { start, end: start + w.token.length, label: w.tag.replace(/^[BI]-/, ''), tag: w.tag };
      });
      sentences.push({ text, tokens });
    }
    words = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const fields = line.split('\t');
    if (line.trim() === '' || fields.length < 3) flush();
    else if (fields[1] !== '-DOCSTART-') words.push({ token: fields[1], tag: fields[2].trim() });
  }
  flush();
  return sentences;
}
