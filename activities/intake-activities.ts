import { Context } from '@temporalio/activity';
import type { ConfirmationPolicy } from '../config/settings';
import type { InboundDocument } from '../domain/documents';
import { orderKey } from '../domain/order-key';
import type { MessageArchive } from '../db/message-archive';
import { isUblDocumentError } from '../ubl/errors';
import { parseInboundDocument } from '../ubl/parse-inbound';
import type { DrainResult, JakamoMessageRef } from '../workflows/definitions';
import { toApplicationFailure } from './jakamo/jakamo-failure';
import type { JakamoClient, QueueMessage } from './jakamo/jakamo-client';
import type { OrderRouter } from './order-router';
import type { DrainQueueInput, IntakeActivities } from './types';

export interface IntakeDependencies {
  jakamo: JakamoClient;
  archive: MessageArchive;
  router: OrderRouter;
  confirmationPolicy: ConfirmationPolicy;
  maxMessageBytes?: number;
}

type Routing =
  | { ok: true; document: InboundDocument; buyerPartyId: string }
  | { ok: false; reason: string; rootElement: string | undefined };

/**
 * The queue-draining activity: GET the head of the queue → archive it → hand it to its order
 * workflow → acknowledge → next, until the queue is empty or the time budget ends. A message
 * that cannot be parsed or routed is quarantined with its reason and acknowledged, so one bad
 * message never blocks the queue. Acknowledging only after the hand-off is durable means a lost
 * acknowledgement leads to a redelivery, which the archive recognises.
 */
export function createIntakeActivities(deps: IntakeDependencies): IntakeActivities {
  return {
    async drainQueue({ integration, budgetMs }: DrainQueueInput): Promise<DrainResult> {
      const context = Context.current();
      const deadline = Date.now() + budgetMs;
      const result: DrainResult = {
        received: 0,
        redelivered: 0,
        handedOff: 0,
        quarantined: 0,
        acknowledged: 0,
        stoppedBecause: 'empty',
      };
      try {
        for (;;) {
          if (Date.now() >= deadline) {
            result.stoppedBecause = 'budget';
            return result;
          }
          const message = await deps.jakamo.fetchQueueHead(context.cancellationSignal);
          if (message === undefined) return result;
          await takeMessage(deps, integration, message, result);
          context.heartbeat(result);
        }
      } catch (error) {
        throw toApplicationFailure(error);
      }
    },
  };
}

async function takeMessage(
  deps: IntakeDependencies,
  integration: string,
  message: QueueMessage,
  result: DrainResult,
): Promise<void> {
  const { record, redelivered } = await deps.archive.recordReceived({
    integration,
    rawXml: message.body,
    acknowledgeUri: message.acknowledgeUri,
    confirmUrl: message.confirmUrl,
    jakamoOrderNumber: message.jakamoOrderNumber,
  });
  result.received++;
  if (redelivered) result.redelivered++;

  // Handed off (or quarantined) before: the acknowledgement was lost, so only acknowledge again.
  if (record.status === 'received') {
    const routing = route(message.body, deps.maxMessageBytes);
    if (routing.ok) {
      const { document, buyerPartyId } = routing;
      const key = orderKey({ integration, buyerPartyId, orderNumber: document.orderNumber });
      const ref: JakamoMessageRef = {
        integration,
        sha256: record.sha256,
        kind: document.kind,
        orderNumber: document.orderNumber,
        buyerPartyId,
        jakamoOrderNumber: message.jakamoOrderNumber,
        confirmUrl: message.confirmUrl,
        sequenceNumber: document.kind === 'OrderChange' ? document.sequenceNumber : undefined,
        receivedAt: record.first_received_at,
      };
      const routed = await deps.router.route(
        {
          orderKey: key,
          integration,
          buyerPartyId,
          orderNumber: document.orderNumber,
          confirmationPolicy: deps.confirmationPolicy,
        },
        ref,
      );
      if (routed.routed) {
        await deps.archive.markHandedOff(integration, record.sha256, {
          rootElement: document.kind,
          documentKind: document.kind,
          orderKey: key,
        });
        result.handedOff++;
      } else {
        await deps.archive.markQuarantined(integration, record.sha256, routed.reason, document.kind);
        result.quarantined++;
      }
    } else {
      await deps.archive.markQuarantined(integration, record.sha256, routing.reason, routing.rootElement);
      result.quarantined++;
    }
  }
  await deps.jakamo.acknowledgeMessage(message.acknowledgeUri);
  await deps.archive.markAcknowledged(integration, record.sha256);
  result.acknowledged++;
}

function route(body: string, maxBytes: number | undefined): Routing {
  let document: InboundDocument;
  try {
    document = parseInboundDocument(body, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (isUblDocumentError(error)) {
      return { ok: false, reason: `${error.code}: ${error.message}`, rootElement: undefined };
    }
    throw error;
  }
  const buyerPartyId = document.kind === 'StatusMessage' ? document.buyerPartyId : document.buyer.id;
  if (buyerPartyId === undefined || buyerPartyId.trim() === '') {
    return {
      ok: false,
      reason: `missing-element: the ${document.kind} for order ${document.orderNumber} names no buyer party id, so it cannot be routed to its order`,
      rootElement: document.kind,
    };
  }
  return { ok: true, document, buyerPartyId };
}
