/** Strict options: an unknown or mistyped key is an InputError naming its path. */
import type { z } from 'zod/v4';
import { InputError } from '../corpus/index.ts';

export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(parsed.error.issues.map((issue) => ({ file: `(${what} options)`, message: `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}` })));
}
