import Big from 'big.js';
import { LineStatus } from '../../domain/line-status';
import { OrderStatus } from '../../domain/order-status';
import { queueConfirmation, responseLines } from './confirmation';
import type { Draft } from './draft';
import type { DeliveredLine } from '../../domain/supplier-terms';
import { fullyDelivered, isOpenLine, outstandingQuantity } from './lines';
import type { ConfirmRequest, DeliverRequest } from './messages';
import { refuseConfirm, refuseDeliver } from './validators';

/** The ERP's updates: `confirm` (as requested or with changes) and `deliver`. */

export function decideErpConfirm(draft: Draft, request: ConfirmRequest): void {
  const refused = refuseConfirm(draft.state, request);
  if (refused !== undefined) return draft.refuse(refused);
  const lines = responseLines(draft.state.lines, request);
  const decided = queueConfirmation(draft, lines, {
    note: request.note,
    sellerContactId: request.sellerContactId,
  });
  draft.note(`the ERP confirmed: ${decided}`);
  draft.accept(decided);
}

export function decideErpDeliver(draft: Draft, request: DeliverRequest): void {
  const state = draft.state;
  const refused = refuseDeliver(state, request);
  if (refused !== undefined) return draft.refuse(refused);
  const delivered: DeliveredLine[] =
    request.lines ??
    state.lines
      .filter((line) => outstandingQuantity(line).gt(0))
      .map((line) => ({ lineId: line.lineId, quantity: outstandingQuantity(line).toFixed() }));
  for (const { lineId, quantity } of delivered) {
    const line = state.lines.find((candidate) => candidate.lineId === lineId);
    if (line === undefined) continue;
    line.delivered = new Big(line.delivered).plus(quantity).toFixed();
    line.status = fullyDelivered(line) ? LineStatus.Delivered : LineStatus.PartiallyDelivered;
  }
  const open = state.lines.filter(isOpenLine);
  const everything = open.every((line) => line.status === LineStatus.Delivered);
  // Jakamo's Delivered status has no quantities: a line is reported once it is delivered in full.
  const completedNow = delivered.filter(
    (d) => state.lines.find((l) => l.lineId === d.lineId)?.status === LineStatus.Delivered,
  );
  if (everything || completedNow.length > 0) {
    draft.queue({
      kind: 'putDeliveredStatus',
      lines: everything && request.lines === undefined ? [] : completedNow,
      wholeOrder: everything && request.lines === undefined,
      note: request.note,
    });
  }
  draft.queue({ kind: 'recordDelivery', lines: delivered });
  const what = delivered.map((d) => `line ${d.lineId} × ${d.quantity}`).join(', ');
  // While the customer or the ERP still owes an answer about other lines, that is what the
  // order's status shows (as Jakamo does); the delivery is in the lines and the history.
  const answerOwed = open.some(
    (line) => line.status === LineStatus.Proposed || line.status === LineStatus.Open,
  );
  if (everything) draft.moveTo(OrderStatus.Delivered, `the ERP delivered ${what}`);
  else if (answerOwed) draft.note(`the ERP delivered ${what}`);
  else draft.moveTo(OrderStatus.PartiallyDelivered, `the ERP delivered ${what}`);
  draft.accept(
    everything
      ? 'delivered in full: PUT Delivered to Jakamo'
      : completedNow.length > 0
        ? `partially delivered: PUT Delivered for line${completedNow.length === 1 ? '' : 's'} ${completedNow.map((d) => d.lineId).join(', ')}`
        : 'partially delivered: recorded (Jakamo hears of a line once it is delivered in full)',
  );
}
