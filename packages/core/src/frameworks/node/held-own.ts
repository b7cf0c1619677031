import { ServerResponse } from 'node:http';
import type { AnyMethod, HeldMethod, PrototypeHold } from './held-prototype.js';

/**
 * Where a held response keeps its hold, for the shared methods below: they are `res`'s own
 * properties on node:http, and sit on Express's shared response prototype (held-prototype.ts).
 */
const HOLD: unique symbol = Symbol('sessionkit.hold');

type HeldResponse = ServerResponse & { [HOLD]?: PrototypeHold };

/**
 * Holds `res` through own properties without a closure per request: the four methods assigned
 * are the same functions for every response, and each finds its hold in one symbol-keyed
 * property. Returns false, doing nothing, when `res` is held this way already: a second hold
 * (messages over the session's) then wraps these methods with closures of its own, which call
 * through to the first.
 *
 * Why: with four closures per response (each holding its hold), V8 pretenured eight per-request
 * allocation sites early on (--trace-pretenuring-statistics), and on the untouched bench app the
 * old generation grew ~0.3 MB per scavenge, garbage only a full GC frees; without the closures,
 * or without the middleware, ~0.02 MB. A WeakMap from response to hold is worse: each entry
 * is an ephemeron every scavenge must process (measured: scavenges of 25-50 ms).
 */
export function holdThroughOwnMethods(res: ServerResponse, hold: PrototypeHold): boolean {
  const held = res as HeldResponse;
  if (held[HOLD] !== undefined) return false;
  held[HOLD] = hold;
  res.writeHead = heldWriteHead as ServerResponse['writeHead'];
  res.write = heldWrite as ServerResponse['write'];
  res.end = heldEnd as ServerResponse['end'];
  res.flushHeaders = heldFlushHeaders as ServerResponse['flushHeaders'];
  return true;
}

/** The hold `res` keeps, if any. */
export function holdOf(res: ServerResponse): PrototypeHold | undefined {
  return (res as HeldResponse)[HOLD];
}

/** Gives `res` its hold, for the shared methods to find (on a prototype, they are there already). */
export function attachHold(res: ServerResponse, hold: PrototypeHold): void {
  (res as HeldResponse)[HOLD] = hold;
}

function heldWriteHead(this: HeldResponse, ...args: unknown[]): unknown {
  return callHeld(this, 'writeHead', args);
}

function heldWrite(this: HeldResponse, ...args: unknown[]): unknown {
  return callHeld(this, 'write', args);
}

function heldEnd(this: HeldResponse, ...args: unknown[]): unknown {
  return callHeld(this, 'end', args);
}

function heldFlushHeaders(this: HeldResponse, ...args: unknown[]): unknown {
  return callHeld(this, 'flushHeaders', args);
}

/** The four shared methods, for a prototype to carry (held-prototype.ts). */
export const HELD_METHODS: Readonly<Record<HeldMethod, AnyMethod>> = {
  writeHead: heldWriteHead,
  write: heldWrite,
  end: heldEnd,
  flushHeaders: heldFlushHeaders,
};

/** Through the hold of `self`; a method borrowed onto a response nobody held runs Node's own. */
function callHeld(self: HeldResponse, method: HeldMethod, args: unknown[]): unknown {
  const hold = self[HOLD];
  if (hold !== undefined) return hold.call(method, self, args);
  return (ServerResponse.prototype[method] as (...a: unknown[]) => unknown).apply(self, args);
}
