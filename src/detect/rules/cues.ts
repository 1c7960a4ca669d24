/**
 * Cue words for rule gates: one scan of a document finds every word of every rule's `cues` (types.ts)
 * that occurs in it at a word start, in any case, and a rule none of whose cues occurs is not run.
 * Rules that read a number after a word ("tel", "invoice", "passport", "aged", "summer") each cost a
 * whole scan of the text with their own expression, and most documents hold none of their words: one
 * shared scan for all of them replaces those scans.
 *
 * Exact: the scan is `\b(?:cue|cue|…)` with the `i` flag over every registered cue, longest first, tried
 * at every position (lastIndex = hit + 1). At a position where several cues match, each is a prefix of
 * the longest, which is the one reported; so every cue that matches anywhere is marked present.
 */

/** The registered cues (lower case), by id; `prefixIds[id]`: the ids of the cues that are prefixes of it, itself included. */
const cueIds = new Map<string, number>();
const prefixIds: number[][] = [];
let scanner: RegExp | undefined;
/** Bumped on each registration: a presence answer kept from before is stale. */
let version = 0;

/** The ids of a rule's cues, registering new ones (which rebuilds the scan on its next use). */
export function registerCues(cues: readonly string[]): readonly number[] {
  return cues.map((cue) => {
    const key = cue.toLowerCase();
    let id = cueIds.get(key);
    if (id === undefined) {
      if (key === '' || /[^\x20-\x7e\u00c0-\u00ff]/.test(key) || !/^\w/.test(key)) throw new Error(`cue ${JSON.stringify(cue)}: a cue is a word (Latin-1 letters, digits, spaces, punctuation)`);
      cueIds.set(key, (id = cueIds.size));
      scanner = undefined;
      version++;
    }
    return id;
  });
}

function buildScanner(): RegExp {
  const keys = [...cueIds.keys()];
  prefixIds.length = 0;
  for (const key of keys) prefixIds[cueIds.get(key) as number] = keys.filter((other) => key.startsWith(other)).map((other) => cueIds.get(other) as number);
  oneUnitIds.fill(-1);
  for (const key of keys) {
    const unit = key.charCodeAt(0);
    if (key.length === 1 && unit < 128) oneUnitIds[unit] = oneUnitIds[String.fromCharCode(unit).toUpperCase().charCodeAt(0)] = cueIds.get(key) as number;
  }
  const longestFirst = keys.sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b(?:${longestFirst.join('|')})`, 'gi');
}

/**
 * The ids of the one-unit ASCII cues (the digits, "a"), by the unit a hit shows, in either case:
 * they are most hits, and are told without lower-casing the hit and a map lookup.
 */
const oneUnitIds = new Int32Array(128).fill(-1);

let lastText: string | undefined;
let lastVersion = -1;
let lastPresent = new Uint8Array(0);
/** Where the scan of the last text hit, in order, and the id of the (longest) cue found there. */
const hitPositions: number[] = [];
const hitIds: number[] = [];

/** Which registered cues occur in `text` (by id), for the last text asked about: every rule of a layer asks about one document. */
function cuesPresent(text: string): Uint8Array {
  if (text === lastText && lastVersion === version) return lastPresent;
  scanner ??= buildScanner();
  // The arrays of the last text are reused (a new set per text showed on short texts).
  const present = lastPresent.length === cueIds.size ? lastPresent.fill(0) : new Uint8Array(cueIds.size);
  hitPositions.length = 0;
  hitIds.length = 0;
  scanner.lastIndex = 0;
  for (let hit = scanner.exec(text); hit; hit = scanner.exec(text)) {
    const surface = hit[0];
    const unit = surface.length === 1 ? surface.charCodeAt(0) : 128;
    const id = unit < 128 && oneUnitIds[unit] >= 0 ? oneUnitIds[unit] : cueIds.get(surface.toLowerCase());
    // A hit always names a registered cue; were it ever not so, every cue counts as present (and starts there).
    if (id === undefined) present.fill(1);
    else for (const prefix of prefixIds[id]) present[prefix] = 1;
    hitPositions.push(hit.index);
    hitIds.push(id ?? -1);
    scanner.lastIndex = hit.index + 1;
  }
  scanner.lastIndex = 0;
  lastText = text;
  lastVersion = version;
  lastPresent = present;
  return present;
}

/**
 * The positions in `text` where one of the cues (by id) starts, in order: every place the scan hit a
 * cue that is one of them or begins with one of them (at a position the longest cue found there is
 * the one reported, and the shorter ones are its prefixes).
 */
export function cueStarts(text: string, ids: readonly number[]): readonly number[] {
  cuesPresent(text);
  // Rules that share a cue list (the number rules) share one answer per text.
  const kept = startsByIds.get(ids);
  if (kept && kept.text === text && kept.version === version) return kept.starts;
  const accepts = acceptedHits(ids);
  const starts: number[] = [];
  for (let k = 0; k < hitPositions.length; k++) {
    const id = hitIds[k];
    if (id < 0 || accepts[id] === 1) starts.push(hitPositions[k]);
  }
  startsByIds.set(ids, { text, version, starts });
  return starts;
}

/**
 * For an id list, by the id of the cue a hit reports: 1 when that cue is one of the list or begins
 * with one of them. A table made once per list (and registration), not a search per hit.
 */
function acceptedHits(ids: readonly number[]): Uint8Array {
  const kept = acceptedByIds.get(ids);
  if (kept && kept.version === version) return kept.accepts;
  const wanted = new Uint8Array(cueIds.size);
  for (const id of ids) wanted[id] = 1;
  const accepts = Uint8Array.from(prefixIds, (prefixes) => (prefixes.some((prefix) => wanted[prefix] === 1) ? 1 : 0));
  acceptedByIds.set(ids, { version, accepts });
  return accepts;
}

const acceptedByIds = new WeakMap<readonly number[], { version: number; accepts: Uint8Array }>();

/** cueStarts' last answer for each id list (shared by the rules that ask: read, never changed). */
const startsByIds = new WeakMap<readonly number[], { text: string; version: number; starts: number[] }>();

/** Whether any of the cues (by id) occurs in `text`. */
export function anyCuePresent(text: string, ids: readonly number[]): boolean {
  const present = cuesPresent(text);
  for (const id of ids) if (present[id] === 1) return true;
  return false;
}
