import { messageContent } from './message-content';
import type { InboundDocument } from './documents';
import { orderKey } from './order-key';
import type { JakamoMessageRef } from './order-message';
import { isUblDocumentError } from '../ubl/errors';
import { parseInboundDocument } from '../ubl/parse-inbound';

/**
 * How an archived message is read to be handed to its order: parsed, routed to its order key,
 * and turned into the reference its order workflow is signalled with. The intake uses it for
 * each message it takes from the queue; replay and quarantine reprocessing for messages read
 * again from the archive, so a message meets the same rules wherever it comes from.
 */

/** What the archive keeps of a message beside its XML (the columns of `inbound_messages` read here). */
export interface ArchivedMessageHeaders {
  integration: string;
  sha256: string;
  jakamo_order_number: string | null;
  confirm_url: string | null;
  first_received_at: string;
  validation_problems: string | null;
}

export type ArchivedRouting =
  | { ok: true; document: InboundDocument; buyerPartyId: string; orderKey: string }
  | { ok: false; reason: string; rootElement: string | undefined };

/**
 * Parses a message and names its order; otherwise the reason it cannot be routed. Anything that
 * goes wrong here is about the message (or a parser bug it triggers): it is quarantined, never
 * allowed to block the queue.
 */
export function routeArchivedMessage(integration: string, xml: string): ArchivedRouting {
  let document: InboundDocument;
  try {
    document = parseInboundDocument(xml);
  } catch (error) {
    const reason = isUblDocumentError(error)
      ? `${error.code}: ${error.message}`
      : `internal: the parser failed on this message (${error instanceof Error ? error.message : String(error)}); report it with the archived message`;
    return { ok: false, reason, rootElement: undefined };
  }
  const buyerPartyId = document.kind === 'StatusMessage' ? document.buyerPartyId : document.buyer.id;
  if (buyerPartyId === undefined || buyerPartyId.trim() === '' || document.orderNumber.trim() === '') {
    return {
      ok: false,
      reason: `missing-element: the ${document.kind} names no buyer party id or order number, so it cannot be routed to its order`,
      rootElement: document.kind,
    };
  }
  return {
    ok: true,
    document,
    buyerPartyId,
    orderKey: orderKey({ integration, buyerPartyId, orderNumber: document.orderNumber }),
  };
}

/**
 * The signal's reference to an archived message (what the intake sends): Jakamo's headers as the
 * archive kept them, and the XSD problems found on intake (or given now).
 */
export function messageRefOf(
  record: ArchivedMessageHeaders,
  routing: Extract<ArchivedRouting, { ok: true }>,
  validationProblems: string[] | undefined = problemsOf(record),
): JakamoMessageRef {
  const { document, buyerPartyId } = routing;
  return {
    integration: record.integration,
    sha256: record.sha256,
    kind: document.kind,
    orderNumber: document.orderNumber,
    buyerPartyId,
    jakamoOrderNumber: record.jakamo_order_number ?? undefined,
    confirmUrl: record.confirm_url ?? undefined,
    sequenceNumber: document.kind === 'OrderChange' ? document.sequenceNumber : undefined,
    receivedAt: record.first_received_at,
    content: messageContent(document),
    ...(validationProblems !== undefined && validationProblems.length > 0 ? { validationProblems } : {}),
  };
}

function problemsOf(record: ArchivedMessageHeaders): string[] | undefined {
  return record.validation_problems === null ? undefined : record.validation_problems.split('\n');
}
