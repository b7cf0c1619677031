import type { ServerResponse } from 'node:http';
import { type JsonValue, SerializationError, type Session } from '@sessionkit/core';
import type { Auth } from '@sessionkit/core/auth';
import { CSRF_SESSION_KEY } from '@sessionkit/core/csrf';
import type { SessionRequest } from '@sessionkit/core/express';
import type { RequestMessages } from '@sessionkit/core/messages';
import { type KeyChange, changePassword, cookieHoldsData, logIn, logOut, shortKey } from './account';
import type { DemoData } from './data';
import { HttpError, readJsonObject, redirect, sendHtml, sendJson } from './http-util';
import { DEMO_PASSWORD, DEMO_USERNAMES, type DemoUser, type UserTable } from './users';
import { accountBody, cartBody, homeBody, page } from './views';

/** A request after the demo's middleware: the session, flash messages, the CSRF token, a parsed form. */
export type DemoRequest = SessionRequest<DemoData> & {
  messages: RequestMessages;
  csrfToken(): Promise<string>;
  body?: Record<string, string>;
};
type Handler = (req: DemoRequest, res: ServerResponse) => Promise<void>;

export interface RouteContext {
  engineLabel: string;
  auth: Auth<DemoUser>;
  users: UserTable;
}

const CATALOGUE = ['apple', 'pear', 'fig'] as const;
const USERNAME = /^[A-Za-z0-9_.-]{1,32}$/;

/** The route table: "METHOD /path" → handler. */
export function routes({ engineLabel, auth, users }: RouteContext): Map<string, Handler> {
  /** Renders a page; `body` gets a fresh masked CSRF token for its forms. */
  const render = async (req: DemoRequest, res: ServerResponse, title: string, body: (token: string) => string) => {
    const session = req.session;
    // The user first: a session whose auth hash no longer matches is flushed, CSRF secret and all.
    const user = (await auth.getUser(session))?.username;
    const token = await req.csrfToken();
    const flashes = await req.messages.consume();
    const panel = { engine: engineLabel, ...(await sessionFacts(session)) };
    sendHtml(res, page({ title, user, flashes, panel, body: body(token) }));
  };
  const currentUser = async (req: DemoRequest): Promise<DemoUser> => {
    const user = await auth.getUser(req.session);
    if (user === null) throw new HttpError(403, 'log in first');
    return user;
  };
  /** The API's view of the session; the user is checked first, so a stale login is flushed, not shown. */
  const apiView = async (req: DemoRequest) => {
    await auth.getUser(req.session);
    const session = req.session;
    const data = await visibleData(session);
    return { data, expiresAt: (await session.getExpiryDate()).toISOString(), csrfToken: await req.csrfToken() };
  };
  // With signed cookies there is no key to cycle and no record to delete: the cookie is the data.
  const keyChange = (req: DemoRequest, { before, after }: KeyChange): string =>
    cookieHoldsData(req.session)
      ? ' (signed cookie: re-signed; a copy of the old one stays valid until it expires)'
      : `: ${before} → ${after}`;

  return new Map<string, Handler>([
    [
      'GET /',
      async (req, res) => {
        const visits = ((await req.session.get('visits')) ?? 0) + 1;
        await req.session.set('visits', visits);
        await render(req, res, 'Visit counter', () => homeBody(visits));
      },
    ],
    [
      'GET /cart',
      async (req, res) => {
        const cart = (await req.session.get('cart')) ?? [];
        await render(req, res, 'Cart', (token) => cartBody(cart, CATALOGUE, token));
      },
    ],
    [
      'POST /cart/add',
      async (req, res) => {
        const item = req.body?.item ?? '';
        if (!(CATALOGUE as readonly string[]).includes(item)) throw new HttpError(400, 'unknown item');
        await req.session.set('cart', [...((await req.session.get('cart')) ?? []), item]);
        req.messages.success(`Added ${item} to the cart.`);
        redirect(res, '/cart');
      },
    ],
    [
      'POST /cart/clear',
      async (req, res) => {
        if (await req.session.has('cart')) await req.session.delete('cart');
        req.messages.info('The cart is empty.');
        redirect(res, '/cart');
      },
    ],
    [
      'GET /login',
      async (req, res) => {
        const user = (await auth.getUser(req.session))?.username;
        const demo = { usernames: DEMO_USERNAMES, password: DEMO_PASSWORD };
        await render(req, res, 'Account', (token) => accountBody(user, token, demo));
      },
    ],
    [
      'POST /login',
      async (req, res) => {
        const user = await users.authenticate(req.body?.username ?? '', req.body?.password ?? '');
        if (user === null) {
          req.messages.error('Wrong username or password.');
          return redirect(res, '/login');
        }
        const keys = await logIn(auth, req.session, user);
        req.messages.success(`Logged in as ${user.username}. Session key cycled${keyChange(req, keys)}.`);
        redirect(res, '/');
      },
    ],
    [
      'POST /logout',
      async (req, res) => {
        const { before } = await logOut(auth, req.session);
        const what = cookieHoldsData(req.session) ? 'the cookie dropped' : 'its record deleted, the cookie dropped';
        req.messages.info(`Logged out. Session ${before} flushed: ${what}.`);
        redirect(res, '/');
      },
    ],
    [
      'POST /account/password',
      async (req, res) => {
        const user = await currentUser(req);
        const password = req.body?.password ?? '';
        if (password.length < 4 || password.length > 128) throw new HttpError(400, 'password: 4 to 128 characters');
        if ((await users.authenticate(user.username, req.body?.current ?? '')) === null) {
          req.messages.error('The current password is wrong.');
          return redirect(res, '/login');
        }
        const keys = await changePassword(auth, users, req.session, user, password);
        req.messages.success(
          `Password changed. Session key cycled${keyChange(req, keys)}; your other sessions are logged out.`,
        );
        redirect(res, '/login');
      },
    ],
    ['GET /api/session', async (req, res) => sendJson(res, await apiView(req))],
    [
      'POST /api/session',
      async (req, res) => {
        const patch = await readJsonObject(req);
        if (Object.keys(patch).some((key) => key.startsWith('_')))
          throw new HttpError(400, 'keys starting with "_" are reserved');
        await auth.getUser(req.session); // a stale login is flushed before the merge, not after
        try {
          await req.session.update(patch as Partial<Record<string, JsonValue>>);
        } catch (error) {
          // A value the session cannot store is the client's mistake: 400 with the reason.
          if (error instanceof SerializationError) throw new HttpError(400, error.message);
          throw error;
        }
        sendJson(res, await apiView(req));
      },
    ],
    [
      'POST /api/login',
      async (req, res) => {
        const body = await readJsonObject(req);
        const password = typeof body.password === 'string' ? body.password : '';
        const user = await users.authenticate(validUsername(body.username), password);
        if (user === null) throw new HttpError(401, 'wrong username or password');
        const { before, after } = await logIn(auth, req.session, user);
        // Login rotated the CSRF secret: tokens handed out before are void.
        sendJson(res, { user: user.username, keyBefore: before, keyAfter: after, csrfToken: await req.csrfToken() });
      },
    ],
    [
      'POST /api/logout',
      async (req, res) => {
        const { before } = await logOut(auth, req.session);
        sendJson(res, { ok: true, keyBefore: before });
      },
    ],
  ]);
}

function validUsername(value: unknown): string {
  if (typeof value !== 'string' || !USERNAME.test(value))
    throw new HttpError(400, 'username: 1 to 32 of A-Z a-z 0-9 _ . -');
  return value;
}

/** The stored data without the CSRF secret, which no page or API response ever shows. */
async function visibleData(session: Session<DemoData>): Promise<Record<string, unknown>> {
  return Object.fromEntries((await session.entries()).filter(([key]) => key !== CSRF_SESSION_KEY));
}

async function sessionFacts(session: Session<DemoData>) {
  const key = session.key === null ? '(none yet: created when this response is sent)' : shortKey(session.key);
  return {
    key,
    expiresAt: (await session.getExpiryDate()).toISOString(),
    data: await visibleData(session),
    csrfSecret: await session.has(CSRF_SESSION_KEY),
  };
}
