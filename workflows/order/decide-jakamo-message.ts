import { AttentionType } from '../../domain/failure-types';
import { LineStatus } from '../../domain/line-status';
import type { JakamoMessageRef, MessageLine } from '../../domain/order-message';
import { OrderStatus } from '../../domain/order-status';
import { StatusMessageStatus } from '../../domain/status-message-layout';
import type { Draft } from './draft';
import { carriesConfirmedLines, isConfirmationEffect, outlivesOrderCancellation } from './effect-kinds';
import { isCancelledInMessage, isOpenLine, newLine, sameTerms, termsOf } from './lines';
import type { OrderLineState } from './state';

/**
 * A message from Jakamo's queue: the Order itself, a customer's OrderChange (a change, or the
 * answer to the supplier's proposal), a cancellation, or a status message.
 */
export function decideJakamoMessage(draft: Draft, message: JakamoMessageRef): void {
  const state = draft.state;
  const entry = {
    sha256: message.sha256,
    kind: message.kind,
    receivedAt: message.receivedAt,
    ...(message.sequenceNumber === undefined ? {} : { sequenceNumber: message.sequenceNumber }),
    ...(message.validationProblems === undefined ? {} : { validationProblems: message.validationProblems }),
  };
  if (state.documents.some((document) => document.sha256 === message.sha256)) {
    draft.recordDocument({ ...entry, outcome: 'duplicate', note: 'the same message again: nothing done' });
    return;
  }
  if (state.status === OrderStatus.Completed) {
    // The message raced the completion (it was signalled as the quiet period ended): reopen.
    const before = [...state.history].reverse().find((entry) => entry.status !== OrderStatus.Completed);
    draft.moveTo(
      before?.status ?? OrderStatus.Delivered,
      'a message arrived as the order completed: reopened',
    );
  }
  if (state.status === OrderStatus.Delivered || state.status === OrderStatus.Cancelled) {
    state.quietSince = draft.now; // the quiet period starts again after any message
  }
  const ignore = (note: string) => draft.recordDocument({ ...entry, outcome: 'ignored', note });
  // Flagged for an operator by `decide` as soon as no failed step waits (see flagHeldDocument).
  const hold = (note: string) =>
    draft.recordDocument({ ...entry, outcome: 'held', note, attentionType: AttentionType.UnexpectedMessage });

  const content = message.content;
  switch (content.kind) {
    case 'Order': {
      if (state.basisSha256 !== undefined) {
        hold(
          'a second, different Order document arrived for an order already received: compare it with the ERP sales order',
        );
        return;
      }
      state.jakamoOrderNumber = message.jakamoOrderNumber;
      state.confirmUrl = message.confirmUrl;
      state.basisSha256 = message.sha256;
      state.lines = content.lines.map(newLine);
      draft.recordDocument({ ...entry, outcome: 'applied' });
      draft.queue({ kind: 'importSalesOrder', messageSha256: message.sha256 });
      return;
    }
    case 'OrderChange': {
      if (state.basisSha256 === undefined) {
        hold('an OrderChange arrived before its Order: import the order by hand');
        return;
      }
      const stale = staleBecause(message.sequenceNumber, state.lastSequenceNumber);
      if (stale !== undefined) return ignore(stale);
      if (state.status === OrderStatus.Cancelled) {
        hold(
          'the customer changed an order that is cancelled: check with the customer whether it is wanted after all',
        );
        return;
      }
      if (state.status === OrderStatus.Delivered) {
        hold('the customer changed an order that has been delivered in full');
        return;
      }
      if (message.sequenceNumber !== undefined) state.lastSequenceNumber = message.sequenceNumber;
      if (message.confirmUrl !== undefined) state.confirmUrl = message.confirmUrl;
      if (message.jakamoOrderNumber !== undefined) state.jakamoOrderNumber ??= message.jakamoOrderNumber;
      decideOrderChange(draft, message, content.lines);
      draft.recordDocument({ ...entry, outcome: 'applied', note: lastNote(draft) });
      return;
    }
    case 'OrderCancellation':
      return decideCancellation(draft, message, [], content.note, {
        applied: () => draft.recordDocument({ ...entry, outcome: 'applied' }),
        ignore,
        hold,
      });
    case 'StatusMessage': {
      if (content.status.toLowerCase() !== StatusMessageStatus.Cancelled.toLowerCase()) {
        return ignore(`status "${content.status}" from the customer means nothing to the supplier's order`);
      }
      return decideCancellation(draft, message, content.lineIds, content.note, {
        applied: () => draft.recordDocument({ ...entry, outcome: 'applied' }),
        ignore,
        hold,
      });
    }
  }
}

function lastNote(draft: Draft): string | undefined {
  return draft.state.history.at(-1)?.note;
}

/** Why an OrderChange is not newer than the last one applied, or undefined when it is. */
export function staleBecause(sequence: string | undefined, last: string | undefined): string | undefined {
  if (sequence === undefined || last === undefined) return undefined;
  const numeric = /^\d+$/.test(sequence) && /^\d+$/.test(last);
  const newer = numeric ? BigInt(sequence) > BigInt(last) : sequence.localeCompare(last) > 0;
  return newer
    ? undefined
    : `SequenceNumberID ${sequence} is not newer than ${last}, the last change applied`;
}

/** The OrderChange is the customer's acceptance: every line it states equals the supplier's proposal. */
function acceptsProposal(lines: OrderLineState[], change: MessageLine[]): boolean {
  const proposed = lines.filter((line) => line.status === LineStatus.Proposed);
  if (proposed.length === 0) return false;
  // A new line in the same OrderChange makes it a change of the order, not a plain acceptance.
  if (change.some((stated) => !lines.some((line) => line.lineId === stated.lineId))) return false;
  return lines.filter(isOpenLine).every((line) => {
    const stated = change.find((candidate) => candidate.lineId === line.lineId);
    if (stated === undefined) return line.status !== LineStatus.Proposed;
    return !isCancelledInMessage(stated) && sameTerms(termsOf(stated), line.confirmed ?? line.requested);
  });
}

/** The OrderChange restates the request: the customer rejected the proposal. */
function restatesRequest(lines: OrderLineState[], change: MessageLine[]): boolean {
  if (change.length === 0 || !lines.some((line) => line.status === LineStatus.Proposed)) return false;
  return change.every((stated) => {
    const line = lines.find((candidate) => candidate.lineId === stated.lineId);
    if (line === undefined) return false;
    return line.status === LineStatus.Cancelled
      ? isCancelledInMessage(stated)
      : sameTerms(termsOf(stated), line.requested);
  });
}

function decideOrderChange(draft: Draft, message: JakamoMessageRef, change: MessageLine[]): void {
  const state = draft.state;
  if (acceptsProposal(state.lines, change)) {
    for (const line of state.lines.filter((l) => l.status === LineStatus.Proposed)) {
      line.requested = { ...(line.confirmed ?? line.requested) };
      line.status = LineStatus.Confirmed;
    }
    state.basisSha256 = message.sha256;
    state.confirmedAt = draft.now;
    // A confirmation the ERP queued before the customer answered is overtaken by the acceptance.
    draft.dropPending(isConfirmationEffect);
    const delivering = state.lines.some(
      (line) =>
        line.status === LineStatus.PartiallyDelivered ||
        line.status === LineStatus.Delivered ||
        line.delivered !== '0',
    );
    draft.moveTo(
      delivering ? OrderStatus.PartiallyDelivered : OrderStatus.Confirmed,
      'the customer accepted the proposal',
    );
    draft.queue({
      kind: 'applyOrderChange',
      purpose: 'acceptance',
      messageSha256: message.sha256,
      sequenceNumber: message.sequenceNumber,
      lines: change,
    });
    draft.queue({
      kind: 'recordConfirmation',
      lines: state.lines.filter(isOpenLine).map((line) => ({
        lineId: line.lineId,
        quantity: line.requested.quantity ?? '0',
        price: line.requested.price,
        deliveryDate: line.requested.deliveryDate,
        lineStatusCode: undefined,
      })),
      proposal: false,
    });
    return;
  }
  if (restatesRequest(state.lines, change)) {
    for (const line of state.lines.filter((l) => l.status === LineStatus.Proposed)) {
      line.status = LineStatus.Open;
      line.confirmed = undefined;
    }
    state.basisSha256 = message.sha256;
    draft.moveTo(
      OrderStatus.WaitingForSupplier,
      'the customer rejected the proposal: waiting for the ERP to confirm again',
    );
    draft.queue({
      kind: 'applyOrderChange',
      purpose: 'rejection',
      messageSha256: message.sha256,
      sequenceNumber: message.sequenceNumber,
      lines: change,
    });
    return;
  }

  // A change of the request: new terms, new lines, cancelled lines.
  const changed: string[] = [];
  for (const stated of change) {
    const line = state.lines.find((candidate) => candidate.lineId === stated.lineId);
    if (line === undefined) {
      state.lines.push(newLine(stated));
      changed.push(`line ${stated.lineId} added`);
      continue;
    }
    if (line.status === LineStatus.Cancelled) continue;
    if (isCancelledInMessage(stated)) {
      line.status = LineStatus.Cancelled;
      changed.push(`line ${line.lineId} cancelled`);
      continue;
    }
    const terms = termsOf(stated);
    if (!sameTerms(terms, line.requested)) {
      line.requested = { ...line.requested, ...definedTerms(terms) };
      if (line.status !== LineStatus.Delivered && line.status !== LineStatus.PartiallyDelivered)
        line.status = LineStatus.Open;
      changed.push(`line ${line.lineId} changed`);
    }
  }
  state.basisSha256 = message.sha256;
  draft.note(
    changed.length === 0 ? 'OrderChange without changes to the lines' : `OrderChange: ${changed.join(', ')}`,
  );
  // The ERP hears of the change first; the confirmation that follows is decided once it has it.
  draft.dropPending(isConfirmationEffect);
  draft.queue({
    kind: 'applyOrderChange',
    purpose: 'change',
    messageSha256: message.sha256,
    sequenceNumber: message.sequenceNumber,
    lines: change,
  });
}

function definedTerms<T extends object>(terms: T): Partial<T> {
  return Object.fromEntries(Object.entries(terms).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The customer cancels the whole order (no line ids) or some lines. */
function decideCancellation(
  draft: Draft,
  message: JakamoMessageRef,
  lineIds: string[],
  note: string | undefined,
  outcome: { applied: () => void; ignore: (note: string) => void; hold: (note: string) => void },
): void {
  const { applied, ignore, hold } = outcome;
  const state = draft.state;
  if (state.basisSha256 === undefined)
    return hold('a cancellation arrived before its Order: cancel the order by hand');
  if (state.status === OrderStatus.Cancelled) return ignore('the order is already cancelled');
  if (state.status === OrderStatus.Delivered) {
    return hold(
      'the customer cancelled an order that has been delivered in full: settle it with the customer',
    );
  }
  const open = state.lines.filter((line) => isOpenLine(line) && line.status !== LineStatus.Delivered);
  const targets = lineIds.length === 0 ? open : open.filter((line) => lineIds.includes(line.lineId));
  if (lineIds.length > 0 && targets.length === 0) return ignore(`lines ${lineIds.join(', ')} are not open`);
  for (const line of targets) line.status = LineStatus.Cancelled;
  // The whole order is cancelled when the customer says so (Jakamo shows it Cancelled even if
  // lines were delivered), or when its last open line goes.
  const wholeOrder = lineIds.length === 0 || !state.lines.some((line) => isOpenLine(line));
  applied();
  draft.note(
    `${message.kind}: the customer cancelled ${wholeOrder ? 'the order' : `line${targets.length === 1 ? '' : 's'} ${targets.map((l) => l.lineId).join(', ')}`}${note ? ` (${note})` : ''}`,
  );
  if (wholeOrder) {
    // Jakamo refuses anything more about a cancelled order; the ERP still records what happened.
    draft.dropPending((effect) => !outlivesOrderCancellation(effect));
  } else {
    withoutLines(
      draft,
      targets.map((line) => line.lineId),
    );
  }
  draft.queue({
    kind: 'cancelSalesOrderLines',
    messageSha256: message.sha256,
    lineIds: targets.map((line) => line.lineId),
    wholeOrder,
  });
}

/** Takes cancelled lines out of confirmations that have not been sent yet (drops those left empty). */
function withoutLines(draft: Draft, lineIds: string[]): void {
  for (const effect of draft.state.pendingEffects) {
    if (effect.id === draft.state.runningEffectId) continue;
    if (carriesConfirmedLines(effect)) {
      effect.lines = effect.lines.filter((line) => !lineIds.includes(line.lineId));
    }
  }
  draft.dropPending((effect) => carriesConfirmedLines(effect) && effect.lines.length === 0);
}
