import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { OrderWorkflowInput } from '../../workflows/order/state';
import { visibilityString } from '../../domain/order-queries';

/**
 * What Temporal remembers of an order's earlier runs, read from outside: the runs of its
 * workflow id and, from each run's history, the inputs that came from outside (Jakamo messages,
 * the ERP's and the operator's updates) in the order the workflow took them. Replay and reset
 * are built on it; the histories are kept for the namespace's retention period.
 */

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export const EventType = temporal.api.enums.v1.EventType;

/** One run of an order's workflow id. */
export interface OrderRun {
  runId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, TERMINATED, FAILED, CONTINUED_AS_NEW, … */
  status: string;
  startTime: Date;
  closeTime: Date | undefined;
}

/** The order updates an operator or the ERP sends (workflows/order/messages.ts). */
export const orderUpdateNames = ['confirm', 'deliver', 'retry', 'resolve'] as const;
export type OrderUpdateName = (typeof orderUpdateNames)[number];

/** An input from outside, as an earlier run's history recorded it. */
export type RecordedInput =
  | { type: 'message'; at: string; runId: string; sha256: string; kind: string | undefined }
  | {
      type: 'update';
      at: string;
      runId: string;
      name: OrderUpdateName;
      updateId: string;
      /** The update's argument as sent (a ConfirmRequest, DeliverRequest or OperatorRequest). */
      request: unknown;
      /** The order's rules refused it after its validator let it through (its answer was a failure). */
      refusedThen: boolean;
    };

/** What one run's history says about the order. */
export interface RunInputs {
  run: OrderRun;
  /** The run's workflow input (with `carriedState` when it continued an earlier run). */
  start: OrderWorkflowInput | undefined;
  inputs: RecordedInput[];
}

/** Every run of the workflow id, oldest first; the latest run comes from `describe`, so a run visibility has not caught up with is there. */
export async function listOrderRuns(client: Client, workflowId: string): Promise<OrderRun[]> {
  const runs = new Map<string, OrderRun>();
  for await (const execution of client.workflow.list({
    query: `WorkflowId = ${visibilityString(workflowId)}`,
  })) {
    runs.set(execution.runId, {
      runId: execution.runId,
      status: execution.status.name,
      startTime: execution.startTime,
      closeTime: execution.closeTime ?? undefined,
    });
  }
  const latest = await describeLatestRun(client, workflowId);
  if (latest !== undefined) runs.set(latest.runId, latest);
  return [...runs.values()].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

/** The workflow id's latest run as Temporal knows it now (not visibility), or undefined when there is none. */
export async function describeLatestRun(client: Client, workflowId: string): Promise<OrderRun | undefined> {
  try {
    const described = await client.workflow.getHandle(workflowId).describe();
    return {
      runId: described.runId,
      status: described.status.name,
      startTime: described.startTime,
      closeTime: described.closeTime ?? undefined,
    };
  } catch (error) {
    if ((error as Error).name === 'WorkflowNotFoundError') return undefined;
    throw error;
  }
}

export async function fetchRunHistory(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

/** An event's time as ISO 8601. */
export function eventTime(event: HistoryEvent): string {
  return new Date(tsToMs(event.eventTime)).toISOString();
}

export function eventId(event: HistoryEvent): number {
  return Number(event.eventId ?? 0);
}

function decodeFirst(payloads: temporal.api.common.v1.IPayloads | null | undefined): unknown {
  const payload = payloads?.payloads?.[0];
  return payload === undefined ? undefined : defaultPayloadConverter.fromPayload(payload);
}

/** The update request of an accepted (or, after a reset, admitted) update event. */
function updateRequest(
  event: HistoryEvent,
  byId: Map<number, HistoryEvent>,
): temporal.api.update.v1.IRequest | undefined {
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted?.acceptedRequest?.input != null) return accepted.acceptedRequest;
  const sequencing = Number(accepted?.acceptedRequestSequencingEventId ?? 0);
  return byId.get(sequencing)?.workflowExecutionUpdateAdmittedEventAttributes?.request ?? undefined;
}

/**
 * The run's inputs from outside, in the order its history has them: each Jakamo message
 * (`jakamoMessage` signal) and each update the workflow accepted (updates its validator refused
 * never reached the history).
 */
export function inputsOfRun(run: OrderRun, events: HistoryEvent[]): RunInputs {
  const byId = new Map(events.map((event) => [eventId(event), event]));
  const failedUpdates = new Set(
    events
      .filter(
        (event) =>
          event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED &&
          event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure != null,
      )
      .map((event) => event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? ''),
  );
  let start: OrderWorkflowInput | undefined;
  const inputs: RecordedInput[] = [];
  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        start = decodeFirst(event.workflowExecutionStartedEventAttributes?.input) as OrderWorkflowInput;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const attributes = event.workflowExecutionSignaledEventAttributes;
        if (attributes?.signalName !== 'jakamoMessage') break;
        const message = decodeFirst(attributes.input) as Partial<JakamoMessageRef> | undefined;
        if (typeof message?.sha256 !== 'string') break;
        inputs.push({
          type: 'message',
          at: eventTime(event),
          runId: run.runId,
          sha256: message.sha256,
          kind: message.kind,
        });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const request = updateRequest(event, byId);
        const name = request?.input?.name ?? '';
        if (!(orderUpdateNames as readonly string[]).includes(name)) break;
        const updateId = request?.meta?.updateId ?? `${run.runId}:${eventId(event)}`;
        inputs.push({
          type: 'update',
          at: eventTime(event),
          runId: run.runId,
          name: name as OrderUpdateName,
          updateId,
          request: decodeFirst(request?.input?.args),
          refusedThen: failedUpdates.has(updateId),
        });
        break;
      }
      default:
        break;
    }
  }
  return { run, start, inputs };
}

/**
 * Every input of the order's runs, oldest run first: a reset copies its base run's events, and a
 * continue-as-new starts a run with only what came after, so copies are dropped (a message by its
 * content hash, an update by its id) and the first time each was taken counts.
 */
export function mergeRunInputs(runs: RunInputs[]): RecordedInput[] {
  const seen = new Set<string>();
  const merged: RecordedInput[] = [];
  for (const run of runs) {
    for (const input of run.inputs) {
      const key = input.type === 'message' ? `message:${input.sha256}` : `update:${input.updateId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(input);
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Events in words (the reset's dry run)

const activityWords: Record<string, string> = {
  importSalesOrder: 'import the sales order into the ERP',
  applyOrderChange: 'apply an OrderChange to the ERP',
  cancelSalesOrderLines: 'cancel lines in the ERP',
  recordConfirmation: 'record the confirmation in the ERP',
  recordDelivery: 'record a delivery in the ERP',
  simpleConfirm: 'POST the simple confirmation to Jakamo',
  postOrderResponse: 'POST an OrderResponse to Jakamo',
  putDeliveredStatus: 'PUT a Delivered status to Jakamo',
  drainQueue: "drain the integration's queue",
};

function activityText(event: HistoryEvent): string {
  const attributes = event.activityTaskScheduledEventAttributes;
  const type = attributes?.activityType?.name ?? 'activity';
  const input = decodeFirst(attributes?.input) as { effectId?: string; documentId?: string } | undefined;
  const step = input?.effectId ?? input?.documentId;
  const id = step !== undefined && /^e\d+-/.test(step) ? ` (${step})` : '';
  return `${activityWords[type] ?? type}${id}`;
}

/** The SDK core's marker for a local activity's outcome (`core_local_activity`). */
const localActivityMarkerName = 'core_local_activity';

/** A local activity as its marker records it: an order's ERP steps run as local activities. */
export interface LocalActivityMarker {
  activityType: string;
  /** The step in business words, as the workflow gave it ("apply OrderChange 3 to the ERP"). */
  summary: string | undefined;
  /** The step failed for good (a refusal, or its retries ran out); its error is the marker's failure. */
  failed: boolean;
  failureMessage: string | undefined;
}

function decodeSummary(payload: temporal.api.common.v1.IPayload | null | undefined): string | undefined {
  if (payload == null) return undefined;
  try {
    const summary: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof summary === 'string' ? summary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local activity a MarkerRecorded event records, or undefined for any other event (a patch
 * marker too). A local activity has no scheduled/started/completed events: its one marker, written
 * with the workflow task that ran it, carries its type (JSON under `data`), its summary (user
 * metadata) and, when it failed, the failure. Its input is not recorded.
 */
export function localActivityMarker(event: HistoryEvent): LocalActivityMarker | undefined {
  const attributes = event.markerRecordedEventAttributes;
  if (event.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED) return undefined;
  if (attributes?.markerName !== localActivityMarkerName) return undefined;
  let activityType = 'local activity';
  const data = attributes.details?.data?.payloads?.[0];
  if (data != null) {
    try {
      const decoded = defaultPayloadConverter.fromPayload<{ activity_type?: unknown }>(data);
      if (typeof decoded?.activity_type === 'string') activityType = decoded.activity_type;
    } catch {
      // Not the JSON the SDK core writes: the step is still shown, by its summary.
    }
  }
  return {
    activityType,
    summary: decodeSummary(event.userMetadata?.summary),
    failed: attributes.failure != null,
    failureMessage: attributes.failure?.message ?? undefined,
  };
}

function localActivityText(marker: LocalActivityMarker): string {
  return `${marker.summary ?? activityWords[marker.activityType] ?? marker.activityType} (in the worker)`;
}

function signalText(event: HistoryEvent): string {
  const attributes = event.workflowExecutionSignaledEventAttributes;
  if (attributes?.signalName === 'jakamoMessage') {
    const message = decodeFirst(attributes.input) as Partial<JakamoMessageRef> | undefined;
    return `Jakamo message ${message?.kind ?? '?'} ${(message?.sha256 ?? '').slice(0, 12)}`;
  }
  return `signal ${attributes?.signalName ?? '?'}`;
}

function updateText(event: HistoryEvent, byId: Map<number, HistoryEvent>): string {
  const request = event.workflowExecutionUpdateAdmittedEventAttributes?.request ?? updateRequest(event, byId);
  const name = request?.input?.name ?? '?';
  const argument = decodeFirst(request?.input?.args) as { reason?: string; lines?: unknown[] } | undefined;
  const detail =
    typeof argument?.reason === 'string'
      ? `: ${argument.reason}`
      : Array.isArray(argument?.lines)
        ? ` (${argument.lines.length} line${argument.lines.length === 1 ? '' : 's'})`
        : '';
  return `${name === 'confirm' || name === 'deliver' ? 'ERP' : 'operator'} ${name}${detail}`;
}

/**
 * An event of an order's history in a few words, or undefined for the bookkeeping events an
 * operator need not read (workflow task scheduled / started, patch markers).
 */
export function describeEvent(event: HistoryEvent, events: HistoryEvent[]): string | undefined {
  const byId = new Map(events.map((candidate) => [eventId(candidate), candidate]));
  const scheduled = (id: unknown) => byId.get(Number(id ?? 0));
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return 'the workflow started';
    case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      return 'the workflow decided (workflow task completed)';
    case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
      const attributes = event.workflowTaskFailedEventAttributes;
      const cause = temporal.api.enums.v1.WorkflowTaskFailedCause[attributes?.cause ?? 0] ?? '';
      return `the workflow task failed (${cause.replace('WORKFLOW_TASK_FAILED_CAUSE_', '').toLowerCase()}): ${attributes?.failure?.message ?? ''}`.trimEnd();
    }
    case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
      return 'the workflow task timed out (a worker went away)';
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      return `step scheduled: ${activityText(event)}`;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
      return undefined;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
      const origin = scheduled(event.activityTaskCompletedEventAttributes?.scheduledEventId);
      return `step done: ${origin === undefined ? 'activity' : activityText(origin)}`;
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
      const attributes = event.activityTaskFailedEventAttributes;
      const origin = scheduled(attributes?.scheduledEventId);
      return `step failed: ${origin === undefined ? 'activity' : activityText(origin)}: ${attributes?.failure?.message ?? ''}`.trimEnd();
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
      const origin = scheduled(event.activityTaskTimedOutEventAttributes?.scheduledEventId);
      return `step timed out: ${origin === undefined ? 'activity' : activityText(origin)}`;
    }
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return 'timer started (the quiet period, or a wait)';
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return 'timer fired';
    case EventType.EVENT_TYPE_TIMER_CANCELED:
      return 'timer cancelled';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      return signalText(event);
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      return updateText(event, byId);
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
      return 'an update was answered';
    case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      return 'search attributes updated (status / NeedsAttention)';
    case EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
      return 'workflow properties updated';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return 'the workflow completed';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
      return `the workflow failed: ${event.workflowExecutionFailedEventAttributes?.failure?.message ?? ''}`.trimEnd();
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
      return `the workflow was terminated: ${event.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`.trimEnd();
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
      return 'the workflow continued as new';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      return 'cancellation requested';
    case EventType.EVENT_TYPE_MARKER_RECORDED: {
      // A local activity (an ERP step) is done or failed in one event; a patch marker is bookkeeping.
      const marker = localActivityMarker(event);
      if (marker === undefined) return undefined;
      return marker.failed
        ? `step failed: ${localActivityText(marker)}: ${marker.failureMessage ?? ''}`.trimEnd()
        : `step done: ${localActivityText(marker)}`;
    }
    case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
    case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      return undefined;
    default: {
      const name = EventType[event.eventType ?? 0] ?? 'event';
      return name.replace('EVENT_TYPE_', '').toLowerCase().replace(/_/g, ' ');
    }
  }
}
