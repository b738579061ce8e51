import type { OutboundRecord } from '../../db/outbound-documents';
import type { ErpDocumentKind } from '../../db/schema';
import { PipelineFailureType } from '../../domain/failure-types';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { Decision } from '../../workflows/order/decide';
import { describeEffect, type OrderEffect } from '../../workflows/order/effects';
import type { EffectResult, OrderEvent } from '../../workflows/order/events';
import { finished, headEffect, started, step } from '../../workflows/order/machine';
import type { ConfirmRequest, DeliverRequest, OperatorRequest } from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';
import type { OrderUpdateName } from './order-history';

/**
 * The replay's plan, worked out before anything is started: the order's own machine
 * (workflows/order/machine.ts, the same pure steps the workflow takes) are fed the order's inputs in their
 * original order — the archived Jakamo messages, the ERP's and the operator's updates — and
 * every step they queue is looked up in the records of what was done (the ERP's sales order and
 * its ledger of applied documents, the outbound records of requests to Jakamo). A step whose
 * record says it was done is taken as done, with the record's time and answer; the first step
 * without one stays pending and the fresh workflow runs it. Steps get the same ids (`e{n}-{kind}`)
 * as in the first life, because the same inputs in the same order queue the same steps — so
 * even a step that does run again finds its record and sends or writes nothing twice.
 *
 * Inputs are interleaved with the steps by time, as they happened: a step whose record is older
 * than the next input is settled before it, one still running when an input came (its record is
 * newer) is the running step the input's decision sees. Any record the plan does not account for
 * means the replay would not retrace the first life (for example the ERP's updates are unknown
 * because the history is gone): the plan lists them, and the replay refuses without `--force`.
 */

/** An input of the order, in the order it is replayed. */
export type ReplayInput =
  | { type: 'message'; at: string; ref: JakamoMessageRef }
  | {
      type: 'update';
      at: string;
      name: OrderUpdateName;
      updateId: string;
      request: unknown;
      /** The order refused it then too (after its validator let it through). */
      refusedThen?: boolean;
    };

/** What the connector's records say was done for the order. */
export interface DoneRecords {
  /** The ERP's sales order (its import is idempotent by order key). */
  salesOrder: { sourceSha256: string; at: string } | undefined;
  /** The ERP's ledger of applied documents (`erp_applied_documents`): changes and cancellations by message hash, confirmations and deliveries by step id. */
  ledger: { documentId: string; kind: ErpDocumentKind; at: string }[];
  /** Requests to Jakamo, by step id. */
  outbound: Pick<
    OutboundRecord,
    'effectId' | 'kind' | 'status' | 'accepted' | 'httpStatus' | 'answeredAt' | 'lastAttemptAt' | 'problems'
  >[];
}

export type ReplayStepKind = 'input' | 'done' | 'note';

export interface ReplayStep {
  at: string;
  kind: ReplayStepKind;
  /** What came in, or which step was done. */
  what: string;
  /** What the order decided, or the record that says the step was done. */
  outcome: string;
}

/** A step the fresh workflow will run, and why (no record says it was done). */
export interface PendingStep {
  effectId: string;
  step: string;
  why: string;
}

export interface ReplayPlan {
  steps: ReplayStep[];
  /** The order as the fresh workflow takes it over. */
  state: OrderState;
  pending: PendingStep[];
  /** Records of work done that the replay does not lead to: it would not retrace the first life. */
  unaccounted: string[];
  /** Inputs decided differently now than then (an update refused), in words. */
  warnings: string[];
}

type Outcome =
  | { done: true; at: string; result: EffectResult; evidence: string; recordKey: string }
  | { done: false; why: string; errorType: string };

const short = (sha: string) => sha.slice(0, 12);
/** A ledger document id: a message's content hash (shortened) or a step id. */
const documentName = (id: string) => (/^[0-9a-f]{64}$/.test(id) ? short(id) : id);

function outboundOutcome(record: DoneRecords['outbound'][number] | undefined): Outcome {
  if (record === undefined) {
    return {
      done: false,
      why: 'no record of it being sent: it is sent in the fresh workflow',
      errorType: 'NotDone',
    };
  }
  if (record.status === 'answered' && record.accepted === true) {
    return {
      done: true,
      at: record.answeredAt ?? record.lastAttemptAt,
      result: { httpStatus: record.httpStatus ?? 200, alreadySent: false },
      evidence: `Jakamo accepted it (HTTP ${record.httpStatus ?? '?'} at ${record.answeredAt ?? record.lastAttemptAt}): not sent again`,
      recordKey: `outbound:${record.effectId}`,
    };
  }
  if (record.status === 'invalid') {
    return {
      done: false,
      why: `it failed its checks and was never sent (${record.problems ?? 'see the outbound record'}): it is built again in the fresh workflow`,
      errorType: PipelineFailureType.OutboundDocumentInvalid,
    };
  }
  if (record.status === 'answered') {
    return {
      done: false,
      why: `Jakamo refused it (HTTP ${record.httpStatus ?? '?'}): it is sent again in the fresh workflow`,
      errorType: 'JakamoRefused',
    };
  }
  return {
    done: false,
    why: 'it was sent but its answer was never recorded: it is sent again in the fresh workflow (the window docs/lifecycle.md describes)',
    errorType: 'AnswerUnknown',
  };
}

/** Looks a step up in the records: done (with the record's time and answer) or not. */
function outcomeOf(effect: OrderEffect, records: DoneRecords): Outcome {
  const ledger = (documentId: string, kind: ErpDocumentKind): Outcome => {
    const row = records.ledger.find((entry) => entry.documentId === documentId && entry.kind === kind);
    return row === undefined
      ? {
          done: false,
          why: 'the ERP has no record of it: it runs in the fresh workflow',
          errorType: 'NotDone',
        }
      : {
          done: true,
          at: row.at,
          result: {},
          evidence: `the ERP applied it at ${row.at} (ledger: ${kind} ${documentName(documentId)})`,
          recordKey: `ledger:${documentId}`,
        };
  };
  switch (effect.kind) {
    case 'importSalesOrder': {
      const order = records.salesOrder;
      if (order === undefined) {
        return {
          done: false,
          why: 'the ERP has no sales order: it is imported in the fresh workflow',
          errorType: 'NotDone',
        };
      }
      const created = order.sourceSha256 === effect.messageSha256;
      return {
        done: true,
        at: order.at,
        result: { created },
        evidence: `the ERP has the sales order (created ${order.at}): not imported again`,
        recordKey: 'salesOrder',
      };
    }
    case 'applyOrderChange':
      return ledger(effect.messageSha256, 'OrderChange');
    case 'cancelSalesOrderLines':
      return ledger(effect.messageSha256, 'Cancellation');
    case 'recordConfirmation':
      return ledger(effect.id, 'Confirmation');
    case 'recordDelivery':
      return ledger(effect.id, 'Delivery');
    case 'simpleConfirm':
    case 'postOrderResponse':
    case 'putDeliveredStatus':
      return outboundOutcome(records.outbound.find((record) => record.effectId === effect.id));
  }
}

function eventOf(input: ReplayInput): OrderEvent {
  if (input.type === 'message') return { type: 'jakamoMessage', message: input.ref };
  switch (input.name) {
    case 'confirm':
      return { type: 'erpConfirm', updateId: input.updateId, request: input.request as ConfirmRequest };
    case 'deliver':
      return { type: 'erpDeliver', updateId: input.updateId, request: input.request as DeliverRequest };
    case 'retry':
    case 'resolve':
      return {
        type: input.name,
        updateId: input.updateId,
        reason: (input.request as OperatorRequest | undefined)?.reason,
      };
  }
}

function inputWords(input: ReplayInput): string {
  if (input.type === 'message') {
    const sequence = input.ref.sequenceNumber === undefined ? '' : ` #${input.ref.sequenceNumber}`;
    return `Jakamo ${input.ref.kind}${sequence} (message ${short(input.ref.sha256)})`;
  }
  const who = input.name === 'confirm' || input.name === 'deliver' ? 'ERP' : 'operator';
  const reason = (input.request as OperatorRequest | undefined)?.reason;
  return `${who} ${input.name}${reason === undefined ? '' : `: ${reason}`} (update ${input.updateId})`;
}

/** The plan of a replay from `initial` (a new order, or a state carried from a run whose history is gone). */
export function planReplay(initial: OrderState, inputs: ReplayInput[], records: DoneRecords): ReplayPlan {
  let state: OrderState = { ...initial, runningEffectId: undefined };
  const steps: ReplayStep[] = [];
  const warnings: string[] = [];
  const used = new Set<string>();

  /** As the workflow's loop does: a decision that throws leaves the order waiting for an operator. */
  function apply(event: OrderEvent, now: string): Decision {
    const decision = step(state, event, now);
    state = decision.state;
    return decision;
  }

  /** The step the runner runs, or would run next (none while a failed step waits for an operator). */
  const head = (): OrderEffect | undefined => headEffect(state);

  /** Settles, in order, the steps recorded as done no later than `until` (all of them when undefined). */
  function settle(until: string | undefined): void {
    for (;;) {
      const effect = head();
      if (effect === undefined) return;
      const outcome = outcomeOf(effect, records);
      if (!outcome.done || (until !== undefined && outcome.at > until)) return;
      used.add(outcome.recordKey);
      state = finished(
        started(state, effect),
        { type: 'effectSucceeded', effect, result: outcome.result },
        outcome.at,
      ).state;
      steps.push({
        at: outcome.at,
        kind: 'done',
        what: `${effect.id} ${describeEffect(effect)}`,
        outcome: outcome.evidence,
      });
    }
  }

  for (const input of inputs) {
    settle(input.at);
    // A step recorded as done after this input came was running when it came.
    const running = head();
    const runningOutcome = running === undefined ? undefined : outcomeOf(running, records);
    state =
      running !== undefined && runningOutcome?.done === true
        ? started(state, running)
        : { ...state, runningEffectId: undefined };
    if (
      input.type === 'update' &&
      input.name === 'resolve' &&
      running !== undefined &&
      runningOutcome?.done === false &&
      state.attention === undefined
    ) {
      // The step failed then (nothing records it as done) and the operator resolved it by hand:
      // it failed here too, so that the resolve drops it exactly as it did.
      apply(
        {
          type: 'effectFailed',
          effect: running,
          errorType: runningOutcome.errorType,
          reason: runningOutcome.why,
        },
        input.at,
      );
    }
    const decision = apply(eventOf(input), input.at);
    steps.push({
      at: input.at,
      kind: 'input',
      what: inputWords(input),
      outcome: decisionWords(input, decision),
    });
    if (input.type === 'update' && decision.answer?.ok === false && input.refusedThen !== true) {
      // A retry of a step that is recorded as done has nothing to retry here: that is expected.
      const harmless = input.name === 'retry' && /nothing to retry/.test(decision.answer.reason);
      if (!harmless) {
        warnings.push(`${inputWords(input)} was accepted then but is refused now: ${decision.answer.reason}`);
      }
    }
  }
  settle(undefined);

  // The fresh workflow runs no activity yet: nothing is running, nothing superseded is left to settle.
  const superseded = new Set(state.supersededEffectIds);
  state = {
    ...state,
    runningEffectId: undefined,
    pendingEffects: state.pendingEffects.filter((effect) => !superseded.has(effect.id)),
    supersededEffectIds: [],
  };
  const pending = state.pendingEffects.map((effect) => {
    const outcome = outcomeOf(effect, records);
    return {
      effectId: effect.id,
      step: describeEffect(effect),
      why: outcome.done ? 'done, but after a step that was not' : outcome.why,
    };
  });
  return { steps, state, pending, unaccounted: unaccountedRecords(records, used), warnings };
}

function decisionWords(input: ReplayInput, decision: Decision): string {
  if (input.type === 'update') {
    const answer = decision.answer;
    if (answer === undefined) return 'decided';
    if (!answer.ok) return `refused: ${answer.reason}`;
    const queued = decision.effects.map((effect) => effect.id).join(', ');
    return `accepted: ${answer.decided}${queued === '' ? '' : ` → ${queued}`}`;
  }
  const document = [...decision.state.documents].reverse().find((entry) => entry.sha256 === input.ref.sha256);
  const queued = decision.effects.map((effect) => `${effect.id} (${describeEffect(effect)})`).join(', ');
  const outcome = document === undefined ? 'decided' : document.outcome;
  const note = document?.note === undefined ? '' : `: ${document.note}`;
  return `${outcome}${note}${queued === '' ? '' : ` → ${queued}`}`;
}

/** Records of work done that no step of the plan accounts for. */
function unaccountedRecords(records: DoneRecords, used: Set<string>): string[] {
  const out: string[] = [];
  if (records.salesOrder !== undefined && !used.has('salesOrder')) {
    out.push(`the ERP's sales order (created ${records.salesOrder.at}), but the replay imports nothing`);
  }
  for (const row of records.ledger) {
    if (!used.has(`ledger:${row.documentId}`)) {
      out.push(`the ERP's ${row.kind} ${documentName(row.documentId)} (applied ${row.at})`);
    }
  }
  for (const record of records.outbound) {
    if (record.accepted === true && !used.has(`outbound:${record.effectId}`)) {
      out.push(
        `${record.kind} ${record.effectId}, accepted by Jakamo (HTTP ${record.httpStatus ?? '?'} at ${record.answeredAt ?? record.lastAttemptAt})`,
      );
    }
  }
  return out;
}
