/**
 * The node adapter reads the Cookie header from `req.rawHeaders` (so that `req.headers` is never
 * built for an app that does not read it): the value must be what `req.headers.cookie` would
 * have been. Real servers, requests written byte for byte on a socket (the client APIs merge
 * or normalise header lines).
 */
import { type IncomingMessage, createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { withSession } from '@sessionkit/core/express';
import { cookieHeaderOf } from '../../src/frameworks/node/cookie-header.js';

interface Seen {
  fromRaw: string | undefined;
  fromHeaders: string | undefined;
}

/** One request as raw header lines; what cookieHeaderOf and then req.headers.cookie saw. */
async function sent(headerLines: string[], readHeadersFirst = false): Promise<Seen> {
  let seen: Seen | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const early = readHeadersFirst ? req.headers.cookie : undefined;
    const fromRaw = cookieHeaderOf(req);
    seen = { fromRaw, fromHeaders: readHeadersFirst ? early : req.headers.cookie };
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await rawRequest((server.address() as AddressInfo).port, headerLines);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (seen === undefined) throw new Error('the handler did not run');
  return seen;
}

function rawRequest(port: number, headerLines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headerLines.map((l) => `${l}\r\n`).join('')}\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

test('one Cookie header: its value', async () => {
  const seen = await sent(['Cookie: sessionid=abc; theme=dark']);
  expect(seen.fromRaw).toBe('sessionid=abc; theme=dark');
  expect(seen.fromRaw).toBe(seen.fromHeaders);
});

test("several Cookie headers, in any case: joined with '; ' in order, as Node joins them", async () => {
  const seen = await sent(['cookie: a=1', 'X-Other: x', 'COOKIE: sessionid=abc', 'CoOkIe: b=2']);
  expect(seen.fromRaw).toBe('a=1; sessionid=abc; b=2');
  expect(seen.fromRaw).toBe(seen.fromHeaders);
});

test('no Cookie header: undefined; names that only start like it do not count', async () => {
  const seen = await sent(['Cookies: a=1', 'Set-Cookie: b=2', 'Cookie2: c=3']);
  expect(seen.fromRaw).toBeUndefined();
  expect(seen.fromHeaders).toBeUndefined();
});

test('an empty Cookie header: the empty string, as req.headers has it', async () => {
  const seen = await sent(['Cookie: ']);
  expect(seen.fromRaw).toBe('');
  expect(seen.fromRaw).toBe(seen.fromHeaders);
  const both = await sent(['Cookie:', 'cookie: a=1']);
  expect(both.fromRaw).toBe(both.fromHeaders);
});

test('once req.headers was built (and perhaps changed by earlier middleware), it is what counts', async () => {
  let seen: string | undefined;
  const server = createServer((req, res) => {
    req.headers.cookie = 'sessionid=rewritten';
    seen = cookieHeaderOf(req);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await rawRequest((server.address() as AddressInfo).port, ['Cookie: sessionid=original']);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  expect(seen).toBe('sessionid=rewritten');
  expect((await sent(['Cookie: a=1'], true)).fromRaw).toBe('a=1');
});

test('the session middleware opens the session named by the second of two Cookie headers', async () => {
  const manager = new SessionManager<SessionData>({ engine: new MemoryEngine() });
  const stored = manager.open(undefined);
  await stored.set('n', 7);
  await stored.save();
  const server = createServer(
    withSession(manager, async (req, res) => {
      res.end(String(await req.session.get('n')));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const answer = await rawRequest(port, ['Cookie: theme=dark', `cookie: sessionid=${stored.key}`]);
  const untouched = await rawRequest(port, []);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  expect(answer.endsWith('\r\n\r\n7')).toBe(true);
  expect(untouched).toMatch(/^HTTP\/1\.1 200/);
});
