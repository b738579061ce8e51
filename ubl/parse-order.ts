import type { OrderChangeDocument, OrderDocument } from '../domain/documents';
import { UblDocumentError } from './errors';
import type { XmlElement } from './xml-tree';
import { all, compact, first, text } from './ubl-read';
import {
  readAllowanceCharge,
  readAmount,
  readAttachmentReference,
  readDelivery,
  readDeliveryTerms,
  readNotes,
  readRoleParty,
  readTaxTotal,
} from './read-parts';
import { requireShortIdentifier } from './identifier';
import { checkUniqueLineIds } from './line-checks';
import { readOrderLine } from './read-order-line';
import { requireBuyerId } from './require-buyer';

type OrderContent = Omit<OrderDocument, 'kind'>;

function readOrderContent(root: XmlElement, documentName: string, orderNumber: string): OrderContent {
  const buyer = readRoleParty(first(root, 'cac:BuyerCustomerParty'), 'cac:BuyerContact');
  requireBuyerId(buyer, documentName);
  const allowanceCharges = all(root, 'cac:AllowanceCharge').map((element, index) =>
    readAllowanceCharge(element, `${documentName}/AllowanceCharge[${index + 1}]`),
  );
  const taxTotals = all(root, 'cac:TaxTotal').map((element, index) =>
    readTaxTotal(element, `${documentName}/TaxTotal[${index + 1}]`),
  );
  const attachments = all(root, 'cac:AdditionalDocumentReference').map(readAttachmentReference);
  const lines = all(root, 'cac:OrderLine').map((line, index) => readOrderLine(line, index + 1, documentName));
  checkUniqueLineIds(lines, documentName);
  return compact({
    orderNumber,
    issueDate: text(root, 'cbc:IssueDate'),
    issueTime: text(root, 'cbc:IssueTime'),
    orderTypeCode: text(root, 'cbc:OrderTypeCode'),
    currency: text(root, 'cbc:DocumentCurrencyCode'),
    buyer,
    seller: readRoleParty(first(root, 'cac:SellerSupplierParty'), 'cac:SellerContact'),
    delivery: readDelivery(first(root, 'cac:Delivery'), `${documentName}/Delivery`),
    deliveryTerms: readDeliveryTerms(first(root, 'cac:DeliveryTerms')),
    notes: readNotes(root),
    customerReference: text(root, 'cbc:CustomerReference'),
    anticipatedTotal: readAmount(
      first(root, 'cac:AnticipatedMonetaryTotal/cbc:PayableAmount'),
      `${documentName}/AnticipatedMonetaryTotal/PayableAmount`,
    ),
    allowanceCharges: allowanceCharges.length > 0 ? allowanceCharges : undefined,
    taxTotals: taxTotals.length > 0 ? taxTotals : undefined,
    attachments: attachments.length > 0 ? attachments : undefined,
    lines,
  });
}

/** UBL 2.1 Order (root already checked) → OrderDocument. */
export function parseOrder(root: XmlElement): OrderDocument {
  const orderNumber = text(root, 'cbc:ID');
  if (orderNumber === undefined) {
    throw new UblDocumentError(
      'missing-element',
      "Order has no cbc:ID: the customer's order number is mandatory",
      'Order/ID',
    );
  }
  requireShortIdentifier(orderNumber, 'order number (Order/cbc:ID)', 'Order/ID');
  const content = readOrderContent(root, 'Order', orderNumber);
  if (content.lines.length === 0) {
    throw new UblDocumentError(
      'missing-element',
      'Order has no cac:OrderLine: an order needs at least one line (UBL 2.1 requires one too)',
      'Order/OrderLine',
    );
  }
  return { kind: 'Order', ...content };
}

/**
 * UBL 2.1 OrderChange → OrderChangeDocument. The order it changes is OrderReference/ID; when a
 * sender leaves that out, the change's own cbc:ID is taken as the order number (Jakamo reuses the
 * order number there) and `orderNumberSource` says so.
 */
export function parseOrderChange(root: XmlElement): OrderChangeDocument {
  const changeId = text(root, 'cbc:ID');
  const referenced = text(root, 'cac:OrderReference/cbc:ID');
  const orderNumber = referenced ?? changeId;
  if (orderNumber === undefined) {
    throw new UblDocumentError(
      'missing-element',
      'OrderChange has neither cac:OrderReference/cbc:ID nor cbc:ID: the number of the order it changes is mandatory',
      'OrderChange/OrderReference/ID',
    );
  }
  requireShortIdentifier(
    orderNumber,
    `order number (OrderChange/${referenced !== undefined ? 'cac:OrderReference/' : ''}cbc:ID)`,
    referenced !== undefined ? 'OrderChange/OrderReference/ID' : 'OrderChange/ID',
  );
  return compact({
    kind: 'OrderChange' as const,
    ...readOrderContent(root, 'OrderChange', orderNumber),
    sequenceNumber: text(root, 'cbc:SequenceNumberID'),
    changeId,
    orderNumberSource: referenced !== undefined ? ('OrderReference/ID' as const) : ('ID' as const),
  });
}
