import type { Knex } from 'knex';
import { type Dialect, dialectOf } from './dialects/index.js';
import { type LayoutNames, resolveLayout, type TableLayout } from './layout.js';

/**
 * Creates the session table and its expiry index unless the table exists, and adds the
 * version column to an existing sessionkit table that predates it. Safe to repeat, and safe
 * to run from several processes at once.
 */
export async function createSessionTable(knex: Knex, dialect: Dialect, layout: TableLayout): Promise<void> {
  if (await schemaOf(knex, layout).hasTable(layout.table)) {
    await addVersionColumn(knex, dialect, layout);
    return;
  }
  try {
    await schemaOf(knex, layout).createTable(layout.table, (table) => {
      dialect.defineColumns(table, layout);
      if (layout.version !== undefined) dialect.defineVersionColumn(table, layout.version);
      table.index([layout.expiry], layout.expiryIndex);
    });
  } catch (error) {
    // Another process may have created it between the check and the CREATE.
    if (!(await schemaOf(knex, layout).hasTable(layout.table))) throw error;
  }
}

/** Adds the nullable version column to an existing sessionkit table that lacks it. Safe to repeat. */
export async function addVersionColumn(knex: Knex, dialect: Dialect, layout: TableLayout): Promise<void> {
  const column = layout.version;
  if (column === undefined) return;
  if (await hasColumn(knex, dialect, layout, column)) return;
  try {
    await schemaOf(knex, layout).alterTable(layout.table, (table) => dialect.defineVersionColumn(table, column));
  } catch (error) {
    // Another process may have added it between the check and the ALTER.
    if (!(await hasColumn(knex, dialect, layout, column))) throw error;
  }
}

/**
 * Whether the table has the column. knex's MySQL `hasColumn` runs SHOW COLUMNS on the bare
 * table name, dropping the schema (a `db.table` name then looks in the connection's database),
 * so there the catalog is asked instead.
 */
async function hasColumn(knex: Knex, dialect: Dialect, layout: TableLayout, column: string): Promise<boolean> {
  if (dialect.name !== 'mysql') return schemaOf(knex, layout).hasColumn(layout.table, column);
  const rows = dialect.rows(
    await knex.raw(
      'SELECT 1 FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND column_name = ?',
      [layout.schema ?? null, layout.table, column],
    ),
  );
  return rows.length > 0;
}

/** knex's schema builder in the layout's schema, if it names one. */
function schemaOf(knex: Knex, layout: TableLayout): Knex.SchemaBuilder {
  return layout.schema === undefined ? knex.schema : knex.schema.withSchema(layout.schema);
}

/** Drops the session table if it exists. */
export async function dropSessionTable(knex: Knex, layout: TableLayout): Promise<void> {
  await schemaOf(knex, layout).dropTableIfExists(layout.table);
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

/**
 * A knex migration ({ up, down }) for a sessionkit table created before version tokens: `up`
 * adds the nullable version column (if missing), `down` drops it (if present).
 */
export function addVersionColumnMigration(options: LayoutNames = {}): {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
} {
  const layout = resolveLayout(options, false);
  const column = layout.version as string;
  return {
    up: (knex) => addVersionColumn(knex, dialectOf(knex), layout),
    async down(knex) {
      if (await hasColumn(knex, dialectOf(knex), layout, column)) {
        await schemaOf(knex, layout).alterTable(layout.table, (table) => table.dropColumn(column));
      }
    },
  };
}
