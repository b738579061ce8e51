import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
// What reaches the ERP exactly: prices per base quantity, requested periods (start and end),
// delivery schedules, header allowances and charges, tax totals, the order type code, notes
// and attachment references. Decimals are exact text, booleans integer 0/1, as in 0002.
// SQLite adds one column per ALTER TABLE.

const orderColumns = [
  'order_type_code',
  'requested_delivery_start_date',
  'requested_delivery_end_date',
] as const;

const lineColumns = [
  'price_base_quantity',
  'price_base_unit_code',
  'requested_delivery_start_date',
  'requested_delivery_end_date',
] as const;

const tables = [
  'sales_order_attachments',
  'sales_order_notes',
  'sales_order_tax_subtotals',
  'sales_order_tax_totals',
  'sales_order_allowance_charges',
  'sales_order_schedule_lines',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of orderColumns) {
    await db.schema.alterTable('sales_orders').addColumn(column, 'text').execute();
  }
  for (const column of lineColumns) {
    await db.schema.alterTable('sales_order_lines').addColumn(column, 'text').execute();
  }

  // One row per delivery of a line's schedule (a line with one delivery has one row).
  await db.schema
    .createTable('sales_order_schedule_lines')
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('quantity', 'text')
    .addColumn('unit_code', 'text')
    .addColumn('requested_delivery_start_date', 'text')
    .addColumn('requested_delivery_end_date', 'text')
    .addPrimaryKeyConstraint('sales_order_schedule_lines_pk', ['order_key', 'line_id', 'position'])
    .addForeignKeyConstraint(
      'sales_order_schedule_lines_line_fk',
      ['order_key', 'line_id'],
      'sales_order_lines',
      ['order_key', 'line_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('sales_order_allowance_charges')
    .addColumn('order_key', 'text', (c) =>
      c.notNull().references('sales_orders.order_key').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('charge_indicator', 'integer', (c) => c.notNull())
    .addColumn('reason_code', 'text')
    .addColumn('reason', 'text')
    .addColumn('multiplier_factor', 'text')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('base_amount', 'text')
    .addColumn('tax_category_id', 'text')
    .addColumn('tax_percent', 'text')
    .addColumn('tax_scheme_id', 'text')
    .addPrimaryKeyConstraint('sales_order_allowance_charges_pk', ['order_key', 'position'])
    .execute();

  await db.schema
    .createTable('sales_order_tax_totals')
    .addColumn('order_key', 'text', (c) =>
      c.notNull().references('sales_orders.order_key').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tax_amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addPrimaryKeyConstraint('sales_order_tax_totals_pk', ['order_key', 'position'])
    .execute();

  await db.schema
    .createTable('sales_order_tax_subtotals')
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('tax_total_position', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('taxable_amount', 'text')
    .addColumn('tax_amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('percent', 'text')
    .addColumn('tax_category_id', 'text')
    .addColumn('tax_category_percent', 'text')
    .addColumn('tax_scheme_id', 'text')
    .addPrimaryKeyConstraint('sales_order_tax_subtotals_pk', ['order_key', 'tax_total_position', 'position'])
    .addForeignKeyConstraint(
      'sales_order_tax_subtotals_total_fk',
      ['order_key', 'tax_total_position'],
      'sales_order_tax_totals',
      ['order_key', 'position'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // Notes are messages: each document's are kept, keyed by the archived message they came from.
  await db.schema
    .createTable('sales_order_notes')
    .addColumn('order_key', 'text', (c) =>
      c.notNull().references('sales_orders.order_key').onDelete('cascade'),
    )
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sales_order_notes_pk', ['order_key', 'document_sha256', 'position'])
    .execute();

  await db.schema
    .createTable('sales_order_attachments')
    .addColumn('order_key', 'text', (c) =>
      c.notNull().references('sales_orders.order_key').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('document_type_code', 'text')
    .addColumn('document_type', 'text')
    .addColumn('description', 'text')
    .addColumn('external_uri', 'text')
    .addColumn('file_name', 'text')
    .addColumn('mime_code', 'text')
    .addColumn('embedded', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sales_order_attachments_pk', ['order_key', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
  for (const column of lineColumns) {
    await db.schema.alterTable('sales_order_lines').dropColumn(column).execute();
  }
  for (const column of orderColumns) {
    await db.schema.alterTable('sales_orders').dropColumn(column).execute();
  }
}
