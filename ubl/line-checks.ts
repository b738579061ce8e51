import Big from 'big.js';
import { decimal } from '../domain/decimal';
import type { OrderLine, Quantity } from '../domain/documents';
import { UblDocumentError } from './errors';

/**
 * Checks that make an order line something an ERP can take: values that are decimals but not
 * quantities or prices anyone orders (negative, absurdly large, a price per nothing) are the
 * sender's error, refused here with what to correct rather than imported and confirmed back.
 */

/** More digits than this before the decimal point is not a quantity (a quadrillion or more). */
export const MAX_QUANTITY_INTEGER_DIGITS = 15;

/** `line` is the parsed line; `label` says which, e.g. "Order line 2 (ID 2)"; `where` its path. */
export function checkOrderLineValues(line: OrderLine, label: string, where: string): void {
  if (line.quantity !== undefined) checkQuantity(line.quantity, `${label} asks for`, `${where}/Quantity`);
  for (const [index, delivery] of (line.deliveries ?? []).entries()) {
    if (delivery.quantity !== undefined) {
      checkQuantity(
        delivery.quantity,
        `${label}, delivery ${index + 1}, asks for`,
        `${where}/Delivery[${index + 1}]/Quantity`,
      );
    }
  }
  const price = line.price;
  if (price === undefined) return;
  if (decimal(price.amount.value).lt(0)) {
    throw new UblDocumentError(
      'invalid-value',
      `${label} has a negative price, ${withUnit(price.amount.value, price.amount.currencyId)}: a price cannot be ` +
        'negative (a discount is an allowance, not a price); the customer must correct the order',
      `${where}/Price/PriceAmount`,
    );
  }
  const base = price.baseQuantity;
  if (base !== undefined && decimal(base.value).lte(0)) {
    throw new UblDocumentError(
      'invalid-value',
      `${label} has a price per ${withUnit(base.value, base.unitCode)}: the base quantity of a price must be ` +
        'more than 0; the customer must correct the order',
      `${where}/Price/BaseQuantity`,
    );
  }
}

function checkQuantity(quantity: Quantity, prefix: string, where: string): void {
  const value = decimal(quantity.value);
  if (value.lt(0)) {
    throw new UblDocumentError(
      'invalid-value',
      `${prefix} a negative quantity, ${withUnit(quantity.value, quantity.unitCode)}: a line cannot ask for less ` +
        'than nothing; the customer must correct the order',
      where,
    );
  }
  const integerDigits = value.abs().round(0, Big.roundDown).toFixed().replace(/^0$/, '').length;
  if (integerDigits > MAX_QUANTITY_INTEGER_DIGITS) {
    throw new UblDocumentError(
      'invalid-value',
      `${prefix} ${withUnit(quantity.value, quantity.unitCode)}: more than ${MAX_QUANTITY_INTEGER_DIGITS} digits ` +
        'before the decimal point is not a quantity anyone orders (a typing or system error); the customer must correct the order',
      where,
    );
  }
}

function withUnit(value: string, unit: string | undefined): string {
  return unit === undefined ? value : `${value} ${unit}`;
}

/** Line ids are the key Jakamo, the customer and the ERP know a line by: two lines cannot share one. */
export function checkUniqueLineIds(lines: readonly OrderLine[], documentName: string): void {
  const seen = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const first = seen.get(line.lineId);
    if (first !== undefined) {
      throw new UblDocumentError(
        'invalid-value',
        `${documentName} has two lines with ID ${line.lineId} (lines ${first} and ${index + 1}): a line id must be ` +
          'unique in the document, it is the key Jakamo, the customer and the ERP know the line by',
        `${documentName}/OrderLine[${index + 1}]/LineItem/ID`,
      );
    }
    seen.set(line.lineId, index + 1);
  }
}
