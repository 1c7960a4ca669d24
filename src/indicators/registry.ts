import type { ZodType, ZodIssue } from 'zod';
import type { RiskIndicatorFactory } from './types.ts';

/** One problem with an indicator's options: the path inside the options, and what is wrong. */
export interface OptionProblem {
  path: (string | number)[];
  message: string;
}

/** Checks options as a config gives them, without building anything (no model is loaded). */
export type OptionsValidator = (options: Record<string, unknown>) => OptionProblem[];

interface Registration {
  factory: RiskIndicatorFactory;
  validate?: OptionsValidator;
}

const registrations = new Map<string, Registration>();

/**
 * Adds an indicator under a name; later stages look it up by that name (configs, CLI). `options`
 * (a strict zod schema, or a validator) lets a config be checked before any work starts.
 */
export function registerIndicator(name: string, factory: RiskIndicatorFactory, options?: ZodType | OptionsValidator): void {
  if (registrations.has(name)) throw new Error(`risk indicator "${name}" is registered twice`);
  registrations.set(name, { factory, validate: options === undefined ? undefined : typeof options === 'function' ? options : validatorOf(options) });
}

export function indicatorFactory(name: string): RiskIndicatorFactory {
  const registration = registrations.get(name);
  if (!registration) throw new Error(unknownIndicatorMessage(name));
  return registration.factory;
}

export function indicatorNames(): string[] {
  return [...registrations.keys()];
}

/** `unknown risk indicator "x" (known: …)`. */
export function unknownIndicatorMessage(name: string): string {
  return `unknown risk indicator "${name}" (known: ${[...registrations.keys()].join(', ') || 'none'})`;
}

/**
 * Problems with an indicator's name or options; empty when the options would be accepted. An
 * unknown name is one problem at the empty path.
 */
export function checkIndicatorOptions(name: string, options: Record<string, unknown>): OptionProblem[] {
  const registration = registrations.get(name);
  if (!registration) return [{ path: [], message: unknownIndicatorMessage(name) }];
  return registration.validate?.(options) ?? [];
}

/** A validator from a zod schema: one problem per issue, one per unrecognized key (at the key's path). */
export function validatorOf(schema: ZodType): OptionsValidator {
  return (options) => {
    const result = schema.safeParse(options);
    return result.success ? [] : result.error.issues.flatMap(problemsOf);
  };
}

function problemsOf(issue: ZodIssue): OptionProblem[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unrecognized key' }));
  return [{ path: issue.path, message: issue.message }];
}
