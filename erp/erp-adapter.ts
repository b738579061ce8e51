import type { DecimalString, OrderChangeDocument, OrderDocument } from '../domain/documents';

export interface SalesOrderImport {
  orderKey: string;
  integration: string;
  jakamoOrderNumber: string | undefined;
  /** Content hash of the archived message the order came from (traceability in the ERP). */
  sourceMessageSha256: string;
  order: OrderDocument;
}

export interface SalesOrderImportResult {
  orderKey: string;
  /** False when the ERP already had this order: the import was a no-op. */
  created: boolean;
}

export interface SalesOrderChange {
  orderKey: string;
  /** Content hash of the archived OrderChange: with the order key, the idempotency key. */
  sourceMessageSha256: string;
  change: OrderChangeDocument;
}

export interface SalesOrderLineCancellation {
  orderKey: string;
  /** Idempotency key with the order key (an effect id or a document hash). */
  documentId: string;
  /** The lines to cancel; ignored when `wholeOrder`. */
  lineIds: string[];
  wholeOrder: boolean;
  reason: string;
}

export interface ConfirmedLineTerms {
  lineId: string;
  quantity: DecimalString;
  price: DecimalString | undefined;
  deliveryDate: string | undefined;
}

export interface SalesOrderConfirmation {
  orderKey: string;
  documentId: string;
  lines: ConfirmedLineTerms[];
  /** True for proposed terms (the customer has not accepted them yet). */
  proposal: boolean;
}

export interface SalesOrderDelivery {
  orderKey: string;
  documentId: string;
  lines: { lineId: string; quantity: DecimalString }[];
}

/** Whether a call changed the ERP (false: the same document was applied before). */
export interface ErpWriteResult {
  applied: boolean;
}

/**
 * The supplier's ERP as the pipeline sees it. Every call is idempotent, keyed by the order key
 * and a document id (and line ids), because activities are retried and messages can be
 * delivered twice. A call about an order or line the ERP does not know throws `ErpRefusedError`.
 */
export interface ErpAdapter {
  importSalesOrder(input: SalesOrderImport): Promise<SalesOrderImportResult>;
  /** Changed quantity / price / date, added lines, and lines cancelled by quantity 0 or LineStatusCode (`Cancelled`, `2`). */
  applyOrderChange(input: SalesOrderChange): Promise<ErpWriteResult>;
  cancelSalesOrderLines(input: SalesOrderLineCancellation): Promise<ErpWriteResult>;
  recordConfirmation(input: SalesOrderConfirmation): Promise<ErpWriteResult>;
  recordDelivery(input: SalesOrderDelivery): Promise<ErpWriteResult>;
}

/** The ERP refused a write it cannot do (unknown order or line): retrying cannot help. */
export class ErpRefusedError extends Error {
  override name = 'ErpRefusedError';
}
