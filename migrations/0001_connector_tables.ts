import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_messages')
    .addColumn('integration', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('raw_xml', 'text', (c) => c.notNull())
    .addColumn('root_element', 'text')
    .addColumn('document_kind', 'text')
    .addColumn('order_key', 'text')
    .addColumn('jakamo_order_number', 'text')
    .addColumn('acknowledge_uri', 'text', (c) => c.notNull())
    .addColumn('confirm_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('times_received', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_received_at', 'text', (c) => c.notNull())
    .addColumn('last_received_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addPrimaryKeyConstraint('inbound_messages_pk', ['integration', 'sha256'])
    .execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').column('status').execute();
  await db.schema
    .createIndex('inbound_messages_order_key')
    .on('inbound_messages')
    .column('order_key')
    .execute();

  await db.schema
    .createTable('sales_orders')
    .addColumn('order_key', 'text', (c) => c.primaryKey())
    .addColumn('integration', 'text', (c) => c.notNull())
    .addColumn('buyer_party_id', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text')
    .addColumn('customer_order_number', 'text', (c) => c.notNull())
    .addColumn('jakamo_order_number', 'text')
    .addColumn('issue_date', 'text')
    .addColumn('currency', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_message_sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sales_order_lines')
    .addColumn('order_key', 'text', (c) =>
      c.notNull().references('sales_orders.order_key').onDelete('cascade'),
    )
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item_name', 'text')
    .addColumn('sellers_item_id', 'text')
    .addColumn('buyers_item_id', 'text')
    .addColumn('quantity', 'text')
    .addColumn('unit_code', 'text')
    .addColumn('price', 'text')
    .addColumn('price_currency', 'text')
    .addColumn('line_amount', 'text')
    .addColumn('requested_delivery_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sales_order_lines_pk', ['order_key', 'line_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sales_order_lines').execute();
  await db.schema.dropTable('sales_orders').execute();
  await db.schema.dropTable('inbound_messages').execute();
}
