/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp server, Ollama) through
 * the `openai` package. Retries, rate limit and cache are layered around it (resilience.ts), so the
 * package's own retries are off. Endpoints off this machine need `allowExternalLlm`.
 */
import OpenAI from 'openai';
import { isLoopbackHost } from '../indicators/web-search/http.ts';
import { ExternalLlmNotAllowedError, LlmRequestError, LlmResponseError } from './errors.ts';
import type { LlmClient, LlmJsonSchema, LlmRequest, LlmResponse } from './types.ts';

/** Environment variables read for the key, in this order. */
export const LLM_KEY_VARIABLES = ['SANITEXT_LLM_API_KEY', 'OPENAI_API_KEY'] as const;

export interface OpenAiBackendOptions {
  /** Base URL ending in /v1, e.g. http://127.0.0.1:8080/v1. */
  url: string;
  model: string;
  allowExternalLlm?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export class OpenAiCompatibleBackend implements LlmClient {
  readonly id: string;
  readonly external: boolean;
  private readonly openai: OpenAI;
  private readonly model: string;
  /** Cleared after the endpoint rejects `response_format: json_schema`; the answer is then parsed and validated only. */
  private schemaSupported = true;

  constructor(options: OpenAiBackendOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new Error(`LLM: --llm-url is not a URL (${JSON.stringify(options.url)})`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`LLM: --llm-url must be http(s) (got ${base.protocol})`);
    this.external = !isLoopbackHost(base.hostname);
    if (this.external && !options.allowExternalLlm) throw new ExternalLlmNotAllowedError(base.host);
    const env = options.env ?? process.env;
    // Local servers accept any key; the package insists on one.
    const apiKey = LLM_KEY_VARIABLES.map((name) => env[name]).find((v) => v !== undefined && v !== '') ?? 'sk-no-key';
    this.model = options.model;
    this.id = `openai:${base.host}${base.pathname.replace(/\/$/, '')}#${options.model}`;
    this.openai = new OpenAI({ baseURL: base.href, apiKey, timeout: options.timeoutMs ?? 120_000, maxRetries: 0 });
  }

  async complete<T>(request: LlmRequest<T>): Promise<LlmResponse<T>> {
    const schema = request.schema;
    const constrained = schema !== undefined && this.schemaSupported;
    let text: string;
    try {
      text = await this.send(request, constrained);
    } catch (error) {
      // A server without structured output answers 400 to response_format: ask again without it.
      if (!(constrained && error instanceof LlmRequestError && (error.status === 400 || error.status === 422))) throw error;
      this.schemaSupported = false;
      text = await this.send(request, false);
    }
    return { text, ...(schema ? { json: parseJsonAnswer(this.id, text, schema) } : {}), cached: false };
  }

  private async send(request: LlmRequest, constrained: boolean): Promise<string> {
    const schema = request.schema;
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.openai.chat.completions.create({
        model: this.model,
        messages: request.messages,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
        ...(constrained && schema ? { response_format: { type: 'json_schema' as const, json_schema: { name: schema.name, schema: schema.jsonSchema, strict: true } } } : {}),
      });
    } catch (error) {
      throw toRequestError(this.id, error);
    }
    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== 'string') throw new LlmResponseError(this.id, choice?.message?.refusal ? 'the model refused' : 'no message content');
    if (choice.finish_reason === 'length') throw new LlmResponseError(this.id, 'cut off at the token limit');
    return content;
  }
}

function toRequestError(client: string, error: unknown): LlmRequestError {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new LlmRequestError(client, undefined, 'timed out');
  if (error instanceof OpenAI.APIConnectionError) return new LlmRequestError(client, undefined, 'connection failed');
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const header = error.headers?.get('retry-after');
    const retryAfter = header === null || header === undefined || header.trim() === '' ? Number.NaN : Number(header);
    // The error body may echo the prompt: only its status goes into the message.
    return new LlmRequestError(client, error.status, '', Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
  }
  return new LlmRequestError(client, undefined, (error as Error).name ?? 'request failed');
}

/** The JSON of an answer: as is, or inside a ``` fence or prose (unconstrained models add them); validated. */
export function parseJsonAnswer<T>(client: string, text: string, schema: LlmJsonSchema<T>): T {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  let problem = `not JSON (${text.length} characters)`;
  for (const candidate of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = schema.validate.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    problem = `not of schema ${schema.name}: ${issue?.path.join('.') || 'root'}: ${issue?.message}`;
  }
  throw new LlmResponseError(client, problem);
}
