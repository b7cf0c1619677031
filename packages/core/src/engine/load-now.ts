import type { SessionEngine, SessionRecord } from './types.js';

/**
 * An engine whose `load` does no I/O (MemoryEngine) may also offer it synchronously: the same
 * record `load` would resolve to, returned (or thrown) at once, so the session loads without
 * the promise layers of `load`. Not part of the engine contract (`load` stays the API): an
 * internal shortcut.
 *
 * The synchronous twin hangs on the `load` function itself, under this symbol. So it is found
 * only while `engine.load` is that very function: a subclass that overrides `load` (tests do,
 * to inject a fault) or a proxy that wraps it (a spy counting calls) gets no shortcut, and the
 * session calls their `load` as always.
 */
const LOAD_NOW: unique symbol = Symbol('sessionkit.loadNow');

export type LoadNow = (this: SessionEngine, key: string) => SessionRecord | null;

type Paired = SessionEngine['load'] & { [LOAD_NOW]?: LoadNow };

/** Declares `now` the synchronous twin of `load` (a prototype method of the engine class). */
export function pairLoadNow(load: SessionEngine['load'], now: LoadNow): void {
  (load as Paired)[LOAD_NOW] = now;
}

/** The engine's synchronous load, if its `load` has one. Call it with the engine as `this`. */
export function loadNowOf(engine: SessionEngine): LoadNow | undefined {
  return (engine.load as Paired)[LOAD_NOW];
}
