/** The benches' command lines (bench/args.ts, bench/out-dir.ts): strict, and naming what is wrong. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchArgs, benchArgsWithPositionals, choiceOption, listOption, numberOption, wholeNumber } from '../../bench/args.ts';
import { benchOutDir } from '../../bench/out-dir.ts';
import { REPO_ROOT } from '../../src/corpus/index.ts';

const OPTIONS = { repeats: { type: 'string', default: '9' }, out: { type: 'string' }, fast: { type: 'boolean', default: false } } as const;

describe('bench arguments', () => {
  it('reads the options given and keeps the defaults of the others', () => {
    expect(benchArgs(OPTIONS, ['--repeats', '3', '--fast'])).toEqual({ repeats: '3', fast: true });
    expect(benchArgs(OPTIONS, [])).toEqual({ repeats: '9', fast: false });
  });

  it('rejects a mistyped option, a missing value and a stray word, naming them', () => {
    expect(() => benchArgs(OPTIONS, ['--repeat', '3'])).toThrow(/--repeat/);
    expect(() => benchArgs(OPTIONS, ['--out'])).toThrow(/--out/);
    expect(() => benchArgs(OPTIONS, ['results'])).toThrow(/results/);
    expect(benchArgsWithPositionals({}, ['a.yaml', 'tab-masked:test']).positionals).toEqual(['a.yaml', 'tab-masked:test']);
  });

  it('checks numbers, choices and lists', () => {
    expect(wholeNumber('repeats', '3')).toBe(3);
    expect(() => wholeNumber('repeats', '0')).toThrow('--repeats needs a whole number, 1 or more (got "0")');
    expect(() => wholeNumber('repeats', '2.5')).toThrow(/--repeats/);
    expect(wholeNumber('warmup-ms', '0', 0)).toBe(0);
    expect(numberOption('threshold', '0.5')).toBe(0.5);
    expect(() => numberOption('threshold', 'high')).toThrow(/--threshold/);
    expect(choiceOption('dtype', 'q8', ['fp32', 'q8'])).toBe('q8');
    expect(() => choiceOption('dtype', 'int8', ['fp32', 'q8'])).toThrow('--dtype is one of fp32, q8 (got "int8")');
    expect(listOption('wiki-test,tab144:test')).toEqual(['wiki-test', 'tab144:test']);
  });

  it('writes to --out when given, else to out/<name>', () => {
    expect(benchOutDir('table3', undefined)).toBe(join(REPO_ROOT, 'out', 'table3'));
    expect(benchOutDir('table3', 'results/table3')).toBe(resolve('results/table3'));
    expect(() => benchOutDir('table3', '')).toThrow('--out needs a folder');
  });
});
