import type { JsonValue } from '../json/types.js';
import { SerializationError } from '../errors.js';
import { protectPythonNumbers, restorePythonNumbers } from './python-numbers.js';
import { asBuffer } from './encoding.js';

// A JSON string literal, or a number token with a fraction or exponent.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?[eE][+-]?\d+|-?\d+\.\d+/g;
const NON_ASCII = /[\u007f-\uffff]/g;
/**
 * Whether the rewrite pass could change anything: non-ASCII or DEL, or JS's spelling of a number
 * below 1e-4. Text with none of these is already Python's, so the costly pass (about 5x
 * JSON.stringify) is skipped. Any non-ASCII unit makes the UTF-8 length exceed the UTF-16
 * length; these native scans cost about half of one regex over the text.
 */
function differsFromPython(text: string, tinyNumbers: boolean): boolean {
  return (
    Buffer.byteLength(text, 'utf8') !== text.length ||
    text.includes('\x7f') ||
    (tinyNumbers && (text.includes('e-') || text.includes('0.0000')))
  );
}

/**
 * Python's `json.dumps(value, separators=(",", ":"))`, byte for byte where JS can know:
 * `ensure_ascii` escapes (DEL and every non-ASCII UTF-16 unit as lowercase `\uXXXX`)
 * and Python's float spelling for tiny numbers (`1e-05`, not `0.00001`).
 * Key order follows the JS object, which puts integer-like keys first. `pythonNumber` markers
 * are written as the bare numbers they carry (see python-numbers.ts).
 * `tinyNumbers: false` says the value holds no number x with 0 < |x| < 1e-4 (as
 * `jsonValueNumbers` finds), so their spelling is not looked for in the text.
 */
export function pythonJsonDumps(value: JsonValue, tinyNumbers = true): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new SerializationError('Value cannot be serialized as JSON', { cause: error });
  }
  if (typeof text !== 'string') throw new SerializationError('Value cannot be serialized as JSON');
  const restored = restorePythonNumbers(text);
  // A marker's number is written as its text, which may be spelled either way.
  if (!differsFromPython(restored, tinyNumbers || restored !== text)) return restored;
  text = restored;
  return text.replace(TOKEN, (token) => (token.startsWith('"') ? escapeNonAscii(token) : pythonFloat(token)));
}

/**
 * Django's `JSONSerializer.loads`: latin-1 text (Django's own output is pure ASCII), then JSON.
 * Numbers JS cannot carry exactly come back as `pythonNumber` markers, counted to `onNumbers`;
 * nesting deeper than MAX_DECODE_DEPTH is a SerializationError, found before parsing.
 */
export function pythonJsonLoads(bytes: Uint8Array, onNumbers?: (count: number) => void): JsonValue {
  return pythonJsonLoadsLatin1(asBuffer(bytes).toString('latin1'), onNumbers);
}

/** `pythonJsonLoads` of bytes already read as latin1 text (one character per byte). */
export function pythonJsonLoadsLatin1(latin1: string, onNumbers?: (count: number) => void): JsonValue {
  const { text, wrapped } = protectPythonNumbers(latin1);
  if (wrapped > 0) onNumbers?.(wrapped);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new SerializationError('Signed payload is not valid JSON', { cause: error });
  }
}

function escapeNonAscii(literal: string): string {
  // JSON.stringify already writes lone surrogates as lowercase \udxxx, which is ASCII.
  return literal.replace(NON_ASCII, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's float repr switches to exponent form below 1e-4 and pads the exponent to two digits. */
function pythonFloat(token: string): string {
  const value = Number(token);
  if (Number.isInteger(value) || Math.abs(value) >= 1e-4) return token;
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}
