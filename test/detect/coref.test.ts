import { describe, expect, it } from 'vitest';
import { acronymOf, assignEntities, normalizeSurface, propagateMentions } from '../../src/detect/coref.ts';
import type { DetectedMention } from '../../src/detect/types.ts';

function mentionsOf(text: string, items: [string, string][]): DetectedMention[] {
  let from = 0;
  return items.map(([surface, entityType]) => {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`"${surface}" not in text`);
    from = start + surface.length;
    return { start, end: start + surface.length, entityType, confidence: 0.9, source: 'test' };
  });
}

describe('co-reference', () => {
  it('normalizes titles, articles and spacing', () => {
    expect(normalizeSurface('Mr  Jan Kowalski')).toBe('jan kowalski');
    expect(normalizeSurface('the Supreme Court')).toBe('supreme court');
    expect(acronymOf('Bharatiya Janata Party')).toBe('bjp');
    expect(acronymOf('Court of Cassation')).toBe('cc');
  });
  it('joins full names, surnames and initials of one person but not of two', () => {
    const text = 'Mr Jan Kowalski met Piotr Nowak. Kowalski and J. Kowalski and Nowak and Mr Jan Kowalski and P. Kowalska.';
    const mentions = mentionsOf(text, [
      ['Mr Jan Kowalski', 'PERSON'],
      ['Piotr Nowak', 'PERSON'],
      ['Kowalski', 'PERSON'],
      ['J. Kowalski', 'PERSON'],
      ['Nowak', 'PERSON'],
      ['Mr Jan Kowalski', 'PERSON'],
      ['P. Kowalska', 'PERSON'],
    ]);
    const { entityOf, entityCount } = assignEntities(text, mentions);
    expect(entityOf).toEqual([0, 1, 0, 0, 1, 0, 2]);
    expect(entityCount).toBe(3);
  });
  it('does not join a bare surname shared by two different people', () => {
    const text = 'Jan Kowalski and Piotr Kowalski; Kowalski said';
    const { entityOf } = assignEntities(text, mentionsOf(text, [['Jan Kowalski', 'PERSON'], ['Piotr Kowalski', 'PERSON'], ['Kowalski', 'PERSON']]));
    expect(new Set(entityOf).size).toBe(3);
  });
  it('joins a given name alone to the one full name that opens with it, not to two, nor a given name that is someone\'s surname', () => {
    const one = 'Olena Kovalenko wrote. Thanks, Olena';
    expect(assignEntities(one, mentionsOf(one, [['Olena Kovalenko', 'PERSON'], ['Olena', 'PERSON']])).entityOf).toEqual([0, 0]);
    const two = 'John Smith and John Brown came; John left';
    expect(new Set(assignEntities(two, mentionsOf(two, [['John Smith', 'PERSON'], ['John Brown', 'PERSON'], ['John', 'PERSON']])).entityOf).size).toBe(3);
    const surname = 'Thomas Grant met Anna Thomas; Thomas left';
    const { entityOf } = assignEntities(surname, mentionsOf(surname, [['Thomas Grant', 'PERSON'], ['Anna Thomas', 'PERSON'], ['Thomas', 'PERSON']]));
    expect(entityOf[2]).not.toBe(entityOf[0]);
  });
  it('joins acronyms to organisations and keeps types apart', () => {
    const text = 'the Bharatiya Janata Party (BJP) won; Turkey LOC vs Turkey ORG';
    const { entityOf } = assignEntities(text, mentionsOf(text, [['Bharatiya Janata Party', 'ORG'], ['BJP', 'ORG'], ['Turkey', 'LOC'], ['Turkey', 'ORG']]));
    expect(entityOf).toEqual([0, 0, 1, 2]);
  });
  it('propagates surnames and names to uncovered occurrences', () => {
    const text = 'Mr Jan Kowalski lives in Oslo. Kowalski left Oslo; Kowalskiego is another word.';
    const found = mentionsOf(text, [['Mr Jan Kowalski', 'PERSON'], ['Oslo', 'LOC']]);
    const added = propagateMentions(text, found);
    expect(added.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`)).toEqual(['PERSON:Kowalski', 'LOC:Oslo']);
  });
});
