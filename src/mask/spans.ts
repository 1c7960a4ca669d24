/**
 * Span preparation and the overlap policy, shared by every strategy:
 *  - spans labelled NO_MASK stay in clear text;
 *  - offsets must be integers with 0 ≤ start ≤ end ≤ text length (else InputError);
 *  - a boundary inside a surrogate pair is widened to the whole character, so no output holds half
 *    an astral character;
 *  - empty spans are dropped;
 *  - overlapping or nested spans are merged into their union (a chain of overlaps becomes one
 *    span), so no part of a span to mask is left in clear; touching spans stay separate;
 *  - a merged span takes the entity (id, type, subtype) of its longest member, ties to the earliest.
 */
import { InputError } from '../corpus/index.ts';
import type { EntityMention, MaskEntity, MaskSpan } from './types.ts';

/** Used when a span has no entity type. */
export const DEFAULT_ENTITY_TYPE = 'ENTITY';

/** Whether a span came without a type: ours (DEFAULT_ENTITY_TYPE) or a TAB file's masked span without one (`UNKNOWN`). */
export function isUntyped(entityType: string): boolean {
  const type = entityType.toUpperCase();
  return type === DEFAULT_ENTITY_TYPE || type === 'UNKNOWN';
}

export interface MergedSpan {
  start: number;
  end: number;
  entityId?: string;
  entityType: string;
  subtype?: string;
}

/** Surface normalization for entity identity: NFKC, lower case, collapsed whitespace. */
export function normalizeSurface(surface: string): string {
  return surface.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Moves an offset that splits a surrogate pair to the pair's start (for starts) or end (for ends). */
function widen(text: string, offset: number, side: 'start' | 'end'): number {
  if (offset <= 0 || offset >= text.length) return offset;
  const splitsPair = isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
  if (!splitsPair) return offset;
  return side === 'start' ? offset - 1 : offset + 1;
}

/** Applies the policy above; the result is sorted and non-overlapping. */
export function mergeSpans(text: string, spans: readonly MaskSpan[], docId?: string): MergedSpan[] {
  const problems = spans.flatMap((s, i) =>
    Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length
      ? []
      : [{ file: '(spans)', docId, message: `span #${i} [${s.start}, ${s.end}) is not a range inside the text (length ${text.length})` }],
  );
  if (problems.length > 0) throw new InputError(problems);

  const kept = spans
    .map((s, index) => ({ span: s, index, start: widen(text, s.start, 'start'), end: widen(text, s.end, 'end') }))
    .filter((s) => s.span.label !== 'NO_MASK' && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index);

  const merged: MergedSpan[] = [];
  let group: typeof kept = [];
  let reach = -1;
  const flush = (): void => {
    if (group.length === 0) return;
    // The longest member names the entity; sort is stable, so ties keep the earliest member.
    const owner = [...group].sort((a, b) => b.end - b.start - (a.end - a.start))[0];
    merged.push({
      start: group[0].start,
      end: reach,
      entityId: owner.span.entityId,
      entityType: owner.span.entityType || DEFAULT_ENTITY_TYPE,
      ...(owner.span.subtype ? { subtype: owner.span.subtype } : {}),
    });
    group = [];
  };
  for (const s of kept) {
    if (s.start >= reach) flush();
    group.push(s);
    reach = Math.max(reach, s.end);
  }
  flush();
  return merged;
}

/** Groups merged spans into entities: by entityId when given, else by type and normalized surface. */
export function groupEntities(text: string, merged: readonly MergedSpan[]): MaskEntity[] {
  const byKey = new Map<string, MaskEntity>();
  for (const span of merged) {
    const original = text.slice(span.start, span.end);
    const normalized = normalizeSurface(original);
    const groupKey = span.entityId !== undefined && span.entityId !== '' ? `id:${span.entityId}` : `surface:${span.entityType}|${normalized}`;
    const mention: EntityMention = { start: span.start, end: span.end, original };
    const entity = byKey.get(groupKey);
    if (!entity) {
      byKey.set(groupKey, { groupKey, entityType: span.entityType, ...(span.subtype ? { subtype: span.subtype } : {}), canonicalKey: normalized, original, mentions: [mention] });
      continue;
    }
    entity.mentions.push(mention);
    // The longest mention is the canonical one ("Michael Linder" rather than "Linder").
    if (original.length > entity.original.length) {
      entity.original = original;
      entity.canonicalKey = normalized;
      entity.entityType = span.entityType;
      if (span.subtype) entity.subtype = span.subtype;
      else delete entity.subtype;
    }
  }
  return [...byKey.values()];
}
