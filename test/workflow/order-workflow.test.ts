/**
 * The order workflow on its own: a real Worker on the run's dev server, with stub ERP and Jakamo
 * activities (no sandbox, no database). Messages are built by hand and signalled the way the
 * intake's OrderRouter does it (signal-with-start, typed search attributes).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import {
  WorkflowUpdateFailedError,
  type HistoryAndWorkflowId,
  type WorkflowHandle,
} from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { localActivityMarker } from '../../client/recovery/order-history';
import { orderKey } from '../../domain/order-key';
import type { JakamoMessageRef, MessageContent, MessageLine } from '../../domain/order-message';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';
import type { orderWorkflow } from '../../workflows/order';
import { orderSummary } from '../../domain/order-summary';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  jakamoMessageSignal,
  orderStateQuery,
  resolveOrderUpdate,
  retryOrderUpdate,
} from '../../workflows/order/messages';
import type { OrderState, OrderWorkflowInput } from '../../workflows/order/state';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';
import { StubActivities } from './stub-activities';

const testbed = devServerTestbed();

// ---- fixtures ----------------------------------------------------------------------------

const integration = 'wf-test';
const buyerPartyId = 'BUYER-1';
const jakamoOrderNumber = 'J-1001';
const confirmUrl = 'https://jakamo.test/confirm/J-1001';
const sellerContactId = 'seller-7';

const widget: MessageLine = {
  lineId: '1',
  itemName: 'Widget',
  quantity: '10',
  unitCode: 'EA',
  price: '12.50',
  currency: 'EUR',
  deliveryDate: '2026-03-02',
  lineStatusCode: undefined,
};
const gadget: MessageLine = {
  lineId: '2',
  itemName: 'Gadget',
  quantity: '5',
  unitCode: 'EA',
  price: '100.00',
  currency: 'EUR',
  deliveryDate: '2026-03-16',
  lineStatusCode: undefined,
};

/** A response line as the activities receive it (undefined fields do not survive the payload). */
const asRequested = (line: MessageLine) => ({
  lineId: line.lineId,
  quantity: line.quantity,
  price: line.price,
  deliveryDate: line.deliveryDate,
});

/** Workflow histories kept for the replay test at the end of the file. */
const replayable: HistoryAndWorkflowId[] = [];

// ---- harness -----------------------------------------------------------------------------

/** The order's lines in a form that is easy to compare. */
const lineView = (state: OrderState) =>
  state.lines.map((line) => ({
    lineId: line.lineId,
    status: line.status,
    requested: line.requested.quantity,
    confirmed: line.confirmed?.quantity,
    delivered: line.delivered,
  }));

/** Statuses the order went through, consecutive repeats (notes) folded. */
const statusPath = (state: OrderState) =>
  state.history.map((entry) => entry.status).filter((status, i, all) => i === 0 || all[i - 1] !== status);

const settledIn = (status: OrderState['status']) => (state: OrderState) =>
  state.status === status &&
  state.pendingEffects.length === 0 &&
  state.runningEffectId === undefined &&
  state.attention === undefined;

/** One order workflow under test, with its own stub activities. */
class OrderRun {
  readonly stub = new StubActivities();
  readonly input: OrderWorkflowInput;
  readonly handle: WorkflowHandle<typeof orderWorkflow>;

  constructor(
    readonly taskQueue: string,
    overrides: Partial<OrderWorkflowInput>,
  ) {
    const orderNumber = `PO-${randomUUID().slice(0, 8)}`;
    this.input = {
      orderKey: orderKey({ integration, buyerPartyId, orderNumber }),
      integration,
      buyerPartyId,
      orderNumber,
      confirmationPolicy: 'auto',
      defaultSellerContactId: sellerContactId,
      // As the router starts every order now: ERP steps as local activities.
      erpStepsInWorker: true,
      ...overrides,
    };
    this.handle = testbed.env.client.workflow.getHandle<typeof orderWorkflow>(this.input.orderKey);
  }

  get key(): string {
    return this.input.orderKey;
  }

  message(content: MessageContent, extra: Partial<JakamoMessageRef> = {}): JakamoMessageRef {
    return {
      integration: this.input.integration,
      sha256: createHash('sha256').update(randomUUID()).digest('hex'),
      kind: content.kind,
      orderNumber: this.input.orderNumber,
      buyerPartyId: this.input.buyerPartyId,
      jakamoOrderNumber,
      confirmUrl: undefined,
      sequenceNumber: undefined,
      receivedAt: new Date().toISOString(),
      content,
      ...extra,
    };
  }

  orderMessage(
    lines: MessageLine[] = [widget, gadget],
    extra: Partial<JakamoMessageRef> = {},
  ): JakamoMessageRef {
    return this.message({ kind: 'Order', lines, note: undefined }, { confirmUrl, ...extra });
  }

  changeMessage(sequenceNumber: string, lines: MessageLine[]): JakamoMessageRef {
    return this.message({ kind: 'OrderChange', lines, note: undefined }, { sequenceNumber });
  }

  statusMessage(status: string, lineIds: string[] = [], note?: string): JakamoMessageRef {
    return this.message({ kind: 'StatusMessage', status, lineIds, note });
  }

  /** Starts the order the way the intake does: signal-with-start with the first message. */
  async start(first: JakamoMessageRef = this.orderMessage()): Promise<JakamoMessageRef> {
    await testbed.env.client.workflow.signalWithStart<typeof orderWorkflow, [JakamoMessageRef]>(
      'orderWorkflow',
      {
        workflowId: this.input.orderKey,
        taskQueue: this.taskQueue,
        args: [this.input],
        signal: jakamoMessageSignal,
        signalArgs: [first],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: orderSummary({ ...this.input, jakamoOrderNumber: first.jakamoOrderNumber }),
        typedSearchAttributes: [
          { key: JakamoOrderStatus, value: 'Received' },
          { key: JakamoCustomer, value: this.input.buyerPartyId },
          { key: JakamoOrderNumber, value: first.jakamoOrderNumber ?? this.input.orderNumber },
          { key: NeedsAttention, value: false },
        ],
      },
    );
    return first;
  }

  async signal(message: JakamoMessageRef): Promise<JakamoMessageRef> {
    await this.handle.signal(jakamoMessageSignal, message);
    return message;
  }

  state(): Promise<OrderState> {
    return this.handle.query(orderStateQuery);
  }

  /** Polls the `state` query until `ready`; on time-out the error shows the last state seen. */
  async until(what: string, ready: (state: OrderState) => boolean): Promise<OrderState> {
    let last: OrderState | undefined;
    try {
      return await eventually(
        `order ${this.input.orderNumber}: ${what}`,
        async () => {
          last = await this.state();
          return ready(last) ? last : undefined;
        },
        { timeoutMs: 30_000 },
      );
    } catch (error) {
      const seen =
        last === undefined
          ? 'no state'
          : `status ${last.status}, attention ${JSON.stringify(last.attention)}, pending [${last.pendingEffects
              .map((e) => e.kind)
              .join(
                ', ',
              )}], lines ${JSON.stringify(lineView(last))}, calls [${this.stub.names().join(', ')}]`;
      throw new Error(`${(error as Error).message}; last seen: ${seen}`);
    }
  }

  /** The order is in `status` with nothing left to run and nothing waiting for an operator. */
  settled(
    status: OrderState['status'],
    also: (state: OrderState) => boolean = () => true,
  ): Promise<OrderState> {
    return this.until(`settled in ${status}`, (state) => settledIn(status)(state) && also(state));
  }

  /** Waits until the order waits for an operator. */
  needsAttention(): Promise<OrderState> {
    return this.until(
      'needs attention',
      (state) => state.attention !== undefined && state.runningEffectId === undefined,
    );
  }

  /** Polls `describe()` until the search attributes are as expected. */
  async searchAttributes(expected: { status: string; needsAttention: boolean }): Promise<void> {
    let seen: unknown;
    try {
      await eventually(
        `search attributes of ${this.input.orderNumber}`,
        async () => {
          const attributes = (await this.handle.describe()).typedSearchAttributes;
          seen = {
            status: attributes.get(JakamoOrderStatus),
            needsAttention: attributes.get(NeedsAttention),
          };
          return isDeepStrictEqual(seen, expected) ? seen : undefined;
        },
        { timeoutMs: 30_000 },
      );
    } catch {
      assert.deepEqual(seen, expected, 'search attributes JakamoOrderStatus / NeedsAttention');
    }
  }

  /** The current details the Web UI shows (the SDK's `__temporal_workflow_metadata` query). */
  async currentDetails(): Promise<string> {
    return (await this.handle.query(workflowMetadataQuery)).currentDetails ?? '';
  }

  /** Polls the current details until `ready`; on time-out the error shows the last details seen. */
  async detailsUntil(what: string, ready: (details: string) => boolean): Promise<string> {
    let last = '';
    try {
      return await eventually(
        `current details of ${this.input.orderNumber}: ${what}`,
        async () => {
          last = await this.currentDetails();
          return ready(last) ? last : undefined;
        },
        { timeoutMs: 30_000 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen:\n${last}`);
    }
  }

  /**
   * The summaries of the steps so far, in history order (the Web UI's timeline): activities
   * scheduled, and the ERP steps that ran as local activities (their markers).
   */
  async activitySummaries(): Promise<(string | undefined)[]> {
    const events = (await this.handle.fetchHistory()).events ?? [];
    return events
      .filter(
        (event) =>
          event.activityTaskScheduledEventAttributes != null || localActivityMarker(event) !== undefined,
      )
      .map((event) => {
        const summary = event.userMetadata?.summary;
        return summary == null ? undefined : defaultPayloadConverter.fromPayload<string>(summary);
      });
  }

  async keepForReplay(): Promise<void> {
    replayable.push({ workflowId: this.handle.workflowId, history: await this.handle.fetchHistory() });
  }
}

/** Runs `body` with a fresh order on its own task queue, served by a Worker with stub activities. */
async function withOrder(overrides: Partial<OrderWorkflowInput>, body: (run: OrderRun) => Promise<void>) {
  const taskQueue = `order-wf-${randomUUID()}`;
  const run = new OrderRun(taskQueue, overrides);
  const worker = await Worker.create({
    connection: testbed.env.nativeConnection,
    taskQueue,
    workflowBundle: testbed.workflowBundle,
    activities: run.stub.activities,
  });
  await worker.runUntil(() => body(run));
}

/** The reason a refused update gave: it must fail with WorkflowUpdateFailedError. */
async function refusal(update: Promise<unknown>): Promise<string> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(
    error instanceof WorkflowUpdateFailedError,
    `expected WorkflowUpdateFailedError, got ${String(error)}`,
  );
  assert.ok(error.cause instanceof Error, 'the refusal has a cause');
  return error.cause.message;
}

/** Update ids of the WorkflowExecutionUpdateAccepted events in the workflow's history. */
async function acceptedUpdateIds(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes != null)
    .map(
      (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? '?',
    );
}

// ---- tests -------------------------------------------------------------------------------

void describe('order workflow with stub activities (dev server, no sandbox, no database)', () => {
  void describe('confirmation', () => {
    void test('policy auto: an Order is imported, confirmed once with a simple confirmation, recorded in the ERP: Confirmed', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        const order = await run.start();
        const state = await run.settled('Confirmed');

        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
        assert.deepEqual(run.stub.inputsOf('importSalesOrder'), [
          { orderKey: run.key, integration, messageSha256: order.sha256 },
        ]);
        const [confirm] = run.stub.inputsOf('simpleConfirm');
        assert.equal(confirm.confirmUrl, confirmUrl);
        assert.equal(confirm.orderKey, run.key);
        const [record] = run.stub.inputsOf('recordConfirmation');
        assert.equal(record.orderKey, run.key);
        assert.deepEqual(record.lines, [asRequested(widget), asRequested(gadget)]);
        assert.equal(record.proposal, false);

        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Confirmed', requested: '10', confirmed: '10', delivered: '0' },
          { lineId: '2', status: 'Confirmed', requested: '5', confirmed: '5', delivered: '0' },
        ]);
        assert.deepEqual(statusPath(state), ['Received', 'Imported', 'Confirmed']);
        assert.deepEqual(
          state.documents.map((d) => [d.kind, d.sha256, d.outcome]),
          [['Order', order.sha256, 'applied']],
        );
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.effectId, o.httpStatus, o.outcome]),
          [['SimpleConfirm', confirm.effectId, 200, 'accepted']],
        );
        assert.equal(state.attention, undefined);
        assert.equal(state.erpImport?.created, true);
        assert.equal(state.confirmUrl, confirmUrl);
        assert.equal(state.jakamoOrderNumber, jakamoOrderNumber);
        assert.ok(state.confirmedAt !== undefined);

        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
        const attributes = (await run.handle.describe()).typedSearchAttributes;
        assert.equal(attributes.get(JakamoCustomer), buyerPartyId);
        assert.equal(attributes.get(JakamoOrderNumber), jakamoOrderNumber);
        await run.keepForReplay();
      });
    });

    void test('an order started without erpStepsInWorker (before issue 11) keeps regular ERP activities and an upsert per status change', async () => {
      await withOrder({ confirmationPolicy: 'auto', erpStepsInWorker: undefined }, async (run) => {
        await run.start();
        await run.settled('Confirmed');

        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
        const events = (await run.handle.fetchHistory()).events ?? [];
        assert.deepEqual(
          events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
          ['importSalesOrder', 'simpleConfirm', 'recordConfirmation'],
          'the ERP writes are regular activities',
        );
        assert.equal(events.filter((event) => event.markerRecordedEventAttributes != null).length, 0);
        assert.equal(
          events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes != null).length,
          2,
          'one upsert per status change: Imported, Confirmed',
        );
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
        await run.keepForReplay();
      });
    });

    void test('policy erp: the order waits in AwaitingErpConfirmation; a confirm without lines sends a simple confirmation', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
        assert.deepEqual(
          run.stub.names(),
          ['importSalesOrder'],
          'nothing is sent to Jakamo before the ERP confirms',
        );
        await run.searchAttributes({ status: 'AwaitingErpConfirmation', needsAttention: false });

        const answer = await run.handle.executeUpdate(confirmOrderUpdate, { args: [{ note: 'thanks' }] });
        assert.deepEqual(answer, {
          status: 'AwaitingErpConfirmation',
          decided: 'confirm as requested (simple confirmation)',
        });
        const state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
        assert.equal(run.stub.inputsOf('simpleConfirm')[0].note, 'thanks');
        assert.deepEqual(
          lineView(state).map((l) => [l.status, l.confirmed]),
          [
            ['Confirmed', '10'],
            ['Confirmed', '5'],
          ],
        );
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
      });
    });

    void test('policy erp: a confirm with a changed quantity is a proposal (OrderResponse, line code 3); the OrderChange accepting it confirms the order', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        const order = await run.start();
        await run.settled('AwaitingErpConfirmation');

        const answer = await run.handle.executeUpdate(confirmOrderUpdate, {
          args: [{ lines: [{ lineId: '1', quantity: '8' }], note: 'only 8 in stock' }],
        });
        assert.equal(answer.decided, 'propose changes to line 1 (OrderResponse)');
        let state = await run.settled('WaitingForCustomer');

        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'postOrderResponse', 'recordConfirmation']);
        const [response] = run.stub.inputsOf('postOrderResponse');
        assert.equal(response.purpose, 'proposal');
        assert.equal(response.basisSha256, order.sha256);
        assert.equal(response.note, 'only 8 in stock');
        assert.equal(response.sellerContactId, sellerContactId);
        assert.equal(response.jakamoOrderNumber, jakamoOrderNumber);
        assert.deepEqual(response.lines, [
          { ...asRequested(widget), quantity: '8', lineStatusCode: '3' },
          asRequested(gadget),
        ]);
        assert.equal(run.stub.inputsOf('recordConfirmation')[0].proposal, true);
        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Proposed', requested: '10', confirmed: '8', delivered: '0' },
          { lineId: '2', status: 'Confirmed', requested: '5', confirmed: '5', delivered: '0' },
        ]);
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.purpose, o.outcome]),
          [['OrderResponse', 'POST OrderResponse (proposal)', 'accepted']],
        );
        await run.searchAttributes({ status: 'WaitingForCustomer', needsAttention: false });

        // The customer accepts: an OrderChange stating exactly the proposed terms.
        const acceptance = await run.signal(run.changeMessage('1', [{ ...widget, quantity: '8' }, gadget]));
        state = await run.settled('Confirmed', (s) => s.documents.length === 2);
        assert.deepEqual(run.stub.names(), [
          'importSalesOrder',
          'postOrderResponse',
          'recordConfirmation',
          'applyOrderChange',
          'recordConfirmation',
        ]);
        assert.equal(run.stub.inputsOf('applyOrderChange')[0].messageSha256, acceptance.sha256);
        const accepted = run.stub.inputsOf('recordConfirmation')[1];
        assert.deepEqual(accepted.lines, [{ ...asRequested(widget), quantity: '8' }, asRequested(gadget)]);
        assert.equal(accepted.proposal, false);
        assert.equal(run.stub.count('simpleConfirm'), 0);
        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Confirmed', requested: '8', confirmed: '8', delivered: '0' },
          { lineId: '2', status: 'Confirmed', requested: '5', confirmed: '5', delivered: '0' },
        ]);
        assert.deepEqual(
          state.documents.map((d) => [d.kind, d.sequenceNumber, d.outcome]),
          [
            ['Order', undefined, 'applied'],
            ['OrderChange', '1', 'applied'],
          ],
        );
        assert.equal(state.basisSha256, acceptance.sha256);
        assert.equal(state.lastSequenceNumber, '1');
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
        await run.keepForReplay();
      });
    });

    void test('policy erp: an OrderChange restating the request rejects the proposal (WaitingForSupplier); the next confirm confirms the order', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
        await run.handle.executeUpdate(confirmOrderUpdate, {
          args: [{ lines: [{ lineId: '1', quantity: '8' }] }],
        });
        await run.settled('WaitingForCustomer');

        const rejection = await run.signal(run.changeMessage('1', [widget, gadget]));
        let state = await run.settled('WaitingForSupplier', (s) => s.documents.length === 2);
        assert.deepEqual(
          run.stub.names(),
          ['importSalesOrder', 'postOrderResponse', 'recordConfirmation', 'applyOrderChange'],
          'the ERP is told of the rejection (the OrderChange), nothing is sent to Jakamo',
        );
        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Open', requested: '10', confirmed: undefined, delivered: '0' },
          { lineId: '2', status: 'Confirmed', requested: '5', confirmed: '5', delivered: '0' },
        ]);
        assert.equal(state.documents[1].outcome, 'applied');
        assert.equal(state.basisSha256, rejection.sha256);
        await run.searchAttributes({ status: 'WaitingForSupplier', needsAttention: false });

        await run.handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
        state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names().slice(4), ['simpleConfirm', 'recordConfirmation']);
        assert.deepEqual(run.stub.inputsOf('recordConfirmation')[1].lines, [
          asRequested(widget),
          asRequested(gadget),
        ]);
        assert.deepEqual(
          lineView(state).map((l) => [l.status, l.confirmed]),
          [
            ['Confirmed', '10'],
            ['Confirmed', '5'],
          ],
        );
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
      });
    });

    void test("responseStyle 'order-response': a confirmation as requested is a POST OrderResponse (purpose confirmation), no simple confirmation", async () => {
      await withOrder({ confirmationPolicy: 'auto', responseStyle: 'order-response' }, async (run) => {
        const order = await run.start();
        const state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'postOrderResponse', 'recordConfirmation']);
        const [response] = run.stub.inputsOf('postOrderResponse');
        assert.equal(response.purpose, 'confirmation');
        assert.equal(response.basisSha256, order.sha256);
        assert.equal(response.sellerContactId, sellerContactId);
        assert.deepEqual(
          response.lines,
          [asRequested(widget), asRequested(gadget)],
          'no line is marked as changed',
        );
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.outcome]),
          [['OrderResponse', 'accepted']],
        );
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Confirmed', 'Confirmed'],
        );
      });
    });

    void test('an Order without a Jakamo-Confirm-Url is confirmed with an OrderResponse', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start(run.orderMessage([widget, gadget], { confirmUrl: undefined }));
        const state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'postOrderResponse', 'recordConfirmation']);
        assert.equal(run.stub.inputsOf('postOrderResponse')[0].purpose, 'confirmation');
        assert.equal(state.confirmUrl, undefined);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Confirmed', 'Confirmed'],
        );
      });
    });
  });

  void describe('customer changes', () => {
    void test('a newer OrderChange on a confirmed order goes to the ERP (Changed) and is confirmed again by policy; a stale one is ignored', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');

        const change = await run.signal(run.changeMessage('2', [{ ...widget, quantity: '12' }, gadget]));
        let state = await run.settled('Confirmed', (s) => s.documents.length === 2);
        assert.deepEqual(run.stub.names(), [
          'importSalesOrder',
          'simpleConfirm',
          'recordConfirmation',
          'applyOrderChange',
          'simpleConfirm',
          'recordConfirmation',
        ]);
        assert.deepEqual(run.stub.inputsOf('applyOrderChange'), [
          { orderKey: run.key, integration, messageSha256: change.sha256 },
        ]);
        assert.deepEqual(run.stub.inputsOf('recordConfirmation')[1].lines, [
          { ...asRequested(widget), quantity: '12' },
          asRequested(gadget),
        ]);
        assert.deepEqual(statusPath(state), ['Received', 'Imported', 'Confirmed', 'Changed', 'Confirmed']);
        assert.deepEqual(lineView(state)[0], {
          lineId: '1',
          status: 'Confirmed',
          requested: '12',
          confirmed: '12',
          delivered: '0',
        });
        assert.equal(state.lastSequenceNumber, '2');
        assert.equal(state.documents[1].outcome, 'applied');

        // An older change (sequence 1 < 2) is recorded and ignored: no activity.
        const stale = await run.signal(run.changeMessage('1', [{ ...widget, quantity: '20' }, gadget]));
        state = await run.settled('Confirmed', (s) => s.documents.length === 3);
        assert.deepEqual(state.documents[2], {
          sha256: stale.sha256,
          kind: 'OrderChange',
          receivedAt: stale.receivedAt,
          sequenceNumber: '1',
          outcome: 'ignored',
          note: 'SequenceNumberID 1 is not newer than 2, the last change applied',
        });
        assert.equal(run.stub.calls.length, 6, 'no activity for a stale change');
        assert.equal(lineView(state)[0].requested, '12');
        assert.equal(state.lastSequenceNumber, '2');

        // The same message again is a duplicate: nothing done.
        await run.signal(change);
        state = await run.settled('Confirmed', (s) => s.documents.length === 4);
        assert.equal(state.documents[3].outcome, 'duplicate');
        assert.equal(run.stub.calls.length, 6, 'no activity for a duplicate');
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
        await run.keepForReplay();
      });
    });
  });

  void describe('cancellation', () => {
    void test('a StatusMessage Cancelled cancels the whole order in the ERP (cancelSalesOrderLines, wholeOrder): Cancelled', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');

        const cancel = await run.signal(run.statusMessage('Cancelled', [], 'no longer needed'));
        const state = await run.settled('Cancelled');
        assert.deepEqual(run.stub.names().slice(3), ['cancelSalesOrderLines']);
        assert.deepEqual(run.stub.inputsOf('cancelSalesOrderLines'), [
          {
            orderKey: run.key,
            documentId: cancel.sha256,
            lineIds: ['1', '2'],
            wholeOrder: true,
            reason: 'cancelled by the customer',
          },
        ]);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Cancelled'],
        );
        assert.equal(state.documents[1].outcome, 'applied');
        assert.ok(state.quietSince !== undefined, 'the quiet period runs');
        await run.searchAttributes({ status: 'Cancelled', needsAttention: false });
      });
    });

    void test('an OrderChange cancelling the last open line cancels the order (policy erp, awaiting confirmation)', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');

        await run.signal(run.changeMessage('1', [{ ...widget, quantity: '0' }, gadget]));
        let state = await run.settled('AwaitingErpConfirmation', (s) => s.documents.length === 2);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Open'],
        );

        await run.signal(run.changeMessage('2', [{ ...gadget, lineStatusCode: 'Cancelled' }]));
        state = await run.settled('Cancelled');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'applyOrderChange', 'applyOrderChange']);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Cancelled'],
        );
        await run.searchAttributes({ status: 'Cancelled', needsAttention: false });
      });
    });

    void test('a whole-order cancellation drops a failed confirmation that waits for attention', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        run.stub.failNext('simpleConfirm', 1, 'JakamoUnavailable', 'HTTP 503');
        await run.start();
        await run.needsAttention();
        await run.searchAttributes({ status: 'Imported', needsAttention: true });

        await run.signal(run.statusMessage('Cancelled'));
        const state = await run.settled('Cancelled');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'cancelSalesOrderLines']);
        assert.equal(state.attention, undefined);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Cancelled'],
        );
        await run.searchAttributes({ status: 'Cancelled', needsAttention: false });
      });
    });

    void test('OrderChanges cancelling the lines of a confirmed order one by one: the last one cancels the order', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        await run.signal(run.changeMessage('1', [{ ...widget, quantity: '0' }]));
        let state = await run.settled('Confirmed', (s) => s.documents.length === 2);
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Confirmed'],
        );

        await run.signal(run.changeMessage('2', [{ ...gadget, quantity: '0' }]));
        state = await run.until(
          'both changes applied',
          (s) => s.documents.length === 3 && s.pendingEffects.length === 0 && s.runningEffectId === undefined,
        );
        assert.deepEqual(
          lineView(state).map((l) => l.status),
          ['Cancelled', 'Cancelled'],
        );
        assert.equal(state.status, 'Cancelled', 'every line is cancelled: the order is Cancelled');
        assert.equal(run.stub.count('applyOrderChange'), 2);
        assert.equal(
          run.stub.count('cancelSalesOrderLines'),
          0,
          'the ERP hears of it through the OrderChange',
        );
        assert.ok(state.quietSince !== undefined, 'the quiet period runs');
        await run.searchAttributes({ status: 'Cancelled', needsAttention: false });
      });
    });
  });

  void describe('delivery', () => {
    void test('deliver one line in full: PartiallyDelivered, PUT Delivered for that line; deliver the rest: Delivered, PUT Delivered for the whole order', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');

        const first = await run.handle.executeUpdate(deliverOrderUpdate, {
          args: [{ lines: [{ lineId: '1', quantity: '10' }], note: 'truck 1' }],
        });
        assert.equal(first.decided, 'partially delivered: PUT Delivered for line 1');
        let state = await run.settled('PartiallyDelivered');
        assert.deepEqual(run.stub.names().slice(3), ['putDeliveredStatus', 'recordDelivery']);
        const [put] = run.stub.inputsOf('putDeliveredStatus');
        assert.deepEqual(
          {
            orderNumber: put.orderNumber,
            buyerPartyId: put.buyerPartyId,
            lines: put.lines,
            wholeOrder: put.wholeOrder,
            note: put.note,
          },
          {
            orderNumber: run.input.orderNumber,
            buyerPartyId,
            lines: [{ lineId: '1', quantity: '10' }],
            wholeOrder: false,
            note: 'truck 1',
          },
        );
        assert.deepEqual(run.stub.inputsOf('recordDelivery')[0].lines, [{ lineId: '1', quantity: '10' }]);
        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Delivered', requested: '10', confirmed: '10', delivered: '10' },
          { lineId: '2', status: 'Confirmed', requested: '5', confirmed: '5', delivered: '0' },
        ]);
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.outcome]),
          [
            ['SimpleConfirm', 'accepted'],
            ['DeliveredStatus', 'accepted'],
          ],
        );
        await run.searchAttributes({ status: 'PartiallyDelivered', needsAttention: false });

        const rest = await run.handle.executeUpdate(deliverOrderUpdate, { args: [{}] });
        assert.equal(rest.decided, 'delivered in full: PUT Delivered to Jakamo');
        state = await run.settled('Delivered');
        assert.deepEqual(run.stub.names().slice(3), [
          'putDeliveredStatus',
          'recordDelivery',
          'putDeliveredStatus',
          'recordDelivery',
        ]);
        const whole = run.stub.inputsOf('putDeliveredStatus')[1];
        assert.deepEqual([whole.lines, whole.wholeOrder], [[], true]);
        assert.deepEqual(run.stub.inputsOf('recordDelivery')[1].lines, [{ lineId: '2', quantity: '5' }]);
        assert.deepEqual(
          lineView(state).map((l) => [l.status, l.delivered]),
          [
            ['Delivered', '10'],
            ['Delivered', '5'],
          ],
        );
        assert.ok(state.quietSince !== undefined, 'the quiet period runs');
        await run.searchAttributes({ status: 'Delivered', needsAttention: false });
        await run.keepForReplay();
      });
    });

    void test('a partial quantity of a line is recorded in the ERP without telling Jakamo', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        const answer = await run.handle.executeUpdate(deliverOrderUpdate, {
          args: [{ lines: [{ lineId: '2', quantity: '2' }] }],
        });
        assert.equal(
          answer.decided,
          'partially delivered: recorded (Jakamo hears of a line once it is delivered in full)',
        );
        const state = await run.settled('PartiallyDelivered');
        assert.deepEqual(run.stub.names().slice(3), ['recordDelivery']);
        assert.deepEqual(lineView(state)[1], {
          lineId: '2',
          status: 'PartiallyDelivered',
          requested: '5',
          confirmed: '5',
          delivered: '2',
        });
      });
    });

    void test('deliver everything outstanding leaves a line the customer cancelled alone', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
        await run.handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
        await run.settled('Confirmed');
        // The customer cancels line 1, then changes line 2: the ERP confirms line 2 again.
        await run.signal(
          run.changeMessage('1', [
            { ...widget, quantity: '0' },
            { ...gadget, quantity: '6' },
          ]),
        );
        await run.settled('AwaitingErpConfirmation', (s) => s.documents.length === 2);
        await run.handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
        await run.settled('Confirmed', (s) => s.documents.length === 2);

        await run.handle.executeUpdate(deliverOrderUpdate, { args: [{}] });
        const state = await run.until(
          'delivery done',
          (s) => s.pendingEffects.length === 0 && s.runningEffectId === undefined && s.status === 'Delivered',
        );
        assert.deepEqual(lineView(state), [
          { lineId: '1', status: 'Cancelled', requested: '10', confirmed: '10', delivered: '0' },
          { lineId: '2', status: 'Delivered', requested: '6', confirmed: '6', delivered: '6' },
        ]);
        assert.deepEqual(run.stub.inputsOf('recordDelivery')[0].lines, [{ lineId: '2', quantity: '6' }]);
      });
    });
  });

  void describe('update validators', () => {
    void test('refused updates (deliver before confirm, unknown line, quantity -1, more than outstanding, 2026-02-30) reject with the reason and never reach the history', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
        const key = run.key;

        assert.equal(
          await refusal(run.handle.executeUpdate(deliverOrderUpdate, { args: [{}], updateId: 'refused-1' })),
          `Order ${key} is not confirmed yet (status AwaitingErpConfirmation): deliver after it has been confirmed`,
        );
        assert.equal(
          await refusal(
            run.handle.executeUpdate(confirmOrderUpdate, {
              args: [{ lines: [{ lineId: '1', deliveryDate: '2026-02-30' }] }],
              updateId: 'refused-2',
            }),
          ),
          'line 1: deliveryDate must be a date YYYY-MM-DD (got "2026-02-30")',
        );

        await run.handle.executeUpdate(confirmOrderUpdate, { args: [{}], updateId: 'accepted-confirm' });
        await run.settled('Confirmed');

        assert.equal(
          await refusal(
            run.handle.executeUpdate(deliverOrderUpdate, {
              args: [{ lines: [{ lineId: '9', quantity: '1' }] }],
              updateId: 'refused-3',
            }),
          ),
          `Order ${key} has no line 9 (lines: 1, 2)`,
        );
        assert.equal(
          await refusal(
            run.handle.executeUpdate(deliverOrderUpdate, {
              args: [{ lines: [{ lineId: '1', quantity: '-1' }] }],
              updateId: 'refused-4',
            }),
          ),
          'line 1: quantity must be a positive decimal written as text, such as "5" (got "-1")',
        );
        assert.equal(
          await refusal(
            run.handle.executeUpdate(deliverOrderUpdate, {
              args: [{ lines: [{ lineId: '1', quantity: '11' }] }],
              updateId: 'refused-5',
            }),
          ),
          'line 1: 11 is more than the 10 confirmed and not yet delivered',
        );

        assert.deepEqual(
          await acceptedUpdateIds(run.handle),
          ['accepted-confirm'],
          'only the accepted update is in the history',
        );
        const state = await run.settled('Confirmed');
        assert.deepEqual(state.decidedUpdateIds, ['accepted-confirm']);
        assert.deepEqual(
          lineView(state).map((l) => l.delivered),
          ['0', '0'],
        );
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
      });
    });

    void test('the same confirm sent twice with the same updateId confirms once', async () => {
      await withOrder({ confirmationPolicy: 'erp' }, async (run) => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
        const options = { args: [{ note: 'once' }] as [{ note: string }], updateId: 'erp-confirm-4711' };
        const first = await run.handle.executeUpdate(confirmOrderUpdate, options);
        const second = await run.handle.executeUpdate(confirmOrderUpdate, options);
        assert.deepEqual(second, first);

        const state = await run.settled('Confirmed');
        assert.equal(run.stub.count('simpleConfirm'), 1, 'confirmed exactly once');
        assert.equal(run.stub.count('recordConfirmation'), 1);
        assert.equal(state.outbound.length, 1);
        assert.deepEqual(state.decidedUpdateIds, ['erp-confirm-4711']);
        assert.deepEqual(await acceptedUpdateIds(run.handle), ['erp-confirm-4711']);
      });
    });
  });

  void describe('needs attention', () => {
    void test('a failed step raises NeedsAttention with its error type; retry runs it again and the order carries on', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        run.stub.failNext('simpleConfirm', 1, 'JakamoMappingMissing', 'No customer mapping found');
        await run.start();
        let state = await run.needsAttention();
        assert.equal(state.status, 'Imported');
        const effectId = run.stub.inputsOf('simpleConfirm')[0].effectId;
        assert.deepEqual(
          {
            effectId: state.attention?.effectId,
            step: state.attention?.step,
            errorType: state.attention?.errorType,
            reason: state.attention?.reason,
            retryable: state.attention?.retryable,
          },
          {
            effectId,
            step: 'POST Jakamo-Confirm-Url (confirm as requested)',
            errorType: 'JakamoMappingMissing',
            reason: 'No customer mapping found',
            retryable: true,
          },
        );
        assert.match(state.attention?.advice ?? '', /jakamo-so order retry/);
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.effectId, o.httpStatus, o.outcome]),
          [['SimpleConfirm', effectId, undefined, 'refused']],
        );
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm']);
        await run.searchAttributes({ status: 'Imported', needsAttention: true });

        const answer = await run.handle.executeUpdate(retryOrderUpdate, {
          args: [{ reason: 'mapping added' }],
        });
        assert.equal(answer.decided, 'retry: POST Jakamo-Confirm-Url (confirm as requested)');
        state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names(), [
          'importSalesOrder',
          'simpleConfirm',
          'simpleConfirm',
          'recordConfirmation',
        ]);
        assert.deepEqual(
          state.outbound.map((o) => [o.kind, o.effectId, o.outcome]),
          [
            ['SimpleConfirm', effectId, 'refused'],
            ['SimpleConfirm', effectId, 'accepted'],
          ],
        );
        assert.ok(
          state.history.some(
            (h) => h.note === 'retry POST Jakamo-Confirm-Url (confirm as requested): mapping added',
          ),
        );
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
        await run.keepForReplay();
      });
    });

    void test('resolve skips the failed step (not called again) and the order carries on as if it had been done', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        run.stub.failNext('importSalesOrder', 1, 'ErpRefused', 'unknown customer BUYER-1');
        await run.start();
        let state = await run.needsAttention();
        assert.equal(state.status, 'Received');
        assert.equal(state.attention?.errorType, 'ErpRefused');
        assert.equal(state.attention?.step, 'import the sales order into the ERP');
        await run.searchAttributes({ status: 'Received', needsAttention: true });

        const answer = await run.handle.executeUpdate(resolveOrderUpdate, {
          args: [{ reason: 'entered by hand' }],
        });
        assert.equal(answer.decided, 'resolved: import the sales order into the ERP');
        state = await run.settled('Confirmed');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
        assert.equal(run.stub.count('importSalesOrder'), 1, 'the resolved step is not run again');
        assert.equal(state.erpImport?.created, false);
        assert.ok(state.history.some((h) => h.note === 'imported into the ERP by hand'));
        assert.deepEqual(statusPath(state), ['Received', 'Imported', 'Confirmed']);
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
      });
    });

    void test('retry and resolve are refused when nothing needs attention', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        assert.equal(
          await refusal(run.handle.executeUpdate(retryOrderUpdate, { args: [{}] })),
          `Order ${run.key} does not need attention (status Confirmed): nothing to retry`,
        );
        assert.equal(
          await refusal(run.handle.executeUpdate(resolveOrderUpdate, { args: [{}] })),
          `Order ${run.key} does not need attention (status Confirmed): nothing to resolve`,
        );
        assert.deepEqual(await acceptedUpdateIds(run.handle), []);
      });
    });

    void test('a second, different Order is held: retry is refused (advice says resolve), resolve clears it', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        await run.start();
        await run.settled('Confirmed');

        const second = await run.signal(run.orderMessage([{ ...widget, quantity: '11' }, gadget]));
        let state = await run.needsAttention();
        const advice = `apply it by hand in the ERP or Jakamo, then jakamo-so order resolve '${run.key}'`;
        assert.deepEqual(
          {
            effectId: state.attention?.effectId,
            step: state.attention?.step,
            errorType: state.attention?.errorType,
            retryable: state.attention?.retryable,
            advice: state.attention?.advice,
          },
          {
            effectId: undefined,
            step: 'Order message',
            errorType: 'UnexpectedMessage',
            retryable: false,
            advice,
          },
        );
        assert.deepEqual([state.documents[1].sha256, state.documents[1].outcome], [second.sha256, 'held']);
        assert.equal(state.status, 'Confirmed');
        await run.searchAttributes({ status: 'Confirmed', needsAttention: true });

        assert.equal(
          await refusal(run.handle.executeUpdate(retryOrderUpdate, { args: [{}] })),
          `Order ${run.key} needs attention (UnexpectedMessage) that a retry cannot fix: ${advice}`,
        );

        const answer = await run.handle.executeUpdate(resolveOrderUpdate, { args: [{ reason: 'compared' }] });
        assert.equal(answer.decided, 'resolved: Order message');
        state = await run.settled('Confirmed');
        assert.equal(state.documents[1].outcome, 'ignored');
        assert.match(state.documents[1].note ?? '', /handled by hand: compared$/);
        assert.equal(lineView(state)[0].requested, '10', 'the held Order changed nothing');
        assert.deepEqual(run.stub.names(), ['importSalesOrder', 'simpleConfirm', 'recordConfirmation']);
        await run.searchAttributes({ status: 'Confirmed', needsAttention: false });
      });
    });
  });

  void describe('quiet period', () => {
    void test('a Delivered order completes by itself after the quiet period; the state query still answers on the closed workflow', async () => {
      await withOrder({ confirmationPolicy: 'auto', quietPeriodMs: 1500 }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        await run.handle.executeUpdate(deliverOrderUpdate, { args: [{}] });

        const final = await run.handle.result();
        assert.equal(final.status, 'Completed');
        assert.deepEqual(statusPath(final).slice(-2), ['Delivered', 'Completed']);
        const delivered = final.history.find((h) => h.status === 'Delivered');
        const completed = final.history.find((h) => h.status === 'Completed');
        assert.ok(delivered && completed);
        assert.ok(
          Date.parse(completed.at) - Date.parse(delivered.at) >= 1500,
          `completed ${completed.at}, at least 1500 ms after delivered ${delivered.at}`,
        );
        assert.equal((await run.handle.describe()).status.name, 'COMPLETED');

        const queried = await run.state();
        assert.equal(queried.status, 'Completed');
        assert.deepEqual(queried, final);
        await run.searchAttributes({ status: 'Completed', needsAttention: false });
        await run.keepForReplay();
      });
    });

    void test('a Cancelled order completes by itself after the quiet period', async () => {
      await withOrder({ confirmationPolicy: 'auto', quietPeriodMs: 1500 }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        await run.signal(run.statusMessage('Cancelled'));
        const final = await run.handle.result();
        assert.equal(final.status, 'Completed');
        assert.deepEqual(statusPath(final).slice(-2), ['Cancelled', 'Completed']);
        assert.equal((await run.state()).status, 'Completed');
      });
    });

    void test('a message during the quiet period starts it again', async () => {
      // Long enough that the late message surely arrives within it, even on a loaded machine.
      const quietPeriodMs = 10_000;
      await withOrder({ confirmationPolicy: 'auto', quietPeriodMs }, async (run) => {
        await run.start();
        await run.settled('Confirmed');
        await run.handle.executeUpdate(deliverOrderUpdate, { args: [{}] });
        const before = await run.settled('Delivered');

        // The message is ignored (a status from the customer), but it restarts the quiet period.
        await run.signal(run.statusMessage('Delivered'));
        const after = await run.until('the late message recorded', (s) => s.documents.length === 2);
        assert.equal(after.documents[1].outcome, 'ignored');
        assert.ok(before.quietSince !== undefined && after.quietSince !== undefined);
        assert.ok(
          Date.parse(after.quietSince) > Date.parse(before.quietSince),
          `quietSince moved on (${before.quietSince} → ${after.quietSince})`,
        );

        const final = await run.handle.result();
        const completed = final.history.find((h) => h.status === 'Completed');
        assert.ok(completed !== undefined);
        assert.ok(
          Date.parse(completed.at) - Date.parse(after.quietSince) >= quietPeriodMs,
          `completed ${completed.at}: a full quiet period after the late message (${after.quietSince})`,
        );
      });
    });
  });

  void describe('the Web UI', () => {
    void test('an order shows its summary, its current details (status, lines, attention with the command) and activity summaries in business words', async () => {
      await withOrder({ confirmationPolicy: 'auto' }, async (run) => {
        run.stub.failNext('simpleConfirm', 1, 'JakamoMappingMissing', 'No customer mapping found');
        await run.start();
        await run.needsAttention();

        const description = await run.handle.describe();
        assert.equal(
          await description.staticSummary(),
          `${run.input.orderNumber} · ${buyerPartyId} · ${jakamoOrderNumber}`,
        );
        let details = await run.detailsUntil('needs attention', (d) => d.includes('Needs attention'));
        assert.match(details, /^\*\*Imported\*\* · Jakamo J-1001 — /);
        assert.ok(details.includes('| 1 | Widget | 10 EA · 2026-03-02 | — | 0 | Open |'), details);
        assert.ok(details.includes('| 2 | Gadget | 5 EA · 2026-03-16 | — | 0 | Open |'), details);
        assert.ok(details.includes('POST Jakamo-Confirm-Url (confirm as requested)'), details);
        assert.ok(details.includes('> No customer mapping found'), details);
        assert.ok(details.includes(`\`jakamo-so order retry '${run.key}'\``), details);

        await run.handle.executeUpdate(retryOrderUpdate, { args: [{ reason: 'mapping added' }] });
        await run.settled('Confirmed');
        details = await run.detailsUntil('confirmed', (d) => d.startsWith('**Confirmed**'));
        assert.ok(!details.includes('Needs attention'), details);
        assert.ok(details.includes(`\`jakamo-so order deliver '${run.key}'\``), details);
        assert.ok(
          details.includes('| 1 | Widget | 10 EA · 2026-03-02 | 10 EA · 2026-03-02 | 0 | Confirmed |'),
          details,
        );

        await run.handle.executeUpdate(deliverOrderUpdate, {
          args: [{ lines: [{ lineId: '1', quantity: '10' }] }],
        });
        await run.settled('PartiallyDelivered');
        details = await run.detailsUntil('partially delivered', (d) =>
          d.startsWith('**PartiallyDelivered**'),
        );
        assert.ok(details.includes('| 10 EA | Delivered |'), details);
        assert.ok(details.includes('| 0 | Confirmed |'), details);

        assert.deepEqual(await run.activitySummaries(), [
          'import the sales order into the ERP',
          'POST Jakamo-Confirm-Url (confirm as requested)',
          'POST Jakamo-Confirm-Url (confirm as requested)',
          'record the confirmation in the ERP',
          'PUT Delivered (line 1)',
          'record the delivery in the ERP',
        ]);
      });
    });
  });

  void describe('replay', () => {
    void test('the histories of the workflows above replay deterministically', async () => {
      assert.ok(replayable.length >= 3, `at least 3 histories kept (got ${replayable.length})`);
      const results = [];
      for await (const result of Worker.runReplayHistories(
        { workflowBundle: testbed.workflowBundle },
        replayable,
      )) {
        results.push(result);
      }
      assert.equal(results.length, replayable.length);
      for (const result of results) {
        assert.equal(result.error, undefined, `${result.workflowId} replays: ${String(result.error)}`);
      }
    });
  });
});
