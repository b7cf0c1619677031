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
  const at = text === '' ? -1 : text.indexOf(name);
  if (at === -1) return undefined;
  return plainPairValue(text, name, at) ?? parse(text, RAW)[name];
}

const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

/**
 * The value `cookie.parse` gives `name` when the first occurrence of `name` in `text` (at `at`)
 * is a whole key followed straight by '=': only spaces or tabs between it and the start or the
 * ';' before it. Then no earlier pair can have that key (it would hold an earlier occurrence),
 * so it is the first pair, which `parse` keeps. Undefined in every other case, for `parse` to
 * decide: this spares the common request building an object keyed by a fresh string (V8 then
 * looks the key up in its string table), which was a quarter of an untouched request's cost.
 */
function plainPairValue(text: string, name: string, at: number): string | undefined {
  const afterName = at + name.length;
  if (text.charCodeAt(afterName) !== EQUALS || (name !== lastPlainName && !isPlainName(name))) return undefined;
  let before = at - 1;
  while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
  if (before >= 0 && text.charCodeAt(before) !== SEMICOLON) return undefined;
  // cookie's valueSlice: up to the next ';', spaces and tabs trimmed at both ends.
  let start = afterName + 1;
  let end = text.indexOf(';', start);
  if (end === -1) end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** The last name `isPlainName` passed: an app reads one cookie name, so it is checked once. */
let lastPlainName = '';

/** A name the fast path can match as a whole key: no separator, and no blank that `parse` would trim. */
function isPlainName(name: string): boolean {
  if (name === '') return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === SEMICOLON || code === EQUALS || isBlank(code)) return false;
  }
  lastPlainName = name;
  return true;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
