/**
 * A Hugging Face hub on the loopback interface: serves bundled model folders under
 * `/<org>/<name>/resolve/main/<file>`, the layout Transformers.js fetches, so a test loads a model by hub id
 * without the network. Transformers.js's `env.remoteHost` and `env.cacheDir` point at it while in use.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { env } from '@huggingface/transformers';

export interface LocalHub {
  /** Files fetched so far (paths), to check the hub path was really taken. */
  readonly fetched: string[];
  close(): Promise<void>;
}

/** `models`: hub id → local folder. */
export async function startLocalHub(models: Record<string, string>, cacheDir: string): Promise<LocalHub> {
  const fetched: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const match = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(path);
    const folder = match ? models[match[1]] : undefined;
    const file = folder && match ? normalize(join(folder, match[2])) : undefined;
    if (!file || !file.startsWith(folder!) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    fetched.push(path);
    response.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const saved = { remoteHost: env.remoteHost, cacheDir: env.cacheDir, allowRemoteModels: env.allowRemoteModels };
  env.remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  env.cacheDir = cacheDir;
  env.allowRemoteModels = true;
  return {
    fetched,
    async close() {
      Object.assign(env, saved);
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
