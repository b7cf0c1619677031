import { JsonRecord, type SessionEngine, type SessionRecord } from '@sessionkit/core/engine';

/**
 * The engine as a third-party engine that does not know core's `JsonRecord` sees cached-db's
 * writes: each record it is handed is a plain object of the record's fields, so it checks and
 * encodes `data` itself (and, for the cache, reads the entry's `data` parsed from its JSON).
 * A forwarding wrapper, not a fake: the real engine does all the work. It also proves that
 * cached-db handed a JsonRecord, so the fallback really is what runs.
 */
export function withoutJsonRecords<E extends SessionEngine>(engine: E): E {
  return new Proxy(engine, {
    get(target, property) {
      // The target as receiver: the engines' getters read private fields.
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'create' || property === 'update') {
        return (key: string, record: SessionRecord, ...rest: unknown[]) =>
          (value as (...a: unknown[]) => unknown).call(target, key, plainRecord(record), ...rest);
      }
      // Methods run on the engine itself (they read private fields); own values (knex) as they are.
      if (Object.hasOwn(target, property)) return value;
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

function plainRecord(record: SessionRecord): SessionRecord {
  if (!(record instanceof JsonRecord)) throw new Error('cached-db wrote something other than a JsonRecord');
  const { data, expiresAt, version } = record;
  return version === undefined ? { data, expiresAt } : { data, expiresAt, version };
}
