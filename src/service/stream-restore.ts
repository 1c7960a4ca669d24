/**
 * Restoring originals in text that arrives in pieces (a streamed LLM answer): a placeholder may be cut
 * anywhere between chunks. The restorer holds back only the tail that could still grow into a
 * placeholder (shorter than the longest one) and otherwise emits at once; the concatenated output equals
 * `deanonymize` of the whole text.
 */
import { deanonymize } from './app.ts';

export class StreamRestorer {
  private buffer = '';
  /** Every proper prefix of a placeholder: a tail in this set may still become one (or a longer one). */
  private readonly prefixes = new Set<string>();
  private readonly longest: number;
  private readonly pattern: RegExp | undefined;

  constructor(private readonly items: Readonly<Record<string, string>>) {
    const placeholders = Object.keys(items).filter((p) => p.length > 0);
    for (const placeholder of placeholders) for (let n = 1; n < placeholder.length; n++) this.prefixes.add(placeholder.slice(0, n));
    this.longest = Math.max(0, ...placeholders.map((p) => p.length));
    const sorted = [...placeholders].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? undefined : new RegExp(sorted.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
  }

  /** The restored text that can be emitted now that `chunk` arrived. */
  push(chunk: string): string {
    this.buffer += chunk;
    if (!this.pattern) return this.take(this.buffer.length);
    // The earliest position whose rest could still grow into a placeholder; no match can begin before it later.
    let cut = this.buffer.length;
    for (let start = Math.max(0, this.buffer.length - this.longest + 1); start < this.buffer.length; start++) {
      if (this.prefixes.has(this.buffer.slice(start))) {
        cut = start;
        break;
      }
    }
    // A complete match that starts before the cut is final: emit it whole rather than cut it.
    this.pattern.lastIndex = 0;
    for (const match of this.buffer.matchAll(this.pattern)) {
      const end = match.index + match[0].length;
      if (match.index >= cut) break;
      if (end > cut) cut = end;
    }
    return this.take(cut);
  }

  /** The rest, at the end of the stream. */
  flush(): string {
    return this.take(this.buffer.length);
  }

  /** Characters held back now (never more than the longest placeholder less one). */
  get pending(): number {
    return this.buffer.length;
  }

  private take(end: number): string {
    const out = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    return deanonymize(out, this.items);
  }
}
