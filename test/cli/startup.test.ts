import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { runChild } from './child-process.ts';
import { distIsFresh, newestSourceTime } from '../../bin/dist.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const MODULE_LOG_HOOK = join(ROOT, 'test', 'cli', 'startup-module-log.mjs');
/** Packages that only commands which load models or NLP/ML libraries may import. */
const HEAVY = ['onnxruntime-node', 'onnxruntime-common', '@huggingface/transformers', 'wink-nlp', 'wink-eng-lite-web-model', 'ml-matrix', 'ml-random-forest', 'ml-logistic-regression', 'protobufjs'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** CPU seconds (user + system) of the child. */
  cpu: number;
  modules: string[];
}

/** Runs a script with node, logging the URL of every module it loads. */
async function runLogged(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'sanitext-startup-'));
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  try {
    const r = await runChild(process.execPath, ['--import', MODULE_LOG_HOOK, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, SANITEXT_MODULE_LOG: log },
    });
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const cpu = Number(lines.find((line) => line.startsWith('cpu '))?.slice(4) ?? NaN);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: r.seconds, cpu, modules: lines.filter((line) => !line.startsWith('cpu ')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function heavyModulesIn(modules: string[]): string[] {
  return HEAVY.filter((name) => modules.some((url) => url.includes(`/node_modules/${name}/`)));
}

beforeAll(async () => {
  // CI builds dist/ in `npm ci` (prepare); a checkout with edited sources builds it here.
  if (!distIsFresh() || !existsSync(join(ROOT, 'dist', 'index.d.ts'))) {
    const r = await runChild(process.execPath, [join(ROOT, 'bin', 'build.mjs')], { cwd: ROOT, timeoutMs: 110_000 });
    expect(r.status, r.stderr).toBe(0);
  }
});

describe('start-up of the compiled CLI', () => {
  it('answers --help well under the bound, listing every command, and loads no model or NLP library', async () => {
    const run = await runLogged(DIST_MAIN, ['--help']);
    expect(run.status, run.stderr).toBe(0);
    // The target is 0.3 s on two idle cores (about 0.15 s of CPU). CPU time hardly depends on how busy the
    // machine is; the wall-clock bound leaves room for a loaded CI machine. Through tsx it took 1.5–2 s of CPU.
    expect(run.cpu).toBeLessThan(0.6);
    expect(run.seconds).toBeLessThan(3);
    for (const entry of COMMANDS) expect(run.stdout).toContain(`${entry.name} ${entry.usage}`);
    expect(heavyModulesIn(run.modules)).toEqual([]);
    // Only the command registry, not the command modules.
    expect(run.modules.filter((url) => /\/dist\/cli\/commands\/(?!index\.js)/.test(url))).toEqual([]);
  });

  it.each([['datasets', 'list'], ['evaluate', '--help'], ['sanitize', '--help'], ['detect', '--help'], ['restore', '--help']])('`%s %s` loads no model runtime', async (...args) => {
    const run = await runLogged(DIST_MAIN, args);
    expect(run.status, run.stderr).toBe(0);
    expect(heavyModulesIn(run.modules).filter((name) => name.startsWith('onnxruntime') || name === '@huggingface/transformers')).toEqual([]);
  });

  it('answers `<command> --help` with the real command help and an unknown command with exit 1 and the list', async () => {
    const help = await runLogged(DIST_MAIN, ['help', 'evaluate']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--weights <scheme>');
    const unknown = await runLogged(DIST_MAIN, ['evaluat']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'evaluat'");
    expect(unknown.stderr).toContain("Did you mean evaluate?");
  });
});

describe('the command registry', () => {
  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))('`%s` loads a module that registers that command with the listed usage', async (name, entry) => {
    const program = new Command();
    (await entry.load())(program);
    const command = program.commands.find((c) => c.name() === name);
    expect(command, `${name} is not registered by its module`).toBeDefined();
    expect(command!.usage()).toBe(entry.usage);
  });
});

describe('bin/sanitext.mjs', () => {
  it('runs the TypeScript sources with SANITEXT_FROM_SOURCE=1 and prints the same help as dist/', async () => {
    const fromSource = await runLogged(join(ROOT, 'bin', 'sanitext.mjs'), ['--help'], { SANITEXT_FROM_SOURCE: '1' });
    expect(fromSource.status, fromSource.stderr).toBe(0);
    expect(fromSource.modules.some((url) => url.endsWith('/src/cli/main.ts'))).toBe(true);
    expect(fromSource.modules.some((url) => url.startsWith(`file://${ROOT}dist/`))).toBe(false);
    expect(fromSource.stdout).toBe((await runLogged(DIST_MAIN, ['--help'])).stdout);
  });

  it('runs dist/ exactly when it is up to date with src/', async () => {
    const freshBefore = distIsFresh();
    const run = await runLogged(join(ROOT, 'bin', 'sanitext.mjs'), ['--help']);
    const freshAfter = distIsFresh();
    expect(run.status, run.stderr).toBe(0);
    const usedDist = run.modules.some((url) => url.endsWith('/dist/cli/main.js'));
    const usedSource = run.modules.some((url) => url.endsWith('/src/cli/main.ts'));
    expect(usedDist).not.toBe(usedSource);
    // Someone may save a source file while this runs; only a state that held throughout is checked.
    if (freshBefore === freshAfter) expect(usedDist).toBe(freshBefore);
  });
});

describe('freshness of dist/', () => {
  function tree(): { src: string; info: string; cleanup: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'sanitext-fresh-'));
    mkdirSync(join(dir, 'src', 'corpus'), { recursive: true });
    writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
    writeFileSync(join(dir, 'src', 'corpus', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'src', 'corpus', 'b.ts'), 'export const b = 1;\n');
    // Sources written a minute ago, then built: the build records the newest time it saw.
    const past = new Date(Date.now() - 60_000);
    for (const path of ['src/index.ts', 'src/corpus/a.ts', 'src/corpus/b.ts', 'src/corpus', 'src']) utimesSync(join(dir, path), past, past);
    const info = join(dir, 'build-info.json');
    writeFileSync(info, JSON.stringify({ sourceTime: newestSourceTime(join(dir, 'src')) }));
    return { src: join(dir, 'src'), info, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }

  it('is fresh right after a build and stale after an edit, a new file or a deleted file', () => {
    const edits: Array<(src: string) => void> = [
      (src) => writeFileSync(join(src, 'corpus', 'a.ts'), 'export const a = 2;\n'),
      (src) => writeFileSync(join(src, 'corpus', 'c.ts'), 'export const c = 1;\n'),
      (src) => rmSync(join(src, 'corpus', 'b.ts')),
    ];
    for (const edit of edits) {
      const { src, info, cleanup } = tree();
      try {
        expect(distIsFresh(src, info)).toBe(true);
        edit(src);
        expect(distIsFresh(src, info)).toBe(false);
      } finally {
        cleanup();
      }
    }
  });

  it('is stale when the build did not finish (no build info)', () => {
    const { src, info, cleanup } = tree();
    try {
      rmSync(info);
      expect(distIsFresh(src, info)).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe("the package's exports", () => {
  it('lets another package `import { createPipeline } from "sanitext"` (JavaScript from dist/, types from dist/index.d.ts)', async () => {
    const consumer = mkdtempSync(join(tmpdir(), 'sanitext-consumer-'));
    try {
      // What `npm install <this folder>` makes: node_modules/sanitext linked to the package.
      mkdirSync(join(consumer, 'node_modules'));
      symlinkSync(ROOT, join(consumer, 'node_modules', 'sanitext'), 'dir');
      writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
      const script = [
        "import { createPipeline, corpus, mask } from 'sanitext';",
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        "const manifest = require('sanitext/package.json');",
        "console.log(JSON.stringify({ createPipeline: typeof createPipeline, corpus: typeof corpus.offsetConverter, mask: typeof mask, types: manifest.exports['.'].types }));",
      ].join('\n');
      const r = await runChild(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
      expect(r.status, r.stderr).toBe(0);
      const seen = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(seen).toMatchObject({ createPipeline: 'function', corpus: 'function', mask: 'object' });
      const declarations = readFileSync(join(ROOT, seen.types), 'utf8');
      expect(declarations).toMatch(/createPipeline/);
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });
});
