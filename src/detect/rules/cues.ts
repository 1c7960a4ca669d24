/**
 * Cue words for rule gates: one scan of a document finds every word of every rule's `cues` (types.ts)
 * that occurs in it at a word start, in any case, and a rule none of whose cues occurs is not run.
 * Rules that read a number after a word ("tel", "invoice", "passport", "aged", "summer") each cost a
 * whole scan of the text with their own expression, and most documents hold none of their words: one
 * shared scan for all of them replaces those scans.
 *
 * Exact: the scan finds what `\b(?:cue|cue|…)` with the `i` flag over every registered cue, longest
 * first, finds when tried at every position: at each word start, the longest cue there in any case. At
 * a position where several cues match, each is a prefix of the longest, which is the one reported; so
 * every cue that matches anywhere is marked present.
 */

/** The registered cues (lower case), by id; `prefixIds[id]`: the ids of the cues that are prefixes of it, itself included. */
const cueIds = new Map<string, number>();
const prefixIds: number[][] = [];
/** Built on the first scan after a registration. */
let scanner: CueScanner | undefined;
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

/**
 * The cues as a trie over their canonical code units (case-insensitive comparison, below), in flat
 * tables: `children[node * alphabetSize + letter]` is the child node (0: none; the root is 0, never a
 * child) and `cueAt[node]` the id of the cue that ends there (-1: none). A hand-written scan, not one
 * `\b(?:cue|cue|…)` expression with the `i` flag: that expression was tried at every position of every
 * text and came back to the loop at every hit ("a", "an" and the digits open most words), about a
 * tenth of the rule layer's time.
 */
interface CueScanner {
  /** By canonical code unit: its letter in the trie's alphabet, or -1 when no cue holds it. */
  letterOf: Int16Array;
  /** The same by a text's code unit below 0x250: the letter of its canonical form (one lookup, not two, per unit read). */
  letterOfUnit: Int16Array;
  alphabetSize: number;
  children: Int32Array;
  cueAt: Int32Array;
}

/** `\w` without the u flag, as `\b` reads it: ASCII letters, digits and the underscore. */
const isAsciiWordUnit = (unit: number): boolean => (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57) || unit === 95;

/** isAsciiWordUnit by table, for the scan's loop over every unit of a text. */
const ASCII_WORD_UNIT = Uint8Array.from({ length: 128 }, (_, unit) => (isAsciiWordUnit(unit) ? 1 : 0));

/**
 * A code unit as a case-insensitive expression without the u flag compares it (ECMAScript's
 * Canonicalize): its upper case when that is one unit and does not take a non-ASCII unit to ASCII.
 */
function canonicalOf(unit: number): number {
  const upper = String.fromCharCode(unit).toUpperCase();
  if (upper.length !== 1) return unit;
  const code = upper.charCodeAt(0);
  return unit >= 128 && code < 128 ? unit : code;
}

/** Canonical forms below 0x250 (Latin-1 and Latin Extended, where every cue's units fall); others are computed. */
const CANONICAL = Uint16Array.from({ length: 0x250 }, (_, unit) => canonicalOf(unit));
const canonical = (unit: number): number => (unit < 0x250 ? CANONICAL[unit] : canonicalOf(unit));

function buildScanner(): CueScanner {
  const keys = [...cueIds.keys()];
  prefixIds.length = 0;
  for (const key of keys) prefixIds[cueIds.get(key) as number] = keys.filter((other) => key.startsWith(other)).map((other) => cueIds.get(other) as number);
  // A cue's units are Latin-1 (registerCues), and so are their canonical forms but "ÿ"'s ("Ÿ", 0x178).
  const letterOf = new Int16Array(0x250).fill(-1);
  let alphabetSize = 0;
  let nodes = 1;
  for (const key of keys) {
    for (const ch of key) {
      const unit = canonical(ch.charCodeAt(0));
      if (letterOf[unit] < 0) letterOf[unit] = alphabetSize++;
    }
    nodes += key.length;
  }
  const children = new Int32Array(nodes * alphabetSize);
  const cueAt = new Int32Array(nodes).fill(-1);
  let used = 1;
  for (const key of keys) {
    let node = 0;
    for (const ch of key) {
      const slot = node * alphabetSize + letterOf[canonical(ch.charCodeAt(0))];
      if (children[slot] === 0) children[slot] = used++;
      node = children[slot];
    }
    cueAt[node] = cueIds.get(key) as number;
  }
  const letterOfUnit = Int16Array.from({ length: 0x250 }, (_, unit) => letterOf[canonical(unit)] ?? -1);
  return { letterOf, letterOfUnit, alphabetSize, children, cueAt };
}

/** The id of the longest cue that starts at `at` (any case), or -1. */
function longestCueAt(scanner: CueScanner, text: string, at: number): number {
  const { letterOf, letterOfUnit, alphabetSize, children, cueAt } = scanner;
  let longest = -1;
  let node = 0;
  for (let k = at; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    let letter: number;
    if (unit < 0x250) letter = letterOfUnit[unit];
    else {
      // A unit from 0x250 up may still have its canonical form below ("ɓ", "Ɓ").
      const folded = canonicalOf(unit);
      letter = folded < 0x250 ? letterOf[folded] : -1;
    }
    if (letter < 0) break;
    node = children[node * alphabetSize + letter];
    if (node === 0) break;
    if (cueAt[node] >= 0) longest = cueAt[node];
  }
  return longest;
}

let lastText: string | undefined;
let lastVersion = -1;
/** The last text's present cues as bits, 32 ids to a word (id >>> 5, bit id & 31). */
let lastPresent = new Int32Array(0);
/** Where the scan of the last text hit, in order, and the id of the (longest) cue found there. */
const hitPositions: number[] = [];
const hitIds: number[] = [];

/** Which registered cues occur in `text` (bits by id), for the last text asked about: every rule of a layer asks about one document. */
function cuesPresent(text: string): Int32Array {
  if (text === lastText && lastVersion === version) return lastPresent;
  const trie = (scanner ??= buildScanner());
  // The arrays of the last text are reused (a new set per text showed on short texts).
  const words = (cueIds.size + 31) >>> 5;
  const present = lastPresent.length === words ? lastPresent.fill(0) : new Int32Array(words);
  hitPositions.length = 0;
  hitIds.length = 0;
  // Every cue opens with a word character, so a cue can only start at a word start (where `\b` holds):
  // at each, the trie is walked, and the rest of the word is passed over.
  const n = text.length;
  let at = 0;
  while (at < n) {
    const unit = text.charCodeAt(at);
    if (unit >= 128 || ASCII_WORD_UNIT[unit] === 0) {
      at++;
      continue;
    }
    const id = longestCueAt(trie, text, at);
    if (id >= 0) {
      const prefixes = prefixIds[id];
      for (let k = 0; k < prefixes.length; k++) present[prefixes[k] >>> 5] |= 1 << (prefixes[k] & 31);
      hitPositions.push(at);
      hitIds.push(id);
    }
    // The rest of the word (ASCII word units) is passed over.
    at++;
    while (at < n) {
      const next = text.charCodeAt(at);
      if (next >= 128 || ASCII_WORD_UNIT[next] === 0) break;
      at++;
    }
  }
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
    if (accepts[hitIds[k]] === 1) starts.push(hitPositions[k]);
  }
  startsByIds.set(ids, { text, version, starts });
  return starts;
}

/**
 * cueStarts, keeping only the places where one of the cues stands as a word: a cue that ends with an
 * ASCII letter counts only where no ASCII word unit follows it ("a" opens "a few weeks", not "about";
 * "Dr" opens "Dr. Smith", not "drama"), one that ends otherwise ("1" in "1990", "reg.") wherever it
 * starts. For rules whose patterns read each such cue as a whole word.
 */
export function cueWordStarts(text: string, ids: readonly number[]): readonly number[] {
  const all = cueStarts(text, ids);
  const kept = wordStartsByIds.get(ids);
  if (kept && kept.text === text && kept.version === version) return kept.starts;
  const { anywhere, wordLengths } = wordEndings(ids);
  const starts: number[] = [];
  let k = 0;
  for (const at of all) {
    // The hits the scan kept are in order and every place in `all` is one of them.
    while (hitPositions[k] !== at) k++;
    const id = hitIds[k];
    if (anywhere[id] === 1 || endsWord(text, at, wordLengths[id])) starts.push(at);
  }
  wordStartsByIds.set(ids, { text, version, starts });
  return starts;
}

/** Whether a cue of one of `lengths` that starts at `at` ends a word there (no ASCII word unit after it). */
function endsWord(text: string, at: number, lengths: readonly number[]): boolean {
  for (let k = 0; k < lengths.length; k++) if (!isAsciiWordUnit(text.charCodeAt(at + lengths[k]))) return true;
  return false;
}

/**
 * For an id list, by the id of the cue a hit reports: whether one of the list's cues that it begins
 * with may be followed by anything (it ends with other than an ASCII letter), and the lengths of those
 * that must end a word (they end with one).
 */
function wordEndings(ids: readonly number[]): { anywhere: Uint8Array; wordLengths: number[][] } {
  const kept = endingsByIds.get(ids);
  if (kept && kept.version === version) return kept;
  const wanted = new Set(ids);
  const cueOf = [...cueIds.keys()];
  const endsWithLetter = (cue: string): boolean => /[a-z]$/.test(cue);
  const anywhere = Uint8Array.from(prefixIds, (prefixes) => (prefixes.some((id) => wanted.has(id) && !endsWithLetter(cueOf[id])) ? 1 : 0));
  const wordLengths = prefixIds.map((prefixes) => prefixes.filter((id) => wanted.has(id) && endsWithLetter(cueOf[id])).map((id) => cueOf[id].length));
  const endings = { version, anywhere, wordLengths };
  endingsByIds.set(ids, endings);
  return endings;
}

const endingsByIds = new WeakMap<readonly number[], { version: number; anywhere: Uint8Array; wordLengths: number[][] }>();
const wordStartsByIds = new WeakMap<readonly number[], { text: string; version: number; starts: number[] }>();

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

/** A list of cue ids as bits, 32 to a word, as cuesPresent gives the cues of a text: see anyCueIn. */
export type CueMask = Int32Array;

export function cueMask(ids: readonly number[]): CueMask {
  const mask = new Int32Array((Math.max(-1, ...ids) + 32) >>> 5);
  for (const id of ids) mask[id >>> 5] |= 1 << (id & 31);
  return mask;
}

/**
 * Whether any of the cues of `mask` occurs in `text`: a few words of bits compared, where a test of
 * each id of a list (up to some forty for the number rules) was a fifth of the rule layer's time on
 * short texts.
 */
export function anyCueIn(text: string, mask: CueMask): boolean {
  const present = cuesPresent(text);
  for (let word = 0; word < mask.length; word++) if ((present[word] & mask[word]) !== 0) return true;
  return false;
}

const masksByIds = new WeakMap<readonly number[], CueMask>();

/** Whether any of the cues (by id) occurs in `text`. */
export function anyCuePresent(text: string, ids: readonly number[]): boolean {
  let mask = masksByIds.get(ids);
  if (!mask) masksByIds.set(ids, (mask = cueMask(ids)));
  return anyCueIn(text, mask);
}
