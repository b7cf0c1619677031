import { ManualClock } from '@sessionkit/conformance';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { countRows, seedRows } from './support/bulk';
import { TEST_SECRET, uniqueName } from './support/names';
import { type ServerName, serverKnex } from './support/servers';

const EXPIRED = 100_000;
const LIVE = 1_000;
const BATCH = 1_000;
const NOW = Date.UTC(2026, 10, 28, 12);

/** LF-14 at the engine level: 100,000 expired rows and 1,000 live ones, cleared 1,000 at a time. */
function clearExpiredScenario(makeEngine: (clock: ManualClock) => Promise<DbEngine>): void {
  it('clears 100,000 expired rows in DELETE batches of at most 1,000 and keeps every live row', async () => {
    const clock = new ManualClock(NOW);
    const engine = await makeEngine(clock);
    try {
      await seedRows(engine, 'expired', EXPIRED, NOW - 2 * EXPIRED, 2); // the last one expires exactly now
      await seedRows(engine, 'live', LIVE, NOW + 1, 1000); // the first one has 1 ms left
      const real = 'abcdefgh12345678abcdefgh12345678';
      await engine.create(real, { data: { kept: true }, expiresAt: new Date(NOW + 60_000) });

      const deletes: { sql: string; bindings: readonly unknown[] }[] = [];
      engine.knex.on('query', (query: { sql: string; bindings?: readonly unknown[] }) => {
        if (/^\s*delete/i.test(query.sql)) deletes.push({ sql: query.sql, bindings: query.bindings ?? [] });
      });
      const progress: number[] = [];
      const started = Date.now();
      const removed = await engine.clearExpired({ batchSize: BATCH, onProgress: (n) => progress.push(n) });
      const elapsed = Date.now() - started;

      expect(removed).toBe(EXPIRED);
      expect(deletes.length).toBeGreaterThanOrEqual(EXPIRED / BATCH);
      for (const { bindings } of deletes) expect(bindings[1]).toBe(BATCH); // the LIMIT of each statement: [now, limit(, now)]
      expect(progress.length).toBeGreaterThanOrEqual(EXPIRED / BATCH);
      for (const [i, total] of progress.entries()) expect(total - (progress[i - 1] ?? 0)).toBeLessThanOrEqual(BATCH);
      expect(progress.at(-1)).toBe(EXPIRED);
      expect(await countRows(engine)).toBe(LIVE + 1);
      expect(await countRows(engine, NOW)).toBe(LIVE + 1);
      expect((await engine.load(real))?.data).toEqual({ kept: true });
      expect(await engine.clearExpired()).toBe(0);
      expect(elapsed).toBeLessThan(30_000);
    } finally {
      await engine.close();
    }
  }, 120_000);
}

describe('clearExpired batching on embedded SQLite', () => {
  clearExpiredScenario(async (clock) => {
    const engine = createDbEngine({ filename: ':memory:', secret: TEST_SECRET, clock });
    await engine.migrate();
    return engine;
  });
});

for (const server of ['pg', 'mysql'] as ServerName[]) {
  describeWithService(server, `clearExpired batching on ${server}`, (url) => {
    const tableName = uniqueName(`sk_clear_${server}`);
    let knex: Knex;
    beforeAll(() => {
      knex = serverKnex(server, url);
    });
    afterAll(async () => {
      await knex.schema.dropTableIfExists(tableName);
      await knex.destroy();
    });
    clearExpiredScenario(async (clock) => {
      const engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, clock });
      await engine.migrate();
      return engine;
    });
  });
}
