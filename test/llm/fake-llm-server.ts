/**
 * A local OpenAI-compatible server for the tests (node:http on 127.0.0.1, a free port): it answers
 * POST /v1/chat/completions with the next scripted reply — a status with a body, a delay, or a
 * completion computed from the request — and records every request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string } };
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { delayMs: number; then: Reply }
  | ((request: ChatRequestBody) => string);

export interface FakeLlmServer {
  url: string;
  requests: ChatRequestBody[];
  /** The Authorization header of each request. */
  authorizations: (string | undefined)[];
  /** Replies for the next requests, in order; the last one repeats. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** A chat completion as llama.cpp server / vLLM return it. */
export function completion(content: string, model = 'qwen2.5-7b-instruct'): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1764460800,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 412, completion_tokens: 58, total_tokens: 470 },
  };
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: ChatRequestBody[] = [];
  const authorizations: (string | undefined)[] = [];
  let replies: Reply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
      requests.push(body);
      authorizations.push(req.headers.authorization);
      const reply = replies.length > 1 ? replies.shift()! : replies[0];
      const send = (r: Reply | undefined): void => {
        if (r === undefined) res.writeHead(500).end('{"error":{"message":"no reply scripted"}}');
        else if (typeof r === 'function') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(r(body), body.model)));
        else if ('delayMs' in r) setTimeout(() => send(r.then), r.delayMs);
        else res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(JSON.stringify(r.body ?? { error: { message: 'scripted failure' } }));
      };
      send(reply);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    script: (...next) => {
      replies = next;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
