/**
 * Lists of works and of places after their kind (issue 13, types right): each item one MISC or LOC mention,
 * whatever type the layers gave its pieces. Mentions are given as the layers would emit them.
 */
import { describe, expect, it } from 'vitest';
import type { DetectedMention } from '../../src/detect/index.ts';
import { typeKindLists } from '../../src/detect/kind-lists.ts';

/** Mentions over each surface in order (each searched after the previous one). */
function mentionsOf(text: string, parts: Array<[string, string]>, source = 'neural:minibert-tab-ner'): DetectedMention[] {
  let from = 0;
  return parts.map(([surface, entityType]) => {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`"${surface}" not in text after ${from}`);
    from = start + surface.length;
    return { start, end: from, entityType, confidence: 0.7, source };
  });
}
const shown = (text: string, ms: readonly DetectedMention[]): string[] => ms.map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);

describe('a list of works after its kind', () => {
  it('reads the kind with a clause about the works and a colon before the list, and "included"; the same title later is the work', () => {
    const text =
      'She is remembered for three popular stage plays produced between 1897 and 1906: Way Down East, Under Southern Skies and The Redemption of David Corson. Of the three, Way Down East was the most successful.';
    const ms = mentionsOf(text, [['Way Down East', 'LOC'], ['Under', 'MISC'], ['Southern Skies and The Redemption of David Corson', 'PERSON']]);
    const later = text.lastIndexOf('Way Down East');
    ms.push({ start: later, end: later + 'Way Down East'.length, entityType: 'LOC', confidence: 0.7, source: 'neural:minibert-tab-ner' });
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Way Down East', 'MISC:Under Southern Skies and The Redemption of David Corson', 'MISC:Way Down East']);
    const roles = 'His roles in animated series and films included ALF Tales, Rock & Rule, Babar and Rupert.';
    const parts = mentionsOf(roles, [['ALF Tales', 'ORG'], ['Rock & Rule', 'ORG'], ['Babar', 'PERSON'], ['Rupert', 'PERSON']]);
    expect(shown(roles, typeKindLists(roles, parts))).toEqual(['MISC:ALF Tales', 'MISC:Rock & Rule', 'MISC:Babar', 'MISC:Rupert']);
    // A sentence between the kind and the colon is no clause about the works.
    const apart = 'He sang songs. His favourite teams were these: Leeds, Hull and York.';
    const teams = mentionsOf(apart, [['Leeds', 'ORG'], ['Hull', 'ORG'], ['York', 'ORG']]);
    expect(shown(apart, typeKindLists(apart, teams))).toEqual(['ORG:Leeds', 'ORG:Hull', 'ORG:York']);
  });

  it('takes a title in sentence case to the comma before the next item, not the words after the last item', () => {
    const text = 'She has released 11 albums, including Sans plus attendre, À Tâtons, Toujours Moi and Jardin Secret were made in Paris.';
    const ms = mentionsOf(text, [['Sans', 'MISC'], ['À Tâtons', 'PERSON'], ['Toujours Moi', 'ORG'], ['Jardin Secret', 'ORG'], ['Paris', 'LOC']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Sans plus attendre', 'MISC:À Tâtons', 'MISC:Toujours Moi', 'MISC:Jardin Secret', 'LOC:Paris']);
  });

  it('joins the pieces of one title after its kind and "called"', () => {
    const text = 'He appeared on another tribute album called Hurry Home Early: the Songs of Warren Zevon, issued by Wampus Multimedia.';
    const ms = mentionsOf(text, [['Hurry Home Early', 'ORG'], ['Songs of Warren Zevon', 'MISC'], ['Wampus Multimedia', 'ORG']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Hurry Home Early: the Songs of Warren Zevon', 'ORG:Wampus Multimedia']);
  });

  it('types every item MISC and joins the pieces of one title, its article included', () => {
    const text = 'She wrote the films Bad Dreams, Threesome, The Craft, Hamlet 2 and Nancy Drew, and appeared in Paris.';
    const ms = mentionsOf(text, [['Bad Dreams', 'MISC'], ['Threesome', 'QUANTITY'], ['Craft', 'LOC'], ['Hamlet', 'PERSON'], ['2', 'QUANTITY'], ['Nancy Drew', 'PERSON'], ['Paris', 'LOC']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Bad Dreams', 'MISC:Threesome', 'MISC:The Craft', 'MISC:Hamlet 2', 'MISC:Nancy Drew', 'LOC:Paris']);
  });

  it('takes small words and an ellipsis inside a title, a bracket after an album count, and years in brackets', () => {
    const text = 'He appeared in the television series Married... with Children, Tales from the Crypt and Roseanne.';
    const ms = mentionsOf(text, [['Married', 'MISC'], ['Children', 'MISC'], ['Tales', 'MISC'], ['Crypt', 'LOC'], ['Roseanne', 'LOC']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Married... with Children', 'MISC:Tales from the Crypt', 'MISC:Roseanne']);
    const albums = "He played on Mould's last five albums (Silver Age, Beauty & Ruin, Patch the Sky).";
    const am = mentionsOf(albums, [['Mould', 'PERSON'], ['Silver Age', 'MISC'], ['Beauty & Ruin', 'PERSON'], ['Patch the Sky', 'PERSON']]);
    expect(shown(albums, typeKindLists(albums, am))).toEqual(['PERSON:Mould', 'MISC:Silver Age', 'MISC:Beauty & Ruin', 'MISC:Patch the Sky']);
    const years = 'She starred in the films Threesome (1994), The Craft (1996) and Dick (1999) with John Smith.';
    const ym = mentionsOf(years, [['Threesome', 'QUANTITY'], ['1994', 'DATETIME'], ['Craft', 'LOC'], ['1996', 'DATETIME'], ['Dick', 'PERSON'], ['1999', 'DATETIME'], ['John Smith', 'PERSON']]);
    expect(shown(years, typeKindLists(years, ym))).toEqual(['MISC:Threesome', 'DATETIME:1994', 'MISC:The Craft', 'DATETIME:1996', 'MISC:Dick', 'DATETIME:1999', 'PERSON:John Smith']);
  });

  it('leaves one title, a singular kind, a verb of the same spelling, the names after the list, and a user\'s mention alone', () => {
    const one = 'She starred in the films Threesome in 1994.';
    const om = mentionsOf(one, [['Threesome', 'QUANTITY'], ['1994', 'DATETIME']]);
    expect(shown(one, typeKindLists(one, om))).toEqual(['QUANTITY:Threesome', 'DATETIME:1994']);
    const verb = 'He plays Chelsea, Arsenal and Everton this month.';
    const vm = mentionsOf(verb, [['Chelsea', 'ORG'], ['Arsenal', 'ORG'], ['Everton', 'ORG']]);
    expect(shown(verb, typeKindLists(verb, vm))).toEqual(['ORG:Chelsea', 'ORG:Arsenal', 'ORG:Everton']);
    // The item after "and" is the last: "London" after it is no title.
    const after = 'the albums Silver Age and Beauty & Ruin, London, 1990';
    const am = mentionsOf(after, [['Silver Age', 'ORG'], ['Beauty & Ruin', 'PERSON'], ['London', 'LOC']]);
    expect(shown(after, typeKindLists(after, am))).toEqual(['MISC:Silver Age', 'MISC:Beauty & Ruin', 'LOC:London']);
    const user = 'the films Threesome, Dick';
    const um = mentionsOf(user, [['Threesome', 'QUANTITY'], ['Dick', 'PERSON']]);
    um[1] = { ...um[1], required: true };
    expect(shown(user, typeKindLists(user, um))).toEqual(['QUANTITY:Threesome', 'PERSON:Dick']);
  });

  it('joins the pieces of one title after its kind in the singular; not a compound ("opera singer"), a date or a known place', () => {
    const novel = 'His 1962 novel The Man in the High Castle earned Dick acclaim.';
    const nm = mentionsOf(novel, [['1962', 'DATETIME'], ['Man', 'MISC'], ['High Castle', 'LOC'], ['Dick', 'PERSON']]);
    expect(shown(novel, typeKindLists(novel, nm))).toEqual(['DATETIME:1962', 'MISC:The Man in the High Castle', 'PERSON:Dick']);
    const singer = 'He married the opera singer Elisabeth Röckel in 1813.';
    const sm = mentionsOf(singer, [['singer', 'DEM'], ['Elisabeth Röckel', 'PERSON'], ['1813', 'DATETIME']]);
    expect(shown(singer, typeKindLists(singer, sm))).toEqual(['DEM:singer', 'PERSON:Elisabeth Röckel', 'DATETIME:1813']);
    const paris = 'She starred in the films Bad Dreams in Paris and Threesome.';
    const pm = mentionsOf(paris, [['Bad Dreams', 'MISC'], ['Paris', 'LOC'], ['Threesome', 'QUANTITY']]);
    const listed: DetectedMention = { ...pm[1], source: 'gazetteers:loc-cities' };
    expect(shown(paris, typeKindLists(paris, pm, [listed]))).toEqual(['MISC:Bad Dreams', 'LOC:Paris', 'QUANTITY:Threesome']);
  });

  it('reads "such … programs as" and ", including" before a list', () => {
    const text = 'He appeared on such CBC Radio programs as CBC Playhouse, Nightfall, Vanishing Point and others.';
    const ms = mentionsOf(text, [['CBC Radio', 'ORG'], ['CBC Playhouse', 'ORG'], ['Nightfall', 'MISC'], ['Vanishing Point', 'ORG']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['ORG:CBC Radio', 'MISC:CBC Playhouse', 'MISC:Nightfall', 'MISC:Vanishing Point']);
    const albums = 'She has released 11 albums, including Silver Age, Beauty & Ruin and Patch the Sky.';
    const am = mentionsOf(albums, [['11 albums', 'QUANTITY'], ['Silver Age', 'ORG'], ['Beauty & Ruin', 'PERSON'], ['Patch the Sky', 'PERSON']]);
    expect(shown(albums, typeKindLists(albums, am))).toEqual(['QUANTITY:11 albums', 'MISC:Silver Age', 'MISC:Beauty & Ruin', 'MISC:Patch the Sky']);
  });

  it('reads a list of places after their kind in the plural: LOC item by item, a listed place kept as the list gave it', () => {
    const text = 'The county has seven townships: Albion, Bedford, Clarence, Convis, and Sheridan, on 3 May 1990.';
    const ms = mentionsOf(text, [['Albion', 'LOC'], ['Bedford', 'LOC'], ['Clarence', 'PERSON'], ['Convis', 'ORG'], ['Sheridan', 'PERSON'], ['3 May 1990', 'DATETIME']]);
    ms[1] = { ...ms[1], subtype: 'CITY', source: 'gazetteers:loc-cities' };
    const listed = typeKindLists(text, ms);
    expect(shown(text, listed)).toEqual(['LOC:Albion', 'LOC:Bedford', 'LOC:Clarence', 'LOC:Convis', 'LOC:Sheridan', 'DATETIME:3 May 1990']);
    expect(listed[1]).toBe(ms[1]);
    // A figure in the list ends it; small words do not join places.
    const cut = 'the cities like Pokhara, 1990, Lumbini in Nepal';
    const cm = mentionsOf(cut, [['Pokhara', 'ORG'], ['1990', 'DATETIME'], ['Lumbini', 'PERSON'], ['Nepal', 'LOC']]);
    expect(shown(cut, typeKindLists(cut, cm))).toEqual(['ORG:Pokhara', 'DATETIME:1990', 'PERSON:Lumbini', 'LOC:Nepal']);
  });

  it('joins no pieces over a line break: an item stays on its line', () => {
    const text = 'the films Bad Dreams, Tales\nCrypt, and The\nCraft';
    const ms = mentionsOf(text, [['Bad Dreams', 'MISC'], ['Tales', 'MISC'], ['Crypt', 'LOC'], ['Craft', 'LOC']]);
    expect(shown(text, typeKindLists(text, ms))).toEqual(['MISC:Bad Dreams', 'MISC:Tales', 'LOC:Crypt', 'LOC:Craft']);
  });
});
