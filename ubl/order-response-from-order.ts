import Big from 'big.js';
import { decimal } from '../domain/decimal';
import {
  requestedPeriodOf,
  type Amount,
  type OrderChangeDocument,
  type OrderDocument,
  type OrderLine,
  type OrderResponseDocument,
  type OrderResponseLine,
  type Party,
  type Period,
  type Price,
  type Quantity,
} from '../domain/documents';
import { requireDecimal } from './decimal';
import { compact } from './ubl-read';
import { UblDocumentError } from './errors';

/** The supplier's answer for one line; anything left out is confirmed as requested. */
export interface LineDecision {
  quantity?: Quantity;
  price?: Price;
  promisedDelivery?: Period;
  notes?: string[];
  /** cbc:LineStatusCode of the line; the order workflow gives `3` (UN/CEFACT 1229 "changed") to a changed line. */
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
 * proposes another quantity, price or promised delivery. The response code says which (AP / CA);
 * a line's LineStatusCode is its decision's. Every line carries an OrderLineReference to the
 * customer's line, and the parties keep the order's scheme ids and endpoint ids.
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
    const requestedDelivery = requestedPeriodOf(line.requestedDelivery, order.delivery?.requestedPeriod);
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
      orderLineReference: line.lineId,
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
  const buyer = partyIds(order.buyer, options.buyerPartyId ?? order.buyer.id);
  const seller = partyIds(order.seller, order.seller.id);
  return compact<OrderResponseDocument>({
    kind: 'OrderResponse',
    responseId: options.responseId,
    orderNumber: order.orderNumber,
    issueDate: options.issueDate,
    issueTime: options.issueTime,
    responseCode: changed ? ResponseCode.ConditionallyAccepted : ResponseCode.Accepted,
    currency: order.currency,
    notes: options.notes ?? [],
    sellerContactId: options.sellerContactId,
    sellerPartyId: seller.id,
    sellerPartyIdSchemeId: seller.idSchemeId,
    sellerEndpointId: seller.endpointId,
    sellerEndpointSchemeId: seller.endpointSchemeId,
    sellerName: order.seller.name,
    buyerPartyId: buyer.id,
    buyerPartyIdSchemeId: buyer.idSchemeId,
    buyerEndpointId: buyer.endpointId,
    buyerEndpointSchemeId: buyer.endpointSchemeId,
    buyerName: order.buyer.name,
    lines,
  });
}

/**
 * The ids a response party carries: the PartyIdentification/ID written (with the order's schemeID
 * only when it is that same id, read from PartyIdentification) and the order's EndpointID.
 */
function partyIds(party: Party, id: string | undefined) {
  const sameId = id !== undefined && id === party.id && party.idSource === 'PartyIdentification';
  return {
    id,
    idSchemeId: sameId ? party.idSchemeId : undefined,
    endpointId: party.endpointId,
    endpointSchemeId: party.endpointId === undefined ? undefined : party.endpointSchemeId,
  };
}
