import { type Clock, resolveClock } from '../../clock.js';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import { type CookieSettings, checkCookieSecure } from '../../http/settings.js';
import type { DataShape, Session } from '../../session/session.js';
import { type Secret, TimestampSigner, validateFallbacks, validateSecret } from '../../signing/index.js';
import { DEFAULT_MESSAGES_COOKIE, type MessagesCookieSettings, messagesSetCookie } from './cookie-header.js';
import { CookieBackend, cookieSignerKey, MAX_MESSAGES_COOKIE_SIZE, MESSAGES_SALT } from './cookie-storage.js';
import { FallbackBackend } from './fallback-storage.js';
import { INFO } from './message.js';
import { RequestMessages } from './request-messages.js';
import { SessionBackend } from './session-storage.js';
import type { MessageBackend } from './storage.js';

export type MessageStorageKind = 'fallback' | 'cookie' | 'session';

/**
 * Options of `createMessages`.
 * @example
 * const messages = createMessages({ secret: process.env.SECRET_KEY!, manager });
 */
export interface MessagesOptions {
  /** Django's SECRET_KEY; the cookie is signed as Django signs it, so both can read it. */
  secret: Secret;
  /** Older secrets still accepted when reading (SECRET_KEY_FALLBACKS). @default [] */
  fallbackSecrets?: Secret[];
  /** Django's MESSAGE_STORAGE: cookie, overflowing to the session. @default 'fallback' */
  storage?: MessageStorageKind;
  /** Django's MESSAGE_LEVEL. @default INFO (20) */
  level?: number;
  /**
   * The session manager whose cookie settings the messages cookie takes (one source, as Django
   * takes SESSION_COOKIE_PATH, _DOMAIN, _SECURE, _HTTPONLY, _SAMESITE). `secure: 'auto'` works
   * as it does for the session cookie: Secure when the request came over HTTPS.
   * @example createMessages({ secret, manager })
   */
  manager?: { readonly settings: { readonly cookie: CookieSettings } };
  /**
   * Cookie attributes, over the manager's (or the defaults without one).
   * @default { name: 'messages', path: '/', domain: undefined, secure: false, httpOnly: true, sameSite: 'Lax' }
   */
  cookie?: Partial<MessagesCookieSettings>;
  /** Largest messages cookie value in bytes. @default 2048 (Django's) */
  maxCookieSize?: number;
  /** The clock signing timestamps. @default systemClock */
  clock?: Clock;
}

export interface OpenMessagesInput<D extends DataShape<D>> {
  /** The messages cookie's value from the request, if any. */
  cookie?: string | undefined;
  /** The request's session; required by the 'session' and 'fallback' storages. */
  session?: Session<D> | undefined;
  /**
   * The request came over HTTPS, as the framework tells it (honouring its trust-proxy setting).
   * Decides Secure under `cookie.secure: 'auto'`, where a storage that writes the cookie
   * requires it. The framework adapters pass it.
   */
  secure?: boolean | undefined;
}

/** Flash messages, framework-free: `open` per request, `update()` before the session commits. */
export interface Messages {
  readonly cookie: Readonly<MessagesCookieSettings>;
  readonly storage: MessageStorageKind;
  open<D extends DataShape<D>>(input: OpenMessagesInput<D>): RequestMessages;
}

export function createMessages(options: MessagesOptions): Messages {
  validateSecret(options.secret, 'secret');
  const fallbacks = options.fallbackSecrets ?? [];
  validateFallbacks(options.secret, fallbacks);
  const storage = options.storage ?? 'fallback';
  if (!['fallback', 'cookie', 'session'].includes(storage))
    throw new ConfigError(`unknown message storage '${storage}'`);
  const cookie: MessagesCookieSettings = {
    ...DEFAULT_MESSAGES_COOKIE,
    ...fromManager(options.manager),
    ...defined(options.cookie ?? {}),
  };
  checkCookieSecure(cookie.secure);
  const signer = new TimestampSigner({
    key: cookieSignerKey(options.secret),
    fallbackKeys: fallbacks.map(cookieSignerKey),
    salt: MESSAGES_SALT,
    clock: resolveClock(options.clock),
  });
  const maxSize = options.maxCookieSize ?? MAX_MESSAGES_COOKIE_SIZE;
  const level = options.level ?? INFO;
  const toHeader = (backend: CookieBackend, secure: boolean) => messagesSetCookie(cookie, backend.change, secure);

  return {
    cookie,
    storage,
    open(input) {
      const session = input.session as Session<SessionData> | undefined;
      let backend: MessageBackend;
      let cookieBackend: CookieBackend | null = null;
      if (storage === 'session') {
        backend = new SessionBackend(session);
      } else {
        if (cookie.secure === 'auto' && typeof input.secure !== 'boolean') {
          throw new ConfigError("cookie.secure is 'auto': give open() the request's `secure` (HTTPS or not)");
        }
        cookieBackend = new CookieBackend(signer, input.cookie, maxSize);
        backend =
          storage === 'cookie' ? cookieBackend : new FallbackBackend([cookieBackend, new SessionBackend(session)]);
      }
      return new RequestMessages({
        backend,
        cookie: cookieBackend,
        toHeader,
        secure: input.secure === true,
        level,
        removeOldest: storage === 'cookie',
      });
    },
  };
}

/** The session cookie's attributes for the messages cookie; its name stays the messages'. */
function fromManager(manager: MessagesOptions['manager']): Partial<MessagesCookieSettings> {
  if (manager === undefined) return {};
  const { path, domain, secure, httpOnly, sameSite } = manager.settings.cookie;
  return { path, domain, secure, httpOnly, sameSite };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
