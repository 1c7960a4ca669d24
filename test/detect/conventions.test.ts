/**
 * Annotation conventions learned from training data (src/detect/conventions.ts): what the lexicon
 * learns, what it may never drop, the bundled TAB lexicon, and its use by the recognizer and the
 * pipeline. Made-up texts; the rule and gazetteer layers are the real ones.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConventions, buildConventions, createRecognizer, learnJoins, loadConventions, splitJoins, surfaceKey, type ConventionTrainingDocument, type DetectedMention } from '../../src/detect/index.ts';
import { extendCompoundOccupations } from '../../src/detect/context.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { TAB_CONVENTIONS_PATH, buildTabConventions } from '../../scripts/build-conventions.ts';

/** A training document whose recognizer output is every occurrence of `found` (with its type), annotated by `annotators` (surfaces marked). */
function doc(text: string, found: Record<string, string>, annotators: string[][]): ConventionTrainingDocument {
  const spansOf = (surface: string): { start: number; end: number }[] => [...text.matchAll(new RegExp(surface.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => ({ start: m.index, end: m.index + surface.length }));
  return {
    text,
    // A count with its noun is the count rule's ("Two hearings"); the rest any layer's.
    found: Object.entries(found).flatMap(([surface, entityType]) => spansOf(surface).map((s) => ({ ...s, entityType, source: COUNTS.has(surface) ? 'rules:count-phrase' : 'test' }))),
    annotations: annotators.map((marked) => marked.flatMap(spansOf)),
  };
}

const COUNTS = new Set(['Two hearings']);
const TEXT = 'The lawyer wrote to the Court. Police Constable Bolte met Smith. The Court replied in Case 12. Two hearings followed.';
const FOUND = { lawyer: 'DEM', Court: 'ORG', 'Police Constable Bolte': 'DEM', Smith: 'PERSON', 'Case 12': 'QUANTITY', 'Two hearings': 'QUANTITY' };

describe('learning a corpus’s conventions', () => {
  it('lists surfaces found at least 3 times and marked at most 15% of the times, counting every annotator', () => {
    // Two documents, the first with two annotators: "lawyer" is seen 3 times and never marked.
    const corpora = { a: [doc(TEXT, FOUND, [['Bolte', 'Smith'], ['Smith']]), doc(TEXT, FOUND, [['Court', 'Smith']])] };
    const surfaces = buildConventions(corpora).map((s) => s.surface);
    expect(surfaces).toContain('lawyer');
    expect(surfaces).toContain('Two hearings');
    // "Court": found 6 times (twice per annotator), marked in 2 of them.
    expect(surfaces).not.toContain('Court');
    // "Bolte" marked makes "Police Constable Bolte" marked: a name inside a role is never dropped.
    expect(buildConventions({ a: [doc(TEXT, FOUND, [['Bolte']]), doc(TEXT, FOUND, [['Bolte']]), doc(TEXT, FOUND, [[]])] }).map((s) => s.surface)).not.toContain('Police Constable Bolte');
    // Names, and surfaces with a digit, are never learned, however rarely they are marked.
    expect(surfaces).not.toContain('Smith');
    expect(surfaces).not.toContain('Case 12');
    const lawyer = buildConventions(corpora).find((s) => s.surface === 'lawyer');
    expect(lawyer?.seen).toEqual({ a: { found: 3, marked: 0 } });
  });

  it('a surface marked often in any one corpus is kept, and fewer than 3 sightings prove nothing', () => {
    const unmarked = doc(TEXT, FOUND, [[]]);
    const markedLawyer = doc(TEXT, FOUND, [['lawyer']]);
    expect(buildConventions({ a: [unmarked, unmarked, unmarked], b: [markedLawyer] }).map((s) => s.surface)).not.toContain('lawyer');
    expect(buildConventions({ a: [unmarked, unmarked] }).map((s) => s.surface)).not.toContain('lawyer');
    expect(buildConventions({ a: [unmarked, unmarked] }, { minFound: 2 }).map((s) => s.surface)).toContain('lawyer');
  });

  it('whether a join is marked whole: kept from a quarter of the joined spans on, every annotator counted', () => {
    // Two annotators of one document: one marks "Two hearings" whole, the other "Two" alone.
    const half = learnJoins({ a: [doc(TEXT, FOUND, [['Two hearings'], ['Two']])] });
    expect(half.countedNouns).toEqual({ kept: true, seen: { a: { found: 2, marked: 1 } } });
    // One in five over both corpora: the number alone.
    const rarely = learnJoins({ a: [doc(TEXT, FOUND, [['Two'], ['Two']])], b: [doc(TEXT, FOUND, [['Two'], ['Two'], ['Two hearings']])] });
    expect(rarely.countedNouns).toEqual({ kept: false, seen: { a: { found: 2, marked: 0 }, b: { found: 3, marked: 1 } } });
    // A range of years joined by a word: "to" marked by one annotator of two; "1990-1994" has no word to learn from.
    const ranges = 'He served from 1994 to 1996 and 1990-1994.';
    const found = { '1994 to 1996': 'DATETIME', '1990-1994': 'DATETIME' };
    const range = (annotators: string[][]): ConventionTrainingDocument => {
      const d = doc(ranges, found, annotators);
      return { ...d, found: d.found.map((m) => ({ ...m, source: 'rules:year-range' })) };
    };
    expect(learnJoins({ a: [range([['1994 to 1996'], ['1994', '1996']])] }).rangeConnectors).toEqual({ kept: true, seen: { a: { found: 2, marked: 1 } } });
    expect(learnJoins({ a: [range([['1994', '1996']])] }).rangeConnectors).toEqual({ kept: false, seen: { a: { found: 1, marked: 0 } } });
  });

  it('one surface with or without its article and possessive', () => {
    expect(surfaceKey('the Court’s')).toBe('Court');
    expect(surfaceKey("The Court's")).toBe('Court');
    expect(surfaceKey('Court')).toBe('Court');
    expect(surfaceKey('Theft Act')).toBe('Theft Act');
  });
});

describe('applying them', () => {
  const lexicon = { name: 't', unmarked: new Set(['Court', 'Smith', 'lawyer']), joins: { countedNouns: true, compoundOccupations: true, rangeConnectors: true } };
  const at = (text: string, surface: string, entityType: string): DetectedMention => {
    const start = text.indexOf(surface);
    return { start, end: start + surface.length, entityType, confidence: 0.8, source: 'test' };
  };

  it('drops listed surfaces of the droppable types only', () => {
    const text = 'The Court’s lawyer, Smith, and the lawyers.';
    const mentions = [at(text, 'The Court’s', 'ORG'), at(text, 'lawyer', 'DEM'), at(text, 'Smith', 'PERSON'), at(text, 'lawyers', 'DEM')];
    expect(applyConventions(text, mentions, lexicon).map((m) => text.slice(m.start, m.end))).toEqual(['Smith', 'lawyers']);
  });

  it('joins not kept go in their parts: "three hearings" → "three", "between 1982 and 1984" → two years; a span a user required stays whole', () => {
    const text = 'He had three hearings and 86 appearances between 1982 and 1984, in 1990-1994.';
    const count = { ...at(text, 'three hearings', 'QUANTITY'), source: 'rules:count-phrase' };
    const range = { ...at(text, 'between 1982 and 1984', 'DATETIME'), source: 'rules:year-range', subtype: 'PERIOD' };
    const dashed = { ...at(text, '1990-1994', 'DATETIME'), source: 'rules:year-range', subtype: 'PERIOD' };
    const mentions = [count, at(text, '86 appearances', 'QUANTITY'), { ...count, required: true }, range, dashed];
    const split = (kept: { countedNouns: boolean; compoundOccupations: boolean; rangeConnectors: boolean }): string[] => splitJoins(text, mentions, kept).map((m) => `${m.subtype ?? ''}:${text.slice(m.start, m.end)}`);
    expect(split({ countedNouns: false, compoundOccupations: false, rangeConnectors: false })).toEqual([':three', ':86 appearances', ':three hearings', 'DATE:1982', 'DATE:1984', 'PERIOD:1990-1994']);
    expect(split({ countedNouns: true, compoundOccupations: true, rangeConnectors: true })).toEqual([':three hearings', ':86 appearances', ':three hearings', 'PERIOD:between 1982 and 1984', 'PERIOD:1990-1994']);
  });

  it('a merged mention that kept another layer\'s source is split when the join\'s rule found the same span', () => {
    const text = 'He made four appearances and scored 12 goals.';
    // The merge kept the neural layer's source over the count rule's; "12 goals" only the neural layer found.
    const neural = { ...at(text, 'four appearances', 'QUANTITY'), source: 'neural:test' };
    const goals = { ...at(text, '12 goals', 'QUANTITY'), source: 'neural:test' };
    const raw = [neural, { ...neural, source: 'rules:count-phrase' }, goals];
    const kept = { countedNouns: false, compoundOccupations: false, rangeConnectors: false };
    expect(splitJoins(text, [neural, goals], kept, raw).map((m) => `${m.source}:${text.slice(m.start, m.end)}`)).toEqual(['neural:test:four', 'neural:test:12 goals']);
    expect(splitJoins(text, [neural, goals], kept).map((m) => text.slice(m.start, m.end))).toEqual(['four appearances', '12 goals']);
  });

  it('the bundled TAB lexicon: court bodies, roles and penalties, no name, date or number', () => {
    const tab = loadConventions('tab');
    // TAB's annotators mark a count's noun often enough ("three hearings"), and a range's connector.
    expect(tab.joins).toEqual({ countedNouns: true, compoundOccupations: false, rangeConnectors: true });
    for (const surface of ['European Commission of Human Rights', 'lawyer', 'public prosecutor', 'imprisonment', 'Court']) expect(tab.unmarked.has(surface), surface).toBe(true);
    for (const surface of tab.unmarked) expect(surface, surface).not.toMatch(/\d/);
    expect(tab.unmarked.size).toBeGreaterThan(100);
  });

  it('a malformed lexicon fails with its file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conventions-'));
    const file = join(dir, 'bad.json');
    const joinSeen = { kept: true, seen: {} };
    writeFileSync(file, JSON.stringify({ description: 'x', built: { corpora: {}, minFound: 3, maxMarkedShare: 0.15, recognizer: 'r' }, surfaces: [{ surface: 'a', seen: {}, extra: 1 }], joins: { countedNouns: joinSeen, rangeConnectors: joinSeen } }));
    expect(() => loadConventions(file)).toThrow(/bad\.json.*surfaces\.0/s);
    expect(() => loadConventions(join(dir, 'missing.json'))).toThrow(/missing\.json.*cannot read/s);
    // Only the bundled names are names: anything else is a file ("toString" is not an inherited key).
    expect(() => loadConventions('toString')).toThrow(/toString.*cannot read/s);
    // A lexicon built before a join existed loads, and that join is as it is without a lexicon.
    const older = join(dir, 'older.json');
    writeFileSync(older, JSON.stringify({ description: 'x', built: { corpora: {}, minFound: 3, maxMarkedShare: 0.15, recognizer: 'r' }, surfaces: [], joins: { countedNouns: joinSeen, rangeConnectors: joinSeen } }));
    expect(loadConventions(older).joins).toEqual({ countedNouns: true, compoundOccupations: true, rangeConnectors: true });
  });
});

describe('the recognizer and the pipeline follow TAB’s conventions by default', () => {
  const text = 'The lawyer of Mr Jan Kowalski wrote to the European Commission of Human Rights on 3 May 1990.';
  const surfaces = (spans: readonly { start: number; end: number }[]): string[] => spans.map((m) => text.slice(m.start, m.end));

  it('drops what TAB’s annotators do not mark; `none` keeps it', async () => {
    const tab = surfaces(await (await createRecognizer({ layers: ['rules', 'gazetteers'] })).recognize({ id: 'd', text }));
    const none = surfaces(await (await createRecognizer({ layers: ['rules', 'gazetteers'], conventions: 'none' })).recognize({ id: 'd', text }));
    expect(none).toEqual(expect.arrayContaining(['lawyer', 'European Commission of Human Rights']));
    expect(tab).not.toContain('lawyer');
    expect(tab).not.toContain('European Commission of Human Rights');
    // What is kept is the same either way.
    expect(tab).toEqual(none.filter((s) => s !== 'lawyer' && s !== 'European Commission of Human Rights'));
    expect(tab).toEqual(expect.arrayContaining(['Mr Jan Kowalski', '3 May 1990']));
  });

  it('a count keeps its noun and a range its connector where TAB\'s conventions do; without conventions the parts stand alone', async () => {
    const counts = 'He had three sons and made 86 appearances between 1982 and 1984.';
    const found = async (options: { conventions?: string; joins?: { countedNouns?: boolean; rangeConnectors?: boolean } }): Promise<string[]> =>
      (await (await createRecognizer({ layers: ['rules', 'gazetteers'], ...options })).recognize({ id: 'd', text: counts })).map((m) => counts.slice(m.start, m.end));
    expect(await found({})).toEqual(['three sons', '86 appearances', 'between 1982 and 1984']);
    expect(await found({ conventions: 'none' })).toEqual(['three', '86', '1982', '1984']);
    expect(await found({ conventions: 'none', joins: { countedNouns: true } })).toEqual(['three sons', '86 appearances', '1982', '1984']);
  });

  it('an occupation takes a modifier that opens the list\'s compounds; TAB\'s conventions split it off again, without conventions it stays', async () => {
    const text = 'She was a television producer and the prison governor met a jazz singer.';
    const found = async (options: { conventions?: string; joins?: { compoundOccupations?: boolean } }): Promise<string[]> =>
      (await (await createRecognizer({ layers: ['rules', 'gazetteers'], ...options })).recognize({ id: 'd', text })).map((m) => text.slice(m.start, m.end));
    expect(await found({ conventions: 'none' })).toEqual(['television producer', 'prison governor', 'jazz singer']);
    expect(await found({ conventions: 'none', joins: { compoundOccupations: false } })).toEqual(['producer', 'governor', 'singer']);
    // A member of a body is a role the biographies mark ("a member of the county council"), which TAB's annotators do not.
    const council = 'He was a member of Kilkenny County Council.';
    const roles = async (conventions: string): Promise<string[]> =>
      (await (await createRecognizer({ layers: ['rules', 'gazetteers'], conventions })).recognize({ id: 'd', text: council })).filter((m) => m.entityType === 'DEM').map((m) => council.slice(m.start, m.end));
    expect(await roles('none')).toEqual(['member']);
    expect(await roles('tab')).toEqual([]);
    // TAB learned the split (its annotators mark the modifier 10 times in 80); its lexicon then drops the roles it does not mark.
    expect(loadConventions('tab').joins.compoundOccupations).toBe(false);
    expect(await found({})).toEqual(['governor', 'singer']);
    // The neural layer's occupation has no subtype: the list's word is enough ("jazz singer/pianist").
    const duet = 'a duet with jazz singer/pianist Patricia Barber';
    const singer = { start: duet.indexOf('singer'), end: duet.indexOf('/'), entityType: 'DEM', confidence: 0.7, source: 'neural:test' };
    expect(extendCompoundOccupations(duet, [singer]).map((m) => duet.slice(m.start, m.end))).toEqual(['jazz singer']);
    // A shared role's prefix too, split off again like a modifier.
    const cofounder = 'He is the co-founder of a firm.';
    const founder = { start: cofounder.indexOf('founder'), end: cofounder.indexOf(' of'), entityType: 'DEM', subtype: 'OCCUPATION', confidence: 0.6, source: 'gazetteers:dem-occupations' };
    const [compound] = extendCompoundOccupations(cofounder, [founder]);
    expect(cofounder.slice(compound.start, compound.end)).toBe('co-founder');
    expect(splitJoins(cofounder, [compound], { countedNouns: false, compoundOccupations: false, rangeConnectors: false }).map((m) => cofounder.slice(m.start, m.end))).toEqual(['founder']);
    // Not over a mention before it, nor a word the list's compounds do not open.
    const other = 'he met a talented singer';
    const plain = { start: other.indexOf('singer'), end: other.length, entityType: 'DEM', subtype: 'OCCUPATION', confidence: 0.7, source: 'gazetteers:dem-occupations' };
    expect(extendCompoundOccupations(other, [plain])).toEqual([plain]);
  });

  it('the pipeline: `detect.conventions` takes none or a lexicon file, and a bad one fails before any document', async () => {
    const layers = { rules: true, gazetteers: true, neural: false } as const;
    const run = async (conventions?: string): Promise<string[]> => {
      const pipeline = await createPipeline({ detect: { layers, ...(conventions ? { conventions } : {}) } }, { file: 'p.yaml', env: {} });
      return surfaces((await pipeline.runOne({ id: 'd', text })).mentions);
    };
    expect(await run()).not.toContain('lawyer');
    expect(await run('none')).toContain('lawyer');
    await expect(createPipeline({ detect: { layers, conventions: './no-such-lexicon.json' } }, { file: 'p.yaml', env: {} })).rejects.toThrow(/p\.yaml.*detect\.conventions.*no-such-lexicon\.json/s);
    await expect(createPipeline({ detect: { given: 'gold', conventions: 'none' } }, { file: 'p.yaml', env: {} })).rejects.toThrow(/conventions/);
  });
});

describe.skipIf(!process.env.SANITEXT_DATA_DIR)('the committed TAB lexicon', () => {
  it('is what scripts/build-conventions.ts learns from the TAB training files with today’s recognizer (rebuild it when detection changes)', async () => {
    expect(await buildTabConventions(process.env.SANITEXT_DATA_DIR ?? '')).toBe(readFileSync(TAB_CONVENTIONS_PATH, 'utf8'));
  }, 120_000);
});
