import type { CaseContext } from '../case.js';

/** One engine method, named, with arguments that would succeed on a healthy open engine. */
export type NamedCall = [method: string, call: () => Promise<unknown>];

/** Every method of the engine on `key` (a live record), `touch` when the engine has it. */
export function everyCall({ engine, record, freshKey, clock }: CaseContext, key: string): NamedCall[] {
  const calls: NamedCall[] = [
    ['load', () => engine.load(key)],
    ['create', () => engine.create(freshKey(), record({ a: 2 }))],
    ['update', () => engine.update(key, record({ a: 3 }))],
    ['delete', () => engine.delete(key)],
    ['exists', () => engine.exists(key)],
    ['clearExpired', () => engine.clearExpired()],
  ];
  const touch = engine.touch?.bind(engine);
  if (touch !== undefined) calls.push(['touch', () => touch(key, new Date(clock.now() + 60_000))]);
  return calls;
}
