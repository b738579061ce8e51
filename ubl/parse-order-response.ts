import type { OrderResponseDocument, OrderResponseLine } from '../domain/documents';
import { UblDocumentError } from './errors';
import { documentNamespace } from './namespaces';
import { describeElement, readXmlDocument, wrongNamespace, type ReadOptions } from './read-document';
import { readAmount, readItem, readNotes, readPeriod, readPrice, readQuantity } from './read-parts';
import { all, attribute, compact, first, text } from './ubl-read';
import type { XmlElement } from './xml-tree';

function required(root: XmlElement, path: string, why: string): string {
  const value = text(root, path);
  if (value === undefined) {
    throw new UblDocumentError(
      'missing-element',
      `OrderResponse has no ${path}: ${why}`,
      `OrderResponse/${path.replace(/c[ab]c:/g, '')}`,
    );
  }
  return value;
}

function readLine(orderLine: XmlElement, position: number): OrderResponseLine {
  const lineItem = first(orderLine, 'cac:LineItem');
  const lineId = text(lineItem, 'cbc:ID');
  const where = `OrderResponse/OrderLine[${position}]/LineItem`;
  const missing = (element: string, why: string) =>
    new UblDocumentError(
      'missing-element',
      `OrderResponse line ${position}${lineId ? ` (ID ${lineId})` : ''} has no ${element}: ${why}`,
      `${where}/${element}`,
    );
  if (lineId === undefined) throw missing('cbc:ID', "the customer's line id is mandatory");
  const quantity = readQuantity(first(lineItem, 'cbc:Quantity'), `${where}/Quantity`);
  if (quantity === undefined) throw missing('cbc:Quantity', 'Jakamo answers "LineItem missing Quantity"');
  const price = readPrice(first(lineItem, 'cac:Price'), `${where}/Price`);
  if (price === undefined)
    throw missing('cac:Price/cbc:PriceAmount', 'Jakamo answers "Price\\PriceAmount is required."');
  return compact({
    lineId,
    orderLineReference: text(orderLine, 'cac:OrderLineReference/cbc:LineID'),
    quantity,
    price,
    promisedDelivery: readPeriod(first(lineItem, 'cac:Delivery/cac:PromisedDeliveryPeriod')),
    lineAmount: readAmount(first(lineItem, 'cbc:LineExtensionAmount'), `${where}/LineExtensionAmount`),
    lineStatusCode: text(lineItem, 'cbc:LineStatusCode'),
    item: readItem(first(lineItem, 'cac:Item')),
    notes: [...readNotes(orderLine), ...readNotes(lineItem)],
  });
}

/**
 * Reads a UBL 2.1 OrderResponse back into the shape `buildOrderResponse` takes, for round-trip
 * checks and for reading responses kept on disk. Strict: the root must be in the OrderResponse-2
 * namespace (Jakamo's C# sample, which declares Order-2, is refused as 'wrong-namespace').
 */
export function parseOrderResponse(xml: string | Buffer, options: ReadOptions = {}): OrderResponseDocument {
  const root = readXmlDocument(xml, options);
  const expected = documentNamespace('OrderResponse');
  if (root.name !== 'OrderResponse') {
    throw new UblDocumentError(
      'wrong-root',
      `The root element is ${describeElement(root)}: expected a UBL 2.1 OrderResponse`,
      root.name,
    );
  }
  if (root.namespace !== expected) throw wrongNamespace(root, expected);
  const sellerRole = first(root, 'cac:SellerSupplierParty');
  const seller = first(sellerRole, 'cac:Party');
  const buyer = first(root, 'cac:BuyerCustomerParty/cac:Party');
  return compact({
    kind: 'OrderResponse' as const,
    responseId: required(root, 'cbc:ID', "the response's own id is mandatory"),
    orderNumber: required(
      root,
      'cac:OrderReference/cbc:ID',
      "the customer's order number being answered is mandatory",
    ),
    issueDate: required(root, 'cbc:IssueDate', 'the issue date is mandatory'),
    issueTime: text(root, 'cbc:IssueTime'),
    responseCode: text(root, 'cbc:OrderResponseCode'),
    currency: text(root, 'cbc:DocumentCurrencyCode'),
    notes: readNotes(root),
    sellerContactId: text(sellerRole, 'cac:SellerContact/cbc:ID'),
    sellerPartyId: text(seller, 'cac:PartyIdentification/cbc:ID'),
    sellerPartyIdSchemeId: attribute(first(seller, 'cac:PartyIdentification/cbc:ID'), 'schemeID'),
    sellerEndpointId: text(seller, 'cbc:EndpointID'),
    sellerEndpointSchemeId: attribute(first(seller, 'cbc:EndpointID'), 'schemeID'),
    sellerName: text(seller, 'cac:PartyName/cbc:Name'),
    buyerPartyId: text(buyer, 'cac:PartyIdentification/cbc:ID'),
    buyerPartyIdSchemeId: attribute(first(buyer, 'cac:PartyIdentification/cbc:ID'), 'schemeID'),
    buyerEndpointId: text(buyer, 'cbc:EndpointID'),
    buyerEndpointSchemeId: attribute(first(buyer, 'cbc:EndpointID'), 'schemeID'),
    buyerName: text(buyer, 'cac:PartyName/cbc:Name'),
    lines: all(root, 'cac:OrderLine').map((line, index) => readLine(line, index + 1)),
  });
}
