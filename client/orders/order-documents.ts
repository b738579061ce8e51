import type { ConnectorDatabase } from '../../db/database';
import { MessageArchive } from '../../db/message-archive';
import { OutboundDocuments, type OutboundKind, type OutboundStatus } from '../../db/outbound-documents';
import type { InboundMessageStatus } from '../../db/schema';

/**
 * An order's documents, from the connector database: every message Jakamo sent for it (the
 * archive) and every request sent to Jakamo for it (the outbound record), with their raw content
 * for download. Read without Temporal, so the ERP API serves them while Temporal is down.
 */

/** A message from Jakamo for the order, as archived (its raw XML is `orderDocumentContent`). */
export interface InboundDocumentSummary {
  /** The SHA-256 of the raw message: its id in the archive. */
  id: string;
  /** Order, OrderChange, OrderCancellation, StatusMessage… (undefined when it could not be read). */
  kind: string | undefined;
  rootElement: string | undefined;
  /** received → handed_off → acknowledged; quarantined when it could not be routed. */
  status: InboundMessageStatus;
  jakamoOrderNumber: string | undefined;
  receivedAt: string;
  lastReceivedAt: string;
  /** More than 1 when Jakamo delivered the same message again. */
  timesReceived: number;
  acknowledgedAt: string | undefined;
  /** Why the message was quarantined. */
  error: string | undefined;
  contentType: string;
}

/** A request the pipeline sent (or built and did not send) to Jakamo for the order. */
export interface OutboundDocumentSummary {
  /** The effect that sent it (`e3`): with the order key, its idempotency key. */
  id: string;
  kind: OutboundKind;
  purpose: string;
  method: 'POST' | 'PUT';
  targetUrl: string;
  /** invalid (built, refused before sending) → sending → answered. */
  status: OutboundStatus;
  /** Why it was not sent (status `invalid`). */
  problems: string | undefined;
  attempts: number;
  httpStatus: number | undefined;
  accepted: boolean | undefined;
  firstAttemptAt: string;
  lastAttemptAt: string;
  answeredAt: string | undefined;
  contentType: string;
}

export interface OrderDocuments {
  inbound: InboundDocumentSummary[];
  outbound: OutboundDocumentSummary[];
}

/** A document's raw content, for download. */
export interface DocumentContent {
  contentType: string;
  fileName: string;
  body: string;
}

export type DocumentDirection = 'inbound' | 'outbound';

const xmlContentType = 'application/xml';

/** OrderResponses and StatusMessages are XML; a simple confirmation is a form-encoded `Note`. */
function outboundContentType(kind: OutboundKind): string {
  return kind === 'SimpleConfirm' ? 'application/x-www-form-urlencoded' : xmlContentType;
}

/** A file name that is safe in a Content-Disposition header. */
function fileNameOf(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The order's documents: every message from Jakamo archived for it and every request sent to
 * Jakamo for it, oldest first; undefined when the connector has no document of the order.
 */
export async function listOrderDocuments(
  db: ConnectorDatabase,
  integration: string,
  key: string,
): Promise<OrderDocuments | undefined> {
  const inbound = await new MessageArchive(db).listForOrder(integration, key);
  const outbound = (await new OutboundDocuments(db).listForOrder(key)).filter(
    (record) => record.integration === integration,
  );
  if (inbound.length === 0 && outbound.length === 0) return undefined;
  return {
    inbound: inbound.map((message) => ({
      id: message.sha256,
      kind: message.document_kind ?? undefined,
      rootElement: message.root_element ?? undefined,
      status: message.status,
      jakamoOrderNumber: message.jakamo_order_number ?? undefined,
      receivedAt: message.first_received_at,
      lastReceivedAt: message.last_received_at,
      timesReceived: Number(message.times_received),
      acknowledgedAt: message.acknowledged_at ?? undefined,
      error: message.error ?? undefined,
      contentType: xmlContentType,
    })),
    outbound: outbound.map((record) => ({
      id: record.effectId,
      kind: record.kind,
      purpose: record.purpose,
      method: record.method,
      targetUrl: record.targetUrl,
      status: record.status,
      problems: record.problems,
      attempts: record.attempts,
      httpStatus: record.httpStatus,
      accepted: record.accepted,
      firstAttemptAt: record.firstAttemptAt,
      lastAttemptAt: record.lastAttemptAt,
      answeredAt: record.answeredAt,
      contentType: outboundContentType(record.kind),
    })),
  };
}

/** One document's raw content (the archived XML, or the request body as sent); undefined when unknown. */
export async function orderDocumentContent(
  db: ConnectorDatabase,
  integration: string,
  key: string,
  direction: DocumentDirection,
  id: string,
): Promise<DocumentContent | undefined> {
  if (direction === 'inbound') {
    const message = await new MessageArchive(db).findForOrder(integration, key, id);
    if (message === undefined) return undefined;
    return {
      contentType: xmlContentType,
      fileName: `${fileNameOf(message.document_kind ?? 'message', id.slice(0, 12))}.xml`,
      body: message.raw_xml,
    };
  }
  const record = await new OutboundDocuments(db).find(key, id);
  if (record === undefined || record.integration !== integration) return undefined;
  const contentType = outboundContentType(record.kind);
  return {
    contentType,
    fileName: `${fileNameOf(record.kind, id)}.${contentType === xmlContentType ? 'xml' : 'txt'}`,
    body: record.body,
  };
}
