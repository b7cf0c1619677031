import { type Clock, resolveClock } from '../clock.js';
import { SessionConflictError, SessionInterruptedError, UpdateError } from '../errors.js';
import type { SessionData, SessionEngine } from '../engine/types.js';
import { type FullLogger, type LoggerOption, resolveLogger } from '../logger.js';
import { CREATED_KEY } from '../session/created.js';
import { COOKIE_MAX_AGE, type ConcurrencyMode, type DataShape, NOT_LOADED, Session } from '../session/session.js';
import { SessionConfig } from '../session/session-config.js';
import { type SessionPolicy, resolvePolicy } from './manager-options.js';
import { SessionCookieWriter } from './set-cookie.js';
import { type SessionSettings, type SessionSettingsInput, resolveSettings } from './settings.js';

export interface SessionManagerOptions extends SessionSettingsInput {
  engine: SessionEngine;
  /** Unset: failures and security events go to stderr, once a minute per kind; `false` silences them. */
  logger?: LoggerOption;
  clock?: Clock;
  /** Key generator for new sessions; crypto-random by default. */
  generateKey?: () => string;
  /**
   * How two requests writing the same session at once are settled. `'last-write-wins'` (Django's
   * behaviour): the later save overwrites the earlier one, whose changes are lost.
   * `'optimistic'`: each save lands only if the record is still the version this request loaded;
   * otherwise `commit` throws `SessionConflictError` and the adapters answer 409 (or rerun the
   * handler, see `retry`). Needs an engine declaring `capabilities.optimisticConcurrency`
   * (ConfigError otherwise).
   * @default 'last-write-wins'
   * @example new SessionManager({ engine, concurrency: 'optimistic', retry: 2 })
   */
  concurrency?: ConcurrencyMode;
  /**
   * Optimistic mode only: how many times an adapter reruns the request handler, on a freshly
   * loaded session, after a conflict, before answering 409. Supported by the fetch handler and
   * `withSession` on node:http (where a rerun is sound); see the adapters' docs. 0 answers 409.
   * @default 0
   * @example { concurrency: 'optimistic', retry: 2 }
   */
  retry?: number;
  /**
   * Seconds. A session that was read but not modified gets its expiry pushed forward (sliding
   * expiry) at most once per `touchAfter`: when its stored expiry is at least this much behind
   * what a save now would give. Uses `engine.touch` (no data rewrite), else a plain save; the
   * cookie is re-sent then. With `saveEveryRequest`, unmodified sessions are re-expired under the
   * same rule instead of being saved on every request. With `absoluteTimeout`, a read of a
   * session not stamped with its creation time yet is saved at once, which stamps it. Unset:
   * read-only sessions are not re-expired (Django). Must be below `cookie.age`.
   * @default undefined
   * @example { touchAfter: 3600 } // at most one expiry write per session per hour
   */
  touchAfter?: number;
  /**
   * Seconds after creation when a session dies however active (OWASP's absolute timeout). The
   * creation time is kept in the data under `_session_created` (epoch seconds); a session past
   * it loads as a fresh empty one and its record is deleted. The record's and the cookie's
   * expiry never go past it. Sessions stored before the option was set get the key on their
   * next write, and count from then.
   * @default undefined
   * @example { absoluteTimeout: 12 * 3600 } // log in again at least every 12 hours
   */
  absoluteTimeout?: number;
  /**
   * Failure answers (400, 409, 500, 503) show the error's message instead of the status's
   * reason phrase. Off by default: engine and driver messages stay out of responses.
   */
  exposeErrors?: boolean;
}

/** What the adapter must do to the response. */
export interface CommitResult {
  /** 'set': a fresh session cookie; 'delete': the cookie is cleared; 'none': no cookie header. */
  action: 'set' | 'delete' | 'none';
  /** The whole Set-Cookie header value, when `action` is not 'none'. */
  setCookie: string | null;
  /** Add `Vary: Cookie`. */
  vary: boolean;
  /** Add `Cache-Control: private` (unless stricter), because the response carries the cookie. */
  cacheControlPrivate: boolean;
}

/** What a 409 says; the engine's own message (which may name the store) stays in `cause`. */
export const CONFLICT_MESSAGE =
  'The session was changed by a concurrent request while this one ran; its changes were not saved. Try again.';

export const INTERRUPTED_MESSAGE =
  "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.";

const NOTHING: CommitResult = Object.freeze({
  action: 'none',
  setCookie: null,
  vary: false,
  cacheControlPrivate: false,
});

/** A commit's answer per request: a class, not a literal (see SessionRecordObject on V8's pretenuring). */
class Commit implements CommitResult {
  constructor(
    public action: CommitResult['action'],
    public setCookie: string | null,
    public vary: boolean,
    public cacheControlPrivate: boolean,
  ) {}
}

/** 'none' with `Vary: Cookie`: the session was read. */
function varyOnly(): CommitResult {
  return new Commit('none', null, true, false);
}

/**
 * The framework-free request life cycle, Django's SessionMiddleware:
 * `open` gives a lazy Session (no I/O); `commit` saves it and says which headers to send.
 */
export class SessionManager<D extends DataShape<D> = SessionData> {
  readonly engine: SessionEngine;
  readonly settings: SessionSettings;
  readonly logger: FullLogger;
  /** The concurrency, touch and absolute-timeout options, checked. */
  readonly policy: SessionPolicy;
  /** See `SessionManagerOptions.exposeErrors`. */
  readonly exposeErrors: boolean;
  readonly #clock: Clock;
  readonly #cookies: SessionCookieWriter;
  /** Resolved once: every session of this manager shares it. */
  readonly #sessionConfig: SessionConfig;

  constructor(options: SessionManagerOptions) {
    this.engine = options.engine;
    this.settings = resolveSettings(options);
    this.logger = resolveLogger(options.logger);
    this.policy = resolvePolicy(options, options.engine, this.settings.cookie.age);
    this.exposeErrors = options.exposeErrors === true;
    this.#clock = resolveClock(options.clock);
    this.#cookies = new SessionCookieWriter(this.settings.cookie);
    this.#sessionConfig = new SessionConfig({
      cookieAge: this.settings.cookie.age,
      expireAtBrowserClose: this.settings.expireAtBrowserClose,
      clock: this.#clock,
      generateKey: options.generateKey,
      concurrency: this.policy.concurrency,
      absoluteTimeout: this.policy.absoluteTimeout,
    });
  }

  /**
   * The session for a request's cookie value (undefined when the request had none). Does no I/O.
   * `onTouch` runs once, when the handler first uses the session: adapters hook the response then.
   */
  open(cookieValue: string | undefined, onTouch?: (session: Session<D>) => void): Session<D> {
    const session = new Session<D>(this.engine, cookieValue, this.#sessionConfig, onTouch);
    if (cookieValue !== undefined && session.key === null) {
      this.logger.debug('session cookie rejected before any I/O: not a valid key');
    }
    return session;
  }

  /**
   * Whether `commit` could do anything for this session. False means it would answer 'none'
   * with no I/O, so an adapter may let the response through untouched.
   */
  needsCommit(session: Session<D>): boolean {
    return (
      session.accessed || session.modified || this.settings.saveEveryRequest || (session.keyGiven && session.isEmpty())
    );
  }

  /**
   * Saves the session if it must be saved and says what the response needs.
   * Throws `SessionInterruptedError` (400) when the record was deleted meanwhile,
   * `SessionConflictError` (409, optimistic mode) when it changed since this request loaded it,
   * `EngineUnavailableError` (503) when the store fails, and `SessionTooLargeError` (500).
   * `secureRequest` (the request came over HTTPS) sets Secure under `cookie.secure: 'auto'`.
   */
  async commit(session: Session<D>, status: number, secureRequest = false): Promise<CommitResult> {
    const { saveEveryRequest } = this.settings;
    const touchAfterMs = this.policy.touchAfterMs;
    const empty = session.isEmpty();
    if (session.keyGiven && empty) return this.#removed(secureRequest);
    const save = session.modified || (saveEveryRequest && touchAfterMs === undefined);
    if (!save || empty || status >= 500) {
      if (touchAfterMs !== undefined && !empty && status < 500 && (session.accessed || saveEveryRequest)) {
        return this.#touchIfDue(session, touchAfterMs, secureRequest);
      }
      return session.accessed ? varyOnly() : NOTHING;
    }
    // Loaded data (the usual case) gives the Max-Age synchronously: no promise per getter.
    const loaded = session[COOKIE_MAX_AGE]();
    const maxAge = loaded === NOT_LOADED ? await this.#maxAge(session) : loaded;
    // Awaited here, not through a helper taking a closure: no closure or promise layer per request.
    try {
      await session.save();
    } catch (error) {
      throw this.#failed(error);
    }
    return this.#cookie(session, maxAge, secureRequest);
  }

  /**
   * touchAfter: re-expires an unmodified session when its stored expiry lags what a save now
   * would give by `touchAfterMs` or more; else writes nothing.
   */
  async #touchIfDue(session: Session<D>, touchAfterMs: number, secureRequest: boolean): Promise<CommitResult> {
    const fresh = await session.getExpiryDate();
    const key = session.key;
    if (key === null) return session.keyGiven ? this.#removed(secureRequest) : varyOnly();
    // A session still to be stamped with its creation time is due at once, and needs a real save.
    const stamp = this.policy.absoluteTimeout !== undefined && !Object.hasOwn(session.toData(), CREATED_KEY);
    const stored = session.storedExpiresAt;
    if (!stamp && stored !== null && fresh.getTime() - stored.getTime() < touchAfterMs) return varyOnly();
    const maxAge = await this.#maxAge(session);
    try {
      await (this.engine.touch === undefined || stamp ? session.save() : this.engine.touch(key, fresh));
    } catch (error) {
      // Optimistic fallback save: a concurrent write replaced the record, and so re-expired it.
      if (error instanceof SessionConflictError) return varyOnly();
      throw this.#failed(error);
    }
    return this.#cookie(session, maxAge, secureRequest);
  }

  async #maxAge(session: Session<D>): Promise<number | undefined> {
    return (await session.getExpireAtBrowserClose()) ? undefined : await session.getExpiryAge();
  }

  /**
   * A store write's failure in the adapters' terms: a record deleted meanwhile becomes Django's
   * SessionInterrupted, and a conflict is told in core's words (adapters show a 4xx message).
   */
  #failed(error: unknown): unknown {
    if (error instanceof UpdateError) return new SessionInterruptedError(INTERRUPTED_MESSAGE, { cause: error });
    if (error instanceof SessionConflictError) return new SessionConflictError(CONFLICT_MESSAGE, { cause: error });
    return error;
  }

  #cookie(session: Session<D>, maxAge: number | undefined, secureRequest: boolean): CommitResult {
    const setCookie = this.#cookies.set(session.key ?? '', maxAge, this.#clock.now(), secureRequest);
    return new Commit('set', setCookie, true, true);
  }

  #removed(secureRequest: boolean): CommitResult {
    return new Commit('delete', this.#cookies.remove(secureRequest), true, true);
  }
}
