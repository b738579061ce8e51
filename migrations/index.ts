import type { Migration, MigrationProvider } from 'kysely';
import * as connectorTables from './0001_connector_tables';
import * as orderLifecycle from './0002_order_lifecycle';
import * as exactImports from './0003_exact_imports';
import * as inboundValidation from './0004_inbound_validation';
import * as operatorActions from './0005_operator_actions';
import * as outboxDispatch from './0006_outbox_dispatch';

/**
 * Every migration, in order. Listed statically (rather than read from the folder) so that
 * they work the same under tsx, a bundler or compiled output.
 */
const migrations: Record<string, Migration> = {
  '0001_connector_tables': connectorTables,
  '0002_order_lifecycle': orderLifecycle,
  '0003_exact_imports': exactImports,
  '0004_inbound_validation': inboundValidation,
  '0005_operator_actions': operatorActions,
  '0006_outbox_dispatch': outboxDispatch,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
