import type { SessionData } from '../engine/types.js';
import type { Session } from '../session/session.js';

declare global {
  // A global registry, because `req.session` on Express is a global type too (as @types/express-session does).
  namespace SessionKit {
    /**
     * Augment this to type the session everywhere an adapter puts it:
     * `declare global { namespace SessionKit { interface Data { cart: string[] } } }`.
     * While it is empty, sessions are untyped dictionaries of JSON values.
     */
    interface Data {}
  }
}

/** The app's session data: `SessionKit.Data` once augmented, else any JSON dictionary. */
export type AppData = keyof SessionKit.Data extends never ? SessionData : SessionKit.Data;

/** The session type an adapter attaches by default. */
export type AppSession = Session<AppData>;
