/**
 * The `fictional` strategy: every span becomes a realistic substitute of its kind (see the
 * generators), the same entity the same substitute in every mention (and in every document of a
 * collection sharing a PseudonymSession), drawn from faker seeded by an HMAC of the entity under
 * the key, so a run is reproducible and reversible with the key and nothing can be recomputed
 * without it. It needs the key: a random default key would make runs irreproducible.
 *
 * Rules every substitute passes (else the entity is redrawn with the next seed): it differs from
 * every original of the document and contains none of them as whole words (originals of at least
 * three letters or digits; a courtesy title alone, "Mr", is not one); a kept word that is another
 * entity's original ("Turkish" in "16,985 Turkish liras") becomes that entity's substitute; two
 * entities never share a substitute (in any case); and the substitute search of `restore` finds
 * in the output exactly what was inserted. Dates move by one offset per document (per collection
 * with a shared session), the first of key-derived candidates whose shifted dates pass the rules.
 * An entity still clashing after many draws gets keyed tokens ("Person-3f9a2c1b"), so sanitize
 * always ends (none on tab144 or wiki-test).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../../corpus/index.ts';
import { KEY_ENV_VARIABLE, type MaskKey } from '../keys.ts';
import { placeholderLabel } from '../placeholders.ts';
import type { PseudonymSession } from '../session.ts';
import { groupEntities, isUntyped, mergeSpans } from '../spans.ts';
import type { MappingEntry, MaskEntity, MaskingStrategy, MaskSpan, Replacement, StrategyContext, StrategyResult } from '../types.ts';
import { codeSubstitute, identifierSubstitute, shapeSubstitute, vehicleSubstitute } from './codes.ts';
import { candidateShift, fictionalDate, shiftDates, type DateShift } from './dates.ts';
import { Drawer } from './draw.ts';
import { demographicSubstitute, miscSubstitute, organisationSubstitute, placeSubstitute } from './kinds.ts';
import { ENGLISH, fictionalLocaleSchema, loadFictionalLocale, type FictionalLocale } from './locale.ts';
import { locateSubstitutes } from './match.ts';
import { FICTIONAL_KEY_PREFIX, FICTIONAL_STRATEGY } from './names.ts';
import { Persona, onlyCourtesyTitles, tokenizeName } from './person.ts';
import { quantitySubstitute, vagueDuration, vagueQuantity } from './quantities.ts';
import { keyedDigest, fictionalSubkey } from './seed.ts';
import { charAfter, charBefore, containsWords, escapeRegExp, isWordChar, normalizeSurface } from './text.ts';

export { FICTIONAL_KEY_PREFIX, FICTIONAL_STRATEGY };

const MAX_ATTEMPTS = 64;
const MAX_ROUNDS = 64;
/**
 * From this attempt on, an entity that still clashes gets plain keyed tokens ("Person-3f9a2c1b"):
 * one alphanumeric word holds no original and no other substitute, so the search always ends — except
 * for a mention glued to a letter or digit, which a word cannot be found in again: after
 * GLUED_FALLBACK_AFTER tries its token is bracketed ("(Person-3f9a2c1b)").
 */
const FALLBACK_ATTEMPT = 1_000_000;
/** Fallback attempts before the fallback is bracketed (see `fallback`). */
const GLUED_FALLBACK_AFTER = 8;
const DATE_SHIFT_CANDIDATES = 24;

type Kind = 'person' | 'date' | 'quantity' | 'place' | 'organisation' | 'demographic' | 'code' | 'misc';

const KIND_OF_LABEL: Record<string, Kind> = {
  PERSON: 'person', PER: 'person', NAME: 'person',
  DATETIME: 'date', DATE: 'date', TIME: 'date', PERIOD: 'date',
  QUANTITY: 'quantity', MONEY: 'quantity', AGE: 'quantity', PERCENT: 'quantity', NUMBER: 'quantity', CARDINAL: 'quantity', AMOUNT: 'quantity',
  LOC: 'place', LOCATION: 'place', GPE: 'place', ADDRESS: 'place', CITY: 'place', COUNTRY: 'place', POSTCODE: 'code', FAC: 'place',
  ORG: 'organisation', ORGANIZATION: 'organisation', ORGANISATION: 'organisation',
  DEM: 'demographic', NORP: 'demographic', NATIONALITY: 'demographic', OCCUPATION: 'demographic', RELIGION: 'demographic', ETHNICITY: 'demographic',
  CODE: 'code', ID: 'code', EMAIL: 'code', PHONE: 'code', IBAN: 'code', BIC: 'code', CARD: 'code', NATIONAL_ID: 'code', PASSPORT: 'code', URL: 'code', IP: 'code', CASE_NUMBER: 'code', USERNAME: 'code', DEVICE_ID: 'code', VEHICLE_ID: 'code',
};

function kindOf(entityType: string): Kind {
  return KIND_OF_LABEL[placeholderLabel(entityType)] ?? 'misc';
}

/** Identity of an entity for seeds and across a collection: its label and normalized canonical name. */
function entityKeyOf(entity: MaskEntity, kind: Kind): string {
  const label = placeholderLabel(entity.entityType);
  if (kind !== 'person') return `${label}|${entity.canonicalKey}`;
  // Titles do not change who it is: "Mr John Smith" and "John Smith" draw alike.
  const names = tokenizeName(entity.original).filter((t) => t.role === 'given' || t.role === 'surname' || t.role === 'initial');
  return `${label}|${names.map((t) => t.key).join(' ') || entity.canonicalKey}`;
}

/** Kinds whose substitutes are values (a shifted date, an amount, a nationality): two entities of a collection may share one. */
const SHAREABLE_ACROSS_DOCUMENTS: ReadonlySet<Kind> = new Set(['date', 'quantity', 'demographic']);

interface CollectionState {
  /** Normalized substitute → entity key that holds it. */
  owners: Map<string, string>;
}

const collections = new WeakMap<PseudonymSession, CollectionState>();

function collectionOf(session: PseudonymSession): CollectionState {
  let state = collections.get(session);
  if (!state) collections.set(session, (state = { owners: new Map() }));
  return state;
}

interface EntityPlan {
  entity: MaskEntity;
  kind: Kind;
  key: string;
  /** Mention original → substitute. */
  substitutes: Map<string, string>;
}

class DocumentPlanner {
  private readonly originals: string[];
  private readonly exactOriginals: Set<string>;

  constructor(
    private readonly subkey: Buffer,
    private readonly locale: FictionalLocale,
    readonly entities: readonly MaskEntity[],
    private readonly collection: CollectionState | undefined,
    private readonly docId: string | undefined,
  ) {
    const all = entities.flatMap((e) => e.mentions.map((m) => normalizeSurface(m.original)));
    this.exactOriginals = new Set(all);
    this.originals = [...new Set(all)].filter((o) => (o.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3 && !onlyCourtesyTitles(o));
  }

  /**
   * Whether a substitute may be used: it is no original and holds none (`among`: only these
   * originals; others are rewritten later into their own substitutes).
   */
  passesOriginals(substitute: string, among: readonly string[] = this.originals): boolean {
    const normal = normalizeSurface(substitute);
    if (normal === '' || this.exactOriginals.has(normal)) return false;
    return !among.some((o) => o.length <= normal.length && containsWords(normal, o));
  }

  /** The originals (normalized) of the entity that `passesOriginals` checks. */
  ownOriginals(entity: MaskEntity): string[] {
    const own = new Set(entity.mentions.map((m) => normalizeSurface(m.original)));
    return this.originals.filter((o) => own.has(o));
  }

  /**
   * Kept words of a substitute that are another entity's original ("Turkish" in "21,061 Turkish
   * liras", "Kyiv" in "Kyiv Regional Court") written as that entity's substitute, so they stay
   * consistent with it and reveal nothing.
   */
  rewriteOthers(substitute: string, plan: EntityPlan, plans: readonly EntityPlan[]): string {
    const normal = normalizeSurface(substitute);
    const inside = new Set(this.originals.filter((o) => o.length <= normal.length && containsWords(normal, o)));
    if (inside.size === 0) return substitute;
    let rewritten = substitute;
    const others = plans.filter((other) => other !== plan).flatMap((other) => [...other.substitutes]);
    for (const [original, replacement] of others.sort((a, b) => b[0].length - a[0].length)) {
      const key = normalizeSurface(original);
      if (!inside.has(key) || !containsWords(normalizeSurface(rewritten), key)) continue;
      rewritten = rewritten.replace(wordsPattern(original), () => replacement);
    }
    return rewritten;
  }

  /** Substitutes of every mention of the entity at an attempt (not yet checked against the others). */
  render(entity: MaskEntity, attempt: number, shift: DateShift): EntityPlan {
    const kind = kindOf(entity.entityType);
    const key = entityKeyOf(entity, kind);
    // A redrawn date moves by a little more than the document's offset.
    const dates = attempt === 0 ? shift : { days: shift.days + Math.sign(shift.days) * attempt * 97 };
    const draw = new Drawer(this.subkey, this.locale, key, attempt, dates);
    const distinct = [...new Set(entity.mentions.map((m) => m.original))].sort((a, b) => b.length - a.length);
    const persona = kind === 'person' ? new Persona(draw, distinct) : undefined;
    const substitutes = new Map<string, string>();
    for (const original of distinct) {
      substitutes.set(original, attempt >= FALLBACK_ATTEMPT ? this.fallback(entity, original, attempt) : this.substitute(kind, original, draw, persona, entity.subtype, isUntyped(entity.entityType)));
    }
    return { entity, kind, key, substitutes };
  }

  private fallback(entity: MaskEntity, original: string, attempt: number): string {
    const hex = keyedDigest(this.subkey, ['fallback', entityKeyOf(entity, kindOf(entity.entityType)), original, attempt]).toString('hex').slice(0, 8);
    const label = placeholderLabel(entity.entityType).toLowerCase();
    const labelled = `${label.charAt(0).toUpperCase()}${label.slice(1).replace(/_/g, '')}-${hex}`;
    // The label word may itself be one of the entity's originals (a mention reading "PERSON"): then no
    // labelled token could pass the rules, and the keyed digest stands alone.
    const value = this.passesOriginals(labelled, this.ownOriginals(entity)) ? labelled : `#${hex}`;
    // A mention glued to a letter or digit (a span cut inside a word) can only be found again, for restore,
    // if its substitute does not start or end with one: the late fallbacks are bracketed.
    return attempt >= FALLBACK_ATTEMPT + GLUED_FALLBACK_AFTER ? `(${value})` : value;
  }

  private substitute(kind: Kind, original: string, draw: Drawer, persona?: Persona, subtype?: string, untyped = false): string {
    if (persona) return persona.render(original);
    if (kind === 'date') {
      return shiftDates(original, draw.dates, this.locale) ?? quantitySubstitute(original, draw) ?? vagueDuration(original, draw) ?? fictionalDate(randomOf(draw, 'date', original), this.locale);
    }
    if (kind === 'quantity') return quantitySubstitute(original, draw) ?? vagueQuantity(original, draw);
    const identifier = identifierSubstitute(original, draw);
    if (identifier !== undefined) return identifier;
    switch (kind) {
      case 'place':
        return placeSubstitute(original, draw);
      case 'organisation':
        return organisationSubstitute(original, draw);
      case 'code':
        // A user name is its letters ("jdoe_88"), a device's serial number or a vehicle's plate all its characters: all of them
        // are redrawn, where a reference keeps its letters and moves its digits.
        if (subtype === 'VEHICLE_ID') return vehicleSubstitute(original, draw);
        return subtype === 'USERNAME' || subtype === 'DEVICE_ID' ? shapeSubstitute(original, draw) : codeSubstitute(original, draw);
      default:
        if (!/\d/.test(original)) return kind === 'demographic' ? demographicSubstitute(original, draw, subtype) : miscSubstitute(original, draw);
        // Names with a number among them ("Margaret O'Donnell at 12 Baker Street", a merged span), and any words with a
        // number in a span given without a type ("lled from +44 7700 9", cut mid-word: nothing says which of its words are
        // safe to keep): every letter and digit is redrawn, since keeping the words would keep what the span hides.
        if (untyped || (original.match(/\p{Lu}\p{Ll}/gu) ?? []).length > 1) return shapeSubstitute(original, draw);
        // Numbers among words of a typed span ("38th president", "Article 8") move like quantities; a bare code keeps its shape.
        return (/\p{L}{3,}/u.test(original) ? quantitySubstitute(original, draw) : undefined) ?? codeSubstitute(original, draw);
    }
  }

  /** The entity's plan at the first attempt from `from` whose substitutes pass the rules. */
  plan(entity: MaskEntity, from: number, shift: DateShift, taken: ReadonlyMap<string, string>): { plan: EntityPlan; attempt: number } {
    const attempts = Array.from({ length: MAX_ATTEMPTS }, (_, k) => from + k);
    // Out of draws: the keyed tokens.
    if (from < FALLBACK_ATTEMPT) attempts.push(FALLBACK_ATTEMPT + from);
    for (const attempt of attempts) {
      const plan = this.render(entity, attempt, shift);
      const own = this.ownOriginals(entity);
      const ok = [...plan.substitutes.values()].every((s) => {
        if (!this.passesOriginals(s, own)) return false;
        const normal = normalizeSurface(s);
        const owner = taken.get(normal) ?? (SHAREABLE_ACROSS_DOCUMENTS.has(plan.kind) ? undefined : this.collection?.owners.get(normal));
        return owner === undefined || owner === plan.key;
      });
      if (ok) return { plan, attempt };
    }
    throw new Error(`${this.docId ?? 'document'}: no fictional substitute for a ${entity.entityType} entity passes the rules`);
  }

  /** The first candidate offset under which every date passes the rules (else the one with fewest failures). */
  chooseShift(seedBase: string): DateShift {
    const dates = this.entities.filter((e) => kindOf(e.entityType) === 'date');
    let best: { shift: DateShift; failures: number } | undefined;
    for (let i = 0; i < DATE_SHIFT_CANDIDATES; i++) {
      const shift = candidateShift(i, keyedDigest(this.subkey, ['date-shift', seedBase, i]).readUInt32BE(0));
      if (dates.length === 0) return shift;
      const failures = dates.filter((e) => ![...this.render(e, 0, shift).substitutes.values()].every((s) => this.passesOriginals(s))).length;
      if (failures === 0) return shift;
      if (!best || failures < best.failures) best = { shift, failures };
    }
    return (best as { shift: DateShift }).shift;
  }
}

/** A text as whole words, any case and white space (to find an original inside a substitute). */
function wordsPattern(text: string): RegExp {
  const body = text.trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
  const trimmed = text.trim();
  const before = isWordChar(charAfter(trimmed, 0)) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = isWordChar(charBefore(trimmed, trimmed.length)) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}

function randomOf(draw: Drawer, ...parts: string[]): (min: number, max: number) => number {
  const f = draw.faker(...parts);
  return (min, max) => f.number.int({ min, max });
}

/** The fictional strategy in a locale (English by default; see loadFictionalStrategy for others). */
export function createFictionalStrategy(locale: FictionalLocale = ENGLISH): MaskingStrategy {
  return {
    name: FICTIONAL_STRATEGY,
    description: `realistic fictional substitutes of the same kind (faker, ${locale.code}): names, places, organisations, codes with valid checksums, dates shifted by a secret offset; reversible, needs a key`,
    reversible: true,
    needsKey: true,
    apply(text: string, spans: readonly MaskSpan[], context: StrategyContext = {}): StrategyResult {
      if (!context.key) {
        throw new InputError([
          { file: '(key)', docId: context.docId, message: `strategy ${FICTIONAL_STRATEGY} needs a secret key (substitutes are drawn from it, so runs are reproducible and reversible): pass --key-file FILE or set $${KEY_ENV_VARIABLE}` },
        ]);
      }
      return applyFictional(text, spans, context.key, locale, context);
    },
  };
}

export const fictionalStrategy = createFictionalStrategy();

const optionsSchema = z.object({ locale: fictionalLocaleSchema.default('en') }).strict();
export type FictionalOptions = z.input<typeof optionsSchema>;

/** The strategy for options `{locale}` (en, de, fr, es, nl, pl); an unknown key or locale is an InputError naming it. */
export async function loadFictionalStrategy(options: unknown = {}, source = '(options)'): Promise<MaskingStrategy> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i) => ({ file: source, message: `${['fictional', ...i.path].join('.')}: ${i.message}` })));
  }
  return createFictionalStrategy(await loadFictionalLocale(parsed.data.locale));
}

function applyFictional(text: string, spans: readonly MaskSpan[], key: MaskKey, locale: FictionalLocale, context: StrategyContext): StrategyResult {
  const entities = groupEntities(text, mergeSpans(text, spans, context.docId));
  const collection = context.session ? collectionOf(context.session) : undefined;
  const planner = new DocumentPlanner(fictionalSubkey(key), locale, entities, collection, context.docId);
  // One offset per collection (the key alone), else per document (its id, or its text).
  const seedBase = collection ? 'collection' : `doc:${context.docId ?? createHash('sha256').update(text, 'utf8').digest('hex')}`;
  const shift = planner.chooseShift(seedBase);
  const attempts = entities.map(() => 0);

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const taken = new Map<string, string>();
    const drafts = entities.map((entity, i) => {
      const { plan, attempt } = planner.plan(entity, attempts[i], shift, taken);
      attempts[i] = attempt;
      for (const s of plan.substitutes.values()) taken.set(normalizeSurface(s), plan.key);
      return plan;
    });
    // Other entities' originals inside a substitute become their substitutes; then every rule again.
    const clashes = new Set<number>();
    const owners = new Map<string, string>();
    const plans = drafts.map((plan, i) => {
      const substitutes = new Map([...plan.substitutes].map(([original, s]) => [original, planner.rewriteOthers(s, plan, drafts)]));
      for (const s of substitutes.values()) {
        const normal = normalizeSurface(s);
        const owner = owners.get(normal) ?? (SHAREABLE_ACROSS_DOCUMENTS.has(plan.kind) ? undefined : collection?.owners.get(normal));
        if (!planner.passesOriginals(s) || (owner !== undefined && owner !== plan.key)) clashes.add(i);
        owners.set(normal, plan.key);
      }
      return { ...plan, substitutes };
    });
    const result = assemble(text, plans);
    if (clashes.size === 0) for (const i of clashingEntities(result)) clashes.add(i);
    if (clashes.size === 0) {
      if (collection) for (const plan of plans) if (!SHAREABLE_ACROSS_DOCUMENTS.has(plan.kind)) for (const s of plan.substitutes.values()) collection.owners.set(normalizeSurface(s), plan.key);
      return result;
    }
    for (const i of clashes) attempts[i] = round >= MAX_ROUNDS / 2 ? Math.max(attempts[i] + 1, FALLBACK_ATTEMPT) : attempts[i] + 1;
  }
  throw new Error(`${context.docId ?? 'document'}: fictional substitutes still clash with the text after ${MAX_ROUNDS} rounds`);
}

function assemble(text: string, plans: readonly EntityPlan[]): StrategyResult {
  const planned = plans
    .flatMap((plan, index) => plan.entity.mentions.map((mention) => ({ plan, index, mention, substitute: plan.substitutes.get(mention.original) as string })))
    .sort((a, b) => a.mention.start - b.mention.start);
  const parts: string[] = [];
  const replacements: Replacement[] = [];
  const entries = new Map<string, MappingEntry>();
  let cursor = 0;
  let length = 0;
  for (const { plan, index, mention, substitute } of planned) {
    const kept = text.slice(cursor, mention.start);
    parts.push(kept, substitute);
    length += kept.length;
    replacements.push({ start: mention.start, end: mention.end, outputStart: length, outputEnd: length + substitute.length, placeholder: substitute });
    length += substitute.length;
    cursor = mention.end;
    const entry = entries.get(substitute);
    if (entry) entry.occurrences.push(mention.original);
    else {
      entries.set(substitute, {
        placeholder: substitute,
        key: `${FICTIONAL_KEY_PREFIX}${index + 1}`,
        entityType: plan.entity.entityType,
        original: plan.entity.original,
        occurrences: [mention.original],
      });
    }
  }
  parts.push(text.slice(cursor));
  return {
    text: parts.join(''),
    mapping: { kind: 'mapping', version: 1, strategy: FICTIONAL_STRATEGY, reversible: true, entries: [...entries.values()] },
    replacements,
  };
}

/** Entities (indices) whose substitutes the restore search would not find exactly as inserted. */
function clashingEntities(result: StrategyResult): Set<number> {
  const entityOfEntry = result.mapping.entries.map((e) => Number((e.key as string).slice(FICTIONAL_KEY_PREFIX.length)) - 1);
  const entryOf = new Map(result.mapping.entries.map((e, i) => [e.placeholder, i]));
  const inserted = new Map(result.replacements.map((r) => [r.outputStart, r]));
  const clashes = new Set<number>();
  const seen = new Set<number>();
  for (const m of locateSubstitutes(result.text, result.mapping.entries)) {
    const insertion = inserted.get(m.start);
    if (insertion && insertion.outputEnd === m.end && insertion.placeholder === m.text) {
      seen.add(m.start);
      continue;
    }
    clashes.add(entityOfEntry[m.entry]);
    if (insertion) clashes.add(entityOfEntry[entryOf.get(insertion.placeholder) as number]);
  }
  for (const r of result.replacements) if (!seen.has(r.outputStart)) clashes.add(entityOfEntry[entryOf.get(r.placeholder) as number]);
  return clashes;
}
