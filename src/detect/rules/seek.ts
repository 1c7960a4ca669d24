/**
 * Skipping ahead for rules of the form `(ELEMENT \s (CONNECTOR \s)?)* ANCHOR …` (e.g. "Istanbul
 * State Security Court"): every match holds an occurrence of ANCHOR (a rare word), preceded by a
 * chain of whitespace-separated tokens. Finding the next anchor with a small expression and
 * starting the full pattern at the earliest place its chain could begin gives the matches a plain
 * scan gives, while the full pattern runs only near anchors.
 *
 * Why it is exact: let h be the first anchor occurrence at or after `from`. A match starting at
 * s ≥ from contains an anchor occurrence h' ≥ h, and everything in [s, h') is chain text (token
 * characters and whitespace). Walking back from h over whole tokens and whitespace, and stopping
 * only before a token that cannot be (the start of) a chain element, never passes a possible s.
 */
import type { SeekFunction } from './types.ts';

/**
 * Whether a code point is in a character class, told by a table for ASCII and a cache for others
 * (the walk back tests every character it passes: one expression test on a slice each was its cost).
 */
export interface CharClass {
  has(codePoint: number): boolean;
}

/** The class of one-code-point strings `pattern` (anchored, u flag) accepts. */
export function charClass(pattern: RegExp): CharClass {
  const ascii = Uint8Array.from({ length: 128 }, (_, code) => (pattern.test(String.fromCharCode(code)) ? 1 : 0));
  const others = new Map<number, boolean>();
  return {
    has(codePoint) {
      if (codePoint < 128) return ascii[codePoint] === 1;
      let known = others.get(codePoint);
      if (known === undefined) others.set(codePoint, (known = pattern.test(String.fromCodePoint(codePoint))));
      return known;
    },
  };
}

const TOKEN_CHAR = charClass(/^[\p{L}\p{M}\p{N}'’&-]$/u);
const SPACE = charClass(/^\s$/u);

/**
 * A `Rule.seek` from an anchor (an expression with the global flag, or a seek to its next occurrence)
 * and a test for tokens a chain may hold whole.
 */
export function chainSeek(anchor: RegExp | SeekFunction, continuesChain: (token: string) => boolean): SeekFunction {
  const nextAnchor = typeof anchor === 'function' ? anchor : shiftedSeek(anchor);
  return (text, from) => {
    const found = nextAnchor(text, from);
    return found >= 0 ? chainStart(text, found, from, continuesChain) : -1;
  };
}

/**
 * A seek to the next place where one of `alternatives` (expression sources, each followed by `after`)
 * matches: what a search for `(?:a|b|…)after` finds. An alternation whose branches all open with an
 * ASCII capital is passed over quickly in prose; one lower-case branch ("plc", "weg") makes the engine
 * try the whole alternation at almost every position. So the capitalised branches are searched as one
 * expression and the others as another (one expression per branch was slower still).
 */
export function alternativesSeek(alternatives: readonly string[], after = '', flags = 'g'): SeekFunction {
  const capitalised = alternatives.filter((a) => /^[A-Z]/.test(a));
  const others = alternatives.filter((a) => !/^[A-Z]/.test(a));
  const groups = [capitalised, others].filter((group) => group.length > 0);
  return earliestSeek(...groups.map((group) => shiftedSeek(new RegExp(`(?:${group.join('|')})${after}`, flags))));
}

/** The earliest position ≥ from where a chain ending at the anchor at `h` could begin. */
export function chainStart(text: string, h: number, from: number, continuesChain: (token: string) => boolean): number {
  // A chain element may begin inside the token that holds the anchor ("BigCourt").
  let position = backOver(text, h, from, TOKEN_CHAR);
  for (;;) {
    const gap = backOver(text, position, from, SPACE);
    if (gap === position) return position;
    const token = backOver(text, gap, from, TOKEN_CHAR);
    if (token === gap) return position;
    // A token that is not a whole element may still end with one (a capital inside it): stop there.
    if (!continuesChain(text.slice(token, gap))) return token;
    position = token;
  }
}

/** Moves back from `position` while the code point before it is in `chars`, never below `from`. */
function backOver(text: string, position: number, from: number, chars: CharClass): number {
  let at = position;
  while (at > from) {
    const low = text.charCodeAt(at - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && at - 2 >= 0 && isHighSurrogate(text.charCodeAt(at - 2));
    // A lone surrogate is its own unit, in no class but its own (as the expression read it).
    const codePoint = pair ? (text.codePointAt(at - 2) as number) : low;
    if (!chars.has(codePoint)) break;
    at -= pair ? 2 : 1;
  }
  return Math.max(at, from);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}


/**
 * A seek from an expression (g flag) that matches `shift` code units before every position where a
 * match of the rule can start (e.g. `\d{5} ` six units before a town that follows a postcode).
 * Exact: a match at s ≥ from means an anchor match at s - shift, so the first anchor match at or
 * after from - shift lies at or before it.
 */
export function shiftedSeek(anchor: RegExp, shift = 0): SeekFunction {
  if (!anchor.global) throw new Error(`shiftedSeek: anchor ${anchor} needs the g flag`);
  // The last search is remembered: a rule tried at many places before the next anchor (every line
  // start) would otherwise search the rest of the text again from each of them.
  let lastText: string | undefined;
  let searchedFrom = 0;
  let foundAt = -1;
  return (text, from) => {
    const start = Math.max(0, from - shift);
    if (text !== lastText || start < searchedFrom || (foundAt >= 0 && foundAt < start)) {
      anchor.lastIndex = start;
      const found = anchor.exec(text);
      foundAt = found ? found.index : -1;
      anchor.lastIndex = 0;
      lastText = text;
      searchedFrom = start;
    }
    return foundAt >= 0 ? foundAt + shift : -1;
  };
}

/**
 * The next place ≥ from where a capitalized word may start: an ASCII capital, or any code unit from
 * 0x80 up but the second half of a surrogate pair (what /[A-Z\u0080-\ud7ff\ue000-\uffff]|[\ud800-\udbff]/g
 * finds), by a loop over the units: it costs what a search of that expression at every capital of a
 * text did, without the one-unit special case shiftedSeek needed for it.
 */
export const capitalStartSeek: SeekFunction = (text, from) => {
  for (let at = Math.max(0, from); at < text.length; at++) {
    const unit = text.charCodeAt(at);
    if (unit < 0x80 ? unit >= 65 && unit <= 90 : unit < 0xdc00 || unit > 0xdfff) return at;
  }
  return -1;
};

/**
 * The next place ≥ from of a capital (as capitalStartSeek tells one, a surrogate pair being one)
 * right before a full stop: what /(?:[A-Z\u0080-\ud7ff\ue000-\uffff]|[\ud800-\udbff][\udc00-\udfff])\./g
 * finds, read from the full stops (indexOf), which are rare, rather than searched at every capital.
 */
export const capitalBeforeDotSeek: SeekFunction = (text, from) => {
  const start = Math.max(0, from);
  for (let dot = text.indexOf('.', start + 1); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    const before = text.charCodeAt(dot - 1);
    if (before >= 0xdc00 && before <= 0xdfff) {
      const high = text.charCodeAt(dot - 2);
      if (dot - 2 >= start && high >= 0xd800 && high <= 0xdbff) return dot - 2;
    } else if (before < 0x80 ? before >= 65 && before <= 90 : before < 0xd800 || before > 0xdfff) {
      return dot - 1;
    }
  }
  return -1;
};

/** The starts of lines: the text's start and every position after a line feed. */
export const lineStartSeek: SeekFunction = (text, from) => {
  if (from === 0) return 0;
  const newline = text.indexOf('\n', from - 1);
  return newline < 0 ? -1 : newline + 1;
};

/** The earliest of several seeks (a rule whose branches start at different kinds of places). */
export function earliestSeek(...seeks: readonly SeekFunction[]): SeekFunction {
  return (text, from) => {
    let earliest = -1;
    for (const seek of seeks) {
      const at = seek(text, from);
      if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
    }
    return earliest;
  };
}

/**
 * A `startsAt` for a rule whose every match holds an occurrence of `anchor` (g flag) at most `window`
 * code units after its start, and starts where `startsHere` holds: the first such place ≥ from in the
 * window before an anchor ≥ from. Exact: a match at s ≥ from holds an anchor at some h ≥ from with
 * h - window ≤ s ≤ h, so s is a place searched; and of the anchors in order, the first whose window
 * holds a place gives the least one (a later window reaches no further back).
 */
export function windowBeforeSeek(anchor: RegExp, window: number, startsHere: (text: string, at: number) => boolean): SeekFunction {
  const nextAnchor = shiftedSeek(anchor);
  return (text, from) => {
    for (let h = nextAnchor(text, from); h >= 0; h = nextAnchor(text, h + 1)) {
      for (let at = Math.max(from, h - window); at <= h; at++) if (startsHere(text, at)) return at;
    }
    return -1;
  };
}
