import type { Migration, MigrationProvider } from 'kysely';
import * as connectorTables from './0001_connector_tables';
import * as orderLifecycle from './0002_order_lifecycle';

/**
 * Every migration, in order. Listed statically (rather than read from the folder) so that
 * they work the same under tsx, a bundler or compiled output.
 */
const migrations: Record<string, Migration> = {
  '0001_connector_tables': connectorTables,
  '0002_order_lifecycle': orderLifecycle,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
