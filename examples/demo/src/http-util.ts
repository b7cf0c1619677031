import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from '@sessionkit/core/express';

const MAX_BODY_BYTES = 16 * 1024;
/** Deepest JSON the API takes: session data has no business nesting further. */
export const MAX_JSON_NESTING = 32;

/** A client error with its status, answered as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bodies = new WeakMap<IncomingMessage, Promise<string>>();

/** The request body as text, read once (a form parser and a route may both ask). */
export function readBody(req: IncomingMessage): Promise<string> {
  let body = bodies.get(req);
  if (body === undefined) {
    body = readStream(req);
    bodies.set(req, body);
  }
  return body;
}

async function readStream(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (nestingOf(text) > MAX_JSON_NESTING) throw new HttpError(400, `JSON nested deeper than ${MAX_JSON_NESTING} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The deepest bracket nesting of JSON text, counted without parsing or recursion. */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === '}' || c === ']') {
      depth -= 1;
    }
  }
  return deepest;
}

/** Connect-style middleware, the kind `@sessionkit/core/messages` and `/csrf` provide for node:http. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** Runs middleware in order; rejects with whatever one passes to `next(error)`. */
export async function runMiddleware(stack: readonly Middleware[], req: IncomingMessage, res: ServerResponse) {
  for (const middleware of stack) {
    await new Promise<void>((resolve, reject) => {
      middleware(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(error)));
    });
  }
}

/**
 * `express.urlencoded()` in brief: a form post's fields on `req.body`, where the CSRF check looks
 * for `csrfmiddlewaretoken` (as Django reads request.POST). Other bodies (JSON) are read by their route.
 */
export const formBody: Middleware = (req, _res, next) => {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return next();
  readBody(req).then((text) => {
    (req as IncomingMessage & { body: Record<string, string> }).body = Object.fromEntries(new URLSearchParams(text));
    next();
  }, next);
};

export function sendHtml(res: ServerResponse, html: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

/** Post/Redirect/Get: 303 so a reload does not repeat the POST. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location });
  res.end();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
