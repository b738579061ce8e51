import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
// Decimals and timestamps are text (exact decimals, ISO-8601); booleans are integer 0/1 so the
// same statements run on SQLite and PostgreSQL. SQLite adds one column per ALTER TABLE.

const lineColumns = [
  'confirmed_quantity',
  'confirmed_price',
  'confirmed_delivery_date',
  'confirmation',
  'delivered_quantity',
  'cancelled_at',
] as const;

const orderColumns = ['last_change_sequence', 'cancelled_at'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // What the supplier confirmed or proposed, what was delivered, and when a line was cancelled.
  await db.schema.alterTable('sales_order_lines').addColumn('confirmed_quantity', 'text').execute();
  await db.schema.alterTable('sales_order_lines').addColumn('confirmed_price', 'text').execute();
  await db.schema.alterTable('sales_order_lines').addColumn('confirmed_delivery_date', 'text').execute();
  await db.schema
    .alterTable('sales_order_lines')
    .addColumn('confirmation', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .alterTable('sales_order_lines')
    .addColumn('delivered_quantity', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema.alterTable('sales_order_lines').addColumn('cancelled_at', 'text').execute();

  await db.schema.alterTable('sales_orders').addColumn('last_change_sequence', 'text').execute();
  await db.schema.alterTable('sales_orders').addColumn('cancelled_at', 'text').execute();

  // The idempotency ledger of ERP writes: a document is applied to an order at most once.
  // No foreign key on purpose: the ledger row is written first (it takes the write lock) and a
  // write about an unknown order is refused, and rolled back, after it.
  await db.schema
    .createTable('erp_applied_documents')
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('erp_applied_documents_pk', ['order_key', 'document_id'])
    .execute();

  await db.schema
    .createTable('sales_order_deliveries')
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sales_order_deliveries_pk', ['order_key', 'document_id', 'line_id'])
    .addForeignKeyConstraint(
      'sales_order_deliveries_line_fk',
      ['order_key', 'line_id'],
      'sales_order_lines',
      ['order_key', 'line_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // Every request sent (or refused before sending) to Jakamo for an order, keyed by the effect
  // that sends it. The primary key's leading order_key serves the per-order listing.
  await db.schema
    .createTable('outbound_documents')
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('effect_id', 'text', (c) => c.notNull())
    .addColumn('integration', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('problems', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('http_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('accepted', 'integer')
    .addColumn('first_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addPrimaryKeyConstraint('outbound_documents_pk', ['order_key', 'effect_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbound_documents').execute();
  await db.schema.dropTable('sales_order_deliveries').execute();
  await db.schema.dropTable('erp_applied_documents').execute();
  for (const column of orderColumns) {
    await db.schema.alterTable('sales_orders').dropColumn(column).execute();
  }
  for (const column of lineColumns) {
    await db.schema.alterTable('sales_order_lines').dropColumn(column).execute();
  }
}
