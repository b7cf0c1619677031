/**
 * The misses of this process whose refill may still land. A miss takes a ticket before it reads
 * the db, and a write to the key voids the tickets taken before it, as it starts and again as
 * it ends. A refill whose ticket was voided is not sent: what it read may be older than the
 * write, and the write's own cache entry may be gone by then (dropped after a touch or a
 * conflict, or a failed cache write since repaired), which would let the older copy in. Other
 * processes' reads are not seen here: there the older copy stays bounded by the TTL cap.
 */
export class RefillTickets {
  /** Key → the ticket of its latest miss still reading the db. */
  readonly #latest = new Map<string, object>();

  take(key: string): object {
    const ticket = {};
    this.#latest.set(key, ticket);
    return ticket;
  }

  /** Whether the ticket still holds; either way it is used up. */
  redeem(key: string, ticket: object): boolean {
    if (this.#latest.get(key) !== ticket) return false;
    this.#latest.delete(key);
    return true;
  }

  /** A write to the key starts or ends: no refill that read before it may land. */
  void(key: string): void {
    if (this.#latest.size !== 0) this.#latest.delete(key);
  }
}
