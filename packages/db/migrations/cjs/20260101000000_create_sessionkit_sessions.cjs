// knex migration shipped with @sessionkit/db, for CommonJS or ES module apps alike (.cjs):
// creates the session table with the default names (sessionkit_sessions: session_key,
// session_data, expires_at) on SQLite, PostgreSQL or MySQL/MariaDB. Copy it into your
// migrations directory. Custom names:
// `module.exports = require('@sessionkit/db').createSessionsMigration({ tableName: '...' })`.
'use strict';

const { createSessionsMigration } = require('@sessionkit/db');

const { up, down } = createSessionsMigration();

module.exports = { up, down };
