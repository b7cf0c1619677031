// knex migration shipped with @sessionkit/db: adds the nullable `version` column (optimistic
// concurrency tokens) to a sessionkit_sessions table created by the first migration before it
// had one. On a table that already has the column it does nothing.
// Custom names: `module.exports = require('@sessionkit/db').addVersionColumnMigration({ tableName: '...' })`.
'use strict';

const { addVersionColumnMigration } = require('@sessionkit/db');

const { up, down } = addVersionColumnMigration();

module.exports = { up, down };
