import {
  ConfigError,
  DEFAULT_MAX_DATA_BYTES,
  DEFAULT_MAX_KEY_LENGTH,
  positiveWholeNumber,
  resolveSecretOrCodec,
  resolveStoredEngineOptions,
  type SessionCodec,
} from '@sessionkit/core/engine';
import { MEMCACHED_ITEM_OVERHEAD, MEMCACHED_MAX_KEY_BYTES } from './memcached/limits.js';
import { HEADER_BYTES } from './value.js';
import { type CacheEngineOptions, type ClientKind, DEFAULT_ITEM_SIZE_BYTES, DEFAULT_PREFIX } from './options.js';

/** SHA-256 in hex. */
const HASHED_KEY_LENGTH = 64;

export interface CacheSettings {
  readonly kind: ClientKind;
  readonly prefix: string;
  readonly hashKeys: boolean;
  readonly codec: SessionCodec;
  readonly maxDataBytes: number;
  readonly itemSizeBytes: number;
  readonly timeoutMs: number;
}

export function resolveSettings(options: CacheEngineOptions): CacheSettings {
  const kind = clientKind(options);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new ConfigError('prefix must be a string');
  const hashKeys = options.hashKeys ?? true;
  // Checks operationTimeoutMs, maxDataBytes and clock as every stored engine does.
  const common = resolveStoredEngineOptions(options);
  const timeoutMs = common.operationTimeoutMs;
  const itemSizeBytes = positiveWholeNumber(options.itemSizeBytes, 'itemSizeBytes', DEFAULT_ITEM_SIZE_BYTES);
  const keyBytes = Buffer.byteLength(prefix) + (hashKeys ? HASHED_KEY_LENGTH : DEFAULT_MAX_KEY_LENGTH);
  let maxDataBytes = DEFAULT_MAX_DATA_BYTES;
  if (kind === 'memcached' || kind === 'memjs') {
    checkMemcachedKeys(options, prefix, keyBytes);
    const fits = itemSizeBytes - MEMCACHED_ITEM_OVERHEAD - HEADER_BYTES - keyBytes;
    if (options.maxDataBytes !== undefined && options.maxDataBytes > fits) {
      throw new ConfigError(
        `maxDataBytes ${options.maxDataBytes} does not fit a ${itemSizeBytes}-byte Memcached item (at most ${fits})`,
      );
    }
    maxDataBytes = Math.min(fits, DEFAULT_MAX_DATA_BYTES);
  }
  if (options.maxDataBytes !== undefined) maxDataBytes = common.maxDataBytes;
  return { kind, prefix, hashKeys, codec: resolveCodec(options), maxDataBytes, itemSizeBytes, timeoutMs };
}

/** Exactly one way to reach the store; a given client is recognised by its methods. */
function clientKind(options: CacheEngineOptions): ClientKind {
  const given = (['client', 'redis', 'cluster', 'memcached', 'memjs'] as const).filter(
    (name) => options[name] !== undefined,
  );
  if (given.length !== 1) {
    throw new ConfigError('the cache engine needs exactly one of `client`, `redis`, `cluster`, `memcached` or `memjs`');
  }
  const [name] = given;
  if (name !== 'client') return name === 'redis' ? 'redis' : (name as ClientKind);
  const client = options.client as unknown as Record<string, unknown>;
  if (client.isCluster === true) return 'cluster';
  if (typeof client.evalsha === 'function' && typeof client.pexpire === 'function') return 'redis';
  if (typeof client.gets === 'function' && typeof client.cas === 'function') return 'memcached';
  if (Array.isArray(client.servers) && typeof client.touch === 'function') return 'memjs';
  throw new ConfigError('`client` is neither an ioredis Redis/Cluster, a `memcached` client nor a memjs Client');
}

/**
 * Memcached keys: at most 250 bytes, no spaces or control characters. The `memcached` client
 * would silently MD5 a longer key (keyCompression) or prepend its namespace: refuse up front.
 */
function checkMemcachedKeys(options: CacheEngineOptions, prefix: string, keyBytes: number): void {
  if (hasSpaceOrControl(prefix)) {
    throw new ConfigError('a Memcached prefix cannot hold spaces or control characters');
  }
  // The client's settings: the app's client, or the options the engine creates one with.
  const client = (options.client ?? options.memcached?.options ?? {}) as { maxKeySize?: unknown; namespace?: unknown };
  const namespace = typeof client.namespace === 'string' ? client.namespace : '';
  const clientLimit = typeof client.maxKeySize === 'number' ? client.maxKeySize : MEMCACHED_MAX_KEY_BYTES;
  const limit = Math.min(MEMCACHED_MAX_KEY_BYTES, clientLimit);
  const longest = keyBytes + Buffer.byteLength(namespace);
  if (longest > limit) {
    throw new ConfigError(
      `Memcached keys could reach ${longest} bytes (namespace + prefix + ${keyBytes - Buffer.byteLength(prefix)}-character key), over the ${limit}-byte limit: shorten the prefix`,
    );
  }
}

/** Space, the C0 controls and DEL break Memcached's text protocol. */
function hasSpaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

function resolveCodec(options: CacheEngineOptions): SessionCodec {
  const codec = resolveSecretOrCodec(options);
  if (codec === undefined) {
    throw new ConfigError('the cache engine signs stored data: pass `secret` (or a `codec`, e.g. plainJsonCodec)');
  }
  return codec;
}
