#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through `prepare`, or `npm run build`) when it is up to date
// with src/; otherwise, or with SANITEXT_FROM_SOURCE=1, the TypeScript sources through tsx, so an edit under src/
// is never run stale. dist/ starts in about 0.1 s; tsx transpiles at every run (1–2 s).
import { distIsFresh } from './dist.mjs';

if (process.env.SANITEXT_FROM_SOURCE !== '1' && distIsFresh()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
