/**
 * The drivers as this package's API names them: by the members the engine uses and recognises a
 * client by, not by the drivers' own declarations. A project installs one driver, often without
 * the others' types (`memcached` and memjs ship none); had these declarations imported all three,
 * every `client` would have been `any` there (an unresolved import is `any` under skipLibCheck)
 * and a strict project (skipLibCheck: false) would not compile. ioredis's `Redis` and `Cluster`,
 * a `memcached` client and a memjs `Client` each satisfy one of these.
 */

/** Any function: the drivers' overloads differ by version, and the engine only needs the method. */
type Method = (...args: never[]) => unknown;

/** An ioredis client: a `Redis` (Sentinel included) or a `Cluster`. */
export interface RedisClient {
  readonly isCluster: boolean;
  readonly status: string;
  get: Method;
  set: Method;
  evalsha: Method;
  pexpire: Method;
  quit: Method;
}

/** A client of the `memcached` package (2.x). */
export interface MemcachedClient {
  get: Method;
  gets: Method;
  add: Method;
  replace: Method;
  cas: Method;
  del: Method;
  end: Method;
}

/** A memjs `Client`. */
export interface MemjsClient {
  readonly servers: readonly unknown[];
  get: Method;
  add: Method;
  replace: Method;
  touch: Method;
  delete: Method;
  close: Method;
}

/** Options of the `memcached` client (its README's list), for a client the engine creates. */
export interface MemcachedClientOptions {
  maxKeySize?: number;
  maxExpiration?: number;
  maxValue?: number;
  poolSize?: number;
  algorithm?: string;
  reconnect?: number;
  timeout?: number;
  retries?: number;
  failures?: number;
  retry?: number;
  remove?: boolean;
  failOverServers?: string | string[];
  keyCompression?: boolean;
  idle?: number;
  namespace?: string;
  /** The pool's back-off for a connection (ms), as the client's `retries` use it. */
  minTimeout?: number;
  maxTimeout?: number;
  factor?: number;
  failuresTimeout?: number;
}

/** Where the `memcached` client connects: "host:port", a list, or a map of them to weights. */
export type MemcachedServers = string | string[] | Record<string, number>;

/** Options of memjs's `Client.create` and its servers, for a client the engine creates. */
export interface MemjsClientOptions {
  retries?: number;
  /** Seconds between retries. */
  retry_delay?: number;
  /** Default expiry in seconds (the engine always gives one). */
  expires?: number;
  failover?: boolean;
  /** Seconds a failed server is left out. */
  failoverTime?: number;
  /** Seconds a command may take. */
  timeout?: number;
  /** Seconds a connection may take to open. */
  conntimeout?: number;
  keepAlive?: boolean;
  keepAliveDelay?: number;
  username?: string;
  password?: string;
  /** Receives memjs's failure messages (the engine routes them to its logger by default). */
  logger?: { log(...args: unknown[]): void };
}
