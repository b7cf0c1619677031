import { addVaryCookie, privateCacheControl } from './headers.js';
import type { CommitResult } from './manager.js';

/**
 * The seam between the one commit-header writer and a framework's response headers (after
 * iron-session's getCookie/setCookie): read a header, replace one, add a Set-Cookie line.
 */
export interface HeaderAccess {
  /** The header's current value, in whatever shape the framework keeps it. */
  get(name: 'vary' | 'cache-control'): unknown;
  set(name: 'Vary' | 'Cache-Control', value: string): void;
  /** Adds a Set-Cookie line after those the app set. */
  appendSetCookie(value: string): void;
}

/** Writes a commit's headers (Set-Cookie, `Vary: Cookie`, `Cache-Control: private`) through `access`. */
export function writeCommitHeaders(access: HeaderAccess, result: CommitResult): void {
  if (result.setCookie !== null) access.appendSetCookie(result.setCookie);
  if (result.vary) access.set('Vary', addVaryCookie(headerText(access.get('vary'))));
  if (result.cacheControlPrivate) access.set('Cache-Control', privateCacheControl(headerText(access.get('cache-control'))));
}

/** True when the commit adds nothing to the response. */
export function isNoop(result: CommitResult): boolean {
  return result.setCookie === null && !result.vary && !result.cacheControlPrivate;
}

/** A header value as a list of lines. */
export function headerList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** A header value as one comma-joined text. */
export function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}
