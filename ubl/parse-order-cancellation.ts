import type { OrderCancellationDocument } from '../domain/documents';
import { UblDocumentError } from './errors';
import { requireShortIdentifier } from './identifier';
import type { XmlElement } from './xml-tree';
import { compact, first, text, texts } from './ubl-read';
import { readRoleParty } from './read-parts';
import { requireBuyerId } from './require-buyer';

/** UBL 2.1 OrderCancellation → a whole-order cancel of OrderReference/ID. */
export function parseOrderCancellation(root: XmlElement): OrderCancellationDocument {
  const orderNumber = text(root, 'cac:OrderReference/cbc:ID');
  if (orderNumber === undefined) {
    throw new UblDocumentError(
      'missing-element',
      'OrderCancellation has no cac:OrderReference/cbc:ID: the number of the order being cancelled is mandatory',
      'OrderCancellation/OrderReference/ID',
    );
  }
  requireShortIdentifier(
    orderNumber,
    'order number (OrderCancellation/cac:OrderReference/cbc:ID)',
    'OrderCancellation/OrderReference/ID',
  );
  const buyer = readRoleParty(first(root, 'cac:BuyerCustomerParty'), 'cac:BuyerContact');
  requireBuyerId(buyer, 'OrderCancellation');
  const notes = texts(root, 'cbc:CancellationNote');
  return compact({
    kind: 'OrderCancellation' as const,
    orderNumber,
    cancellationId: text(root, 'cbc:ID'),
    buyer,
    seller: readRoleParty(first(root, 'cac:SellerSupplierParty'), 'cac:SellerContact'),
    issueDate: text(root, 'cbc:IssueDate'),
    issueTime: text(root, 'cbc:IssueTime'),
    cancellationNote: notes.length > 0 ? notes.join('\n') : undefined,
  });
}
