// knex migration shipped with @sessionkit/db, for ES module apps ("type": "module", where knex loads .js files): creates
// the session table with the default names (sessionkit_sessions: session_key, session_data,
// expires_at) on SQLite, PostgreSQL or MySQL/MariaDB. Copy it into your migrations directory.
// Custom names: `export const { up, down } = createSessionsMigration({ tableName: '...' });`
import { createSessionsMigration } from '@sessionkit/db';

export const { up, down } = createSessionsMigration();
