import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ErpActivities, JakamoOrderActivities } from '../activities/types';
import { JakamoOrderStatus, NeedsAttention } from '../domain/search-attributes';
import type { OrderStatus } from '../domain/order-status';
import {
  cancelAttentionUpdate,
  jakamoMessageSignal,
  orderStateQuery,
  retryOrderUpdate,
  type JakamoMessageRef,
  type OrderState,
  type OrderWorkflowInput,
} from './definitions';
import { confirmAsRequested, decideIncoming, requestedLines } from './order-rules';

const erp = proxyActivities<ErpActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

// 5xx and network errors are retried with backoff; past the cap the order needs attention.
const jakamo = proxyActivities<JakamoOrderActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 },
});

/**
 * One customer order, for its whole life (DESIGN.md 4.2):
 * Received → Imported → Confirmed (policy `auto`: simple confirmation as requested)
 *                     → AwaitingErpConfirmation (policy `erp`)
 * A step that fails for a business reason never fails the workflow: the order waits in
 * NeedsAttention until an operator sends `retry` (run it again) or `cancelAttention` (done by hand).
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderState> {
  const state: OrderState = input.carriedState ?? newOrderState(input);
  const inbox: JakamoMessageRef[] = [];
  // A step that failed waits here for an operator's answer (`retry` or `cancelAttention`).
  type OperatorAnswer = 'retry' | 'handled-by-hand';
  let waitingStep: string | undefined;
  let operatorAnswer: OperatorAnswer | undefined;

  setHandler(jakamoMessageSignal, (message) => {
    inbox.push(message);
  });
  setHandler(orderStateQuery, () => state);
  setHandler(
    retryOrderUpdate,
    ({ reason }) => {
      log.info('Operator asked to retry the order', { orderKey: state.orderKey, step: waitingStep, reason });
      operatorAnswer = 'retry';
      return state.status;
    },
    {
      validator: (_request) => {
        if (state.attention === undefined) {
          throw new Error(
            `Order ${state.orderKey} does not need attention (status ${state.status}): nothing to retry`,
          );
        }
        if (waitingStep === undefined || waitingStep === 'message' || operatorAnswer !== undefined) {
          throw new Error(
            `Order ${state.orderKey} needs attention (${state.attention.errorType}) that the pipeline cannot retry: ` +
              'handle it by hand, then send cancelAttention',
          );
        }
      },
    },
  );
  setHandler(
    cancelAttentionUpdate,
    ({ reason }) => {
      log.info('Operator handled the attention by hand', {
        orderKey: state.orderKey,
        step: waitingStep,
        reason,
      });
      state.history.push({
        at: new Date().toISOString(),
        status: state.status,
        note: `attention (${state.attention?.errorType ?? ''}) handled by hand${reason ? `: ${reason}` : ''}`,
      });
      if (waitingStep !== undefined) operatorAnswer = 'handled-by-hand';
      else clearAttention();
      return state.status;
    },
    {
      validator: (_request) => {
        if (state.attention === undefined || operatorAnswer !== undefined) {
          throw new Error(`Order ${state.orderKey} does not need attention (status ${state.status})`);
        }
      },
    },
  );

  function moveTo(status: OrderStatus, note?: string): void {
    state.status = status;
    state.history.push({ at: new Date().toISOString(), status, ...(note === undefined ? {} : { note }) });
    upsertSearchAttributes([{ key: JakamoOrderStatus, value: status }]);
    log.info('Order status changed', { orderKey: state.orderKey, status });
  }

  function raiseAttention(step: string, errorType: string, reason: string): void {
    state.attention = { step, errorType, reason, since: new Date().toISOString() };
    upsertSearchAttributes([{ key: NeedsAttention, value: true }]);
    log.warn('Order needs attention', { orderKey: state.orderKey, step, errorType, reason });
  }

  function clearAttention(): void {
    state.attention = undefined;
    upsertSearchAttributes([{ key: NeedsAttention, value: false }]);
  }

  /** Puts the order in NeedsAttention and waits for the operator's answer. */
  async function waitForOperator(step: string, errorType: string, reason: string): Promise<OperatorAnswer> {
    raiseAttention(step, errorType, reason);
    waitingStep = step;
    await condition(() => operatorAnswer !== undefined);
    const answer = operatorAnswer ?? 'retry';
    operatorAnswer = undefined;
    waitingStep = undefined;
    clearAttention();
    return answer;
  }

  /**
   * Runs a step until it succeeds; a failure puts the order in NeedsAttention until `retry`
   * (run it again) or `cancelAttention` (an operator did it by hand).
   */
  async function untilDone<T>(
    step: string,
    run: () => Promise<T>,
  ): Promise<{ value: T } | 'handled-by-hand'> {
    for (;;) {
      try {
        return { value: await run() };
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const cause = error.cause;
        const errorType =
          cause instanceof ApplicationFailure
            ? (cause.type ?? 'ApplicationFailure')
            : (cause?.name ?? 'ActivityFailure');
        if ((await waitForOperator(step, errorType, cause?.message ?? error.message)) === 'handled-by-hand') {
          return 'handled-by-hand';
        }
      }
    }
  }

  /** A message the workflow records but cannot act on: an operator applies it by hand. */
  async function hold(message: JakamoMessageRef, note: string): Promise<void> {
    state.documents.push({
      sha256: message.sha256,
      kind: message.kind,
      receivedAt: message.receivedAt,
      outcome: 'not-handled-yet',
      note,
    });
    await waitForOperator('message', `Unhandled${message.kind}`, note);
  }

  async function importAndConfirm(message: JakamoMessageRef): Promise<void> {
    state.jakamoOrderNumber = message.jakamoOrderNumber;
    state.confirmUrl = message.confirmUrl;
    state.documents.push({
      sha256: message.sha256,
      kind: message.kind,
      receivedAt: message.receivedAt,
      outcome: 'imported',
    });

    const importStep = await untilDone('import', () =>
      erp.importSalesOrder({ orderKey: state.orderKey, message }),
    );
    if (importStep === 'handled-by-hand') return; // the pipeline does not know the lines then
    const imported = importStep.value;
    state.lines = requestedLines(imported.lines);
    state.erpImport = { created: imported.created, at: new Date().toISOString() };
    moveTo(
      'Imported',
      imported.created ? 'sales order created in the ERP' : 'the ERP already had this sales order',
    );

    if (state.confirmationPolicy === 'erp') {
      moveTo('AwaitingErpConfirmation');
      return;
    }
    const confirmUrl = state.confirmUrl;
    if (confirmUrl === undefined) {
      // Without the URL only an OrderResponse from the ERP can confirm the order.
      moveTo('AwaitingErpConfirmation');
      raiseAttention(
        'confirm',
        'MissingConfirmUrl',
        'Jakamo sent no Jakamo-Confirm-Url with this order, so it cannot be confirmed as requested: confirm it from the ERP or in Jakamo, then send cancelAttention',
      );
      return;
    }
    const confirmStep = await untilDone('confirm', () =>
      jakamo.simpleConfirm({ orderKey: state.orderKey, confirmUrl }),
    );
    if (confirmStep === 'handled-by-hand') return; // confirmed by hand in Jakamo
    state.lines = confirmAsRequested(state.lines);
    state.confirmedAt = new Date().toISOString();
    moveTo('Confirmed', 'confirmed as requested (simple confirmation)');
  }

  for (;;) {
    await condition(() => inbox.length > 0 || workflowInfo().continueAsNewSuggested);
    const message = inbox.shift();
    if (message === undefined) {
      // Long-lived orders start a fresh history; handlers finish first so no update is lost.
      await condition(allHandlersFinished);
      if (inbox.length > 0) continue; // a message arrived meanwhile: handle it before handing over
      return await continueAsNew<typeof orderWorkflow>({ ...input, carriedState: state });
    }
    const decision = decideIncoming(state, message);
    switch (decision.action) {
      case 'duplicate':
        log.info('Duplicate message ignored', { orderKey: state.orderKey, sha256: message.sha256 });
        break;
      case 'import':
        await importAndConfirm(message);
        break;
      case 'hold':
        await hold(message, decision.note);
        break;
    }
  }
}

function newOrderState(input: OrderWorkflowInput): OrderState {
  return {
    orderKey: input.orderKey,
    integration: input.integration,
    buyerPartyId: input.buyerPartyId,
    orderNumber: input.orderNumber,
    jakamoOrderNumber: undefined,
    confirmUrl: undefined,
    confirmationPolicy: input.confirmationPolicy,
    status: 'Received',
    lines: [],
    documents: [],
    history: [{ at: new Date().toISOString(), status: 'Received' }],
    attention: undefined,
    erpImport: undefined,
    confirmedAt: undefined,
  };
}
