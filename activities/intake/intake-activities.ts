import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { sha256Hex } from '../../db/message-archive';
import type { InboundMessage } from '../../db/schema';
import type { DrainResult } from '../../workflows/intake-messages';
import { JakamoApiError, JakamoErrorType } from '../jakamo/jakamo-errors';
import type { JakamoClient, QueueMessage } from '../jakamo/jakamo-client';
import type { JakamoClients } from '../jakamo/jakamo-clients';
import { toApplicationFailure } from '../jakamo/jakamo-failure';
import { OutboxDispatcher, type HandOffDependencies, type HandOffMetrics } from './outbox-dispatcher';
import type { DrainQueueInput, IntakeActivities } from '../types';

export type { InboundValidation, MessageOutcome } from './outbox-dispatcher';

export interface IntakeDependencies extends HandOffDependencies {
  /** The Jakamo client of each integration this worker serves; a drain uses its own integration's. */
  jakamo: JakamoClients;
  /** Told what happens to each message and drain (the worker's metrics); absent: nobody is told. */
  metrics?: IntakeMetrics;
  /** How long a drain keeps watching an empty queue (JAKAMO_DRAIN_LINGER); absent or 0: it ends at once. */
  drainLingerMs?: number;
}

/** How often a lingering drain looks at an empty queue again. */
export const lingerPollMs = 250;

/** What the intake reports as it goes (worker/metrics.ts turns it into Prometheus metrics). */
export interface IntakeMetrics extends HandOffMetrics {
  messageAcknowledged(integration: string): void;
  /** A drain that emptied the queue or used up its budget without an error. */
  drainSucceeded(integration: string): void;
}

/** The dependencies of one drain: its own integration's Jakamo client. */
type DrainDependencies = Omit<IntakeDependencies, 'jakamo'> & { jakamo: JakamoClient };

/** An acknowledgement whose answer never came: Jakamo may or may not have cleared the message. */
interface UncertainAck {
  sha256: string;
}

/**
 * The queue-draining activity: GET the head of the queue → archive it → acknowledge → next, until
 * the queue is empty or the time budget ends. The archive is the outbox: once a message is
 * committed there it is safe to acknowledge, and an `OutboxDispatcher` running beside the drain
 * hands it to its order workflow (or quarantines it, so one bad message never blocks anything).
 * The drain ends when the queue is empty and the outbox too. A lost acknowledgement leads at worst
 * to a redelivery, which the archive recognises.
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
      // First hands off what earlier drains archived but did not hand off (a crash, a failure).
      const dispatcher = new OutboxDispatcher(deps, integration, result, context.log);
      // An earlier drain may have ended owing the archive a settlement (its GET failed after a lost
      // acknowledgement answer, the retried acknowledgement failed again, or its worker died).
      let settleFirst = true;
      // While the queue stays empty the drain lingers, if asked to: a new order is taken within
      // a quarter of a second, at no cost to the Temporal server (no timer, no new activity).
      let emptySince: number | undefined;
      // Heartbeats also while a request or the hand-off waits: a dead worker is noticed in seconds.
      const heartbeats = setInterval(() => context.heartbeat(result), 2000);
      const lingerMs = deps.drainLingerMs ?? 0;
      /** The drain ends once the outbox is empty too. */
      const end = async (stoppedBecause: DrainResult['stoppedBecause']): Promise<DrainResult> => {
        await dispatcher.finish();
        result.stoppedBecause = stoppedBecause;
        deps.metrics?.drainSucceeded(integration);
        return result;
      };
      try {
        for (;;) {
          // A hand-off that fails (Temporal unreachable) stops the drain: its activity is retried.
          if (dispatcher.failed !== undefined) throw dispatcher.failed.error;
          if (Date.now() >= deadline) return await end('budget');
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
            emptySince ??= Date.now();
            const lingerEnd = Math.min(deadline, emptySince + lingerMs);
            if (Date.now() + lingerPollMs <= lingerEnd && !context.cancellationSignal.aborted) {
              // Woken early by a cancellation, which the next request then reports.
              await sleep(lingerPollMs, undefined, { signal: context.cancellationSignal }).catch(
                () => undefined,
              );
              continue;
            }
            // Lingering to the end of the budget means listening all along: the next drain starts
            // at once instead of after the poll interval.
            return await end(lingerMs > 0 && lingerEnd === deadline ? 'budget' : 'empty');
          }
          emptySince = undefined;
          const record = await archiveMessage(deps, integration, message, result);
          dispatcher.notify();
          uncertain = await acknowledge(deps, integration, message, record, result, redeliveredHead);
        }
      } catch (error) {
        // Progress was made: hand back what was done, so that Temporal's backoff only grows
        // for drains that move nothing (the attempt counter resets with each new drain). Jakamo
        // being away does not stop the hand-off of what is archived already.
        if (result.received > 0 && error instanceof JakamoApiError && error.retryable) {
          await dispatcher.finish();
          return { ...result, stoppedBecause: 'interrupted', interruptedBy: error.message };
        }
        await dispatcher.stop();
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

/** Archives a message: from then on it is safe to acknowledge, and the dispatcher's to hand off. */
async function archiveMessage(
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
