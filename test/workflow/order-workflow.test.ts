/**
 * The order workflow's shell on its own: a real Worker on the run's dev server, with stub ERP and
 * Jakamo activities (no sandbox, no database). What the order decides is tested on the pure
 * machine (test/unit/order-decide.test.ts) and end to end (test/e2e/lifecycle.test.ts); here is
 * what only the shell can get wrong: the steps' activities and their inputs, the inbox's order,
 * an update its validator let through that the decision refuses, attention and retry, the quiet
 * period's timer, search attributes and the Web UI's metadata. Continue-as-new with pending
 * updates has its own file (it needs a server that suggests it early).
 * Messages are built by hand and signalled the way the intake's OrderRouter does it.
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
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { localActivityMarker } from '../../client/recovery/order-history';
import { orderKey } from '../../domain/order-key';
import type { JakamoMessageRef, MessageContent, MessageLine } from '../../domain/order-message';
import { orderStartOptions } from '../../activities/order/order-start-options';
import { PipelineFailureType } from '../../domain/failure-types';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';
import type { orderWorkflow } from '../../workflows/order';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  jakamoMessageSignal,
  orderStateQuery,
  retryOrderUpdate,
} from '../../workflows/order/messages';
import type { OrderState, OrderWorkflowInput } from '../../workflows/order/state';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';
import { gadget, widget } from './order-lines';
import { StubActivities } from './stub-activities';

const testbed = devServerTestbed();

// ---- fixtures ----------------------------------------------------------------------------

const integration = 'wf-test';
const buyerPartyId = 'BUYER-1';
const jakamoOrderNumber = 'J-1001';
const confirmUrl = 'https://jakamo.test/confirm/J-1001';
const sellerContactId = 'seller-7';

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
        ...orderStartOptions(this.input, {
          taskQueue: this.taskQueue,
          jakamoOrderNumber: first.jakamoOrderNumber,
          life: 'first',
        }),
        signal: jakamoMessageSignal,
        signalArgs: [first],
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

/** Runs `body` while a Worker with the order's stub activities serves its task queue; stops it after. */
async function serve<T>(run: OrderRun, body: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: testbed.env.nativeConnection,
    taskQueue: run.taskQueue,
    workflowBundle: testbed.workflowBundle,
    activities: run.stub.activities,
  });
  return await worker.runUntil(body);
}

/** Runs `body` with a fresh order on its own task queue, served by a Worker with stub activities. */
async function withOrder(overrides: Partial<OrderWorkflowInput>, body: (run: OrderRun) => Promise<void>) {
  const run = new OrderRun(`order-wf-${randomUUID()}`, overrides);
  await serve(run, () => body(run));
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

void describe('order workflow shell with stub activities (dev server, no sandbox, no database)', () => {
  void describe('steps', () => {
    void test('an auto-confirmed order: each step gets its input, the ERP steps run in the worker (markers), Jakamo steps as activities, and the search attributes follow', async () => {
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
        const events = (await run.handle.fetchHistory()).events ?? [];
        assert.deepEqual(
          events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
          ['simpleConfirm'],
          'only the request to Jakamo is a scheduled activity',
        );
        assert.deepEqual(
          events.flatMap((event) => localActivityMarker(event)?.activityType ?? []),
          ['importSalesOrder', 'recordConfirmation'],
          'the ERP writes ran in the worker: one marker each',
        );
        await run.keepForReplay();
      });
    });
  });

  void describe('the inbox', () => {
    void test('messages that arrive together are decided in the order they came', async () => {
      const run = new OrderRun(`order-wf-${randomUUID()}`, { confirmationPolicy: 'auto' });
      await serve(run, async () => {
        await run.start();
        await run.settled('Confirmed');
      });
      // No worker now: the messages wait in the history and reach the workflow in one task.
      const first = await run.signal(run.changeMessage('1', [{ ...widget, quantity: '8' }, gadget]));
      const second = await run.signal(run.changeMessage('2', [{ ...widget, quantity: '9' }, gadget]));
      const cancel = await run.signal(run.statusMessage('Cancelled', ['2']));
      const state = await serve(run, () =>
        run.settled('Confirmed', (s) => s.documents.length === 4 && s.lines[1]?.status === 'Cancelled'),
      );
      assert.deepEqual(
        state.documents.slice(1).map((d) => [d.sha256, d.sequenceNumber, d.outcome]),
        [
          [first.sha256, '1', 'applied'],
          [second.sha256, '2', 'applied'],
          [cancel.sha256, undefined, 'applied'],
        ],
        'an OrderChange decided after a newer one would be ignored as stale',
      );
      assert.equal(state.lastSequenceNumber, '2');
      assert.deepEqual(
        lineView(state).map((l) => [l.status, l.requested]),
        [
          ['Confirmed', '9'],
          ['Cancelled', '5'],
        ],
      );
    });

    void test('an update its validator let through is refused by the decision when an earlier message changed the order', async () => {
      const run = new OrderRun(`order-wf-${randomUUID()}`, { confirmationPolicy: 'erp' });
      await serve(run, async () => {
        await run.start();
        await run.settled('AwaitingErpConfirmation');
      });
      // No worker now: the cancellation and the confirm reach the workflow in one task. The
      // confirm's validator sees the order as it was (awaiting confirmation); the cancellation
      // is decided first, so the confirm's decision refuses it.
      await run.signal(run.statusMessage('Cancelled'));
      const confirm = run.handle.executeUpdate(confirmOrderUpdate, { args: [{}], updateId: 'raced-confirm' });
      const { outcome, state } = await serve(run, async () => {
        const refused = await confirm.then(
          () => undefined,
          (error: unknown) => error,
        );
        return { outcome: refused, state: await run.settled('Cancelled') };
      });
      assert.ok(outcome instanceof WorkflowUpdateFailedError, `the confirm fails: ${String(outcome)}`);
      assert.ok(outcome.cause instanceof ApplicationFailure);
      assert.equal(outcome.cause.type, PipelineFailureType.OrderUpdateRefused);
      assert.equal(
        outcome.cause.message,
        `Order ${run.key} has no line left to confirm (every line is cancelled or delivered)`,
      );
      assert.deepEqual(
        await acceptedUpdateIds(run.handle),
        ['raced-confirm'],
        'the validator let it into the history',
      );
      assert.deepEqual(state.decidedUpdateIds, []);
      assert.equal(run.stub.count('simpleConfirm') + run.stub.count('postOrderResponse'), 0);
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
