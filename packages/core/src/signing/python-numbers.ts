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

// Anything that may hold such a number, or nest deeply: cheap to test, false positives only cost a scan.
const MAY_NEED_SCAN = /NaN|Infinity|\d{16}|e\+|-0(?![.\d]*[1-9])/;

/**
 * The JSON text with every number JS would change wrapped as a marker object, and how many
 * were. SerializationError when the text nests deeper than MAX_DECODE_DEPTH. One iterative
 * pass, skipped when a quick test shows there is nothing to find.
 */
export function protectPythonNumbers(text: string): { text: string; wrapped: number } {
  if (!MAY_NEED_SCAN.test(text) && !mayNestTooDeep(text)) return { text, wrapped: 0 };
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
  return text.includes(`"${PYTHON_NUMBER_KEY}"`) ? text.replace(MARKER, '$1') : text;
}

/**
 * False when the text cannot nest deeper than MAX_DECODE_DEPTH: it is that short, or it holds
 * no more `{` and `[` than that (counted natively with indexOf, those inside strings included,
 * so a miscount only costs the full scan). A 1 KB session is then never walked char by char.
 */
function mayNestTooDeep(text: string): boolean {
  if (text.length <= MAX_DECODE_DEPTH) return false;
  let openers = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    if (++openers > MAX_DECODE_DEPTH) return true;
  }
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    if (++openers > MAX_DECODE_DEPTH) return true;
  }
  return false;
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
