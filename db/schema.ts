import type { ColumnType, Selectable } from 'kysely';

/** Kysely's view of the connector's tables (created by `migrations/`). Timestamps are ISO-8601 text. */
export interface Database {
  inbound_messages: InboundMessageTable;
  sales_orders: SalesOrderTable;
  sales_order_lines: SalesOrderLineTable;
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
  status: string;
  source_message_sha256: string;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

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
  status: string;
}

export type InboundMessage = Selectable<InboundMessageTable>;
