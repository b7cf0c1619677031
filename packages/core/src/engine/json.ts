import { SerializationError } from '../errors.js';
import type { JsonValue } from '../json/types.js';

/** Deepest nesting of arrays and objects accepted (a value holding only primitives is 1 level). */
export const MAX_JSON_DEPTH = 1000;

/**
 * Throws `SerializationError` naming the path of the first value JSON cannot carry
 * faithfully: functions, symbols, undefined, bigint, NaN and ±Infinity, `-0`, integers beyond
 * 2^53 (other JSON readers round them), array holes, cycles, objects that are not plain
 * (Date, Map, class instances), and nesting deeper than `MAX_JSON_DEPTH`. JSON.stringify
 * would drop or reshape those silently. The walk uses an explicit stack, so no input can
 * overflow the call stack.
 */
export function assertJsonValue(value: unknown, path = 'value'): asserts value is JsonValue {
  // The quick walk first (same rules, no stack array or Set per call): the explicit walk runs
  // once, only to name what is wrong (or to clear what the quick walk could not).
  if (quicklyStorable(value)) return;
  const problem = findProblem(value, path);
  if (problem !== null) throw new SerializationError(problem);
}

/**
 * The same rules as `assertJsonValue`, as a yes/no that builds no path strings: for hot paths.
 * On false, call `assertJsonValue` to name the culprit.
 */
export function isJsonValue(value: unknown): value is JsonValue {
  return quicklyStorable(value) || findProblem(value, null) === null;
}

/** What `jsonValueNumbers` tells: not storable, storable, or storable with no number below 1e-4. */
export const JsonNumbers = { notStorable: 0, storable: 1, noTinyNumbers: 2 } as const;
export type JsonNumbers = (typeof JsonNumbers)[keyof typeof JsonNumbers];

/**
 * `isJsonValue`, also telling (`noTinyNumbers`) when the value holds no number x with
 * 0 < |x| < 1e-4, the only finite numbers JS writes differently from Python's json (`1e-05`
 * against `0.00001`), so that a Python-compatible writer can skip looking for them in its text
 * (two substring searches, about as long as this walk). Learned by the walk for free: it reads
 * every number anyway. `storable` when only the slower walk could clear the value.
 */
export function jsonValueNumbers(value: unknown): JsonNumbers {
  sawTinyNumber = false;
  if (quicklyStorable(value)) return sawTinyNumber ? JsonNumbers.storable : JsonNumbers.noTinyNumbers;
  return findProblem(value, null) === null ? JsonNumbers.storable : JsonNumbers.notStorable;
}

/** Set by `storable` when it meets a number with 0 < |x| < 1e-4; reset by `jsonValueNumbers`. */
let sawTinyNumber = false;

/**
 * True only for a storable value; false leaves the decision to `findProblem`: `storable` also
 * sees enumerable keys inherited from a polluted Object.prototype (which JSON.stringify skips),
 * and the call stack may run out before MAX_JSON_DEPTH.
 */
function quicklyStorable(value: unknown): boolean {
  try {
    return storable(value, 0);
  } catch {
    return false;
  }
}

/**
 * `findProblem(value) === null` by recursion, with no frames, no Set of open containers and no
 * messages: about three times faster on a 1 KB session. A cycle is found as nesting past
 * MAX_JSON_DEPTH (it would be refused either way); `depth` counts the containers around `value`.
 * Objects are read with for-in, which walks V8's enum cache without allocating a key array
 * (Object.keys did: the walk takes about half as long without it); it may only say no too
 * often (see isJsonValue). `typeof x === '…'` tests, not a switch on typeof: TurboFan folds the
 * former into type checks but called the Typeof builtin for the latter.
 */
function storable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return true;
  if (typeof value === 'number') return storableNumber(value);
  if (typeof value !== 'object') return typeof value === 'boolean';
  if (value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  // A child that is a string or a number (most of a session) is tested here, not by a
  // recursive call, which costs more than the test (callgrind on a 1 KB session: ~9k
  // instructions per walk with a call per value, ~6k so; a helper for the three lines is
  // not inlined, ~7k).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'string') continue;
      if (typeof child === 'number' ? !storableNumber(child) : !storable(child, depth + 1)) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'string') continue;
    if (typeof child === 'number' ? !storableNumber(child) : !storable(child, depth + 1)) return false;
  }
  return true;
}

/** Finite, within ±(2^53 - 1) (every double beyond is an integer), and not -0; notes tiny ones. */
function storableNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4) {
    if (magnitude !== 0) sawTinyNumber = true;
    else return 1 / value > 0;
  }
  return magnitude <= Number.MAX_SAFE_INTEGER;
}

/** An open array or object on the walk's stack: its children and the next one to visit. */
interface Frame {
  readonly container: object;
  /** Own enumerable keys of an object; null for an array (indexed, so a hole reads as undefined). */
  readonly keys: string[] | null;
  readonly length: number;
  next: number;
}

/**
 * Depth-first over `value` with an explicit stack. Returns null when every value is storable,
 * else what is wrong; the path is spelled out (from the stack) only when `root` is a string.
 */
function findProblem(value: unknown, root: string | null): string | null {
  const stack: Frame[] = [];
  // The open containers, to tell a cycle (an ancestor seen again) from a shared subtree.
  const open = new Set<object>();
  let current: unknown = value;
  for (;;) {
    const problem = primitiveProblem(current) ?? openContainer(current as object, stack, open);
    if (problem !== '') return describe(root, stack, problem);
    // Next value: the next child of the innermost container that still has one.
    let frame = stack[stack.length - 1];
    while (frame !== undefined && frame.next >= frame.length) {
      open.delete(frame.container);
      stack.pop();
      frame = stack[stack.length - 1];
    }
    if (frame === undefined) return null;
    const index = frame.next++;
    const container = frame.container as Record<string, unknown>;
    current = frame.keys === null ? container[index] : container[frame.keys[index] as string];
  }
}

/**
 * For a primitive (or null): '' when storable, else what is wrong. For an object: null, as
 * objects are checked (and opened) by `openContainer`.
 */
function primitiveProblem(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return '';
    case 'number':
      if (!Number.isFinite(value)) return `is ${value}, which JSON cannot represent`;
      if (Object.is(value, -0)) return 'is -0, which JSON writes as 0';
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        return `is ${value}, an integer beyond 2^53 that JSON readers cannot keep exactly`;
      }
      return '';
    case 'object':
      return value === null ? '' : null;
    default:
      return `is a ${typeof value}, which JSON cannot represent`;
  }
}

/** Pushes a plain object or array onto the stack (''), or says why it cannot be stored. */
function openContainer(value: object, stack: Frame[], open: Set<object>): string {
  if (open.has(value)) return 'is a circular reference';
  if (stack.length >= MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
  let keys: string[] | null = null;
  if (!Array.isArray(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `is a ${kind}; only plain objects, arrays and primitives can be stored`;
    }
    keys = Object.keys(value);
  }
  stack.push({ container: value, keys, length: keys === null ? (value as unknown[]).length : keys.length, next: 0 });
  open.add(value);
  return '';
}

/** The message for a problem at the current position: `<path> <problem>`. */
function describe(root: string | null, stack: readonly Frame[], problem: string): string {
  if (root === null) return problem;
  let path = root;
  for (const frame of stack) {
    const index = frame.next - 1;
    // A frame whose children have not been entered yet is the culprit itself (e.g. too deep).
    if (index < 0) break;
    path += frame.keys === null ? `[${index}]` : `.${frame.keys[index] as string}`;
  }
  return `${path} ${problem}`;
}
