import { constants } from 'node:buffer';
import { statSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoggerOption, Secret } from '@sessionkit/core';
import {
  type ClearExpiredOptions,
  type Clock,
  ConfigError,
  CreateError,
  checkExpectedVersion,
  clearExpiredInBatches,
  type EngineCapabilities,
  engineClosed,
  prepareExpiry,
  prepareRecord,
  type SessionCodec,
  type SessionEngine,
  type SessionRecord,
  type StoredEngineOptions,
  resolveSecretOrCodec,
  resolveStoredEngineOptions,
  storedEngineCapabilities,
  UpdateError,
  type UpdateOptions,
  withDeadline,
} from '@sessionkit/core/engine';
import { claimExclusively, isErrno, writeAtomically } from './atomic-write.js';
import { formatSessionFile, parseSessionFile, type SessionFile } from './file-format.js';
import { fileToKey, keyToFile } from './key-path.js';
import { KeyedQueue } from './keyed-queue.js';

export interface FileEngineOptions extends StoredEngineOptions {
  /** An existing directory that holds nothing but session files. */
  directory: string;
  /** Signs the stored data (Django's SECRET_KEY). Required unless `codec` is given. */
  secret?: Secret;
  /** How data is encoded at rest; Django's signed, compressed JSON by default. */
  codec?: SessionCodec;
  /** File name prefix, Django's SESSION_COOKIE_NAME. */
  prefix?: string;
  logger?: LoggerOption;
}

/**
 * Django's file backend (`backends/file.py`) as a sessionkit engine: one file per session,
 * named `<prefix><key>`, replaced atomically, with the expiry and version stored beside the
 * signed data. Read-check-write steps (update, touch) on one file run one at a time within a
 * process; processes sharing a directory can still race, as Django's file backend does.
 */
export class FileEngine implements SessionEngine {
  readonly name = 'file';
  readonly capabilities: EngineCapabilities;
  readonly directory: string;
  readonly prefix: string;
  readonly #codec: SessionCodec;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #queue = new KeyedQueue();
  #closed = false;

  constructor(options: FileEngineOptions) {
    // Stryker disable all: option checks are outside the engine contract (test/file-engine.test.ts checks them)
    const { directory, prefix = 'sessionid', logger } = options;
    const { clock, operationTimeoutMs, maxDataBytes } = resolveStoredEngineOptions(options);
    if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ConfigError(`The session storage path ${JSON.stringify(directory)} doesn't exist.`);
    }
    // The signature is checked before anything is inflated, and only this engine signs these files:
    // the inflate cap need only let back whatever it accepted (records up to maxDataBytes encoded).
    const { secret, codec: given } = options;
    const maxDecompressedBytes = constants.MAX_LENGTH;
    const codec = resolveSecretOrCodec({ secret, codec: given, logger, clock }, { maxDecompressedBytes });
    if (codec === undefined) throw new ConfigError('FileEngine needs a secret to sign session data (or a codec)');
    // Stryker restore all
    this.directory = directory;
    this.prefix = prefix;
    this.#clock = clock;
    this.#codec = codec;
    this.#timeoutMs = operationTimeoutMs;
    this.capabilities = storedEngineCapabilities({ maxDataBytes, optimisticConcurrency: true });
  }

  /** A key outside the key rules is simply not there, as Django's load treats it. */
  load(key: string): Promise<SessionRecord | null> {
    return this.#run('load', async () => {
      const path = this.#path(key);
      if (path === null) return null;
      const file = await this.#readLive(path);
      if (file === null) return null;
      const data = this.#codec.decode(file.data);
      if (data === null) return null;
      const record: SessionRecord = { data, expiresAt: new Date(file.expiresAt) };
      // Stryker disable next-line ConditionalExpression: equivalent, `version: undefined` is no version
      if (file.version !== undefined) record.version = file.version;
      return record;
    });
  }

  /** Claims the file with O_EXCL first, so two creators can never both win. */
  async create(key: string, record: SessionRecord): Promise<string> {
    this.#ensureOpen('create');
    const path = this.#path(key);
    if (path === null) throw new CreateError(`[${this.name}] refusing a key outside the engine's key rules`);
    const content = this.#encode(record);
    return this.#run('create', () =>
      this.#queue.run(path, async () => {
        // A file already there is taken, unless it holds an expired record: that one is replaced.
        if (!(await claimExclusively(path)) && !(await this.#holdsExpired(path))) {
          throw new CreateError(`[${this.name}] key already in use`);
        }
        await writeAtomically(path, content);
        return key;
      }),
    );
  }

  async update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string> {
    this.#ensureOpen('update');
    const path = this.#path(key);
    if (path === null) throw new UpdateError(`[${this.name}] no live session to update`);
    const content = this.#encode(record);
    return this.#run('update', () =>
      this.#queue.run(path, async () => {
        const live = await this.#readLive(path);
        if (live === null) throw new UpdateError(`[${this.name}] no live session to update`);
        checkExpectedVersion(this.name, live.version, options);
        await writeAtomically(path, content);
        return key;
      }),
    );
  }

  /** Rewrites the file with the new expiry; the signed data and the version stay as they are. */
  async touch(key: string, expiresAt: Date): Promise<void> {
    this.#ensureOpen('touch');
    const path = this.#path(key);
    if (path === null) throw new UpdateError(`[${this.name}] no live session to touch`);
    const ms = prepareExpiry(this.name, expiresAt);
    return this.#run('touch', () =>
      this.#queue.run(path, async () => {
        const live = await this.#readLive(path);
        if (live === null) throw new UpdateError(`[${this.name}] no live session to touch`);
        await writeAtomically(path, formatSessionFile({ ...live, expiresAt: ms }));
      }),
    );
  }

  /** A key outside the key rules names no file: nothing to remove. */
  async delete(key: string): Promise<void> {
    this.#ensureOpen('delete');
    const path = this.#path(key);
    if (path === null) return;
    return this.#run('delete', () => this.#queue.run(path, () => unlink(path).catch(ignoreMissing)));
  }

  /** A key outside the key rules names no session: false, as `load` gives null. */
  async exists(key: string): Promise<boolean> {
    this.#ensureOpen('exists');
    const path = this.#path(key);
    if (path === null) return false;
    return this.#run('exists', async () => (await this.#readLive(path)) !== null);
  }

  /**
   * Django's clear_expired: scans the directory, then removes expired files `batchSize` at a
   * time. Only the file-system steps run under `#run`: an abort rejects with the signal's reason.
   */
  async clearExpired(options?: ClearExpiredOptions): Promise<number> {
    this.#ensureOpen('clearExpired');
    options?.signal?.throwIfAborted();
    const expired = await this.#run('clearExpired', () => this.#expiredPaths());
    let next = 0;
    return clearExpiredInBatches(options, (limit) =>
      this.#run('clearExpired', async () => {
        const batch = expired.slice(next, next + limit);
        next += batch.length;
        await Promise.all(batch.map((path) => unlink(path).catch(ignoreMissing)));
        return batch.length;
      }),
    );
  }

  /** Every call opens and closes its own files; afterwards calls reject. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /** The key's file, or null for a key outside the key rules (`keyToFile` refuses it): it can hold no record. */
  #path(key: string): string | null {
    try {
      return keyToFile(this.directory, this.prefix, key);
    } catch {
      return null;
    }
  }

  /** After close() every call rejects, before any check of its arguments. */
  #ensureOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  /** Under the deadline; an fs error becomes EngineUnavailableError naming its code, never the path (it holds the key). */
  #run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(engineClosed(this.name, operation));
    return withDeadline(this.name, operation, this.#timeoutMs, body);
  }

  /** The file if it exists, parses and has not expired (`expiresAt <= now` is dead). */
  async #readLive(path: string): Promise<SessionFile | null> {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as UTF-8 text
    const text = await readFile(path, 'utf8').catch(ignoreMissing);
    const file = parseSessionFile(text);
    return file !== null && file.expiresAt > this.#clock.now() ? file : null;
  }

  /** Whether the file parses and its record has expired (an unreadable or half-written one counts as taken). */
  async #holdsExpired(path: string): Promise<boolean> {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as UTF-8 text
    const text = await readFile(path, 'utf8').catch(ignoreMissing);
    const file = parseSessionFile(text);
    return file !== null && file.expiresAt <= this.#clock.now();
  }

  async #expiredPaths(): Promise<string[]> {
    const now = this.#clock.now();
    const paths: string[] = [];
    for (const name of await readdir(this.directory)) {
      if (fileToKey(this.prefix, name) === null) continue;
      const path = join(this.directory, name);
      // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as UTF-8 text
      const text = await readFile(path, 'utf8').catch(ignoreMissing);
      const file = parseSessionFile(text);
      if (file !== null && file.expiresAt <= now) paths.push(path);
    }
    return paths;
  }

  /**
   * Checks and encodes before any file is touched (and outside the deadline wrapper, so a bad
   * record is reported as itself, not as an outage); a refused record leaves the old one intact.
   */
  #encode(record: SessionRecord): string {
    const { text, expiresAt, version } = prepareRecord(record, {
      engineName: this.name,
      maxDataBytes: this.capabilities.maxDataBytes,
      encode: (data) => this.#codec.encode(data),
    });
    // JSON.stringify leaves out `version: undefined`: a record without a version is stored without one.
    return formatSessionFile({ expiresAt, data: text, version });
  }
}

function ignoreMissing(error: unknown): undefined {
  if (isErrno(error, 'ENOENT')) return undefined;
  throw error;
}
