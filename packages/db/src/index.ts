export { createDbEngine, DbEngine } from './engine.js';
export { type DbEngineOptions, DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_MAX_DATA_BYTES } from './options.js';
export type { DjangoExpiryFormat } from './django.js';
export { type TableLayout, DJANGO_NAMES, NATIVE_NAMES } from './layout.js';
export { addVersionColumnMigration, createSessionsMigration, type SessionsMigrationOptions } from './schema.js';
export type { Dialect } from './dialects/index.js';
