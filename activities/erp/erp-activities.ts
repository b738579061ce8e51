import { ApplicationFailure } from '@temporalio/common';
import type { MessageArchive } from '../../db/message-archive';
import { PipelineFailureType } from '../../domain/failure-types';
import { ErpRefusedError, type ErpAdapter } from '../../erp/erp-adapter';
import { readArchivedDocument } from '../order/archived-document';
import type { ErpActivities } from '../types';

export interface ErpActivityDependencies {
  archive: MessageArchive;
  erp: ErpAdapter;
}

/** An ERP refusal cannot be helped by a retry: the order waits for an operator instead. */
async function refusalsAsFailures<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ErpRefusedError) {
      throw ApplicationFailure.nonRetryable(error.message, PipelineFailureType.ErpRefused);
    }
    throw error;
  }
}

/** The ERP side of an order's life: each activity is one idempotent ERP write. */
export function createErpActivities(deps: ErpActivityDependencies): ErpActivities {
  return {
    async importSalesOrder({ orderKey, integration, messageSha256 }) {
      const { document: order, archived } = await readArchivedDocument(
        deps.archive,
        integration,
        messageSha256,
        ['Order'],
      );
      const { created } = await refusalsAsFailures(() =>
        deps.erp.importSalesOrder({
          orderKey,
          integration,
          jakamoOrderNumber: archived.jakamo_order_number ?? undefined,
          sourceMessageSha256: messageSha256,
          order,
        }),
      );
      return { created };
    },

    async applyOrderChange({ orderKey, integration, messageSha256 }) {
      const { document: change } = await readArchivedDocument(deps.archive, integration, messageSha256, [
        'OrderChange',
      ]);
      await refusalsAsFailures(() =>
        deps.erp.applyOrderChange({ orderKey, sourceMessageSha256: messageSha256, change }),
      );
    },

    async cancelSalesOrderLines(input) {
      await refusalsAsFailures(() => deps.erp.cancelSalesOrderLines(input));
    },

    async recordConfirmation({ orderKey, documentId, lines, proposal }) {
      await refusalsAsFailures(() =>
        deps.erp.recordConfirmation({
          orderKey,
          documentId,
          proposal,
          lines: lines.map(({ lineId, quantity, price, deliveryDate }) => ({
            lineId,
            quantity,
            price,
            deliveryDate,
          })),
        }),
      );
    },

    async recordDelivery(input) {
      await refusalsAsFailures(() => deps.erp.recordDelivery(input));
    },
  };
}
