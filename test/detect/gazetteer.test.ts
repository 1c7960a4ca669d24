import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecognizer } from '../../src/detect/index.ts';
import { createGazetteerLayer, DEFAULT_GAZETTEER_DIR, KeywordMatcher, lowerSameLength, readGazetteerManifest } from '../../src/detect/gazetteer/index.ts';

function matcherOf(terms: [string, 'sensitive' | 'insensitive'][]): KeywordMatcher<string> {
  const m = new KeywordMatcher<string>();
  for (const [term, casePolicy] of terms) m.add({ term, casePolicy, payload: term });
  return m;
}

const surfaces = (m: KeywordMatcher<string>, text: string): string[] => m.match(text).map((x) => text.slice(x.start, x.end));

describe('KeywordMatcher', () => {
  it('matches on word boundaries only, leftmost-longest', () => {
    const m = matcherOf([
      ['bachelor', 'insensitive'],
      ['bachelor of science', 'insensitive'],
      ['art', 'insensitive'],
    ]);
    expect(surfaces(m, 'She holds a Bachelor of Science; the party started.')).toEqual(['Bachelor of Science']);
    expect(surfaces(m, 'a bachelor of arts')).toEqual(['bachelor']);
  });
  it('applies each list its case policy', () => {
    const m = matcherOf([
      ['Turkish', 'sensitive'],
      ['architect', 'insensitive'],
    ]);
    expect(surfaces(m, 'A Turkish architect; turkish ARCHITECT')).toEqual(['Turkish', 'architect', 'ARCHITECT']);
  });
  it('tolerates extra whitespace and keeps UTF-16 offsets with astral characters and İ', () => {
    const m = matcherOf([
      ['ballet dancer', 'insensitive'],
      ['İzmir', 'sensitive'],
    ]);
    const text = '😀 a ballet\n  dancer from İzmir';
    const found = m.match(text);
    expect(found.map((x) => text.slice(x.start, x.end))).toEqual(['ballet\n  dancer', 'İzmir']);
    expect(lowerSameLength('İzmir').length).toBe('İzmir'.length);
  });
  it('scans a long document linearly', () => {
    const m = matcherOf([['paranoid schizophrenia', 'insensitive']]);
    const text = 'The applicant had paranoid schizophrenia. '.repeat(20000);
    const started = performance.now();
    expect(m.match(text)).toHaveLength(20000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('gazetteer layer', () => {
  it('loads every list the manifest names, with the counts it states', () => {
    const manifest = readGazetteerManifest(DEFAULT_GAZETTEER_DIR);
    expect(manifest.lists.length).toBeGreaterThanOrEqual(8);
    for (const list of manifest.lists) {
      const lines = readFileSync(join(DEFAULT_GAZETTEER_DIR, list.file), 'utf8').split('\n').filter((l) => l !== '');
      expect(lines.length, list.file).toBe(list.count);
    }
  });
  it('reads a term in capitals in capitals only, and knows the acronyms of common diagnoses', () => {
    const layer = createGazetteerLayer();
    const text = 'He wears hearing aids and got a ban. She has AIDS, COPD, HIV and COVID-19; a BAN was signed.';
    const mentions = layer.detect({ id: 'd', text });
    const byText = Array.isArray(mentions) ? mentions.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`) : [];
    expect(byText).toEqual(expect.arrayContaining(['DEM:AIDS', 'DEM:COPD', 'DEM:HIV', 'DEM:COVID-19']));
    expect(byText).not.toContain('DEM:aids');
    expect(byText).not.toContain('DEM:ban');
  });
  it('finds DEM, MISC and LOC terms in a TAB-like sentence', () => {
    const layer = createGazetteerLayer();
    const text = 'The applicant, a Polish architect living in Norway, suffered from paranoid schizophrenia and was convicted of robbery.';
    const mentions = layer.detect({ id: 'd', text });
    const byText = Array.isArray(mentions) ? mentions.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`) : [];
    expect(byText).toEqual(expect.arrayContaining(['DEM:Polish', 'DEM:architect', 'LOC:Norway', 'DEM:paranoid schizophrenia', 'MISC:robbery']));
    expect(byText).not.toContain('DEM:applicant');
  });
  it('knows the country abbreviations everyday English writes and the states of the last century', async () => {
    const layer = createGazetteerLayer();
    const text = 'He moved from the U.S. to the UK, then the USA; born in the Soviet Union, she lived in East Germany. US and us are left out.';
    const mentions = await layer.detect({ id: 'd', text });
    expect(mentions.filter((m) => m.subtype === 'COUNTRY').map((m) => text.slice(m.start, m.end))).toEqual(['U.S.', 'UK', 'USA', 'Soviet Union', 'East Germany']);
    // In the whole recognizer they are places, not organisations.
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const found = await recognizer.recognize({ id: 'd', text });
    expect(found.filter((m) => ['U.S.', 'UK', 'Soviet Union'].includes(text.slice(m.start, m.end))).map((m) => m.entityType)).toEqual(['LOC', 'LOC', 'LOC']);
  });
  it('reads a discipline or sport right before an occupation as one occupation', () => {
    const layer = createGazetteerLayer();
    const text = 'A volleyball player and association football goalkeeper, later a history teacher; football, then a player.';
    const mentions = layer.detect({ id: 'd', text });
    const byText = Array.isArray(mentions) ? mentions.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`) : [];
    expect(byText).toEqual(expect.arrayContaining(['DEM:volleyball player', 'DEM:association football goalkeeper', 'DEM:history teacher']));
    // Apart (a comma, other words between), each keeps its own type.
    expect(byText).toEqual(expect.arrayContaining(['MISC:football', 'DEM:player']));
    expect(byText.filter((m) => m.startsWith('DEM:') && m.includes('football,'))).toEqual([]);
  });
});
