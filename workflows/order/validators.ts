import Big from 'big.js';
import { LineStatus } from '../../domain/line-status';
import { OrderStatus } from '../../domain/order-status';
import { isDecimalText, isDeliverable, isIsoDate, isOpenLine, outstandingQuantity } from './lines';
import type { ConfirmRequest, DeliverRequest } from './messages';
import type { OrderLineState, OrderState } from './state';

/**
 * Synchronous validators of the ERP's and the operator's updates: they refuse bad input before
 * it reaches the workflow's history, with a reason the caller can act on. They return the
 * reason, or undefined when the update may go ahead; the workflow throws it from the validator
 * and `decide` checks again when the update's turn comes (another update may have come first).
 */

const closed: ReadonlySet<OrderStatus> = new Set([OrderStatus.Cancelled, OrderStatus.Completed]);

export function refuseConfirm(state: OrderState, request: ConfirmRequest): string | undefined {
  const order = `Order ${state.orderKey}`;
  if (closed.has(state.status)) return `${order} is ${state.status}: it cannot be confirmed`;
  if (state.status === OrderStatus.Delivered)
    return `${order} is Delivered: there is nothing left to confirm`;
  if (state.erpImport === undefined || state.lines.length === 0) {
    return `${order} has not been imported yet (status ${state.status}): confirm it once it is in the ERP`;
  }
  if (!state.lines.some((line) => isOpenLine(line) && line.status !== LineStatus.Delivered)) {
    return `${order} has no line left to confirm (every line is cancelled or delivered)`;
  }
  if (request === null || typeof request !== 'object')
    return 'the confirmation must be an object { lines?, note?, sellerContactId? }';
  if (request.note !== undefined && typeof request.note !== 'string') return 'note must be text';
  if (
    request.sellerContactId !== undefined &&
    (typeof request.sellerContactId !== 'string' || request.sellerContactId.trim() === '')
  ) {
    return "sellerContactId must be a non-empty text (the ERP user id Jakamo's user mapping knows)";
  }
  if (request.lines === undefined) return undefined;
  if (!Array.isArray(request.lines))
    return 'lines must be a list of { lineId, quantity?, price?, deliveryDate? }';
  return firstRefusal(state, request.lines, 'confirmed', (line) => {
    for (const field of ['quantity', 'price'] as const) {
      const value = line[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !isDecimalText(value)) {
        return `line ${line.lineId}: ${field} must be a non-negative decimal written as text, such as "12.50" (got ${JSON.stringify(value)})`;
      }
    }
    if (line.quantity !== undefined && new Big(line.quantity).eq(0)) {
      return `line ${line.lineId}: a confirmed quantity of 0 is not a confirmation; the customer cancels lines`;
    }
    if (
      line.deliveryDate !== undefined &&
      (typeof line.deliveryDate !== 'string' || !isIsoDate(line.deliveryDate))
    ) {
      return `line ${line.lineId}: deliveryDate must be a date YYYY-MM-DD (got ${JSON.stringify(line.deliveryDate)})`;
    }
    return undefined;
  });
}

export function refuseDeliver(state: OrderState, request: DeliverRequest): string | undefined {
  const order = `Order ${state.orderKey}`;
  if (closed.has(state.status)) return `${order} is ${state.status}: nothing can be delivered`;
  if (request === null || typeof request !== 'object')
    return 'the delivery must be an object { lines?, note? }';
  if (request.note !== undefined && typeof request.note !== 'string') return 'note must be text';
  const open = state.lines.filter(isOpenLine);
  if (
    request.lines === undefined &&
    open.length > 0 &&
    open.every((line) => line.status === LineStatus.Delivered)
  ) {
    return `${order} has nothing outstanding to deliver`;
  }
  const confirmedLines = state.lines.filter(
    (line) => isDeliverable(line) || line.status === LineStatus.Delivered,
  );
  if (confirmedLines.length === 0) {
    return `${order} is not confirmed yet (status ${state.status}): deliver after it has been confirmed`;
  }
  if (request.lines === undefined) {
    const anything = confirmedLines.some((line) => outstandingQuantity(line).gt(0));
    return anything ? undefined : `${order} has nothing outstanding to deliver`;
  }
  if (!Array.isArray(request.lines) || request.lines.length === 0) {
    return 'lines must be a non-empty list of { lineId, quantity } (or leave it out to deliver everything outstanding)';
  }
  return firstRefusal(state, request.lines, 'delivered', (line, known) => {
    if (known.status === LineStatus.Delivered) {
      return `line ${line.lineId} has nothing outstanding (delivered ${known.delivered})`;
    }
    if (!isDeliverable(known)) {
      return `line ${line.lineId} is not confirmed (${known.status}${known.status === LineStatus.Open ? ': changed since its last confirmation' : ''}): deliver after it has been confirmed`;
    }
    if (typeof line.quantity !== 'string' || !isDecimalText(line.quantity)) {
      return `line ${line.lineId}: quantity must be a positive decimal written as text, such as "5" (got ${JSON.stringify(line.quantity)})`;
    }
    if (new Big(line.quantity).lte(0)) return `line ${line.lineId}: quantity must be more than 0`;
    const outstanding = outstandingQuantity(known);
    if (outstanding.eq(0))
      return `line ${line.lineId} has nothing outstanding (delivered ${known.delivered})`;
    if (new Big(line.quantity).gt(outstanding)) {
      return `line ${line.lineId}: ${line.quantity} is more than the ${outstanding.toFixed()} confirmed and not yet delivered`;
    }
    return undefined;
  });
}

/**
 * The checks every line of an update shares (a known, open line, named once), then `check`;
 * the first reason to refuse, or undefined.
 */
function firstRefusal<L extends { lineId: string }>(
  state: OrderState,
  lines: readonly L[],
  verb: 'confirmed' | 'delivered',
  check: (line: L, known: OrderLineState) => string | undefined,
): string | undefined {
  const seen = new Set<string>();
  for (const line of lines) {
    if (line === null || typeof line !== 'object' || typeof line.lineId !== 'string')
      return 'every line needs a lineId';
    const known = state.lines.find((candidate) => candidate.lineId === line.lineId);
    if (known === undefined) {
      return `Order ${state.orderKey} has no line ${line.lineId} (lines: ${state.lines.map((l) => l.lineId).join(', ')})`;
    }
    if (seen.has(line.lineId)) return `line ${line.lineId} is listed twice`;
    seen.add(line.lineId);
    if (known.status === LineStatus.Cancelled)
      return `line ${line.lineId} is cancelled: it cannot be ${verb}`;
    const refused = check(line, known);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

export function refuseRetry(state: OrderState): string | undefined {
  const attention = state.attention;
  if (attention === undefined) {
    return `Order ${state.orderKey} does not need attention (status ${state.status}): nothing to retry`;
  }
  if (!attention.retryable) {
    return `Order ${state.orderKey} needs attention (${attention.errorType}) that a retry cannot fix: ${attention.advice}`;
  }
  return undefined;
}

export function refuseResolve(state: OrderState): string | undefined {
  if (state.attention === undefined) {
    return `Order ${state.orderKey} does not need attention (status ${state.status}): nothing to resolve`;
  }
  return undefined;
}
