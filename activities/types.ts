import type { DecimalString } from '../domain/documents';
import type { DrainResult } from '../workflows/intake-messages';
import type { DeliveredLine, OrderResponsePurpose, ResponseLineTerms } from '../domain/supplier-terms';

/**
 * The activity signatures the workflows call. Workflows import these as types only; the
 * implementations come from the factories in this folder.
 */

// ---- ERP -------------------------------------------------------------------------------

export interface ImportSalesOrderInput {
  orderKey: string;
  integration: string;
  /** The archived Order message. */
  messageSha256: string;
}

export interface ImportSalesOrderResult {
  /** False when the ERP already had this sales order (the import was a no-op). */
  created: boolean;
}

export interface ApplyOrderChangeInput {
  orderKey: string;
  integration: string;
  /** The archived OrderChange message; with the order key, the idempotency key. */
  messageSha256: string;
}

export interface CancelSalesOrderLinesInput {
  orderKey: string;
  /** Idempotency key with the order key (the effect id). */
  documentId: string;
  /** Empty with `wholeOrder` = every open line. */
  lineIds: string[];
  wholeOrder: boolean;
  reason: string;
}

export interface RecordConfirmationInput {
  orderKey: string;
  documentId: string;
  lines: ResponseLineTerms[];
  /** True when these are proposed terms the customer still has to accept. */
  proposal: boolean;
}

export interface RecordDeliveryInput {
  orderKey: string;
  documentId: string;
  lines: DeliveredLine[];
}

export interface ErpActivities {
  importSalesOrder(input: ImportSalesOrderInput): Promise<ImportSalesOrderResult>;
  applyOrderChange(input: ApplyOrderChangeInput): Promise<void>;
  cancelSalesOrderLines(input: CancelSalesOrderLinesInput): Promise<void>;
  recordConfirmation(input: RecordConfirmationInput): Promise<void>;
  recordDelivery(input: RecordDeliveryInput): Promise<void>;
}

// ---- Jakamo (outbound) -----------------------------------------------------------------

/** Every outbound request is recorded under the order key and the effect id that sends it. */
export interface OutboundInput {
  orderKey: string;
  integration: string;
  effectId: string;
}

export interface OutboundResult {
  httpStatus: number;
  /** True when a previous attempt's success was recorded: nothing was sent this time. */
  alreadySent: boolean;
}

export interface SimpleConfirmInput extends OutboundInput {
  confirmUrl: string;
  note: string | undefined;
}

export interface PostOrderResponseInput extends OutboundInput {
  purpose: OrderResponsePurpose;
  basisSha256: string;
  lines: ResponseLineTerms[];
  note: string | undefined;
  sellerContactId: string | undefined;
  /** Jakamo's order number, kept with the outbound record. */
  jakamoOrderNumber: string | undefined;
}

export interface PutDeliveredStatusInput extends OutboundInput {
  orderNumber: string;
  buyerPartyId: string;
  /** Empty with `wholeOrder` = the whole order. */
  lines: { lineId: string; quantity: DecimalString }[];
  wholeOrder: boolean;
  note: string | undefined;
}

export interface JakamoOrderActivities {
  simpleConfirm(input: SimpleConfirmInput): Promise<OutboundResult>;
  postOrderResponse(input: PostOrderResponseInput): Promise<OutboundResult>;
  putDeliveredStatus(input: PutDeliveredStatusInput): Promise<OutboundResult>;
}

// ---- intake ----------------------------------------------------------------------------

export interface DrainQueueInput {
  integration: string;
  budgetMs: number;
}

export interface IntakeActivities {
  drainQueue(input: DrainQueueInput): Promise<DrainResult>;
}
