import Big from 'big.js';
import { JakamoMessages } from './jakamo-responses';
import { findCompanyByIdentifier, findUserMapping, type SandboxMappings } from './mappings';
import type { SandboxLineTerms, SandboxOrderState } from './types';
import { children, parseXmlDocument, pick, textAt, type XmlValue } from './xml-reader';

/**
 * POST /api/orderresponse checks, in the order the issue fixes, each answering with the exact
 * body of the seed's response table. Authentication is checked by the route before this.
 */

export interface ConfirmedLine {
  lineId: string;
  /** Terms the supplier confirms; deliveryDate undefined = the requested date is kept. */
  quantity: string;
  price: string;
  deliveryDate?: string;
}

export type OrderResponseCheck =
  | { ok: true; order: SandboxOrderState; sellerContactId: string; note?: string; lines: ConfirmedLine[] }
  | { ok: false; httpStatus: 400 | 500; message: string; order?: SandboxOrderState };

const reject = (httpStatus: 400 | 500, message: string, order?: SandboxOrderState): OrderResponseCheck => ({
  ok: false,
  httpStatus,
  message,
  order,
});

function isDecimal(text: string | undefined): text is string {
  if (text === undefined) return false;
  try {
    new Big(text);
    return true;
  } catch {
    return false;
  }
}

/** The supplier's date for a line: promised period first, then requested period, then a plain date. */
function confirmedDate(lineItem: XmlValue | undefined): string | undefined {
  const delivery = pick(lineItem, 'Delivery');
  return (
    textAt(delivery, 'PromisedDeliveryPeriod', 'EndDate') ??
    textAt(delivery, 'PromisedDeliveryPeriod', 'StartDate') ??
    textAt(delivery, 'RequestedDeliveryPeriod', 'EndDate') ??
    textAt(delivery, 'RequestedDeliveryPeriod', 'StartDate') ??
    textAt(delivery, 'ActualDeliveryDate')
  );
}

export function checkOrderResponse(
  xml: string,
  ordersByReference: (reference: string) => SandboxOrderState[],
  mappings: SandboxMappings,
): OrderResponseCheck {
  let document: ReturnType<typeof parseXmlDocument>;
  try {
    document = parseXmlDocument(xml);
  } catch {
    return reject(500, JakamoMessages.generic);
  }
  // The root's local name decides; Jakamo's own C# sample puts the Order-2 namespace on an
  // OrderResponse root, so the namespace is not held against the sender.
  if (document.rootName !== 'OrderResponse') return reject(500, JakamoMessages.generic);
  const root = document.root;

  const reference = textAt(root, 'OrderReference', 'ID');
  const buyerId = textAt(root, 'BuyerCustomerParty', 'Party', 'PartyIdentification', 'ID');
  const orderLines = children(root, 'OrderLine');
  const mandatoryPresent =
    textAt(root, 'ID') !== undefined &&
    textAt(root, 'IssueDate') !== undefined &&
    reference !== undefined &&
    buyerId !== undefined &&
    orderLines.length > 0 &&
    orderLines.every((line) => textAt(line, 'LineItem', 'ID') !== undefined);
  if (!mandatoryPresent || reference === undefined || buyerId === undefined) {
    return reject(400, JakamoMessages.incorrectOrderResponse);
  }

  const candidates = ordersByReference(reference);
  if (candidates.length === 0) return reject(400, JakamoMessages.cannotFindOrder);

  const company = findCompanyByIdentifier(mappings.companyMappings, buyerId);
  if (company === undefined) return reject(400, JakamoMessages.noCustomerMapping);
  // Two customers may use the same order number: the mapped company picks the order.
  const order = candidates.find((o) => o.customerPartyId === company.customerPartyId);
  if (order === undefined) return reject(400, JakamoMessages.cannotFindOrder);

  const sellerContactId = textAt(root, 'SellerSupplierParty', 'SellerContact', 'ID');
  if (
    sellerContactId === undefined ||
    findUserMapping(mappings.userMappings, sellerContactId) === undefined
  ) {
    return reject(400, JakamoMessages.sellerContactMapping, order);
  }

  const lines: ConfirmedLine[] = [];
  for (const orderLine of orderLines) {
    const lineItem = pick(orderLine, 'LineItem');
    const quantity = textAt(lineItem, 'Quantity');
    if (!isDecimal(quantity)) return reject(400, JakamoMessages.lineItemMissingQuantity, order);
    const price = textAt(lineItem, 'Price', 'PriceAmount');
    if (!isDecimal(price)) return reject(400, JakamoMessages.priceAmountRequired, order);
    lines.push({
      lineId: textAt(lineItem, 'ID') ?? '',
      quantity,
      price,
      deliveryDate: confirmedDate(lineItem),
    });
  }
  return { ok: true, order, sellerContactId, note: textAt(root, 'Note'), lines };
}

/** Equal as Jakamo compares them: numerically for quantity and price, exactly for the date. */
export function sameTerms(a: SandboxLineTerms, b: SandboxLineTerms | undefined): boolean {
  if (b === undefined) return false;
  return (
    new Big(a.quantity).eq(b.quantity) && new Big(a.price).eq(b.price) && a.deliveryDate === b.deliveryDate
  );
}
