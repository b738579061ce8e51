import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.

export async function up(db: Kysely<unknown>): Promise<void> {
  // What XSD validation found wrong with an inbound UBL document (UBL_INBOUND_VALIDATION), one
  // problem per line; null when it was valid or not validated.
  await db.schema.alterTable('inbound_messages').addColumn('validation_problems', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbound_messages').dropColumn('validation_problems').execute();
}
