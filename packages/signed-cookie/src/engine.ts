import {
  checkDataNumbers,
  type Clock,
  type EngineCapabilities,
  engineClosed,
  type FullLogger,
  JsonNumbers,
  resolveLogger,
  SECURITY_LOGGER,
  type SessionData,
  type SessionEngine,
  type SessionRecord,
  SessionRecordObject,
  SessionTooLargeError,
  resolveClock,
} from '@sessionkit/core/engine';
import { protectPythonNumbers, warnIfWeakSecret } from '@sessionkit/core';
import { chooseBody, type CompressionPolicy, inflateBody } from './compression.js';
import { encryptedFormat } from './encrypted-format.js';
import { cutExpiryEntry, EXPIRES_AT_KEY, recordJson, takeExpiresAt } from './expiry.js';
import type { CookieFormat } from './format.js';
import { MAX_COOKIE_BYTES, type ResolvedOptions, resolveOptions, type SignedCookieEngineOptions } from './options.js';
import { CookieRejected } from './rejection.js';
import { signedFormat } from './signed-format.js';

/** The charset of both formats: base64url, '.' and ':'. Structure is checked by `load`. */
export const COOKIE_VALUE_PATTERN = /^[A-Za-z0-9_\-.:]+$/;

/** The session lives in the cookie: Django's signed_cookies engine, plus enforced expiry. */
export function createSignedCookieEngine(options: SignedCookieEngineOptions): SessionEngine {
  const resolved = resolveOptions(options);
  const log = resolveLogger(options.logger);
  warnIfWeakSecret(resolved.secret, 'secret', log);
  return new SignedCookieEngine(resolved, resolveClock(options.clock), log);
}

class SignedCookieEngine implements SessionEngine {
  readonly name = 'signed-cookie';
  readonly capabilities: EngineCapabilities;
  readonly #options: ResolvedOptions;
  readonly #clock: Clock;
  readonly #log: FullLogger;
  readonly #format: CookieFormat;
  readonly #compression: CompressionPolicy;
  readonly #maxValueLength: number;
  /** Where cutExpiryEntry ended the JSON: one object for every load. */
  readonly #cut = { end: 0 };
  #closed = false;

  constructor(options: ResolvedOptions, clock: Clock, log: FullLogger) {
    this.#options = options;
    this.#clock = clock;
    this.#log = log;
    const makeFormat = options.encrypt ? encryptedFormat : signedFormat;
    this.#format = makeFormat(options.secret, options.fallbackSecrets, clock);
    this.#compression = { enabled: options.compress, threshold: options.compressThreshold };
    // Cookie names are ASCII tokens, so characters are bytes.
    this.#maxValueLength = MAX_COOKIE_BYTES - options.cookieName.length;
    this.capabilities = Object.freeze({
      keyPattern: COOKIE_VALUE_PATTERN,
      minKeyLength: this.#format.minLength,
      maxKeyLength: this.#maxValueLength,
      storage: 'cookie',
      exists: false,
      revocable: false,
      clearExpired: 'unnecessary',
      ttlResolutionMs: 1000,
      usesInjectedClock: true,
      maxDataBytes: this.#maxValueLength,
    });
  }

  /** The record, or null (fresh empty session) when invalid, tampered or expired. Never throws. */
  async load(key: string): Promise<SessionRecord | null> {
    this.#ensureOpen('load');
    try {
      return this.#open(key);
    } catch (error) {
      // Only a reason code: the value is a credential and the data may be private.
      const reason = error instanceof CookieRejected ? error.reason : 'undecodable';
      this.#log.warn('Session cookie rejected', { logger: SECURITY_LOGGER, engine: this.name, reason });
      return null;
    }
  }

  /** The candidate key is ignored: the cookie value is the sealed record. */
  async create(_key: string, record: SessionRecord): Promise<string> {
    this.#ensureOpen('create');
    return this.#seal(record);
  }

  /** Re-seals with the primary secret and a fresh timestamp. A cookie cannot know if it was "deleted". */
  async update(_key: string, record: SessionRecord): Promise<string> {
    this.#ensureOpen('update');
    return this.#seal(record);
  }

  /** Nothing to delete server-side: copies the client holds stay valid until they expire. */
  async delete(_key: string): Promise<void> {
    this.#ensureOpen('delete');
  }

  /** Always false, as Django's: there is no shared store to ask. */
  async exists(_key: string): Promise<boolean> {
    this.#ensureOpen('exists');
    return false;
  }

  /** Expired cookies die on their own; nothing to clear. */
  async clearExpired(): Promise<number> {
    this.#ensureOpen('clearExpired');
    return 0;
  }

  /** Idempotent; afterwards every call rejects with EngineUnavailableError, as every engine's. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #ensureOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  #seal(record: SessionRecord): string {
    // The contract's JSON rules (no -0, no integers beyond 2^53, bounded depth…), before any work.
    // The walk also tells whether Python spells any of its numbers differently (see stringify).
    const numbers = checkDataNumbers(this.name, record?.data);
    const format = this.#format;
    const reserve = format.headerBytes ?? 0;
    const json = recordJson(record, format.stringify, format.encoding, reserve, numbers !== JsonNumbers.noTinyNumbers);
    const jsonBytes = json.length - reserve;
    if (jsonBytes > this.#options.maxDecompressedBytes) {
      throw new SessionTooLargeError(
        `session data is ${jsonBytes} bytes; the signed-cookie engine reads back at most ${this.#options.maxDecompressedBytes}`,
      );
    }
    const body = chooseBody(json, reserve, this.#compression, format.sealedLength, this.#maxValueLength);
    const value = format.seal(body.bytes, body.compressed, body.start);
    const size = this.#options.cookieName.length + value.length;
    if (size > MAX_COOKIE_BYTES) {
      throw new SessionTooLargeError(
        `session cookie "${this.#options.cookieName}" would be ${size} bytes (name and value); browsers keep at most ${MAX_COOKIE_BYTES}`,
      );
    }
    return value;
  }

  #open(key: string): SessionRecord | null {
    // Only type and length here: the formats check the charset in the same pass that
    // parses the value (strict base64url, the MAC or AEAD tag, base62), so a whole-value
    // regex (COOKIE_VALUE_PATTERN, still the advertised keyPattern) would be a second pass.
    if (typeof key !== 'string' || key.length < this.#format.minLength || key.length > this.#maxValueLength) {
      throw new CookieRejected('malformed');
    }
    const opened = this.#format.open(key);
    const { maxAge, clockSkewSeconds, maxDecompressedBytes } = this.#options;
    const nowMs = this.#clock.now();
    const age = nowMs / 1000 - opened.issuedAt;
    if (-age > clockSkewSeconds) throw new CookieRejected('future-timestamp');
    // Django's rule: expired when age > max_age, so exactly max_age is still accepted.
    if (age > maxAge) return this.#expired('signature-age');
    const json = opened.compressed ? inflateBody(opened.body, maxDecompressedBytes) : opened.body;
    const cut = this.#cut;
    const embedded = cutExpiryEntry(json, cut);
    let data: SessionData;
    let expiresAt: Date;
    if (Number.isNaN(embedded)) {
      data = this.#parseDict(json, json.length);
      expiresAt = takeExpiresAt(data, opened.issuedAt, maxAge);
    } else {
      data = this.#parseDict(json, cut.end);
      // A second entry under the key, before ours: JSON.parse would have kept ours (the last).
      if (Object.hasOwn(data, EXPIRES_AT_KEY)) delete data[EXPIRES_AT_KEY];
      expiresAt = new Date(embedded);
    }
    if (expiresAt.getTime() <= nowMs) return this.#expired('session-expiry');
    // A class instance, not a literal: see SessionRecordObject on V8's pretenuring.
    return new SessionRecordObject(data, expiresAt);
  }

  /**
   * A verified body (up to `end`) as a session dict; JSON.parse's own object is returned, never merged.
   * In Django's format, numbers JS would change (Python's big integers, NaN, Infinity) become
   * `pythonNumber` markers.
   */
  #parseDict(json: Buffer, end: number): SessionData {
    let value: unknown;
    try {
      const format = this.#format;
      const plain = json.toString(format.encoding, 0, end);
      const { text, wrapped } = format.pythonJson ? protectPythonNumbers(plain) : { text: plain, wrapped: 0 };
      if (wrapped > 0) {
        this.#log.warn(
          `session cookie holds ${wrapped} number(s) JS cannot carry exactly (an integer beyond 2^53, NaN, Infinity or -0.0): surfaced as { "$pythonNumber": "<text>" } and written back unchanged`,
          { engine: this.name },
        );
      }
      value = JSON.parse(text);
    } catch {
      throw new CookieRejected('undecodable');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CookieRejected('undecodable');
    return value as SessionData;
  }

  #expired(reason: 'signature-age' | 'session-expiry'): null {
    // Expiry is normal life, not an attack: debug, not a security warning.
    this.#log.debug('Session cookie expired', { engine: this.name, reason });
    return null;
  }
}
