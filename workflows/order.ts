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
import { isQuiet, newOrderState, type Decision } from './order/decide';
import { orderDetails } from './order/details';
import { isErpEffect } from './order/effect-kinds';
import type { EffectOutcome, OrderEvent } from './order/events';
import { finished, nextEffect, started, step, type Step } from './order/machine';
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
import { runEffect } from './order/run-effect';
import type { OrderState, OrderWorkflowInput } from './order/state';
import { refuseConfirm, refuseDeliver, refuseResolve, refuseRetry } from './order/validators';

export type { OrderState, OrderWorkflowInput } from './order/state';

/**
 * One customer order for its whole life (DESIGN.md 4.2). A thin shell around the order machine
 * (order/machine.ts): handlers validate and put events in one inbox; this loop steps the machine
 * with each event and runs the effects it queues, one at a time, in order. A failed effect waits
 * in NeedsAttention for an operator's `retry` or `resolve`; the workflow itself never fails on a
 * business error.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderState> {
  let state: OrderState = input.carriedState ?? newOrderState(input, new Date().toISOString());
  const inbox: OrderEvent[] = [];
  const answers = new Map<string, Decision['answer']>();
  let running: RunningEffect | undefined;
  // The search attributes as last upserted (the starter set them from the state a run starts with).
  let shown = searchAttributeValues(state);
  // The Web UI's "current details" show the order as it is now (user metadata: no command, so
  // replay is unaffected); rendered again after every decision.
  setCurrentDetails(orderDetails(state));

  setHandler(jakamoMessageSignal, (message) => {
    inbox.push({ type: 'jakamoMessage', message });
  });
  setHandler(orderStateQuery, () => state);

  /** An update's event waits in the inbox; the answer comes once the machine has taken it. */
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

  /** Takes the machine's step: the new state, the update's answer, logs and the Web UI's details. */
  function take(event: OrderEvent, result: Step): void {
    const before = state;
    state = result.state;
    if (result.error !== undefined) {
      log.error('Could not decide on an event', {
        orderKey: state.orderKey,
        event: event.type,
        error: result.error,
      });
    }
    if ('updateId' in event) answers.set(event.updateId, result.answer);
    if (state.status !== before.status) {
      log.info('Order status changed', {
        orderKey: state.orderKey,
        status: state.status,
        from: before.status,
      });
    }
    if (state.attention !== undefined && before.attention === undefined) {
      log.warn('Order needs attention', { orderKey: state.orderKey, ...state.attention });
    }
    setCurrentDetails(orderDetails(state));
  }

  /**
   * The search attributes catch up with the state where the workflow waits: one upsert of what
   * changed, however many status changes the task made. While an ERP step runs in the worker the
   * task goes on (its result comes back in the same task), so the upsert waits for the step's
   * outcome; it runs once the workflow waits for something outside.
   */
  function showSearchAttributes(): void {
    if (running?.inWorker === true) return;
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
      inbox.length > 0 || running?.outcome !== undefined || nextEffect(state) !== undefined || handOverDue();
    const quietMs = quietRemaining();
    // Only when nothing is left to do in this task: otherwise the loop goes on without waiting.
    if (!wake()) showSearchAttributes();
    if (quietMs === undefined) await condition(wake);
    else if (!(await condition(wake, quietMs))) {
      const event: OrderEvent = { type: 'quietPeriodEnded' };
      take(event, step(state, event, new Date().toISOString()));
      continue;
    }

    if (running?.outcome !== undefined) {
      const { outcome, inWorker, startedAt } = running;
      running = undefined;
      // Workflow time after a local activity is not the same on replay as it was live (live the
      // SDK moves it on by the step's run time; replayed, it can be at a later task's time): a
      // step run in the worker is stamped with the time it started, so a replayed state (a query
      // on a closed or evicted order) matches the live one.
      take(outcome, finished(state, outcome, inWorker ? startedAt : new Date().toISOString()));
      continue;
    }
    const event = inbox.shift();
    if (event !== undefined) {
      take(event, step(state, event, new Date().toISOString()));
      continue;
    }
    const effect = nextEffect(state);
    if (effect !== undefined) {
      const current: RunningEffect = {
        inWorker: isErpEffect(effect),
        startedAt: new Date().toISOString(),
        outcome: undefined,
      };
      running = current;
      state = started(state, effect);
      void runEffect(state, effect).then((outcome) => {
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
      return await continueAsNew<typeof orderWorkflow>({ ...input, carriedState: state });
    }
  }
  showSearchAttributes();
  log.info('Order completed', { orderKey: state.orderKey });
  return state;
}

/** The effect the runner has started, and its outcome once it is in. */
interface RunningEffect {
  /** A local activity (an ERP write): its outcome comes in the same workflow task. */
  inWorker: boolean;
  startedAt: string;
  outcome: EffectOutcome | undefined;
}

/** The values of the order's search attributes that follow its state. */
function searchAttributeValues(state: OrderState): { status: OrderStatus; needsAttention: boolean } {
  return { status: state.status, needsAttention: state.attention !== undefined };
}
