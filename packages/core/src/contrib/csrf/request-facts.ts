import type { IncomingHttpHeaders } from 'node:http';
import type { CsrfRequest } from './verify.js';

/** The first value of a header, as a string. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A string field of an already parsed body (body-parser, @fastify/formbody, koa-bodyparser), if any. */
export function formField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** CsrfRequest from Node headers plus what the framework says about HTTPS, host and the body. */
export function nodeCsrfRequest(
  headers: IncomingHttpHeaders,
  facts: { method: string; secure: boolean; host: string | undefined; body: unknown },
  names: { headerName: string; fieldName: string },
): CsrfRequest {
  return {
    method: facts.method,
    secure: facts.secure,
    host: facts.host ?? headerValue(headers, 'host') ?? '',
    origin: headerValue(headers, 'origin'),
    referer: headerValue(headers, 'referer'),
    headerToken: headerValue(headers, names.headerName),
    formToken: formField(facts.body, names.fieldName),
  };
}

export { nodeIsSecure } from '../../http/request-secure.js';
