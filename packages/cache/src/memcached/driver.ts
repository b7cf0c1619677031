/** A stored item with its CAS unique. */
export interface CasItem {
  readonly value: string;
  readonly cas: string;
}

/**
 * The few Memcached commands the engine needs, over either client, promise-based. Given an
 * `operation`, a command is one engine call of its own and fails by the engine's deadline
 * with the engine's timeout error naming that operation; without it the command is a step
 * of a call already under the deadline.
 */
export interface MemcachedDriver {
  /** Whether `gets` and `cas` exist (the `memcached` client: yes; memjs: no). */
  readonly hasCas: boolean;
  get(key: string, operation?: string): Promise<string | null>;
  /**
   * `get(key, operation).then(read, (error) => { throw failure(error); })`, with `read` run in
   * the reply's own callback where the client has one (no promise layer of a `then`).
   */
  read<T>(
    key: string,
    operation: string | undefined,
    read: (text: string | null) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T>;
  gets(key: string): Promise<CasItem | null>;
  /** False when the key holds an item (NOT_STORED). */
  add(key: string, value: string, exptime: number): Promise<boolean>;
  /**
   * Its answer (false when no item holds the key: NOT_STORED) goes through `settle`, and a client
   * error through `failure`, in the reply's own callback where the client has one (as `read`).
   */
  replace<T>(
    key: string,
    value: string,
    exptime: number,
    operation: string | undefined,
    settle: (replaced: boolean) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T>;
  /** False when the item changed (EXISTS) or is gone (NOT_FOUND). */
  cas(key: string, value: string, cas: string, exptime: number): Promise<boolean>;
  /** True when an item held the key. */
  delete(key: string, operation?: string): Promise<boolean>;
  close(): Promise<void>;
}
