/**
 * Calls the engine's deadline failed while the client still held their commands. The client may
 * send such a command later (ioredis's Cluster keeps it in its auto-pipeline buffer or offline
 * queue until the cluster is back, then sends it): so long as the store does not answer, each new
 * call would add one more, with its value, for as long as the outage lasts (measured on a
 * Cluster with every master down: +490 commands and about 2 MB a second at 500 calls a second).
 * Past `limit` of them, new calls fail at once instead of being handed to the client, except one
 * probe per `probeEveryMs`; a call answered within its deadline after that resets the count.
 */
export class OverdueCalls {
  #held = 0;
  #nextProbeAt = 0;

  constructor(
    readonly limit: number,
    private readonly probeEveryMs: number,
  ) {}

  /** Calls failed by the deadline whose command has not come back from the client. */
  get held(): number {
    return this.#held;
  }

  /** A call failed by the deadline before the client answered it. */
  add(): void {
    this.#held++;
  }

  /** The client answered a call the deadline had failed: it holds one fewer. */
  release(): void {
    if (this.#held > 0) this.#held--;
  }

  /** A call answered within its deadline: the store answers again, what is held will drain. */
  answered(): void {
    if (this.#held >= this.limit) this.#held = 0;
  }

  /** Whether a new call may go to the client now: under the limit, or as the period's probe. */
  admits(): boolean {
    if (this.#held < this.limit) return true;
    const now = Date.now();
    if (now < this.#nextProbeAt) return false;
    this.#nextProbeAt = now + this.probeEveryMs;
    return true;
  }
}
