import Big from 'big.js';
import type { Transaction, Updateable } from 'kysely';
import type { ConnectorDatabase } from '../db/database';
import type {
  Database,
  ErpDocumentKind,
  SalesOrderLineRow,
  SalesOrderLineTable,
  SalesOrderRow,
  SalesOrderStatus,
} from '../db/schema';
import type { DecimalString, OrderLine, Period } from '../domain/documents';
import { LineStatus } from '../domain/line-status';
import { isLineCancelled } from '../ubl/line-cancellation';
import {
  ErpRefusedError,
  type ErpAdapter,
  type ErpWriteResult,
  type SalesOrderChange,
  type SalesOrderConfirmation,
  type SalesOrderDelivery,
  type SalesOrderImport,
  type SalesOrderImportResult,
  type SalesOrderLineCancellation,
} from './erp-adapter';

/** What a write sees of the order it applies to, inside its transaction. */
interface WriteContext {
  trx: Transaction<Database>;
  order: SalesOrderRow;
  lines: Map<string, SalesOrderLineRow>;
  /** ISO-8601 time of the write. */
  now: string;
}

/**
 * The reference ERP: writes sales orders and their lines into the connector database. It
 * stands in for a real ERP in demos and tests, and shows what an adapter must guarantee:
 * every write is applied once per (order key, document id), in one transaction, and a write
 * about an order or line the ERP does not know is refused.
 */
export class SqlErpAdapter implements ErpAdapter {
  constructor(
    private readonly db: ConnectorDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async importSalesOrder(input: SalesOrderImport): Promise<SalesOrderImportResult> {
    const { order } = input;
    const buyerPartyId = order.buyer.id;
    if (buyerPartyId === undefined) throw new Error(`Order ${order.orderNumber} has no buyer party id`);
    const now = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('sales_orders')
        .values({
          order_key: input.orderKey,
          integration: input.integration,
          buyer_party_id: buyerPartyId,
          buyer_name: order.buyer.name ?? null,
          customer_order_number: order.orderNumber,
          jakamo_order_number: input.jakamoOrderNumber ?? null,
          issue_date: order.issueDate ?? null,
          currency: order.currency ?? null,
          status: 'Open' satisfies SalesOrderStatus,
          source_message_sha256: input.sourceMessageSha256,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('order_key').doNothing())
        .executeTakeFirst();
      const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      if (created && order.lines.length > 0) {
        const headerDate = periodDate(order.delivery?.requestedPeriod);
        await trx
          .insertInto('sales_order_lines')
          .values(order.lines.map((line, index) => newLine(input.orderKey, line, index + 1, headerDate, now)))
          .execute();
      }
      return { orderKey: input.orderKey, created };
    });
  }

  applyOrderChange(input: SalesOrderChange): Promise<ErpWriteResult> {
    const { change } = input;
    return this.applyOnce(input.orderKey, input.sourceMessageSha256, 'OrderChange', null, async (ctx) => {
      const { trx, order, lines, now } = ctx;
      const headerDate = periodDate(change.delivery?.requestedPeriod);
      let nextPosition = Math.max(0, ...[...lines.values()].map((line) => Number(line.position))) + 1;
      for (const line of change.lines) {
        const existing = lines.get(line.lineId);
        if (existing === undefined) {
          await trx
            .insertInto('sales_order_lines')
            .values(newLine(order.order_key, line, nextPosition, headerDate, now))
            .execute();
          nextPosition += 1;
          continue;
        }
        await updateLine(ctx, existing, changedLineFields(existing, line, headerDate, now));
      }
      await trx
        .updateTable('sales_orders')
        .set({ last_change_sequence: change.sequenceNumber ?? order.last_change_sequence })
        .where('order_key', '=', order.order_key)
        .execute();
      await settleOrderStatus(ctx);
    });
  }

  cancelSalesOrderLines(input: SalesOrderLineCancellation): Promise<ErpWriteResult> {
    return this.applyOnce(input.orderKey, input.documentId, 'Cancellation', input.reason, async (ctx) => {
      const { trx, order, now } = ctx;
      if (input.wholeOrder) {
        // Delivered lines stay delivered: the cancellation is of what was still to come.
        await trx
          .updateTable('sales_order_lines')
          .set({ status: LineStatus.Cancelled, cancelled_at: now })
          .where('order_key', '=', order.order_key)
          .where('status', 'not in', [LineStatus.Delivered, LineStatus.Cancelled])
          .execute();
        await setOrderStatus(ctx, 'Cancelled');
        return;
      }
      if (input.lineIds.length === 0) {
        throw new ErpRefusedError(
          `Cancellation ${input.documentId} of sales order ${order.order_key} names no line: name the lines to cancel, or cancel the whole order`,
        );
      }
      for (const lineId of new Set(input.lineIds)) {
        const line = knownLine(ctx, lineId);
        if (line.status === LineStatus.Cancelled) continue;
        refuseIfDelivered(order, line, 'cancelled');
        await updateLine(ctx, line, { status: LineStatus.Cancelled, cancelled_at: now });
      }
      await settleOrderStatus(ctx);
    });
  }

  recordConfirmation(input: SalesOrderConfirmation): Promise<ErpWriteResult> {
    return this.applyOnce(input.orderKey, input.documentId, 'Confirmation', null, async (ctx) => {
      for (const terms of input.lines) {
        const line = knownLine(ctx, terms.lineId);
        const fields: Updateable<SalesOrderLineTable> = {
          confirmed_quantity: decimal(terms.quantity, `confirmed quantity of line ${terms.lineId}`),
          confirmed_price:
            terms.price === undefined
              ? null
              : decimal(terms.price, `confirmed price of line ${terms.lineId}`),
          confirmed_delivery_date: terms.deliveryDate ?? null,
          confirmation: input.proposal ? 'proposed' : 'confirmed',
        };
        // Cancelled lines keep their status (the terms are still recorded); a line with
        // deliveries is measured again against the new confirmed quantity.
        if (line.status !== LineStatus.Cancelled) {
          const after = { ...line, ...fields };
          fields.status =
            deliveryStatus(after) ?? (input.proposal ? LineStatus.Proposed : LineStatus.Confirmed);
        }
        await updateLine(ctx, line, fields);
      }
      await settleOrderStatus(ctx, input.proposal ? undefined : 'Confirmed');
    });
  }

  recordDelivery(input: SalesOrderDelivery): Promise<ErpWriteResult> {
    return this.applyOnce(input.orderKey, input.documentId, 'Delivery', null, async (ctx) => {
      const { trx, order, now } = ctx;
      if (input.lines.length === 0) {
        throw new ErpRefusedError(
          `Delivery ${input.documentId} of sales order ${order.order_key} names no line: name the delivered lines and quantities`,
        );
      }
      // A document may name a line more than once (one row per package): the quantities add up.
      const delivered = new Map<string, Big>();
      for (const { lineId, quantity } of input.lines) {
        const amount = new Big(decimal(quantity, `delivered quantity of line ${lineId}`));
        if (amount.lt(0)) {
          throw new ErpRefusedError(
            `Delivery ${input.documentId} of sales order ${order.order_key} has a negative quantity ${quantity} for line ${lineId}: correct the delivery document`,
          );
        }
        delivered.set(lineId, (delivered.get(lineId) ?? new Big(0)).plus(amount));
      }
      for (const [lineId, amount] of delivered) {
        const line = knownLine(ctx, lineId);
        if (line.status === LineStatus.Cancelled) {
          throw new ErpRefusedError(
            `Line ${lineId} of sales order ${order.order_key} is cancelled: a delivery cannot be recorded on it; check delivery ${input.documentId}`,
          );
        }
        await trx
          .insertInto('sales_order_deliveries')
          .values({
            order_key: order.order_key,
            document_id: input.documentId,
            line_id: lineId,
            quantity: amount.toFixed(),
            delivered_at: now,
          })
          .execute();
        const total = new Big(line.delivered_quantity).plus(amount).toFixed();
        const after = { ...line, delivered_quantity: total };
        await updateLine(ctx, line, {
          delivered_quantity: total,
          status: deliveryStatus(after) ?? line.status,
        });
      }
      await settleOrderStatus(ctx);
    });
  }

  /**
   * Runs `write` once per (order key, document id), in one transaction. The ledger row comes
   * first: it makes a repeated document a no-op, and it makes the transaction a writer at once
   * (SQLite) before anything is read. Touching the header then locks the order's row
   * (PostgreSQL), so concurrent writes to one order run one after the other.
   */
  private applyOnce(
    orderKey: string,
    documentId: string,
    kind: ErpDocumentKind,
    note: string | null,
    write: (ctx: WriteContext) => Promise<void>,
  ): Promise<ErpWriteResult> {
    const now = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const recorded = await trx
        .insertInto('erp_applied_documents')
        .values({ order_key: orderKey, document_id: documentId, kind, note, applied_at: now })
        .onConflict((conflict) => conflict.columns(['order_key', 'document_id']).doNothing())
        .executeTakeFirst();
      if (Number(recorded.numInsertedOrUpdatedRows ?? 0n) === 0) return { applied: false };
      const touched = await trx
        .updateTable('sales_orders')
        .set({ updated_at: now })
        .where('order_key', '=', orderKey)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) {
        throw new ErpRefusedError(
          `Sales order ${orderKey} is not in the ERP: import it first, then retry (${kind} ${documentId})`,
        );
      }
      const order = await trx
        .selectFrom('sales_orders')
        .selectAll()
        .where('order_key', '=', orderKey)
        .executeTakeFirstOrThrow();
      const lines = await loadLines(trx, orderKey);
      await write({ trx, order, lines, now });
      return { applied: true };
    });
  }
}

function loadLines(trx: Transaction<Database>, orderKey: string): Promise<Map<string, SalesOrderLineRow>> {
  return trx
    .selectFrom('sales_order_lines')
    .selectAll()
    .where('order_key', '=', orderKey)
    .orderBy('position')
    .execute()
    .then((rows) => new Map(rows.map((row) => [row.line_id, row])));
}

function knownLine(ctx: WriteContext, lineId: string): SalesOrderLineRow {
  const line = ctx.lines.get(lineId);
  if (line === undefined) {
    throw new ErpRefusedError(
      `Sales order ${ctx.order.order_key} has no line ${lineId}: apply the change that adds it first, or correct the line id`,
    );
  }
  return line;
}

function refuseIfDelivered(order: SalesOrderRow, line: SalesOrderLineRow, what: string): void {
  if (line.status === LineStatus.Delivered) {
    throw new ErpRefusedError(
      `Line ${line.line_id} of sales order ${order.order_key} is already delivered and cannot be ${what}: settle it with the customer (return or credit), then apply the rest by hand`,
    );
  }
}

async function updateLine(
  ctx: WriteContext,
  line: SalesOrderLineRow,
  fields: Updateable<SalesOrderLineTable>,
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await ctx.trx
    .updateTable('sales_order_lines')
    .set(fields)
    .where('order_key', '=', line.order_key)
    .where('line_id', '=', line.line_id)
    .execute();
}

/** A line of an Order or of an OrderChange, as a new ERP line. */
function newLine(
  orderKey: string,
  line: OrderLine,
  position: number,
  headerDate: string | undefined,
  now: string,
) {
  const cancelled = isLineCancelled(line);
  return {
    order_key: orderKey,
    line_id: line.lineId,
    position,
    item_name: line.item.name ?? null,
    sellers_item_id: line.item.sellersItemId ?? null,
    buyers_item_id: line.item.buyersItemId ?? null,
    quantity: line.quantity?.value ?? null,
    unit_code: line.quantity?.unitCode ?? null,
    price: line.price?.amount.value ?? null,
    price_currency: line.price?.amount.currencyId ?? null,
    line_amount: line.lineAmount?.value ?? null,
    requested_delivery_date: periodDate(line.requestedDelivery) ?? headerDate ?? null,
    status: cancelled ? LineStatus.Cancelled : LineStatus.Open,
    cancelled_at: cancelled ? now : null,
  };
}

/** What an OrderChange line changes on an existing line: only what the change states. */
function changedLineFields(
  existing: SalesOrderLineRow,
  line: OrderLine,
  headerDate: string | undefined,
  now: string,
): Updateable<SalesOrderLineTable> {
  const fields: Updateable<SalesOrderLineTable> = {};
  if (line.quantity !== undefined) {
    fields.quantity = line.quantity.value;
    if (line.quantity.unitCode !== undefined) fields.unit_code = line.quantity.unitCode;
  }
  if (line.price !== undefined) {
    fields.price = line.price.amount.value;
    if (line.price.amount.currencyId !== undefined) fields.price_currency = line.price.amount.currencyId;
  }
  if (line.lineAmount !== undefined) fields.line_amount = line.lineAmount.value;
  const requestedDate = periodDate(line.requestedDelivery) ?? headerDate;
  if (requestedDate !== undefined) fields.requested_delivery_date = requestedDate;

  const after = { ...existing, ...fields };
  if (isLineCancelled(line)) {
    if (existing.status !== LineStatus.Cancelled) {
      if (existing.status === LineStatus.Delivered) {
        throw new ErpRefusedError(
          `Line ${existing.line_id} of sales order ${existing.order_key} is already delivered and cannot be cancelled by a change: settle it with the customer (return or credit), then apply the change by hand`,
        );
      }
      fields.status = LineStatus.Cancelled;
      fields.cancelled_at = now;
    }
  } else if (existing.status === LineStatus.Cancelled) {
    // The change states the line again with a quantity: the customer reinstated it.
    fields.status = deliveryStatus(after) ?? LineStatus.Open;
    fields.cancelled_at = null;
  } else if (line.quantity !== undefined) {
    fields.status = deliveryStatus(after) ?? existing.status;
  }
  return fields;
}

/**
 * The delivery status of a line that has deliveries: `Delivered` once the delivered quantity
 * reaches the confirmed quantity (the requested one while unconfirmed), else
 * `PartiallyDelivered`. Undefined when nothing was delivered.
 */
function deliveryStatus(line: SalesOrderLineRow): LineStatus | undefined {
  const delivered = new Big(line.delivered_quantity);
  if (delivered.lte(0)) return undefined;
  const target =
    line.confirmation === 'confirmed' ? (line.confirmed_quantity ?? line.quantity) : line.quantity;
  if (target === null || delivered.gte(target)) return LineStatus.Delivered;
  return LineStatus.PartiallyDelivered;
}

/**
 * The order's status after a write, from its lines: `Cancelled` when every line is cancelled
 * (or the order was cancelled and no line is left open), `Delivered` when every other line is
 * delivered, `PartiallyDelivered` when some are; otherwise `preferred` (a confirmation) or the
 * status it had, reopened if it no longer fits.
 */
async function settleOrderStatus(ctx: WriteContext, preferred?: SalesOrderStatus): Promise<void> {
  const lines = [...(await loadLines(ctx.trx, ctx.order.order_key)).values()];
  const live = lines.filter((line) => line.status !== LineStatus.Cancelled);
  const delivering = live.filter(
    (line) => line.status === LineStatus.Delivered || line.status === LineStatus.PartiallyDelivered,
  );
  const open = live.filter((line) => !isDelivered(line));
  let status: SalesOrderStatus;
  if (lines.length > 0 && live.length === 0) status = 'Cancelled';
  // A cancelled order with some lines delivered before the cancellation stays cancelled.
  else if (ctx.order.status === 'Cancelled' && open.length === 0) status = 'Cancelled';
  else if (live.length > 0 && live.every(isDelivered)) status = 'Delivered';
  else if (delivering.length > 0) status = 'PartiallyDelivered';
  else if (preferred !== undefined) status = preferred;
  else if (['Open', 'Confirmed'].includes(ctx.order.status)) status = ctx.order.status as SalesOrderStatus;
  else status = live.every((line) => line.confirmation === 'confirmed') ? 'Confirmed' : 'Open';
  await setOrderStatus(ctx, status);
}

function isDelivered(line: SalesOrderLineRow): boolean {
  return line.status === LineStatus.Delivered;
}

async function setOrderStatus(ctx: WriteContext, status: SalesOrderStatus): Promise<void> {
  const cancelledAt = status === 'Cancelled' ? (ctx.order.cancelled_at ?? ctx.now) : null;
  await ctx.trx
    .updateTable('sales_orders')
    .set({ status, cancelled_at: cancelledAt, updated_at: ctx.now })
    .where('order_key', '=', ctx.order.order_key)
    .execute();
}

/** The date a period asks for: its end, else its start. */
function periodDate(period: Period | undefined): string | undefined {
  return period?.endDate ?? period?.startDate;
}

/** An exact decimal from a caller, checked: the ERP refuses what is not a number. */
function decimal(value: DecimalString, what: string): DecimalString {
  try {
    new Big(value);
  } catch {
    throw new ErpRefusedError(`The ${what} is not a decimal number: '${value}'; correct the document`);
  }
  return value;
}
