import type { OrderLine } from '../domain/documents';
import { UblDocumentError } from './errors';
import { requireShortIdentifier } from './identifier';
import { checkOrderLineValues } from './line-checks';
import type { XmlElement } from './xml-tree';
import { all, compact, first, text } from './ubl-read';
import {
  readAmount,
  readDelivery,
  readItem,
  readNotes,
  readPeriod,
  readPrice,
  readQuantity,
} from './read-parts';

/** Reads one cac:OrderLine of an Order or OrderChange; `position` is 1-based, for messages. */
export function readOrderLine(orderLine: XmlElement, position: number, documentName: string): OrderLine {
  const where = `${documentName}/OrderLine[${position}]/LineItem`;
  const lineItem = first(orderLine, 'cac:LineItem');
  const lineId = text(lineItem, 'cbc:ID');
  if (lineItem === undefined || lineId === undefined) {
    throw new UblDocumentError(
      'missing-element',
      `${documentName} line ${position} has no cac:LineItem/cbc:ID: the customer's line id is mandatory ` +
        '(it is the key Jakamo and the customer use for the line)',
      `${where}/ID`,
    );
  }
  requireShortIdentifier(lineId, `line id of ${documentName} line ${position}`, `${where}/ID`);
  const at = `${where}[ID=${lineId}]`;
  const deliveries = all(lineItem, 'cac:Delivery');
  const delivery = deliveries[0];
  const line = compact({
    lineId,
    item: readItem(first(lineItem, 'cac:Item')),
    quantity: readQuantity(first(lineItem, 'cbc:Quantity'), `${at}/Quantity`),
    price: readPrice(first(lineItem, 'cac:Price'), `${at}/Price`),
    lineAmount: readAmount(first(lineItem, 'cbc:LineExtensionAmount'), `${at}/LineExtensionAmount`),
    requestedDelivery: readPeriod(first(delivery, 'cac:RequestedDeliveryPeriod')),
    promisedDelivery: readPeriod(first(delivery, 'cac:PromisedDeliveryPeriod')),
    // Several deliveries are a schedule: each keeps its own quantity and period.
    deliveries:
      deliveries.length > 1
        ? deliveries.map((element, index) => readDelivery(element, `${at}/Delivery[${index + 1}]`) ?? {})
        : undefined,
    notes: [...readNotes(orderLine), ...readNotes(lineItem)],
    lineStatusCode: text(lineItem, 'cbc:LineStatusCode'),
  });
  checkOrderLineValues(line, `${documentName} line ${position} (ID ${lineId})`, at);
  return line;
}
