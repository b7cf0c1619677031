import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** HTTPS as Express sees it (`req.secure` honours `trust proxy`), else the socket's own TLS. */
export function nodeIsSecure(req: IncomingMessage): boolean {
  const express = (req as { secure?: unknown }).secure;
  if (typeof express === 'boolean') return express;
  return (req.socket as Partial<TLSSocket> | undefined)?.encrypted === true;
}

/** HTTPS by the request URL's scheme (fetch, Hono: the runtime or the proxy in front built the URL). */
export function urlIsSecure(url: string): boolean {
  return url.startsWith('https:');
}
