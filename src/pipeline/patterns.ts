/**
 * User regular expressions, guarded twice against catastrophic backtracking:
 *  - at load, `safe-regex2` rejects patterns with nested quantifiers (star height > 1, e.g. `(a+)+`)
 *    or too many repetitions;
 *  - at run time every scan runs in a `node:vm` context with a timeout, because star height does not
 *    catch everything (`(x|x)*y` backtracks exponentially with star height 1). V8 stops a scan that
 *    runs past the bound, and the document fails with a message instead of hanging the process.
 */
import vm from 'node:vm';
import safeRegex from 'safe-regex2';
import { InputError } from '../corpus/index.ts';
import type { Span } from '../corpus/index.ts';

export interface UserPattern {
  source: string;
  /** Flags besides `g` (which every scan adds). */
  flags: string;
  /** Config field that holds it, e.g. `detect.layers.patterns.0.patterns.2`: named in errors. */
  field: string;
}

/** Compiles and vets one pattern; problems name the config file and field, never the pattern's matches. */
export function checkPattern(pattern: UserPattern, file: string): RegExp {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern.source, `g${pattern.flags}`);
  } catch (error) {
    throw new InputError([{ file, message: `${pattern.field}: not a valid regular expression (${(error as Error).message})` }]);
  }
  if (!safeRegex(compiled)) {
    throw new InputError([
      { file, message: `${pattern.field}: the pattern could backtrack catastrophically (a quantifier inside a quantified group, e.g. (a+)+); rewrite it without nesting` },
    ]);
  }
  return compiled;
}

export interface PatternMatch extends Span {
  /** Index of the pattern in the set. */
  pattern: number;
}

// Runs inside the sandbox: every non-empty match of every pattern, as flat (pattern, start, end).
const SCAN = `(() => {
  const out = [];
  for (let p = 0; p < patterns.length; p++) {
    const re = patterns[p];
    current = p;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0] === '') { re.lastIndex++; continue; }
      out.push(p, m.index, m.index + m[0].length);
    }
  }
  return out;
})()`;

/** A set of vetted patterns scanned together under one time bound per document. */
export class GuardedPatternSet {
  private readonly context: vm.Context;
  private readonly scan = new vm.Script(SCAN);

  constructor(
    readonly patterns: readonly UserPattern[],
    private readonly timeoutMs: number,
    private readonly file: string,
  ) {
    patterns.forEach((p) => checkPattern(p, file));
    this.context = vm.createContext({ sources: patterns.map((p) => [p.source, `g${p.flags}`]), text: '', current: 0 });
    new vm.Script('var patterns = sources.map(([s, f]) => new RegExp(s, f));').runInContext(this.context);
  }

  get size(): number {
    return this.patterns.length;
  }

  /** Every match in `text`; an InputError names the document when the scan runs past the bound. */
  matchAll(text: string, docId: string): PatternMatch[] {
    if (this.patterns.length === 0) return [];
    this.context.text = text;
    let flat: number[];
    try {
      flat = this.scan.runInContext(this.context, { timeout: this.timeoutMs }) as number[];
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new InputError([
          { file: this.file, docId, message: `${this.patterns[this.context.current as number]?.field ?? 'a user pattern'}: ran longer than ${this.timeoutMs} ms on this document: simplify it` },
        ]);
      }
      throw error;
    } finally {
      this.context.text = '';
    }
    const matches: PatternMatch[] = [];
    for (let i = 0; i < flat.length; i += 3) matches.push({ pattern: flat[i], start: flat[i + 1], end: flat[i + 2] });
    return matches;
  }
}
