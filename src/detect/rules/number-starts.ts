/**
 * Where a number may open: the shared cues of the cardinal, count-phrase, money-suffix, percentage and
 * duration rules, and (the digits alone, or with month names) of the measure, year, year-range and
 * date rules. Each of them ran its own expression over the whole text, trying a number-word
 * alternation or a long look-behind at every position; as cues (`opensWithCue`), their openings are
 * found by the one cue scan all cued rules share (cues.ts), and each rule is tried only there.
 *
 * Exact: every match of those rules starts with a digit after a word boundary, with a whole word (an
 * ASCII `\w` run, any case) that is one of NUMBER_OPENING_WORDS (each pattern follows its first number
 * word with a space, a hyphen or a look-ahead for a non-word character), or, for the cardinal, with a
 * dot before a digit (`'or-dot-before'`). A cue is found wherever a word starts with it, so the ten
 * digits cover every number. A rule whose phrases open with fewer of those words takes a shorter list
 * (AMOUNT_CUES, CARDINAL_CUES): it is then not tried where only another rule's number may start.
 */

/** The number words of an amount ("two", "thirty", "hundred"): what a written amount opens with. */
const AMOUNT_WORDS: readonly string[] = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen',
  'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred',
  'thousand',
];

/** What a cardinal opens with besides an amount: "twice", "thrice" and the ordinal words. */
const CARDINAL_WORDS: readonly string[] = [
  'twice', 'thrice', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth',
  'fourteenth', 'fifteenth', 'twentieth',
];

/** The first words of the rules' number phrases: number words, ordinals, "a few", "half an hour". */
export const NUMBER_OPENING_WORDS: readonly string[] = [...AMOUNT_WORDS, ...CARDINAL_WORDS, 'several', 'many', 'some', 'a', 'an', 'half'];

/** The ten digits: the cues of a rule whose every match opens with a digit after a word boundary (`\b\d`). */
export const DIGIT_CUES: readonly string[] = [...'0123456789'];

/**
 * The cues of the rules whose number is a figure or an amount in words (money, percentages, counts):
 * not "a", "an", "some", "many", "several" or "half", which open a duration ("a few weeks", "half an
 * hour") but none of theirs, and which open a sentence's every other phrase: each is one try of
 * each of those rules' expressions, most of the tries these rules made on prose.
 */
export const AMOUNT_CUES: readonly string[] = [...DIGIT_CUES, ...AMOUNT_WORDS];

/** The cardinal's cues: an amount's, "twice", "thrice" and the ordinal words. */
export const CARDINAL_CUES: readonly string[] = [...AMOUNT_CUES, ...CARDINAL_WORDS];

/** All the number rules' cues (the duration's: "a few weeks", "several months"). */
export const NUMBER_CUES: readonly string[] = [...DIGIT_CUES, ...NUMBER_OPENING_WORDS];
