import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { Migrator } from 'kysely';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../../db/database';
import { migrationProvider } from '../../migrations';
import { noPostgres, type OpenTestDatabase } from '../support/postgres';

/*
 * What the reference ERP's storage tests (erp-adapter, erp-exact-import) share: a clock, reads
 * of what the ERP holds of one order, its rows as tables, and the round trip of a migration.
 */

/** A clock that moves on one second per write, so timestamps say which write set them. */
export function tickingClock(): () => Date {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 11, 1, 8, 0, tick++));
}

/** The sales order's header row. */
export function salesOrder(db: ConnectorDatabase, orderKey: string) {
  return db
    .selectFrom('sales_orders')
    .selectAll()
    .where('order_key', '=', orderKey)
    .executeTakeFirstOrThrow();
}

/** The sales order's lines, in the order of their positions. */
export function salesOrderLines(db: ConnectorDatabase, orderKey: string) {
  return db
    .selectFrom('sales_order_lines')
    .selectAll()
    .where('order_key', '=', orderKey)
    .orderBy('position')
    .execute();
}

/** The given columns of each row, in order: a table to compare with `assert.deepEqual`. */
export function columnsOf<Row, Column extends keyof Row>(
  rows: readonly Row[],
  ...columns: Column[]
): Row[Column][][] {
  return rows.map((row) => columns.map((column) => row[column]));
}

/**
 * Proves that `migration` rolls back and applies again, on a fresh database of the dialect:
 * migrated to the latest, down to `previous` (later migrations roll back first), up again.
 */
export async function migrationRoundTrip(
  t: TestContext,
  open: OpenTestDatabase,
  migration: string,
  previous: string,
): Promise<void> {
  const fresh = await open();
  if (fresh === undefined) return t.skip(noPostgres);
  const scratch = openDatabase(fresh);
  try {
    await migrateToLatest(scratch);
    const down = await new Migrator({ db: scratch, provider: migrationProvider }).migrateTo(previous);
    assert.equal(down.error, undefined);
    assert.deepEqual(
      down.results
        ?.filter((result) => result.migrationName === migration)
        .map((result) => [result.migrationName, result.direction, result.status]),
      [[migration, 'Down', 'Success']],
      JSON.stringify(down.results),
    );
    assert.ok((await migrateToLatest(scratch)).includes(migration));
  } finally {
    await scratch.destroy();
  }
}
