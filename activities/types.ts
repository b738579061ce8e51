import type { DrainResult, JakamoMessageRef } from '../workflows/definitions';
import type { ImportedLine } from '../workflows/order-rules';

/**
 * The activity signatures the workflows call. Workflows import these as types only; the
 * implementations come from the factories in this folder.
 */

export interface ImportSalesOrderInput {
  orderKey: string;
  message: JakamoMessageRef;
}

export interface ImportSalesOrderResult {
  created: boolean;
  lines: ImportedLine[];
}

export interface ErpActivities {
  importSalesOrder(input: ImportSalesOrderInput): Promise<ImportSalesOrderResult>;
}

export interface SimpleConfirmInput {
  orderKey: string;
  confirmUrl: string;
  note?: string;
}

export interface JakamoOrderActivities {
  simpleConfirm(input: SimpleConfirmInput): Promise<void>;
}

export interface DrainQueueInput {
  integration: string;
  budgetMs: number;
}

export interface IntakeActivities {
  drainQueue(input: DrainQueueInput): Promise<DrainResult>;
}
