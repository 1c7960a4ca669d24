/**
 * Per-row score checkpoints: one JSON line per finished document, appended as soon as it is
 * scored, so a killed run resumes without redoing finished documents. A torn last line (the
 * process died mid-write) is ignored.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface ScoredDocument {
  docId: string;
  scores: number[];
  seconds: number;
}

export class ScoreCheckpoint {
  private readonly path: string;

  constructor(dir: string, key: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${key}.jsonl`);
  }

  load(): Map<string, ScoredDocument> {
    const done = new Map<string, ScoredDocument>();
    if (!existsSync(this.path)) return done;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as ScoredDocument;
        if (typeof entry.docId === 'string' && Array.isArray(entry.scores)) done.set(entry.docId, entry);
      } catch {
        // torn write from an interrupted run: that document is simply scored again
      }
    }
    return done;
  }

  append(entry: ScoredDocument): void {
    appendFileSync(this.path, JSON.stringify(entry) + '\n');
  }
}

/** Stable short hash of any JSON-serializable value (object keys sorted). */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
