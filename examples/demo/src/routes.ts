import type { ServerResponse } from 'node:http';
import type { JsonValue, Session } from '@sessionkit/core';
import type { SessionRequest } from '@sessionkit/core/express';
import { currentUser, flash, logIn, logOut, shortKey, takeFlashes } from './account';
import type { DemoData } from './data';
import { HttpError, readForm, readJsonObject, redirect, sendHtml, sendJson } from './http-util';
import { accountBody, cartBody, homeBody, page } from './views';

type Req = SessionRequest<DemoData>;
type Handler = (req: Req, res: ServerResponse) => Promise<void>;

const CATALOGUE = ['apple', 'pear', 'fig'] as const;
const USERNAME = /^[A-Za-z0-9_.-]{1,32}$/;

/** The route table: "METHOD /path" → handler. */
export function routes(engineLabel: string): Map<string, Handler> {
  const render = async (req: Req, res: ServerResponse, title: string, body: string): Promise<void> => {
    const session = req.session;
    const flashes = await takeFlashes(session);
    const user = await currentUser(session);
    const panel = { engine: engineLabel, ...(await sessionFacts(session)) };
    sendHtml(res, page({ title, user, flashes, panel, body }));
  };

  return new Map<string, Handler>([
    [
      'GET /',
      async (req, res) => {
        const visits = ((await req.session.get('visits')) ?? 0) + 1;
        await req.session.set('visits', visits);
        await render(req, res, 'Visit counter', homeBody(visits));
      },
    ],
    [
      'GET /cart',
      async (req, res) => render(req, res, 'Cart', cartBody((await req.session.get('cart')) ?? [], CATALOGUE)),
    ],
    [
      'POST /cart/add',
      async (req, res) => {
        const item = (await readForm(req)).get('item') ?? '';
        if (!(CATALOGUE as readonly string[]).includes(item)) throw new HttpError(400, 'unknown item');
        await req.session.set('cart', [...((await req.session.get('cart')) ?? []), item]);
        await flash(req.session, 'success', `Added ${item} to the cart.`);
        redirect(res, '/cart');
      },
    ],
    [
      'POST /cart/clear',
      async (req, res) => {
        if (await req.session.has('cart')) await req.session.delete('cart');
        await flash(req.session, 'info', 'The cart is empty.');
        redirect(res, '/cart');
      },
    ],
    ['GET /login', async (req, res) => render(req, res, 'Account', accountBody(await currentUser(req.session)))],
    [
      'POST /login',
      async (req, res) => {
        const username = validUsername((await readForm(req)).get('username'));
        const { before, after } = await logIn(req.session, username);
        await flash(req.session, 'success', `Logged in as ${username}. Session key cycled: ${before} → ${after}`);
        redirect(res, '/');
      },
    ],
    [
      'POST /logout',
      async (req, res) => {
        const { before } = await logOut(req.session);
        await flash(
          req.session,
          'info',
          `Logged out. Session ${before} flushed; this message rides in a fresh session.`,
        );
        redirect(res, '/');
      },
    ],
    ['GET /api/session', async (req, res) => sendJson(res, await apiView(req.session))],
    [
      'POST /api/session',
      async (req, res) => {
        const patch = await readJsonObject(req);
        if (Object.keys(patch).some((key) => key.startsWith('_')))
          throw new HttpError(400, 'keys starting with "_" are reserved');
        await req.session.update(patch as Partial<Record<string, JsonValue>>);
        sendJson(res, await apiView(req.session));
      },
    ],
    [
      'POST /api/login',
      async (req, res) => {
        const username = validUsername((await readJsonObject(req)).username);
        const { before, after } = await logIn(req.session, username);
        sendJson(res, { user: username, keyBefore: before, keyAfter: after });
      },
    ],
    [
      'POST /api/logout',
      async (req, res) => {
        const { before } = await logOut(req.session);
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

async function sessionFacts(session: Session<DemoData>) {
  const data = Object.fromEntries(await session.entries());
  const key = session.key === null ? '(none yet: created when this response is sent)' : shortKey(session.key);
  return { key, expiresAt: (await session.getExpiryDate()).toISOString(), data };
}

async function apiView(session: Session<DemoData>) {
  return {
    data: Object.fromEntries(await session.entries()),
    expiresAt: (await session.getExpiryDate()).toISOString(),
  };
}
