import { attributeOf, children, parseXmlDocument, pick, textAt } from './xml-reader';
import type { GeneratedLine } from './generated-order';

/** Reads a customer-supplied UBL Order (control API "place this XML") into the order's state. */

export interface ImportedOrder {
  orderNumber: string;
  issueDate: string;
  currency: string;
  buyerPartyId: string;
  lines: GeneratedLine[];
}

export function readCustomerOrder(xml: string): ImportedOrder {
  const { rootName, root } = parseXmlDocument(xml);
  if (rootName !== 'Order') throw new Error(`expected a UBL Order, got <${rootName}>`);
  const orderNumber = textAt(root, 'ID');
  const buyerPartyId = textAt(root, 'BuyerCustomerParty', 'Party', 'PartyIdentification', 'ID');
  if (orderNumber === undefined) throw new Error('Order has no cbc:ID');
  if (buyerPartyId === undefined)
    throw new Error('Order has no BuyerCustomerParty/Party/PartyIdentification/ID');
  const issueDate = textAt(root, 'IssueDate') ?? new Date().toISOString().slice(0, 10);
  const lines = children(root, 'OrderLine').map((orderLine, index): GeneratedLine => {
    const item = pick(orderLine, 'LineItem');
    const quantity = pick(item, 'Quantity');
    const period = pick(item, 'Delivery', 'RequestedDeliveryPeriod');
    return {
      lineId: textAt(item, 'ID') ?? String(index + 1),
      itemName: textAt(item, 'Item', 'Name') ?? '',
      sellersItemId: textAt(item, 'Item', 'SellersItemIdentification', 'ID') ?? '',
      unitCode: attributeOf(quantity, 'unitCode') ?? 'EA',
      terms: {
        quantity: textAt(quantity) ?? '0',
        price: textAt(item, 'Price', 'PriceAmount') ?? '0',
        deliveryDate:
          textAt(period, 'EndDate') ??
          textAt(period, 'StartDate') ??
          textAt(item, 'Delivery', 'RequestedDeliveryDate') ??
          issueDate,
      },
    };
  });
  if (lines.length === 0) throw new Error('Order has no OrderLine');
  return {
    orderNumber,
    issueDate,
    currency: textAt(root, 'DocumentCurrencyCode') ?? 'EUR',
    buyerPartyId,
    lines,
  };
}
