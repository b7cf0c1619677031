// What a response hold (hold.ts) keeps of each held call, and what the app sees while it waits.
import type { ServerResponse } from 'node:http';
import type { HeldMethod as Method } from './held-prototype.js';

/** One held call, in a list: class instances, not literals in an array (see Opened in session.ts on V8's pretenuring). */
export class Call {
  next: Call | undefined = undefined;
  constructor(
    readonly method: Method,
    readonly args: unknown[],
  ) {}
}

/** What each method returns while held: `write` says "wait for drain", the rest chain or return nothing. */
export function heldResult(method: Method, self: ServerResponse): unknown {
  if (method === 'write') return false;
  return method === 'flushHeaders' ? undefined : self;
}

/**
 * Applies the headers passed to `writeHead` now, the way Node itself merges them, so the
 * commit sees (and adds to) them rather than being overwritten when the call is replayed.
 */
export function absorbHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  const [status, second, third] = args;
  const reason = typeof second === 'string' ? second : undefined;
  const headers = reason === undefined ? second : third;
  if (Array.isArray(headers)) {
    // Node's flat [name, value, name, value] form: replaces earlier values, keeps duplicates.
    if (headers.length % 2 !== 0) throw new TypeError('writeHead: headers array must hold name/value pairs');
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]));
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1] as string | string[]);
    }
  } else if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      if (name && value !== undefined) res.setHeader(name, value as string | number | readonly string[]);
    }
  }
  return reason === undefined ? [status] : [status, reason];
}
