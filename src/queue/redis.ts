/**
 * The Redis connection of the queue mode (ioredis, the client BullMQ is built on). A URL is checked
 * before anything connects, and an unreachable server is one message naming the host, never a hang:
 * the first connection is tried once; only after it succeeded does the client reconnect by itself
 * (a worker rides out a Redis restart). Messages name `--redis` and the URL without its password.
 */
import { Redis } from 'ioredis';
import { InputError } from '../corpus/index.ts';

/** The environment variable the tests and CI use for the Redis URL. */
export const REDIS_URL_ENV = 'SANITEXT_REDIS_URL';

/** A URL as messages may show it: scheme, host, port and database, no user or password. */
export function describeRedisUrl(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname && url.pathname !== '/' ? url.pathname : ''}`;
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); throws an InputError naming `option`. */
export function parseRedisUrl(value: string, option = '--redis'): URL {
  const fail = (message: string): never => {
    throw new InputError([{ file: '(command line)', message: `${option}: ${message}` }]);
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('not a URL: expected redis://host:port (e.g. redis://127.0.0.1:6379)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') fail(`expected a redis:// or rediss:// URL, not ${url.protocol}//…`);
  if (url.hostname === '') fail('the URL names no host');
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) fail(`the database is a number (redis://host:port/0), not "${db}"`);
  return url;
}

export interface RedisConnectOptions {
  /** How long the first connection may take (default 5 s). */
  connectTimeoutMs?: number;
  option?: string;
}

/**
 * A connected client. `maxRetriesPerRequest: null` is what BullMQ workers need (a blocking wait
 * must not fail while Redis reconnects); the short-lived commands share it.
 */
export async function connectRedis(urlText: string, options: RedisConnectOptions = {}): Promise<Redis> {
  const option = options.option ?? '--redis';
  const url = parseRedisUrl(urlText, option);
  let connected = false;
  let lastError: Error | undefined;
  const client = new Redis(url.toString(), {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    // Before the first connection: give up at once (one clear message); after it: reconnect, backing off to 2 s.
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2000) : null),
  });
  // ioredis reports connection errors as events too; without a listener Node would print them.
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const cause = (error as NodeJS.ErrnoException).code ?? lastError?.message ?? (error as Error).message;
    throw new InputError([{ file: '(command line)', message: `${option}: cannot reach Redis at ${describeRedisUrl(url)} (${cause})` }]);
  }
  connected = true;
  return client;
}
