/**
 * A bench's command line, read by node:util's parseArgs in strict mode: an option the bench does not
 * know, an option without its value or a stray word is an error that names it, where the benches'
 * own loops over process.argv passed a mistyped option by ("--isolate 3" ran with the default).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The option declarations parseArgs takes (`{ name: { type: 'string', default: '3' } }`). */
type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The values of the bench's options (`--name value`, or `--name` alone for a boolean). */
export function benchArgs<const T extends OptionsConfig>(options: T, argv: readonly string[] = process.argv.slice(2)) {
  return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals: false as const }).values;
}

/** The bench's options and its positional arguments (`pipeline-throughput.ts CONFIG INPUT`). */
export function benchArgsWithPositionals<const T extends OptionsConfig>(options: T, argv: readonly string[] = process.argv.slice(2)) {
  return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals: true as const });
}

/** A whole-number option's value, at least `least`: `--name` names it in the error. */
export function wholeNumber(name: string, value: string, least = 1): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < least) throw new Error(`--${name} needs a whole number, ${least} or more (got ${JSON.stringify(value)})`);
  return number;
}

/** A number option's value (a threshold, a fraction). */
export function numberOption(name: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new Error(`--${name} needs a number (got ${JSON.stringify(value)})`);
  return number;
}

/** A comma-separated option's items. */
export function listOption(value: string): string[] {
  return value.split(',').filter((item) => item !== '');
}

/** An option that takes one of a few values. */
export function choiceOption<const C extends readonly string[]>(name: string, value: string, choices: C): C[number] {
  if (!choices.includes(value)) throw new Error(`--${name} is one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
  return value as C[number];
}
