/** A stored item with its CAS unique. */
export interface CasItem {
  readonly value: string;
  readonly cas: string;
}

/** The few Memcached commands the engine needs, over either client, promise-based. */
export interface MemcachedDriver {
  /** Whether `gets` and `cas` exist (the `memcached` client: yes; memjs: no). */
  readonly hasCas: boolean;
  get(key: string): Promise<string | null>;
  gets(key: string): Promise<CasItem | null>;
  /** False when the key holds an item (NOT_STORED). */
  add(key: string, value: string, exptime: number): Promise<boolean>;
  /** False when no item holds the key (NOT_STORED). */
  replace(key: string, value: string, exptime: number): Promise<boolean>;
  /** False when the item changed (EXISTS) or is gone (NOT_FOUND). */
  cas(key: string, value: string, cas: string, exptime: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
