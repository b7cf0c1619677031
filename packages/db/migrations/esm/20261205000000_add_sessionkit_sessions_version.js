// knex migration shipped with @sessionkit/db, for ES module apps ("type": "module", where knex
// loads .js files): adds the nullable `version` column (optimistic concurrency tokens) to a
// sessionkit_sessions table created before it had one. On a table that has it, it does nothing.
// Custom names: `export const { up, down } = addVersionColumnMigration({ tableName: '...' });`
import { addVersionColumnMigration } from '@sessionkit/db';

export const { up, down } = addVersionColumnMigration();
