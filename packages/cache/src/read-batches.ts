/**
 * Whether the replies last read from the server answered several callers: the rule both write
 * coalescers (redis/coalesce.ts, memcached/coalesce.ts) use to tell, when no reply is awaited,
 * one request at a time (write the command at once) from callers about to send again together
 * (cork the first with the rest).
 *
 * `beforeReplies` runs as a 'data' listener ahead of the client's own, while the replies read
 * are still counted as awaited. A read that comes with no send since the previous read belongs
 * to the same batch (a server may answer one batch in two writes, seen under load) and leaves
 * the answer as it was.
 */
export class ReadBatches {
  #several = false;
  #sentSinceRead = false;

  /** `awaited`: how many replies the client awaits now. */
  constructor(private readonly awaited: () => number) {}

  readonly beforeReplies = (): void => {
    this.#several = this.awaited() > 1 || (this.#several && !this.#sentSinceRead);
    this.#sentSinceRead = false;
  };

  /** Called before every command is sent. */
  sending(): void {
    this.#sentSinceRead = true;
  }

  /** The last batch read answered several callers. */
  get several(): boolean {
    return this.#several;
  }

  /** A new connection: nothing read on it yet. */
  reset(): void {
    this.#several = false;
    this.#sentSinceRead = false;
  }
}
