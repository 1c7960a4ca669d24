/**
 * The CoNLL-style named-entity files of ../shared/datasets/ner/ (conll, wikiann, wikineural):
 * `index<TAB>token<TAB>BIO-tag` lines, a blank line between sentences, -DOCSTART- lines skipped.
 * Each sentence becomes one text, its tokens joined by single spaces, with each token's UTF-16
 * range in that text. Shared by the multilingual benches and training/export-multilingual-pieces.ts.
 */
import { readFileSync } from 'node:fs';
import type { DetectedMention, DetectorLayer } from '../src/detect/index.ts';
import { wordUnits } from '../src/eval/index.ts';

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

const TO_CONLL: Readonly<Record<string, string>> = { PERSON: 'PER', ORG: 'ORG', LOC: 'LOC' };

/**
 * Token counts of a layer on CoNLL sentences (each one document), counted over word units (`\w+`
 * inside each CoNLL token, as every token-level figure of the project is): a unit is predicted when a
 * PERSON, ORG or LOC mention covers it, and takes its token's gold label; a token without a letter
 * or digit (a comma or bracket inside "Springfield , Illinois") is not a unit; gold MISC units count
 * in neither precision nor recall.
 * `predictedAny`/`hitAny` count a unit covered by a mention of any type (MISC included), which the
 * pipeline masks as well: the entity-vs-outside reading of "no label match".
 */
export interface ConllCounts {
  gold: number;
  predicted: number;
  hit: number;
  hitLabel: number;
  predictedAny: number;
  hitAny: number;
}

export async function scoreConllTokens(layer: Pick<DetectorLayer, 'detect'>, sentences: readonly ConllSentence[]): Promise<ConllCounts & { seconds: number }> {
  const counts: ConllCounts = { gold: 0, predicted: 0, hit: 0, hitLabel: 0, predictedAny: 0, hitAny: 0 };
  const began = performance.now();
  for (const [i, sentence] of sentences.entries()) {
    const all = (await layer.detect({ id: `s${i}`, text: sentence.text })) as DetectedMention[];
    const mentions = all.filter((m) => TO_CONLL[m.entityType]);
    for (const token of sentence.tokens) {
      if (token.label === 'MISC') continue;
      for (const unit of wordUnits(sentence.text, token)) countUnit(counts, token.label, unit, mentions, all);
    }
  }
  return { ...counts, seconds: (performance.now() - began) / 1000 };
}

/** Counts one word unit with its token's gold label. */
function countUnit(counts: ConllCounts, label: string, unit: { start: number; end: number }, mentions: readonly DetectedMention[], all: readonly DetectedMention[]): void {
  const covers = (m: DetectedMention): boolean => m.start < unit.end && m.end > unit.start;
  const cover = mentions.find(covers);
  const coverAny = cover ?? all.find(covers);
  const gold = label !== 'O';
  if (gold) counts.gold++;
  if (cover) counts.predicted++;
  if (gold && cover) counts.hit++;
  if (coverAny) counts.predictedAny++;
  if (gold && coverAny) counts.hitAny++;
  if (gold && cover && TO_CONLL[cover.entityType] === label) counts.hitLabel++;
}
