import { parse } from 'cookie';

const raw = (value: string): string => value;
/** One options object for every parse (a literal per call would be one more allocation site). */
const RAW = { decode: raw };

/** A Cookie header as the frameworks hand it over: node:http's string, a list, Web `Headers.get`'s null. */
export type CookieHeader = string | readonly string[] | null | undefined;

/**
 * The session cookie's value from a Cookie header, or undefined when absent.
 * The first pair wins on duplicates (cookie's rule); the value is kept raw, so key
 * validation sees exactly what the browser sent.
 */
export function readSessionCookie(header: CookieHeader, name: string): string | undefined {
  if (header === null || header === undefined) return undefined;
  const text = typeof header === 'string' ? header : header.join('; ');
  if (text === '' || !text.includes(name)) return undefined;
  return parse(text, RAW)[name];
}
