import type { LoggerOption, Secret } from '@sessionkit/core';
import {
  type Clock,
  ConfigError,
  DEFAULT_INFLATE_RATIO,
  DEFAULT_MAX_DATA_BYTES,
  positiveWholeNumber,
  resolveSecretOrCodec,
  resolveStoredEngineOptions,
  type SessionCodec,
  type StoredEngineOptions,
} from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import type { DjangoExpiryFormat } from './django.js';
import type { LayoutNames } from './layout.js';

/** Default ceiling on one encoded session: 1 MiB (core's default for stored engines). */
export { DEFAULT_MAX_DATA_BYTES };
/** How long a SQLite writer waits for the lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface DbEngineOptions extends StoredEngineOptions, LayoutNames {
  /** A knex instance: PostgreSQL (`pg`), MySQL/MariaDB (`mysql2`) or SQLite (`better-sqlite3`). Not closed by the engine. */
  knex?: Knex;
  /** Or a SQLite file (':memory:' allowed), opened with better-sqlite3 and closed by `close()`. */
  filename?: string;
  /**
   * Signs the stored data, as Django's SECRET_KEY does. Needed to read or write sessions unless
   * `codec` is given; without either, `migrate()`, `clearExpired()` and `close()` still work (the
   * CLI needs no secret) and every read or write throws ConfigError.
   */
  secret?: Secret;
  /** Older secrets, still accepted when reading (Django's SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  /** Replaces the signed codec, e.g. `plainJsonCodec` for a trusted database. */
  codec?: SessionCodec;
  /** Store SHA-256 hashes of the keys instead of the keys; true by default (false under `djangoCompatible`). */
  hashKeys?: boolean;
  /**
   * Largest JSON a stored session may inflate to (bytes), for the signed codec: Django
   * compresses its sessions with zlib. Default `maxDataBytes` × 64 (64 MiB with the default),
   * far past the 10:1 Django's JSON typically compresses to, while a decompression bomb is
   * refused (the session loads as a fresh one and a warning is logged). Saving data whose JSON
   * is larger is SessionTooLargeError, since it could not be read back.
   */
  maxDecompressedBytes?: number;
  /** Share Django's `django_session` table: plain keys, Django's salt and column types. */
  djangoCompatible?: boolean;
  /** Under `djangoCompatible`: how an absolute `_session_expiry` is written; 'seconds' by default. */
  djangoExpiry?: DjangoExpiryFormat;
  /**
   * Under `djangoCompatible`, for a Django with `USE_TZ = False` (the default before Django 5.0):
   * its `TIME_ZONE`, e.g. 'America/New_York'. Django then writes `expire_date` as naive local
   * time, and so does the engine. SQLite and MySQL/MariaDB only (PostgreSQL stores an instant).
   * Unset, `expire_date` is naive UTC, as Django writes it with `USE_TZ = True`.
   */
  djangoTimeZone?: string;
  /** SQLite busy timeout for `filename`, in ms; 5000 by default. */
  busyTimeoutMs?: number;
  /** Receives the codec's security warnings (tampered data); unset: stderr, once a minute; `false`: silent. */
  logger?: LoggerOption;
}

/** The settings that do not depend on the connection. */
export interface ResolvedSettings {
  readonly clock: Clock;
  readonly operationTimeoutMs: number;
  readonly codec: SessionCodec;
  readonly hashKeys: boolean;
  readonly maxDataBytes: number;
  readonly django: boolean;
  readonly djangoExpiry: DjangoExpiryFormat;
  readonly busyTimeoutMs: number;
}

export function resolveSettings(options: DbEngineOptions): ResolvedSettings {
  const django = options.djangoCompatible ?? false;
  if (django && options.hashKeys === true) {
    throw new ConfigError('djangoCompatible stores plain keys, as Django looks them up; hashKeys cannot be true');
  }
  if ((options.knex === undefined) === (options.filename === undefined)) {
    throw new ConfigError('the db engine needs exactly one of `knex` (a knex instance) or `filename` (a SQLite file)');
  }
  // JavaScript callers may pass the knex module itself, which has no client.
  const client: unknown = (options.knex as { client?: unknown } | undefined)?.client;
  if (options.knex !== undefined && (typeof client !== 'object' || client === null)) {
    throw new ConfigError('`knex` must be a knex instance, `knex({ client, connection })`, not the knex module');
  }
  const djangoExpiry = options.djangoExpiry ?? 'seconds';
  if (djangoExpiry !== 'seconds' && djangoExpiry !== 'iso') {
    throw new ConfigError(`djangoExpiry must be 'seconds' or 'iso'`);
  }
  const { clock, operationTimeoutMs, maxDataBytes } = resolveStoredEngineOptions(options);
  const maxDecompressedBytes = positiveWholeNumber(
    options.maxDecompressedBytes,
    'maxDecompressedBytes',
    maxDataBytes * DEFAULT_INFLATE_RATIO,
  );
  return {
    clock,
    operationTimeoutMs,
    // Django's SessionBase.key_salt (the codec's default), so each decodes what the other stores.
    codec: resolveSecretOrCodec(options, { maxDecompressedBytes }) ?? codecWithoutSecret,
    hashKeys: options.hashKeys ?? !django,
    maxDataBytes,
    django,
    djangoExpiry,
    busyTimeoutMs: positiveWholeNumber(options.busyTimeoutMs, 'busyTimeoutMs', DEFAULT_BUSY_TIMEOUT_MS),
  };
}

/** Stands in when no secret is given: the engine can migrate and clear, never read or write data. */
const codecWithoutSecret: SessionCodec = {
  name: 'no-secret',
  encode: noSecret,
  decode: noSecret,
};

function noSecret(): never {
  throw new ConfigError('the db engine signs stored data: pass `secret` (or a `codec`, e.g. plainJsonCodec)');
}
