import type { OrderDocument } from '../domain/documents';

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

/**
 * The supplier's ERP as the pipeline sees it. Every call is idempotent, keyed by the order key
 * (and line ids), because activities are retried and messages can be delivered twice.
 */
export interface ErpAdapter {
  importSalesOrder(input: SalesOrderImport): Promise<SalesOrderImportResult>;
}
