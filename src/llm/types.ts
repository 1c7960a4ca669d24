/**
 * The LLM contract: one `complete(request)` whatever runs the model. Requests are plain data so a
 * cache can key them; `schema` asks for JSON output (constrained by the backend where it can be,
 * parsed and validated here either way).
 */
import type { ZodType } from 'zod';

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmJsonSchema<T = unknown> {
  /** Name sent with `response_format` (letters, digits, _ and -). */
  name: string;
  /** The JSON Schema sent to the backend. */
  jsonSchema: Record<string, unknown>;
  /** The same shape as zod: every answer is validated with it, constrained or not. */
  validate: ZodType<T>;
}

export interface LlmRequest<T = unknown> {
  messages: LlmMessage[];
  schema?: LlmJsonSchema<T>;
  temperature?: number;
  maxTokens?: number;
}

export interface LlmResponse<T = unknown> {
  /** The model's text (the JSON text when a schema was asked for). */
  text: string;
  /** The parsed, validated JSON when the request had a schema. */
  json?: T;
  /** Whether the answer came from the disk cache. */
  cached: boolean;
}

export interface LlmClient {
  /** Backend and model, e.g. `openai:127.0.0.1:8080/v1#qwen2.5-7b`: part of every cache key. */
  readonly id: string;
  /** True when requests leave this machine. */
  readonly external: boolean;
  complete<T>(request: LlmRequest<T>): Promise<LlmResponse<T>>;
  /** Frees native resources (an embedded model); absent where there are none. */
  close?(): Promise<void>;
}
