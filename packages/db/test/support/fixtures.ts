import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineFactory, Inspector } from '@sessionkit/conformance';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import type { Knex } from 'knex';
import { closeEmbeddedConnection, dbInspector } from './inspect';
import { TEST_SECRET, uniqueName } from './names';
import { type ServerName, serverKnex } from './servers';

export interface Fixture {
  factory: EngineFactory<DbEngine>;
  inspect: Inspector<DbEngine>;
}

/** Embedded SQLite: a fresh file (or :memory: database) per case, opened by the engine. */
export function sqliteFixture(kind: 'file' | 'memory'): Fixture {
  return {
    async factory({ clock, cleanup }) {
      let filename = ':memory:';
      if (kind === 'file') {
        const dir = mkdtempSync(join(tmpdir(), 'sk-db-'));
        cleanup(() => rmSync(dir, { recursive: true, force: true }));
        filename = join(dir, 'sessions.sqlite3');
      }
      const engine = createDbEngine({ filename, secret: TEST_SECRET, clock });
      await engine.migrate();
      return engine;
    },
    inspect: dbInspector({ breakStore: closeEmbeddedConnection }),
  };
}

/**
 * A shared server: one table for the whole file, emptied before each case, and a knex per
 * case (so that breaking the store, by destroying that knex, touches one case only).
 * Registers its own beforeAll/afterAll.
 */
export function serverFixture(server: ServerName, url: string): Fixture {
  const tableName = uniqueName(`sk_conf_${server}`);
  let admin: Knex | undefined;
  beforeAll(async () => {
    admin = serverKnex(server, url);
    await createDbEngine({ knex: admin, tableName, secret: TEST_SECRET }).migrate();
  });
  afterAll(async () => {
    await admin?.schema.dropTableIfExists(tableName);
    await admin?.destroy();
  });
  return {
    async factory({ clock, cleanup }) {
      await admin?.raw(`DELETE FROM ${tableName}`);
      const knex = serverKnex(server, url);
      cleanup(() => knex.destroy());
      return createDbEngine({ knex, tableName, secret: TEST_SECRET, clock });
    },
    inspect: dbInspector({ breakStore: (engine) => engine.knex.destroy() }),
  };
}
