/**
 * The lower case of the last text asked about, shared by the layers that read one: the gazetteer
 * matcher's tokens and the context words before a candidate. A recognizer reads one document after
 * another, so the rule layer and the gazetteer layer lower-case each document once between them.
 */

let lastText: string | undefined;
let lastLowered: string | undefined;

/**
 * `text.toLowerCase()` when it keeps every unit in its place (it is as long as the text: no unit
 * lower-cases to more, as "İ" does), else undefined.
 */
export function lowerCaseInPlace(text: string): string | undefined {
  if (text !== lastText) {
    const lowered = text.toLowerCase();
    lastLowered = lowered.length === text.length ? lowered : undefined;
    lastText = text;
  }
  return lastLowered;
}
