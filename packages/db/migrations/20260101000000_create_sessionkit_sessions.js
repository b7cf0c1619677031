// knex migration shipped with @sessionkit/db: creates the session table with the default
// names (sessionkit_sessions: session_key, session_data, expires_at) on SQLite, PostgreSQL
// or MySQL/MariaDB. Copy it into your migrations directory, or point knex at this folder.
// Custom names: `module.exports = require('@sessionkit/db').createSessionsMigration({ tableName: '...' })`.
'use strict';

const { createSessionsMigration } = require('@sessionkit/db');

const { up, down } = createSessionsMigration();

module.exports = { up, down };
