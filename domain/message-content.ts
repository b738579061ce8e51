import {
  requestedPeriodOf,
  type InboundDocument,
  type OrderChangeDocument,
  type OrderDocument,
  type OrderLine,
} from './documents';
import type { MessageContent, MessageLine } from './order-message';

/**
 * What an order workflow needs to know of an inbound document to decide (DESIGN.md 4.2):
 * the lines as requested, the sequence number, the status. The full document stays in the
 * archive for the activities that need it (the ERP import, the OrderResponse).
 */
export function messageContent(document: InboundDocument): MessageContent {
  switch (document.kind) {
    case 'Order':
      return { kind: 'Order', lines: messageLines(document), note: document.notes[0] };
    case 'OrderChange':
      return { kind: 'OrderChange', lines: messageLines(document), note: document.notes[0] };
    case 'OrderCancellation':
      return { kind: 'OrderCancellation', note: document.cancellationNote };
    case 'StatusMessage':
      return {
        kind: 'StatusMessage',
        status: document.status,
        lineIds: document.lineIds,
        note: document.note,
      };
  }
}

function messageLines(document: OrderDocument | OrderChangeDocument): MessageLine[] {
  const header = document.delivery?.requestedPeriod;
  return document.lines.map((line: OrderLine) => {
    // A line without its own delivery period takes the order's header period (as the ERP import does).
    const period = requestedPeriodOf(line.requestedDelivery, header);
    return {
      lineId: line.lineId,
      itemName: line.item.name,
      quantity: line.quantity?.value,
      unitCode: line.quantity?.unitCode,
      price: line.price?.amount.value,
      currency: line.price?.amount.currencyId ?? document.currency,
      deliveryDate: period?.endDate ?? period?.startDate,
      lineStatusCode: line.lineStatusCode,
    };
  });
}
