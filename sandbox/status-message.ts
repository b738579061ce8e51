import { defaultStatusMessageLayout, type StatusMessageLayout } from '../domain/status-message-layout';
import { el, renderXmlDocument } from './xml-builder';
import { children, parseXmlDocument, textAt } from './xml-reader';

/**
 * ASSUMPTION (see docs/sandbox.md): StatusMessage documents use the layout of
 * domain/status-message-layout.ts — the customer's "Cancelled" in the queue and the supplier's
 * "Delivered" sent with PUT. The layout is passed in so a deployment can configure it.
 */

export interface StatusMessageContent {
  orderNumber: string;
  buyerPartyId?: string;
  status: string;
  lineIds: string[];
  note?: string;
}

export function buildStatusMessageXml(
  content: StatusMessageContent,
  layout: StatusMessageLayout = defaultStatusMessageLayout,
): string {
  return renderXmlDocument(
    el(layout.rootElement, { xmlns: layout.namespace }, [
      el(layout.orderIdElement, content.orderNumber),
      content.buyerPartyId === undefined ? undefined : el(layout.buyerPartyIdElement, content.buyerPartyId),
      el(layout.statusElement, content.status),
      ...content.lineIds.map((lineId) => el(layout.lineIdElement, lineId)),
      content.note === undefined ? undefined : el(layout.noteElement, content.note),
    ]),
  );
}

/** Parses a StatusMessage; throws when the root or the status is missing. */
export function readStatusMessage(
  xml: string,
  layout: StatusMessageLayout = defaultStatusMessageLayout,
): StatusMessageContent {
  const { rootName, root } = parseXmlDocument(xml);
  if (rootName !== layout.rootElement) throw new Error(`expected <${layout.rootElement}>, got <${rootName}>`);
  const status = textAt(root, layout.statusElement);
  if (status === undefined) throw new Error(`<${layout.statusElement}> is missing`);
  return {
    orderNumber: textAt(root, layout.orderIdElement) ?? '',
    buyerPartyId: textAt(root, layout.buyerPartyIdElement),
    status,
    lineIds: children(root, layout.lineIdElement)
      .map((node) => textAt(node))
      .filter((id): id is string => id !== undefined),
    note: textAt(root, layout.noteElement),
  };
}
