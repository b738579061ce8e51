import type { JakamoMessageRef, OrderLineState, OrderState } from './definitions';

/**
 * The rules that decide an order's transitions, kept pure so that they are unit-tested
 * apart from Temporal. The order workflow only applies what these return.
 */

export type IncomingDecision =
  { action: 'import' } | { action: 'duplicate' } | { action: 'hold'; note: string };

export function decideIncoming(state: OrderState, message: JakamoMessageRef): IncomingDecision {
  if (state.documents.some((document) => document.sha256 === message.sha256)) return { action: 'duplicate' };
  if (message.kind === 'Order') {
    if (state.erpImport === undefined && state.status === 'Received') return { action: 'import' };
    return {
      action: 'hold',
      note: 'a second, different Order document arrived for an order already imported: compare it with the ERP sales order',
    };
  }
  return {
    action: 'hold',
    note: `${message.kind} messages are archived and recorded on the order, but this version does not apply them to the ERP yet: apply it by hand, then retry`,
  };
}

/** The lines the ERP imported, as the order's requested lines. */
export interface ImportedLine {
  lineId: string;
  itemName: string | undefined;
  quantity: string | undefined;
  unitCode: string | undefined;
  price: string | undefined;
  currency: string | undefined;
  deliveryDate: string | undefined;
  status: string;
}

export function requestedLines(lines: readonly ImportedLine[]): OrderLineState[] {
  return lines.map((line) => ({
    lineId: line.lineId,
    itemName: line.itemName,
    requested: {
      quantity: line.quantity,
      unitCode: line.unitCode,
      price: line.price,
      currency: line.currency,
      deliveryDate: line.deliveryDate,
    },
    confirmed: undefined,
    status: line.status,
  }));
}

/** A simple confirmation confirms every open line exactly as requested. */
export function confirmAsRequested(lines: readonly OrderLineState[]): OrderLineState[] {
  return lines.map((line) =>
    line.status === 'Cancelled' ? line : { ...line, confirmed: { ...line.requested }, status: 'Confirmed' },
  );
}
