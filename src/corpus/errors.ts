/** One concrete problem found in an input file, located as precisely as the input allows. */
export interface InputProblem {
  file: string;
  docId?: string;
  mentionId?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.docId && `doc ${p.docId}`, p.mentionId && `mention ${p.mentionId}`].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** Bad input: carries every problem found (the message shows the first few). */
export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    const shown = problems.slice(0, 10).map(formatProblem);
    const more = problems.length > 10 ? `\n… and ${problems.length - 10} more problem(s)` : '';
    super(shown.join('\n') + more);
    this.name = 'InputError';
  }
}

/**
 * Why a JSON text failed to parse, located by line and column, without quoting it: V8's own
 * message repeats a stretch of the input, which may be the very personal data being protected.
 */
export function describeJsonSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input/i.test(message)) return 'unexpected end of input';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return 'syntax error';
  const offset = Math.min(Number(position), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `syntax error at line ${line}, column ${column}`;
}
