import type { ColumnType, Selectable } from 'kysely';

/** Kysely's view of the connector's tables (created by `migrations/`). Timestamps are ISO-8601 text. */
export interface Database {
  inbound_messages: InboundMessageTable;
  sales_orders: SalesOrderTable;
  sales_order_lines: SalesOrderLineTable;
  erp_applied_documents: ErpAppliedDocumentTable;
  sales_order_deliveries: SalesOrderDeliveryTable;
  outbound_documents: OutboundDocumentTable;
}

export const inboundMessageStatuses = ['received', 'handed_off', 'acknowledged', 'quarantined'] as const;
export type InboundMessageStatus = (typeof inboundMessageStatuses)[number];

/** Every message taken from a Jakamo queue, raw, before anything else happens to it. */
export interface InboundMessageTable {
  integration: string;
  sha256: string;
  raw_xml: string;
  root_element: string | null;
  document_kind: string | null;
  order_key: string | null;
  jakamo_order_number: string | null;
  acknowledge_uri: string;
  confirm_url: string | null;
  status: InboundMessageStatus;
  error: string | null;
  times_received: number;
  first_received_at: string;
  last_received_at: string;
  acknowledged_at: string | null;
}

/** The reference ERP's sales order header, keyed by the order key (one per customer order). */
export interface SalesOrderTable {
  order_key: string;
  integration: string;
  buyer_party_id: string;
  buyer_name: string | null;
  customer_order_number: string;
  jakamo_order_number: string | null;
  issue_date: string | null;
  currency: string | null;
  /** A `SalesOrderStatus`. */
  status: string;
  source_message_sha256: string;
  /** cbc:SequenceNumberID of the last OrderChange applied. */
  last_change_sequence: string | null;
  cancelled_at: string | null;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

/** The reference ERP's sales order statuses. */
export const salesOrderStatuses = [
  'Open',
  'Confirmed',
  'PartiallyDelivered',
  'Delivered',
  'Cancelled',
] as const;
export type SalesOrderStatus = (typeof salesOrderStatuses)[number];

export const lineConfirmations = ['none', 'proposed', 'confirmed'] as const;
/** Whether the supplier confirmed the line's terms, proposed other ones, or neither yet. */
export type LineConfirmation = (typeof lineConfirmations)[number];

export interface SalesOrderLineTable {
  order_key: string;
  line_id: string;
  position: number;
  item_name: string | null;
  sellers_item_id: string | null;
  buyers_item_id: string | null;
  /** Exact decimals as text: no binary floating point for quantities or money. */
  quantity: string | null;
  unit_code: string | null;
  price: string | null;
  price_currency: string | null;
  line_amount: string | null;
  requested_delivery_date: string | null;
  /** A `LineStatus` (domain/line-status.ts). */
  status: string;
  /** The terms the supplier confirmed or proposed (see `confirmation`). */
  confirmed_quantity: string | null;
  confirmed_price: string | null;
  confirmed_delivery_date: string | null;
  confirmation: ColumnType<LineConfirmation, LineConfirmation | undefined, LineConfirmation>;
  /** Sum of `sales_order_deliveries.quantity` for the line, exact decimal text. */
  delivered_quantity: ColumnType<string, string | undefined, string>;
  cancelled_at: string | null;
}

export const erpDocumentKinds = ['OrderChange', 'Cancellation', 'Confirmation', 'Delivery'] as const;
export type ErpDocumentKind = (typeof erpDocumentKinds)[number];

/** The idempotency ledger of the reference ERP: each document is applied to an order once. */
export interface ErpAppliedDocumentTable {
  order_key: string;
  document_id: string;
  kind: ErpDocumentKind;
  /** What the document said beyond its data (the reason of a cancellation). */
  note: string | null;
  applied_at: ColumnType<string, string, never>;
}

/** One delivered quantity of one line, per delivery document. */
export interface SalesOrderDeliveryTable {
  order_key: string;
  document_id: string;
  line_id: string;
  quantity: string;
  delivered_at: ColumnType<string, string, never>;
}

export const outboundKinds = ['SimpleConfirm', 'OrderResponse', 'DeliveredStatus'] as const;
export type OutboundKind = (typeof outboundKinds)[number];

export const outboundStatuses = ['invalid', 'sending', 'answered'] as const;
/** `invalid`: built but refused before sending; `sending`: sent, answer not recorded; `answered`. */
export type OutboundStatus = (typeof outboundStatuses)[number];

/** Every request to Jakamo for an order, written before it is sent and again with its answer. */
export interface OutboundDocumentTable {
  order_key: string;
  effect_id: string;
  integration: string;
  kind: OutboundKind;
  purpose: string;
  method: 'POST' | 'PUT';
  target_url: string;
  /** The raw request body ('' when the request has none). */
  body: string;
  status: OutboundStatus;
  /** Why the document was not sent (status `invalid`). */
  problems: string | null;
  attempts: number;
  http_status: number | null;
  /** Jakamo's answer, truncated to 64 KB. */
  response_body: string | null;
  /** 1 when Jakamo accepted the request (2xx), 0 when not; integer for portability. */
  accepted: number | null;
  first_attempt_at: ColumnType<string, string, never>;
  last_attempt_at: string;
  answered_at: string | null;
}

export type InboundMessage = Selectable<InboundMessageTable>;
export type SalesOrderRow = Selectable<SalesOrderTable>;
export type SalesOrderLineRow = Selectable<SalesOrderLineTable>;
export type OutboundDocumentRow = Selectable<OutboundDocumentTable>;
