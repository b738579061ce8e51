import { Context } from '@temporalio/activity';
import type { InboundDocument } from '../domain/documents';
import type { InboundValidationMode } from '../domain/inbound-validation';
import { orderKey } from '../domain/order-key';
import type { MessageArchive } from '../db/message-archive';
import type { InboundMessage } from '../db/schema';
import { isUblDocumentError } from '../ubl/errors';
import { parseInboundDocument } from '../ubl/parse-inbound';
import type { XsdValidator } from '../ubl/xsd-validator';
import type { JakamoMessageRef } from '../domain/order-message';
import type { DrainResult } from '../workflows/intake-messages';
import { messageContent } from './message-content';
import { JakamoApiError, JakamoErrorType } from './jakamo/jakamo-errors';
import type { JakamoClient, QueueMessage } from './jakamo/jakamo-client';
import type { JakamoClients } from './jakamo/jakamo-clients';
import { toApplicationFailure } from './jakamo/jakamo-failure';
import type { OrderDefaults, OrderRouter } from './order-router';
import type { DrainQueueInput, IntakeActivities } from './types';

export interface IntakeDependencies {
  /** The Jakamo client of each integration this worker serves; a drain uses its own integration's. */
  jakamo: JakamoClients;
  archive: MessageArchive;
  router: OrderRouter;
  /** How new order workflows are set up (policy, response style, seller contact, quiet period). */
  orderDefaults: OrderDefaults;
  /** XSD validation of inbound UBL documents (UBL_INBOUND_VALIDATION); absent: none. */
  inboundValidation?: InboundValidation;
}

/** `warn`: problems recorded on the archive and the order; `strict`: the message is quarantined with them. */
export type InboundValidation =
  { mode: 'off' } | { mode: Exclude<InboundValidationMode, 'off'>; validator: XsdValidator };

type Routing =
  | { ok: true; document: InboundDocument; buyerPartyId: string; orderKey: string }
  | { ok: false; reason: string; rootElement: string | undefined };

/** The dependencies of one drain: its own integration's Jakamo client. */
type DrainDependencies = Omit<IntakeDependencies, 'jakamo'> & { jakamo: JakamoClient };

/** An acknowledgement whose answer never came: Jakamo may or may not have cleared the message. */
interface UncertainAck {
  sha256: string;
}

/**
 * The queue-draining activity: GET the head of the queue → archive it → hand it to its order
 * workflow → acknowledge → next, until the queue is empty or the time budget ends. A message
 * that cannot be parsed or routed is quarantined with its reason and acknowledged, so one bad
 * message never blocks the queue. Acknowledging only after the hand-off is durable means a lost
 * acknowledgement leads at worst to a redelivery, which the archive recognises.
 */
export function createIntakeActivities(dependencies: IntakeDependencies): IntakeActivities {
  return {
    async drainQueue({ integration, budgetMs }: DrainQueueInput): Promise<DrainResult> {
      const context = Context.current();
      // Orders never cross integrations: this queue is read and acknowledged with its own credentials.
      const deps: DrainDependencies = {
        ...dependencies,
        jakamo: dependencies.jakamo.forIntegration(integration),
      };
      const deadline = Date.now() + budgetMs;
      const result: DrainResult = {
        received: 0,
        redelivered: 0,
        handedOff: 0,
        quarantined: 0,
        acknowledged: 0,
        stoppedBecause: 'empty',
      };
      let uncertain: UncertainAck | undefined;
      // Heartbeats also while a request or the hand-off waits: a dead worker is noticed in seconds.
      const heartbeats = setInterval(() => context.heartbeat(result), 2000);
      try {
        for (;;) {
          if (Date.now() >= deadline) {
            result.stoppedBecause = 'budget';
            return result;
          }
          context.heartbeat(result);
          const message = await deps.jakamo.fetchQueueHead(context.cancellationSignal);
          const redeliveredHead =
            uncertain !== undefined &&
            message !== undefined &&
            (await isSameMessage(deps, integration, message, uncertain));
          if (uncertain !== undefined && !redeliveredHead) {
            // The queue moved on, so Jakamo did process the acknowledgement whose answer was lost.
            await deps.archive.markAcknowledged(integration, uncertain.sha256);
            result.acknowledged++;
          }
          if (message === undefined) return result;
          const record = await takeMessage(deps, integration, message, result);
          context.heartbeat(result);
          uncertain = await acknowledge(deps, integration, message, record, result, redeliveredHead);
        }
      } catch (error) {
        // Progress was made: hand back what was done, so that Temporal's backoff only grows
        // for drains that move nothing (the attempt counter resets with each new drain).
        if (result.received > 0 && error instanceof JakamoApiError && error.retryable) {
          return { ...result, stoppedBecause: 'interrupted', interruptedBy: error.message };
        }
        throw toApplicationFailure(error);
      } finally {
        clearInterval(heartbeats);
      }
    },
  };
}

async function isSameMessage(
  deps: DrainDependencies,
  integration: string,
  message: QueueMessage,
  uncertain: UncertainAck,
): Promise<boolean> {
  const archived = await deps.archive.find(integration, uncertain.sha256);
  return archived?.raw_xml === message.body;
}

/** Archives a message and, the first time it is seen, quarantines or routes it. */
async function takeMessage(
  deps: DrainDependencies,
  integration: string,
  message: QueueMessage,
  result: DrainResult,
): Promise<InboundMessage> {
  const { record, redelivered } = await deps.archive.recordReceived({
    integration,
    rawXml: message.body,
    acknowledgeUri: message.acknowledgeUri,
    confirmUrl: message.confirmUrl,
    jakamoOrderNumber: message.jakamoOrderNumber,
  });
  result.received++;
  if (redelivered) result.redelivered++;
  // Handed off (or quarantined) before: only the acknowledgement is still owed.
  if (record.status !== 'received') return record;

  const routing = route(integration, message.body);
  if (!routing.ok) {
    await deps.archive.markQuarantined(integration, record.sha256, routing.reason, routing.rootElement);
    result.quarantined++;
    return record;
  }
  const { document, buyerPartyId } = routing;
  const validationProblems = await validateInbound(deps.inboundValidation, document, message.body);
  if (validationProblems.length > 0) {
    await deps.archive.recordValidationProblems(integration, record.sha256, validationProblems);
    if (deps.inboundValidation?.mode === 'strict') {
      const reason = `invalid: the ${document.kind} is not valid UBL 2.1 (UBL_INBOUND_VALIDATION=strict): ${validationProblems.join('; ')}`;
      await deps.archive.markQuarantined(integration, record.sha256, reason, document.kind);
      result.quarantined++;
      return record;
    }
  }
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
    content: messageContent(document),
    ...(validationProblems.length > 0 ? { validationProblems } : {}),
  };
  const routed = await deps.router.route(
    {
      orderKey: routing.orderKey,
      integration,
      buyerPartyId,
      orderNumber: document.orderNumber,
      ...deps.orderDefaults.forCustomer(integration, buyerPartyId),
    },
    ref,
  );
  if (routed.routed) {
    await deps.archive.markHandedOff(integration, record.sha256, {
      rootElement: document.kind,
      documentKind: document.kind,
      orderKey: routing.orderKey,
    });
    result.handedOff++;
  } else {
    await deps.archive.markQuarantined(integration, record.sha256, routed.reason, document.kind);
    result.quarantined++;
  }
  return record;
}

/**
 * POSTs the acknowledge URI. A lost answer (network error, 5xx) is not a failure of the drain:
 * the next GET tells whether Jakamo cleared the message. If the same message comes back and
 * its acknowledgement fails again, the drain fails and is retried with backoff.
 */
async function acknowledge(
  deps: DrainDependencies,
  integration: string,
  message: QueueMessage,
  record: InboundMessage,
  result: DrainResult,
  alreadyUncertain: boolean,
): Promise<UncertainAck | undefined> {
  try {
    await deps.jakamo.acknowledgeMessage(message.acknowledgeUri, Context.current().cancellationSignal);
  } catch (error) {
    const answerLost =
      error instanceof JakamoApiError &&
      (error.type === JakamoErrorType.Unreachable || error.type === JakamoErrorType.Unavailable);
    if (!answerLost || alreadyUncertain) throw error;
    Context.current().log.warn(
      'Acknowledgement answer lost; the next GET will tell whether it was processed',
      {
        integration,
        sha256: record.sha256,
        reason: error.message,
      },
    );
    return { sha256: record.sha256 };
  }
  await deps.archive.markAcknowledged(integration, record.sha256);
  result.acknowledged++;
  return undefined;
}

/**
 * The XSD problems of a UBL document (the StatusMessage has no schema), as "line N: message".
 * In `warn` mode a validator that cannot run is logged and nothing is blocked; in `strict` mode
 * it fails the drain, which is retried: nothing is quarantined for a fault of ours.
 */
async function validateInbound(
  validation: InboundValidation | undefined,
  document: InboundDocument,
  xml: string,
): Promise<string[]> {
  if (validation === undefined || validation.mode === 'off' || document.kind === 'StatusMessage') return [];
  try {
    const result = await validation.validator.validate(xml, document.kind);
    return result.problems.map((problem) =>
      problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`,
    );
  } catch (error) {
    if (validation.mode === 'strict') throw error;
    Context.current().log.warn('Inbound XSD validation could not run; the message goes on unvalidated', {
      kind: document.kind,
      reason: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
}

/**
 * Reads just enough of a message to route it. Anything that goes wrong here is about the
 * message (or a parser bug it triggers): it is quarantined, never allowed to block the queue.
 */
function route(integration: string, body: string): Routing {
  let document: InboundDocument;
  try {
    document = parseInboundDocument(body);
  } catch (error) {
    const reason = isUblDocumentError(error)
      ? `${error.code}: ${error.message}`
      : `internal: the parser failed on this message (${error instanceof Error ? error.message : String(error)}); report it with the archived message`;
    return { ok: false, reason, rootElement: undefined };
  }
  const buyerPartyId = document.kind === 'StatusMessage' ? document.buyerPartyId : document.buyer.id;
  if (buyerPartyId === undefined || buyerPartyId.trim() === '' || document.orderNumber.trim() === '') {
    return {
      ok: false,
      reason: `missing-element: the ${document.kind} names no buyer party id or order number, so it cannot be routed to its order`,
      rootElement: document.kind,
    };
  }
  return {
    ok: true,
    document,
    buyerPartyId,
    orderKey: orderKey({ integration, buyerPartyId, orderNumber: document.orderNumber }),
  };
}
