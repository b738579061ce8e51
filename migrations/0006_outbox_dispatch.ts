import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The archive is the intake's outbox: a message is acknowledged once it is archived, and handed
  // to its order workflow behind the drain. Messages of one order must reach it in the order the
  // queue gave them, and a timestamp cannot say which of two messages taken in the same
  // millisecond came first: each message gets its place in its integration's queue. Rows archived
  // before this migration keep null (they are older than any numbered row).
  await db.schema.alterTable('inbound_messages').addColumn('queue_position', 'integer').execute();
  await db.schema
    .createIndex('inbound_messages_hand_off')
    .on('inbound_messages')
    .columns(['integration', 'status', 'queue_position'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_queue_position')
    .on('inbound_messages')
    .columns(['integration', 'queue_position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbound_messages_queue_position').execute();
  await db.schema.dropIndex('inbound_messages_hand_off').execute();
  await db.schema.alterTable('inbound_messages').dropColumn('queue_position').execute();
}
