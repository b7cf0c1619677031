import type { Knex } from 'knex';
import { type Dialect, dialectOf } from './dialects/index.js';
import { type LayoutNames, resolveLayout, type TableLayout } from './layout.js';

/** Creates the session table and its expiry index unless the table exists. Safe to repeat. */
export async function createSessionTable(knex: Knex, dialect: Dialect, layout: TableLayout): Promise<void> {
  const schema = (): Knex.SchemaBuilder =>
    layout.schema === undefined ? knex.schema : knex.schema.withSchema(layout.schema);
  if (await schema().hasTable(layout.table)) return;
  try {
    await schema().createTable(layout.table, (table) => {
      dialect.defineColumns(table, layout);
      table.index([layout.expiry], layout.expiryIndex);
    });
  } catch (error) {
    // Another process may have created it between the check and the CREATE.
    if (!(await schema().hasTable(layout.table))) throw error;
  }
}

/** Drops the session table if it exists. */
export async function dropSessionTable(knex: Knex, layout: TableLayout): Promise<void> {
  const schema = layout.schema === undefined ? knex.schema : knex.schema.withSchema(layout.schema);
  await schema.dropTableIfExists(layout.table);
}

export interface SessionsMigrationOptions extends LayoutNames {
  /** Django's `django_session` shape instead of sessionkit's own. */
  djangoCompatible?: boolean;
}

/** A knex migration ({ up, down }) that creates the engine's table with these names. */
export function createSessionsMigration(options: SessionsMigrationOptions = {}): {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
} {
  const layout = resolveLayout(options, options.djangoCompatible ?? false);
  return {
    up: (knex) => createSessionTable(knex, dialectOf(knex), layout),
    down: (knex) => dropSessionTable(knex, layout),
  };
}
