import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MessageArchive } from '../db/message-archive';
import type { ErpAdapter } from '../erp/erp-adapter';
import { isUblDocumentError } from '../ubl/errors';
import { parseInboundDocument } from '../ubl/parse-inbound';
import type { JakamoClient } from './jakamo/jakamo-client';
import { toApplicationFailure } from './jakamo/jakamo-failure';
import type {
  ErpActivities,
  ImportSalesOrderInput,
  ImportSalesOrderResult,
  JakamoOrderActivities,
  SimpleConfirmInput,
} from './types';

export interface OrderActivityDependencies {
  archive: MessageArchive;
  erp: ErpAdapter;
  jakamo: JakamoClient;
}

/** The side effects of an order's life: ERP writes and Jakamo confirmations. */
export function createOrderActivities(
  deps: OrderActivityDependencies,
): ErpActivities & JakamoOrderActivities {
  return {
    async importSalesOrder({ orderKey, message }: ImportSalesOrderInput): Promise<ImportSalesOrderResult> {
      // The workflow carries a reference; the archived raw message is the source of truth.
      const archived = await deps.archive.find(message.integration, message.sha256);
      if (archived === undefined) {
        throw ApplicationFailure.nonRetryable(
          `Archived message ${message.sha256} is missing from the connector database: was the database reset?`,
          'ArchivedMessageMissing',
        );
      }
      let document;
      try {
        document = parseInboundDocument(archived.raw_xml);
      } catch (error) {
        if (!isUblDocumentError(error)) throw error;
        throw ApplicationFailure.nonRetryable(
          `Archived message ${message.sha256} cannot be read as an Order (${error.code}: ${error.message})`,
          'DocumentUnreadable',
        );
      }
      if (document.kind !== 'Order') {
        throw ApplicationFailure.nonRetryable(
          `Message ${message.sha256} is a ${document.kind}, not an Order`,
          'NotAnOrder',
        );
      }
      const { created } = await deps.erp.importSalesOrder({
        orderKey,
        integration: message.integration,
        jakamoOrderNumber: message.jakamoOrderNumber,
        sourceMessageSha256: message.sha256,
        order: document,
      });
      return {
        created,
        lines: document.lines.map((line) => ({
          lineId: line.lineId,
          itemName: line.item.name,
          quantity: line.quantity?.value,
          unitCode: line.quantity?.unitCode,
          price: line.price?.amount.value,
          currency: line.price?.amount.currencyId ?? document.currency,
          deliveryDate: line.requestedDelivery?.endDate ?? line.requestedDelivery?.startDate,
          status: line.lineStatusCode ?? 'Open',
        })),
      };
    },

    async simpleConfirm({ confirmUrl, note }: SimpleConfirmInput): Promise<void> {
      try {
        await deps.jakamo.simpleConfirm(confirmUrl, note, Context.current().cancellationSignal);
      } catch (error) {
        throw toApplicationFailure(error);
      }
    },
  };
}
