import Big from 'big.js';
import { decimal, isPlainDecimal } from '../../domain/decimal';
import type { DecimalString } from '../../domain/documents';
import { LineStatus } from '../../domain/line-status';
import { cancelsLine } from '../../domain/line-status-codes';
import type { MessageLine } from '../../domain/order-message';
import type { OrderLineState, OrderLineTerms } from './state';

/** Pure helpers about order lines: exact decimals (big.js), never binary floating point. */

export function sameDecimal(a: DecimalString | undefined, b: DecimalString | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return decimal(a).eq(decimal(b));
}

/** Equal as Jakamo compares confirmed and requested: quantity, price and delivery date. */
export function sameTerms(a: OrderLineTerms | undefined, b: OrderLineTerms | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    sameDecimal(a.quantity, b.quantity) && sameDecimal(a.price, b.price) && a.deliveryDate === b.deliveryDate
  );
}

export function termsOf(line: MessageLine): OrderLineTerms {
  return {
    quantity: line.quantity,
    unitCode: line.unitCode,
    price: line.price,
    currency: line.currency,
    deliveryDate: line.deliveryDate,
  };
}

/** Quantity 0 or a cancelling LineStatusCode (`Cancelled`, `2`). */
export function isCancelledInMessage(line: MessageLine): boolean {
  if (cancelsLine(line.lineStatusCode)) return true;
  return line.quantity !== undefined && decimal(line.quantity).eq(0);
}

export function newLine(line: MessageLine): OrderLineState {
  return {
    lineId: line.lineId,
    itemName: line.itemName,
    requested: termsOf(line),
    confirmed: undefined,
    delivered: '0',
    status: isCancelledInMessage(line) ? LineStatus.Cancelled : LineStatus.Open,
  };
}

export const isCancelled = (line: OrderLineState): boolean => line.status === LineStatus.Cancelled;
export const isOpenLine = (line: OrderLineState): boolean => !isCancelled(line);

/**
 * A line may be delivered against its confirmation: confirmed and not changed since (an `Open`
 * line with old confirmed terms waits for its new confirmation), not proposed, not cancelled.
 */
export function isDeliverable(line: OrderLineState): boolean {
  const current = line.status === LineStatus.Confirmed || line.status === LineStatus.PartiallyDelivered;
  return current && line.confirmed?.quantity !== undefined;
}

/** Confirmed quantity not yet delivered ("0" when the line cannot be delivered now). */
export function outstandingQuantity(line: OrderLineState): Big {
  if (!isDeliverable(line) || line.confirmed?.quantity === undefined) return new Big(0);
  const left = decimal(line.confirmed.quantity).minus(line.delivered);
  return left.lt(0) ? new Big(0) : left;
}

/** Whether the line's confirmed quantity has been delivered in full. */
export function fullyDelivered(line: OrderLineState): boolean {
  return (
    line.confirmed?.quantity !== undefined &&
    decimal(line.delivered).gte(decimal(line.confirmed.quantity)) &&
    decimal(line.delivered).gt(0)
  );
}

/** A quantity or price as the ERP writes it ("12.50"): the domain's plain decimal. */
export function isDecimalText(text: string): boolean {
  return isPlainDecimal(text);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
