/**
 * A corpus's annotation conventions, learned from its training data: surfaces the recognizer finds but
 * the corpus's annotators almost never mark. TAB's annotators leave the Court's own bodies ("the
 * European Commission of Human Rights", "the Fourth Section"), procedural roles ("lawyer", "public
 * prosecutor"), penalties ("imprisonment") and bare counts ("two") unmarked; our layers find them,
 * and they were most of the recognizer's false positives on TAB. The lexicon is built by
 * scripts/build-conventions.ts from the recognizer's own output on the training documents and their
 * annotations, so it drops exactly what the layers over-predict there, not a hand-picked list.
 *
 * Names, dates and codes are never dropped, whatever the statistics say: a sanitizer must not miss
 * them on the say-so of one corpus's habits. Nor is a surface with a digit (a case number, a sum).
 *
 * Two more habits are learned, of spans a rule joins that annotators may mark whole or in parts (JOINS):
 * whether a count's noun is part of the mention ("three hearings") or the number alone is ("three"), and
 * whether a range of years is one mention ("between 1982 and 1984") or two years are. TAB's annotators
 * mark the noun in 30% of the count phrases and the connector of most ranges; the biographies' training
 * masks almost never mark either ("86 caps": "86"; "1994 to 1996": "1994", "1996"). Without a lexicon the
 * parts stand alone.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, type Span } from '../corpus/index.ts';
import { DEFAULT_GAZETTEER_DIR } from './gazetteer/index.ts';
import { countNumberEnd } from './rules/index.ts';
import { COMPOUND_OCCUPATION_SOURCE } from './context.ts';
import type { DetectedMention } from './types.ts';

/** A rule's span that joins parts a corpus's annotators may mark apart. */
interface Join {
  /** The rule's source. */
  readonly source: string;
  /** The joining words inside the span ("hearings" of "three hearings", "to" of "1994 to 1996"), or undefined: none to learn from. */
  joint(text: string, span: Span): Span | undefined;
  /** The parts kept when the joint is not marked; undefined: the span as it is. */
  parts(text: string, span: Span): Span[] | undefined;
  /** The subtype of each part, where it differs from the whole's (a year of a period). */
  readonly partSubtype?: string;
  /** Whether the join stays whole where no lexicon says (`conventions: none`); default false, the parts. */
  readonly wholeWithoutLexicon?: boolean;
}

/** Where the occupation starts in a compound the recognizer built: after its one modifier word ("television producer") or "co-". */
function compoundHeadStart(text: string, span: Span): number {
  return text.startsWith('co-', span.start) ? span.start + 3 : text.indexOf(' ', span.start) + 1;
}

/** Two years and the word between them; the range rule leaves a "from" out already. */
const WORDED_YEAR_RANGE = /^(?:[Bb]etween )?(\d{4}) (and|to|until|till) (\d{4})$/u;

/**
 * The joins learned: a count and its noun ("three hearings", "86 caps"), a range of years joined by a
 * word ("between 1982 and 1984", "1994 to 1996"; not "1982–84", whose dash no word unit counts).
 */
export const JOINS = {
  countedNouns: {
    source: 'rules:count-phrase',
    joint: (text, span) => ({ start: countNumberEnd(text, span.start, span.end), end: span.end }),
    parts: (text, span) => [{ start: span.start, end: countNumberEnd(text, span.start, span.end) }],
  },
  compoundOccupations: {
    source: COMPOUND_OCCUPATION_SOURCE,
    // The biographies mark the compound ("television producer", "jazz singer"); their training masks mark no occupation either way.
    wholeWithoutLexicon: true,
    joint: (text, span) => ({ start: span.start, end: compoundHeadStart(text, span) - 1 }),
    parts: (text, span) => [{ start: compoundHeadStart(text, span), end: span.end }],
  },
  rangeConnectors: {
    source: 'rules:year-range',
    partSubtype: 'DATE',
    joint: (text, span) => {
      const range = WORDED_YEAR_RANGE.exec(text.slice(span.start, span.end));
      if (!range) return undefined;
      const start = span.end - range[3].length - 1 - range[2].length;
      return { start, end: start + range[2].length };
    },
    parts: (text, span) => {
      const range = WORDED_YEAR_RANGE.exec(text.slice(span.start, span.end));
      if (!range) return undefined;
      const first = span.start + range[0].indexOf(range[1]);
      return [
        { start: first, end: first + 4 },
        { start: span.end - 4, end: span.end },
      ];
    },
  },
} as const satisfies Record<string, Join>;
export type JoinName = keyof typeof JOINS;
export const JOIN_NAMES = Object.keys(JOINS) as JoinName[];

/** Whether a join stays whole where no lexicon learned it. */
export function joinWholeWithoutLexicon(name: JoinName): boolean {
  const join: Join = JOINS[name];
  return join.wholeWithoutLexicon ?? false;
}

/** A join is kept whole when its corpora mark the joint at least this share of the times: a quarter, for recall (TAB's count nouns 0.30). */
const JOINT_MARKED_SHARE = 0.25;

/** Types a convention lexicon may drop: never PERSON, DATETIME or CODE. */
export const DROPPABLE_TYPES: ReadonlySet<string> = new Set(['ORG', 'LOC', 'DEM', 'MISC', 'QUANTITY']);

/** The bundled lexicons, by name: files under models/gazetteers/. */
export const BUNDLED_CONVENTIONS = { tab: 'conventions-tab.json' } as const;
export type BundledConventions = keyof typeof BUNDLED_CONVENTIONS;

/** A bundled lexicon's name (an own key: "toString" is a file name, not a lexicon). */
export function isBundledConventions(name: string): name is BundledConventions {
  return Object.hasOwn(BUNDLED_CONVENTIONS, name);
}

/**
 * Where a `conventions` setting points: `none` and bundled names as they are, any other value a
 * lexicon file relative to `baseDir` (the config file's folder, or the working directory).
 */
export function resolveConventions(setting: string, baseDir: string): string {
  return setting === 'none' || isBundledConventions(setting) ? setting : resolve(baseDir, setting);
}

/** How a surface was seen in one training corpus: how often the recognizer found it, how often it was marked there. */
const Observation = z.strictObject({ found: z.number().int().nonnegative(), marked: z.number().int().nonnegative() });

/** Whether a join is kept whole, and how often each corpus marked the joints the rules found. */
const JoinObservation = z.strictObject({ kept: z.boolean(), seen: z.record(z.string(), Observation) });

const LexiconFile = z.strictObject({
  description: z.string(),
  /** What it was learned from and with which thresholds (provenance; not read at run time). */
  built: z.strictObject({
    corpora: z.record(z.string(), z.string()),
    minFound: z.number().int().positive(),
    maxMarkedShare: z.number().min(0).max(1),
    recognizer: z.string(),
  }),
  surfaces: z.array(z.strictObject({ surface: z.string().min(1), seen: z.record(z.string(), Observation) })),
  /** For each join, whether it is kept whole, and how often the corpora marked the joints the rules found. */
  // A lexicon built before a join existed lacks it: the join then stays as it is without a lexicon.
  joins: z.strictObject({ countedNouns: JoinObservation, compoundOccupations: JoinObservation.optional(), rangeConnectors: JoinObservation } satisfies Record<
    JoinName,
    z.ZodType<z.infer<typeof JoinObservation> | undefined>
  >),
});
export type ConventionLexiconFile = z.infer<typeof LexiconFile>;

export interface ConventionLexicon {
  readonly name: string;
  /** Keys (surfaceKey) of surfaces the corpus's annotators do not mark. */
  readonly unmarked: ReadonlySet<string>;
  /** For each join, whether the corpus's annotators mark it whole ("three hearings", "between 1982 and 1984"). */
  readonly joins: Readonly<Record<JoinName, boolean>>;
}

/** A surface without a leading article or a trailing possessive: "the Court's" and "Court" are one surface. */
export function surfaceKey(surface: string): string {
  return surface
    .trim()
    .replace(/^(?:the|The|THE)\s+/u, '')
    .replace(/(?:['’]s|['’])$/u, '')
    .trim();
}

function droppable(m: Pick<DetectedMention, 'entityType'>, key: string): boolean {
  return DROPPABLE_TYPES.has(m.entityType) && key !== '' && !/\p{Nd}/u.test(key);
}

/** `name`: a bundled lexicon (`tab`) or a path to a lexicon file. Errors name the file and the field. */
export function loadConventions(name: string): ConventionLexicon {
  const file = isBundledConventions(name) ? join(DEFAULT_GAZETTEER_DIR, BUNDLED_CONVENTIONS[name]) : name;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError([{ file, message: `cannot read the convention lexicon: ${(error as Error).message}` }]);
  }
  const result = LexiconFile.safeParse(parsed);
  if (!result.success) {
    throw new InputError(result.error.issues.map((issue) => ({ file, message: `${issue.path.join('.') || '(root)'}: ${issue.message}` })));
  }
  const joins = Object.fromEntries(JOIN_NAMES.map((join) => [join, result.data.joins[join]?.kept ?? joinWholeWithoutLexicon(join)])) as Record<JoinName, boolean>;
  return { name, unmarked: new Set(result.data.surfaces.map((s) => surfaceKey(s.surface))), joins };
}

const cache = new Map<string, ConventionLexicon>();
/** Loaded once per process and name; `none`: no lexicon. */
export function conventionsNamed(name: string): ConventionLexicon | undefined {
  if (name === 'none') return undefined;
  let lexicon = cache.get(name);
  if (!lexicon) cache.set(name, (lexicon = loadConventions(name)));
  return lexicon;
}

/** The mentions without those the corpus's annotators do not mark. */
export function applyConventions<M extends DetectedMention>(text: string, mentions: readonly M[], lexicon: ConventionLexicon): M[] {
  return mentions.filter((m) => {
    const key = surfaceKey(text.slice(m.start, m.end));
    return m.required === true || !(droppable(m, key) && lexicon.unmarked.has(key));
  });
}

/**
 * The mentions with the joins not `kept` in their parts: "three hearings" → "three", "1994 to 1996" →
 * "1994", "1996" (a date each). For corpora whose annotators mark the parts (no lexicon, or one that
 * learned so). What a user required stays as it is. With the layers' `raw` mentions, a merged mention
 * that a join's rule found with the same bounds is split too, whichever layer's source the merge kept
 * (the neural layer's "four appearances" over the count rule's).
 */
export function splitJoins<M extends DetectedMention>(text: string, mentions: readonly M[], kept: Readonly<Record<JoinName, boolean>>, raw: readonly DetectedMention[] = []): M[] {
  const split: Join[] = JOIN_NAMES.filter((name) => !kept[name]).map((name) => JOINS[name]);
  if (split.length === 0) return [...mentions];
  // The extents the joins' rules found, by rule.
  const foundByRule = new Set(raw.filter((r) => split.some((j) => j.source === r.source)).map((r) => `${r.source}|${r.start}:${r.end}`));
  const foundBy = (m: M, source: string): boolean => m.source === source || foundByRule.has(`${source}|${m.start}:${m.end}`);
  return mentions.flatMap((m) => {
    const join = m.required ? undefined : split.find((j) => foundBy(m, j.source));
    const parts = join?.parts(text, m);
    if (!join || !parts) return [m];
    return parts.map((part) => ({ ...m, ...part, ...(join.partSubtype && m.subtype ? { subtype: join.partSubtype } : {}) }));
  });
}

/** The word units (`\w+`) of a span, as [start, end] pairs: what "marked" is read over. */
function wordUnitsOf(text: string, span: Span): (readonly [number, number])[] {
  return [...text.slice(span.start, span.end).matchAll(/\w+/gu)].map((u) => [span.start + u.index, span.start + u.index + u[0].length] as const);
}

/** Whether any of the units lies inside one of an annotator's spans. */
function anyUnitIn(units: readonly (readonly [number, number])[], spans: readonly { start: number; end: number }[]): boolean {
  return units.some(([s, e]) => spans.some((g) => g.start <= s && e <= g.end));
}

/** One training document: its text, the recognizer's mentions on it, and each annotator's (or the masks') spans. */
export interface ConventionTrainingDocument {
  text: string;
  /** With every join whole ("three hearings": the recognizer run with each of `joins` true). */
  found: readonly Pick<DetectedMention, 'start' | 'end' | 'entityType' | 'source'>[];
  annotations: readonly (readonly { start: number; end: number }[])[];
}

export interface ConventionBuildOptions {
  /** A surface must be found at least this often over all corpora (default 3). */
  minFound?: number;
  /** …and be marked in at most this share of its occurrences in every corpus it occurs in (default 0.15). */
  maxMarkedShare?: number;
}

/**
 * Learns the surfaces to drop. An occurrence counts once per annotator (a document with three
 * annotators is three observations) and is marked when any of its word units lies in that
 * annotator's spans.
 */
export function buildConventions(
  corpora: Readonly<Record<string, readonly ConventionTrainingDocument[]>>,
  options: ConventionBuildOptions = {},
): { surface: string; seen: Record<string, { found: number; marked: number }> }[] {
  const minFound = options.minFound ?? 3;
  const maxMarkedShare = options.maxMarkedShare ?? 0.15;
  const seen = new Map<string, Map<string, { found: number; marked: number }>>();
  for (const [corpus, documents] of Object.entries(corpora)) {
    for (const doc of documents) {
      for (const m of doc.found) {
        const key = surfaceKey(doc.text.slice(m.start, m.end));
        if (!droppable(m, key)) continue;
        const units = wordUnitsOf(doc.text, m);
        if (units.length === 0) continue;
        let byCorpus = seen.get(key);
        if (!byCorpus) seen.set(key, (byCorpus = new Map()));
        let counts = byCorpus.get(corpus);
        if (!counts) byCorpus.set(corpus, (counts = { found: 0, marked: 0 }));
        for (const spans of doc.annotations) {
          counts.found++;
          // Any word marked counts: "Police Constable Bolte" is marked when only "Bolte" is.
          if (anyUnitIn(units, spans)) counts.marked++;
        }
      }
    }
  }
  const surfaces: { surface: string; seen: Record<string, { found: number; marked: number }> }[] = [];
  for (const [surface, byCorpus] of seen) {
    const all = [...byCorpus.values()];
    if (all.reduce((n, c) => n + c.found, 0) < minFound) continue;
    if (all.every((c) => c.marked <= maxMarkedShare * c.found)) surfaces.push({ surface, seen: Object.fromEntries([...byCorpus].sort(([a], [b]) => a.localeCompare(b))) });
  }
  // A fixed order: a rebuild from the same data gives the same file.
  return surfaces.sort((a, b) => (a.surface < b.surface ? -1 : a.surface > b.surface ? 1 : 0));
}

/** What is learned of a join: whether it is kept whole, and its counts by corpus. */
export type LearnedJoin = z.infer<typeof JoinObservation>;

/**
 * Learns, for each join, whether it is marked whole: over the joined spans the recognizer found (one
 * observation per annotator), how often a word of the joint lies in that annotator's spans. Kept whole
 * when the share reaches JOINT_MARKED_SHARE over all corpora together.
 */
export function learnJoins(corpora: Readonly<Record<string, readonly ConventionTrainingDocument[]>>): Record<JoinName, LearnedJoin> {
  const learned = {} as Record<JoinName, LearnedJoin>;
  for (const name of JOIN_NAMES) {
    const join: Join = JOINS[name];
    const seen: Record<string, { found: number; marked: number }> = {};
    for (const [corpus, documents] of Object.entries(corpora).sort(([a], [b]) => a.localeCompare(b))) {
      const counts = (seen[corpus] = { found: 0, marked: 0 });
      for (const doc of documents) {
        for (const m of doc.found) {
          const joint = m.source === join.source ? join.joint(doc.text, m) : undefined;
          if (!joint) continue;
          const units = wordUnitsOf(doc.text, joint);
          if (units.length === 0) continue;
          for (const spans of doc.annotations) {
            counts.found++;
            if (anyUnitIn(units, spans)) counts.marked++;
          }
        }
      }
    }
    const all = Object.values(seen);
    const found = all.reduce((n, c) => n + c.found, 0);
    const marked = all.reduce((n, c) => n + c.marked, 0);
    learned[name] = { kept: found > 0 && marked >= JOINT_MARKED_SHARE * found, seen };
  }
  return learned;
}

/** The file written by the build script, validated as a loader would read it. */
export function conventionLexiconFile(file: ConventionLexiconFile): ConventionLexiconFile {
  return LexiconFile.parse(file);
}
