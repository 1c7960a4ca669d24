/**
 * Pseudonym state: which number or wild tag each entity got. A fresh session per document gives
 * document-wide consistency; one session passed to every call gives collection-wide consistency.
 * Keys the text already holds ("reserved") are never handed out: an entity whose pseudonym is
 * reserved in one document gets a fresh one for that document only.
 */
export class PseudonymSession {
  private readonly numbers = new Map<string, number>();
  private readonly nextNumber = new Map<string, number>();
  private readonly tags = new Map<string, string>();
  private readonly tagOwners = new Map<string, string>();

  /** The entity's number under `label`, avoiding numbers whose key is reserved. */
  numberFor(label: string, tableKey: string, isReserved: (n: number) => boolean): number {
    const known = this.numbers.get(tableKey);
    if (known !== undefined && !isReserved(known)) return known;
    let n = this.nextNumber.get(label) ?? 1;
    while (isReserved(n)) n++;
    this.nextNumber.set(label, n + 1);
    if (known === undefined) this.numbers.set(tableKey, n);
    return n;
  }

  /**
   * The shortest prefix (8 hex digits, then 4 more at a time) of the entity's HMAC that no other
   * entity holds and the text does not contain: truncation collisions get a longer tag.
   */
  tagFor(tableKey: string, fullHex: string, isReserved: (hex: string) => boolean): string {
    const known = this.tags.get(tableKey);
    if (known !== undefined && !isReserved(known)) return known;
    for (let length = 8; length <= fullHex.length; length += 4) {
      const candidate = fullHex.slice(0, length);
      const owner = this.tagOwners.get(candidate);
      if ((owner === undefined || owner === tableKey) && !isReserved(candidate)) {
        this.tagOwners.set(candidate, tableKey);
        if (known === undefined) this.tags.set(tableKey, candidate);
        return candidate;
      }
    }
    throw new Error('every prefix of a wild-tag HMAC is taken: a full HMAC-SHA-256 collision');
  }
}
