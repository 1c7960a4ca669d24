/**
 * Part-of-speech tags for the scorer's ignore rule. The reference uses spaCy `en_core_web_md`;
 * we use wink-nlp's English lite model, which also emits Universal POS tags (see README for where
 * the two taggers disagree).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Span } from '../corpus/index.ts';

export interface TaggedToken extends Span {
  /** Lower-cased token text. */
  lower: string;
  /** Universal POS tag. */
  pos: string;
}

export interface PosTagger {
  readonly name: string;
  tag(text: string): TaggedToken[];
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

/** wink-nlp tokens carry no offsets: we recover them by finding each token's text in order. */
export const winkTagger: PosTagger = {
  name: 'wink-eng-lite-web-model',
  tag(text: string): TaggedToken[] {
    nlp ??= winkNLP(model);
    const doc = nlp.readDoc(text);
    const values = doc.tokens().out(nlp.its.value) as string[];
    const tags = doc.tokens().out(nlp.its.pos) as string[];
    const tokens: TaggedToken[] = [];
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const at = text.indexOf(value, cursor);
      // Only whitespace may lie between tokens; a token wink normalised cannot be located: skip it.
      if (at < 0 || !/^\s*$/.test(text.slice(cursor, at))) continue;
      tokens.push({ start: at, end: at + value.length, lower: value.toLowerCase(), pos: tags[i] });
      cursor = at + value.length;
    }
    return tokens;
  },
};
