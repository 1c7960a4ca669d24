/**
 * Server-side mappings for clients that cannot hold one: each is kept under an opaque random id, in
 * memory only, bounded by a count (least recently used dropped first) and a time to live.
 */
import { randomBytes } from 'node:crypto';
import type { Mapping } from '../mask/index.ts';

export interface MappingStoreOptions {
  maxEntries: number;
  ttlMs: number;
  /** Clock in milliseconds (tests move it). */
  now?: () => number;
}

interface StoredMapping {
  mapping: Mapping;
  expires: number;
}

export class MappingStore {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, StoredMapping>();
  private readonly now: () => number;

  constructor(private readonly options: MappingStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    this.dropExpired();
    return this.entries.size;
  }

  /** Stores a mapping and returns its id (128 random bits, URL-safe). */
  put(mapping: Mapping): string {
    this.dropExpired();
    const id = randomBytes(16).toString('base64url');
    this.entries.set(id, { mapping, expires: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return id;
  }

  /** The mapping under `id`, or undefined when unknown, expired or evicted; a hit counts as a use. */
  get(id: string): Mapping | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expires <= this.now()) return undefined;
    this.entries.set(id, entry);
    return entry.mapping;
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.entries.delete(id);
  }
}
