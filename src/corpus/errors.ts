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
