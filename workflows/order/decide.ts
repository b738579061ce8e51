import { AttentionType } from '../../domain/failure-types';
import { OrderStatus } from '../../domain/order-status';
import { byHandAdvice } from './attention-advice';
import { decideEffectFailed, decideEffectSucceeded } from './decide-effect-outcome';
import { decideErpConfirm, decideErpDeliver } from './decide-erp';
import { decideJakamoMessage } from './decide-jakamo-message';
import { decideResolve, decideRetry } from './decide-operator';
import { Draft } from './draft';
import type { OrderEffect } from './effects';
import type { OrderEvent } from './events';
import type { OrderState, OrderWorkflowInput } from './state';

/** How many ERP update ids an order remembers (a retried update is not applied twice). */
const rememberedUpdateIds = 200;

export interface Decision {
  state: OrderState;
  /** Effects this event queued (they are in `state.pendingEffects` too). */
  effects: OrderEffect[];
  /** For updates: accepted with what will happen, or refused with the reason. */
  answer: { ok: true; decided: string } | { ok: false; reason: string } | undefined;
}

/**
 * The order's rules: the next state and the effects to run for one event, in state `state`.
 * Pure (no I/O, no clock: `now` is given), so every transition is unit-tested apart from
 * Temporal; the workflow only feeds events in and runs the effects that come out.
 */
export function decide(state: OrderState, event: OrderEvent, now: string): Decision {
  const draft = new Draft(state, now);
  switch (event.type) {
    case 'jakamoMessage':
      decideJakamoMessage(draft, event.message);
      break;
    case 'erpConfirm':
    case 'erpDeliver': {
      if (draft.state.decidedUpdateIds.includes(event.updateId)) {
        draft.accept('already done (same update id)');
        break;
      }
      if (event.type === 'erpConfirm') decideErpConfirm(draft, event.request);
      else decideErpDeliver(draft, event.request);
      if (draft.answer?.ok === true) {
        draft.state.decidedUpdateIds = [...draft.state.decidedUpdateIds, event.updateId].slice(
          -rememberedUpdateIds,
        );
      }
      break;
    }
    case 'retry':
      decideRetry(draft, event.reason);
      break;
    case 'resolve':
      decideResolve(draft, event.reason);
      break;
    case 'effectSucceeded':
      decideEffectSucceeded(draft, event.effect, event.result);
      break;
    case 'effectFailed':
      decideEffectFailed(draft, event.effect, event.errorType, event.reason);
      break;
    case 'quietPeriodEnded':
      if (isQuiet(draft.state)) draft.moveTo(OrderStatus.Completed, 'no messages during the quiet period');
      break;
  }
  flagHeldDocument(draft);
  return { state: draft.state, effects: draft.effects, answer: draft.answer };
}

/**
 * An order has one attention at a time; a failed step comes first (it blocks the steps after
 * it). A message held for an operator is flagged as soon as nothing else is: it does not block
 * the order's steps, and it is not forgotten while a failed step is being answered.
 */
function flagHeldDocument(draft: Draft): void {
  const state = draft.state;
  if (state.attention !== undefined) return;
  const held = state.documents.find((document) => document.outcome === 'held');
  if (held === undefined) return;
  draft.raiseAttention({
    effectId: undefined,
    documentSha256: held.sha256,
    stepKind: 'message',
    step: `${held.kind} message`,
    errorType: held.attentionType ?? AttentionType.UnexpectedMessage,
    reason: held.note ?? `a ${held.kind} the pipeline cannot apply by itself`,
    ...byHandAdvice(state.orderKey),
    retryable: false,
  });
}

/** Delivered or Cancelled with nothing left to do: the quiet period runs. */
export function isQuiet(state: OrderState): boolean {
  return (
    (state.status === OrderStatus.Delivered || state.status === OrderStatus.Cancelled) &&
    state.pendingEffects.length === 0 &&
    state.attention === undefined &&
    state.quietSince !== undefined
  );
}

export const defaultQuietPeriodMs = 30 * 24 * 60 * 60 * 1000;

export function newOrderState(input: OrderWorkflowInput, now: string): OrderState {
  return {
    orderKey: input.orderKey,
    integration: input.integration,
    buyerPartyId: input.buyerPartyId,
    orderNumber: input.orderNumber,
    jakamoOrderNumber: undefined,
    confirmUrl: undefined,
    confirmationPolicy: input.confirmationPolicy,
    responseStyle: input.responseStyle ?? 'simple',
    defaultSellerContactId: input.defaultSellerContactId,
    quietPeriodMs: input.quietPeriodMs ?? defaultQuietPeriodMs,
    status: OrderStatus.Received,
    lines: [],
    documents: [],
    outbound: [],
    history: [{ at: now, status: OrderStatus.Received }],
    attention: undefined,
    basisSha256: undefined,
    lastSequenceNumber: undefined,
    erpImport: undefined,
    confirmedAt: undefined,
    quietSince: undefined,
    pendingEffects: [],
    runningEffectId: undefined,
    supersededEffectIds: [],
    nextEffectNumber: 1,
    decidedUpdateIds: [],
  };
}
