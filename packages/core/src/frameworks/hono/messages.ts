import { openMessages } from '../../contrib/messages/open.js';
import { urlIsSecure } from '../../http/request-secure.js';
import type { SessionData } from '../../engine/types.js';
import type { Messages } from '../../contrib/messages/messages.js';
import type { RequestMessages } from '../../contrib/messages/request-messages.js';
import type { Session } from '../../session/session.js';
import { appendSetCookie } from '../fetch/messages.js';

/** What the Hono middleware needs of a context. */
export interface HonoMessagesContext {
  readonly req: { readonly raw: Request };
  get res(): Response;
  set res(response: Response | undefined);
  get(key: 'session'): Session<SessionData>;
  set(key: 'messages', value: RequestMessages): void;
}

/** Hono middleware after `honoSession`: `c.get('messages')`. */
export function honoMessages(messages: Messages): (c: HonoMessagesContext, next: () => Promise<void>) => Promise<void> {
  return async (c, next) => {
    const flash = openMessages(
      messages,
      c.req.raw.headers.get('cookie'),
      c.get('session'),
      urlIsSecure(c.req.raw.url),
    );
    c.set('messages', flash);
    await next();
    const response = appendSetCookie(c.res, (await flash.update()).setCookie);
    if (response !== c.res) {
      // Hono's setter merges the old headers into the new response; clearing first keeps ours.
      c.res = undefined;
      c.res = response;
    }
  };
}
