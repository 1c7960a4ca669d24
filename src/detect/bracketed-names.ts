/**
 * An organisation's name in the original language, in brackets right after its English name, is
 * part of the name: "Ankara Martial Law Court (sıkıyönetim mahkemesi)", "Social Insurance Office
 * (Försäkringskassan)", "Kurdish Human Rights Project (KHRP)". TAB's annotators mark the bracket
 * with the name (tab144 dev and the 127 masked dev documents: recall +0.004 each, precision
 * unchanged), and left out it reveals the name in the other language. A name the neural layer cut
 * inside its bracket is completed to it (completeBrackets).
 */
import { NAME_OR_DEM_TYPES, type DetectedMention } from './types.ts';

/**
 * " (…)" directly after the name, on its line, without digits or quotes: a date, a paragraph
 * reference or a defined term ("the Court of Appeal (“the High Court”)") is something else.
 */
const NAME_IN_BRACKETS = /^ \(([^()\n\d"“”]{1,60})\)/u;
/** The rest of a bracket a name opened, up to its ")": the same words a bracketed name may hold. */
const REST_OF_BRACKET = /^[^()\n\d"“”]{0,60}\)/u;
/** The start of a bracket a name closes without opening it: "(Sabiha) Bakırcı". */
const START_OF_BRACKET = /\([^()\n\d"“”]{0,60}$/u;
/** A bracket that starts with one of these is an aside, not a name: "(see below)", "(where he was held)", "(dec.)". */
const ASIDE_START = /^(?:(?:see|where|when|which|who|whose|hereinafter|as|and|or|now|formerly|the|a|an|for|with|on|at|in|from|by|under|also)\b|dec\.|i\.e\.|e\.g\.)/u;

/**
 * `merged`: sorted, non-overlapping mentions. A name that leaves a bracket open or closes one it did
 * not open is completed to it. An ORG mention followed by a bracketed name takes the bracket; an ORG
 * mention inside the bracket (the acronym) joins it; one of another type inside it leaves the name
 * as it was.
 */
export function extendBracketedNames(text: string, merged: readonly DetectedMention[]): DetectedMention[] {
  const out: DetectedMention[] = [];
  for (let i = 0; i < merged.length; i++) {
    const completed = completeBrackets(text, merged, i, out.at(-1)?.end ?? 0);
    if (completed) {
      out.push(completed.mention);
      i = completed.next - 1;
      continue;
    }
    const m = merged[i];
    const tail = m.entityType === 'ORG' ? NAME_IN_BRACKETS.exec(text.slice(m.end, m.end + 64)) : null;
    if (!tail || ASIDE_START.test(tail[1])) {
      out.push(m);
      continue;
    }
    const end = m.end + tail[0].length;
    let next = i + 1;
    while (next < merged.length && merged[next].start < end && merged[next].end <= end && merged[next].entityType === 'ORG') next++;
    if (next < merged.length && merged[next].start < end) {
      out.push(m);
      continue;
    }
    out.push({ ...m, end });
    i = next - 1;
  }
  return out;
}

/**
 * A name that ends inside a bracket it opened ("Supreme Court (Högsta" before " domstolen)") or
 * starts inside one it closes ("Sabiha) Bakırcı"), as the neural layer cuts some, completed to the
 * bracket: TAB's annotators mark "Supreme Court (Högsta domstolen)" whole or both names in it, and a
 * mask that stops at "Högsta" leaves "domstolen)" to read. Mentions inside the completed part join it;
 * one that runs past it, an aside ("(approximately"), or more than a bracketed name holds leave the
 * name as it was. `previousEnd`: where the last kept mention ends (the start moves no further back).
 */
function completeBrackets(text: string, merged: readonly DetectedMention[], i: number, previousEnd: number): { mention: DetectedMention; next: number } | undefined {
  const m = merged[i];
  // Names only, not sums ("SEK 979,503 (approximately" is a sum and an aside).
  if (!NAME_OR_DEM_TYPES.has(m.entityType)) return undefined;
  // Where the brackets the name leaves open open, outermost first.
  const opens: number[] = [];
  let unopened = 0;
  for (let k = m.start; k < m.end; k++) {
    const unit = text.charCodeAt(k);
    if (unit === 40) opens.push(k);
    else if (unit === 41 && opens.pop() === undefined) unopened++;
  }
  const open = opens.length;
  if (open === 0 && unopened === 0) return undefined;
  let { start, end } = m;
  for (let k = 0; k < open; k++) {
    const rest = REST_OF_BRACKET.exec(text.slice(end, end + 64));
    if (!rest) return undefined;
    end += rest[0].length;
  }
  if (open > 0 && ASIDE_START.test(text.slice(opens[0] + 1, end).trimStart())) return undefined;
  for (let k = 0; k < unopened; k++) {
    const opening = START_OF_BRACKET.exec(text.slice(Math.max(previousEnd, start - 64), start));
    if (!opening) return undefined;
    start -= opening[0].length;
  }
  let next = i + 1;
  while (next < merged.length && merged[next].end <= end) next++;
  if (next < merged.length && merged[next].start < end) return undefined;
  return { mention: { ...m, start, end }, next };
}
