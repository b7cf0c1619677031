import { isNoop, writeCommitHeaders } from '../../http/commit-headers.js';
import type { CommitResult } from '../../http/manager.js';

/** Writes a commit's headers into a Web `Headers`; throws TypeError when they are immutable. */
export function applyCommitToHeaders(headers: Headers, result: CommitResult): void {
  writeCommitHeaders(
    {
      get: (name) => headers.get(name) ?? undefined,
      set: (name, value) => headers.set(name, value),
      appendSetCookie: (value) => headers.append('set-cookie', value),
    },
    result,
  );
}

/**
 * The response with the commit's headers: patched in place when its headers are mutable,
 * otherwise (Response.redirect, a proxied fetch) a copy that shares the body stream.
 */
export function withCommitHeaders(response: Response, result: CommitResult): Response {
  if (isNoop(result)) return response;
  try {
    applyCommitToHeaders(response.headers, result);
    return response;
  } catch (error) {
    // By name: undici's TypeError may come from another realm (vm contexts, test runners).
    if ((error as { name?: unknown } | null)?.name !== 'TypeError') throw error;
  }
  const headers = new Headers(response.headers);
  applyCommitToHeaders(headers, result);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
