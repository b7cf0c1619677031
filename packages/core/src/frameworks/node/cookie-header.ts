import { IncomingMessage } from 'node:http';

/**
 * Node's own slot for `req.headers` once built (a private symbol of node:http): null until the
 * first read of `req.headers`. Found once; undefined if this Node keeps it elsewhere, and then
 * every request reads `req.headers.cookie`.
 */
const HEADERS_SLOT: symbol | undefined = Object.getOwnPropertySymbols(new IncomingMessage(null as never)).find(
  (symbol) => symbol.description === 'kHeaders',
);

/**
 * The request's Cookie header as `req.headers.cookie` reads it: several Cookie lines joined
 * with '; ', undefined when there is none.
 *
 * Why not just `req.headers.cookie`: Node builds `req.headers` on its first read, one object
 * with every header, from `rawHeaders`. An app that never reads it pays nothing; reading the
 * Cookie line from `rawHeaders` keeps that so. Once `req.headers` exists (another middleware
 * read it, and may have changed it), it is the one read, as before.
 */
export function cookieHeaderOf(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  if (HEADERS_SLOT === undefined || !Array.isArray(raw) || (req as unknown as Record<symbol, unknown>)[HEADERS_SLOT] !== null)
    return req.headers.cookie;
  let cookie: string | undefined;
  // [name, value, name, value, ...] as received; Node lowercases the names it puts in req.headers.
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!isCookieName(raw[i] as string)) continue;
    const value = raw[i + 1] as string;
    cookie = cookie === undefined ? value : `${cookie}; ${value}`;
  }
  return cookie;
}

function isCookieName(name: string): boolean {
  return name.length === 6 && (name === 'Cookie' || name === 'cookie' || name.toLowerCase() === 'cookie');
}
