import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OrderStatus } from '../../domain/order-status';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { OrderEffect, OrderEffectKind } from '../../workflows/order/effects';
import type { OrderEvent } from '../../workflows/order/events';
import type { DocumentOutcome } from '../../workflows/order/state';
import { refuseConfirm, refuseDeliver } from '../../workflows/order/validators';
import {
  OrderRun,
  cancellationMessage,
  confirmUrl,
  effectFailed,
  effectSucceeded,
  erpConfirm,
  erpDeliver,
  jakamoMessage,
  line,
  orderMessage,
  quietPeriodEnded,
  resolve,
  retry,
  statusMessage,
  type RunOptions,
} from './order-fixtures';

/*
 * The order's rules (workflows/order/decide.ts) as tables: every event in every status, each
 * status reached by real events from a fresh order, then the cases a table cannot state.
 */

// ---------------------------------------------------------------------------------------------
// The order every table row starts from: lines L1 × 10 and L2 × 4; right after ordering the
// customer changes L2 to 5 (OrderChange 1), before the ERP import has run.
// ---------------------------------------------------------------------------------------------

const originalOrder = () => orderMessage('Order', [line('L1', '10'), line('L2', '4')], { sha: 'order-1' });
const firstChange = () =>
  orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { sha: 'change-1', seq: '1' });
/** The ERP's proposal in WaitingForCustomer: 8 of L1 instead of 10. */
const proposal = { lines: [{ lineId: 'L1', quantity: '8' }] };

function received(options: RunOptions = {}): OrderRun {
  const run = new OrderRun(options);
  run.message(originalOrder());
  run.message(firstChange());
  return run;
}

function awaitingErp(options: RunOptions = {}): OrderRun {
  return received(options).settle(); // import, apply the change → Imported → Changed → AwaitingErpConfirmation
}

function confirmed(options: RunOptions = {}): OrderRun {
  const run = awaitingErp(options);
  run.apply(erpConfirm());
  return run.settle(); // simpleConfirm, recordConfirmation
}

function waitingForCustomer(options: RunOptions = {}): OrderRun {
  const run = awaitingErp(options);
  run.apply(erpConfirm(proposal));
  return run.settle(); // postOrderResponse (proposal), recordConfirmation
}

/** How each status of the table is reached. `Imported` and `Changed` rest only with policy `auto`. */
const given: Record<TableStatus, () => OrderRun> = {
  Received: () => received(),
  Imported: () => {
    const run = received({ confirmationPolicy: 'auto' });
    run.succeedHead({ created: true }); // import; the change is applied before any confirmation
    return run;
  },
  Changed: () => {
    const run = given.Imported();
    run.succeedHead(); // applyOrderChange → Changed, confirm as requested queued
    return run;
  },
  AwaitingErpConfirmation: () => awaitingErp(),
  Confirmed: () => confirmed(),
  WaitingForCustomer: () => waitingForCustomer(),
  WaitingForSupplier: () => {
    const run = waitingForCustomer();
    // rejects the proposal; the ERP hears of it through applyOrderChange (rejection), still queued
    run.message(orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { seq: '2' }));
    return run;
  },
  Cancelled: () => {
    const run = confirmed();
    run.message(cancellationMessage());
    return run.settle();
  },
  PartiallyDelivered: () => {
    const run = confirmed();
    run.apply(erpDeliver({ lines: [{ lineId: 'L1', quantity: '4' }] }));
    return run.settle();
  },
  Delivered: () => {
    const run = confirmed();
    run.apply(erpDeliver());
    return run.settle();
  },
};

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type TableStatus = Exclude<OrderStatus, 'Completed'>;

const nextSeq = (run: OrderRun) => String(Number(run.state.lastSequenceNumber ?? '0') + 1);
/** The head pending effect, or (nothing pending) a late second outcome of the last effect that ran. */
const headOrLast = (run: OrderRun): OrderEffect => {
  const effect = run.state.pendingEffects[0] ?? run.queued.at(-1);
  assert.ok(effect !== undefined);
  return effect;
};

/** The events of the table, each made for the order it is applied to. */
const events = {
  'Order (same message again)': () => jakamoMessage(originalOrder()),
  'Order (a different one)': () =>
    jakamoMessage(orderMessage('Order', [line('L1', '11')], { sha: 'order-2' })),
  'OrderChange newer': (run: OrderRun) =>
    jakamoMessage(orderMessage('OrderChange', [line('L1', '12'), line('L2', '5')], { seq: nextSeq(run) })),
  'OrderChange stale': (run: OrderRun) =>
    jakamoMessage(
      orderMessage('OrderChange', [line('L1', '12'), line('L2', '5')], { seq: run.state.lastSequenceNumber }),
    ),
  'OrderChange = proposal': (run: OrderRun) =>
    jakamoMessage(orderMessage('OrderChange', [line('L1', '8'), line('L2', '5')], { seq: nextSeq(run) })),
  'OrderChange restating request': (run: OrderRun) =>
    jakamoMessage(orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { seq: nextSeq(run) })),
  OrderCancellation: () => jakamoMessage(cancellationMessage()),
  'StatusMessage Cancelled': () => jakamoMessage(statusMessage('Cancelled')),
  'StatusMessage Cancelled L2': () => jakamoMessage(statusMessage('Cancelled', ['L2'])),
  'StatusMessage other': () => jakamoMessage(statusMessage('Acknowledged')),
  'erpConfirm as requested': () => erpConfirm(),
  'erpConfirm with changes': () => erpConfirm(proposal),
  'erpDeliver all': () => erpDeliver(),
  'erpDeliver partial': () => erpDeliver({ lines: [{ lineId: 'L1', quantity: '4' }] }),
  retry: () => retry(),
  resolve: () => resolve(),
  effectSucceeded: (run: OrderRun) => effectSucceeded(headOrLast(run)),
  effectFailed: (run: OrderRun) => effectFailed(headOrLast(run)),
  quietPeriodEnded: () => quietPeriodEnded,
} satisfies Record<string, (run: OrderRun) => OrderEvent>;
type EventName = keyof typeof events;

interface Expect {
  /** Effects this event queues, in order. */
  effects?: OrderEffectKind[];
  /** Outcome of the document the event records (none recorded when left out). */
  document?: DocumentOutcome;
  /** The update's answer (none when left out). */
  answer?: 'ok' | 'refused';
  /** Attention after the event (none when left out). */
  attention?: 'retryable' | 'not retryable';
}
type Row = [TableStatus, EventName, OrderStatus, Expect?];

// Shorthands for the rows.
const applied = (...effects: OrderEffectKind[]): Expect => ({ document: 'applied', effects });
const ignored: Expect = { document: 'ignored' };
const duplicate: Expect = { document: 'duplicate' };
const held: Expect = { document: 'held', attention: 'not retryable' };
const ok = (...effects: OrderEffectKind[]): Expect => ({ answer: 'ok', effects });
const refused: Expect = { answer: 'refused' };
const failedStep: Expect = { attention: 'retryable' };
const cancel = applied('cancelSalesOrderLines');
const change = applied('applyOrderChange');
const simple = ok('simpleConfirm', 'recordConfirmation');
const response = ok('postOrderResponse', 'recordConfirmation');

// prettier-ignore
const table: Row[] = [
  // Received (policy erp): the Order and OrderChange 1 arrived; import and change are queued.
  ['Received', 'Order (same message again)', 'Received', duplicate],
  ['Received', 'Order (a different one)', 'Received', held],
  ['Received', 'OrderChange newer', 'Received', change],
  ['Received', 'OrderChange stale', 'Received', ignored],
  ['Received', 'OrderChange = proposal', 'Received', change],
  ['Received', 'OrderChange restating request', 'Received', change],
  ['Received', 'OrderCancellation', 'Received', cancel],
  ['Received', 'StatusMessage Cancelled', 'Received', cancel],
  ['Received', 'StatusMessage Cancelled L2', 'Received', cancel],
  ['Received', 'StatusMessage other', 'Received', ignored],
  ['Received', 'erpConfirm as requested', 'Received', refused], // not in the ERP yet
  ['Received', 'erpConfirm with changes', 'Received', refused],
  ['Received', 'erpDeliver all', 'Received', refused],
  ['Received', 'erpDeliver partial', 'Received', refused],
  ['Received', 'retry', 'Received', refused],
  ['Received', 'resolve', 'Received', refused],
  ['Received', 'effectSucceeded', 'Imported'], // the change is applied before anything is confirmed
  ['Received', 'effectFailed', 'Received', failedStep],
  ['Received', 'quietPeriodEnded', 'Received'],

  // Imported (policy auto): in the ERP; the change is still to be applied, then confirmed.
  ['Imported', 'Order (same message again)', 'Imported', duplicate],
  ['Imported', 'Order (a different one)', 'Imported', held],
  ['Imported', 'OrderChange newer', 'Imported', change],
  ['Imported', 'OrderChange stale', 'Imported', ignored],
  ['Imported', 'OrderChange = proposal', 'Imported', change],
  ['Imported', 'OrderChange restating request', 'Imported', change],
  ['Imported', 'OrderCancellation', 'Imported', cancel],
  ['Imported', 'StatusMessage Cancelled', 'Imported', cancel],
  ['Imported', 'StatusMessage Cancelled L2', 'Imported', cancel],
  ['Imported', 'StatusMessage other', 'Imported', ignored],
  ['Imported', 'erpConfirm as requested', 'Imported', simple],
  ['Imported', 'erpConfirm with changes', 'Imported', response],
  ['Imported', 'erpDeliver all', 'Imported', refused],
  ['Imported', 'erpDeliver partial', 'Imported', refused],
  ['Imported', 'retry', 'Imported', refused],
  ['Imported', 'resolve', 'Imported', refused],
  ['Imported', 'effectSucceeded', 'Changed', { effects: ['simpleConfirm', 'recordConfirmation'] }],
  ['Imported', 'effectFailed', 'Imported', failedStep],
  ['Imported', 'quietPeriodEnded', 'Imported'],

  // Changed (policy auto): the ERP has the change; confirm as requested is queued.
  ['Changed', 'Order (same message again)', 'Changed', duplicate],
  ['Changed', 'Order (a different one)', 'Changed', held],
  ['Changed', 'OrderChange newer', 'Changed', change], // drops the queued confirmation
  ['Changed', 'OrderChange stale', 'Changed', ignored],
  ['Changed', 'OrderChange = proposal', 'Changed', change],
  ['Changed', 'OrderChange restating request', 'Changed', change],
  ['Changed', 'OrderCancellation', 'Changed', cancel],
  ['Changed', 'StatusMessage Cancelled', 'Changed', cancel],
  ['Changed', 'StatusMessage Cancelled L2', 'Changed', cancel],
  ['Changed', 'StatusMessage other', 'Changed', ignored],
  ['Changed', 'erpConfirm as requested', 'Changed', simple], // supersedes the queued one
  ['Changed', 'erpConfirm with changes', 'Changed', response],
  ['Changed', 'erpDeliver all', 'Changed', refused],
  ['Changed', 'erpDeliver partial', 'Changed', refused],
  ['Changed', 'retry', 'Changed', refused],
  ['Changed', 'resolve', 'Changed', refused],
  ['Changed', 'effectSucceeded', 'Confirmed'],
  ['Changed', 'effectFailed', 'Changed', failedStep],
  ['Changed', 'quietPeriodEnded', 'Changed'],

  // AwaitingErpConfirmation (policy erp): nothing pending, the ERP's `confirm` is awaited.
  ['AwaitingErpConfirmation', 'Order (same message again)', 'AwaitingErpConfirmation', duplicate],
  ['AwaitingErpConfirmation', 'Order (a different one)', 'AwaitingErpConfirmation', held],
  ['AwaitingErpConfirmation', 'OrderChange newer', 'AwaitingErpConfirmation', change],
  ['AwaitingErpConfirmation', 'OrderChange stale', 'AwaitingErpConfirmation', ignored],
  ['AwaitingErpConfirmation', 'OrderChange = proposal', 'AwaitingErpConfirmation', change],
  ['AwaitingErpConfirmation', 'OrderChange restating request', 'AwaitingErpConfirmation', change],
  ['AwaitingErpConfirmation', 'OrderCancellation', 'AwaitingErpConfirmation', cancel],
  ['AwaitingErpConfirmation', 'StatusMessage Cancelled', 'AwaitingErpConfirmation', cancel],
  ['AwaitingErpConfirmation', 'StatusMessage Cancelled L2', 'AwaitingErpConfirmation', cancel],
  ['AwaitingErpConfirmation', 'StatusMessage other', 'AwaitingErpConfirmation', ignored],
  ['AwaitingErpConfirmation', 'erpConfirm as requested', 'AwaitingErpConfirmation', simple],
  ['AwaitingErpConfirmation', 'erpConfirm with changes', 'AwaitingErpConfirmation', response],
  ['AwaitingErpConfirmation', 'erpDeliver all', 'AwaitingErpConfirmation', refused],
  ['AwaitingErpConfirmation', 'erpDeliver partial', 'AwaitingErpConfirmation', refused],
  ['AwaitingErpConfirmation', 'retry', 'AwaitingErpConfirmation', refused],
  ['AwaitingErpConfirmation', 'resolve', 'AwaitingErpConfirmation', refused],
  ['AwaitingErpConfirmation', 'effectSucceeded', 'AwaitingErpConfirmation'], // late outcome: ignored
  ['AwaitingErpConfirmation', 'effectFailed', 'AwaitingErpConfirmation'],
  ['AwaitingErpConfirmation', 'quietPeriodEnded', 'AwaitingErpConfirmation'],

  // Confirmed: L1 × 10 and L2 × 5 confirmed as requested (simple confirmation).
  ['Confirmed', 'Order (same message again)', 'Confirmed', duplicate],
  ['Confirmed', 'Order (a different one)', 'Confirmed', held],
  ['Confirmed', 'OrderChange newer', 'Confirmed', change], // → Changed → re-confirm once the ERP has it
  ['Confirmed', 'OrderChange stale', 'Confirmed', ignored],
  ['Confirmed', 'OrderChange = proposal', 'Confirmed', change], // no proposal out: a change
  ['Confirmed', 'OrderChange restating request', 'Confirmed', change],
  ['Confirmed', 'OrderCancellation', 'Confirmed', cancel],
  ['Confirmed', 'StatusMessage Cancelled', 'Confirmed', cancel],
  ['Confirmed', 'StatusMessage Cancelled L2', 'Confirmed', cancel],
  ['Confirmed', 'StatusMessage other', 'Confirmed', ignored],
  ['Confirmed', 'erpConfirm as requested', 'Confirmed', simple],
  ['Confirmed', 'erpConfirm with changes', 'Confirmed', response],
  ['Confirmed', 'erpDeliver all', 'Delivered', ok('putDeliveredStatus', 'recordDelivery')],
  ['Confirmed', 'erpDeliver partial', 'PartiallyDelivered', ok('recordDelivery')],
  ['Confirmed', 'retry', 'Confirmed', refused],
  ['Confirmed', 'resolve', 'Confirmed', refused],
  ['Confirmed', 'effectSucceeded', 'Confirmed'],
  ['Confirmed', 'effectFailed', 'Confirmed'],
  ['Confirmed', 'quietPeriodEnded', 'Confirmed'],

  // WaitingForCustomer: L1 proposed × 8, L2 confirmed × 5.
  ['WaitingForCustomer', 'Order (same message again)', 'WaitingForCustomer', duplicate],
  ['WaitingForCustomer', 'Order (a different one)', 'WaitingForCustomer', held],
  ['WaitingForCustomer', 'OrderChange newer', 'WaitingForCustomer', change],
  ['WaitingForCustomer', 'OrderChange stale', 'WaitingForCustomer', ignored],
  ['WaitingForCustomer', 'OrderChange = proposal', 'Confirmed', applied('applyOrderChange', 'recordConfirmation')],
  ['WaitingForCustomer', 'OrderChange restating request', 'WaitingForSupplier', change], // rejection: the ERP is told
  ['WaitingForCustomer', 'OrderCancellation', 'WaitingForCustomer', cancel],
  ['WaitingForCustomer', 'StatusMessage Cancelled', 'WaitingForCustomer', cancel],
  ['WaitingForCustomer', 'StatusMessage Cancelled L2', 'WaitingForCustomer', cancel],
  ['WaitingForCustomer', 'StatusMessage other', 'WaitingForCustomer', ignored],
  ['WaitingForCustomer', 'erpConfirm as requested', 'WaitingForCustomer', simple], // withdraws the proposal
  ['WaitingForCustomer', 'erpConfirm with changes', 'WaitingForCustomer', response],
  ['WaitingForCustomer', 'erpDeliver all', 'WaitingForCustomer', ok('putDeliveredStatus', 'recordDelivery')], // L2 only; the customer still owes an answer
  ['WaitingForCustomer', 'erpDeliver partial', 'WaitingForCustomer', refused], // L1 is only proposed
  ['WaitingForCustomer', 'retry', 'WaitingForCustomer', refused],
  ['WaitingForCustomer', 'resolve', 'WaitingForCustomer', refused],
  ['WaitingForCustomer', 'effectSucceeded', 'WaitingForCustomer'],
  ['WaitingForCustomer', 'effectFailed', 'WaitingForCustomer'],
  ['WaitingForCustomer', 'quietPeriodEnded', 'WaitingForCustomer'],

  // WaitingForSupplier: the customer rejected the proposal (L1 open again, L2 confirmed); the
  // rejection's applyOrderChange is still queued.
  ['WaitingForSupplier', 'Order (same message again)', 'WaitingForSupplier', duplicate],
  ['WaitingForSupplier', 'Order (a different one)', 'WaitingForSupplier', held],
  ['WaitingForSupplier', 'OrderChange newer', 'WaitingForSupplier', change],
  ['WaitingForSupplier', 'OrderChange stale', 'WaitingForSupplier', ignored],
  ['WaitingForSupplier', 'OrderChange = proposal', 'WaitingForSupplier', change], // the proposal is withdrawn: a change
  ['WaitingForSupplier', 'OrderChange restating request', 'WaitingForSupplier', change],
  ['WaitingForSupplier', 'OrderCancellation', 'WaitingForSupplier', cancel],
  ['WaitingForSupplier', 'StatusMessage Cancelled', 'WaitingForSupplier', cancel],
  ['WaitingForSupplier', 'StatusMessage Cancelled L2', 'WaitingForSupplier', cancel],
  ['WaitingForSupplier', 'StatusMessage other', 'WaitingForSupplier', ignored],
  ['WaitingForSupplier', 'erpConfirm as requested', 'WaitingForSupplier', simple],
  ['WaitingForSupplier', 'erpConfirm with changes', 'WaitingForSupplier', response],
  ['WaitingForSupplier', 'erpDeliver all', 'WaitingForSupplier', ok('putDeliveredStatus', 'recordDelivery')], // L2 only; the ERP still owes a confirmation
  ['WaitingForSupplier', 'erpDeliver partial', 'WaitingForSupplier', refused], // L1 is not confirmed
  ['WaitingForSupplier', 'retry', 'WaitingForSupplier', refused],
  ['WaitingForSupplier', 'resolve', 'WaitingForSupplier', refused],
  ['WaitingForSupplier', 'effectSucceeded', 'WaitingForSupplier'], // the ERP has the rejection: a note
  ['WaitingForSupplier', 'effectFailed', 'WaitingForSupplier', failedStep],
  ['WaitingForSupplier', 'quietPeriodEnded', 'WaitingForSupplier'],

  // Cancelled: the customer cancelled the confirmed order; the ERP knows. Quiet period runs.
  ['Cancelled', 'Order (same message again)', 'Cancelled', duplicate],
  ['Cancelled', 'Order (a different one)', 'Cancelled', held],
  ['Cancelled', 'OrderChange newer', 'Cancelled', held], // flagged, not applied
  ['Cancelled', 'OrderChange stale', 'Cancelled', ignored], // staleness is checked first
  ['Cancelled', 'OrderChange = proposal', 'Cancelled', held],
  ['Cancelled', 'OrderChange restating request', 'Cancelled', held],
  ['Cancelled', 'OrderCancellation', 'Cancelled', ignored], // already cancelled
  ['Cancelled', 'StatusMessage Cancelled', 'Cancelled', ignored],
  ['Cancelled', 'StatusMessage Cancelled L2', 'Cancelled', ignored],
  ['Cancelled', 'StatusMessage other', 'Cancelled', ignored],
  ['Cancelled', 'erpConfirm as requested', 'Cancelled', refused],
  ['Cancelled', 'erpConfirm with changes', 'Cancelled', refused],
  ['Cancelled', 'erpDeliver all', 'Cancelled', refused],
  ['Cancelled', 'erpDeliver partial', 'Cancelled', refused],
  ['Cancelled', 'retry', 'Cancelled', refused],
  ['Cancelled', 'resolve', 'Cancelled', refused],
  ['Cancelled', 'effectSucceeded', 'Cancelled'],
  ['Cancelled', 'effectFailed', 'Cancelled'],
  ['Cancelled', 'quietPeriodEnded', 'Completed'],

  // PartiallyDelivered: 4 of L1's 10 delivered; L2 × 5 confirmed.
  ['PartiallyDelivered', 'Order (same message again)', 'PartiallyDelivered', duplicate],
  ['PartiallyDelivered', 'Order (a different one)', 'PartiallyDelivered', held],
  ['PartiallyDelivered', 'OrderChange newer', 'PartiallyDelivered', change],
  ['PartiallyDelivered', 'OrderChange stale', 'PartiallyDelivered', ignored],
  ['PartiallyDelivered', 'OrderChange = proposal', 'PartiallyDelivered', change],
  ['PartiallyDelivered', 'OrderChange restating request', 'PartiallyDelivered', change],
  ['PartiallyDelivered', 'OrderCancellation', 'PartiallyDelivered', cancel],
  ['PartiallyDelivered', 'StatusMessage Cancelled', 'PartiallyDelivered', cancel],
  ['PartiallyDelivered', 'StatusMessage Cancelled L2', 'PartiallyDelivered', cancel],
  ['PartiallyDelivered', 'StatusMessage other', 'PartiallyDelivered', ignored],
  ['PartiallyDelivered', 'erpConfirm as requested', 'PartiallyDelivered', simple],
  ['PartiallyDelivered', 'erpConfirm with changes', 'PartiallyDelivered', response],
  ['PartiallyDelivered', 'erpDeliver all', 'Delivered', ok('putDeliveredStatus', 'recordDelivery')],
  ['PartiallyDelivered', 'erpDeliver partial', 'PartiallyDelivered', ok('recordDelivery')],
  ['PartiallyDelivered', 'retry', 'PartiallyDelivered', refused],
  ['PartiallyDelivered', 'resolve', 'PartiallyDelivered', refused],
  ['PartiallyDelivered', 'effectSucceeded', 'PartiallyDelivered'],
  ['PartiallyDelivered', 'effectFailed', 'PartiallyDelivered'],
  ['PartiallyDelivered', 'quietPeriodEnded', 'PartiallyDelivered'],

  // Delivered: everything delivered and reported. Quiet period runs.
  ['Delivered', 'Order (same message again)', 'Delivered', duplicate],
  ['Delivered', 'Order (a different one)', 'Delivered', held],
  ['Delivered', 'OrderChange newer', 'Delivered', held],
  ['Delivered', 'OrderChange stale', 'Delivered', ignored], // staleness is checked first
  ['Delivered', 'OrderChange = proposal', 'Delivered', held],
  ['Delivered', 'OrderChange restating request', 'Delivered', held],
  ['Delivered', 'OrderCancellation', 'Delivered', held],
  ['Delivered', 'StatusMessage Cancelled', 'Delivered', held],
  ['Delivered', 'StatusMessage Cancelled L2', 'Delivered', held],
  ['Delivered', 'StatusMessage other', 'Delivered', ignored],
  ['Delivered', 'erpConfirm as requested', 'Delivered', refused],
  ['Delivered', 'erpConfirm with changes', 'Delivered', refused],
  ['Delivered', 'erpDeliver all', 'Delivered', refused], // nothing outstanding
  ['Delivered', 'erpDeliver partial', 'Delivered', refused],
  ['Delivered', 'retry', 'Delivered', refused],
  ['Delivered', 'resolve', 'Delivered', refused],
  ['Delivered', 'effectSucceeded', 'Delivered'],
  ['Delivered', 'effectFailed', 'Delivered'],
  ['Delivered', 'quietPeriodEnded', 'Completed'],
];

void describe('order decide: every event in every status', () => {
  void test('each status of the table is reached by real events', () => {
    for (const [status, build] of Object.entries(given)) {
      const run = build();
      assert.equal(run.state.status, status);
      assert.equal(run.state.attention, undefined, `${status} starts without attention`);
    }
  });

  void test('the table has one row per status and event', () => {
    const statuses = Object.values(OrderStatus).filter((status) => status !== OrderStatus.Completed);
    const missing = statuses.flatMap((status) =>
      Object.keys(events)
        .filter((event) => !table.some(([s, e]) => s === status && e === event))
        .map((event) => `${status} × ${event}`),
    );
    assert.deepEqual(missing, []);
    assert.equal(table.length, statuses.length * Object.keys(events).length);
  });

  for (const [status, eventName, then, expect = {}] of table) {
    const effects = expect.effects ?? [];
    const name = `${status} + ${eventName} → ${then}${effects.length > 0 ? ` + ${effects.join(', ')}` : ''}${
      expect.document === undefined ? '' : ` (${expect.document})`
    }${expect.answer === undefined ? '' : ` [${expect.answer}]`}`;
    void test(name, () => {
      const run = given[status]();
      const before = run.state;
      const decision = run.apply(events[eventName](run));

      assert.equal(decision.state.status, then, 'status');
      assert.deepEqual(run.kinds(decision.effects), effects, 'effects queued');
      for (const effect of decision.effects) assert.ok(decision.state.pendingEffects.includes(effect));

      if (expect.document === undefined) {
        assert.equal(decision.state.documents.length, before.documents.length, 'no document recorded');
      } else {
        assert.equal(decision.state.documents.length, before.documents.length + 1, 'one document recorded');
        assert.equal(decision.state.documents.at(-1)?.outcome, expect.document, 'document outcome');
      }

      if (expect.answer === undefined) assert.equal(decision.answer, undefined, 'no answer');
      else
        assert.equal(
          decision.answer?.ok,
          expect.answer === 'ok',
          `answer: ${JSON.stringify(decision.answer)}`,
        );

      const attention = decision.state.attention;
      if (expect.attention === undefined) assert.equal(attention, undefined, 'no attention');
      else assert.equal(attention?.retryable, expect.attention === 'retryable', 'attention');
      if (expect.attention === 'retryable') {
        // a failed step: the attention names the effect, which stays queued for retry
        assert.ok(attention?.effectId !== undefined, 'attention on the failed effect');
        assert.ok(decision.state.pendingEffects.some((e) => e.id === attention.effectId));
      }
      if (expect.document === 'held') {
        // a held message: the attention names the document, and blocks no effect
        assert.ok(attention !== undefined, 'attention on the held document');
        assert.equal(attention.effectId, undefined, 'no effect waits');
        assert.equal(
          attention.documentSha256,
          decision.state.documents.at(-1)?.sha256,
          'held document flagged',
        );
        assert.equal(attention.errorType, 'UnexpectedMessage');
      }

      if (expect.answer === 'refused' || (expect.document !== undefined && expect.document !== 'applied')) {
        // Draft copies the state through JSON: compare what survives it.
        assert.deepEqual(decision.state.lines, plain(before.lines), 'lines untouched');
        assert.deepEqual(
          decision.state.pendingEffects,
          plain(before.pendingEffects),
          'pending effects untouched',
        );
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Specific cases
// ---------------------------------------------------------------------------------------------

/** A plain order (no early change), the ERP import done. */
function imported(
  options: RunOptions = {},
  order = orderMessage('Order', [line('L1', '10'), line('L2', '4')]),
): OrderRun {
  const run = new OrderRun(options);
  run.message(order);
  assert.deepEqual(run.kinds(), ['importSalesOrder']);
  run.succeedHead({ created: true });
  return run;
}

const answerOf = (run: OrderRun) => run.last?.answer;
const refusedWith = (run: OrderRun, pattern: RegExp) => {
  const answer = answerOf(run);
  assert.ok(answer !== undefined && !answer.ok, `expected a refusal, got ${JSON.stringify(answer)}`);
  assert.match(answer.reason, pattern);
  assert.deepEqual(run.last?.effects, []);
};

void describe('order decide: the lifecycle', () => {
  void test('policy auto: Received → Imported (confirm as requested queued) → Confirmed', () => {
    const run = imported({ confirmationPolicy: 'auto' });
    assert.equal(run.state.status, 'Imported');
    assert.deepEqual(run.state.erpImport?.created, true);
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    assert.deepEqual(
      run.state.lines.map((l) => [l.lineId, l.status, l.confirmed?.quantity]),
      [
        ['L1', 'Confirmed', '10'],
        ['L2', 'Confirmed', '4'],
      ],
    );
    assert.deepEqual(
      run.state.outbound.map((o) => [o.kind, o.outcome]),
      [['SimpleConfirm', 'accepted']],
    );
    assert.deepEqual(
      run.state.history.map((h) => h.status),
      ['Received', 'Imported', 'Confirmed'],
    );
  });

  void test('policy erp: the ERP proposes, the customer accepts → Confirmed with the proposal as the request', () => {
    const run = imported();
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.deepEqual(run.kinds(), []);
    const decision = run.apply(erpConfirm(proposal));
    assert.equal(decision.answer?.ok, true);
    const [response, record] = decision.effects;
    assert.ok(response?.kind === 'postOrderResponse' && record?.kind === 'recordConfirmation');
    assert.equal(response.purpose, 'proposal');
    assert.deepEqual(
      response.lines.map((l) => [l.lineId, l.quantity, l.lineStatusCode]),
      [
        ['L1', '8', '3'],
        ['L2', '4', undefined],
      ],
    );
    assert.equal(record.proposal, true);
    run.settle();
    assert.equal(run.state.status, 'WaitingForCustomer');
    assert.equal(run.lineStatus('L1'), 'Proposed');

    run.message(orderMessage('OrderChange', [line('L1', '8'), line('L2', '4')], { seq: '1' }));
    assert.equal(run.state.status, 'Confirmed');
    assert.equal(run.state.documents.at(-1)?.outcome, 'applied');
    assert.deepEqual(run.kinds(), ['applyOrderChange', 'recordConfirmation']);
    assert.equal(run.state.lines[0]?.requested.quantity, '8');
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    assert.ok(run.state.lines.every((l) => l.status === 'Confirmed'));
  });

  void test('policy erp: the customer rejects the proposal → WaitingForSupplier → the ERP confirms again', () => {
    const run = imported();
    run.apply(erpConfirm(proposal));
    run.settle();
    run.message(orderMessage('OrderChange', [line('L1', '10'), line('L2', '4')], { seq: '1' }));
    assert.equal(run.state.status, 'WaitingForSupplier');
    assert.equal(run.lineStatus('L1'), 'Open');
    assert.equal(run.state.lines[0]?.confirmed, undefined);

    const decision = run.apply(erpConfirm());
    assert.equal(decision.answer?.ok, true);
    assert.deepEqual(run.kinds(decision.effects), ['simpleConfirm', 'recordConfirmation']);
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
  });

  void test('a newer OrderChange of a confirmed order: applyOrderChange → Changed → re-confirmed by policy', () => {
    const run = imported({ confirmationPolicy: 'auto' }).settle();
    run.message(orderMessage('OrderChange', [line('L1', '12')], { seq: '1' }));
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    assert.equal(run.lineStatus('L1'), 'Open');
    run.succeedHead();
    assert.equal(run.state.status, 'Changed');
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    assert.equal(run.state.lines[0]?.confirmed?.quantity, '12');

    // policy erp: the ERP is asked again
    const erp = imported();
    erp.apply(erpConfirm());
    erp.settle();
    erp.message(orderMessage('OrderChange', [line('L1', '12')], { seq: '1' }));
    erp.settle();
    assert.equal(erp.state.status, 'AwaitingErpConfirmation');
    assert.ok(erp.state.history.some((h) => h.status === 'Changed'));
  });

  void test('an OrderChange whose SequenceNumberID is not newer is recorded as ignored', () => {
    const run = imported().settle();
    run.message(orderMessage('OrderChange', [line('L1', '12')], { seq: '7' }));
    run.settle();
    for (const seq of ['7', '6', '06']) {
      const decision = run.message(orderMessage('OrderChange', [line('L1', '13')], { seq }));
      assert.equal(decision.state.documents.at(-1)?.outcome, 'ignored', `seq ${seq}`);
      assert.deepEqual(decision.effects, []);
    }
    assert.equal(run.state.lastSequenceNumber, '7');
    assert.equal(run.state.lines[0]?.requested.quantity, '12');
    // numerically newer even where text order says otherwise
    run.message(orderMessage('OrderChange', [line('L1', '14')], { seq: '10' }));
    assert.equal(run.state.documents.at(-1)?.outcome, 'applied');
  });

  void test('a change while the import is pending: the order is imported, changed, and only then confirmed', () => {
    const run = new OrderRun({ confirmationPolicy: 'auto' });
    run.message(orderMessage('Order', [line('L1', '10'), line('L2', '4')]));
    run.message(orderMessage('OrderChange', [line('L2', '5')], { seq: '1' }));
    assert.deepEqual(run.kinds(), ['importSalesOrder', 'applyOrderChange']);
    assert.deepEqual(run.succeedHead({ created: true }).effects, []);
    assert.equal(run.state.status, 'Imported');
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    run.succeedHead();
    assert.equal(run.state.status, 'Changed');
    const record = run.state.pendingEffects[1];
    assert.ok(record?.kind === 'recordConfirmation');
    assert.deepEqual(
      record.lines.map((l) => [l.lineId, l.quantity]),
      [
        ['L1', '10'],
        ['L2', '5'],
      ],
    );
  });

  void test('a change drops the confirmation queued after the import; the change is confirmed instead', () => {
    const run = imported({ confirmationPolicy: 'auto' });
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
    run.message(orderMessage('OrderChange', [line('L2', '5')], { seq: '1' }));
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    run.succeedHead();
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
  });
});

void describe('order decide: how a confirmation travels', () => {
  void test('request "10" confirmed as "10.00" (price "5.0") is as requested: a simple confirmation, not a proposal', () => {
    const run = imported();
    const decision = run.apply(
      erpConfirm({ lines: [{ lineId: 'L1', quantity: '10.00', price: '5.0', deliveryDate: '2026-05-04' }] }),
    );
    assert.deepEqual(run.kinds(decision.effects), ['simpleConfirm', 'recordConfirmation']);
    const record = decision.effects[1];
    assert.ok(record?.kind === 'recordConfirmation');
    assert.equal(record.proposal, false);
    assert.ok(record.lines.every((l) => l.lineStatusCode === undefined));
    assert.equal(
      decision.answer?.ok === true && decision.answer.decided,
      'confirm as requested (simple confirmation)',
    );
  });

  void test('a different delivery date is a proposal', () => {
    const run = imported();
    const decision = run.apply(erpConfirm({ lines: [{ lineId: 'L2', deliveryDate: '2026-05-11' }] }));
    const response = decision.effects[0];
    assert.ok(response?.kind === 'postOrderResponse');
    assert.equal(response.purpose, 'proposal');
    assert.deepEqual(
      response.lines.map((l) => l.lineStatusCode),
      [undefined, '3'],
    );
  });

  void test("responseStyle 'order-response': an OrderResponse even when the terms equal the request", () => {
    const run = imported({ responseStyle: 'order-response' });
    const decision = run.apply(erpConfirm({ note: 'thanks', sellerContactId: 'erp-user-7' }));
    const [response, record] = decision.effects;
    assert.ok(response?.kind === 'postOrderResponse' && record?.kind === 'recordConfirmation');
    assert.equal(response.purpose, 'confirmation');
    assert.equal(response.note, 'thanks');
    assert.equal(response.sellerContactId, 'erp-user-7');
    assert.equal(response.basisSha256, run.state.basisSha256);
    assert.ok(response.lines.every((l) => l.lineStatusCode === undefined));
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    assert.deepEqual(
      run.state.outbound.map((o) => o.kind),
      ['OrderResponse'],
    );
  });

  void test('an order without a Jakamo-Confirm-Url is confirmed with an OrderResponse', () => {
    const run = imported(
      { confirmationPolicy: 'auto' },
      orderMessage('Order', [line('L1', '10')], { confirmUrl: undefined }),
    );
    assert.equal(run.state.confirmUrl, undefined);
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'recordConfirmation']);
    const response = run.head();
    assert.ok(response.kind === 'postOrderResponse');
    assert.equal(response.purpose, 'confirmation');
  });

  void test('a confirm URL that comes with a later OrderChange is used from then on', () => {
    const run = imported({}, orderMessage('Order', [line('L1', '10')], { confirmUrl: undefined }));
    run.message(orderMessage('OrderChange', [line('L1', '11')], { seq: '1', confirmUrl }));
    run.settle();
    assert.equal(run.state.confirmUrl, confirmUrl);
    assert.deepEqual(run.kinds(run.apply(erpConfirm()).effects), ['simpleConfirm', 'recordConfirmation']);
  });

  void test('a confirmation after an earlier one is a supplier update', () => {
    const run = imported({ responseStyle: 'order-response' });
    run.apply(erpConfirm());
    run.settle();
    const response = run.apply(erpConfirm({ lines: [{ lineId: 'L1', price: '4.90' }] })).effects[0];
    assert.ok(response?.kind === 'postOrderResponse');
    assert.equal(response.purpose, 'proposal');
    const update = run.apply(erpConfirm({ note: 'same again' })).effects[0];
    assert.ok(update?.kind === 'postOrderResponse');
    assert.equal(update.purpose, 'supplier-update');
  });

  void test('a new ERP confirm supersedes a queued one and clears the attention on it', () => {
    const run = imported();
    run.apply(erpConfirm());
    const [first, firstRecord] = run.state.pendingEffects;
    assert.ok(first?.kind === 'simpleConfirm' && firstRecord !== undefined);
    run.failHead('JakamoServerError', 'HTTP 500 past the cap');
    assert.equal(run.state.attention?.effectId, first.id);

    const decision = run.apply(erpConfirm(proposal));
    assert.equal(decision.answer?.ok, true);
    assert.equal(run.state.attention, undefined);
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'recordConfirmation']);
    assert.ok(!run.state.pendingEffects.some((e) => e.id === first.id || e.id === firstRecord.id));
    // the old effect's late outcome changes nothing
    const late = run.apply(effectSucceeded(first));
    assert.equal(late.state.status, 'AwaitingErpConfirmation');
    assert.equal(late.state.pendingEffects.length, 2);
  });

  void test('a new ERP confirm never drops the running effect', () => {
    const run = imported();
    run.apply(erpConfirm());
    const running = run.startHead();
    run.apply(erpConfirm(proposal));
    assert.equal(run.state.runningEffectId, running.id);
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'postOrderResponse', 'recordConfirmation']);
    assert.equal(run.head().id, running.id);
    run.settle();
    assert.equal(run.state.status, 'WaitingForCustomer');
  });
});

void describe('order decide: messages', () => {
  void test('the same message again (same sha) is recorded as duplicate and does nothing', () => {
    const run = confirmed();
    const before = run.state;
    for (const message of [originalOrder(), firstChange()]) {
      const decision = run.message(message);
      assert.equal(decision.state.documents.at(-1)?.outcome, 'duplicate');
      assert.deepEqual(decision.effects, []);
    }
    assert.deepEqual(run.state.lines, before.lines);
    assert.equal(run.state.status, before.status);
  });

  void test('a second, different Order is held for an operator: retry cannot help, resolve records it handled', () => {
    const run = confirmed();
    run.message(orderMessage('Order', [line('L1', '99')], { sha: 'order-2' }));
    const attention = run.state.attention;
    assert.ok(attention !== undefined);
    assert.equal(attention.effectId, undefined);
    assert.equal(attention.errorType, 'UnexpectedMessage');
    assert.equal(attention.retryable, false);
    assert.match(attention.advice, /jakamo-so order resolve/);
    assert.equal(run.state.basisSha256, 'change-1'); // the request stays what it was
    assert.equal(run.state.lines[0]?.requested.quantity, '10');

    run.apply(retry());
    refusedWith(run, /a retry cannot fix/);
    const resolved = run.apply(resolve('compared with the ERP: same order'));
    assert.equal(resolved.answer?.ok, true);
    assert.deepEqual(resolved.effects, []);
    assert.equal(run.state.attention, undefined);
    assert.equal(run.state.documents.at(-1)?.outcome, 'ignored');
    assert.match(run.state.documents.at(-1)?.note ?? '', /handled by hand: compared with the ERP/);
  });

  void test('an OrderChange before its Order is held', () => {
    const run = new OrderRun();
    const decision = run.message(orderMessage('OrderChange', [line('L1', '3')], { seq: '1' }));
    assert.equal(decision.state.documents.at(-1)?.outcome, 'held');
    assert.equal(decision.state.attention?.retryable, false);
    assert.deepEqual(decision.effects, []);
  });

  void test('line cancelled by quantity "0", by LineStatusCode "Cancelled" and by "2"', () => {
    for (const cancelled of [
      line('L1', '0'),
      line('L1', '10', { lineStatusCode: 'Cancelled' }),
      line('L1', '10', { lineStatusCode: '2' }),
    ]) {
      const run = imported();
      run.message(orderMessage('OrderChange', [cancelled, line('L2', '4')], { seq: '1' }));
      assert.equal(run.lineStatus('L1'), 'Cancelled', JSON.stringify(cancelled));
      assert.equal(run.lineStatus('L2'), 'Open');
      assert.deepEqual(run.kinds(), ['applyOrderChange']);
      run.settle();
      assert.equal(run.state.status, 'AwaitingErpConfirmation');
      // the ERP confirms only the line still open
      const response = run.apply(erpConfirm()).effects[1];
      assert.ok(response?.kind === 'recordConfirmation');
      assert.deepEqual(
        response.lines.map((l) => l.lineId),
        ['L2'],
      );
    }
  });

  void test('an Order line with quantity 0 arrives cancelled', () => {
    const run = new OrderRun();
    run.message(orderMessage('Order', [line('L1', '0'), line('L2', '4')]));
    assert.equal(run.lineStatus('L1'), 'Cancelled');
  });

  void test('the last open line cancelled by an OrderChange: Cancelled once the ERP has the change', () => {
    const run = imported();
    run.message(orderMessage('OrderChange', [line('L1', '0')], { seq: '1' }));
    run.settle();
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    run.message(orderMessage('OrderChange', [line('L2', '4', { lineStatusCode: '2' })], { seq: '2' }));
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    run.succeedHead();
    assert.equal(run.state.status, 'Cancelled');
    assert.equal(run.state.quietSince, run.state.history.at(-1)?.at);
  });

  void test('the last open line cancelled by a StatusMessage: a whole-order cancellation, Cancelled after the ERP effect', () => {
    const run = confirmed();
    run.message(statusMessage('Cancelled', ['L1']));
    const first = run.head();
    assert.ok(first.kind === 'cancelSalesOrderLines');
    assert.deepEqual([first.lineIds, first.wholeOrder], [['L1'], false]);
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    run.message(statusMessage('Cancelled', ['L2']));
    const last = run.head();
    assert.ok(last.kind === 'cancelSalesOrderLines');
    assert.deepEqual([last.lineIds, last.wholeOrder], [['L2'], true]);
    assert.equal(run.state.status, 'Confirmed');
    run.succeedHead();
    assert.equal(run.state.status, 'Cancelled');
  });

  void test('a whole-order cancellation drops what was still to be sent to Jakamo but not the ERP steps', () => {
    const run = given.Imported(); // policy auto: imported, OrderChange 1 still to be applied
    run.apply(erpConfirm(proposal)); // queued behind the change
    assert.deepEqual(run.kinds(), ['applyOrderChange', 'postOrderResponse', 'recordConfirmation']);
    run.message(cancellationMessage({ note: 'project stopped' }));
    assert.deepEqual(run.kinds(), ['applyOrderChange', 'cancelSalesOrderLines']);
    assert.match(run.state.history.at(-1)?.note ?? '', /cancelled the order \(project stopped\)/);
    run.settle();
    assert.equal(run.state.status, 'Cancelled');
    assert.ok(run.state.lines.every((l) => l.status === 'Cancelled'));
    assert.deepEqual(run.state.outbound, []);
  });

  void test('a StatusMessage naming lines that are not open is ignored', () => {
    const run = confirmed();
    const decision = run.message(statusMessage('Cancelled', ['L9']));
    assert.equal(decision.state.documents.at(-1)?.outcome, 'ignored');
    assert.deepEqual(decision.effects, []);
  });
});

void describe('order decide: ERP updates', () => {
  void test('the same update id twice: the second is "already done" and queues nothing', () => {
    const run = imported();
    const first = run.apply(erpConfirm({}, 'confirm-1'));
    assert.equal(first.answer?.ok, true);
    const again = run.apply(erpConfirm(proposal, 'confirm-1'));
    assert.deepEqual(again.answer, { ok: true, decided: 'already done (same update id)' });
    assert.deepEqual(again.effects, []);
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);

    run.settle();
    assert.equal(run.apply(erpDeliver({}, 'deliver-1')).answer?.ok, true);
    const twice = run.apply(erpDeliver({}, 'deliver-1'));
    assert.deepEqual(twice.answer, { ok: true, decided: 'already done (same update id)' });
    assert.deepEqual(twice.effects, []);
  });

  void test('a refused update id is not remembered: the same id may come again once it can be done', () => {
    const run = imported();
    assert.equal(run.apply(erpDeliver({}, 'deliver-1')).answer?.ok, false);
    run.apply(erpConfirm());
    run.settle();
    assert.equal(run.apply(erpDeliver({}, 'deliver-1')).answer?.ok, true);
  });

  void test('deliveries: a line done in full is reported to Jakamo; the rest of the order as a whole', () => {
    const run = imported();
    run.apply(erpConfirm());
    run.settle();
    let decision = run.apply(erpDeliver({ lines: [{ lineId: 'L1', quantity: '3' }] }));
    assert.deepEqual(run.kinds(decision.effects), ['recordDelivery']);
    assert.match(decision.answer?.ok === true ? decision.answer.decided : '', /recorded/);
    decision = run.apply(erpDeliver({ lines: [{ lineId: 'L1', quantity: '7' }], note: 'truck 2' }));
    const [put, record] = decision.effects;
    assert.ok(put?.kind === 'putDeliveredStatus' && record?.kind === 'recordDelivery');
    assert.deepEqual(
      [put.lines, put.wholeOrder, put.note],
      [[{ lineId: 'L1', quantity: '7' }], false, 'truck 2'],
    );
    assert.equal(run.state.status, 'PartiallyDelivered');
    assert.equal(run.lineStatus('L1'), 'Delivered');
    run.settle();
    decision = run.apply(erpDeliver());
    const [whole, rest] = decision.effects;
    assert.ok(whole?.kind === 'putDeliveredStatus' && rest?.kind === 'recordDelivery');
    assert.deepEqual([whole.lines, whole.wholeOrder], [[], true]);
    assert.deepEqual(rest.lines, [{ lineId: 'L2', quantity: '4' }]);
    assert.equal(run.state.status, 'Delivered');
    assert.equal(run.state.quietSince, run.state.history.at(-1)?.at);
  });

  void test('deliver refusals: decide and refuseDeliver agree', () => {
    const cases: [string, () => OrderRun, Parameters<typeof refuseDeliver>[1], RegExp][] = [
      ['before the confirmation', () => imported(), {}, /is not confirmed yet/],
      [
        'a line before its confirmation',
        () => imported(),
        { lines: [{ lineId: 'L1', quantity: '1' }] },
        /not confirmed yet/,
      ],
      [
        'a cancelled line',
        () => {
          const run = confirmed();
          run.message(statusMessage('Cancelled', ['L2']));
          return run.settle();
        },
        { lines: [{ lineId: 'L2', quantity: '1' }] },
        /line L2 is cancelled: it cannot be delivered/,
      ],
      [
        'an unknown line',
        () => confirmed(),
        { lines: [{ lineId: 'L9', quantity: '1' }] },
        /has no line L9 \(lines: L1, L2\)/,
      ],
      [
        'more than outstanding',
        () => confirmed(),
        { lines: [{ lineId: 'L1', quantity: '10.001' }] },
        /10.001 is more than the 10 confirmed/,
      ],
      [
        'more than left after a delivery',
        () => given.PartiallyDelivered(),
        { lines: [{ lineId: 'L1', quantity: '7' }] },
        /7 is more than the 6 confirmed and not yet delivered/,
      ],
      [
        '"-1"',
        () => confirmed(),
        { lines: [{ lineId: 'L1', quantity: '-1' }] },
        /positive decimal written as text/,
      ],
      [
        '"abc"',
        () => confirmed(),
        { lines: [{ lineId: 'L1', quantity: 'abc' }] },
        /positive decimal written as text/,
      ],
      [
        '"0"',
        () => confirmed(),
        { lines: [{ lineId: 'L1', quantity: '0' }] },
        /quantity must be more than 0/,
      ],
      [
        'a line twice',
        () => confirmed(),
        {
          lines: [
            { lineId: 'L1', quantity: '1' },
            { lineId: 'L1', quantity: '1' },
          ],
        },
        /listed twice/,
      ],
      ['an empty list', () => confirmed(), { lines: [] }, /non-empty list/],
      ['nothing outstanding', () => given.Delivered(), {}, /has nothing outstanding to deliver/],
      [
        'a line delivered in full',
        () => given.Delivered(),
        { lines: [{ lineId: 'L1', quantity: '1' }] },
        /line L1 has nothing outstanding/,
      ],
      ['a cancelled order', () => given.Cancelled(), {}, /is Cancelled: nothing can be delivered/],
    ];
    for (const [what, build, request, reason] of cases) {
      const run = build();
      assert.match(refuseDeliver(run.state, request) ?? '', reason, what);
      const before = run.state;
      run.apply(erpDeliver(request, `deliver-${what}`));
      refusedWith(run, reason);
      assert.deepEqual(run.state.lines, plain(before.lines), what);
      assert.ok(!run.state.decidedUpdateIds.includes(`deliver-${what}`), what);
    }
  });

  void test('confirm refusals: decide and refuseConfirm agree', () => {
    const cases: [string, () => OrderRun, Parameters<typeof refuseConfirm>[1], RegExp][] = [
      ['an unknown line', () => imported(), { lines: [{ lineId: 'L9' }] }, /has no line L9/],
      [
        'a malformed date',
        () => imported(),
        { lines: [{ lineId: 'L1', deliveryDate: '2026-13-40' }] },
        /deliveryDate must be a date YYYY-MM-DD/,
      ],
      [
        'a date with time',
        () => imported(),
        { lines: [{ lineId: 'L1', deliveryDate: '2026-05-04T10:00' }] },
        /deliveryDate must be a date/,
      ],
      [
        'a negative quantity',
        () => imported(),
        { lines: [{ lineId: 'L1', quantity: '-5' }] },
        /quantity must be a non-negative decimal/,
      ],
      [
        'a price with a comma',
        () => imported(),
        { lines: [{ lineId: 'L1', price: '4,90' }] },
        /price must be a non-negative decimal/,
      ],
      [
        'a quantity of 0',
        () => imported(),
        { lines: [{ lineId: 'L1', quantity: '0.000' }] },
        /a confirmed quantity of 0 is not a confirmation/,
      ],
      ['a line twice', () => imported(), { lines: [{ lineId: 'L1' }, { lineId: 'L1' }] }, /listed twice/],
      [
        'an empty seller contact',
        () => imported(),
        { sellerContactId: ' ' },
        /sellerContactId must be a non-empty text/,
      ],
      ['a cancelled order', () => given.Cancelled(), {}, /is Cancelled: it cannot be confirmed/],
      ['a delivered order', () => given.Delivered(), {}, /is Delivered: there is nothing left to confirm/],
      [
        'a cancelled line',
        () => {
          const run = imported();
          run.message(statusMessage('Cancelled', ['L2']));
          return run.settle();
        },
        { lines: [{ lineId: 'L2', quantity: '1' }] },
        /line L2 is cancelled: it cannot be confirmed/,
      ],
      ['an order not yet received', () => new OrderRun(), {}, /has not been imported yet/],
      ['an order received, not yet imported', () => received(), {}, /has not been imported yet/],
      [
        'an order whose import failed',
        () => {
          const run = received();
          run.failHead('ErpUnavailable', 'down');
          return run;
        },
        proposal,
        /has not been imported yet/,
      ],
    ];
    for (const [what, build, request, reason] of cases) {
      const run = build();
      assert.match(refuseConfirm(run.state, request) ?? '', reason, what);
      run.apply(erpConfirm(request));
      refusedWith(run, reason);
    }
  });
});

void describe('order decide: attention, retry and resolve', () => {
  void test('a failed step waits for the operator; retry clears the attention and leaves the step at the head', () => {
    const run = imported();
    run.apply(erpConfirm(proposal));
    const response = run.head();
    run.failHead('JakamoMappingMissing', 'Errors in SellerContact element. Missing mapping?');
    const attention = run.state.attention;
    assert.ok(attention !== undefined);
    assert.deepEqual(
      [attention.effectId, attention.step, attention.errorType, attention.retryable],
      [response.id, 'POST OrderResponse (proposal)', 'JakamoMappingMissing', true],
    );
    assert.match(attention.advice, /jakamo-so order retry .*jakamo-so order resolve/);
    assert.deepEqual(
      run.state.outbound.map((o) => [o.kind, o.outcome]),
      [['OrderResponse', 'refused']],
    );

    const decision = run.apply(retry('mapping added'));
    assert.deepEqual(decision.answer, { ok: true, decided: 'retry: POST OrderResponse (proposal)' });
    assert.deepEqual(decision.effects, []);
    assert.equal(run.state.attention, undefined);
    assert.equal(run.head().id, response.id);
    assert.match(run.state.history.at(-1)?.note ?? '', /mapping added/);
  });

  void test('an invalid document is recorded as not sent', () => {
    const run = imported();
    run.apply(erpConfirm(proposal));
    run.failHead('OutboundDocumentInvalid', 'LineItem missing Quantity');
    assert.equal(run.state.outbound[0]?.outcome, 'not-sent');
  });

  void test('resolve of a failed import applies its success transition "by hand"', () => {
    const run = new OrderRun();
    run.message(originalOrder());
    run.failHead('ErpUnavailable', 'connection refused');
    assert.equal(run.state.attention?.step, 'import the sales order into the ERP');
    const decision = run.apply(resolve('typed in by hand'));
    assert.deepEqual(decision.answer, { ok: true, decided: 'resolved: import the sales order into the ERP' });
    assert.equal(run.state.attention, undefined);
    assert.deepEqual(run.state.pendingEffects, []);
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.deepEqual(run.state.erpImport?.created, false);
    assert.ok(run.state.history.some((h) => h.note === 'imported into the ERP by hand'));
  });

  void test('resolve of a failed proposal: WaitingForCustomer, and nothing recorded as sent', () => {
    const run = imported();
    run.apply(erpConfirm(proposal));
    run.failHead();
    run.apply(resolve());
    assert.equal(run.state.status, 'WaitingForCustomer');
    assert.equal(run.lineStatus('L1'), 'Proposed');
    assert.deepEqual(run.kinds(), ['recordConfirmation']);
    assert.ok(!run.state.outbound.some((o) => o.outcome === 'accepted'));
  });

  void test('resolve of a failed simple confirmation: Confirmed', () => {
    const run = imported({ confirmationPolicy: 'auto' });
    run.failHead();
    run.apply(resolve());
    assert.equal(run.state.status, 'Confirmed');
    assert.match(run.state.history.at(-1)?.note ?? '', /\(by hand\)/);
  });
});

void describe('order decide: the quiet period', () => {
  void test('quietPeriodEnded in Confirmed does nothing; in Delivered the order is Completed', () => {
    const run = confirmed();
    const decision = run.apply(quietPeriodEnded);
    assert.equal(decision.state.status, 'Confirmed');
    assert.equal(decision.state.history.length, run.state.history.length);

    const delivered = given.Delivered();
    delivered.apply(quietPeriodEnded);
    assert.equal(delivered.state.status, 'Completed');
    assert.equal(delivered.state.history.at(-1)?.note, 'no messages during the quiet period');
  });

  void test('no completion while something is pending or an operator must answer', () => {
    const run = confirmed();
    run.apply(erpDeliver());
    assert.equal(run.state.status, 'Delivered');
    assert.equal(run.apply(quietPeriodEnded).state.status, 'Delivered'); // PUT Delivered still to run
    run.settle();
    run.message(orderMessage('OrderChange', [line('L1', '20')], { seq: '9' })); // held
    assert.equal(run.apply(quietPeriodEnded).state.status, 'Delivered');
    run.apply(resolve());
    assert.equal(run.apply(quietPeriodEnded).state.status, 'Completed');
  });

  for (const status of ['Delivered', 'Cancelled'] as const) {
    void test(`a message in ${status} restarts the quiet period`, () => {
      const run = given[status]();
      const since = run.state.quietSince;
      assert.ok(since !== undefined);
      const late = statusMessage('Acknowledged');
      const decision = run.message(late);
      assert.equal(decision.state.documents.at(-1)?.outcome, 'ignored');
      assert.ok(decision.state.quietSince !== undefined && decision.state.quietSince > since);
      assert.equal(decision.state.status, status);
      // the same message again is only a duplicate: the quiet period goes on
      const again = run.message(late);
      assert.equal(again.state.documents.at(-1)?.outcome, 'duplicate');
      assert.equal(again.state.quietSince, decision.state.quietSince);
    });
  }
});

void describe('order decide: edge sequences', () => {
  void test('an OrderChange cancelling every line of a confirmed order: Cancelled once the ERP has it', () => {
    const run = confirmed();
    run.message(orderMessage('OrderChange', [line('L1', '0'), line('L2', '0')], { seq: '2' }));
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    run.settle();
    assert.equal(run.state.status, 'Cancelled');
  });

  void test('a confirmation that was running when a change came: once the ERP has the change, it is confirmed again', () => {
    const run = imported({ responseStyle: 'order-response' });
    run.apply(erpConfirm());
    const running = run.startHead();
    run.message(orderMessage('OrderChange', [line('L1', '12'), line('L2', '4')], { seq: '1' }));
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'applyOrderChange']); // its recordConfirmation dropped
    assert.equal(run.head().id, running.id);
    run.settle();
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
  });

  void test('any OrderChange, even one without line changes, asks for a new confirmation (as Jakamo does)', () => {
    for (const status of ['Confirmed', 'PartiallyDelivered'] as const) {
      const run = given[status]();
      run.message(orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { seq: '2' }));
      assert.equal(run.state.history.at(-1)?.note, 'OrderChange without changes to the lines');
      assert.deepEqual(run.kinds(), ['applyOrderChange']);
      run.settle();
      assert.equal(run.state.status, 'AwaitingErpConfirmation', status);
    }
    const auto = given.Changed().settle();
    assert.equal(auto.state.status, 'Confirmed');
    auto.message(orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { seq: '2' }));
    auto.succeedHead();
    assert.deepEqual(auto.kinds(), ['simpleConfirm', 'recordConfirmation']);
  });

  void test('an ERP effect outcome for an effect dropped meanwhile changes nothing', () => {
    const run = imported({ confirmationPolicy: 'auto' });
    const [confirm] = run.state.pendingEffects;
    assert.ok(confirm !== undefined);
    run.message(orderMessage('OrderChange', [line('L1', '12')], { seq: '1' })); // drops the confirmation
    const before = run.state;
    for (const event of [effectSucceeded(confirm), effectFailed(confirm)]) {
      const decision = run.apply(event);
      assert.deepEqual(decision.state.pendingEffects, plain(before.pendingEffects));
      assert.equal(decision.state.attention, undefined);
      assert.equal(decision.state.status, before.status);
    }
  });
});

void describe('order decide: line cancellations', () => {
  void test('the customer cancels the only proposed line: the order settles from the lines left', () => {
    const cases: [string, (run: OrderRun) => void, OrderStatus, string][] = [
      ['nothing delivered', () => undefined, 'Confirmed', 'Confirmed'],
      [
        'L2 partly delivered',
        (run) => run.apply(erpDeliver({ lines: [{ lineId: 'L2', quantity: '2' }] })),
        'PartiallyDelivered',
        'PartiallyDelivered',
      ],
    ];
    for (const [what, before, status, l2] of cases) {
      const run = waitingForCustomer();
      before(run);
      run.settle();
      run.message(statusMessage('Cancelled', ['L1']));
      const cancelling = run.head();
      assert.ok(cancelling.kind === 'cancelSalesOrderLines', what);
      assert.deepEqual([cancelling.lineIds, cancelling.wholeOrder], [['L1'], false], what);
      assert.deepEqual(run.kinds(), ['cancelSalesOrderLines'], what);
      run.settle();
      assert.equal(run.lineStatus('L1'), 'Cancelled', what);
      assert.equal(run.lineStatus('L2'), l2, what);
      assert.equal(run.state.status, status, what);
      assert.equal(run.state.attention, undefined, what);
    }
  });

  void test('open lines left after a line cancellation are confirmed by policy once the ERP has it', () => {
    // policy auto: the confirmation waits for every ERP write, then confirms only the line left
    const auto = received({ confirmationPolicy: 'auto' });
    auto.message(statusMessage('Cancelled', ['L2']));
    assert.deepEqual(auto.kinds(), ['importSalesOrder', 'applyOrderChange', 'cancelSalesOrderLines']);
    auto.succeedHead({ created: true });
    auto.succeedHead();
    assert.deepEqual(auto.kinds(), ['cancelSalesOrderLines']);
    auto.succeedHead();
    assert.deepEqual(auto.kinds(), ['simpleConfirm', 'recordConfirmation']);
    const record = auto.state.pendingEffects[1];
    assert.ok(record?.kind === 'recordConfirmation');
    assert.deepEqual(
      record.lines.map((l) => l.lineId),
      ['L1'],
    );
    auto.settle();
    assert.equal(auto.state.status, 'Confirmed');
    assert.deepEqual(
      auto.state.lines.map((l) => [l.lineId, l.status]),
      [
        ['L1', 'Confirmed'],
        ['L2', 'Cancelled'],
      ],
    );

    // policy erp: the ERP is asked
    const erp = awaitingErp();
    erp.message(statusMessage('Cancelled', ['L2']));
    erp.settle();
    assert.equal(erp.state.status, 'AwaitingErpConfirmation');
    assert.equal(erp.lineStatus('L1'), 'Open');
  });

  void test('a line cancelled while a confirmation is queued: the queued one no longer confirms it, the running one is left alone', () => {
    const run = imported({ responseStyle: 'order-response' });
    run.apply(erpConfirm());
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'recordConfirmation']);
    run.message(statusMessage('Cancelled', ['L2']));
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'recordConfirmation', 'cancelSalesOrderLines']);
    for (const effect of run.state.pendingEffects) {
      if (effect.kind === 'postOrderResponse' || effect.kind === 'recordConfirmation') {
        assert.deepEqual(
          effect.lines.map((l) => l.lineId),
          ['L1'],
          effect.kind,
        );
      }
    }

    const busy = imported({ responseStyle: 'order-response' });
    busy.apply(erpConfirm());
    const running = busy.startHead();
    busy.message(statusMessage('Cancelled', ['L2']));
    const [sending, record] = busy.state.pendingEffects;
    assert.ok(sending?.kind === 'postOrderResponse' && record?.kind === 'recordConfirmation');
    assert.equal(sending.id, running.id);
    assert.deepEqual(
      sending.lines.map((l) => l.lineId),
      ['L1', 'L2'],
      'the request already on its way is not changed',
    );
    assert.deepEqual(
      record.lines.map((l) => l.lineId),
      ['L1'],
    );
  });
});

void describe('order decide: messages an operator handles', () => {
  for (const [what, cancellation] of [
    ['an OrderCancellation', () => cancellationMessage()],
    ['a StatusMessage Cancelled', () => statusMessage('Cancelled')],
    ['a StatusMessage cancelling a line', () => statusMessage('Cancelled', ['L1'])],
  ] as const) {
    void test(`${what} before its Order is held; the Order that follows is still imported`, () => {
      const run = new OrderRun();
      const message = cancellation();
      const decision = run.message(message);
      assert.equal(decision.state.documents.at(-1)?.outcome, 'held');
      assert.deepEqual(decision.effects, []);
      const attention = decision.state.attention;
      assert.ok(attention !== undefined);
      assert.deepEqual(
        [attention.effectId, attention.documentSha256, attention.errorType, attention.retryable],
        [undefined, message.sha256, 'UnexpectedMessage', false],
      );
      assert.match(attention.reason, /before its Order/);

      run.message(originalOrder());
      assert.deepEqual(run.kinds(), ['importSalesOrder']);
      assert.equal(run.state.attention?.documentSha256, message.sha256, 'still flagged');
      run.succeedHead({ created: true }); // the held message blocks no step
      assert.equal(run.state.status, 'AwaitingErpConfirmation');
      run.apply(resolve('cancelled by hand'));
      assert.equal(run.state.attention, undefined);
      assert.equal(run.state.documents[0]?.outcome, 'ignored');
    });
  }

  void test('a change or a cancellation of a finished order is held; a stale change is only ignored', () => {
    const cases: [string, () => OrderRun, (run: OrderRun) => JakamoMessageRef, DocumentOutcome][] = [
      [
        'Cancelled, newer OrderChange',
        () => given.Cancelled(),
        (run) => orderMessage('OrderChange', [line('L1', '3')], { seq: nextSeq(run) }),
        'held',
      ],
      [
        'Cancelled, stale OrderChange',
        () => given.Cancelled(),
        (run) => orderMessage('OrderChange', [line('L1', '3')], { seq: run.state.lastSequenceNumber }),
        'ignored',
      ],
      ['Delivered, OrderCancellation', () => given.Delivered(), () => cancellationMessage(), 'held'],
      [
        'Delivered, StatusMessage cancelling a line',
        () => given.Delivered(),
        () => statusMessage('Cancelled', ['L1']),
        'held',
      ],
    ];
    for (const [what, build, message, outcome] of cases) {
      const run = build();
      const before = run.state;
      const decision = run.message(message(run));
      assert.equal(decision.state.documents.at(-1)?.outcome, outcome, what);
      assert.deepEqual(decision.effects, [], what);
      assert.deepEqual(decision.state.lines, plain(before.lines), what);
      assert.equal(decision.state.status, before.status, what);
      assert.equal(decision.state.lastSequenceNumber, before.lastSequenceNumber, what);
      if (outcome === 'held') {
        const attention = decision.state.attention;
        assert.ok(attention !== undefined, what);
        assert.equal(attention.documentSha256, decision.state.documents.at(-1)?.sha256, what);
        assert.equal(attention.retryable, false, what);
        assert.equal(attention.effectId, undefined, what);
      } else {
        assert.equal(decision.state.attention, undefined, what);
      }
    }
  });

  void test('a failed step comes first; the held message is flagged once the failure is resolved', () => {
    const run = new OrderRun();
    run.message(originalOrder());
    const importing = run.startHead();
    const second = orderMessage('Order', [line('L1', '11')], { sha: 'order-2' });
    run.message(second);
    assert.equal(run.state.attention?.documentSha256, 'order-2');
    assert.equal(run.state.attention.retryable, false);

    run.finish({ type: 'effectFailed', effect: importing, errorType: 'ErpUnavailable', reason: 'down' });
    assert.equal(run.state.attention?.effectId, importing.id, 'the failure takes the slot');
    assert.equal(run.state.attention.retryable, true);
    assert.equal(run.state.documents.at(-1)?.outcome, 'held', 'the held message is not forgotten');

    const resolved = run.apply(resolve('imported by hand'));
    assert.equal(resolved.answer?.ok, true);
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.equal(run.state.documents.at(-1)?.outcome, 'held', 'resolving the step leaves the message held');
    const attention = run.state.attention;
    assert.ok(attention !== undefined, 'the held Order still needs an operator');
    assert.deepEqual(
      [attention.effectId, attention.documentSha256, attention.errorType, attention.retryable],
      [undefined, 'order-2', 'UnexpectedMessage', false],
    );

    run.apply(resolve('same order'));
    assert.equal(run.state.attention, undefined);
    assert.equal(run.state.documents.at(-1)?.outcome, 'ignored');
  });

  void test('a retry of a failed step hands the slot to a held message; the step stays at the head', () => {
    const run = imported();
    run.apply(erpConfirm());
    const confirming = run.head();
    run.failHead('JakamoServerError', 'HTTP 500');
    run.message(orderMessage('Order', [line('L1', '11')], { sha: 'order-2' }));
    assert.equal(run.state.attention?.effectId, confirming.id, 'the failed step keeps the slot');
    assert.equal(run.state.documents.at(-1)?.outcome, 'held');

    const retried = run.apply(retry('Jakamo is back'));
    assert.equal(retried.answer?.ok, true);
    assert.equal(run.head().id, confirming.id);
    assert.equal(run.state.attention?.effectId, undefined, 'no step waits for the operator');
    assert.equal(run.state.attention?.documentSha256, 'order-2');
  });

  void test('resolve of a held message marks only that document; the next held one is flagged', () => {
    const run = confirmed();
    run.message(orderMessage('Order', [line('L1', '11')], { sha: 'order-2' }));
    run.message(orderMessage('Order', [line('L1', '12')], { sha: 'order-3' }));
    const outcomes = () => run.state.documents.slice(-2).map((d) => [d.sha256, d.outcome]);
    assert.deepEqual(outcomes(), [
      ['order-2', 'held'],
      ['order-3', 'held'],
    ]);
    assert.equal(run.state.attention?.documentSha256, 'order-2', 'the first held message is flagged');

    run.apply(resolve('same order'));
    assert.deepEqual(outcomes(), [
      ['order-2', 'ignored'],
      ['order-3', 'held'],
    ]);
    assert.equal(run.state.attention?.documentSha256, 'order-3');
    assert.equal(run.state.attention.retryable, false);

    run.apply(resolve('also the same'));
    assert.deepEqual(outcomes(), [
      ['order-2', 'ignored'],
      ['order-3', 'ignored'],
    ]);
    assert.equal(run.state.attention, undefined);
  });
});

void describe('order decide: the customer answers a proposal', () => {
  void test('a rejection is applied to the ERP (purpose rejection); its success only adds a note', () => {
    const run = waitingForCustomer();
    run.message(orderMessage('OrderChange', [line('L1', '10'), line('L2', '5')], { seq: '2' }));
    assert.equal(run.state.status, 'WaitingForSupplier');
    const rejection = run.head();
    assert.ok(rejection.kind === 'applyOrderChange');
    assert.deepEqual([rejection.purpose, rejection.sequenceNumber], ['rejection', '2']);
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    const done = run.succeedHead();
    assert.deepEqual(done.effects, []);
    assert.equal(run.state.status, 'WaitingForSupplier');
    assert.match(run.state.history.at(-1)?.note ?? '', /rejection/);
  });

  void test('an acceptance after a delivery: PartiallyDelivered, not Confirmed', () => {
    const run = waitingForCustomer();
    run.apply(erpDeliver()); // L2, the confirmed line
    run.settle();
    assert.equal(run.state.status, 'WaitingForCustomer', 'the customer still owes an answer about L1');
    assert.equal(run.state.lines[1].status, 'Delivered');
    run.message(orderMessage('OrderChange', [line('L1', '8'), line('L2', '5')], { seq: '2' }));
    assert.equal(run.state.status, 'PartiallyDelivered');
    assert.deepEqual(
      run.state.lines.map((l) => [l.lineId, l.status, l.requested.quantity]),
      [
        ['L1', 'Confirmed', '8'],
        ['L2', 'Delivered', '5'],
      ],
    );
    run.settle();
    assert.equal(run.state.status, 'PartiallyDelivered');
  });

  void test('an acceptance drops a confirmation the ERP queued before it', () => {
    const run = waitingForCustomer();
    run.apply(erpConfirm()); // withdraws the proposal, not sent yet
    assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
    run.message(orderMessage('OrderChange', [line('L1', '8'), line('L2', '5')], { seq: '2' }));
    assert.equal(run.state.status, 'Confirmed');
    assert.deepEqual(run.kinds(), ['applyOrderChange', 'recordConfirmation']);
    const [acceptance, record] = run.state.pendingEffects;
    assert.ok(acceptance?.kind === 'applyOrderChange' && record?.kind === 'recordConfirmation');
    assert.equal(acceptance.purpose, 'acceptance');
    assert.equal(record.proposal, false);
    assert.deepEqual(
      record.lines.map((l) => [l.lineId, l.quantity]),
      [
        ['L1', '8'],
        ['L2', '5'],
      ],
    );
    run.settle();
    assert.equal(run.state.status, 'Confirmed');
    assert.deepEqual(
      run.state.outbound.map((o) => o.kind),
      ['OrderResponse'],
      'only the proposal went to Jakamo',
    );
  });

  void test('the customer accepts the proposal and adds a line: a change, the new line waits for confirmation', () => {
    const run = waitingForCustomer();
    run.message(
      orderMessage('OrderChange', [line('L1', '8'), line('L2', '5'), line('L3', '2')], { seq: '2' }),
    );
    assert.equal(run.state.documents.at(-1)?.outcome, 'applied');
    assert.equal(run.state.status, 'WaitingForCustomer');
    assert.deepEqual(
      run.state.lines.map((l) => [l.lineId, l.status, l.requested.quantity]),
      [
        ['L1', 'Open', '8'],
        ['L2', 'Confirmed', '5'],
        ['L3', 'Open', '2'],
      ],
    );
    const applying = run.head();
    assert.ok(applying.kind === 'applyOrderChange');
    assert.equal(applying.purpose, 'change');
    assert.deepEqual(run.kinds(), ['applyOrderChange']);
    run.settle();
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    const record = run.apply(erpConfirm()).effects[1];
    assert.ok(record?.kind === 'recordConfirmation');
    assert.deepEqual(
      record.lines.map((l) => [l.lineId, l.quantity]),
      [
        ['L1', '8'],
        ['L2', '5'],
        ['L3', '2'],
      ],
    );
  });
});

void describe('order decide: confirmations overtaken by newer decisions', () => {
  void test('a running confirmation that a newer decision replaced fails: dropped with a note, no attention', () => {
    const cases: [string, (run: OrderRun) => void, OrderEffectKind[], OrderStatus][] = [
      [
        'a newer ERP confirm',
        (run) => run.apply(erpConfirm(proposal)),
        ['postOrderResponse', 'recordConfirmation'],
        'WaitingForCustomer',
      ],
      [
        "the customer's OrderChange",
        (run) => run.message(orderMessage('OrderChange', [line('L1', '12'), line('L2', '4')], { seq: '1' })),
        ['applyOrderChange'],
        'AwaitingErpConfirmation',
      ],
    ];
    for (const [what, replace, left, settled] of cases) {
      const run = imported();
      run.apply(erpConfirm());
      const running = run.startHead();
      replace(run);
      assert.deepEqual(run.state.supersededEffectIds, [running.id], what);
      assert.equal(run.head().id, running.id, `${what}: the running step is not dropped`);
      const before = run.state;
      const decision = run.finish({
        type: 'effectFailed',
        effect: running,
        errorType: 'JakamoServerError',
        reason: 'HTTP 500',
      });
      assert.equal(decision.state.attention, undefined, `${what}: nobody has to answer for a replaced step`);
      assert.deepEqual(run.kinds(), left, what);
      assert.deepEqual(run.state.supersededEffectIds, [], what);
      assert.equal(run.state.status, before.status, what);
      assert.equal(run.state.history.length, before.history.length + 1, `${what}: a history note`);
      assert.ok((run.state.history.at(-1)?.note ?? '') !== '', what);
      run.settle();
      assert.equal(run.state.status, settled, what);
    }
  });

  void test('a confirmation that answers an older request changes no line and no status', () => {
    const run = imported();
    run.apply(erpConfirm());
    const confirming = run.startHead();
    assert.ok(confirming.kind === 'simpleConfirm');
    assert.equal(confirming.basisSha256, run.state.basisSha256);
    const changeMessage = orderMessage('OrderChange', [line('L1', '12'), line('L2', '4')], { seq: '1' });
    run.message(changeMessage);
    assert.equal(run.state.basisSha256, changeMessage.sha256);
    const lines = run.state.lines;

    const decision = run.finish({ type: 'effectSucceeded', effect: confirming, result: { httpStatus: 200 } });
    assert.deepEqual(decision.effects, []);
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.deepEqual(run.state.lines, plain(lines));
    assert.equal(run.state.confirmedAt, undefined);
    assert.match(run.state.history.at(-1)?.note ?? '', /earlier request/);
    assert.deepEqual(
      run.state.outbound.map((o) => [o.kind, o.outcome]),
      [['SimpleConfirm', 'accepted']],
    );
    assert.deepEqual(run.state.supersededEffectIds, []);

    run.settle(); // the change reaches the ERP; policy erp asks again
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.ok(run.state.lines.every((l) => l.status === 'Open' && l.confirmed === undefined));
  });

  void test('policy auto does not overrule a confirmation the ERP already queued', () => {
    const run = given.Imported(); // OrderChange 1 still to be applied
    run.apply(erpConfirm(proposal));
    assert.deepEqual(run.kinds(), ['applyOrderChange', 'postOrderResponse', 'recordConfirmation']);
    const done = run.succeedHead(); // the change: Changed, and confirmed by policy…
    assert.equal(run.state.status, 'Changed');
    assert.deepEqual(done.effects, [], '…except that the ERP has answered already');
    assert.deepEqual(run.kinds(), ['postOrderResponse', 'recordConfirmation']);
    run.settle();
    assert.equal(run.state.status, 'WaitingForCustomer');
    assert.equal(run.lineStatus('L1'), 'Proposed');
  });
});

void describe('order decide: cancellations around deliveries', () => {
  void test('cancelling the last undelivered line keeps the delivered line and its queued PUT: the order ends Delivered, not Cancelled', () => {
    const run = confirmed();
    run.apply(erpDeliver({ lines: [{ lineId: 'L2', quantity: '5' }] }));
    assert.deepEqual(run.kinds(), ['putDeliveredStatus', 'recordDelivery']);
    run.message(statusMessage('Cancelled', ['L1']));
    assert.deepEqual(run.kinds(), ['putDeliveredStatus', 'recordDelivery', 'cancelSalesOrderLines']);
    const cancel = run.state.pendingEffects[2];
    assert.ok(cancel.kind === 'cancelSalesOrderLines');
    assert.equal(cancel.wholeOrder, false, 'only line L1 is cancelled in the ERP');
    assert.deepEqual(cancel.lineIds, ['L1']);
    run.settle();
    assert.equal(run.state.status, 'Delivered');
    assert.deepEqual(
      run.state.lines.map((line) => [line.lineId, line.status]),
      [
        ['L1', 'Cancelled'],
        ['L2', 'Delivered'],
      ],
    );
  });

  void test('a whole-order cancellation of a partially delivered order: Cancelled as in Jakamo, the queued PUT dropped, the ERP still records the delivery', () => {
    const run = confirmed();
    run.apply(erpDeliver({ lines: [{ lineId: 'L2', quantity: '5' }] }));
    run.message(cancellationMessage());
    assert.deepEqual(run.kinds(), ['recordDelivery', 'cancelSalesOrderLines']);
    run.settle();
    assert.equal(run.state.status, 'Cancelled');
    assert.deepEqual(
      run.state.lines.map((line) => [line.lineId, line.status, line.delivered]),
      [
        ['L1', 'Cancelled', '0'],
        ['L2', 'Delivered', '5'],
      ],
    );
  });
});

void describe('order decide: a message that races the completion', () => {
  void test('a Jakamo message decided after quietPeriodEnded reopens the order (Delivered again, quiet period restarted, message held)', () => {
    const run = confirmed();
    run.apply(erpDeliver());
    run.settle();
    run.apply(quietPeriodEnded);
    assert.equal(run.state.status, 'Completed');
    run.message(cancellationMessage({ sha: 'late-cancel' }));
    assert.equal(run.state.status, 'Delivered');
    assert.equal(run.state.quietSince, run.state.history.at(-1)?.at);
    assert.equal(run.state.documents.at(-1)?.outcome, 'held');
    assert.equal(run.state.attention?.documentSha256, 'late-cancel');
  });
});

void describe('order decide: states between a decision and its effects (review findings)', () => {
  void test('a confirm while the cancellation is still being applied is refused: nothing left to confirm', () => {
    const run = confirmed({ confirmationPolicy: 'erp' });
    run.message(cancellationMessage({ sha: 'cancel-1' }));
    assert.deepEqual(run.kinds(), ['cancelSalesOrderLines'], 'the ERP has not been told yet');
    assert.match(refuseConfirm(run.state, {}) ?? '', /no line left to confirm/);
    const decision = run.apply(erpConfirm());
    assert.equal(decision.answer?.ok, false);
    assert.deepEqual(run.kinds(), ['cancelSalesOrderLines']);
    run.settle();
    assert.equal(run.state.status, 'Cancelled');
  });

  void test('a proposal accepted by Jakamo after the whole order was cancelled leaves the order cancelled', () => {
    const run = awaitingErp();
    run.apply(erpConfirm(proposal));
    run.startHead(); // the OrderResponse is on its way
    run.message(cancellationMessage({ sha: 'cancel-2' }));
    run.succeedHead(); // Jakamo took the proposal before it saw the cancellation
    run.settle();
    assert.equal(run.state.status, 'Cancelled');
    assert.ok(run.state.lines.every((line) => line.status === 'Cancelled'));
  });

  void test('after a customer change, a line cannot be delivered against its old confirmation', () => {
    const run = confirmed({ confirmationPolicy: 'erp' });
    run.message(
      orderMessage('OrderChange', [line('L1', '20'), line('L2', '5')], { seq: '2', sha: 'change-2' }),
    );
    run.settle();
    assert.equal(run.state.status, 'AwaitingErpConfirmation');
    assert.equal(run.state.lines[0].status, 'Open');
    assert.match(
      refuseDeliver(run.state, { lines: [{ lineId: 'L1', quantity: '10' }] }) ?? '',
      /line L1 is not confirmed \(Open: changed since its last confirmation\)/,
    );
    const everything = run.apply(erpDeliver());
    assert.equal(everything.answer?.ok, true, 'L2 is still confirmed as it was');
    assert.deepEqual(
      run.state.lines.map((l) => [l.lineId, l.delivered]),
      [
        ['L1', '0'],
        ['L2', '5'],
      ],
    );
    assert.equal(run.state.status, 'AwaitingErpConfirmation', 'the ERP still owes the confirmation of L1');
  });

  void test('an OrderChange without lines while a proposal waits is not a rejection', () => {
    const run = waitingForCustomer();
    run.message(orderMessage('OrderChange', [], { seq: '2', sha: 'empty-change' }));
    assert.notEqual(run.state.status, 'WaitingForSupplier');
    assert.ok(!run.state.history.some((entry) => /rejected/.test(entry.note ?? '')));
  });

  void test('an outbound document that failed our checks cannot be retried as it is: a new confirm or resolve', () => {
    const run = awaitingErp();
    run.apply(erpConfirm(proposal));
    run.failHead('OutboundDocumentInvalid', 'SellerContact/ID is missing');
    assert.equal(run.state.attention?.retryable, false);
    assert.match(run.state.attention?.advice ?? '', /send a new confirm/);
    assert.equal(run.apply(retry()).answer?.ok, false);
    const replaced = run.apply(erpConfirm({ ...proposal, sellerContactId: 'SELLER-1' }));
    assert.equal(replaced.answer?.ok, true);
    assert.equal(run.state.attention, undefined, 'the new confirmation replaced the stuck one');
    run.settle();
    assert.equal(run.state.status, 'WaitingForCustomer');
  });

  void test('effect ids name their step kind, so a record of one step is never taken for another', () => {
    const run = confirmed();
    assert.ok(run.queued.every((effect) => effect.id.endsWith(`-${effect.kind}`)));
    assert.equal(new Set(run.queued.map((effect) => effect.id)).size, run.queued.length);
  });
});
