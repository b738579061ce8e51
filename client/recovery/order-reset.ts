import { orderCommand } from '../../domain/commands';
import { randomUUID } from 'node:crypto';
import Long from 'long';
import { temporal } from '@temporalio/proto';
import { currentActor } from '../../db/operator-actions';
import { OrderNotFound } from '../orders/order-reference';
import { recordAction, RecoveryRefused, type RecoveryContext } from './context';
import {
  describeEvent,
  describeLatestRun,
  eventId,
  eventTime,
  EventType,
  fetchRunHistory,
  localActivityMarker,
  type HistoryEvent,
} from './order-history';
import { formatTable } from '../cli/text-table';

/**
 * `order reset <key> [--to first|last-good|<event id>]`: Temporal's reset, for an order whose
 * workflow is stuck on a bug that has since been fixed (its workflow task fails on every attempt).
 * The run is ended and a new run of the same workflow id replays the history up to the reset
 * point with today's code, then takes again what came after it: Jakamo messages and updates are
 * reapplied (Temporal reapplies signals and updates after the point), and the steps the old run
 * took after the point are decided again — under the same step ids, so a step whose record says
 * it was done sends and writes nothing twice. The reason goes into the reset request, which
 * Temporal keeps in the new run's history (the reset's WorkflowTaskFailed event), and into
 * operator_actions.
 */

export type ResetTarget = 'first' | 'last-good' | number;

export function parseResetTarget(text: string): ResetTarget {
  if (text === 'first' || text === 'last-good') return text;
  if (/^\d+$/.test(text)) return Number(text);
  throw new RecoveryRefused(`--to must be first, last-good or an event id (got "${text}")`);
}

/** Where a reset goes back to: a WorkflowTaskCompleted event, and why that one. */
export interface ResetPoint {
  eventId: number;
  why: string;
}

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;

function isCompletedTask(event: HistoryEvent): boolean {
  return event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
}

/** The first failure a reset would undo: a workflow task that failed (not because of an earlier reset), or the workflow failing. */
function firstFailure(events: HistoryEvent[]): number {
  return events.findIndex(
    (event) =>
      (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
        event.workflowTaskFailedEventAttributes?.cause !==
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW) ||
      event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  );
}

function lastCompletedTaskBefore(events: HistoryEvent[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (isCompletedTask(events[i])) return i;
  return -1;
}

/**
 * The reset point in a run's history. `first`: the first completed workflow task (the order
 * starts over from its first decision); `last-good`: the last workflow task completed before the
 * first failure (a failed workflow task, or the task that failed the workflow); an event id: that
 * event, which must be a completed workflow task.
 */
export function pickResetPoint(events: HistoryEvent[], to: ResetTarget): ResetPoint {
  if (to === 'first') {
    const first = events.find(isCompletedTask);
    if (first === undefined) {
      throw new RecoveryRefused('The run has no completed workflow task: there is nothing to go back to');
    }
    return { eventId: eventId(first), why: 'the first completed workflow task' };
  }
  if (to === 'last-good') {
    const failure = firstFailure(events);
    if (failure === -1) {
      throw new RecoveryRefused(
        'Nothing failed in this run (no failed workflow task, the workflow did not fail): there is no last good point. ' +
          'Name the point: --to first, or --to <event id> of a WorkflowTaskCompleted event.',
      );
    }
    const failed = events[failure];
    // A workflow that failed was failed by the workflow task completed just before: go before that one.
    const before =
      failed.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
        ? lastCompletedTaskBefore(events, lastCompletedTaskBefore(events, failure))
        : lastCompletedTaskBefore(events, failure);
    if (before < 0) {
      throw new RecoveryRefused(
        `The first workflow task already failed (event ${eventId(failed)}): no task completed before it. ` +
          'Fix the bug and let the task be retried, or terminate the order and replay it (jakamo-so order replay).',
      );
    }
    return {
      eventId: eventId(events[before]),
      why: `the last completed workflow task before the failure at event ${eventId(failed)}`,
    };
  }
  const chosen = events.find((event) => eventId(event) === to);
  if (chosen === undefined) throw new RecoveryRefused(`The run has no event ${to}`);
  if (!isCompletedTask(chosen)) {
    throw new RecoveryRefused(
      `Event ${to} is not a completed workflow task (${describeEvent(chosen, events) ?? 'bookkeeping'}): reset to a WorkflowTaskCompleted event`,
    );
  }
  return { eventId: to, why: `event ${to}, as asked` };
}

/** What becomes of an event of the old run. */
export type EventFate = 'kept' | 'reapplied' | 'done again' | 'dropped';

export interface ResetEvent {
  eventId: number;
  at: string;
  words: string;
  fate: EventFate;
}

/**
 * Up to the reset point everything is kept (the new run replays it); after it, Jakamo messages and
 * updates are reapplied, the workflow's own decisions and steps are taken again, and failures,
 * timeouts and the run's end are dropped.
 */
export function fateAfterReset(event: HistoryEvent): EventFate {
  // A local activity's failure is in its marker: dropped like a regular activity's failure.
  if (localActivityMarker(event)?.failed === true) return 'dropped';
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      return 'reapplied';
    case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
    case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
    case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      return 'dropped';
    default:
      return 'done again';
  }
}

export interface ResetOptions {
  to: ResetTarget;
  dryRun?: boolean;
  reason?: string;
  /** The run to reset (default: the latest). */
  runId?: string;
}

/** An update of the old run after the reset point, which Temporal reapplies when the new run starts. */
export interface ReappliedUpdate {
  updateId: string;
  /** In words ("ERP confirm", "operator retry: …"). */
  words: string;
}

export interface ResetResult {
  orderKey: string;
  runId: string;
  status: string;
  point: ResetPoint;
  events: ResetEvent[];
  reason: string;
  dryRun: boolean;
  /** The new run, once reset. */
  newRunId: string | undefined;
  /** Updates after the reset point: reapplied when the new run starts (see `refusedUpdates`). */
  reappliedUpdates: ReappliedUpdate[];
  /**
   * Reapplied updates the new run refused. Temporal hands them to the new run as it starts,
   * before it has taken the steps after the reset point again, so an update the order could not
   * take at that point (a confirm before the import is done) is refused — and rejected updates
   * leave no trace in the history. The ERP sends them again (the steps they lead to find their
   * records: nothing is sent twice). Undefined when it could not be told (no worker took the run).
   */
  refusedUpdates: ReappliedUpdate[] | undefined;
}

export async function resetOrder(
  context: RecoveryContext,
  key: string,
  options: ResetOptions,
): Promise<ResetResult> {
  const latest = await describeLatestRun(context.client, key);
  if (latest === undefined) throw new OrderNotFound(key);
  const runId = options.runId ?? latest.runId;
  const status =
    options.runId === undefined || options.runId === latest.runId ? latest.status : 'earlier run';
  const events = await fetchRunHistory(context.client, key, runId);
  const point = pickResetPoint(events, options.to);
  const actor = context.actor ?? currentActor();
  const target = typeof options.to === 'number' ? `event ${options.to}` : options.to;
  const reason =
    options.reason?.trim() ||
    `reset to ${target} (event ${point.eventId})${actor === undefined ? '' : ` by ${actor}`} from the jakamo-so CLI`;
  const described: ResetEvent[] = [];
  for (const event of events) {
    const words = describeEvent(event, events);
    if (words === undefined) continue;
    const id = eventId(event);
    described.push({
      eventId: id,
      at: eventTime(event),
      words,
      fate: id <= point.eventId ? 'kept' : fateAfterReset(event),
    });
  }
  const result: ResetResult = {
    orderKey: key,
    runId,
    status,
    point,
    events: described,
    reason,
    dryRun: options.dryRun === true,
    newRunId: undefined,
    reappliedUpdates: updatesAfter(events, point.eventId),
    refusedUpdates: undefined,
  };
  if (options.dryRun === true) return result;

  try {
    const response = await context.client.workflowService.resetWorkflowExecution({
      namespace: context.namespace,
      workflowExecution: { workflowId: key, runId },
      reason,
      workflowTaskFinishEventId: Long.fromNumber(point.eventId),
      requestId: randomUUID(),
      identity: `jakamo-so${actor === undefined ? '' : ` (${actor})`}`,
    });
    result.newRunId = response.runId ?? undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAction(context, {
      action: 'order.reset',
      target: key,
      reason,
      outcome: 'failed',
      detail: message,
    });
    throw new Error(`Temporal refused the reset of ${key} to event ${point.eventId}: ${message}`);
  }
  if (result.newRunId !== undefined && result.reappliedUpdates.length > 0) {
    result.refusedUpdates = await refusedOnReapply(context, key, result.newRunId, result.reappliedUpdates);
  }
  const refused = result.refusedUpdates ?? [];
  await recordAction(context, {
    action: 'order.reset',
    target: key,
    reason,
    outcome: 'done',
    detail:
      `run ${runId} reset to event ${point.eventId} (${point.why}); new run ${result.newRunId ?? '?'}` +
      (refused.length === 0
        ? ''
        : `; refused on reapply: ${refused.map((update) => update.words).join(', ')}`),
  });
  return result;
}

function isAcceptedOrAdmitted(event: HistoryEvent): boolean {
  return (
    event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ||
    event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED
  );
}

/** The updates of the old run after the reset point (each once). */
function updatesAfter(events: HistoryEvent[], pointEventId: number): ReappliedUpdate[] {
  const updates = new Map<string, ReappliedUpdate>();
  for (const event of events) {
    if (eventId(event) <= pointEventId || !isAcceptedOrAdmitted(event)) continue;
    const updateId = updateIdOf(event, events);
    if (updateId !== undefined && !updates.has(updateId)) {
      updates.set(updateId, { updateId, words: describeEvent(event, events) ?? 'an update' });
    }
  }
  return [...updates.values()];
}

function updateIdOf(event: HistoryEvent, events: HistoryEvent[]): string | undefined {
  const admitted = event.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta?.updateId;
  if (admitted) return admitted;
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted?.acceptedRequest?.meta?.updateId) return accepted.acceptedRequest.meta.updateId;
  const sequencing = Number(accepted?.acceptedRequestSequencingEventId ?? 0);
  const origin = events.find((candidate) => eventId(candidate) === sequencing);
  return origin?.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta?.updateId ?? undefined;
}

/**
 * Which reapplied updates the new run refused: once a workflow task has completed after the
 * last reapplied (admitted) update, an update that was not accepted was refused by its validator.
 */
async function refusedOnReapply(
  context: RecoveryContext,
  key: string,
  newRunId: string,
  reapplied: ReappliedUpdate[],
  timeoutMs = 15_000,
): Promise<ReappliedUpdate[] | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await fetchRunHistory(context.client, key, newRunId);
    const admitted = events.filter(
      (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED,
    );
    const lastAdmitted = Math.max(0, ...admitted.map(eventId));
    const taken = events.some(
      (event) =>
        event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && eventId(event) > lastAdmitted,
    );
    if (taken) {
      const accepted = new Set(
        events
          .filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
          .map((event) => updateIdOf(event, events)),
      );
      return reapplied.filter((update) => !accepted.has(update.updateId));
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const fateWords: Record<EventFate, string> = {
  kept: 'kept',
  reapplied: 'REAPPLIED',
  'done again': 'decided again',
  dropped: 'dropped',
};

/** The reset for a person: the point, then every event with what becomes of it. */
export function formatReset(result: ResetResult): string {
  const after = result.events.filter((event) => event.fate !== 'kept');
  const out = [
    `${result.dryRun ? 'Reset plan (dry run: nothing changed)' : 'Reset'} of ${result.orderKey}, run ${result.runId} (${result.status})`,
    `  back to event ${result.point.eventId}: ${result.point.why}`,
    `  reason: ${result.reason}`,
    '',
    `Events 1–${result.point.eventId} are kept: the new run replays them with today's code. After them:`,
    '  REAPPLIED: the message or update comes to the new run again and is decided again;',
    "  decided again: the old run's step or decision is taken again by the new run (a step done before finds its record: nothing is sent or written twice);",
    '  dropped: failures, timeouts and the end of the old run.',
    '',
  ];
  out.push(
    ...formatTable(
      result.events.map((event) => [String(event.eventId), event.at, fateWords[event.fate], event.words]),
    ),
  );
  if (after.length === 0) out.push('', 'Nothing comes after the reset point.');
  if (result.reappliedUpdates.length > 0 && result.dryRun) {
    out.push(
      '',
      `Reapplied updates (${result.reappliedUpdates.length}) reach the new run as it starts, before the steps after the reset point are taken again:`,
      '  one the order cannot take at that point (a confirm before the import is done) is refused; the reset says which, and the ERP sends it again.',
    );
  }
  if (result.newRunId !== undefined)
    out.push('', `Reset done: the order continues in run ${result.newRunId}`);
  if (
    result.refusedUpdates === undefined &&
    result.newRunId !== undefined &&
    result.reappliedUpdates.length > 0
  ) {
    out.push(
      '  Could not tell whether the reapplied updates were taken (no worker took the new run yet): look at the order.',
    );
  }
  for (const update of result.refusedUpdates ?? []) {
    out.push(
      `  Refused on reapply: ${update.words} (update ${update.updateId}). Send it again from the ERP once the order can take it (${orderCommand('show', result.orderKey)}); its steps find their records, nothing is sent twice.`,
    );
  }
  return out.join('\n');
}
