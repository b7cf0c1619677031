import { ServerResponse } from 'node:http';
import { attachHold, HELD_METHODS, holdOf } from './held-own.js';
import { preparedBase } from './swapped-base.js';

export type HeldMethod = 'writeHead' | 'write' | 'end' | 'flushHeaders';
export type AnyMethod = (this: ServerResponse, ...args: unknown[]) => unknown;
export type Originals = Readonly<Record<HeldMethod, AnyMethod>>;

/** What a held method calls: the hold of this response. */
export interface PrototypeHold {
  call(method: HeldMethod, self: ServerResponse, args: unknown[]): unknown;
  /** `headersSent` reads true from the first held send on (see `holdResponse`). */
  readonly reportsSent: boolean;
}

/** The held methods on one shared prototype, and the holds they serve. */
export interface HeldBase {
  /** The methods beneath the base: what a hold calls once it lets the response through. */
  readonly originals: Originals;
  /** Routes `res`'s four methods to `hold` (one symbol-keyed own property on `res`, no method: held-own.ts). */
  attach(res: ServerResponse, hold: PrototypeHold): void;
  /** Whether `res` is held through this base already. */
  holds(res: ServerResponse): boolean;
}

const METHODS: readonly HeldMethod[] = ['writeHead', 'write', 'end', 'flushHeaders'];

/** Per direct child of ServerResponse.prototype: its held methods, or null where own properties are used. */
const bases = new WeakMap<object, HeldBase | null>();

/**
 * The shared prototype through which `res` can be held, or undefined: then the hold adds own
 * properties to `res` instead.
 *
 * Why: Express gives every response its app's prototype (`Object.setPrototypeOf(res,
 * app.response)`), and V8 then shares few hidden classes between such objects. Defining the four
 * held methods (and `headersSent`) on a shared base keeps them off each response: only the hold
 * itself is added, as one symbol-keyed property. Every Express app's response prototype (mounted
 * sub-apps' too, which Express swaps in and out) descends from one object made with
 * `Object.create(ServerResponse.prototype)`. The held methods are defined on that base once: the
 * same functions node:http responses get as own properties (held-own.ts), each finding its
 * response's hold in that property and, for a response nobody holds, calling Node's own method.
 * Not a WeakMap from response to hold: its entries are ephemerons, whose values V8's
 * scavenger keeps alive, and the hold leads to the whole request and response, which then
 * survived every first scavenge (Express read+write, bench: 0.58-0.63× → 0.66-0.72× bare).
 * A response held already, or with its own `end` (another middleware patched it), is left to own
 * properties: the base would be shadowed or would route to the wrong hold.
 */
export function heldBaseOf(res: ServerResponse): HeldBase | undefined {
  const held = preparedBase(res, ServerResponse.prototype, bases, prepareBase);
  if (held === undefined || hasOwnMethod(res) || held.holds(res)) return undefined;
  return held;
}

function hasOwnMethod(res: ServerResponse): boolean {
  for (const name of METHODS) if (Object.hasOwn(res, name)) return true;
  return Object.hasOwn(res, 'headersSent');
}

function prepareBase(base: object): HeldBase {
  const sentBelow = findGetter(ServerResponse.prototype, 'headersSent');
  const properties: PropertyDescriptorMap = {
    headersSent: {
      get(this: ServerResponse): boolean {
        return holdOf(this)?.reportsSent === true || sentBelow?.call(this) === true;
      },
      configurable: true,
      enumerable: false,
    },
  };
  for (const name of METHODS) properties[name] = method(HELD_METHODS[name]);
  Object.defineProperties(base, properties);
  return { originals: NODE_METHODS, attach: attachHold, holds: (res) => holdOf(res) !== undefined };
}

/** The four methods as `target` (a response, or ServerResponse.prototype) has them now. */
export class MethodsOf implements Originals {
  readonly writeHead: AnyMethod;
  readonly write: AnyMethod;
  readonly end: AnyMethod;
  readonly flushHeaders: AnyMethod;

  constructor(target: ServerResponse) {
    this.writeHead = target.writeHead as unknown as AnyMethod;
    this.write = target.write as unknown as AnyMethod;
    this.end = target.end as unknown as AnyMethod;
    this.flushHeaders = target.flushHeaders as unknown as AnyMethod;
  }
}

/** Node's own four methods, as they were when this module loaded. */
const NODE_METHODS = new MethodsOf(ServerResponse.prototype);

/**
 * `res`'s four methods now: the one shared NODE_METHODS while they are still Node's own (the
 * usual response: no object per request), else a snapshot of what `res` has.
 */
export function methodsOf(res: ServerResponse): Originals {
  const node = NODE_METHODS;
  return res.writeHead === node.writeHead && res.write === node.write && res.end === node.end && res.flushHeaders === node.flushHeaders
    ? node
    : new MethodsOf(res);
}

function method(value: AnyMethod): PropertyDescriptor {
  return { value, writable: true, configurable: true, enumerable: false };
}

/** The getter of `name` found on `start`'s prototype chain (itself included). */
function findGetter(start: object, name: string): (() => unknown) | undefined {
  let current: object | null = start;
  while (current !== null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, name);
    if (descriptor !== undefined) return descriptor.get;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return undefined;
}
