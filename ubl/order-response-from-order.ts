import Big from 'big.js';
import { decimal } from '../domain/decimal';
import type {
  Amount,
  OrderChangeDocument,
  OrderDocument,
  OrderLine,
  OrderResponseDocument,
  OrderResponseLine,
  Period,
  Price,
  Quantity,
} from '../domain/documents';
import { requireDecimal } from './decimal';
import { UblDocumentError } from './errors';

/** The supplier's answer for one line; anything left out is confirmed as requested. */
export interface LineDecision {
  quantity?: Quantity;
  price?: Price;
  promisedDelivery?: Period;
  notes?: string[];
  lineStatusCode?: string;
}

export interface ResponseFromOrderOptions {
  responseId: string;
  issueDate: string;
  issueTime?: string;
  /** The ERP user id Jakamo's user mapping knows (SellerContact/ID). */
  sellerContactId: string;
  /** The id Jakamo's company mapping knows; defaults to the order's buyer id. */
  buyerPartyId?: string;
  notes?: string[];
  /** Per customer line id; lines without a decision are confirmed as requested. */
  lines?: Readonly<Record<string, LineDecision>>;
}

/** UNCL 4343: AP = accepted as requested, CA = accepted with the supplier's changes. */
export const ResponseCode = { Accepted: 'AP', ConditionallyAccepted: 'CA' } as const;

function sameQuantity(a: Quantity | undefined, b: Quantity | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return decimal(a.value).eq(decimal(b.value)) && a.unitCode === b.unitCode;
}

function samePrice(a: Price | undefined, b: Price | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    decimal(a.amount.value).eq(decimal(b.amount.value)) &&
    a.amount.currencyId === b.amount.currencyId &&
    sameQuantity(a.baseQuantity, b.baseQuantity)
  );
}

function samePeriod(a: Period | undefined, b: Period | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

/** quantity × price ÷ base quantity, exactly (big.js), in the price's currency. */
export function lineAmountOf(quantity: Quantity, price: Price): Amount {
  const base = price.baseQuantity ? decimal(price.baseQuantity.value) : new Big(1);
  const value = base.eq(0)
    ? new Big(0)
    : decimal(quantity.value).times(decimal(price.amount.value)).div(base);
  const amount: Amount = { value: value.toFixed() };
  if (price.amount.currencyId !== undefined) amount.currencyId = price.amount.currencyId;
  return amount;
}

/**
 * Derives the OrderResponse for an order: every line confirmed as requested unless `options.lines`
 * proposes another quantity, price or promised delivery. The response code says which (AP / CA).
 */
export function orderResponseFromOrder(
  order: OrderDocument | OrderChangeDocument,
  options: ResponseFromOrderOptions,
): OrderResponseDocument {
  let changed = false;
  const lines = order.lines.map((line: OrderLine): OrderResponseLine => {
    const decision = options.lines?.[line.lineId] ?? {};
    const quantity = decision.quantity ?? line.quantity;
    const price = decision.price ?? line.price;
    if (quantity === undefined || price === undefined) {
      throw new UblDocumentError(
        'missing-element',
        `Order ${order.orderNumber} line ${line.lineId} has no ${quantity === undefined ? 'quantity' : 'price'} ` +
          'to confirm: give one in the line decision',
        `OrderLine[ID=${line.lineId}]`,
      );
    }
    const where = `OrderLine[ID=${line.lineId}]`;
    requireDecimal(quantity.value, `${where}/Quantity`);
    requireDecimal(price.amount.value, `${where}/Price/PriceAmount`);
    if (price.baseQuantity) requireDecimal(price.baseQuantity.value, `${where}/Price/BaseQuantity`);
    const requestedDelivery = line.requestedDelivery ?? order.delivery?.requestedPeriod;
    const promisedDelivery = decision.promisedDelivery ?? requestedDelivery;
    if (
      !sameQuantity(quantity, line.quantity) ||
      !samePrice(price, line.price) ||
      !samePeriod(promisedDelivery, requestedDelivery)
    ) {
      changed = true;
    }
    const result: OrderResponseLine = {
      lineId: line.lineId,
      quantity,
      price,
      lineAmount: lineAmountOf(quantity, price),
      item: line.item,
      notes: decision.notes ?? [],
    };
    if (promisedDelivery !== undefined) result.promisedDelivery = promisedDelivery;
    if (decision.lineStatusCode !== undefined) result.lineStatusCode = decision.lineStatusCode;
    return result;
  });
  const response: OrderResponseDocument = {
    kind: 'OrderResponse',
    responseId: options.responseId,
    orderNumber: order.orderNumber,
    issueDate: options.issueDate,
    responseCode: changed ? ResponseCode.ConditionallyAccepted : ResponseCode.Accepted,
    notes: options.notes ?? [],
    sellerContactId: options.sellerContactId,
    lines,
  };
  if (options.issueTime !== undefined) response.issueTime = options.issueTime;
  if (order.currency !== undefined) response.currency = order.currency;
  const buyerPartyId = options.buyerPartyId ?? order.buyer.id;
  if (buyerPartyId !== undefined) response.buyerPartyId = buyerPartyId;
  if (order.seller.id !== undefined) response.sellerPartyId = order.seller.id;
  if (order.seller.name !== undefined) response.sellerName = order.seller.name;
  if (order.buyer.name !== undefined) response.buyerName = order.buyer.name;
  return response;
}
