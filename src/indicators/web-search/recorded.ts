/**
 * Recorded responses: a JSON file query → response, for tests and offline replays of a run made
 * with a real engine. In record mode it wraps another backend and keeps every answer; `save()`
 * writes the file. The file holds the queries in clear text (span texts and the protected
 * person's name), i.e. personal data: store it like the documents themselves.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SearchBackend, SearchRequestOptions, SearchResponse } from './types.ts';
import { describeJsonSyntaxError } from '../../corpus/index.ts';

export const RECORDING_FORMAT = 'sanitext-web-search-recording';

const resultSchema = z.object({ url: z.string(), title: z.string(), snippet: z.string() });
const recordedResponseSchema = z.object({
  /** The `count` the response was obtained with: it can serve any request for at most that many. */
  count: z.number().int().positive(),
  totalHits: z.number().nonnegative().optional(),
  results: z.array(resultSchema),
});
const recordingSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(1),
  /** Id of the backend that produced the responses. */
  backend: z.string(),
  responses: z.record(z.string(), recordedResponseSchema),
});

export type RecordedResponse = z.infer<typeof recordedResponseSchema>;
export type Recording = z.infer<typeof recordingSchema>;

/** A query the recording cannot answer. Names the file, not the query (personal data). */
export class RecordingMissError extends Error {
  constructor(readonly file: string, readonly count: number) {
    super(`${file}: no recorded response for this query with ${count} results; record it first (mode "record" with a live backend)`);
    this.name = 'RecordingMissError';
  }
}

export interface RecordedBackendOptions {
  /** "replay" (default) answers only from the recording; "record" asks `inner` for what is missing. */
  mode?: 'replay' | 'record';
  inner?: SearchBackend;
}

export class RecordedSearchBackend implements SearchBackend {
  readonly id: string;
  readonly external: boolean;
  private readonly mode: 'replay' | 'record';
  private readonly inner?: SearchBackend;
  private dirty = false;

  constructor(
    /** Where the recording is read from / saved to; also named in errors. */
    readonly file: string,
    private readonly recording: Recording,
    options: RecordedBackendOptions = {},
  ) {
    this.mode = options.mode ?? 'replay';
    this.inner = options.inner;
    if (this.mode === 'record') {
      if (!this.inner) throw new Error(`${file}: record mode needs the backend to record (option inner)`);
      if (Object.keys(recording.responses).length > 0 && recording.backend !== this.inner.id) {
        throw new Error(`${file}: holds responses of backend "${recording.backend}", cannot add responses of "${this.inner.id}"`);
      }
      recording.backend = this.inner.id;
    }
    this.id = `recorded:${recording.backend}`;
    this.external = this.inner?.external ?? false;
  }

  /** Reads `file` (replay: must exist; record: created on save when absent). */
  static async open(file: string, options: RecordedBackendOptions = {}): Promise<RecordedSearchBackend> {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.mode !== 'record') {
        throw new Error(`${file}: cannot read web-search recording: ${(error as Error).message}`);
      }
    }
    if (text === undefined) return new RecordedSearchBackend(file, emptyRecording(options.inner?.id ?? 'unknown'), options);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      // A recording's keys are queries (personal data): the message must not quote the text.
      throw new Error(`${file}: web-search recording is not JSON: ${describeJsonSyntaxError(error, text)}`);
    }
    const parsed = recordingSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: not a web-search recording (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
    }
    return new RecordedSearchBackend(file, parsed.data, options);
  }

  async search(query: string, { count }: SearchRequestOptions): Promise<SearchResponse> {
    const recorded = this.recording.responses[query];
    // A response fetched with a larger count, or one that ran out of results, can serve this request.
    if (recorded && (recorded.count >= count || recorded.results.length < recorded.count)) {
      return { ...(recorded.totalHits === undefined ? {} : { totalHits: recorded.totalHits }), results: recorded.results.slice(0, count) };
    }
    if (this.mode === 'replay' || !this.inner) throw new RecordingMissError(this.file, count);
    const response = await this.inner.search(query, { count });
    this.recording.responses[query] = { count, ...(response.totalHits === undefined ? {} : { totalHits: response.totalHits }), results: response.results };
    this.dirty = true;
    return response;
  }

  /** Number of recorded queries. */
  get size(): number {
    return Object.keys(this.recording.responses).length;
  }

  /** Writes the recording (sorted by query, so re-recordings diff cleanly); atomic via rename. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const sorted: Recording = { ...this.recording, responses: Object.fromEntries(Object.entries(this.recording.responses).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(sorted, null, 1)}\n`, 'utf8');
    await rename(temporary, this.file);
    this.dirty = false;
  }
}

export function emptyRecording(backend: string): Recording {
  return { format: RECORDING_FORMAT, version: 1, backend, responses: {} };
}
