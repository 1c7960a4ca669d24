/** Starting the service on an address: a non-loopback address needs a token. */
import { isIP } from 'node:net';
import { InputError } from '../corpus/index.ts';
import type { Service } from './app.ts';

/** The environment variable that holds the bearer token. */
export const SERVICE_TOKEN_ENV = 'SANITEXT_SERVICE_TOKEN';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}

/** Refuses to expose the API off loopback without a token. */
export function checkBinding(host: string, token: string | undefined): void {
  if (!isLoopback(host) && (token === undefined || token === '')) {
    throw new InputError([{ file: '(command line)', message: `--host ${host} is not a loopback address: set $${SERVICE_TOKEN_ENV} to a bearer token that requests must carry` }]);
  }
}

/** Listens on host:port (port 0: any free one) and returns the address bound. */
export async function listenService(service: Service, host: string, port: number, token: string | undefined): Promise<string> {
  checkBinding(host, token);
  try {
    return await service.app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new InputError([{ file: '(command line)', message: `cannot listen on ${host}:${port} (${code})` }]);
    }
    throw error;
  }
}
