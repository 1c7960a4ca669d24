#!/usr/bin/env node
// Compiles src/ to dist/ (one .js per .ts, same folder layout, so paths computed from import.meta.url such as
// the repository root stay right) and copies the other files under src/ (the ONNX schema). Run by `npm ci`
// through the `prepare` script; `npm run build` after editing src/. esbuild is a runtime dependency, so this
// also works after `npm ci --omit=dev`. With TypeScript installed (a dev dependency) it also writes the type
// declarations of the library (`dist/index.d.ts`, the `types` of the package's exports); `--no-types` skips them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { BUILD_INFO, DIST_DIR, ROOT, SRC_DIR, newestSourceTime } from './dist.mjs';

const started = performance.now();
// Read before compiling: a source saved while the build runs is newer than this and makes dist/ stale.
const sourceTime = newestSourceTime();
const files = readdirSync(SRC_DIR, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
const sources = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

// Build in an ignored folder on the same disk and swap it in at the end: a failed or interrupted build leaves
// the old dist/ (or none), never a half-written one.
const scratch = join(ROOT, 'node_modules', '.cache', 'sanitext-build');
const staging = join(scratch, `dist-${process.pid}`);
mkdirSync(scratch, { recursive: true });
rmSync(staging, { recursive: true, force: true });

/** Every import stays an import (nothing is bundled); relative ones are renamed from .ts to .js. */
const keepImports = {
  name: 'keep-imports',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relativeImport = args.path.startsWith('./') || args.path.startsWith('../');
      return { path: relativeImport ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
    // Modules located at run time with `new URL('./x.ts', import.meta.url)` are .js files in dist/.
    builder.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/new URL\((['"])(\.{1,2}\/[^'"]+)\.ts\1, import\.meta\.url\)/g, 'new URL($1$2.js$1, import.meta.url)'),
      loader: 'ts',
    }));
  },
};

try {
  await build({
    entryPoints: sources,
    outdir: staging,
    outbase: SRC_DIR,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  if (!process.argv.includes('--no-types')) await emitDeclarations(staging);
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    const target = join(staging, relative(SRC_DIR, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  writeFileSync(join(staging, relative(DIST_DIR, BUILD_INFO)), `${JSON.stringify({ sourceTime, files: sources.length })}\n`);
  const previous = join(scratch, `old-${process.pid}`);
  try {
    renameSync(DIST_DIR, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(staging, DIST_DIR);
  rmSync(previous, { recursive: true, force: true });
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`sanitext build: ${error.message}\n`);
  process.exit(1);
}
/** Declarations of the library's public surface, without type checking (that is `npm run typecheck`). */
async function emitDeclarations(outDir) {
  let ts;
  try {
    ts = (await import('typescript')).default;
  } catch {
    process.stderr.write('sanitext build: TypeScript is not installed (npm ci --omit=dev): no type declarations\n');
    return;
  }
  const program = ts.createProgram([join(SRC_DIR, 'index.ts')], {
    declaration: true,
    emitDeclarationOnly: true,
    noCheck: true,
    outDir,
    rootDir: SRC_DIR,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    allowImportingTsExtensions: true,
    types: ['node'],
  });
  const { diagnostics, emitSkipped } = program.emit();
  if (emitSkipped) throw new Error(`type declarations not written: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
}

process.stderr.write(`sanitext build: ${sources.length} modules → dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
