/** Errors of the LLM client. Messages never hold a prompt or an answer (both carry personal data) nor a key. */

/** Creating a client for an endpoint off this machine without the explicit opt-in. */
export class ExternalLlmNotAllowedError extends Error {
  constructor(where: string) {
    super(
      `the LLM endpoint ${where} is not on this machine: the prompts hold the documents' personal data, which would leave it. ` +
        'Pass allowExternalLlm: true (CLI: --allow-external-llm) only if you may share that data with the provider; ' +
        'otherwise run a local server (vLLM, llama.cpp server, Ollama) on localhost.',
    );
    this.name = 'ExternalLlmNotAllowedError';
  }
}

/** An HTTP status from the endpoint (retryable for 408, 409, 429 and 5xx) or a connection failure (status undefined). */
export class LlmRequestError extends Error {
  constructor(
    readonly client: string,
    readonly status: number | undefined,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(`LLM ${client}: ${status === undefined ? detail : `HTTP ${status}${detail ? ` (${detail})` : ''}`}`);
    this.name = 'LlmRequestError';
  }

  get retryable(): boolean {
    return this.status === undefined || this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** The answer is not what was asked for (not JSON, or not of the schema). */
export class LlmResponseError extends Error {
  constructor(client: string, detail: string) {
    super(`LLM ${client}: unusable answer: ${detail}`);
    this.name = 'LlmResponseError';
  }
}
