import type { CommonEngineOptions, Logger, SessionCodec } from '@sessionkit/core/engine';
import type { Secret } from '@sessionkit/core';
import type { MemcachedClient, MemjsClient, RedisClient } from './client-types.js';
import type { MemcachedConnection, MemjsConnection } from './memcached/connect.js';
import type { RedisClusterConnection } from './redis/connect.js';
import type { RedisOptions } from 'ioredis';

/** Keys are `<prefix><sha256 of the session key>` by default. */
export const DEFAULT_PREFIX = 'sessionkit:';
/** Memcached's default largest item (`-I 1m`). */
export const DEFAULT_ITEM_SIZE_BYTES = 1024 * 1024;

export interface CacheEngineOptions extends CommonEngineOptions {
  /**
   * The app's own client: an ioredis `Redis` (Sentinel included) or `Cluster`, a `memcached`
   * client, or a memjs `Client`. The engine never closes it. Or give one of the connection
   * options below and the engine creates (and closes) a client with session-safe settings.
   */
  client?: RedisClient | MemcachedClient | MemjsClient;
  /** A Redis URL or ioredis options (`sentinels` + `name` for Sentinel). */
  redis?: string | RedisOptions;
  /** Redis Cluster seed nodes (and ioredis Cluster options). */
  cluster?: RedisClusterConnection;
  /** Memcached through the `memcached` client. */
  memcached?: MemcachedConnection;
  /** Memcached through memjs. */
  memjs?: MemjsConnection;
  /** Put before every stored key; `sessionkit:` by default. */
  prefix?: string;
  /** Signs the stored data (Django's SECRET_KEY). Required unless `codec` is given. */
  secret?: Secret;
  /** Older secrets, still accepted when reading. */
  fallbackSecrets?: Secret[];
  /** Replaces the signed codec, e.g. `plainJsonCodec` for a trusted store. */
  codec?: SessionCodec;
  /** Store SHA-256 hashes of the keys (true by default): a leaked dump yields no cookie. */
  hashKeys?: boolean;
  /** Largest encoded session in bytes. 1 MiB on Redis; on Memcached what fits one item. */
  maxDataBytes?: number;
  /** Memcached's item size limit (`memcached -I`); 1 MiB by default. */
  itemSizeBytes?: number;
  /** Warn at start when Redis may evict sessions (maxmemory-policy allkeys-*); true by default. */
  warnOnEviction?: boolean;
  /** Receives connection problems, the eviction warning and the codec's security warnings. */
  logger?: Logger;
}

/** Which client the engine talks through. */
export type ClientKind = 'redis' | 'cluster' | 'memcached' | 'memjs';
