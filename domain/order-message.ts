import type { DecimalString, InboundDocumentKind } from './documents';

/**
 * A Jakamo message as an order workflow needs it: a reference to the archived raw message
 * (the source of truth, read again by the activities that need all of it) plus the few facts
 * the order's decisions rest on (lines, sequence number, status). Small enough for a signal.
 */
export interface JakamoMessageRef {
  integration: string;
  /** Content hash of the archived raw message (`inbound_messages`). */
  sha256: string;
  kind: InboundDocumentKind;
  orderNumber: string;
  buyerPartyId: string;
  jakamoOrderNumber: string | undefined;
  confirmUrl: string | undefined;
  sequenceNumber: string | undefined;
  receivedAt: string;
  /** What the order's decisions need from the document. */
  content: MessageContent;
  /** XSD problems found on intake (UBL_INBOUND_VALIDATION=warn); absent when none were found. */
  validationProblems?: string[];
}

/** One customer line as an Order or OrderChange states it. */
export interface MessageLine {
  lineId: string;
  itemName: string | undefined;
  quantity: DecimalString | undefined;
  unitCode: string | undefined;
  price: DecimalString | undefined;
  currency: string | undefined;
  /** Requested delivery date (the line's period end, else start; else the header's). */
  deliveryDate: string | undefined;
  /** cbc:LineStatusCode as sent (for example `Cancelled` or the UN/CEFACT 1229 code `2`). */
  lineStatusCode: string | undefined;
}

export type MessageContent =
  | { kind: 'Order'; lines: MessageLine[]; note: string | undefined }
  | { kind: 'OrderChange'; lines: MessageLine[]; note: string | undefined }
  | { kind: 'OrderCancellation'; note: string | undefined }
  | { kind: 'StatusMessage'; status: string; lineIds: string[]; note: string | undefined };
