import { hashKey } from '@sessionkit/core/engine';
import type { DbEngine } from '@sessionkit/db';

/** Seeds `count` rows expiring at `from + i * stepMs`, in one transaction of multi-row inserts. */
export async function seedRows(
  engine: DbEngine,
  prefix: string,
  count: number,
  from: number,
  stepMs: number,
): Promise<void> {
  const { key, data, expiry, schema, table } = engine.layout;
  const rows = Array.from({ length: count }, (_, i) => ({
    [key]: hashKey(`${prefix}-${i}`),
    [data]: 'seeded',
    [expiry]: engine.dialect.encodeExpiry(new Date(from + i * stepMs)),
  }));
  // 500 rows a statement: knex writes SQLite multi-row inserts as a compound SELECT (500 terms at most).
  await engine.knex.batchInsert(schema === undefined ? table : `${schema}.${table}`, rows, 500);
}

/** Rows in the engine's table, all or only those alive at `now`. */
export async function countRows(engine: DbEngine, aliveAt?: number): Promise<number> {
  const { schema, table, expiry } = engine.layout;
  const query = engine.knex(schema === undefined ? table : `${schema}.${table}`);
  if (aliveAt !== undefined) query.where(expiry, '>', engine.dialect.encodeExpiry(new Date(aliveAt)));
  const [row] = await query.count({ n: '*' });
  return Number(row?.n);
}
