import type { OutboundKind } from '../domain/outbound-kind';
import type { ColumnType, Selectable } from 'kysely';

/** Kysely's view of the connector's tables (created by `migrations/`). Timestamps are ISO-8601 text. */
export interface Database {
  inbound_messages: InboundMessageTable;
  sales_orders: SalesOrderTable;
  sales_order_lines: SalesOrderLineTable;
  erp_applied_documents: ErpAppliedDocumentTable;
  sales_order_deliveries: SalesOrderDeliveryTable;
  sales_order_schedule_lines: SalesOrderScheduleLineTable;
  sales_order_allowance_charges: SalesOrderAllowanceChargeTable;
  sales_order_tax_totals: SalesOrderTaxTotalTable;
  sales_order_tax_subtotals: SalesOrderTaxSubtotalTable;
  sales_order_notes: SalesOrderNoteTable;
  sales_order_attachments: SalesOrderAttachmentTable;
  outbound_documents: OutboundDocumentTable;
  operator_actions: OperatorActionTable;
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
  /** What XSD validation found wrong with the document (UBL_INBOUND_VALIDATION), one problem per line; null when none or not validated. */
  validation_problems: string | null;
  /** What an operator decided about a quarantined message (`quarantine reprocess | discard`); null while undecided. */
  resolution: ColumnType<QuarantineResolution | null, QuarantineResolution | null | undefined>;
  resolved_at: ColumnType<string | null, string | null | undefined>;
  /** The operator's reason (required for a discard). */
  resolution_reason: ColumnType<string | null, string | null | undefined>;
  /**
   * The message's place in its integration's queue, in the order the intake took messages (1, 2,
   * …); the order in which they are handed to their order workflows. Null for messages archived
   * before migration 0006.
   */
  queue_position: ColumnType<number | null, number | null | undefined, number | null>;
}

export const quarantineResolutions = ['reprocessed', 'discarded'] as const;
/** `reprocessed`: handed to its order after a fix; `discarded`: an operator decided it is not needed. */
export type QuarantineResolution = (typeof quarantineResolutions)[number];

/** The reference ERP's sales order header, keyed by the order key (one per customer order). */
export interface SalesOrderTable {
  order_key: string;
  integration: string;
  buyer_party_id: string;
  buyer_name: string | null;
  customer_order_number: string;
  jakamo_order_number: string | null;
  issue_date: string | null;
  /** cbc:OrderTypeCode (UNCL 1001, e.g. 220). */
  order_type_code: string | null;
  currency: string | null;
  /** The header's requested delivery period (cac:Delivery/cac:RequestedDeliveryPeriod), ISO dates. */
  requested_delivery_start_date: string | null;
  requested_delivery_end_date: string | null;
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
  /** The price of `price_base_quantity` units (cbc:BaseQuantity; null = 1 unit), never a unit price. */
  price: string | null;
  price_currency: string | null;
  price_base_quantity: string | null;
  price_base_unit_code: string | null;
  line_amount: string | null;
  /** The requested period's end, else its start (the line's own period, else the header's). */
  requested_delivery_date: string | null;
  /** The requested period itself: the line's own (its first delivery's), else the header's. */
  requested_delivery_start_date: string | null;
  requested_delivery_end_date: string | null;
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

/**
 * A line's delivery schedule: one row per cac:Delivery of a line with several (quantities on
 * different dates), else one row with the line's quantity and requested period. An OrderChange
 * that states a line's quantity, deliveries or period replaces its rows.
 */
export interface SalesOrderScheduleLineTable {
  order_key: string;
  line_id: string;
  /** 1-based, in document order. */
  position: number;
  /** cac:Delivery/cbc:ID, when the buyer numbers its deliveries. */
  delivery_id: string | null;
  quantity: string | null;
  unit_code: string | null;
  requested_delivery_start_date: string | null;
  requested_delivery_end_date: string | null;
}

/** A header cac:AllowanceCharge: a discount (charge_indicator 0) or a surcharge (1) on the order. */
export interface SalesOrderAllowanceChargeTable {
  order_key: string;
  position: number;
  /** 1 = charge, 0 = allowance (integer for portability). */
  charge_indicator: number;
  reason_code: string | null;
  reason: string | null;
  /** cbc:MultiplierFactorNumeric as written (Peppol: a percentage, 5 = 5 %). */
  multiplier_factor: string | null;
  amount: string;
  currency: string | null;
  base_amount: string | null;
  tax_category_id: string | null;
  tax_percent: string | null;
  tax_scheme_id: string | null;
}

/** A cac:TaxTotal of the order. */
export interface SalesOrderTaxTotalTable {
  order_key: string;
  position: number;
  tax_amount: string;
  currency: string | null;
}

/** A cac:TaxSubtotal of a tax total (`tax_total_position`). */
export interface SalesOrderTaxSubtotalTable {
  order_key: string;
  tax_total_position: number;
  position: number;
  taxable_amount: string | null;
  tax_amount: string;
  currency: string | null;
  percent: string | null;
  tax_category_id: string | null;
  tax_category_percent: string | null;
  tax_scheme_id: string | null;
}

/** Header cbc:Note of each Order or OrderChange applied, kept per document (they are messages). */
export interface SalesOrderNoteTable {
  order_key: string;
  /** Content hash of the archived message the note came from. */
  document_sha256: string;
  position: number;
  document_kind: 'Order' | 'OrderChange';
  note: string;
  added_at: ColumnType<string, string, never>;
}

/** A cac:AdditionalDocumentReference: the reference only, never an embedded file's content. */
export interface SalesOrderAttachmentTable {
  order_key: string;
  position: number;
  document_id: string | null;
  document_type_code: string | null;
  document_type: string | null;
  description: string | null;
  external_uri: string | null;
  file_name: string | null;
  mime_code: string | null;
  /** 1 when the file is embedded in the archived message (integer for portability). */
  embedded: number;
}

export { outboundKinds, type OutboundKind } from '../domain/outbound-kind';

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

export const operatorActionKinds = [
  'order.retry',
  'order.replay',
  'order.reset',
  'quarantine.reprocess',
  'quarantine.discard',
] as const;
/** The recovery commands that leave a record (docs/operations.md, "Recovery"). */
export type OperatorActionKind = (typeof operatorActionKinds)[number];

export const operatorActionOutcomes = ['done', 'refused', 'failed'] as const;
/** `done`: the action took effect; `refused`: the pipeline said no (nothing changed); `failed`: an error. */
export type OperatorActionOutcome = (typeof operatorActionOutcomes)[number];

/** One operator action of the recovery commands, with its reason and outcome (the audit trail). */
export interface OperatorActionTable {
  /** A UUID. */
  id: string;
  /** ISO-8601. */
  at: string;
  integration: string;
  action: OperatorActionKind;
  /** The order key, or the archived message's sha256 for quarantine actions. */
  target: string;
  reason: string | null;
  outcome: OperatorActionOutcome;
  /** What came of it, in words (the new run id of a reset, the order a message went to, the error). */
  detail: string | null;
  /** Who ran the command (the operating-system user), when known. */
  actor: string | null;
}

export type InboundMessage = Selectable<InboundMessageTable>;
export type SalesOrderRow = Selectable<SalesOrderTable>;
export type SalesOrderLineRow = Selectable<SalesOrderLineTable>;
export type OutboundDocumentRow = Selectable<OutboundDocumentTable>;
export type OperatorActionRow = Selectable<OperatorActionTable>;
