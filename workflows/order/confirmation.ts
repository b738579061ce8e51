import { LineStatus } from '../../domain/line-status';
import { LineStatusCode } from '../../domain/line-status-codes';
import { OrderStatus } from '../../domain/order-status';
import type { Draft } from './draft';
import type { OrderResponsePurpose, ResponseLineTerms } from '../../domain/supplier-terms';
import { isConfirmationEffect } from './effect-kinds';
import { isOpenLine, sameTerms } from './lines';
import type { ConfirmRequest } from './messages';
import type { OrderLineState, OrderLineTerms } from './state';

/** How the supplier's confirmation reaches Jakamo, decided from the terms and the customer's settings. */

/** The lines a confirmation answers: open lines that are not delivered in full. */
function answerable(line: OrderLineState): boolean {
  return isOpenLine(line) && line.status !== LineStatus.Delivered;
}

/** The supplier's terms per line: the ERP's where it gave them, the request elsewhere. */
export function responseLines(lines: OrderLineState[], request: ConfirmRequest): ResponseLineTerms[] {
  return lines.filter(answerable).map((line) => {
    const given = request.lines?.find((candidate) => candidate.lineId === line.lineId);
    const terms: OrderLineTerms = {
      ...line.requested,
      quantity: given?.quantity ?? line.requested.quantity,
      price: given?.price ?? line.requested.price,
      deliveryDate: given?.deliveryDate ?? line.requested.deliveryDate,
    };
    const changed = !sameTerms(terms, line.requested);
    return {
      lineId: line.lineId,
      quantity: terms.quantity ?? '0',
      price: terms.price,
      deliveryDate: terms.deliveryDate,
      lineStatusCode: changed ? LineStatusCode.Changed : undefined,
    };
  });
}

export const changesTerms = (lines: ResponseLineTerms[]): boolean =>
  lines.some((line) => line.lineStatusCode === LineStatusCode.Changed);

/**
 * Queues the confirmation: a simple confirmation when the terms equal the request, the order
 * has a Jakamo-Confirm-Url and the customer takes simple confirmations; otherwise an OrderResponse
 * (a proposal when terms differ). The ERP records what Jakamo accepted afterwards. A newer
 * confirmation supersedes one that has not been sent yet.
 */
export function queueConfirmation(
  draft: Draft,
  lines: ResponseLineTerms[],
  options: { note: string | undefined; sellerContactId: string | undefined },
): string {
  const state = draft.state;
  draft.dropPending(isConfirmationEffect);
  const proposes = changesTerms(lines);
  const previouslyAnswered =
    state.confirmedAt !== undefined || state.lines.some((l) => l.status === LineStatus.Proposed);
  if (!proposes && state.confirmUrl !== undefined && state.responseStyle === 'simple') {
    draft.queue({ kind: 'simpleConfirm', note: options.note, basisSha256: state.basisSha256 });
    draft.queue({ kind: 'recordConfirmation', lines, proposal: false });
    return 'confirm as requested (simple confirmation)';
  }
  const purpose: OrderResponsePurpose = proposes
    ? 'proposal'
    : previouslyAnswered
      ? 'supplier-update'
      : 'confirmation';
  draft.queue({
    kind: 'postOrderResponse',
    purpose,
    basisSha256: state.basisSha256 ?? '',
    lines,
    note: options.note,
    sellerContactId: options.sellerContactId ?? state.defaultSellerContactId,
  });
  draft.queue({ kind: 'recordConfirmation', lines, proposal: proposes });
  return proposes
    ? `propose changes to line${lines.filter((l) => l.lineStatusCode !== undefined).length === 1 ? '' : 's'} ${lines
        .filter((l) => l.lineStatusCode !== undefined)
        .map((l) => l.lineId)
        .join(', ')} (OrderResponse)`
    : `confirm as requested (OrderResponse, ${purpose})`;
}

/** Confirmation by policy after an import or a change: `auto` confirms as requested, `erp` waits. */
export function confirmByPolicy(draft: Draft): void {
  const state = draft.state;
  if (state.confirmationPolicy === 'erp') {
    draft.moveTo(OrderStatus.AwaitingErpConfirmation);
    return;
  }
  // The ERP already answered (its confirmation waits behind the ERP writes): it is not overruled.
  if (draft.hasPending((effect) => effect.id !== state.runningEffectId && isConfirmationEffect(effect)))
    return;
  queueConfirmation(draft, responseLines(state.lines, {}), { note: undefined, sellerContactId: undefined });
}
