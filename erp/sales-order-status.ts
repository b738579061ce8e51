import Big from 'big.js';
import type { LineConfirmation, SalesOrderStatus } from '../db/schema';
import type { DecimalString, OrderLine } from '../domain/documents';
import { LineStatus } from '../domain/line-status';
import { isLineCancelled } from '../ubl/line-cancellation';
import { ErpRefusedError } from './erp-adapter';

/*
 * The reference ERP's sales order statuses, as pure rules: given the order and its lines as the
 * ERP holds them and what happens to them, the statuses after. No I/O: the SQL adapter reads the
 * order, asks these rules, and writes what they answer, in one transaction. A write the ERP
 * cannot do is refused here, with `ErpRefusedError`, before anything is written.
 */

/** What the status rules see of a sales order line. */
export interface SalesOrderLineState {
  lineId: string;
  status: LineStatus;
  /** ISO-8601; null while the line is not cancelled. */
  cancelledAt: string | null;
  /** The requested quantity; null when the customer stated none. */
  quantity: DecimalString | null;
  confirmation: LineConfirmation;
  /** The quantity the supplier confirmed or proposed (see `confirmation`). */
  confirmedQuantity: DecimalString | null;
  deliveredQuantity: DecimalString;
}

export interface SalesOrderState {
  orderKey: string;
  status: SalesOrderStatus;
  /** ISO-8601; null while the order is not cancelled. */
  cancelledAt: string | null;
  /** In the order of their positions. */
  lines: SalesOrderLineState[];
}

/** A line as an Order or an OrderChange states it: cancelled by quantity 0 or LineStatusCode, or not. */
export type StatedLine = Pick<OrderLine, 'lineId' | 'quantity' | 'lineStatusCode'>;

/** A line quantity a document names: confirmed, proposed or delivered. */
export interface LineQuantity {
  lineId: string;
  quantity: DecimalString;
}

/** What happens to an imported sales order. */
export type SalesOrderEvent =
  /** An OrderChange: changed quantities, added lines, lines cancelled or stated again. */
  | { kind: 'OrderChanged'; lines: StatedLine[] }
  | { kind: 'LinesCancelled'; documentId: string; lineIds: string[] }
  | { kind: 'OrderCancelled' }
  /** The supplier's terms for some lines: confirmed, or proposed to the customer. */
  | { kind: 'TermsRecorded'; proposal: boolean; lines: LineQuantity[] }
  /** Quantities delivered (none negative); a line named twice adds up. */
  | { kind: 'Delivered'; documentId: string; lines: LineQuantity[] };

/** A sales order as an Order is imported: open, each line open unless the Order already cancels it. */
export function importedSalesOrder(orderKey: string, lines: StatedLine[], now: string): SalesOrderState {
  return { orderKey, status: 'Open', cancelledAt: null, lines: lines.map((line) => newLine(line, now)) };
}

/** The sales order after `event` at `now` (ISO-8601); throws `ErpRefusedError` for what the ERP cannot do. */
export function salesOrderAfter(
  order: SalesOrderState,
  event: SalesOrderEvent,
  now: string,
): SalesOrderState {
  switch (event.kind) {
    case 'OrderChanged':
      return settled(order, changedLines(order, event.lines, now), now);
    case 'LinesCancelled':
      return settled(order, cancelledLines(order, event, now), now);
    case 'OrderCancelled':
      return {
        ...order,
        // Delivered lines stay delivered: the cancellation is of what was still to come.
        lines: order.lines.map((line) =>
          line.status === LineStatus.Delivered || line.status === LineStatus.Cancelled
            ? line
            : { ...line, status: LineStatus.Cancelled, cancelledAt: now },
        ),
        status: 'Cancelled',
        cancelledAt: order.cancelledAt ?? now,
      };
    case 'TermsRecorded':
      return settled(order, linesWithTerms(order, event), now, event.proposal ? undefined : 'Confirmed');
    case 'Delivered':
      return settled(order, deliveredLines(order, event), now);
  }
}

function newLine(line: StatedLine, now: string): SalesOrderLineState {
  const cancelled = isLineCancelled(line);
  return {
    lineId: line.lineId,
    status: cancelled ? LineStatus.Cancelled : LineStatus.Open,
    cancelledAt: cancelled ? now : null,
    quantity: line.quantity?.value ?? null,
    confirmation: 'none',
    confirmedQuantity: null,
    deliveredQuantity: '0',
  };
}

/**
 * Each line of the change is measured against the line as the ERP held it before the change
 * (a line the change names twice gets both rows, the later one last); new lines come after.
 */
function changedLines(order: SalesOrderState, stated: StatedLine[], now: string): SalesOrderLineState[] {
  const before = new Map(order.lines.map((line) => [line.lineId, line]));
  const after = new Map(before);
  for (const line of stated) {
    const existing = before.get(line.lineId);
    if (existing === undefined) {
      after.set(line.lineId, newLine(line, now));
      continue;
    }
    const current = after.get(line.lineId) ?? existing;
    after.set(line.lineId, { ...current, ...restated(order, existing, line, now) });
  }
  return [...after.values()];
}

/** What a change's line changes on an existing line: its quantity when stated, and its status. */
function restated(
  order: SalesOrderState,
  existing: SalesOrderLineState,
  line: StatedLine,
  now: string,
): Partial<SalesOrderLineState> {
  const fields: Partial<SalesOrderLineState> =
    line.quantity === undefined ? {} : { quantity: line.quantity.value };
  const measured = { ...existing, ...fields };
  if (isLineCancelled(line)) {
    if (existing.status === LineStatus.Cancelled) return fields;
    if (existing.status === LineStatus.Delivered) {
      throw new ErpRefusedError(
        `Line ${existing.lineId} of sales order ${order.orderKey} is already delivered and cannot be cancelled by a change: settle it with the customer (return or credit), then apply the change by hand`,
      );
    }
    return { ...fields, status: LineStatus.Cancelled, cancelledAt: now };
  }
  if (existing.status === LineStatus.Cancelled) {
    // The change states the line again, not cancelled: the customer reinstated it.
    return { ...fields, status: deliveryStatus(measured) ?? LineStatus.Open, cancelledAt: null };
  }
  if (line.quantity !== undefined) return { ...fields, status: deliveryStatus(measured) ?? existing.status };
  return fields;
}

function cancelledLines(
  order: SalesOrderState,
  event: Extract<SalesOrderEvent, { kind: 'LinesCancelled' }>,
  now: string,
): SalesOrderLineState[] {
  if (event.lineIds.length === 0) {
    throw new ErpRefusedError(
      `Cancellation ${event.documentId} of sales order ${order.orderKey} names no line: name the lines to cancel, or cancel the whole order`,
    );
  }
  const after = linesById(order);
  for (const lineId of event.lineIds) {
    const line = knownLine(order, after, lineId);
    if (line.status === LineStatus.Cancelled) continue;
    if (line.status === LineStatus.Delivered) {
      throw new ErpRefusedError(
        `Line ${lineId} of sales order ${order.orderKey} is already delivered and cannot be cancelled: settle it with the customer (return or credit), then apply the rest by hand`,
      );
    }
    after.set(lineId, { ...line, status: LineStatus.Cancelled, cancelledAt: now });
  }
  return [...after.values()];
}

/**
 * Records the supplier's terms. A cancelled line keeps its status (the terms are still
 * recorded); a line with deliveries is measured again against its new terms.
 */
function linesWithTerms(
  order: SalesOrderState,
  event: Extract<SalesOrderEvent, { kind: 'TermsRecorded' }>,
): SalesOrderLineState[] {
  const after = linesById(order);
  for (const terms of event.lines) {
    const line = knownLine(order, after, terms.lineId);
    const recorded: SalesOrderLineState = {
      ...line,
      confirmedQuantity: terms.quantity,
      confirmation: event.proposal ? 'proposed' : 'confirmed',
    };
    if (line.status !== LineStatus.Cancelled) {
      recorded.status =
        deliveryStatus(recorded) ?? (event.proposal ? LineStatus.Proposed : LineStatus.Confirmed);
    }
    after.set(terms.lineId, recorded);
  }
  return [...after.values()];
}

function deliveredLines(
  order: SalesOrderState,
  event: Extract<SalesOrderEvent, { kind: 'Delivered' }>,
): SalesOrderLineState[] {
  if (event.lines.length === 0) {
    throw new ErpRefusedError(
      `Delivery ${event.documentId} of sales order ${order.orderKey} names no line: name the delivered lines and quantities`,
    );
  }
  const after = linesById(order);
  for (const { lineId, quantity } of event.lines) {
    const line = knownLine(order, after, lineId);
    if (line.status === LineStatus.Cancelled) {
      throw new ErpRefusedError(
        `Line ${lineId} of sales order ${order.orderKey} is cancelled: a delivery cannot be recorded on it; check delivery ${event.documentId}`,
      );
    }
    const measured = { ...line, deliveredQuantity: new Big(line.deliveredQuantity).plus(quantity).toFixed() };
    after.set(lineId, { ...measured, status: deliveryStatus(measured) ?? line.status });
  }
  return [...after.values()];
}

function linesById(order: SalesOrderState): Map<string, SalesOrderLineState> {
  return new Map(order.lines.map((line) => [line.lineId, line]));
}

function knownLine(
  order: SalesOrderState,
  lines: Map<string, SalesOrderLineState>,
  lineId: string,
): SalesOrderLineState {
  const line = lines.get(lineId);
  if (line === undefined) {
    throw new ErpRefusedError(
      `Sales order ${order.orderKey} has no line ${lineId}: apply the change that adds it first, or correct the line id`,
    );
  }
  return line;
}

/**
 * The delivery status of a line that has deliveries: `Delivered` once the delivered quantity
 * reaches the confirmed quantity (the requested one while unconfirmed), else
 * `PartiallyDelivered`. Undefined when nothing was delivered.
 */
function deliveryStatus(line: SalesOrderLineState): LineStatus | undefined {
  const delivered = new Big(line.deliveredQuantity);
  if (delivered.lte(0)) return undefined;
  const target =
    line.confirmation === 'confirmed' ? (line.confirmedQuantity ?? line.quantity) : line.quantity;
  if (target === null || delivered.gte(target)) return LineStatus.Delivered;
  return LineStatus.PartiallyDelivered;
}

/**
 * The order with its lines after a write, and its status from them: `Cancelled` when every line
 * is cancelled (or the order was cancelled and no line is left open), `Delivered` when every
 * other line is delivered, `PartiallyDelivered` when some are; otherwise `preferred` (a
 * confirmation) or the status it had, reopened if it no longer fits.
 */
function settled(
  order: SalesOrderState,
  lines: SalesOrderLineState[],
  now: string,
  preferred?: SalesOrderStatus,
): SalesOrderState {
  const status = settledStatus(order.status, lines, preferred);
  return { ...order, lines, status, cancelledAt: status === 'Cancelled' ? (order.cancelledAt ?? now) : null };
}

function settledStatus(
  before: SalesOrderStatus,
  lines: SalesOrderLineState[],
  preferred: SalesOrderStatus | undefined,
): SalesOrderStatus {
  const live = lines.filter((line) => line.status !== LineStatus.Cancelled);
  const delivering = live.filter(
    (line) => line.status === LineStatus.Delivered || line.status === LineStatus.PartiallyDelivered,
  );
  const open = live.filter((line) => !isDelivered(line));
  if (lines.length > 0 && live.length === 0) return 'Cancelled';
  // A cancelled order with some lines delivered before the cancellation stays cancelled.
  if (before === 'Cancelled' && open.length === 0) return 'Cancelled';
  if (live.length > 0 && live.every(isDelivered)) return 'Delivered';
  if (delivering.length > 0) return 'PartiallyDelivered';
  if (preferred !== undefined) return preferred;
  if (before === 'Open' || before === 'Confirmed') return before;
  return live.every((line) => line.confirmation === 'confirmed') ? 'Confirmed' : 'Open';
}

function isDelivered(line: SalesOrderLineState): boolean {
  return line.status === LineStatus.Delivered;
}
