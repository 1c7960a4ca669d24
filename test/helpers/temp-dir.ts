import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A fresh folder under the OS temp dir for the tests of one file (or describe block), removed with
 * everything in it after them: tests write key and mapping files, which must not linger.
 * Call at the top level of a test file or describe block; read `.path` inside tests and hooks.
 */
export function useTempDir(prefix = 'sanitext-test-'): { readonly path: string } {
  let path: string | undefined;
  beforeAll(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (path !== undefined) await rm(path, { recursive: true, force: true });
  });
  return {
    get path(): string {
      if (path === undefined) throw new Error('useTempDir: the folder exists only inside tests and hooks');
      return path;
    },
  };
}
