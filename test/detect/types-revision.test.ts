/**
 * Types right, not only spans (issue 13): the recognizer's type decisions after merging. Small
 * made-up texts; the rule and gazetteer layers are the real ones, and neural-layer mentions are given
 * as the neural layer would emit them (source `neural:…`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createGazetteerLayer, createRecognizer, createRuleLayer, propagateMentions, refineMentions, resolveMentions, type DetectedMention, type Recognizer } from '../../src/detect/index.ts';
import { applyRule, NAME_RULES } from '../../src/detect/rules/index.ts';
import { GIVEN_NAMES, PLACE_NAMES, reviseTypes } from '../../src/detect/type-revision.ts';

let recognizer: Recognizer;
beforeAll(async () => {
  recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
});

/** "TYPE:surface" of every mention the rule and gazetteer recognizer finds. */
async function typed(text: string): Promise<string[]> {
  return (await recognizer.recognize({ id: 'd', text })).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);
}

/** A neural-layer PERSON over `surface` (its first occurrence). */
function neuralPerson(text: string, surface: string): DetectedMention {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`"${surface}" not in text`);
  return { start, end: start + surface.length, entityType: 'PERSON', confidence: 0.8, source: 'neural:minibert-tab-ner' };
}

/** The revised type of a neural-layer ORG over `surface`. */
const neuralOrg = (text: string, surface: string): string => {
  const start = text.indexOf(surface);
  const m: DetectedMention = { start, end: start + surface.length, entityType: 'ORG', confidence: 0.7, source: 'neural:minibert-tab-ner' };
  return reviseTypes(text, [m], [m])[0].entityType;
};

/** The revised type of a capitalized run over `surface` that the rules called a person, with no other layer's word. */
const capitalizedRunType = (text: string, surface: string): string => {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`"${surface}" not in text`);
  const run: DetectedMention = { start, end: start + surface.length, entityType: 'PERSON', confidence: 0.5, source: 'rules:capitalized-sequence' };
  return reviseTypes(text, [run], [run])[0].entityType;
};

const typeOf = (text: string, surface: string): string => {
  const m = neuralPerson(text, surface);
  return reviseTypes(text, [m], [m])[0].entityType;
};

describe('a capitalized run is a person only with evidence for one', () => {
  it('an organisation named by capitalized words alone is no PERSON; a name with a known given name is', async () => {
    expect(await typed('The claim was sent to the Inland Revenue on 3 May 2001.')).toContain('ORG:Inland Revenue');
    expect(await typed('The form was signed by Margaret Kowalczyk yesterday.')).toContain('PERSON:Margaret Kowalczyk');
    // A title, and a bare surname of a person named in full earlier.
    expect(await typed('The applicant, Mr Zdzisław Wróblewski, appealed. Wróblewski lost.')).toEqual(['PERSON:Mr Zdzisław Wróblewski', 'PERSON:Wróblewski']);
  });

  it('faker supplies the given names and the places (states, counties) that are not evidence of a person', () => {
    for (const name of ['Margaret', 'Piotr', 'Agnieszka', 'Mehmet']) expect(GIVEN_NAMES.has(name), name).toBe(true);
    // "Georgia" is a state before it is a given name; everyday words are not names.
    expect(GIVEN_NAMES.has('Georgia')).toBe(false);
    expect(GIVEN_NAMES.has('Will')).toBe(false);
    expect(PLACE_NAMES.has('Maryland')).toBe(true);
  });

  it('works, awards, offices, teams and places that the rules call PERSON get their type', async () => {
    expect(await typed('It was released on the album Patch the Sky in 2014.')).toContain('MISC:Patch the Sky');
    expect(await typed('She won the Gruen Trophy twice.')).toContain('MISC:Gruen Trophy');
    // Tournaments and shows by their head noun (WikiNEuRal validation: MISC every time).
    expect(await typed('They lost in the French Open final and won the Shanghai Rolex Masters.')).toEqual(expect.arrayContaining(['MISC:French Open', 'MISC:Shanghai Rolex Masters']));
    expect(await typed('She was a guest on The Ellen DeGeneres Show in 2005.')).toContain('MISC:The Ellen DeGeneres Show');
    // An award's category after "category", "for", "won" ("Best Art Direction"); not a firm elsewhere.
    expect(capitalizedRunType('Nominated in the category Best Art Direction.', 'Best Art Direction')).toBe('MISC');
    expect(capitalizedRunType('We shopped at Best Buy.', 'Best Buy')).not.toBe('MISC');
    // A country or nationality and "national (football) team" after it: one organisation.
    expect(await typed('He played for the Myanmar national football team, the Iranian national team and Brazil national under-21 side.')).toEqual(
      expect.arrayContaining(['ORG:Myanmar national football team', 'ORG:Iranian national team', 'ORG:Brazil national under-21 side']),
    );
    // Contests and medals too.
    expect(await typed('She won the USA Songwriting Competition and the Boston Marathon, and a Congressional Gold Medal.')).toEqual(
      expect.arrayContaining(['MISC:USA Songwriting Competition', 'MISC:Boston Marathon', 'MISC:Congressional Gold Medal']),
    );
    expect(await typed('The club was severely damaged by Hurricane Katrina in 2005.')).toContain('MISC:Hurricane Katrina');
    expect(await typed('In 2015 he became Minister of Education.')).toContain('DEM:Minister of Education');
    expect(await typed('He later joined the Seattle Seahawks.')).toContain('ORG:Seattle Seahawks');
    expect(await typed('She was born in Baltimore, Maryland, in 1958.')).toContain('LOC:Maryland');
  });

  it('a neural PERSON keeps its type unless its words or context say otherwise', () => {
    const text = 'The applicant, Mr A. Demetriades, was represented by Haka. He played for Cagliari. Her song "Velvet Morning" and the NFL Draft.';
    expect(typeOf(text, 'Mr A. Demetriades')).toBe('PERSON');
    // No cue: the neural layer's word stands.
    expect(typeOf(text, 'Haka')).toBe('PERSON');
    expect(typeOf(text, 'Cagliari')).toBe('ORG');
    expect(typeOf(text, 'Velvet Morning')).toBe('MISC');
    expect(typeOf(text, 'NFL Draft')).toBe('ORG');
  });

  it('a head noun of works, places and organisations outweighs a given name before it', async () => {
    const text = 'She swam at the Summer Olympics, sailed to Axel Heiberg Island and was treated at Grace Hospital. Axel Heiberg wrote.';
    expect(typeOf(text, 'Summer Olympics')).toBe('MISC');
    expect(typeOf(text, 'Axel Heiberg Island')).toBe('LOC');
    expect(typeOf(text, 'Grace Hospital')).toBe('ORG');
    expect(typeOf(text, 'Axel Heiberg wrote')).toBe('PERSON');
    // An area by its head noun, though "Francisco" is a given name.
    expect(await typed('Born in Chicago, Dick moved to the San Francisco Bay Area with his family.')).toContain('LOC:San Francisco Bay Area');
    // Natural features and infrastructure the rules read as organisations are places.
    expect(await typed('The ship crossed the Gulf of Mexico to reach Logan International Airport.')).toEqual(['LOC:Gulf of Mexico', 'LOC:Logan International Airport']);
    // Parks, forests and reserves named as such, caverns and canyons, a stadium named in Spanish.
    const parks = 'They hiked Castle Rocks State Park, Round Spring Caverns and Kofa National Wildlife Refuge, then played at Estadio Jalisco.';
    for (const place of ['Castle Rocks State Park', 'Round Spring Caverns', 'Kofa National Wildlife Refuge', 'Estadio Jalisco']) expect(neuralOrg(parks, place), place).toBe('LOC');
    // "Park" alone may be a surname: no place by it.
    expect(typeOf('The talk by Jiyeon Park was short.', 'Jiyeon Park')).toBe('PERSON');
  });

  it('a name where a place is expected is a place: "died at", "buried in", "the island of"', () => {
    const text = 'He died at Amboise. She was buried in Garwolin. They sailed to the island of Kiritimati.';
    for (const place of ['Amboise', 'Garwolin', 'Kiritimati']) expect(capitalizedRunType(text, place), place).toBe('LOC');
  });

  it('a place\'s name that is also a given name stays the neural layer\'s person; one word in brackets after a place is a place', () => {
    // "Mark" is a Swedish municipality and "Guadalupe" a Mexican state in faker's lists, and common given names.
    expect(typeOf('Can you send the numbers to Mark by Friday?', 'Mark')).toBe('PERSON');
    expect(typeOf('Guadalupe: yes, call me.', 'Guadalupe')).toBe('PERSON');
    // Not a place's name alone: "Maryland" is no given name.
    expect(typeOf('Can you send the numbers to Maryland by Friday?', 'Maryland')).toBe('LOC');
    // "the district of Başkale (Van)": a province after its district, whatever the neural layer says.
    const text = 'the mayor of the district of Başkale (Van) resigned';
    const district: DetectedMention = { start: text.indexOf('district'), end: text.indexOf(' (Van'), entityType: 'LOC', confidence: 0.7, source: 'rules:loc-cue' };
    const van = neuralPerson(text, 'Van');
    expect(reviseTypes(text, [district, van], [district, van]).map((m) => m.entityType)).toEqual(['LOC', 'LOC']);
  });

  it('a capitalized run after a word for what a person does or is to someone is a person', () => {
    const text = 'The suicide of his friend Yukio Mishima. Lyrics were written by Shakeel Badayuni. He was succeeded by Anand Panyarachun.';
    for (const name of ['Yukio Mishima', 'Shakeel Badayuni', 'Anand Panyarachun']) expect(capitalizedRunType(text, name), name).toBe('PERSON');
  });

  it('a capitalized run with no other cue takes the neural layer\'s ORG, LOC or MISC, unless it says person', () => {
    const text = 'They read Rotten Tomatoes Weekly every day.';
    const start = text.indexOf('Rotten');
    const run: DetectedMention = { start, end: start + 'Rotten Tomatoes Weekly'.length, entityType: 'PERSON', confidence: 0.5, source: 'rules:capitalized-sequence' };
    const neural = (entityType: string, end = run.end): DetectedMention => ({ start, end, entityType, confidence: 0.8, source: 'neural:minibert-tab-ner' });
    expect(reviseTypes(text, [run], [run]).map((m) => m.entityType)).toEqual(['ORG']);
    expect(reviseTypes(text, [run], [run, neural('MISC')]).map((m) => m.entityType)).toEqual(['MISC']);
    expect(reviseTypes(text, [run], [run, neural('LOC')]).map((m) => m.entityType)).toEqual(['LOC']);
    // Less than half of it, or a neural PERSON in part of it: no opinion, so the run's default ORG.
    expect(reviseTypes(text, [run], [run, neural('MISC', start + 6)]).map((m) => m.entityType)).toEqual(['ORG']);
    expect(reviseTypes(text, [run], [run, neural('MISC', start + 15), { ...neural('PERSON'), start: start + 16 }]).map((m) => m.entityType)).toEqual(['ORG']);
  });

  it('a title that reads like a phrase is a work; a full stop after a name is no part of its words', () => {
    const text = 'They recorded Stick With Me in 2011. The transfer to Kemmer LLC. Salary follows.';
    expect(typeOf(text, 'Stick With Me')).toBe('MISC');
    expect(typeOf(text, 'Kemmer LLC. Salary')).toBe('ORG');
  });

  it('in a list, a PERSON only the neural layer vouches for takes the type of the places or works beside it', async () => {
    const text = 'The district includes the townships of Albion, Bedford, Convis and Pennfield, all in Calhoun County.';
    const neural = ['Bedford', 'Convis', 'Pennfield'].map((surface) => neuralPerson(text, surface));
    const albion = text.indexOf('Albion');
    const place: DetectedMention = { start: albion, end: albion + 6, entityType: 'LOC', confidence: 0.7, source: 'gazetteers:loc-cities' };
    const merged = [place, ...neural];
    expect(reviseTypes(text, merged, merged).map((m) => m.entityType)).toEqual(['LOC', 'LOC', 'LOC', 'LOC']);
    // Without the place, nothing says they are not people.
    expect(reviseTypes(text, neural, neural).map((m) => m.entityType)).toEqual(['PERSON', 'PERSON', 'PERSON']);
  });

  it('the neural layer vouches for a run word by word, and joined names of people or places keep one type', () => {
    const text = 'He is the son of rock musician Warren Zevon. Later Cab Calloway and Duke Ellington played. Goods went to Singapore and Malacca.';
    const run = (surface: string): DetectedMention => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, entityType: 'PERSON', confidence: 0.3, source: 'rules:capitalized-sequence' };
    };
    const neural = (surface: string, entityType = 'PERSON'): DetectedMention => ({ ...neuralPerson(text, surface), entityType });
    const runs = [run('Warren Zevon'), run('Cab Calloway and Duke Ellington'), run('Singapore and Malacca')];
    const raw = [...runs, neural('Warren'), neural('Zevon'), neural('Cab Calloway'), neural('Duke Ellington'), neural('Singapore', 'LOC'), neural('Malacca', 'LOC')];
    expect(reviseTypes(text, runs, raw).map((m) => m.entityType)).toEqual(['PERSON', 'PERSON', 'LOC']);
    // Bare surnames joined as a firm's name are no person, though the neural layer calls each one.
    const firm = 'The meeting with Senger and Olson was moved.';
    const firmRun: DetectedMention = { start: firm.indexOf('Senger'), end: firm.indexOf(' was'), entityType: 'PERSON', confidence: 0.3, source: 'rules:capitalized-sequence' };
    const surnames = ['Senger', 'Olson'].map((surface) => neuralPerson(firm, surface));
    expect(reviseTypes(firm, [firmRun], [firmRun, ...surnames])[0].entityType).toBe('ORG');
    // Without the neural layer's word only a given name (no gazetteer saw "Warren" here) makes a person.
    expect(reviseTypes(text, runs, runs).map((m) => m.entityType)).toEqual(['PERSON', 'ORG', 'ORG']);
  });

  it('a word the neural layer cut at its hyphen, or ending in a quote or a possessive apostrophe, is still vouched for', () => {
    const text = "Pinch Me, produced by Jermaine Dupri and Bryan-Michael Cox. Wiggins' role. Known as 'General Billy' to all.";
    const run = (surface: string): DetectedMention => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, entityType: 'PERSON', confidence: 0.3, source: 'rules:capitalized-sequence' };
    };
    const runs = [run('Bryan-Michael Cox'), run("Wiggins'"), run("Billy'")];
    // The neural pieces as refineMentions leaves them: "Bryan-" without its hyphen.
    const raw = [...runs, neuralPerson(text, 'Bryan'), neuralPerson(text, 'Michael Cox'), neuralPerson(text, 'Wiggins'), neuralPerson(text, 'Billy')];
    expect(reviseTypes(text, runs, raw).map((m) => m.entityType)).toEqual(['PERSON', 'PERSON', 'PERSON']);
    // A gap is no hyphen: "Bryan" and "Cox" alone do not vouch for "Michael".
    const gapped = [...runs, neuralPerson(text, 'Bryan'), neuralPerson(text, 'Cox')];
    expect(reviseTypes(text, runs, gapped)[0].entityType).toBe('ORG');
    // Nor does a word's trailing hyphen join it to nothing: without the neural layer, no person.
    expect(reviseTypes(text, runs, runs).map((m) => m.entityType)).toEqual(['ORG', 'ORG', 'ORG']);
  });

  it('a possessive is no part of a surname already seen; continents are places, not given names', async () => {
    // (The "'s" itself is cut off a person's name before type revision.)
    expect(await typed('The letter from Robert Kowalczyk arrived. Kowalczyk\'s reply followed.')).toEqual(['PERSON:Robert Kowalczyk', 'PERSON:Kowalczyk']);
    expect(GIVEN_NAMES.has('America')).toBe(false);
    expect(PLACE_NAMES.has('Eurasia')).toBe(true);
    expect(await typed('Trade with Eurasia grew.')).toContain('LOC:Eurasia');
  });

  it('offices, events and places by their first or last words', async () => {
    expect(neuralOrg('He was Speaker of the Parliament of Ghana.', 'Speaker of the Parliament of Ghana')).toBe('DEM');
    expect(neuralOrg('She became Australian Public Service Commissioner.', 'Australian Public Service Commissioner')).toBe('DEM');
    expect(neuralOrg('He wrote to the Office of the University President.', 'Office of the University President')).toBe('ORG');
    const text = 'The Battle of Bunker Hill followed. They met at Schackenborg Castle near the Mongol Empire.';
    expect(typeOf(text, 'Battle of Bunker Hill')).toBe('MISC');
    expect(typeOf(text, 'Schackenborg Castle')).toBe('LOC');
    expect(typeOf(text, 'Mongol Empire')).toBe('LOC');
    // A place to the neural layer, with a given name first and no gazetteer behind it: a person.
    const films = 'Stars popular there included Raj Kapoor and Nargis.';
    const start = films.indexOf('Raj Kapoor');
    const loc: DetectedMention = { start, end: start + 10, entityType: 'LOC', confidence: 0.7, source: 'neural:minibert-tab-ner' };
    expect(GIVEN_NAMES.has('Raj')).toBe(true);
    expect(reviseTypes(films, [loc], [loc])[0].entityType).toBe('PERSON');
  });

  it('the subject of a biography is a person, and so is that surname where a layer read something else', () => {
    const text = 'Eamonn Magee (born 13 July 1971) is a boxer. As an amateur, Magee won a medal. Lt Gen Bilimoria served. Consort Xiang (9 February 1808 – 15 February 1861) was a consort.';
    const at = (surface: string, entityType: string, source = 'neural:minibert-tab-ner'): DetectedMention => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, entityType, confidence: 0.6, source };
    };
    const merged = [at('Eamonn Magee', 'ORG'), at('Magee won', 'ORG'), at('Lt Gen Bilimoria', 'ORG'), at('Consort Xiang', 'PERSON', 'rules:capitalized-sequence')];
    merged[1] = { ...merged[1], end: merged[1].start + 'Magee'.length };
    expect(reviseTypes(text, merged, merged).map((m) => m.entityType)).toEqual(['PERSON', 'PERSON', 'PERSON', 'PERSON']);
    // Without the dates, nothing says the organisation the neural layer saw is a person.
    const plain = 'Eamonn Magee is a boxer.';
    const org: DetectedMention = { start: 0, end: 12, entityType: 'ORG', confidence: 0.6, source: 'neural:minibert-tab-ner' };
    expect(reviseTypes(plain, [org], [org])[0].entityType).toBe('ORG');
  });

  it('a surname that an occupation list also holds is the person once the full name was seen', async () => {
    expect(await typed('The letter from Robert Smith arrived. Smith then called.')).toEqual(['PERSON:Robert Smith', 'PERSON:Smith']);
  });
});

describe('States are organisations where TAB says so', () => {
  it('a formal state name is the State (ORG); the plain country name is a place', async () => {
    expect(await typed('The application against the Republic of Turkey was lodged in 2004.')).toContain('ORG:Republic of Turkey');
    expect(await typed('He was deported to Turkey in 2004.')).toContain('LOC:Turkey');
  });

  it('a country as a party or a State that acts is ORG, before "national" a nationality (DEM)', async () => {
    const found = await typed('See Smith and Jones v. the United Kingdom. He lived in the United Kingdom. He is a United Kingdom national.');
    expect(found.filter((m) => m.endsWith(':United Kingdom'))).toEqual(['ORG:United Kingdom', 'LOC:United Kingdom', 'DEM:United Kingdom']);
    // The State whose office, body or anthem it is.
    const offices = await typed('He was the 38th president of the United States and was born in the United States. It became the anthem of Germany.');
    expect(offices.filter((m) => /:(?:United States|Germany)$/.test(m))).toEqual(['ORG:United States', 'LOC:United States', 'ORG:Germany']);
    // The side a player represents.
    const side = await typed('He has represented Bermuda at cricket and lives in Bermuda.');
    expect(side.filter((m) => m.endsWith(':Bermuda'))).toEqual(['ORG:Bermuda', 'LOC:Bermuda']);
  });
});

describe('a club named after its town', () => {
  it('is the club right after "club" or "side", though a list has the town; a country stays a place', () => {
    const text = 'He joined Second Division club Blackpool in 1919. He was born in Blackpool. The side England lost.';
    const town = (from: number): DetectedMention => {
      const start = text.indexOf('Blackpool', from);
      return { start, end: start + 9, entityType: 'LOC', subtype: 'CITY', confidence: 0.8, source: 'gazetteers:loc-cities' };
    };
    const start = text.indexOf('England');
    const england: DetectedMention = { start, end: start + 7, entityType: 'LOC', subtype: 'COUNTRY', confidence: 0.8, source: 'gazetteers:loc-countries' };
    const merged = [town(0), town(40), england];
    expect(reviseTypes(text, merged, merged).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`)).toEqual(['ORG:Blackpool', 'LOC:Blackpool', 'LOC:England']);
  });
});

describe('a name with a quoted nickname inside', () => {
  it('is one person, and its surname is a person\'s where a list has a rank of that name', async () => {
    const found = await typed('Alonzo P. "Lon" Knight (June 16, 1853 – April 23, 1932) was a player. Knight played on.');
    expect(found).toContain('PERSON:Alonzo P. "Lon" Knight');
    expect(found.filter((m) => m.endsWith(':Knight'))).toEqual(['PERSON:Knight']);
    expect(await typed('Albrecht "Ali" Höhler was a communist.')).toContain('PERSON:Albrecht "Ali" Höhler');
  });

  it('joins nothing over a line break, or around a quoted word in lower case', async () => {
    expect((await typed('Signed: Alonzo Smith\n"Lon" Knight')).some((m) => m.includes('"Lon"'))).toBe(false);
    expect((await typed('Alonzo Smith "said" Knight')).some((m) => m.includes('"said"'))).toBe(false);
  });
});

describe('fixes in the layers behind the types', () => {
  it('a function word cut off a longer name is not propagated to every other occurrence', () => {
    const text = 'The House of Lords refused leave. The applicant then wrote to The Times.';
    const the: DetectedMention = { start: 0, end: 3, entityType: 'ORG', confidence: 0.56, source: 'neural:minibert-tab-ner' };
    expect(propagateMentions(text, [the])).toEqual([]);
  });

  it('an organisation head rule leaves a leading "The" out, and a bare head noun is boilerplate', () => {
    const orgHead = NAME_RULES.find((r) => r.name === 'org-head');
    if (!orgHead) throw new Error('no org-head rule');
    const text = 'The Turkish Government (“the Government”) replied. The Government then wrote to the Supreme Court of Justice.';
    expect(applyRule(orgHead, text).map((m) => text.slice(m.start, m.end))).toEqual(['Turkish Government', 'Supreme Court of Justice']);
  });

  it('a name in its own script after its language is found, though it has no capital letters', async () => {
    const text = 'Dan Levi (Hebrew: דן לוי; born 1970) met Li Wei (simplified Chinese: 李伟; traditional Chinese: 李偉) and (see: Article 5).';
    const found = await typed(text);
    // Of the type of the name before the bracket (the rules alone call "Li Wei" an organisation).
    const liWei = found.find((m) => m.endsWith(':Li Wei'))?.split(':')[0];
    expect(found).toEqual(expect.arrayContaining(['PERSON:דן לוי', `${liWei}:李伟`, `${liWei}:李偉`]));
    expect(found.some((m) => m.includes('Article'))).toBe(false);
  });

  it('"U.S." and "U.K." are not initials of a person', () => {
    const initials = NAME_RULES.find((r) => r.name === 'person-initials');
    if (!initials) throw new Error('no person-initials rule');
    const text = 'He served in the U.S. Navy and visited the U.K. twice; H. Winkler did not.';
    expect(applyRule(initials, text).map((m) => text.slice(m.start, m.end))).toEqual(['H. Winkler']);
  });

  /** [text, surface of a neural ORG in it, its revised type]. */
  const expectNeuralOrgTypes = (cases: readonly (readonly [string, string, string])[]): void => {
    for (const [text, surface, type] of cases) expect(neuralOrg(text, surface), surface).toBe(type);
  };

  it('laws, wars and cases that a layer calls ORG are MISC, as TAB annotates them', () => {
    expectNeuralOrgTypes([
      ['He was expelled under the Aliens Act in 1999.', 'Aliens Act', 'MISC'],
      ['Soldiers killed in the Second World War were commemorated.', 'Second World War', 'MISC'],
      ['See the Zumtobel v. Austria judgment.', 'Zumtobel v. Austria', 'MISC'],
      ['Under the Reindeer Husbandry Act (Rennäringslagen), it is a village.', 'Rennäringslagen', 'MISC'],
      // An organisation stays one.
      ['He wrote to the Ministry of Justice (Justitiedepartementet).', 'Justitiedepartementet', 'ORG'],
      ['The Court of Appeal dismissed the appeal.', 'Court of Appeal', 'ORG'],
    ]);
  });
  it('awards, contests and agreements that a layer calls ORG are MISC by their head noun', () => {
    expectNeuralOrgTypes([
      ['He won the first Gruen Trophy for best rookie.', 'Gruen Trophy', 'MISC'],
      ['She won bronze at the 2011 World Taekwondo Championships in Korea.', 'World Taekwondo Championships', 'MISC'],
      ['Troops were sent under the Indo-Sri Lanka Accord in 1987.', 'Indo-Sri Lanka Accord', 'MISC'],
      ['She received a CinEuphoria Award for the role.', 'CinEuphoria Award', 'MISC'],
      // A head noun of an organisation last, or a one-word name, leaves it an organisation.
      ['He chaired the Award Committee of the club.', 'Award Committee', 'ORG'],
      ['He joined Trophy in 1990.', 'Trophy', 'ORG'],
      ['She won twice on the WTA Tour that year.', 'WTA Tour', 'ORG'],
    ]);
  });


  it('benefits are MISC, and so are their abbreviations; the Secretary of State is an organisation (TAB dev)', async () => {
    expect(await typed('She claimed a Widowed Mother’s Allowance and a Bereavement Payment in 2001.')).toEqual(
      expect.arrayContaining(['MISC:Widowed Mother’s Allowance', 'MISC:Bereavement Payment']),
    );
    const text = 'He was refused a Widow’s Bereavement Allowance (“WBA”). The WBA was abolished. The Benefits Agency wrote.';
    const found = await typed(text);
    expect(found).toEqual(expect.arrayContaining(['MISC:Widow’s Bereavement Allowance', 'MISC:WBA', 'ORG:Benefits Agency']));
    expect(found).not.toContain('ORG:WBA');
    expect(await typed('The Secretary of State for the Home Department refused leave.')).toContain('ORG:Secretary of State');
    expect(await typed('The application was refused by the Secretary of State.')).toContain('ORG:Secretary of State');
  });
});

describe('types in the biographies (Wikipedia)', () => {
  /** A mention over the first occurrence of `surface` (after `from`). */
  const at = (text: string, surface: string, entityType: string, source: string, extra: Partial<DetectedMention> = {}, from = 0): DetectedMention => {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`"${surface}" not in text`);
    return { start, end: start + surface.length, entityType, confidence: 0.5, source, ...extra };
  };
  const revised = (text: string, merged: DetectedMention[], raw: DetectedMention[] = merged): string[] =>
    reviseTypes(text, merged, raw).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);

  it('a nationality the neural layer read as a place is a nationality, unless a place list has the word too', () => {
    const text = 'Branko Mikša is a Croatian retired politician. He was born in Chad.';
    const croatian = at(text, 'Croatian', 'LOC', 'neural:minibert-tab-ner');
    const listed = at(text, 'Croatian', 'DEM', 'gazetteers:dem-nationalities', { subtype: 'NATIONALITY' });
    expect(revised(text, [croatian], [croatian, listed])).toEqual(['DEM:Croatian']);
    // No nationality list behind it: the neural layer's place stands.
    expect(revised(text, [croatian])).toEqual(['LOC:Croatian']);
    // "Chad" is a demonym list's word and a country.
    const chad = at(text, 'Chad', 'LOC', 'neural:minibert-tab-ner');
    const chadLists = [at(text, 'Chad', 'DEM', 'gazetteers:dem-nationalities', { subtype: 'NATIONALITY' }), at(text, 'Chad', 'LOC', 'gazetteers:loc-countries', { subtype: 'COUNTRY' })];
    expect(revised(text, [chad], [chad, ...chadLists])).toEqual(['LOC:Chad']);
    // As the gazetteer layer really answers: one hit per term, the nationality list's.
    const laosText = 'He moved to Laos and Djibouti in 1975.';
    const layerHits = createGazetteerLayer().detect({ id: 'd', text: laosText }) as DetectedMention[];
    expect(layerHits.map((m) => m.entityType)).toEqual(['DEM', 'DEM']);
    const neuralPlaces = layerHits.map((m): DetectedMention => ({ start: m.start, end: m.end, entityType: 'LOC', confidence: 0.8, source: 'neural:minibert-tab-ner' }));
    expect(reviseTypes(laosText, neuralPlaces, [...layerHits, ...neuralPlaces]).map((m) => `${m.entityType}:${laosText.slice(m.start, m.end)}`)).toEqual(['LOC:Laos', 'LOC:Djibouti']);
  });

  it('a people\'s name that is a town\'s too stays the neural layer\'s place where a place is expected, not before a noun', () => {
    // The gazetteer layer holds "Omaha" once, as a people (its hit), though a city list has it too.
    const born = 'Ford was born in Omaha, Nebraska, in 1913. The Omaha people are a tribe.';
    const hits = createGazetteerLayer().detect({ id: 'd', text: born }) as DetectedMention[];
    expect(hits.map((m) => `${m.entityType}:${born.slice(m.start, m.end)}`)).toEqual(['DEM:Omaha', 'DEM:Omaha']);
    const omaha = at(born, 'Omaha', 'LOC', 'neural:minibert-tab-ner');
    const tribe = at(born, 'Omaha', 'LOC', 'neural:minibert-tab-ner', {}, omaha.end);
    expect(revised(born, [omaha, tribe], [...hits, omaha, tribe])).toEqual(['LOC:Omaha', 'DEM:Omaha']);
    const adjective = 'He was born in Croatian territory.';
    const croatian = at(adjective, 'Croatian', 'LOC', 'neural:minibert-tab-ner');
    expect(revised(adjective, [croatian], [croatian, at(adjective, 'Croatian', 'DEM', 'gazetteers:dem-nationalities', { subtype: 'NATIONALITY' })])).toEqual(['DEM:Croatian']);
  });

  it('nationalities joined by a hyphen or "and" are one nationality, not an organisation', async () => {
    expect(await typed('She was a British-American film actress.')).toContain('DEM:British-American');
    expect(await typed('He was a veteran of the Irish and European fight scenes.')).toContain('DEM:Irish and European');
    expect(await typed('He was an English-born Canadian actor.')).toContain('DEM:English-born Canadian');
    // A name with one nationality word in it is not one.
    expect(await typed('He joined Irish Ferries Limited in 1990.')).not.toContain('DEM:Irish Ferries Limited');
  });

  it('a place a player plays for is a team; a country stays a place', async () => {
    expect(await typed('He played for Genoa until 1999.')).toContain('ORG:Genoa');
    expect(await typed('He made his debut for Genoa in 1995.')).toContain('ORG:Genoa');
    // A position or a year between the verb and "for".
    expect(await typed('He is a German footballer who plays as a goalkeeper for Hannover.')).toContain('ORG:Hannover');
    expect(await typed('He played from 1982 for Genoa and later coached.')).toContain('ORG:Genoa');
    expect(await typed('She was traded to Kenosha in 1946.')).toContain('ORG:Kenosha');
    expect(await typed('He played for Italy in 1998.')).toContain('LOC:Italy');
    expect(await typed('He lived in Genoa until 1999.')).toContain('LOC:Genoa');
    // Sold, released, scored against, drawn with: the club.
    expect(await typed('In 2001 he was sold to Watford.')).toContain('ORG:Watford');
    expect(await typed('He was released by Gillingham in 2003.')).toContain('ORG:Gillingham');
    expect(await typed('He scored in a 4–1 win against Ramsgate.')).toContain('ORG:Ramsgate');
    // A name the rules read as a person's, after a contract or a sale: the firm or the club.
    const text = 'She signed a contract with Natural Gorilla Records. He was sold to Levadiakos.';
    for (const name of ['Natural Gorilla Records', 'Levadiakos']) expect(capitalizedRunType(text, name), name).toBe('ORG');
  });

  it('another name of the subject in the lead\'s bracket is a person; so is an era name before "Emperor"', () => {
    const text = 'Sithu Aung (Burmese: X; also spelled Si Thu Aung; born 16 October 1996) is a footballer. He met the Daoguang Emperor and Yadanarbon FC.';
    const merged = [
      at(text, 'Sithu Aung', 'PERSON', 'rules:capitalized-sequence'),
      at(text, 'Si Thu Aung', 'ORG', 'neural:minibert-tab-ner'),
      at(text, 'Daoguang Emperor', 'PERSON', 'rules:capitalized-sequence'),
    ];
    expect(revised(text, merged)).toEqual(['PERSON:Sithu Aung', 'PERSON:Si Thu Aung', 'PERSON:Daoguang Emperor']);
    // Outside the bracket, "also known as" names anything ("the festival, also known as Vyasa Purnima").
    const later = 'Sithu Aung (born 16 October 1996) is a footballer. His club, also known as Yadanarbon Club, won.';
    const club = [at(later, 'Sithu Aung', 'PERSON', 'rules:capitalized-sequence'), at(later, 'Yadanarbon Club', 'ORG', 'neural:minibert-tab-ner')];
    expect(revised(later, club)).toEqual(['PERSON:Sithu Aung', 'ORG:Yadanarbon Club']);
  });

  it('a name and the event noun after it are the event; not a movement or an incident', async () => {
    const text = 'He had a role in the Watergate scandal and sang at a Chicago Bulls game. The PKK movement grew after the Adare incident.';
    const found = await typed(text);
    expect(found).toEqual(expect.arrayContaining(['MISC:Watergate scandal', 'MISC:Chicago Bulls game', 'ORG:PKK']));
    expect(found.some((f) => f.endsWith('movement') || f.endsWith('incident'))).toBe(false);
  });

  it('life dates after the letters of an honour make the lead a person', async () => {
    const text = 'Lieutenant General Faridoon Noshir Billimoria, PVSM (1933–2005) was an Indian Army officer.';
    expect(await typed(text)).toContain('PERSON:Lieutenant General Faridoon Noshir Billimoria');
  });

  it('the surname before life dates is a person\'s though it is also a given name; a quoted nickname is part of the name', () => {
    const text = 'Byron Scott "Buster" Brannon (October 21, 1908 – April 14, 1979) was a coach. Brannon died of a heart attack.';
    expect(GIVEN_NAMES.has('Brannon')).toBe(true);
    const merged = [
      at(text, 'Byron Scott', 'PERSON', 'rules:capitalized-sequence'),
      at(text, 'Buster', 'PERSON', 'rules:capitalized-sequence'),
      at(text, 'Brannon', 'ORG', 'neural:minibert-tab-ner'),
      at(text, 'Brannon', 'ORG', 'neural:minibert-tab-ner', {}, text.indexOf('coach')),
    ];
    expect(revised(text, merged)).toEqual(['PERSON:Byron Scott', 'PERSON:Buster', 'PERSON:Brannon', 'PERSON:Brannon']);
    // A quoted title with no name around it is still a work.
    const song = 'He sang "Buster" at the show.';
    expect(revised(song, [at(song, 'Buster', 'PERSON', 'rules:capitalized-sequence')])).toEqual(['MISC:Buster']);
  });

  it('a surname of someone named in full stays a person after a place and a comma', () => {
    const text = 'Philip Kindred Dick (December 16, 1928 – March 2, 1982) was a writer. Born in Chicago, Dick moved west.';
    const merged = [
      at(text, 'Philip Kindred Dick', 'PERSON', 'neural:minibert-tab-ner'),
      at(text, 'Chicago', 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }),
      at(text, 'Dick', 'PERSON', 'neural:minibert-tab-ner', {}, text.indexOf('Chicago')),
    ];
    expect(revised(text, merged)).toEqual(['PERSON:Philip Kindred Dick', 'LOC:Chicago', 'PERSON:Dick']);
    // A run no one named in full, after a place and a comma, is a place ("Baltimore, Maryland").
    const place = 'She moved to Baltimore, Maryland.';
    const placeMerged = [at(place, 'Baltimore', 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }), at(place, 'Maryland', 'PERSON', 'neural:minibert-tab-ner')];
    expect(revised(place, placeMerged)[1]).toBe('LOC:Maryland');
  });

  it('a plural last word makes a team only where the neural layer does not read a person', () => {
    const text = 'Saioa González Villegas is a retired defender. He joined the Rough Riders.';
    const merged = [at(text, 'Saioa González Villegas', 'PERSON', 'neural:minibert-tab-ner'), at(text, 'Rough Riders', 'PERSON', 'rules:capitalized-sequence')];
    expect(revised(text, merged)).toEqual(['PERSON:Saioa González Villegas', 'ORG:Rough Riders']);
    // The plural says team before the neural layer's reading does.
    const team = 'He joined the Seattle Seahawks.';
    const run = at(team, 'Seattle Seahawks', 'PERSON', 'rules:capitalized-sequence');
    expect(revised(team, [run], [run, at(team, 'Seattle Seahawks', 'MISC', 'neural:minibert-tab-ner')])).toEqual(['ORG:Seattle Seahawks']);
  });

  it('works: a year in brackets after a title, a kind of work before it, a list of them, an award for something', () => {
    const text = 'She appeared in films such as Virtuosity (1995) and was Minister of Trade (1992).';
    const merged = [at(text, 'Virtuosity', 'LOC', 'neural:minibert-tab-ner'), at(text, 'Minister of Trade', 'PERSON', 'rules:capitalized-sequence')];
    expect(revised(text, merged)).toEqual(['MISC:Virtuosity', 'DEM:Minister of Trade']);
    const films = 'He wrote the films Bad Dreams, Threesome, The Craft and Dick.';
    const listed = [
      at(films, 'Bad Dreams', 'ORG', 'neural:minibert-tab-ner'),
      at(films, 'Threesome', 'ORG', 'neural:minibert-tab-ner'),
      at(films, 'Craft', 'LOC', 'neural:minibert-tab-ner'),
      at(films, 'Dick', 'LOC', 'neural:minibert-tab-ner'),
    ];
    expect(revised(films, listed).map((m) => m.split(':')[0])).toEqual(['MISC', 'MISC', 'MISC', 'MISC']);
    // Places listed together stay places.
    const towns = 'He toured Genoa, Turin and Milan.';
    const townList = ['Genoa', 'Turin', 'Milan'].map((t) => at(towns, t, 'LOC', 'neural:minibert-tab-ner'));
    expect(revised(towns, townList)).toEqual(['LOC:Genoa', 'LOC:Turin', 'LOC:Milan']);
    expect(typeOf('The novel won the Hugo Award for Best Novel in 1963.', 'Hugo Award for Best Novel')).toBe('MISC');
  });

  it('a title after its kind and "called" is a work', () => {
    expect(neuralOrg('It was on a tribute album called Hurry Home Early in 2005.', 'Hurry Home Early')).toBe('MISC');
    expect(neuralOrg('He joined a firm called Hurry Home Early in 2005.', 'Hurry Home Early')).toBe('ORG');
  });

  it('a title after its kind and "such as", "including" or "included" is a work; a cartoon or a programme is a kind of work', () => {
    const text = 'His roles in animated series included ALF Tales; radio programs such as Vanishing Point; the cartoon Dinosaucers.';
    const merged = [at(text, 'ALF Tales', 'ORG', 'rules:capitalized-sequence'), at(text, 'Vanishing Point', 'PERSON', 'rules:capitalized-sequence'), at(text, 'Dinosaucers', 'PERSON', 'neural:minibert-tab-ner')];
    expect(revised(text, merged)).toEqual(['MISC:ALF Tales', 'MISC:Vanishing Point', 'MISC:Dinosaucers']);
    // The title's article is left out of a mention, not out of the title.
    const novel = 'His novel The Man in the High Castle earned acclaim.';
    expect(revised(novel, [at(novel, 'Man', 'LOC', 'rules:capitalized-sequence')])).toEqual(['MISC:Man']);
  });

  it('a title that opens with "Songs of" or "Adventures of" is a work; a name before "Award" or "Trophy" names the award', () => {
    const text = 'He sang on Songs of Warren Zevon and voiced Babar and the Adventures of Badou.';
    const merged = [at(text, 'Songs of Warren Zevon', 'PERSON', 'rules:capitalized-sequence'), at(text, 'Adventures of Badou', 'PERSON', 'rules:capitalized-sequence')];
    expect(revised(text, merged)).toEqual(['MISC:Songs of Warren Zevon', 'MISC:Adventures of Badou']);
    const award = 'His novel won the John W. Campbell Memorial Award; he thanked John W. Campbell.';
    const names = [at(award, 'John W. Campbell', 'PERSON', 'neural:minibert-tab-ner'), at(award, 'John W. Campbell', 'PERSON', 'neural:minibert-tab-ner', {}, award.lastIndexOf('John'))];
    expect(revised(award, names)).toEqual(['MISC:John W. Campbell', 'PERSON:John W. Campbell']);
    // In lower case too, and a titled name (the neural layer's ORG) is the award's, not a person.
    const trophy = 'The Lt Gen F N Billimoria trophy, named after him, goes to the best cadet. Lt Gen F N Billimoria retired.';
    const titled = [at(trophy, 'Lt Gen F N Billimoria', 'ORG', 'neural:minibert-tab-ner'), at(trophy, 'Lt Gen F N Billimoria', 'ORG', 'neural:minibert-tab-ner', {}, 60)];
    expect(revised(trophy, titled)).toEqual(['MISC:Lt Gen F N Billimoria', 'PERSON:Lt Gen F N Billimoria']);
  });

  it('life dates after a long aside in the bracket; company heads; a group that rules', () => {
    const text = 'Glafcos Ioannou Clerides (Greek: Γλαύκος Ιωάννου Κληρίδης; 24 April 1919 – 15 November 2013) was a lawyer.';
    expect(revised(text, [at(text, 'Glafcos Ioannou Clerides', 'ORG', 'neural:minibert-tab-ner')])).toEqual(['PERSON:Glafcos Ioannou Clerides']);
    expect(typeOf('He drew Thor for Marvel Comics in 1966.', 'Marvel Comics')).toBe('ORG');
    expect(typeOf('It was issued by Wampus Multimedia in 2005.', 'Wampus Multimedia')).toBe('ORG');
    const clan = 'As the Sima clan became more powerful, the Wei government sent him away. Sima wrote back.';
    const merged = [at(clan, 'Sima', 'PERSON', 'neural:minibert-tab-ner'), at(clan, 'Wei', 'LOC', 'neural:minibert-tab-ner'), at(clan, 'Sima', 'PERSON', 'neural:minibert-tab-ner', {}, 20)];
    expect(revised(clan, merged)).toEqual(['ORG:Sima', 'ORG:Wei', 'PERSON:Sima']);
  });

  it("a place's name before an organisation's head noun is the organisation; a listed place or an address is not retyped", () => {
    const text = 'He pitched for the Harwich Mariners of the Cape Cod Baseball League and studied at New York University, 10 Lincoln Center.';
    const neuralLoc = (surface: string, subtype?: string): DetectedMention => ({ ...neuralPerson(text, surface), entityType: 'LOC', ...(subtype ? { subtype } : {}) });
    const revised = (m: DetectedMention): string => reviseTypes(text, [m], [m])[0].entityType;
    expect(revised(neuralLoc('Cape Cod Baseball League'))).toBe('ORG');
    expect(revised(neuralLoc('New York University'))).toBe('ORG');
    expect(revised(neuralLoc('10 Lincoln Center', 'ADDRESS'))).toBe('LOC');
    expect(revised(neuralLoc('Harwich'))).toBe('LOC');
  });

  it('a name that opens like a natural feature but ends in an organisation\'s head noun is the organisation, its short form in brackets or not', () => {
    const text = 'He pitched in the Cape Cod Baseball League (CCBL), sailed on Lake Placid and worked at Mount Sinai Hospital (MSH).';
    const neuralOrg = (surface: string): DetectedMention => ({ ...neuralPerson(text, surface), entityType: 'ORG' });
    const revised = (m: DetectedMention): string => reviseTypes(text, [m], [m])[0].entityType;
    // The neural layer's extent may stop before the closing bracket.
    expect(revised(neuralOrg('Cape Cod Baseball League (CCBL'))).toBe('ORG');
    expect(revised(neuralOrg('Cape Cod Baseball League (CCBL)'))).toBe('ORG');
    expect(revised(neuralOrg('Mount Sinai Hospital (MSH)'))).toBe('ORG');
    expect(revised(neuralOrg('Lake Placid'))).toBe('LOC');
  });

  it('a biography\'s lead: the name that opens the text before "is a" and an occupation is the subject, and so is its surname', () => {
    const text = 'Maya Surendrakumar Kodnani is a former Minister of State for Women and Child Development. Kodnani joined the assembly.';
    const merged = [
      at(text, 'Maya Surendrakumar Kodnani', 'ORG', 'rules:capitalized-sequence'),
      at(text, 'Minister of State for Women and Child Development', 'ORG', 'rules:capitalized-sequence'),
      at(text, 'Kodnani', 'ORG', 'rules:capitalized-sequence', {}, 30),
    ];
    expect(revised(text, merged)).toEqual(['PERSON:Maya Surendrakumar Kodnani', 'DEM:Minister of State for Women and Child Development', 'PERSON:Kodnani']);
    // No occupation after the verb (a band, a firm): the lead says nothing of a person.
    const band = 'Foo Fighters is an American rock band formed in Seattle.';
    expect(revised(band, [at(band, 'Foo Fighters', 'ORG', 'rules:capitalized-sequence')])).toEqual(['ORG:Foo Fighters']);
    // Not at the start of the text.
    const later = 'In 1990, Maya Kodnani is a former Minister of Health.';
    expect(revised(later, [at(later, 'Maya Kodnani', 'ORG', 'rules:capitalized-sequence'), at(later, 'Minister of Health', 'ORG', 'rules:capitalized-sequence')])[0]).toBe('ORG:Maya Kodnani');
  });

  it('a name typed by its context gives that type to its other mentions, but not to a listed place or a known person', () => {
    const text = 'He wrote songs for his punk rock band, Verboten. Verboten is credited as inspiring Dave Grohl.';
    const merged = [at(text, 'Verboten', 'PERSON', 'neural:minibert-tab-ner'), at(text, 'Verboten', 'PERSON', 'neural:minibert-tab-ner', {}, 45), at(text, 'Dave Grohl', 'PERSON', 'neural:minibert-tab-ner')];
    expect(revised(text, merged)).toEqual(['ORG:Verboten', 'ORG:Verboten', 'PERSON:Dave Grohl']);
    // "Wales" the side and "Wales" the country a list knows.
    const wales = 'He made 20 appearances for Wales. He was born in Cardiff, Wales.';
    const sides = [at(wales, 'Wales', 'LOC', 'neural:minibert-tab-ner'), at(wales, 'Cardiff', 'LOC', 'neural:minibert-tab-ner'), at(wales, 'Wales', 'LOC', 'neural:minibert-tab-ner', {}, 40)];
    const listed = [...sides, at(wales, 'Wales', 'LOC', 'gazetteers:loc-countries', { subtype: 'COUNTRY' }, 40)];
    expect(revised(wales, sides, listed).at(-1)).toBe('LOC:Wales');
    // A clan's name is its members' too.
    const clan = 'As the Sima clan grew, Sima wrote back.';
    expect(revised(clan, [at(clan, 'Sima', 'PERSON', 'neural:minibert-tab-ner'), at(clan, 'Sima', 'PERSON', 'neural:minibert-tab-ner', {}, 12)])).toEqual(['ORG:Sima', 'PERSON:Sima']);
  });

  it('a kin\'s name after "his brother" is a person\'s, though a list has a place of that name; a country is not', () => {
    const text = 'His brother Liam represented Kilkenny. Her husband, Jordan Carter, left. His partner Ireland won.';
    const merged = [
      at(text, 'Liam', 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }),
      at(text, 'Kilkenny', 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }),
      at(text, 'Jordan Carter', 'ORG', 'neural:minibert-tab-ner'),
      at(text, 'Ireland', 'LOC', 'gazetteers:loc-countries', { subtype: 'COUNTRY' }),
    ];
    expect(revised(text, merged)).toEqual(['PERSON:Liam', 'LOC:Kilkenny', 'PERSON:Jordan Carter', 'LOC:Ireland']);
  });

  it('a firm\'s branch in a country ("Sony Taiwan") is an organisation; a person or a place ending with a country is not', () => {
    const text = 'He released albums with Sony Taiwan. Michael Jordan played. He sailed the Gulf of Mexico to East Prussia.';
    const country = (surface: string): DetectedMention => at(text, surface, 'LOC', 'gazetteers:loc-countries', { subtype: 'COUNTRY' });
    const merged = [
      at(text, 'Sony Taiwan', 'PERSON', 'neural:minibert-tab-ner'),
      at(text, 'Michael Jordan', 'PERSON', 'neural:minibert-tab-ner'),
      at(text, 'Gulf of Mexico', 'PERSON', 'neural:minibert-tab-ner'),
      at(text, 'East Prussia', 'PERSON', 'neural:minibert-tab-ner'),
    ];
    const raw = [...merged, country('Taiwan'), country('Jordan'), country('Mexico'), country('Prussia')];
    const types = revised(text, merged, raw);
    expect(types.filter((t) => t.startsWith('ORG:'))).toEqual(['ORG:Sony Taiwan']);
    expect(types[1]).toBe('PERSON:Michael Jordan');
  });

  it('a sporting event and the side played for are two mentions; an award for something stays one', async () => {
    const found = await typed('He competed at the 1960 Summer Olympics for SFR Yugoslavia. He won the Hugo Award for Best Novel.');
    expect(found).toContain('MISC:Summer Olympics');
    expect(found.some((m) => m.endsWith(':SFR Yugoslavia'))).toBe(true);
    expect(found).toContain('MISC:Hugo Award for Best Novel');
  });

  it('an owner\'s possessive before a full name the neural layer reads as a person\'s is cut off it', () => {
    const text = "She joined Wilco's John Stirratt on stage. The Queen's Royal Hussars marched.";
    const run = at(text, "Wilco's John Stirratt", 'PERSON', 'rules:capitalized-sequence');
    const hussars = at(text, "Queen's Royal Hussars", 'PERSON', 'rules:capitalized-sequence');
    const refined = (raw: DetectedMention[]): string[] => refineMentions(text, raw).map((m) => text.slice(m.start, m.end));
    expect(refined([run, hussars, at(text, 'John Stirratt', 'PERSON', 'neural:minibert-tab-ner')])).toEqual(['Wilco', 'John Stirratt', "Queen's Royal Hussars", 'John Stirratt']);
    // Without the neural layer's person the run stays whole ("Royal" is a listed given name too).
    expect(refined([run, hussars])).toEqual(["Wilco's John Stirratt", "Queen's Royal Hussars"]);
  });

  it('a name glued to a participle keeps the name ("Wichita-built"), or what follows it ("Texas-based New West Records")', () => {
    const text = 'He signed with Texas-based New West Records. It was a Wichita-built aircraft. An Aramaic-speaking Christian, English-born Canadian.';
    const refined = refineMentions(text, [
      at(text, 'Texas-based New West Records', 'ORG', 'rules:org-head'),
      at(text, 'based', 'MISC', 'neural:minibert-tab-ner'),
      at(text, 'Wichita-built', 'PERSON', 'rules:capitalized-sequence'),
      at(text, 'Aramaic-speaking Christian', 'PERSON', 'rules:capitalized-sequence'),
      at(text, 'English-born Canadian', 'PERSON', 'rules:capitalized-sequence'),
    ]).map((m) => text.slice(m.start, m.end));
    expect(refined).toEqual(['New West Records', 'Wichita', 'Aramaic', 'Christian', 'English-born Canadian']);
  });

  it('a sports club\'s letters before its name are no person\'s initials ("A.F.C. Bournemouth", "A.C. Milan"; not "A.C. Green")', async () => {
    const found = await typed('He joined A.C. Milan, then A.F.C. Bournemouth and R.S.C. Anderlecht. A.C. Green and A.S. Byatt met.');
    expect(found).toEqual(expect.arrayContaining(['ORG:A.C. Milan', 'ORG:A.F.C. Bournemouth', 'ORG:R.S.C. Anderlecht', 'PERSON:A.C. Green', 'PERSON:A.S. Byatt']));
  });

  it('a title in the possessive names a thing after someone, not a titled person ("King\'s College London")', () => {
    expect(capitalizedRunType("He studied at King's College London.", "King's College London")).toBe('ORG');
    expect(capitalizedRunType('He met King Henry there.', 'King Henry')).toBe('PERSON');
  });

  it('a name in another script in brackets after a name: found with or without its language, and of that name\'s type', async () => {
    const lead = 'Naftali Bennett (Hebrew: נַפְתָּלִי בֶּנֶט; born 1972) met Yuji Unozawa (宇野沢 祐次, Unozawa Yuji). Song Giwon (Hangul: 송기원 is a novelist. A price (€5).';
    const native = NAME_RULES.find((r) => r.name === 'native-script-name');
    if (!native) throw new Error('no native-script-name rule');
    expect(applyRule(native, lead).map((m) => lead.slice(m.start, m.end))).toEqual(['נַפְתָּלִי בֶּנֶט', '宇野沢 祐次', '송기원']);
    const text = 'Moscow (Russian: Москва, romanized: Moskva) is a city.';
    const merged = [at(text, 'Moscow', 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }), at(text, 'Russian', 'DEM', 'gazetteers:dem-nationalities'), at(text, 'Москва', 'DEM', 'neural:minibert-tab-ner')];
    expect(revised(text, merged)).toEqual(['LOC:Moscow', 'DEM:Russian', 'LOC:Москва']);
  });

  it('a listed place and a plural name after it is a team; a plural place head ("Colorado Springs") is not', () => {
    const text = 'He pitched for the San Diego Padres. She moved to Colorado Springs.';
    const place = (surface: string): DetectedMention => at(text, surface, 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' });
    const merged = [at(text, 'San Diego Padres', 'LOC', 'neural:minibert-tab-ner'), at(text, 'Colorado Springs', 'LOC', 'neural:minibert-tab-ner')];
    expect(revised(text, merged, [...merged, place('San Diego'), place('Colorado')])).toEqual(['ORG:San Diego Padres', 'LOC:Colorado Springs']);
    // A person's name too, but for a given name first; an event's head or a connector is no team.
    const people = 'He joined the Buffalo Bills. Florence Williams wrote. The Cincinnati Masters. The Battle of Amorgos.';
    const runs = ['Buffalo Bills', 'Florence Williams', 'Cincinnati Masters', 'Battle of Amorgos'].map((surface) => at(people, surface, 'PERSON', 'rules:capitalized-sequence'));
    const towns = ['Buffalo', 'Florence', 'Cincinnati', 'Battle'].map((surface) => at(people, surface, 'LOC', 'gazetteers:loc-cities', { subtype: 'CITY' }));
    // Whatever the neural layer reads as a person's name (both, here).
    expect(revised(people, runs, [...runs, ...towns, neuralPerson(people, 'Buffalo Bills'), neuralPerson(people, 'Florence Williams')])).toEqual(['ORG:Buffalo Bills', 'PERSON:Florence Williams', 'MISC:Cincinnati Masters', 'MISC:Battle of Amorgos']);
  });

  it('a season written "1990/91" is a period, not an application number; "no. 1990/91" and "1990/92" are numbers', () => {
    const text = 'He joined for the 1990/91 season. See application no. 1990/91. In the 1990/92 list.';
    const code = (from: number): DetectedMention => at(text, text.includes('1990/92', from) && from > 50 ? '1990/92' : '1990/91', 'CODE', 'rules:application-number', { subtype: 'CASE_NUMBER' }, from);
    const merged = [code(0), code(40), code(60)];
    expect(reviseTypes(text, merged, merged).map((m) => `${m.entityType}/${m.subtype}:${text.slice(m.start, m.end)}`)).toEqual([
      'DATETIME/PERIOD:1990/91 season',
      'CODE/CASE_NUMBER:1990/91',
      'CODE/CASE_NUMBER:1990/92',
    ]);
  });

  it('a season written as two years takes the word "season" after it; one year does not', async () => {
    expect(await typed('He joined Blackpool in the 1919–20 season, missed the 2001 season and left after the 1921–22 campaign.')).toEqual(
      expect.arrayContaining(['DATETIME:1919–20 season', 'DATETIME:2001', 'DATETIME:1921–22']),
    );
  });

  it('a single office in one hyphenated word, and an office after "Vice", is a job title', () => {
    const text = 'She became Vice-Chairman in 2001 and Vice President for Research and Development at Compugen.';
    const merged = [at(text, 'Vice-Chairman', 'ORG', 'neural:minibert-tab-ner'), at(text, 'Vice President for Research and Development', 'ORG', 'rules:org-head')];
    expect(revised(text, merged)).toEqual(['DEM:Vice-Chairman', 'DEM:Vice President for Research and Development']);
  });

  it('"one of" a group is no quantity; "one daughter" is', () => {
    const text = 'He is one of the most popular writers. One of his novels won. They have one daughter.';
    const ones = [...text.matchAll(/\b[Oo]ne\b/g)].map((m): DetectedMention => ({ start: m.index ?? 0, end: (m.index ?? 0) + 3, entityType: 'QUANTITY', confidence: 0.6, source: 'rules:cardinal' }));
    expect(refineMentions(text, ones).map((m) => text.slice(m.start, m.end + 9))).toEqual(['one daughter']);
  });

  it('occupations of the biographies are in the occupation list, and words that mean something else are not', async () => {
    const found = await typed('She is a journalist, novelist and businesswoman; he is an entrepreneur and cyclist.');
    expect(found).toEqual(expect.arrayContaining(['DEM:journalist', 'DEM:novelist', 'DEM:businesswoman', 'DEM:entrepreneur', 'DEM:cyclist']));
    expect((await typed('The letter from the contributor said the ghost story was a polemic.')).filter((m) => m.startsWith('DEM:'))).toEqual([]);
  });
});

describe('types on everyday text', () => {
  it('a firm\'s office or branch "of" someone is named by its town; a unit\'s prefixed name and an authority\'s office are not', () => {
    expect(neuralOrg('He moved to the New Lorinetown office of Frami - Durgan in May.', 'New Lorinetown')).toBe('LOC');
    expect(neuralOrg('The Topkapı branch of the Bank paid.', 'Topkapı')).toBe('LOC');
    expect(neuralOrg('officers from the Anti-terror branch of the Security Directorate', 'Anti-terror')).toBe('ORG');
    expect(neuralOrg('He went to the Beyoğlu district office.', 'Beyoğlu')).toBe('ORG');
  });

  it('the line after a street\'s line in an address block is its town', () => {
    const text = 'Bill to: Blair Hand\n14 Cedar Avenue\nBeiering\nSP69 61U';
    const street = { start: text.indexOf('14 Cedar'), end: text.indexOf('14 Cedar') + 15, entityType: 'LOC', subtype: 'ADDRESS', confidence: 0.8, source: 'rules:house-address' };
    const town = { start: text.indexOf('Beiering'), end: text.indexOf('Beiering') + 8, entityType: 'ORG', confidence: 0.7, source: 'neural:minibert-tab-ner' };
    expect(reviseTypes(text, [street, town], [street, town]).map((m) => `${m.entityType}:${m.subtype ?? ''}`)).toEqual(['LOC:ADDRESS', 'LOC:CITY']);
    // Not on the street's own line.
    const inline = '14 Cedar Avenue, Beiering Ltd';
    const street2 = { ...street, start: 0, end: 15 };
    const firm = { ...town, start: 17, end: inline.length };
    expect(reviseTypes(inline, [street2, firm], [street2, firm])[1].entityType).toBe('ORG');
  });

  /** The recognizer's answer on `text`: the real rule and gazetteer layers, plus the given neural-layer mentions. */
  async function withNeural(text: string, neural: [surface: string, entityType: string][]): Promise<string[]> {
    const doc = { id: 'd', text };
    const guesses = neural.map(([surface, entityType]): DetectedMention => {
      const start = text.indexOf(surface);
      if (start < 0) throw new Error(`"${surface}" not in text`);
      return { start, end: start + surface.length, entityType, confidence: 0.88, source: 'neural:minibert-tab-ner' };
    });
    const layers = [...(await createRuleLayer().detect(doc)), ...(await createGazetteerLayer().detect(doc)), ...guesses];
    return resolveMentions(doc, refineMentions(text, layers)).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);
  }

  it('a date the rules validated stays a date, and a postcode a postcode, where the neural layer guessed a code or a quantity', async () => {
    const text = 'Patient: Tamino Kröger\nDOB: 25/08/1979\nAddress: Feuerbachstr. 33\n50336 Rastatt\nCall me until 10/02/1946.';
    const found = await withNeural(text, [['25/08/1979', 'CODE'], ['50336', 'QUANTITY'], ['10/02/1946', 'CODE']]);
    expect(found).toEqual(expect.arrayContaining(['DATETIME:25/08/1979', 'LOC:50336', 'DATETIME:10/02/1946']));
    // A code the rules read stays one (the merge ranks it first anyway), and a guess no rule read keeps its type.
    expect(await withNeural('Send it to anna@example.org or ref 58-Q.', [['anna@example.org', 'PERSON'], ['58-Q', 'CODE']])).toEqual(['CODE:anna@example.org', 'CODE:58-Q']);
  });

  it('a capitalized run over an office and a person\'s name is split where the layers found them', async () => {
    const governor = 'Ford defeated former California Governor Ronald Reagan for the nomination.';
    expect(await withNeural(governor, [['California', 'LOC'], ['Ronald Reagan', 'PERSON']])).toEqual(expect.arrayContaining(['LOC:California', 'PERSON:Governor Ronald Reagan']));
    const staff = 'He entered politics in 2006, serving as Chief of Staff for Benjamin Netanyahu.';
    expect(await withNeural(staff, [['Benjamin Netanyahu', 'PERSON']])).toEqual(expect.arrayContaining(['DEM:Chief of Staff', 'PERSON:Benjamin Netanyahu']));
    // No person's name read after the office: the run stays whole.
    expect(await withNeural(governor, [['California', 'LOC']])).toContain('PERSON:California Governor Ronald Reagan');
  });

  it('a neural person cut at a word in lower case that is no particle of a name', async () => {
    const text = 'His half-sister and longtime Zevon collaborator Jorge Calderón accepted; Ludwig van Beethoven did not.';
    const found = await withNeural(text, [['Zevon collaborator Jorge Calderón', 'PERSON'], ['Ludwig van Beethoven', 'PERSON']]);
    expect(found).toEqual(expect.arrayContaining(['PERSON:Zevon', 'PERSON:Jorge Calderón', 'PERSON:Ludwig van Beethoven']));
    expect(found.some((f) => f.includes('collaborator') && f.startsWith('PERSON'))).toBe(false);
  });

  it('a country and an organisation right after it are one organisation; a college team is an organisation', async () => {
    const text = 'He enlisted in the U.S. Naval Reserve. He played college football at Kansas State and visited the U.S. Marine Corps museum.';
    expect(await withNeural(text, [['Naval Reserve', 'ORG'], ['Kansas State', 'LOC']])).toEqual(expect.arrayContaining(['ORG:U.S. Naval Reserve', 'ORG:Kansas State']));
    // Not a person after a country, nor an organisation a word away.
    const apart = 'He met U.S. President Smith and the U.S. delegation of Acme Corp.';
    expect(await withNeural(apart, [['Acme Corp', 'ORG']])).toEqual(expect.arrayContaining(['LOC:U.S.', 'ORG:Acme Corp']));
  });

  it('a chat log\'s speakers after their times, and a given name greeted, are people though a list has a city of that name; a name stops at a colon', async () => {
    const text = '[10:42] Kevin: Hi Sofia, can you clear your cache?\n[10:45] Sofia: Done, still failing.\n[10:47] Kevin: OK.\n[10:49] Sofia: thanks';
    const found = await withNeural(text, [['Kevin: Hi Sofia', 'PERSON']]);
    expect(found.filter((m) => !m.startsWith('DATETIME:'))).toEqual(['PERSON:Kevin', 'PERSON:Sofia', 'PERSON:Sofia', 'PERSON:Kevin', 'PERSON:Sofia']);
    // Not greeted and speaking once, the city stays one.
    expect(await withNeural('She flew to Sofia on Monday.', [])).toEqual(expect.arrayContaining(['LOC:Sofia']));
  });

  it('a firm named after its founders or by its profession is an organisation, a given name first or not', async () => {
    const text = 'Yours sincerely,\nJaswinder Patel\nPatel & Co Solicitors\nShe joined John Lewis & Partners, then Pierce Glynn Solicitors.';
    expect(await withNeural(text, [['Jaswinder Patel', 'PERSON']])).toEqual(['PERSON:Jaswinder Patel', 'ORG:Patel & Co Solicitors', 'ORG:John Lewis & Partners', 'ORG:Pierce Glynn Solicitors']);
    expect(await withNeural('GP: Dr S. Lindqvist, Parkside Surgery.', [['Parkside Surgery', 'LOC']])).toEqual(expect.arrayContaining(['ORG:Parkside Surgery']));
    // A street by its street word, whole or abbreviated.
    expect(capitalizedRunType('it is at the pub on King St, 8ish', 'King St')).toBe('LOC');
    expect(capitalizedRunType('she lived on Abbey Road then', 'Abbey Road')).toBe('LOC');
  });

  it('a religion the neural layer read as a place is a religion; a region the religion list also holds stays a place', async () => {
    const found = await withNeural('He is a practising Muslim. She worked in West Africa.', [['Muslim', 'LOC'], ['West Africa', 'LOC']]);
    expect(found).toEqual(['DEM:Muslim', 'LOC:West Africa']);
  });

  it('an amount with its unit stays a quantity where the neural layer guessed a date', async () => {
    const found = await withNeural('Medications: aspirin 75mg, atorvastatin 20mg. Weight 80 kg.', [['20mg', 'DATETIME'], ['80 kg', 'DATETIME']]);
    expect(found).toEqual(expect.arrayContaining(['QUANTITY:75mg', 'QUANTITY:20mg', 'QUANTITY:80 kg']));
  });

  it('a name in a form\'s field for a person, or after a greeting, is a person; a firm with its head noun stays one', async () => {
    const text = 'Patient: Candice Rath\nEmployee: Tania Corkery-Mills\nDear Armin Dolch,\nClient: Acme Holdings Ltd';
    const found = await withNeural(text, [['Candice Rath', 'ORG'], ['Tania Corkery-Mills', 'ORG'], ['Armin Dolch', 'LOC'], ['Acme Holdings Ltd', 'ORG']]);
    expect(found).toEqual(expect.arrayContaining(['PERSON:Candice Rath', 'PERSON:Tania Corkery-Mills', 'PERSON:Armin Dolch', 'ORG:Acme Holdings Ltd']));
  });

  it('a chat\'s speakers and the one greeted are people, whatever the neural layer guessed; a label that opens one line only is not', () => {
    const text = 'Cyprien: hey Sixtine 👍 are you still in Roubaix?\nSixtine: yes until 10/02/2021\nCyprien: great\nSixtine: send the photos\nLille: the office is closed';
    const guesses: [string, string][] = [['Cyprien', 'ORG'], ['Sixtine', 'QUANTITY'], ['Roubaix', 'LOC'], ['Sixtine', 'LOC'], ['Cyprien', 'LOC'], ['Sixtine', 'DEM'], ['Lille', 'LOC']];
    let from = 0;
    const mentions = guesses.map(([surface, entityType]): DetectedMention => {
      const start = text.indexOf(surface, from);
      from = start + surface.length;
      return { start, end: from, entityType, confidence: 0.88, source: 'neural:minibert-tab-ner' };
    });
    const revised = reviseTypes(text, mentions, mentions).map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);
    expect(revised).toEqual(['PERSON:Cyprien', 'PERSON:Sixtine', 'LOC:Roubaix', 'PERSON:Sixtine', 'PERSON:Cyprien', 'PERSON:Sixtine', 'LOC:Lille']);
  });

  it('a given name a list also has, before a surname the neural layer calls a person\'s, is a person', async () => {
    const text = 'Erna met with Victoria Baumbach on 24/05/2017.';
    expect(await withNeural(text, [['Victoria', 'LOC'], ['Baumbach', 'PERSON']])).toContain('PERSON:Victoria Baumbach');
  });

  it('a kind of identifier is no mention anywhere in a sentence, nor a field label before "to:"; "NI" and real names stay', async () => {
    const text = 'Please pay to IBAN GB82WEST12345698765432 (BIC NWBKGB2L) from IP 10.0.0.1.\nBill to: Acme Holdings Ltd\nBill Turner paid to Northern Ireland (NI) accounts.';
    const found = await withNeural(text, [['IBAN', 'MISC'], ['BIC', 'ORG'], ['IP', 'MISC'], ['Bill', 'PERSON'], ['Bill Turner', 'PERSON'], ['NI', 'LOC']]);
    expect(found.filter((m) => /:(?:IBAN|BIC|IP|Bill)$/.test(m))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(['CODE:GB82WEST12345698765432', 'PERSON:Bill Turner', 'LOC:NI']));
  });

  it('a number the neural layer ran over a line break keeps the pieces with digits', () => {
    const text = 'call me on +33 1 70 31 22 31\nHervé: great';
    const start = text.indexOf('1 70');
    const number: DetectedMention = { start, end: text.indexOf(':', start), entityType: 'QUANTITY', confidence: 0.5, source: 'neural:minibert-tab-ner' };
    expect(refineMentions(text, [number]).map((m) => text.slice(m.start, m.end))).toEqual(['1 70 31 22 31']);
    const code = { ...number, entityType: 'CODE' };
    expect(refineMentions(text, [code]).map((m) => text.slice(m.start, m.end))).toEqual(['1 70 31 22 31']);
  });

  it('a diagnosis takes the kind before it, which counts nothing', async () => {
    const found = await typed('The patient has type 2 diabetes, Stage III cancer and a migraine; she has 3 children.');
    expect(found).toEqual(expect.arrayContaining(['DEM:type 2 diabetes', 'DEM:Stage III cancer', 'DEM:migraine', 'QUANTITY:3 children']));
    expect(found.filter((m) => m.startsWith('QUANTITY:'))).toEqual(['QUANTITY:3 children']);
  });

  it('a hyphenated name with a particle between capitalised parts is a town; double names are not', async () => {
    for (const town of ['Aix-en-Provence', 'Boulogne-sur-Mer', 'Stratford-upon-Avon', 'Noisy-le-Grand', 'Saint-Maur-des-Fossés', 'Tarn-et-Garonne', 'Seine-Saint-Denis', 'Widecombe-in-the-Moor']) {
      expect(await typed(`The meeting is in ${town} next week.`)).toContain(`LOC:${town}`);
      expect(neuralOrg(`Our office in ${town} is open.`, town)).toBe('LOC');
    }
    expect(neuralOrg('He works for Meyer-Caspers now.', 'Meyer-Caspers')).toBe('ORG');
    expect(neuralOrg('He works for Saint-Gobain now.', 'Saint-Gobain')).toBe('ORG');
  });
});

describe('a place the neural layer guessed a date', () => {
  it('is the place a list has ("75002 Paris on 5 June"), and a date with a digit stays a date', async () => {
    const text = 'Delivered to 75002 Paris on 5 June.';
    const gazetteers = await createGazetteerLayer().detect({ id: 'd', text });
    const at = (surface: string): DetectedMention => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, entityType: 'DATETIME', confidence: 0.8, source: 'neural:minibert-tab-ner' };
    };
    const guesses = [at('Paris'), at('5 June')];
    const revised = reviseTypes(text, guesses, [...guesses, ...gazetteers]);
    expect(revised.map((m) => [text.slice(m.start, m.end), m.entityType, m.subtype])).toEqual([
      ['Paris', 'LOC', 'CITY'],
      ['5 June', 'DATETIME', undefined],
    ]);
  });
});
