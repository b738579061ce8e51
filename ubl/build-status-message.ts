import type { StatusMessageDocument } from '../domain/documents';
import {
  defaultStatusMessageLayout,
  StatusMessageStatus,
  type StatusMessageLayout,
} from '../domain/status-message-layout';
import { UblDocumentError } from './errors';
import { leaf, renderXml } from './xml-writer';

export interface StatusMessageInput {
  orderNumber: string;
  buyerPartyId?: string;
  /** Defaults to Delivered: the only status a supplier sends. */
  status?: string;
  /** Lines delivered; empty or absent = the whole order. */
  lineIds?: string[];
  note?: string;
}

/**
 * Builds the StatusMessage the supplier PUTs to /api/order/{orderNumber} (normally "Delivered"),
 * in the assumed layout of domain/status-message-layout.ts; parseInboundDocument reads it back.
 */
export function buildStatusMessage(
  input: StatusMessageInput,
  layout: StatusMessageLayout = defaultStatusMessageLayout,
): string {
  if (input.orderNumber.trim() === '') {
    throw new UblDocumentError(
      'missing-element',
      'A StatusMessage needs the order number',
      layout.orderIdElement,
    );
  }
  return renderXml({
    name: layout.rootElement,
    attributes: { xmlns: layout.namespace },
    children: [
      leaf(layout.orderIdElement, input.orderNumber),
      leaf(layout.buyerPartyIdElement, input.buyerPartyId),
      leaf(layout.statusElement, input.status ?? StatusMessageStatus.Delivered),
      ...(input.lineIds ?? []).map((lineId) => leaf(layout.lineIdElement, lineId)),
      leaf(layout.noteElement, input.note),
    ],
  });
}

/** The StatusMessage document a built message parses back to (for round-trip checks). */
export function expectedStatusMessage(input: StatusMessageInput): StatusMessageDocument {
  const document: StatusMessageDocument = {
    kind: 'StatusMessage',
    orderNumber: input.orderNumber,
    status: input.status ?? StatusMessageStatus.Delivered,
    lineIds: input.lineIds ?? [],
  };
  if (input.buyerPartyId !== undefined) document.buyerPartyId = input.buyerPartyId;
  if (input.note !== undefined) document.note = input.note;
  return document;
}
