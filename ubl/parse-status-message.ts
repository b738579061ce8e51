import type { StatusMessageDocument } from '../domain/documents';
import type { StatusMessageLayout } from '../domain/status-message-layout';
import { UblDocumentError } from './errors';
import { requireShortIdentifier } from './identifier';
import type { XmlElement } from './xml-tree';

/** Jakamo StatusMessage in the assumed layout (see domain/status-message-layout.ts). */
export function parseStatusMessage(root: XmlElement, layout: StatusMessageLayout): StatusMessageDocument {
  const values = (name: string): string[] =>
    root.children
      .filter((child) => child.name === name && child.namespace === layout.namespace && child.text !== '')
      .map((child) => child.text);
  const required = (name: string, why: string): string => {
    const value = values(name)[0];
    if (value === undefined) {
      throw new UblDocumentError(
        'missing-element',
        `${layout.rootElement} has no ${name}: ${why}`,
        `${layout.rootElement}/${name}`,
      );
    }
    return value;
  };
  const orderNumber = required(layout.orderIdElement, "the customer's order number is mandatory");
  requireShortIdentifier(
    orderNumber,
    `order number (${layout.rootElement}/${layout.orderIdElement})`,
    `${layout.rootElement}/${layout.orderIdElement}`,
  );
  const status = required(
    layout.statusElement,
    'the status (for example Cancelled or Delivered) is mandatory',
  );
  const message: StatusMessageDocument = {
    kind: 'StatusMessage',
    orderNumber,
    status,
    lineIds: values(layout.lineIdElement),
  };
  const buyerPartyId = values(layout.buyerPartyIdElement)[0];
  if (buyerPartyId !== undefined) {
    message.buyerPartyId = requireShortIdentifier(
      buyerPartyId,
      `buyer party id (${layout.rootElement}/${layout.buyerPartyIdElement})`,
      `${layout.rootElement}/${layout.buyerPartyIdElement}`,
    );
  }
  const note = values(layout.noteElement)[0];
  if (note !== undefined) message.note = note;
  return message;
}
