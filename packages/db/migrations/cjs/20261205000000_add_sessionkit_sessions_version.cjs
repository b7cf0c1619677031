// knex migration shipped with @sessionkit/db, for CommonJS or ES module apps alike (.cjs): adds
// the nullable `version` column (optimistic concurrency tokens) to a sessionkit_sessions table
// created before it had one. On a table that has it, it does nothing. Custom names:
// `module.exports = require('@sessionkit/db').addVersionColumnMigration({ tableName: '...' })`.
'use strict';

const { addVersionColumnMigration } = require('@sessionkit/db');

const { up, down } = addVersionColumnMigration();

module.exports = { up, down };
