import { SerializationError } from '../errors.js';

/**
 * Numbers Python's json writes that a JS number cannot carry exactly: integers beyond 2^53
 * (and floats from 1e16 up, which JS reads as such integers), NaN, Infinity, -Infinity and
 * -0.0. Decoding Django's JSON surfaces each as `{ "$pythonNumber": "<its text>" }` (a plain
 * JSON object, so the session still loads and round-trips); encoding writes such an object
 * back as the bare number text, so Django reads its own value unchanged.
 */
export const PYTHON_NUMBER_KEY = '$pythonNumber';

/** A number as Python's json wrote it, kept as its text. A type alias, so it is a JsonValue. */
export type PythonNumber = { readonly [PYTHON_NUMBER_KEY]: string };

/** Python json number syntax, plus the three non-finite spellings it writes. */
const NUMBER_TEXT = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|-?Infinity)$/;

/** Nesting Django's own json can write (Python's recursion limit); deeper input is refused unparsed. */
export const MAX_DECODE_DEPTH = 1000;

/** `{ "$pythonNumber": text }`; SerializationError unless `text` is a number in Python's json syntax. */
export function pythonNumber(text: string): PythonNumber {
  if (!NUMBER_TEXT.test(text)) throw new SerializationError(`${JSON.stringify(text)} is not a JSON number`);
  return { [PYTHON_NUMBER_KEY]: text };
}

/** Whether a value is a `pythonNumber` marker that encoding writes back as a bare number. */
export function isPythonNumber(value: unknown): value is PythonNumber {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const text = (value as Record<string, unknown>)[PYTHON_NUMBER_KEY];
  return keys.length === 1 && typeof text === 'string' && NUMBER_TEXT.test(text);
}

// -0, -0.0, -0e5…, but not the "-05" of an ISO date.
const NEGATIVE_ZERO = /-0(?![.\d]*[1-9])/;
// Sixteen digits in a row. Spelled out: V8 runs `\d{16}` as a counted loop at every position,
// about 8 times slower on a 1 KB session than this form, which it searches for directly.
const SIXTEEN_DIGITS = new RegExp('\\d'.repeat(16));

/**
 * Whether the text may hold such a number (NaN, Infinity, 16+ digits, an exponent with '+',
 * a negative zero). False positives only cost the full scan. Native substring searches first:
 * one regex alternating all of these cost about 2.7 µs on a 1 KB session, these about 0.3.
 */
function mayHoldPythonNumber(text: string): boolean {
  return (
    text.includes('NaN') ||
    text.includes('Infinity') ||
    (text.includes('+') && text.includes('e+')) ||
    (text.includes('-0') && NEGATIVE_ZERO.test(text)) ||
    SIXTEEN_DIGITS.test(text)
  );
}

/**
 * False when `text` cannot nest past MAX_DECODE_DEPTH as valid JSON: it is too short to open
 * and close that many brackets (JSON.parse refuses unclosed ones), or holds no more opening
 * brackets than that (brackets inside strings only raise the count). Counting them with indexOf
 * costs a fraction of the full scan, which a session of a few KB never needs.
 */
export function mayNestTooDeep(text: string): boolean {
  if (text.length <= 2 * MAX_DECODE_DEPTH + 1) return false;
  let opened = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    if (++opened > MAX_DECODE_DEPTH) return true;
  }
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) {
    if (++opened > MAX_DECODE_DEPTH) return true;
  }
  return false;
}

/**
 * The JSON text with every number JS would change wrapped as a marker object, and how many
 * were. SerializationError when the text nests deeper than MAX_DECODE_DEPTH. One iterative
 * pass, skipped when a quick test shows there is nothing to find.
 */
export function protectPythonNumbers(text: string): { text: string; wrapped: number } {
  if (!mayHoldPythonNumber(text) && !mayNestTooDeep(text)) return { text, wrapped: 0 };
  const parts: string[] = [];
  let depth = 0;
  let copied = 0;
  let wrapped = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > MAX_DECODE_DEPTH) throw new SerializationError(`JSON nests deeper than ${MAX_DECODE_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x4e || c === 0x49) {
      const end = tokenEnd(text, i);
      const token = text.slice(i, end);
      if (changesInJs(token)) {
        parts.push(text.slice(copied, i), `{"${PYTHON_NUMBER_KEY}":"${token}"}`);
        copied = end;
        wrapped += 1;
      }
      i = end - 1;
    }
  }
  if (wrapped === 0) return { text, wrapped };
  parts.push(text.slice(copied));
  return { text: parts.join(''), wrapped };
}

// Marker objects as JSON.stringify writes them. `{"` never occurs inside a JSON string
// (every quote there is escaped), so this matches only real objects.
const MARKER = new RegExp(
  `\\{"\\${PYTHON_NUMBER_KEY}":"(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|NaN|-?Infinity)"\\}`,
  'g',
);

/** JSON text with every marker object written back as its bare number. */
export function restorePythonNumbers(text: string): string {
  // '$' alone first: a one-character search runs several times faster than the whole key's.
  return text.includes('$') && text.includes(`"${PYTHON_NUMBER_KEY}"`) ? text.replace(MARKER, '$1') : text;
}

/** Index of the closing quote of the string opening at `start` (or the end of the text). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i;
    else i += 1;
  }
  return i;
}

function tokenEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && /[0-9A-Za-z+\-.]/.test(text.charAt(i))) i += 1;
  return i;
}

/** Whether JSON.parse would give a number that does not write back as the same value. */
function changesInJs(token: string): boolean {
  if (!NUMBER_TEXT.test(token)) return false; // not a number: JSON.parse reports it
  const value = Number(token);
  if (!Number.isFinite(value) || Object.is(value, -0)) return true;
  return Number.isInteger(value) && !Number.isSafeInteger(value);
}
