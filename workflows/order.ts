import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { PipelineFailureType } from '../domain/failure-types';
import { JakamoOrderStatus, NeedsAttention } from '../domain/search-attributes';
import { OrderStatus } from '../domain/order-status';
import { decide, isQuiet, newOrderState, type Decision } from './order/decide';
import { orderDetails } from './order/details';
import type { OrderEvent } from './order/events';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  jakamoMessageSignal,
  orderStateQuery,
  resolveOrderUpdate,
  retryOrderUpdate,
  type ConfirmRequest,
  type DeliverRequest,
  type OrderUpdateAnswer,
} from './order/messages';
import { isErpEffect, runEffect } from './order/run-effect';
import { undecided } from './order/undecided';
import type { OrderState, OrderWorkflowInput } from './order/state';
import { refuseConfirm, refuseDeliver, refuseResolve, refuseRetry } from './order/validators';

export type { OrderState, OrderWorkflowInput } from './order/state';

/**
 * One customer order for its whole life (DESIGN.md 4.2). A thin shell: handlers validate and
 * put events in one inbox; this loop hands each event to the pure `decide` and runs the effects
 * it queues, one at a time, in order. A failed effect waits in NeedsAttention for an operator's
 * `retry` or `resolve`; the workflow itself never fails on a business error.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderState> {
  let state: OrderState = input.carriedState ?? newOrderState(input, new Date().toISOString());
  const inbox: OrderEvent[] = [];
  const answers = new Map<string, Decision['answer']>();
  let running: RunningEffect | undefined;
  // Decided once per run, so the whole run takes one branch: an order started before
  // `erpStepsInWorker` replays (and carries on) with regular ERP activities and an upsert per change.
  const lean = input.erpStepsInWorker === true;
  // The search attributes as last upserted (the starter set them from the state a run starts with).
  let shown = searchAttributeValues(state);
  // The Web UI's "current details" show the order as it is now (user metadata: no command, so
  // replay is unaffected); rendered again after every decision.
  setCurrentDetails(orderDetails(state));

  setHandler(jakamoMessageSignal, (message) => {
    inbox.push({ type: 'jakamoMessage', message });
  });
  setHandler(orderStateQuery, () => state);

  /** An update's event waits in the inbox; the answer comes once `decide` has taken it. */
  async function submit(event: OrderEvent & { updateId: string }): Promise<OrderUpdateAnswer> {
    inbox.push(event);
    await condition(() => answers.has(event.updateId));
    const answer = answers.get(event.updateId);
    answers.delete(event.updateId);
    if (answer?.ok !== true) {
      throw ApplicationFailure.create({
        type: PipelineFailureType.OrderUpdateRefused,
        message: answer?.reason ?? 'refused',
        nonRetryable: true,
      });
    }
    return { status: state.status, decided: answer.decided };
  }
  const updateId = () => currentUpdateInfo()?.id ?? `update-${workflowInfo().historyLength}`;
  const refuseWith = (reason: string | undefined) => {
    if (reason !== undefined) throw new Error(reason);
  };

  setHandler(confirmOrderUpdate, (request) => submit({ type: 'erpConfirm', updateId: updateId(), request }), {
    validator: (request: ConfirmRequest) => refuseWith(refuseConfirm(state, request)),
  });
  setHandler(deliverOrderUpdate, (request) => submit({ type: 'erpDeliver', updateId: updateId(), request }), {
    validator: (request: DeliverRequest) => refuseWith(refuseDeliver(state, request)),
  });
  setHandler(
    retryOrderUpdate,
    (request) => submit({ type: 'retry', updateId: updateId(), reason: request?.reason }),
    { validator: (_request) => refuseWith(refuseRetry(state)) },
  );
  setHandler(
    resolveOrderUpdate,
    (request) => submit({ type: 'resolve', updateId: updateId(), reason: request?.reason }),
    { validator: (_request) => refuseWith(refuseResolve(state)) },
  );

  function apply(event: OrderEvent, at?: string): void {
    const before = state;
    const now = at ?? new Date().toISOString();
    let decision: Decision;
    try {
      decision = decide(state, event, now);
    } catch (error) {
      decision = undecided(state, event, now, error instanceof Error ? error.message : String(error));
      log.error('Could not decide on an event', {
        orderKey: state.orderKey,
        event: event.type,
        error: String(error),
      });
    }
    state = decision.state;
    if ('updateId' in event) answers.set(event.updateId, decision.answer);
    // Without `erpStepsInWorker`: search attributes updated here, in the one place state changes.
    if (state.status !== before.status) {
      if (!lean) upsertSearchAttributes([{ key: JakamoOrderStatus, value: state.status }]);
      log.info('Order status changed', {
        orderKey: state.orderKey,
        status: state.status,
        from: before.status,
      });
    }
    if ((state.attention === undefined) !== (before.attention === undefined)) {
      if (!lean) upsertSearchAttributes([{ key: NeedsAttention, value: state.attention !== undefined }]);
      if (state.attention !== undefined) {
        log.warn('Order needs attention', { orderKey: state.orderKey, ...state.attention });
      }
    }
    setCurrentDetails(orderDetails(state));
  }

  /**
   * With `erpStepsInWorker`, the search attributes catch up with the state where the workflow
   * waits: one upsert of what changed, however many status changes the task made. While an ERP
   * step runs in the worker the task goes on (its result comes back in the same task), so the
   * upsert waits for the step's outcome; it runs once the workflow waits for something outside.
   */
  function showSearchAttributes(): void {
    if (!lean || running?.inWorker === true) return;
    const now = searchAttributeValues(state);
    const changed = [
      ...(now.status === shown.status ? [] : [{ key: JakamoOrderStatus, value: now.status }]),
      ...(now.needsAttention === shown.needsAttention
        ? []
        : [{ key: NeedsAttention, value: now.needsAttention }]),
    ];
    if (changed.length > 0) upsertSearchAttributes(changed);
    shown = now;
  }

  /** The next effect to run: the first pending one, unless a failed step waits for an operator. */
  const runnable = () =>
    running === undefined && state.attention?.effectId === undefined ? state.pendingEffects[0] : undefined;
  const quietRemaining = (): number | undefined => {
    if (!isQuiet(state) || state.quietSince === undefined) return undefined;
    return Math.max(0, Date.parse(state.quietSince) + state.quietPeriodMs - Date.now());
  };
  const handOverDue = () => workflowInfo().continueAsNewSuggested && running === undefined;

  for (;;) {
    if (state.status === OrderStatus.Completed && inbox.length === 0) {
      // Updates still waiting get their (refused) answers; a message that raced the completion
      // lands in the inbox and reopens the order instead of being lost.
      if (allHandlersFinished()) break;
      showSearchAttributes();
      await condition(() => inbox.length > 0 || allHandlersFinished());
      continue;
    }
    const wake = () =>
      inbox.length > 0 || running?.outcome !== undefined || runnable() !== undefined || handOverDue();
    const quietMs = quietRemaining();
    // Only when nothing is left to do in this task: otherwise the loop goes on without waiting.
    if (!wake()) showSearchAttributes();
    if (quietMs === undefined) await condition(wake);
    else if (!(await condition(wake, quietMs))) {
      apply({ type: 'quietPeriodEnded' });
      continue;
    }

    if (running?.outcome !== undefined) {
      const { outcome, inWorker, startedAt } = running;
      running = undefined;
      state = { ...state, runningEffectId: undefined };
      // Workflow time after a local activity is not the same on replay as it was live (live the
      // SDK moves it on by the step's run time; replayed, it can be at a later task's time): a
      // step run in the worker is stamped with the time it started, so a replayed state (a query
      // on a closed or evicted order) matches the live one.
      apply(outcome, inWorker ? startedAt : undefined);
      continue;
    }
    const event = inbox.shift();
    if (event !== undefined) {
      apply(event);
      continue;
    }
    const effect = runnable();
    if (effect !== undefined) {
      const current: RunningEffect = {
        effectId: effect.id,
        inWorker: lean && isErpEffect(effect),
        startedAt: new Date().toISOString(),
        outcome: undefined,
      };
      running = current;
      state = { ...state, runningEffectId: effect.id };
      void runEffect(state, effect, lean).then((outcome) => {
        current.outcome = outcome;
      });
      continue;
    }
    if (handOverDue()) {
      // Long-lived orders start a fresh history. Handlers finish first so no update is lost; an
      // update waiting for its answer has its event in the inbox, which is decided first.
      showSearchAttributes();
      await condition(() => allHandlersFinished() || inbox.length > 0);
      if (inbox.length > 0) continue;
      // A fresh history: it takes the lean path whatever this run took.
      return await continueAsNew<typeof orderWorkflow>({
        ...input,
        erpStepsInWorker: true,
        carriedState: state,
      });
    }
  }
  showSearchAttributes();
  log.info('Order completed', { orderKey: state.orderKey });
  return state;
}

/** The effect the runner has started, and its outcome once it is in. */
interface RunningEffect {
  effectId: string;
  /** A local activity (an ERP write with `erpStepsInWorker`): its outcome comes in the same task. */
  inWorker: boolean;
  startedAt: string;
  outcome: OrderEvent | undefined;
}

/** The values of the order's search attributes that follow its state. */
function searchAttributeValues(state: OrderState): { status: OrderStatus; needsAttention: boolean } {
  return { status: state.status, needsAttention: state.attention !== undefined };
}
