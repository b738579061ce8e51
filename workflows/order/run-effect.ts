import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { ErpActivities, JakamoOrderActivities } from '../../activities/types';
import { PipelineFailureType } from '../../domain/failure-types';
import { activitySummary, type OrderEffect } from './effects';
import type { EffectOutcome, EffectResult } from './events';
import type { OrderState } from './state';

// ERP writes are short database calls, run as local activities: in the worker, inside the workflow
// task that decided them (an order's import in the task that took its message), with one marker in
// the history instead of a scheduled/started/completed activity and a further workflow task. That is
// safe because every ERP write is idempotent by its document id (the ERP's ledger, the sales
// order's key): a local activity runs again when its task is lost before the marker is recorded.
// Transient failures (the database away) retry until they pass; a refusal is non-retryable. Only
// the short waits (1, 2, 4 s) happen in the worker; from 8 s on the wait is a timer, so a database
// outage does not hold the workflow task open for long.
const erp = proxyLocalActivities<ErpActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  localRetryThreshold: '5 seconds',
});

// Requests to Jakamo heartbeat while they wait, so a crashed worker's request is retried within
// the heartbeat timeout. Network errors are retried with backoff until they pass; 5xx answers
// too, until the activity's cap says the document itself is the problem (DESIGN.md 4.3). A retry
// never re-sends a request whose answer was recorded (see the activities).
const jakamo = proxyActivities<JakamoOrderActivities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

/** Runs one effect's activity; the outcome comes back as an event for `decide`. */
export async function runEffect(state: OrderState, effect: OrderEffect): Promise<EffectOutcome> {
  if (effect.kind === 'simpleConfirm' && state.confirmUrl === undefined) {
    // The decisions send an OrderResponse when there is no confirm URL; kept as attention, not a crash.
    const reason =
      'The order has no Jakamo-Confirm-Url: confirm it with an OrderResponse (a new confirm from the ERP)';
    return { type: 'effectFailed', effect, errorType: PipelineFailureType.MissingConfirmUrl, reason };
  }
  try {
    const result = await callActivity(state, effect);
    return { type: 'effectSucceeded', effect, result };
  } catch (error) {
    const failure = stepFailure(error);
    if (failure === undefined) throw error;
    const { cause, message } = failure;
    const errorType =
      cause instanceof ApplicationFailure
        ? (cause.type ?? 'ApplicationFailure')
        : (cause?.name ?? 'ActivityFailure');
    return { type: 'effectFailed', effect, errorType, reason: cause?.message ?? message };
  }
}

/**
 * What a failed step's activity reported, or undefined for an error of the workflow's own code
 * (which fails the workflow task, to be fixed and retried). A regular activity's failure comes
 * wrapped in an ActivityFailure; a local activity's comes as the activity threw it (SDK 1.24:
 * the worker resolves it without the server's wrapping), or as a timeout.
 */
function stepFailure(error: unknown): { cause: Error | undefined; message: string } | undefined {
  if (error instanceof ActivityFailure) return { cause: error.cause, message: error.message };
  if (error instanceof ApplicationFailure || error instanceof TimeoutFailure) {
    return { cause: error, message: error.message };
  }
  return undefined;
}

async function callActivity(state: OrderState, effect: OrderEffect): Promise<EffectResult> {
  const { orderKey, integration } = state;
  const outbound = { orderKey, integration, effectId: effect.id };
  // Per call: the summary names this step (lines, purpose), not only the activity type.
  const options = { summary: activitySummary(effect) };
  switch (effect.kind) {
    case 'importSalesOrder':
      return await erp.importSalesOrder.executeWithOptions(options, [
        { orderKey, integration, messageSha256: effect.messageSha256 },
      ]);
    case 'applyOrderChange':
      await erp.applyOrderChange.executeWithOptions(options, [
        { orderKey, integration, messageSha256: effect.messageSha256 },
      ]);
      return {};
    case 'cancelSalesOrderLines':
      await erp.cancelSalesOrderLines.executeWithOptions(options, [
        {
          orderKey,
          documentId: effect.messageSha256,
          lineIds: effect.lineIds,
          wholeOrder: effect.wholeOrder,
          reason: 'cancelled by the customer',
        },
      ]);
      return {};
    case 'recordConfirmation':
      await erp.recordConfirmation.executeWithOptions(options, [
        {
          orderKey,
          documentId: effect.id,
          lines: effect.lines,
          proposal: effect.proposal,
        },
      ]);
      return {};
    case 'recordDelivery':
      await erp.recordDelivery.executeWithOptions(options, [
        { orderKey, documentId: effect.id, lines: effect.lines },
      ]);
      return {};
    case 'simpleConfirm':
      return await jakamo.simpleConfirm.executeWithOptions(options, [
        {
          ...outbound,
          confirmUrl: state.confirmUrl ?? '',
          note: effect.note,
        },
      ]);
    case 'postOrderResponse':
      return await jakamo.postOrderResponse.executeWithOptions(options, [
        {
          ...outbound,
          purpose: effect.purpose,
          basisSha256: effect.basisSha256,
          lines: effect.lines,
          note: effect.note,
          sellerContactId: effect.sellerContactId,
          jakamoOrderNumber: state.jakamoOrderNumber,
        },
      ]);
    case 'putDeliveredStatus':
      return await jakamo.putDeliveredStatus.executeWithOptions(options, [
        {
          ...outbound,
          orderNumber: state.orderNumber,
          buyerPartyId: state.buyerPartyId,
          lines: effect.lines,
          wholeOrder: effect.wholeOrder,
          note: effect.note,
        },
      ]);
  }
}
