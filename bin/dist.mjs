// Where the compiled CLI lives and whether it is up to date with src/ (shared by sanitext.mjs and build.mjs).
// Plain JavaScript: it runs before anything can transpile TypeScript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SRC_DIR = join(ROOT, 'src');
export const DIST_DIR = join(ROOT, 'dist');
/** Written last by the build: the newest modification time under src/ that the build saw before compiling. */
export const BUILD_INFO = join(DIST_DIR, 'build-info.json');

/**
 * The newest modification time (ms) of src/ and everything under it. Folders count too: adding, deleting
 * or renaming a file changes its folder's time. About a millisecond for the whole tree.
 */
export function newestSourceTime(dir = SRC_DIR) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** True when dist/ was built from the sources as they are now (no file under src/ changed since). */
export function distIsFresh(srcDir = SRC_DIR, buildInfo = BUILD_INFO) {
  try {
    const info = JSON.parse(readFileSync(buildInfo, 'utf8'));
    return typeof info.sourceTime === 'number' && newestSourceTime(srcDir) <= info.sourceTime;
  } catch {
    return false; // not built, or built by an interrupted run
  }
}
