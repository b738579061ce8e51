import { Context } from '@temporalio/activity';
import type { InboundDocument } from '../domain/documents';
import type { InboundValidationMode } from '../domain/inbound-validation';
import { sha256Hex, type MessageArchive } from '../db/message-archive';
import type { InboundMessage } from '../db/schema';
import type { XsdValidator } from '../ubl/xsd-validator';
import type { DrainResult } from '../workflows/intake-messages';
import { messageRefOf, routeArchivedMessage } from './message-routing';
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
  /** Told what happens to each message and drain (the worker's metrics); absent: nobody is told. */
  metrics?: IntakeMetrics;
}

/** What became of a message taken from the queue; `duplicate`: handed off or quarantined before. */
export type MessageOutcome = 'handed_off' | 'quarantined' | 'duplicate';

/** What the intake reports as it goes (worker/metrics.ts turns it into Prometheus metrics). */
export interface IntakeMetrics {
  /** `kind` is the document's root element, when it could be read; `reason` is the quarantine reason. */
  messageTaken(integration: string, kind: string | undefined, outcome: MessageOutcome, reason?: string): void;
  messageAcknowledged(integration: string): void;
  /** A drain that emptied the queue or used up its budget without an error. */
  drainSucceeded(integration: string): void;
}

/** `warn`: problems recorded on the archive and the order; `strict`: the message is quarantined with them. */
export type InboundValidation =
  { mode: 'off' } | { mode: Exclude<InboundValidationMode, 'off'>; validator: XsdValidator };

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
      // An earlier drain may have ended owing the archive a settlement (its GET failed after a lost
      // acknowledgement answer, the retried acknowledgement failed again, or its worker died).
      let settleFirst = true;
      // Heartbeats also while a request or the hand-off waits: a dead worker is noticed in seconds.
      const heartbeats = setInterval(() => context.heartbeat(result), 2000);
      try {
        for (;;) {
          if (Date.now() >= deadline) {
            result.stoppedBecause = 'budget';
            deps.metrics?.drainSucceeded(integration);
            return result;
          }
          context.heartbeat(result);
          const message = await deps.jakamo.fetchQueueHead(context.cancellationSignal);
          const redeliveredHead =
            uncertain !== undefined &&
            message !== undefined &&
            (await isSameMessage(deps, integration, message, uncertain));
          if (settleFirst || (uncertain !== undefined && !redeliveredHead)) {
            // The queue moved on, so Jakamo did process the acknowledgements whose answers were
            // lost: in this drain, or in one that failed or died before it could tell.
            const head = message === undefined ? undefined : sha256Hex(message.body);
            const settled = await deps.archive.settleAcknowledgementsBefore(integration, head);
            result.acknowledged += settled;
            for (let i = 0; i < settled; i++) deps.metrics?.messageAcknowledged(integration);
            settleFirst = false;
          }
          if (message === undefined) {
            deps.metrics?.drainSucceeded(integration);
            return result;
          }
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
  if (record.status !== 'received') {
    deps.metrics?.messageTaken(
      integration,
      record.document_kind ?? record.root_element ?? undefined,
      'duplicate',
    );
    return record;
  }

  const routing = routeArchivedMessage(integration, message.body);
  if (!routing.ok) {
    await deps.archive.markQuarantined(integration, record.sha256, routing.reason, routing.rootElement);
    result.quarantined++;
    deps.metrics?.messageTaken(integration, routing.rootElement, 'quarantined', routing.reason);
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
      deps.metrics?.messageTaken(integration, document.kind, 'quarantined', reason);
      return record;
    }
  }
  const ref = messageRefOf(record, routing, validationProblems);
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
    deps.metrics?.messageTaken(integration, document.kind, 'handed_off');
  } else {
    await deps.archive.markQuarantined(integration, record.sha256, routed.reason, document.kind);
    result.quarantined++;
    deps.metrics?.messageTaken(integration, document.kind, 'quarantined', routed.reason);
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
  deps.metrics?.messageAcknowledged(integration);
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
