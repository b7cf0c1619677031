import type { SessionData } from '../json/types.js';
import type { SessionEngine } from './types.js';

/**
 * A stored engine's `load` reduced to the data, for an engine composed over it (cached-db reads
 * its own entry out of a cache engine's record and throws the record away): no record, no Date,
 * no promise layer of the inner engine's, and no key check, since the caller checked the key
 * against the inner engine's rules already. Not part of the engine contract (`load` stays the
 * API): an internal shortcut.
 *
 * The call resolves to `loaded(data, key)`, `data` being what `load`'s record would hold (null
 * where `load` resolves to null), or to `failed(error, key)` where `load` would reject with
 * `error`. As with `load`'s synchronous twin (load-now.ts) it hangs on the `load` function
 * itself, so an engine whose `load` is overridden or wrapped (a fault injected, a spy) is
 * read through its `load` as always.
 */
const LOAD_DATA: unique symbol = Symbol('sessionkit.loadData');

export type LoadData = <T>(
  engine: SessionEngine,
  key: string,
  loaded: (data: SessionData | null, key: string) => T | PromiseLike<T>,
  failed: (error: unknown, key: string) => T | PromiseLike<T>,
) => Promise<T>;

type Paired = SessionEngine['load'] & { [LOAD_DATA]?: LoadData };

/** Declares `loadData` the data-only twin of `load` (a prototype method of the engine class). */
export function pairLoadData(load: SessionEngine['load'], loadData: LoadData): void {
  (load as Paired)[LOAD_DATA] = loadData;
}

/** The engine's data-only load, if its `load` has one. Call it with the engine as `engine`. */
export function loadDataOf(engine: SessionEngine): LoadData | undefined {
  return (engine.load as Paired)[LOAD_DATA];
}
