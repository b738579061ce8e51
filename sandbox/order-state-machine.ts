import Big from 'big.js';
import type { ConfirmedLine } from './order-response-check';
import { sameTerms } from './order-response-check';
import type { SandboxOrderLine, SandboxOrderState, SandboxLineTerms } from './types';

/**
 * The order status machine of the seed (section 6): transitions on supplier documents and
 * customer actions. Functions mutate the order they are given and throw OrderTransitionError
 * when the order's status does not allow the step.
 */

export class OrderTransitionError extends Error {}

const active = (line: SandboxOrderLine) => line.status !== 'Cancelled';

function assertNotCancelled(order: SandboxOrderState): void {
  if (order.status === 'Cancelled') throw new OrderTransitionError('Order is cancelled.');
}

/** Order status from its lines once the supplier has answered. */
function settleConfirmation(order: SandboxOrderState): void {
  const lines = order.lines.filter(active);
  for (const line of lines) {
    if (line.status === 'Delivered') continue;
    line.status = sameTerms(line.requested, line.confirmed) ? 'Confirmed' : 'Waiting for customer action';
  }
  if (lines.length === 0) order.status = 'Cancelled';
  else if (lines.every((line) => line.status === 'Delivered')) order.status = 'Delivered';
  else if (lines.every((line) => line.status === 'Confirmed' || line.status === 'Delivered'))
    order.status = 'Confirmed';
  else order.status = 'Waiting for customer action';
}

/** OrderResponse accepted: the supplier's terms become the confirmed (or proposed) terms. */
export function applyOrderResponse(order: SandboxOrderState, lines: ConfirmedLine[]): void {
  assertNotCancelled(order);
  for (const confirmed of lines) {
    const line = order.lines.find((l) => l.lineId === confirmed.lineId);
    if (line === undefined || !active(line)) continue;
    line.confirmed = {
      quantity: confirmed.quantity,
      price: confirmed.price,
      deliveryDate: confirmed.deliveryDate ?? line.requested.deliveryDate,
    };
  }
  settleConfirmation(order);
}

/** Simple confirmation (Jakamo-Confirm-Url): every open line confirmed as requested. */
export function confirmAsRequested(order: SandboxOrderState): void {
  assertNotCancelled(order);
  for (const line of order.lines.filter(active)) line.confirmed = { ...line.requested };
  settleConfirmation(order);
}

export interface CustomerLineChange {
  lineId: string;
  quantity?: string;
  price?: string;
  deliveryDate?: string;
  /** Cancel the line (LineStatusCode "Cancelled" unless `lineStatusCode` says otherwise). */
  cancel?: boolean;
  /**
   * cbc:LineStatusCode to put on this line in the queued OrderChange, verbatim (for example the
   * UN/CEFACT 1229 code "2", Deleted). "Cancelled" or "2" cancels the line.
   */
  lineStatusCode?: string;
  /** For a new line. */
  itemName?: string;
  sellersItemId?: string;
  unitCode?: string;
}

/** UN/CEFACT 1229 (action code) "Deleted": some buyers cancel a line with LineStatusCode 2. */
const deletedActionCode = '2';

/** Whether a LineStatusCode cancels the line: Jakamo's "Cancelled", or the UN/CEFACT code "2". */
export function isCancellingLineStatusCode(code: string | undefined): boolean {
  const normalised = code?.trim().toLowerCase();
  return normalised === 'cancelled' || normalised === deletedActionCode;
}

/** Customer OrderChange: new requested terms; quantity 0, cancel or a cancelling LineStatusCode → the line is cancelled. */
export function applyCustomerChange(order: SandboxOrderState, changes: CustomerLineChange[]): void {
  assertNotCancelled(order);
  if (changes.length === 0) throw new OrderTransitionError('An order change needs at least one line.');
  for (const change of changes) {
    let line = order.lines.find((l) => l.lineId === change.lineId);
    if (line === undefined) {
      if (change.quantity === undefined || change.price === undefined || change.deliveryDate === undefined) {
        throw new OrderTransitionError(`New line ${change.lineId} needs quantity, price and deliveryDate.`);
      }
      line = {
        lineId: change.lineId,
        itemName: change.itemName ?? `Item ${change.lineId}`,
        sellersItemId: change.sellersItemId ?? `ITEM-${change.lineId}`,
        unitCode: change.unitCode ?? 'EA',
        requested: { quantity: change.quantity, price: change.price, deliveryDate: change.deliveryDate },
        status: 'Waiting for supplier confirmation',
      };
      order.lines.push(line);
    }
    if (!active(line)) continue;
    line.requested = {
      quantity: change.quantity ?? line.requested.quantity,
      price: change.price ?? line.requested.price,
      deliveryDate: change.deliveryDate ?? line.requested.deliveryDate,
    };
    const cancelled =
      change.cancel === true ||
      isCancellingLineStatusCode(change.lineStatusCode) ||
      new Big(line.requested.quantity).eq(0);
    if (cancelled) line.status = 'Cancelled';
    else if (line.status !== 'Delivered') line.status = 'Waiting for supplier confirmation';
  }
  order.sequenceNumber += 1;
  if (!order.lines.some(active)) order.status = 'Cancelled';
  else order.status = 'Waiting for supplier confirmation';
}

/** StatusMessage "Cancelled" from the customer: the whole order. */
export function cancelOrder(order: SandboxOrderState): void {
  assertNotCancelled(order);
  for (const line of order.lines) if (line.status !== 'Delivered') line.status = 'Cancelled';
  order.status = 'Cancelled';
}

function assertProposal(order: SandboxOrderState): void {
  if (order.status !== 'Waiting for customer action') {
    throw new OrderTransitionError(`Order is "${order.status}", not "Waiting for customer action".`);
  }
}

/** The customer accepts the supplier's proposal: the proposal becomes the request → Confirmed. */
export function acceptProposal(order: SandboxOrderState): void {
  assertProposal(order);
  for (const line of order.lines.filter(active)) {
    if (line.confirmed !== undefined) line.requested = { ...line.confirmed };
  }
  order.sequenceNumber += 1;
  settleConfirmation(order);
}

/** The customer rejects the proposal: the request stands, the supplier has to confirm again. */
export function rejectProposal(order: SandboxOrderState): void {
  assertProposal(order);
  for (const line of order.lines.filter(active)) {
    if (line.status !== 'Delivered') line.status = 'Waiting for supplier confirmation';
  }
  order.sequenceNumber += 1;
  order.status = 'Waiting for supplier confirmation';
}

/** Supplier "Delivered" StatusMessage: for the listed lines, or the whole order when none are listed. */
export function markDelivered(order: SandboxOrderState, lineIds: string[], at: string): void {
  assertNotCancelled(order);
  const unknown = lineIds.filter((id) => !order.lines.some((line) => line.lineId === id));
  if (unknown.length > 0) throw new OrderTransitionError(`Unknown order line: ${unknown.join(', ')}`);
  const targets =
    lineIds.length === 0 ? order.lines.filter(active) : order.lines.filter((l) => lineIds.includes(l.lineId));
  for (const line of targets) {
    if (!active(line)) throw new OrderTransitionError(`Order line ${line.lineId} is cancelled.`);
    const terms: SandboxLineTerms = line.confirmed ?? line.requested;
    line.delivered = { quantity: terms.quantity, deliveredAt: at };
    line.status = 'Delivered';
  }
  if (order.lines.filter(active).every((line) => line.status === 'Delivered')) order.status = 'Delivered';
}
