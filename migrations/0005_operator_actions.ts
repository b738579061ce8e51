import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every operator action of the recovery commands (bulk retry, replay, reset, quarantine
  // reprocess / discard), with its reason and what came of it: the audit trail beside the
  // order's own history. The id is a UUID (text), so the same statement runs on SQLite and
  // PostgreSQL without an auto-increment column.
  await db.schema
    .createTable('operator_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('integration', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('actor', 'text')
    .execute();
  await db.schema
    .createIndex('operator_actions_target')
    .on('operator_actions')
    .columns(['target', 'at'])
    .execute();

  // What an operator decided about a quarantined message: reprocessed (handed off after a fix)
  // or discarded, when, and why. SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('inbound_messages').addColumn('resolution', 'text').execute();
  await db.schema.alterTable('inbound_messages').addColumn('resolved_at', 'text').execute();
  await db.schema.alterTable('inbound_messages').addColumn('resolution_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['resolution_reason', 'resolved_at', 'resolution']) {
    await db.schema.alterTable('inbound_messages').dropColumn(column).execute();
  }
  await db.schema.dropTable('operator_actions').execute();
}
