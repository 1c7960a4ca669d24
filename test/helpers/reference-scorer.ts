/**
 * A deliberately naive transcription of ../shared/specs/tab-evaluation.md (sets of character
 * offsets, linear scans), used only to cross-check the real scorer on full datasets.
 */
import type { Corpus, Span } from '../../src/corpus/index.ts';
import { winkTagger } from '../../src/eval/index.ts';

const IGNORE_CHARS = " ,.-;:/&()[]'\"\u2013\u2019\u201C\u201D";
const IGNORE_TOKENS = ['mr', 'mrs', 'ms', 'no', 'nr', 'about'];
const IGNORE_POS = ['ADP', 'PART', 'CCONJ', 'DET'];

function units(text: string, s: number, e: number): [number, number][] {
  return [...text.slice(s, e).matchAll(/[\p{L}\p{N}_]+/gu)].map((m) => [s + m.index!, s + m.index! + m[0].length]);
}

export function referenceScores(corpus: Corpus, system: Map<string, Span[]>): Record<string, number> {
  let entMasked = 0, entTotal = 0, dirMasked = 0, dirTotal = 0, quaMasked = 0, quaTotal = 0;
  let tokHit = 0, tokTotal = 0, menHit = 0, menTotal = 0, tpT = 0, denT = 0, tpM = 0, denM = 0;
  for (const doc of corpus.documents) {
    const spans = system.get(doc.id);
    if (!spans) continue;
    const masked = new Set<number>();
    for (const s of spans) for (let i = s.start; i < s.end; i++) masked.add(i);
    const tokens = winkTagger.tag(doc.text);
    const covered = (s: number, e: number): boolean => {
      const left = new Set<number>();
      for (let i = s; i < e; i++) if (!masked.has(i)) left.add(i);
      if (left.size === 0) return true;
      for (const t of tokens) {
        if (t.end <= s || t.start >= e) continue;
        if (IGNORE_POS.includes(t.pos) || IGNORE_TOKENS.includes(t.lower)) for (let i = t.start; i < t.end; i++) left.delete(i);
      }
      for (const i of [...left]) if (IGNORE_CHARS.includes(doc.text[i])) left.delete(i);
      return left.size === 0;
    };
    type Ent = { annotator: string; mentions: [number, number, boolean][] ; direct: boolean };
    const entities = new Map<string, Ent>();
    for (const a of doc.annotations) {
      for (const m of a.mentions) {
        const mask = m.identifierType !== 'NO_MASK';
        const ent = entities.get(m.entityId) ?? { annotator: a.annotator, mentions: [], direct: m.identifierType === 'DIRECT' };
        ent.mentions.push([m.start, m.end, mask]);
        entities.set(m.entityId, ent);
      }
    }
    for (const ent of entities.values()) {
      if (!ent.mentions.some((m) => m[2])) continue;
      const ok = ent.mentions.every(([s, e, mask]) => covered(s, e) || !mask);
      entTotal++; if (ok) entMasked++;
      if (ent.direct) { dirTotal++; if (ok) dirMasked++; } else { quaTotal++; if (ok) quaMasked++; }
      for (const [s, e] of ent.mentions) {
        menTotal++; if (covered(s, e)) menHit++;
        for (const [a, b] of units(doc.text, s, e)) { tokTotal++; if (covered(a, b)) tokHit++; }
      }
    }
    const annotators = new Set([...entities.values()].map((e) => e.annotator));
    const annotatorsFor = (a: number, b: number): number => {
      if (b <= a) return 0;
      const who = new Set<string>();
      for (const ent of entities.values()) for (const [s, e, mask] of ent.mentions) if (mask && s <= a && e >= b) who.add(ent.annotator);
      return who.size;
    };
    for (const sp of spans) {
      tpM += annotatorsFor(sp.start, sp.end); denM += annotators.size;
      for (const [a, b] of units(doc.text, sp.start, sp.end)) { tpT += annotatorsFor(a, b); denT += annotators.size; }
    }
  }
  const r = (x: number, y: number) => (y === 0 ? 0 : x / y);
  const p = r(tpT, denT), rec = r(tokHit, tokTotal);
  return {
    token_recall: rec, mention_recall: r(menHit, menTotal), recall_all_entities: r(entMasked, entTotal),
    recall_direct_entities: r(dirMasked, dirTotal), recall_quasi_entities: r(quaMasked, quaTotal),
    token_precision: p, mention_precision: r(tpM, denM), token_f1: p + rec === 0 ? 0 : (2 * p * rec) / (p + rec),
  };
}
