import { ConfigError } from '../../errors.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import { constantTimeEqual, type Secret, validateFallbacks, validateSecret } from '../../signing/index.js';
import { rotateCsrfSecret } from '../csrf/session-secret.js';
import {
  BACKEND_SESSION_KEY,
  DJANGO_MODEL_BACKEND,
  HASH_SESSION_KEY,
  matchSessionAuthHash,
  SESSION_KEY,
  sessionAuthHash,
} from './hash.js';
import type { UserSessionIndex } from './index-types.js';

/** The user shape the default accessors read: Django's `pk` and `password` (the stored hash). */
export interface AuthUser {
  readonly id: string | number;
  /** The stored password hash, e.g. `pbkdf2_sha256$...`. Never the plain password. */
  readonly password?: string | null;
}

export interface Accessors<U> {
  /** The user's primary key; stored as a string, as Django does. */
  userId(user: U): string | number;
  /** The stored password hash the session hash derives from; null disables the check. */
  passwordHash(user: U): string | null | undefined;
}

export interface AuthBaseOptions<U> {
  /** Django's SECRET_KEY: the session auth hash is keyed with it. */
  secret: Secret;
  /** Django's SECRET_KEY_FALLBACKS: hashes made with these still verify, then move to `secret`. */
  fallbackSecrets?: Secret[];
  /** Loads the user a session names; null when the user is gone. */
  loadUser(id: string, backend: string): Promise<U | null | undefined> | U | null | undefined;
  /** Stored in `_auth_user_backend`; Django's ModelBackend by default, so a shared session works in Django. */
  backend?: string;
  /** Backends `getUser` accepts (Django's AUTHENTICATION_BACKENDS); `[backend]` by default. */
  backends?: readonly string[];
  /** Enables `logoutEverywhere` and keeps the index current on login, logout and key changes. */
  index?: UserSessionIndex;
}

/** Options; the accessors are optional when the user type has `id` and `password`. */
export type AuthOptions<U> = AuthBaseOptions<U> & (U extends AuthUser ? Partial<Accessors<U>> : Accessors<U>);

export interface UpdateHashOptions {
  /** Delete the user's other sessions now (needs an index); true by default when there is one. */
  logoutOtherSessions?: boolean;
}

type AnySession<D extends DataShape<D>> = Session<D>;

/** django.contrib.auth's session functions, bound to secrets and a user loader. */
export interface Auth<U> {
  login<D extends DataShape<D>>(session: AnySession<D>, user: U, options?: { backend?: string }): Promise<void>;
  getUser<D extends DataShape<D>>(session: AnySession<D>): Promise<U | null>;
  logout<D extends DataShape<D>>(session: AnySession<D>): Promise<void>;
  updateSessionAuthHash<D extends DataShape<D>>(
    session: AnySession<D>,
    user: U,
    options?: UpdateHashOptions,
  ): Promise<void>;
  /**
   * Deletes every indexed session of the user but `keep`; resolves to how many were deleted.
   * `user` may be the user or its id (a string, or a number as JavaScript callers hold it).
   */
  logoutEverywhere<D extends DataShape<D>>(
    user: U | string | number,
    options?: { keep?: AnySession<D> },
  ): Promise<number>;
  /** The id a session is logged in as, without loading the user or verifying the hash. */
  sessionUserId<D extends DataShape<D>>(session: AnySession<D>): Promise<string | null>;
  /** Django's `get_session_auth_hash()` for a user ('' when the accessor gives null). */
  sessionAuthHash(user: U): string;
}

/**
 * A user id as the session and the index hold it: Django stores `str(pk)`, so 42 and '42' are
 * the same user. Anything else (a user object without an id) would file every such user under
 * "undefined", so it is refused.
 */
function idText(id: unknown): string {
  if (
    (typeof id === 'string' && id !== '') ||
    (typeof id === 'number' && Number.isFinite(id)) ||
    typeof id === 'bigint'
  ) {
    return String(id);
  }
  throw new ConfigError(
    `a user id must be a non-empty string or a finite number, not ${id === '' ? 'an empty string' : typeof id}: pass createAuth({ userId }) when users keep theirs elsewhere than id`,
  );
}

function raw<D extends DataShape<D>>(session: Session<D>): Session<SessionData> {
  return session as unknown as Session<SessionData>;
}

/** With a user shaped `{ id, password }` the accessors are optional; otherwise pass `userId` and `passwordHash`. */
export function createAuth<U extends AuthUser>(options: AuthBaseOptions<U> & Partial<Accessors<U>>): Auth<U>;
export function createAuth<U>(options: AuthBaseOptions<U> & Accessors<U>): Auth<U>;
export function createAuth<U>(options: AuthBaseOptions<U> & Partial<Accessors<U>>): Auth<U> {
  validateSecret(options.secret, 'secret');
  const fallbacks = options.fallbackSecrets ?? [];
  validateFallbacks(options.secret, fallbacks);
  const secret = options.secret;
  const defaultBackend = options.backend ?? DJANGO_MODEL_BACKEND;
  const backends = options.backends ?? [defaultBackend];
  const accessors: Partial<Accessors<U>> = options;
  const userId = (user: U): string => idText(accessors.userId ? accessors.userId(user) : (user as AuthUser).id);
  const passwordHash = (user: U): string | null =>
    (accessors.passwordHash ? accessors.passwordHash(user) : (user as AuthUser).password) ?? null;
  const authHash = (user: U): string => {
    const password = passwordHash(user);
    return password === null ? '' : sessionAuthHash(password, secret);
  };
  const index = options.index;
  // Django's request.user cache: one loadUser per session object.
  const cache = new WeakMap<object, Promise<U | null>>();

  async function storedUserId(session: Session<SessionData>): Promise<string | null> {
    const id = await session.get(SESSION_KEY);
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  }

  /** Moves the index entry after a key change (cycleKey or flush-then-save). */
  async function reindex(id: string, before: string | null, after: string | null): Promise<void> {
    if (!index || before === after) return;
    if (before !== null) await index.remove(id, [before]);
    if (after !== null) await index.add(id, after);
  }

  const auth: Auth<U> = {
    async login(session, user, loginOptions = {}) {
      const s = raw(session);
      const hash = authHash(user);
      const id = userId(user);
      const previousId = await storedUserId(s);
      const previousKey = s.key;
      if (previousId !== null) {
        const storedHash = await s.get(HASH_SESSION_KEY, '');
        // Another user, or the same user whose password changed: nothing of the old session survives.
        if (previousId !== id || (hash !== '' && !constantTimeEqual(String(storedHash), hash))) {
          // Flushed first: a failed delete leaves the session, so it must stay in the index.
          await s.flush();
          if (index && previousKey !== null) await index.remove(previousId, [previousKey]);
        }
      } else {
        // Anonymous data (a cart) is kept under a fresh key: against session fixation.
        await s.cycleKey();
      }
      await s.set(SESSION_KEY, id);
      await s.set(BACKEND_SESSION_KEY, loginOptions.backend ?? defaultBackend);
      await s.set(HASH_SESSION_KEY, hash);
      await rotateCsrfSecret(s);
      cache.set(session, Promise.resolve(user));
      if (index) {
        // After a flush the key only exists once saved; the index needs it now.
        if (s.key === null) await s.save();
        if (s.key !== null) await index.add(id, s.key);
      }
    },

    getUser(session) {
      let user = cache.get(session);
      if (user === undefined) {
        user = resolveUser(raw(session));
        cache.set(session, user);
      }
      return user;
    },

    async logout(session) {
      const s = raw(session);
      const id = await storedUserId(s);
      const key = s.key;
      // Flushed first: if the delete fails the session lives on, and logoutEverywhere must still find it.
      await s.flush();
      if (index && id !== null && key !== null) await index.remove(id, [key]);
      cache.set(session, Promise.resolve(null));
    },

    async updateSessionAuthHash(session, user, updateOptions = {}) {
      const s = raw(session);
      const before = s.key;
      // Whoever the session belongs to (an admin changing another user's password), its key
      // changes: the index entry follows it.
      const sessionUser = await storedUserId(s);
      await s.cycleKey();
      if (sessionUser !== null) await reindex(sessionUser, before, s.key);
      const id = userId(user);
      if (sessionUser === id) {
        await s.set(HASH_SESSION_KEY, authHash(user));
        cache.set(session, Promise.resolve(user));
        if (index && (updateOptions.logoutOtherSessions ?? true)) await auth.logoutEverywhere(id, { keep: session });
      }
    },

    async logoutEverywhere(user, everywhereOptions = {}) {
      if (!index) throw new ConfigError('logoutEverywhere needs createAuth({ index })');
      const id = typeof user === 'string' || typeof user === 'number' ? idText(user) : userId(user as U);
      const keep = everywhereOptions.keep?.key ?? null;
      const doomed = (await index.list(id)).filter((key) => key !== keep);
      await Promise.all(doomed.map((key) => index.engine.delete(key)));
      await index.remove(id, doomed);
      return doomed.length;
    },

    async sessionUserId(session) {
      return storedUserId(raw(session));
    },

    sessionAuthHash: authHash,
  };

  /** Django's get_user(): verify the hash; upgrade a fallback-secret hash; otherwise flush. */
  async function resolveUser(s: Session<SessionData>): Promise<U | null> {
    const id = await storedUserId(s);
    const backend = await s.get(BACKEND_SESSION_KEY);
    if (id === null || typeof backend !== 'string' || !backends.includes(backend)) return null;
    const user = (await options.loadUser(id, backend)) ?? null;
    if (user === null) return null;
    const password = passwordHash(user);
    if (password === null) return user;
    const stored = await s.get(HASH_SESSION_KEY);
    const verdict =
      typeof stored === 'string' && stored !== '' ? matchSessionAuthHash(stored, password, secret, fallbacks) : null;
    if (verdict === 'primary') return user;
    const before = s.key;
    if (verdict === 'fallback') {
      await s.cycleKey();
      await s.set(HASH_SESSION_KEY, sessionAuthHash(password, secret));
      await reindex(id, before, s.key);
      return user;
    }
    await s.flush();
    await reindex(id, before, null);
    return null;
  }

  return auth;
}
