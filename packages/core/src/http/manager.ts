import { type Clock, systemClock } from '../clock.js';
import { SessionInterruptedError, UpdateError } from '../errors.js';
import type { SessionData, SessionEngine } from '../engine/types.js';
import { type FullLogger, type LoggerOption, resolveLogger } from '../logger.js';
import { type DataShape, Session, type SessionOptions } from '../session/session.js';
import { SessionCookieWriter } from './set-cookie.js';
import { type SessionSettings, type SessionSettingsInput, resolveSettings } from './settings.js';

export interface SessionManagerOptions extends SessionSettingsInput {
  engine: SessionEngine;
  /** Unset: failures and security events go to stderr, once a minute per kind; `false` silences them. */
  logger?: LoggerOption;
  clock?: Clock;
  /** Key generator for new sessions; crypto-random by default. */
  generateKey?: () => string;
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

export const INTERRUPTED_MESSAGE =
  "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.";

const NOTHING: CommitResult = Object.freeze({ action: 'none', setCookie: null, vary: false, cacheControlPrivate: false });

/**
 * The framework-free request life cycle, Django's SessionMiddleware:
 * `open` gives a lazy Session (no I/O); `commit` saves it and says which headers to send.
 */
export class SessionManager<D extends DataShape<D> = SessionData> {
  readonly engine: SessionEngine;
  readonly settings: SessionSettings;
  readonly logger: FullLogger;
  readonly #clock: Clock;
  readonly #cookies: SessionCookieWriter;
  /** Built once: every session of this manager shares it. */
  readonly #sessionOptions: SessionOptions;

  constructor(options: SessionManagerOptions) {
    this.engine = options.engine;
    this.settings = resolveSettings(options);
    this.logger = resolveLogger(options.logger);
    this.#clock = options.clock ?? systemClock;
    this.#cookies = new SessionCookieWriter(this.settings.cookie);
    this.#sessionOptions = {
      cookieAge: this.settings.cookie.age,
      expireAtBrowserClose: this.settings.expireAtBrowserClose,
      clock: this.#clock,
      generateKey: options.generateKey,
    };
  }

  /**
   * The session for a request's cookie value (undefined when the request had none). Does no I/O.
   * `onTouch` runs once, when the handler first uses the session: adapters hook the response then.
   */
  open(cookieValue: string | undefined, onTouch?: () => void): Session<D> {
    const session = new Session<D>(this.engine, cookieValue, this.#sessionOptions, onTouch);
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
      session.accessed ||
      session.modified ||
      this.settings.saveEveryRequest ||
      (session.keyGiven && session.isEmpty())
    );
  }

  /**
   * Saves the session if it must be saved and says what the response needs.
   * Throws `SessionInterruptedError` (400) when the record was deleted meanwhile,
   * `EngineUnavailableError` (503) when the store fails, and `SessionTooLargeError` (500).
   * `secureRequest` (the request came over HTTPS) sets Secure under `cookie.secure: 'auto'`.
   */
  async commit(session: Session<D>, status: number, secureRequest = false): Promise<CommitResult> {
    const { saveEveryRequest } = this.settings;
    const empty = session.isEmpty();
    if (session.keyGiven && empty) {
      return { action: 'delete', setCookie: this.#cookies.remove(secureRequest), vary: true, cacheControlPrivate: true };
    }
    if (!(session.modified || saveEveryRequest) || empty || status >= 500) {
      return session.accessed ? { ...NOTHING, vary: true } : NOTHING;
    }
    const maxAge = (await session.getExpireAtBrowserClose()) ? undefined : await session.getExpiryAge();
    try {
      await session.save();
    } catch (error) {
      if (error instanceof UpdateError) throw new SessionInterruptedError(INTERRUPTED_MESSAGE, { cause: error });
      throw error;
    }
    const value = session.key ?? '';
    const setCookie = this.#cookies.set(value, maxAge, this.#clock.now(), secureRequest);
    return { action: 'set', setCookie, vary: true, cacheControlPrivate: true };
  }
}
