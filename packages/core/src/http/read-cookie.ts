import { parse } from 'cookie';

const raw = (value: string): string => value;

/**
 * The session cookie's value from a Cookie header, or undefined when absent.
 * The first pair wins on duplicates (cookie's rule); the value is kept raw, so key
 * validation sees exactly what the browser sent.
 */
export function readSessionCookie(
  header: string | readonly string[] | null | undefined,
  name: string,
): string | undefined {
  if (header === null || header === undefined) return undefined;
  const text = typeof header === 'string' ? header : header.join('; ');
  if (text === '' || !text.includes(name)) return undefined;
  return parse(text, { decode: raw })[name];
}
