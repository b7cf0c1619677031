import { type Clock, systemClock } from '../../clock.js';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
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

export interface MessagesOptions {
  /** Django's SECRET_KEY; the cookie is signed as Django signs it, so both can read it. */
  secret: Secret;
  fallbackSecrets?: Secret[];
  /** Django's MESSAGE_STORAGE; 'fallback' (cookie, overflow to the session) by default. */
  storage?: MessageStorageKind;
  /** Django's MESSAGE_LEVEL; INFO by default. */
  level?: number;
  /** Cookie attributes; match them to the session cookie's (Django uses SESSION_COOKIE_*). */
  cookie?: Partial<MessagesCookieSettings>;
  /** Largest messages cookie value in bytes; Django's 2,048. */
  maxCookieSize?: number;
  clock?: Clock;
}

export interface OpenMessagesInput<D extends DataShape<D>> {
  /** The messages cookie's value from the request, if any. */
  cookie?: string | undefined;
  /** The request's session; required by the 'session' and 'fallback' storages. */
  session?: Session<D> | undefined;
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
  const cookie: MessagesCookieSettings = { ...DEFAULT_MESSAGES_COOKIE, ...defined(options.cookie ?? {}) };
  const signer = new TimestampSigner({
    key: cookieSignerKey(options.secret),
    fallbackKeys: fallbacks.map(cookieSignerKey),
    salt: MESSAGES_SALT,
    clock: options.clock ?? systemClock,
  });
  const maxSize = options.maxCookieSize ?? MAX_MESSAGES_COOKIE_SIZE;
  const level = options.level ?? INFO;
  const toHeader = (backend: CookieBackend) => messagesSetCookie(cookie, backend.change);

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
        cookieBackend = new CookieBackend(signer, input.cookie, maxSize);
        backend =
          storage === 'cookie' ? cookieBackend : new FallbackBackend([cookieBackend, new SessionBackend(session)]);
      }
      return new RequestMessages({
        backend,
        cookie: cookieBackend,
        toHeader,
        level,
        removeOldest: storage === 'cookie',
      });
    },
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
