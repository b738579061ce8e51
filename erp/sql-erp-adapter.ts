import Big from 'big.js';
import type { Insertable, Transaction, Updateable } from 'kysely';
import type { ConnectorDatabase } from '../db/database';
import type {
  Database,
  ErpDocumentKind,
  SalesOrderLineRow,
  SalesOrderLineTable,
  SalesOrderRow,
  SalesOrderStatus,
} from '../db/schema';
import {
  requestedPeriodOf,
  type DecimalString,
  type OrderChangeDocument,
  type OrderDocument,
  type OrderLine,
  type Period,
} from '../domain/documents';
import type { LineStatus } from '../domain/line-status';
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
import {
  importedSalesOrder,
  salesOrderAfter,
  type SalesOrderEvent,
  type SalesOrderLineState,
  type SalesOrderState,
} from './sales-order-status';

/** What a write sees of the order it applies to, inside its transaction. */
interface WriteContext {
  trx: Transaction<Database>;
  order: SalesOrderRow;
  lines: Map<string, SalesOrderLineRow>;
  /** The order and its lines as the status rules see them, before the write. */
  state: SalesOrderState;
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
    const imported = importedSalesOrder(input.orderKey, order.lines, now);
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
          order_type_code: order.orderTypeCode ?? null,
          currency: order.currency ?? null,
          requested_delivery_start_date: headerPeriod(order)?.startDate ?? null,
          requested_delivery_end_date: headerPeriod(order)?.endDate ?? null,
          status: imported.status,
          source_message_sha256: input.sourceMessageSha256,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('order_key').doNothing())
        .executeTakeFirst();
      const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      if (!created) return { orderKey: input.orderKey, created };
      const header = headerPeriod(order);
      for (const [index, line] of order.lines.entries()) {
        await insertLine(trx, input.orderKey, line, index + 1, header, decidedLine(imported, line.lineId));
      }
      await replaceHeaderTerms(trx, input.orderKey, order);
      await addNotes(trx, input.orderKey, input.sourceMessageSha256, order, now);
      return { orderKey: input.orderKey, created };
    });
  }

  applyOrderChange(input: SalesOrderChange): Promise<ErpWriteResult> {
    const { change } = input;
    return this.applyOnce(input.orderKey, input.sourceMessageSha256, 'OrderChange', null, async (ctx) => {
      const { trx, order, lines, now } = ctx;
      const after = salesOrderAfter(ctx.state, { kind: 'OrderChanged', lines: change.lines }, now);
      // For lines and deliveries without their own period: the header period the change states, else the order's.
      const stated = headerPeriod(change);
      const header =
        stated ?? compactPeriod(order.requested_delivery_start_date, order.requested_delivery_end_date);
      let nextPosition = Math.max(0, ...[...lines.values()].map((line) => Number(line.position))) + 1;
      for (const line of change.lines) {
        const existing = lines.get(line.lineId);
        if (existing === undefined) {
          await insertLine(trx, order.order_key, line, nextPosition, header, decidedLine(after, line.lineId));
          nextPosition += 1;
          continue;
        }
        const fields = changedLineFields(line, stated);
        await updateLine(ctx, existing, fields);
        // A change that states the line's quantity, deliveries or period restates its schedule.
        if (
          line.deliveries !== undefined ||
          line.quantity !== undefined ||
          requestedPeriodOf(line.requestedDelivery, stated) !== undefined
        ) {
          await replaceSchedule(trx, { ...existing, ...fields }, line, header);
        }
      }
      await trx
        .updateTable('sales_orders')
        .set({
          last_change_sequence: change.sequenceNumber ?? order.last_change_sequence,
          ...(stated === undefined
            ? {}
            : {
                requested_delivery_start_date: stated.startDate ?? null,
                requested_delivery_end_date: stated.endDate ?? null,
              }),
        })
        .where('order_key', '=', order.order_key)
        .execute();
      await replaceHeaderTerms(trx, order.order_key, change);
      await addNotes(trx, order.order_key, input.sourceMessageSha256, change, now);
      await writeDecided(ctx, after);
    });
  }

  cancelSalesOrderLines(input: SalesOrderLineCancellation): Promise<ErpWriteResult> {
    const event: SalesOrderEvent = input.wholeOrder
      ? { kind: 'OrderCancelled' }
      : { kind: 'LinesCancelled', documentId: input.documentId, lineIds: input.lineIds };
    return this.applyOnce(input.orderKey, input.documentId, 'Cancellation', input.reason, (ctx) =>
      writeDecided(ctx, salesOrderAfter(ctx.state, event, ctx.now)),
    );
  }

  recordConfirmation(input: SalesOrderConfirmation): Promise<ErpWriteResult> {
    return this.applyOnce(input.orderKey, input.documentId, 'Confirmation', null, async (ctx) => {
      // The terms are checked before the rules measure deliveries against them.
      const terms = new Map<string, Updateable<SalesOrderLineTable>>();
      for (const line of input.lines) {
        decimal(line.quantity, `confirmed quantity of line ${line.lineId}`);
        terms.set(line.lineId, {
          confirmed_price:
            line.price === undefined ? null : decimal(line.price, `confirmed price of line ${line.lineId}`),
          confirmed_delivery_date: line.deliveryDate ?? null,
        });
      }
      const after = salesOrderAfter(
        ctx.state,
        { kind: 'TermsRecorded', proposal: input.proposal, lines: input.lines },
        ctx.now,
      );
      await writeDecided(ctx, after, terms);
    });
  }

  recordDelivery(input: SalesOrderDelivery): Promise<ErpWriteResult> {
    return this.applyOnce(input.orderKey, input.documentId, 'Delivery', null, async (ctx) => {
      const { trx, order, now } = ctx;
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
      const lines = [...delivered].map(([lineId, amount]) => ({ lineId, quantity: amount.toFixed() }));
      const after = salesOrderAfter(
        ctx.state,
        { kind: 'Delivered', documentId: input.documentId, lines },
        now,
      );
      await trx
        .insertInto('sales_order_deliveries')
        .values(
          lines.map(({ lineId, quantity }) => ({
            order_key: order.order_key,
            document_id: input.documentId,
            line_id: lineId,
            quantity,
            delivered_at: now,
          })),
        )
        .execute();
      await writeDecided(ctx, after);
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
      await write({ trx, order, lines, state: salesOrderState(order, lines), now });
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

/** A line of an Order or of an OrderChange, as a new ERP line with its schedule and its decided status. */
async function insertLine(
  trx: Transaction<Database>,
  orderKey: string,
  line: OrderLine,
  position: number,
  header: Period | undefined,
  decided: SalesOrderLineState,
): Promise<void> {
  const requested = requestedPeriodOf(line.requestedDelivery, header);
  const row: Insertable<SalesOrderLineTable> = {
    order_key: orderKey,
    line_id: line.lineId,
    position,
    item_name: line.item.name ?? null,
    sellers_item_id: line.item.sellersItemId ?? null,
    buyers_item_id: line.item.buyersItemId ?? null,
    quantity: line.quantity?.value ?? null,
    unit_code: line.quantity?.unitCode ?? null,
    ...priceFields(line),
    line_amount: line.lineAmount?.value ?? null,
    requested_delivery_date: periodDate(requested) ?? null,
    requested_delivery_start_date: requested?.startDate ?? null,
    requested_delivery_end_date: requested?.endDate ?? null,
    status: decided.status,
    cancelled_at: decided.cancelledAt,
  };
  await trx.insertInto('sales_order_lines').values(row).execute();
  await replaceSchedule(trx, row, line, header);
}

/**
 * The price exactly as stated: the amount is the price of the base quantity (cbc:BaseQuantity),
 * so "30 per 2 PCS" stays 30 with base 2 PCS. A price without a base quantity is per one unit
 * (base null), also when it replaces a price that had one.
 */
function priceFields(line: OrderLine) {
  return {
    price: line.price?.amount.value ?? null,
    price_currency: line.price?.amount.currencyId ?? null,
    price_base_quantity: line.price?.baseQuantity?.value ?? null,
    price_base_unit_code: line.price?.baseQuantity?.unitCode ?? null,
  };
}

/**
 * Writes a line's delivery schedule, replacing what it had: one row per cac:Delivery of a line
 * with several (each with its own quantity and period, the header's when it has none), else one
 * row with the line's quantity and requested period.
 */
async function replaceSchedule(
  trx: Transaction<Database>,
  row: Pick<
    Insertable<SalesOrderLineTable>,
    | 'order_key'
    | 'line_id'
    | 'quantity'
    | 'unit_code'
    | 'requested_delivery_start_date'
    | 'requested_delivery_end_date'
  >,
  line: OrderLine,
  header: Period | undefined,
): Promise<void> {
  await trx
    .deleteFrom('sales_order_schedule_lines')
    .where('order_key', '=', row.order_key)
    .where('line_id', '=', row.line_id)
    .execute();
  const schedule = (line.deliveries ?? []).map((delivery, index) => {
    const requested = requestedPeriodOf(delivery.requestedPeriod, header);
    return {
      order_key: row.order_key,
      line_id: row.line_id,
      position: index + 1,
      delivery_id: delivery.id ?? null,
      quantity: delivery.quantity?.value ?? null,
      unit_code: delivery.quantity?.unitCode ?? row.unit_code ?? null,
      requested_delivery_start_date: requested?.startDate ?? null,
      requested_delivery_end_date: requested?.endDate ?? null,
    };
  });
  if (schedule.length === 0) {
    schedule.push({
      order_key: row.order_key,
      line_id: row.line_id,
      position: 1,
      delivery_id: null,
      quantity: row.quantity ?? null,
      unit_code: row.unit_code ?? null,
      requested_delivery_start_date: row.requested_delivery_start_date ?? null,
      requested_delivery_end_date: row.requested_delivery_end_date ?? null,
    });
  }
  await trx.insertInto('sales_order_schedule_lines').values(schedule).execute();
}

/**
 * The header's allowances and charges, tax totals and attachment references, and its order type
 * code. An Order writes them; an OrderChange replaces each kind it states and keeps the others.
 */
async function replaceHeaderTerms(
  trx: Transaction<Database>,
  orderKey: string,
  document: OrderDocument | OrderChangeDocument,
): Promise<void> {
  if (document.orderTypeCode !== undefined) {
    await trx
      .updateTable('sales_orders')
      .set({ order_type_code: document.orderTypeCode })
      .where('order_key', '=', orderKey)
      .execute();
  }
  const { allowanceCharges, taxTotals, attachments } = document;
  if (allowanceCharges !== undefined) {
    await trx.deleteFrom('sales_order_allowance_charges').where('order_key', '=', orderKey).execute();
    await trx
      .insertInto('sales_order_allowance_charges')
      .values(
        allowanceCharges.map((charge, index) => ({
          order_key: orderKey,
          position: index + 1,
          charge_indicator: charge.chargeIndicator ? 1 : 0,
          reason_code: charge.reasonCode ?? null,
          reason: charge.reason ?? null,
          multiplier_factor: charge.multiplierFactor ?? null,
          amount: charge.amount.value,
          currency: charge.amount.currencyId ?? null,
          base_amount: charge.baseAmount?.value ?? null,
          tax_category_id: charge.taxCategory?.id ?? null,
          tax_percent: charge.taxCategory?.percent ?? null,
          tax_scheme_id: charge.taxCategory?.taxSchemeId ?? null,
        })),
      )
      .execute();
  }
  if (taxTotals !== undefined) {
    await trx.deleteFrom('sales_order_tax_subtotals').where('order_key', '=', orderKey).execute();
    await trx.deleteFrom('sales_order_tax_totals').where('order_key', '=', orderKey).execute();
    for (const [index, total] of taxTotals.entries()) {
      await trx
        .insertInto('sales_order_tax_totals')
        .values({
          order_key: orderKey,
          position: index + 1,
          tax_amount: total.taxAmount.value,
          currency: total.taxAmount.currencyId ?? null,
        })
        .execute();
      if (total.subtotals.length === 0) continue;
      await trx
        .insertInto('sales_order_tax_subtotals')
        .values(
          total.subtotals.map((subtotal, position) => ({
            order_key: orderKey,
            tax_total_position: index + 1,
            position: position + 1,
            taxable_amount: subtotal.taxableAmount?.value ?? null,
            tax_amount: subtotal.taxAmount.value,
            currency: subtotal.taxAmount.currencyId ?? null,
            percent: subtotal.percent ?? null,
            tax_category_id: subtotal.category?.id ?? null,
            tax_category_percent: subtotal.category?.percent ?? null,
            tax_scheme_id: subtotal.category?.taxSchemeId ?? null,
          })),
        )
        .execute();
    }
  }
  if (attachments !== undefined) {
    await trx.deleteFrom('sales_order_attachments').where('order_key', '=', orderKey).execute();
    await trx
      .insertInto('sales_order_attachments')
      .values(
        attachments.map((attachment, index) => ({
          order_key: orderKey,
          position: index + 1,
          document_id: attachment.id ?? null,
          document_type_code: attachment.documentTypeCode ?? null,
          document_type: attachment.documentType ?? null,
          description: attachment.description ?? null,
          external_uri: attachment.externalUri ?? null,
          file_name: attachment.fileName ?? null,
          mime_code: attachment.mimeCode ?? null,
          embedded: attachment.embedded === true ? 1 : 0,
        })),
      )
      .execute();
  }
}

/** The document's header notes, kept under the archived message they came from. */
async function addNotes(
  trx: Transaction<Database>,
  orderKey: string,
  documentSha256: string,
  document: OrderDocument | OrderChangeDocument,
  now: string,
): Promise<void> {
  if (document.notes.length === 0) return;
  await trx
    .insertInto('sales_order_notes')
    .values(
      document.notes.map((note, index) => ({
        order_key: orderKey,
        document_sha256: documentSha256,
        position: index + 1,
        document_kind: document.kind,
        note,
        added_at: now,
      })),
    )
    .execute();
}

/** What an OrderChange line changes on an existing line: only what the change states (its status: the rules'). */
function changedLineFields(line: OrderLine, header: Period | undefined): Updateable<SalesOrderLineTable> {
  const fields: Updateable<SalesOrderLineTable> = {};
  if (line.quantity !== undefined) {
    fields.quantity = line.quantity.value;
    if (line.quantity.unitCode !== undefined) fields.unit_code = line.quantity.unitCode;
  }
  if (line.price !== undefined) {
    const price = priceFields(line);
    fields.price = price.price;
    fields.price_base_quantity = price.price_base_quantity;
    fields.price_base_unit_code = price.price_base_unit_code;
    if (price.price_currency !== null) fields.price_currency = price.price_currency;
  }
  if (line.lineAmount !== undefined) fields.line_amount = line.lineAmount.value;
  // The line's own period, else the header period the change states; neither: the line keeps its own.
  const requested = requestedPeriodOf(line.requestedDelivery, header);
  if (requested !== undefined) {
    fields.requested_delivery_date = periodDate(requested) ?? null;
    fields.requested_delivery_start_date = requested.startDate ?? null;
    fields.requested_delivery_end_date = requested.endDate ?? null;
  }
  return fields;
}

/** The order and its lines as the status rules see them. */
function salesOrderState(order: SalesOrderRow, lines: Map<string, SalesOrderLineRow>): SalesOrderState {
  return {
    orderKey: order.order_key,
    // The ERP writes only statuses the rules decided.
    status: order.status as SalesOrderStatus,
    cancelledAt: order.cancelled_at,
    lines: [...lines.values()].map((line) => ({
      lineId: line.line_id,
      status: line.status as LineStatus,
      cancelledAt: line.cancelled_at,
      quantity: line.quantity,
      confirmation: line.confirmation,
      confirmedQuantity: line.confirmed_quantity,
      deliveredQuantity: line.delivered_quantity,
    })),
  };
}

function decidedLine(order: SalesOrderState, lineId: string): SalesOrderLineState {
  const line = order.lines.find((decided) => decided.lineId === lineId);
  if (line === undefined) {
    throw new Error(`The status rules lost line ${lineId} of sales order ${order.orderKey}`);
  }
  return line;
}

/**
 * Writes what the status rules decided: on each line the ERP had, the columns they changed
 * (with what the document itself sets on it, `documentFields`), then the order's status.
 */
async function writeDecided(
  ctx: WriteContext,
  after: SalesOrderState,
  documentFields = new Map<string, Updateable<SalesOrderLineTable>>(),
): Promise<void> {
  for (const line of after.lines) {
    const row = ctx.lines.get(line.lineId);
    // A line the write added was inserted whole, with its decided status.
    if (row === undefined) continue;
    await updateLine(ctx, row, { ...documentFields.get(line.lineId), ...decidedColumns(row, line) });
  }
  await ctx.trx
    .updateTable('sales_orders')
    .set({ status: after.status, cancelled_at: after.cancelledAt, updated_at: ctx.now })
    .where('order_key', '=', ctx.order.order_key)
    .execute();
}

/** The columns of a line that the status rules decide, where they differ from the stored row. */
function decidedColumns(row: SalesOrderLineRow, line: SalesOrderLineState): Updateable<SalesOrderLineTable> {
  const columns: Updateable<SalesOrderLineTable> = {};
  if (row.status !== line.status) columns.status = line.status;
  if (row.cancelled_at !== line.cancelledAt) columns.cancelled_at = line.cancelledAt;
  if (row.confirmation !== line.confirmation) columns.confirmation = line.confirmation;
  if (row.confirmed_quantity !== line.confirmedQuantity) columns.confirmed_quantity = line.confirmedQuantity;
  if (row.delivered_quantity !== line.deliveredQuantity) columns.delivered_quantity = line.deliveredQuantity;
  return columns;
}

/** The requested period of a document's header (its first cac:Delivery), when it names a date. */
function headerPeriod(document: OrderDocument | OrderChangeDocument): Period | undefined {
  return requestedPeriodOf(document.delivery?.requestedPeriod, undefined);
}

/** A period from stored columns. */
function compactPeriod(startDate: string | null, endDate: string | null): Period | undefined {
  if (startDate === null && endDate === null) return undefined;
  return { ...(startDate === null ? {} : { startDate }), ...(endDate === null ? {} : { endDate }) };
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
