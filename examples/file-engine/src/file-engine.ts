import { constants } from 'node:buffer';
import { statSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertJsonValue,
  type ClearExpiredOptions,
  type Clock,
  type CommonEngineOptions,
  ConfigError,
  CreateError,
  createSessionCodec,
  DEFAULT_MAX_DATA_BYTES,
  DEFAULT_OPERATION_TIMEOUT_MS,
  EngineUnavailableError,
  type EngineCapabilities,
  type Logger,
  type SessionCodec,
  type SessionEngine,
  SessionError,
  type SessionRecord,
  SessionTooLargeError,
  systemClock,
  UpdateError,
  withDeadline,
  storedEngineCapabilities,
} from '@sessionkit/core/engine';
import type { Secret } from '@sessionkit/core';
import { claimExclusively, isErrno, writeAtomically } from './atomic-write.js';
import { formatSessionFile, parseSessionFile, type SessionFile } from './file-format.js';
import { fileToKey, keyToFile } from './key-path.js';
import { PathLock } from './path-lock.js';

export interface FileEngineOptions extends CommonEngineOptions {
  /** An existing directory that holds nothing but session files. */
  directory: string;
  /** Signs the stored data (Django's SECRET_KEY). Required unless `codec` is given. */
  secret?: Secret;
  /** How data is encoded at rest; Django's signed, compressed JSON by default. */
  codec?: SessionCodec;
  /** File name prefix, Django's SESSION_COOKIE_NAME. */
  prefix?: string;
  /** Largest encoded session accepted, in bytes; 1 MiB by default. */
  maxDataBytes?: number;
  logger?: Logger;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Django's file backend (`backends/file.py`) as a sessionkit engine: one file per session,
 * named `<prefix><key>`, replaced atomically, with the expiry stored beside the signed data.
 */
export class FileEngine implements SessionEngine {
  readonly name = 'file';
  readonly capabilities: EngineCapabilities;
  readonly directory: string;
  readonly prefix: string;
  readonly #codec: SessionCodec;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #lock = new PathLock();
  #closed = false;

  constructor(options: FileEngineOptions) {
    const { directory, prefix = 'sessionid', clock = systemClock, logger } = options;
    if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ConfigError(`The session storage path ${JSON.stringify(directory)} doesn't exist.`);
    }
    if (options.codec === undefined && options.secret === undefined) {
      throw new ConfigError('FileEngine needs a secret to sign session data (or a codec)');
    }
    this.directory = directory;
    this.prefix = prefix;
    this.#clock = clock;
    // The signature is checked before anything is inflated, and only this engine signs these files:
    // the inflate cap need only let back whatever it accepted (records up to maxDataBytes encoded).
    const maxDecompressedBytes = constants.MAX_LENGTH;
    this.#codec =
      options.codec ?? createSessionCodec({ secret: options.secret as Secret, logger, clock, maxDecompressedBytes });
    this.#timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.capabilities = storedEngineCapabilities({ maxDataBytes: options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES });
  }

  /** A key with a bad character is simply not there, as Django's load treats it. */
  load(key: string): Promise<SessionRecord | null> {
    return this.#run('load', async () => {
      let path: string;
      try {
        path = this.#path(key);
      } catch {
        return null;
      }
      const file = await this.#readLive(path);
      const data = file === null ? null : this.#codec.decode(file.data);
      return data === null || file === null ? null : { data, expiresAt: new Date(file.expiresAt) };
    });
  }

  /**
   * Claims the file with O_EXCL first, so two creators can never both win. A file that is
   * there already is taken unless it holds an expired record, which is replaced.
   */
  async create(key: string, record: SessionRecord): Promise<string> {
    const path = this.#path(key);
    const content = this.#encode(record);
    return this.#run('create', () =>
      this.#lock.run(path, async () => {
        if (!(await claimExclusively(path)) && !(await this.#holdsExpired(path))) {
          throw new CreateError(`[${this.name}] key already in use`);
        }
        await writeAtomically(path, content);
        return key;
      }),
    );
  }

  async update(key: string, record: SessionRecord): Promise<string> {
    const path = this.#path(key);
    const content = this.#encode(record);
    return this.#run('update', () =>
      this.#lock.run(path, async () => {
        if ((await this.#readLive(path)) === null) throw new UpdateError(`[${this.name}] no live session to update`);
        await writeAtomically(path, content);
        return key;
      }),
    );
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    return this.#run('delete', () =>
      this.#lock.run(path, async () => {
        await unlink(path).catch(ignoreMissing);
      }),
    );
  }

  async exists(key: string): Promise<boolean> {
    const path = this.#path(key);
    return this.#run('exists', async () => (await this.#readLive(path)) !== null);
  }

  /** Django's clear_expired: scans the directory, removes expired files `batchSize` at a time. */
  clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    const { batchSize = DEFAULT_BATCH_SIZE, onProgress, signal } = options;
    const clearing = async () => {
      if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
        throw new ConfigError(`batchSize must be a positive whole number, not ${String(batchSize)}`);
      }
      signal?.throwIfAborted();
      const expired = await this.#expiredPaths();
      let removed = 0;
      for (let start = 0; start < expired.length; start += batchSize) {
        signal?.throwIfAborted();
        const batch = expired.slice(start, start + batchSize);
        await Promise.all(batch.map((path) => unlink(path).catch(ignoreMissing)));
        removed += batch.length;
        onProgress?.(removed);
      }
      return removed;
    };
    return this.#run('clearExpired', clearing, signal);
  }

  /** Nothing to release (every call opens and closes its own files); later calls are refused. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #path(key: string): string {
    return keyToFile(this.directory, this.prefix, key);
  }

  /**
   * Under the deadline; an fs error becomes EngineUnavailableError without the path (it holds
   * the key). An abort rejects with the signal's own reason.
   */
  #run<T>(operation: string, body: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new EngineUnavailableError(`[${this.name}] ${operation} after close()`));
    }
    const running = withDeadline(this.name, operation, this.#timeoutMs, async () => {
      try {
        return await body();
      } catch (error) {
        if (error instanceof SessionError) throw error;
        const code = (error as NodeJS.ErrnoException | null)?.code ?? 'I/O error';
        throw new EngineUnavailableError(`[${this.name}] ${operation} failed: ${code}`, { cause: error });
      }
    });
    // withDeadline wraps whatever is thrown; an abort must surface as the signal's own reason.
    return running.catch((error: unknown) => {
      throw signal?.aborted && (error as Error).cause === signal.reason ? signal.reason : error;
    });
  }

  /** The file if it exists, parses and has not expired (`expiresAt <= now` is dead). */
  async #readLive(path: string): Promise<SessionFile | null> {
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    });
    const file = text === null ? null : parseSessionFile(text);
    return file !== null && file.expiresAt > this.#clock.now() ? file : null;
  }

  /** Whether the file at `path` parses and its record has expired (an unreadable one counts as taken). */
  async #holdsExpired(path: string): Promise<boolean> {
    const text = await readFile(path, 'utf8').catch(ignoreMissing);
    const file = text === undefined ? null : parseSessionFile(text);
    return file !== null && file.expiresAt <= this.#clock.now();
  }

  async #expiredPaths(): Promise<string[]> {
    const now = this.#clock.now();
    const paths: string[] = [];
    for (const name of await readdir(this.directory)) {
      if (fileToKey(this.prefix, name) === null) continue;
      const path = join(this.directory, name);
      const text = await readFile(path, 'utf8').catch(ignoreMissing);
      const file = text === undefined ? null : parseSessionFile(text);
      if (file !== null && file.expiresAt <= now) paths.push(path);
    }
    return paths;
  }

  /**
   * Checks and encodes before any file is touched (and outside the deadline wrapper, so a bad
   * record is reported as itself, not as an outage); a refused record leaves the old one intact.
   */
  #encode(record: SessionRecord): string {
    const expiresAt = record.expiresAt instanceof Date ? record.expiresAt.getTime() : Number.NaN;
    if (!Number.isFinite(expiresAt)) throw new TypeError(`[${this.name}] expiresAt must be a valid Date`);
    assertJsonValue(record.data, 'data');
    const data = this.#codec.encode(record.data);
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > this.capabilities.maxDataBytes) {
      throw new SessionTooLargeError(
        `[${this.name}] session data is ${bytes} bytes encoded, over the ${this.capabilities.maxDataBytes}-byte limit`,
      );
    }
    return formatSessionFile({ expiresAt, data });
  }
}

function ignoreMissing(error: unknown): undefined {
  if (isErrno(error, 'ENOENT')) return undefined;
  throw error;
}
