import { PipelineFailureType } from '../../domain/failure-types';
import { LineStatus } from '../../domain/line-status';
import { OrderStatus } from '../../domain/order-status';
import { newConfirmationAdvice, retryAdvice } from './attention-advice';
import { confirmByPolicy } from './confirmation';
import type { Draft } from './draft';
import { changesErp, effectKinds } from './effect-kinds';
import type { OrderEffect } from './effects';
import { describeEffect } from './effects';
import type { EffectResult } from './events';
import { isOpenLine } from './lines';
import type { OutboundEntry } from './state';

/** What follows when an effect's step succeeded (or an operator did it by hand), or failed. */

function recordOutbound(
  draft: Draft,
  effect: OrderEffect,
  httpStatus: number | undefined,
  outcome: OutboundEntry['outcome'],
): void {
  const kind = effectKinds[effect.kind].outbound;
  if (kind === undefined) return;
  draft.state.outbound.push({
    effectId: effect.id,
    kind,
    purpose: describeEffect(effect),
    at: draft.now,
    httpStatus,
    outcome,
  });
}

export function decideEffectSucceeded(draft: Draft, effect: OrderEffect, result: EffectResult): void {
  const state = draft.state;
  if (!state.pendingEffects.some((candidate) => candidate.id === effect.id)) return; // dropped meanwhile
  state.pendingEffects = state.pendingEffects.filter((candidate) => candidate.id !== effect.id);
  state.supersededEffectIds = state.supersededEffectIds.filter((id) => id !== effect.id);
  applyEffectSuccess(draft, effect, result);
}

/** A confirmation that arrived after the customer cancelled everything: it settles nothing. */
function nothingLeftToConfirm(draft: Draft): boolean {
  if (draft.state.lines.some(isOpenLine)) return false;
  draft.note(
    'Jakamo accepted a confirmation sent before the cancellation arrived; the order stays cancelled',
  );
  return true;
}

/** A confirmation sent for a request the customer has changed since: it settles nothing. */
function answersAnOlderRequest(draft: Draft, basisSha256: string | undefined): boolean {
  if (basisSha256 === undefined || basisSha256 === draft.state.basisSha256) return false;
  draft.note(
    'Jakamo accepted a confirmation of an earlier request; the current request is confirmed separately',
  );
  return true;
}

export function applyEffectSuccess(
  draft: Draft,
  effect: OrderEffect,
  result: EffectResult & { byHand?: boolean },
): void {
  const state = draft.state;
  const byHand = result.byHand === true ? ' (by hand)' : '';
  if (result.byHand !== true) recordOutbound(draft, effect, result.httpStatus, 'accepted');
  switch (effect.kind) {
    case 'importSalesOrder': {
      const created = result.created ?? false;
      state.erpImport = { created, at: draft.now };
      draft.moveTo(
        OrderStatus.Imported,
        result.byHand === true
          ? 'imported into the ERP by hand'
          : created
            ? 'sales order created in the ERP'
            : 'the ERP already had this sales order',
      );
      // A change or cancellation that came meanwhile is applied first; it confirms by policy itself.
      if (!draft.hasPending(changesErp)) confirmByPolicy(draft);
      return;
    }
    case 'applyOrderChange': {
      if (effect.purpose !== 'change') {
        draft.note(
          `the ERP has the customer's ${effect.purpose === 'acceptance' ? 'acceptance' : 'rejection'}${byHand}`,
        );
        return;
      }
      if (!state.lines.some(isOpenLine)) {
        draft.moveTo(OrderStatus.Cancelled, `every line is cancelled; the ERP knows${byHand}`);
        return;
      }
      draft.moveTo(OrderStatus.Changed, `the ERP has the change${byHand}`);
      if (!draft.hasPending(changesErp)) confirmByPolicy(draft);
      return;
    }
    case 'cancelSalesOrderLines': {
      if (effect.wholeOrder || !state.lines.some(isOpenLine)) {
        draft.moveTo(OrderStatus.Cancelled, `cancelled; the ERP knows${byHand}`);
        return;
      }
      draft.note(
        `line${effect.lineIds.length === 1 ? '' : 's'} ${effect.lineIds.join(', ')} cancelled in the ERP${byHand}`,
      );
      settleAfterLineCancellation(draft);
      return;
    }
    case 'simpleConfirm':
      if (nothingLeftToConfirm(draft) || answersAnOlderRequest(draft, effect.basisSha256)) return;
      confirmLines(draft, undefined, `confirmed as requested (simple confirmation)${byHand}`);
      return;
    case 'postOrderResponse': {
      if (nothingLeftToConfirm(draft) || answersAnOlderRequest(draft, effect.basisSha256)) return;
      const proposes = effect.lines.some((line) => line.lineStatusCode !== undefined);
      if (!proposes) {
        confirmLines(
          draft,
          effect.lines,
          `confirmed as requested (OrderResponse, ${effect.purpose})${byHand}`,
        );
        return;
      }
      for (const terms of effect.lines) {
        const line = state.lines.find((candidate) => candidate.lineId === terms.lineId);
        if (line === undefined || !isOpenLine(line)) continue;
        line.confirmed = {
          ...line.requested,
          quantity: terms.quantity,
          price: terms.price,
          deliveryDate: terms.deliveryDate,
        };
        line.status = terms.lineStatusCode === undefined ? LineStatus.Confirmed : LineStatus.Proposed;
      }
      draft.moveTo(
        OrderStatus.WaitingForCustomer,
        `proposal sent (OrderResponse)${byHand}: waiting for the customer`,
      );
      return;
    }
    case 'putDeliveredStatus':
      draft.note(`${describeEffect(effect)} accepted by Jakamo${byHand}`);
      return;
    case 'recordConfirmation':
    case 'recordDelivery':
      return;
  }
}

/** After some lines were cancelled: the order's status follows from the lines that are left. */
function settleAfterLineCancellation(draft: Draft): void {
  const state = draft.state;
  const open = state.lines.filter(isOpenLine);
  if (open.some((line) => line.status === LineStatus.Proposed)) return; // still waiting for the customer
  if (open.some((line) => line.status === LineStatus.Open)) {
    if (!draft.hasPending(changesErp)) confirmByPolicy(draft);
    return;
  }
  if (open.every((line) => line.status === LineStatus.Delivered)) {
    draft.moveTo(OrderStatus.Delivered, 'every line left is delivered');
  } else if (
    open.some((line) => line.status === LineStatus.Delivered || line.status === LineStatus.PartiallyDelivered)
  ) {
    draft.moveTo(OrderStatus.PartiallyDelivered);
  } else if (state.status !== OrderStatus.Confirmed) {
    draft.moveTo(OrderStatus.Confirmed, 'every line left is confirmed');
  }
}

/** Lines confirmed with the given terms (undefined: as requested); the order is Confirmed. */
function confirmLines(
  draft: Draft,
  terms:
    | { lineId: string; quantity: string; price: string | undefined; deliveryDate: string | undefined }[]
    | undefined,
  note: string,
): void {
  const state = draft.state;
  for (const line of state.lines) {
    if (!isOpenLine(line) || line.status === LineStatus.Delivered) continue;
    const given = terms?.find((candidate) => candidate.lineId === line.lineId);
    if (terms !== undefined && given === undefined) continue;
    line.confirmed =
      given === undefined
        ? { ...line.requested }
        : {
            ...line.requested,
            quantity: given.quantity,
            price: given.price,
            deliveryDate: given.deliveryDate,
          };
    if (line.status !== LineStatus.PartiallyDelivered) line.status = LineStatus.Confirmed;
  }
  state.confirmedAt = draft.now;
  const delivering = state.lines.some(
    (line) => line.status === LineStatus.PartiallyDelivered || line.status === LineStatus.Delivered,
  );
  draft.moveTo(delivering ? OrderStatus.PartiallyDelivered : OrderStatus.Confirmed, note);
}

export function decideEffectFailed(
  draft: Draft,
  effect: OrderEffect,
  errorType: string,
  reason: string,
): void {
  const state = draft.state;
  if (!state.pendingEffects.some((candidate) => candidate.id === effect.id)) return; // dropped meanwhile
  // A document that failed our own checks was never sent; it would be built the same way again,
  // so a new decision (for example a new `confirm` naming the seller contact) replaces it, or it is
  // done by hand.
  const invalidDocument = errorType === PipelineFailureType.OutboundDocumentInvalid;
  recordOutbound(draft, effect, undefined, invalidDocument ? 'not-sent' : 'refused');
  if (state.supersededEffectIds.includes(effect.id)) {
    // A newer decision replaced this step while it ran: its failure needs no operator.
    state.pendingEffects = state.pendingEffects.filter((candidate) => candidate.id !== effect.id);
    state.supersededEffectIds = state.supersededEffectIds.filter((id) => id !== effect.id);
    draft.note(`${describeEffect(effect)} failed after a newer decision replaced it (${errorType}): dropped`);
    return;
  }
  draft.raiseAttention({
    effectId: effect.id,
    stepKind: effect.kind,
    step: describeEffect(effect),
    errorType,
    reason,
    ...(invalidDocument ? newConfirmationAdvice(state.orderKey) : retryAdvice(state.orderKey)),
    retryable: !invalidDocument,
  });
}
