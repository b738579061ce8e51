import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { bulkRetry, formatBulkRetry } from '../../client/recovery/bulk-retry';
import { RecoveryRefused, type RecoveryContext } from '../../client/recovery/context';
import { formatReplay, replayOrder } from '../../client/recovery/order-replay';
import { planReplay, type DoneRecords, type ReplayInput } from '../../client/recovery/replay-plan';
import { formatReset, pickResetPoint, resetOrder } from '../../client/recovery/order-reset';
import { orderDefaults } from '../../config/customer-terms';
import { migrateToLatest, openDatabase } from '../../db/database';
import { OperatorActions } from '../../db/operator-actions';
import type { PlacedOrder } from '../../sandbox';
import { newOrderState } from '../../workflows/order/decide';
import { confirmOrderUpdate, deliverOrderUpdate } from '../../workflows/order/messages';
import type { OrderWorkflowInput } from '../../workflows/order/state';
import { keyOf, orderHandle, settledIn, untilOrder } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { jakamoSoAgainst, recoveryContext } from '../support/recovery';
import { stepSignal } from '../support/stuck-workflow';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

/**
 * The recovery commands end to end (docs/operations.md, "Recovery"): the worker on the run's dev
 * server, the sandbox over HTTP, the reference ERP in SQLite. Each test its own pipeline.
 */
const testbed = devServerTestbed();

type Orders = NonNullable<Parameters<typeof startPipeline>[2]>['orders'];

async function withPipeline(
  orders: Orders,
  run: (pipeline: PipelineUnderTest, databaseFile: string) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-recovery-'));
  const databaseFile = path.join(dir, 'connector.sqlite');
  const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
    orders,
    database: { kind: 'sqlite', file: databaseFile },
  });
  try {
    await pipeline.startIntake();
    await run(pipeline, databaseFile);
  } finally {
    await pipeline.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function placeOrder(pipeline: PipelineUnderTest, customer: 0 | 1, lines: number, seed: number) {
  return pipeline.control.placeOrder(pipeline.integration, {
    customerPartyId: pipeline.customers[customer],
    lines,
    seed,
  });
}

/** What the ERP and Jakamo hold of an order: each must be the same after a replay. */
async function whatWasDone(pipeline: PipelineUnderTest, placed: PlacedOrder) {
  const key = keyOf(pipeline, placed);
  const count = async (table: 'sales_orders' | 'erp_applied_documents' | 'sales_order_deliveries') =>
    Number(
      (
        await pipeline.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('order_key', '=', key)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const jakamo = await pipeline.control.getOrder(placed.jakamoOrderNumber);
  const outbound = await pipeline.db
    .selectFrom('outbound_documents')
    .select(['effect_id', 'kind', 'attempts'])
    .where('order_key', '=', key)
    .orderBy('effect_id')
    .execute();
  return {
    salesOrders: await count('sales_orders'),
    ledger: await count('erp_applied_documents'),
    deliveries: await count('sales_order_deliveries'),
    confirmations: jakamo.confirmations,
    statusMessages: jakamo.documents.filter((document) => document.kind === 'StatusMessage').length,
    outbound: outbound.map((row) => `${row.effect_id}:${row.kind}:${row.attempts}`),
  };
}

void describe('recovery: bulk retry, replay, reset (dev server, sandbox, SQLite)', () => {
  void test('bulk retry: filters by customer and error type, a dry run retries nothing, a retry that fails again exits 1', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline, databaseFile) => {
      const context = recoveryContext(testbed.env, pipeline);
      // Jakamo refuses the next three confirmations, one order after the other.
      const stuck = async (customer: 0 | 1, seed: number, refusal: string, errorType: string) => {
        await pipeline.control.setFaults(pipeline.integration, { refuseNextDocuments: [refusal] });
        const placed = await placeOrder(pipeline, customer, 1, seed);
        const state = await untilOrder(
          orderHandle(testbed.env, pipeline, placed),
          'needs attention',
          (s) => s.attention !== undefined,
        );
        assert.equal(state.attention?.errorType, errorType);
        return placed;
      };
      const mapping = 'No customer mapping found';
      const a = await stuck(0, 41, mapping, 'JakamoMappingMissing');
      const b = await stuck(0, 42, 'LineItem missing Quantity', 'JakamoDocumentRejected');
      const c = await stuck(1, 43, mapping, 'JakamoMappingMissing');
      const [keyA, keyB, keyC] = [a, b, c].map((placed) => keyOf(pipeline, placed));
      await eventually('three orders need attention in visibility', async () => {
        const all = await bulkRetry(context, { dryRun: true });
        return all.entries.length === 3 ? all : undefined;
      });

      const narrow = await bulkRetry(context, {
        dryRun: true,
        customer: pipeline.customers[0],
        errorType: 'JakamoMappingMissing',
      });
      assert.deepEqual(
        narrow.entries.map((entry) => [entry.orderKey, entry.outcome, entry.errorType]),
        [[keyA, 'would retry', 'JakamoMappingMissing']],
      );
      assert.match(formatBulkRetry(narrow, true), /Dry run: nothing retried\. 1 order: 1 would retry/);
      const cli = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'orders',
        'retry',
        '--attention',
        '--dry-run',
      );
      assert.equal(cli.code, 0, cli.stderr);
      for (const key of [keyA, keyB, keyC]) assert.ok(cli.stdout.includes(key), cli.stdout);
      assert.match(cli.stdout, /3 orders: 3 would retry/);
      const listing = await jakamoSoAgainst(pipeline, databaseFile, 'orders', '--attention');
      assert.equal(listing.code, 0, listing.stderr);
      assert.ok(
        listing.stdout.includes(keyB),
        'the plain `orders` listing still works beside `orders retry`',
      );
      assert.deepEqual(await new OperatorActions(pipeline.db).listRecent(pipeline.integration), []);
      const untouched = await untilOrder(orderHandle(testbed.env, pipeline, a), 'still stuck', () => true);
      assert.equal(untouched.attention?.errorType, 'JakamoMappingMissing', 'a dry run retries nothing');

      const first = await bulkRetry(context, {
        customer: pipeline.customers[0],
        reason: 'mapping added in Jakamo',
        waitMs: 60_000,
      });
      assert.equal(first.failed, 0, formatBulkRetry(first, false));
      assert.deepEqual(first.entries.map((entry) => [entry.orderKey, entry.outcome, entry.detail]).sort(), [
        [keyA, 'done', 'status Confirmed'],
        [keyB, 'done', 'status Confirmed'],
      ]);
      const stillStuck = await untilOrder(orderHandle(testbed.env, pipeline, c), 'untouched', () => true);
      assert.equal(
        stillStuck.attention?.errorType,
        'JakamoMappingMissing',
        'the other customer was not retried',
      );
      const confirmedA = await untilOrder(
        orderHandle(testbed.env, pipeline, a),
        'confirmed',
        settledIn('Confirmed'),
      );
      assert.match(
        confirmedA.history.map((entry) => entry.note ?? '').join('\n'),
        /retry POST Jakamo-Confirm-Url \(confirm as requested\): mapping added in Jakamo/,
        "the reason is in the order's history",
      );

      // The cause is not fixed for the third order: its retry fails again, and that is a failure.
      const failsAgain = async () => {
        await pipeline.control.setFaults(pipeline.integration, { refuseNextDocuments: [mapping] });
      };
      const inVisibilityAgain = () =>
        eventually('the third order needs attention again in visibility', async () => {
          const listed = await bulkRetry(context, { dryRun: true, customer: pipeline.customers[1] });
          return listed.entries.length === 1 ? true : undefined;
        });
      await failsAgain();
      const again = await bulkRetry(context, { errorType: 'JakamoMappingMissing', waitMs: 60_000 });
      assert.deepEqual(
        again.entries.map((entry) => [entry.orderKey, entry.outcome]),
        [[keyC, 'needs attention again']],
      );
      assert.equal(again.failed, 1);
      await inVisibilityAgain();
      await failsAgain();
      const failing = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'orders',
        'retry',
        '--attention',
        '--customer',
        pipeline.customers[1],
        '--reason',
        'mapping added, again',
        '--wait',
        '60s',
      );
      assert.equal(failing.code, 1, `${failing.stdout}\n${failing.stderr}`);
      assert.match(failing.stdout, /needs attention again/);
      await inVisibilityAgain();
      const last = await bulkRetry(context, { customer: pipeline.customers[1], waitMs: 60_000 });
      assert.deepEqual(
        last.entries.map((entry) => [entry.orderKey, entry.outcome]),
        [[keyC, 'done']],
      );

      for (const placed of [a, b, c]) {
        assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).confirmations, 1);
      }
      const actions = await new OperatorActions(pipeline.db).listRecent(pipeline.integration);
      assert.deepEqual(
        actions.map((action) => `${action.action} ${action.target} ${action.outcome}`).sort(),
        [
          `order.retry ${keyA} done`,
          `order.retry ${keyB} done`,
          `order.retry ${keyC} failed`,
          `order.retry ${keyC} failed`,
          `order.retry ${keyC} done`,
        ].sort(),
        'each retry is recorded with what came of it',
      );
      assert.ok(actions.every((action) => action.reason !== undefined));
    });
  });

  void test('replay of a terminated order: the same state in a fresh workflow, the ERP and Jakamo see each action once', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline, databaseFile) => {
      const context = recoveryContext(testbed.env, pipeline);
      const placed = await placeOrder(pipeline, 0, 2, 51);
      const key = keyOf(pipeline, placed);
      const handle = orderHandle(testbed.env, pipeline, placed);
      const confirmed = await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await handle.executeUpdate(deliverOrderUpdate, {
        args: [{ lines: [{ lineId: '1', quantity: confirmed.lines[0].confirmed?.quantity ?? '' }] }],
      });
      const before = await untilOrder(handle, 'partially delivered', settledIn('PartiallyDelivered'));
      const doneBefore = await whatWasDone(pipeline, placed);
      assert.deepEqual(
        [doneBefore.salesOrders, doneBefore.confirmations, doneBefore.statusMessages, doneBefore.deliveries],
        [1, 1, 1, 1],
      );

      await assert.rejects(replayOrder(context, key, { dryRun: true }), (error: unknown) => {
        assert.ok(error instanceof RecoveryRefused);
        assert.match(error.message, /is still running.*jakamo-so order reset.*terminate it first/s);
        return true;
      });
      const terminatedRun = (await handle.describe()).runId;
      await handle.terminate('terminated by mistake (test)');

      const plan = await replayOrder(context, key, { dryRun: true });
      assert.deepEqual(plan.plan.unaccounted, []);
      assert.deepEqual(plan.plan.pending, []);
      assert.deepEqual(
        plan.plan.steps.filter((step) => step.kind === 'done').map((step) => step.what.split(' ')[0]),
        [
          'e1-importSalesOrder',
          'e2-simpleConfirm',
          'e3-recordConfirmation',
          'e4-putDeliveredStatus',
          'e5-recordDelivery',
        ],
      );
      assert.match(formatReplay(plan), /Replay plan \(dry run: nothing started\)[\s\S]*Jakamo accepted it/);
      assert.equal((await handle.describe()).runId, terminatedRun, 'a dry run starts nothing');
      const cliPlan = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'order',
        'replay',
        placed.jakamoOrderNumber,
        '--dry-run',
      );
      assert.equal(cliPlan.code, 0, cliPlan.stderr);
      assert.match(cliPlan.stdout, /Nothing left to run/);

      const replayed = await replayOrder(context, key, { reason: 'terminated by mistake' });
      assert.notEqual(replayed.runId, undefined);
      const fresh = await handle.describe();
      assert.equal(fresh.status.name, 'RUNNING');
      assert.notEqual(fresh.runId, terminatedRun);
      const after = await untilOrder(handle, 'replayed', settledIn('PartiallyDelivered'));
      assert.deepEqual(after.lines, before.lines);
      assert.deepEqual(after.documents, before.documents);
      // Times may differ by the milliseconds between a record and the decision that followed it.
      const untimed = <T extends { at: string }>(entries: T[]) => entries.map(({ at: _at, ...rest }) => rest);
      assert.deepEqual(untimed(after.outbound), untimed(before.outbound));
      assert.equal(after.nextEffectNumber, before.nextEffectNumber);
      assert.deepEqual(untimed(after.history.slice(0, before.history.length)), untimed(before.history));
      assert.equal(after.attention, undefined);
      assert.match(
        after.history.at(-1)?.note ?? '',
        /replayed into a fresh workflow from the archive by test-operator: terminated by mistake/,
      );
      assert.deepEqual(
        await whatWasDone(pipeline, placed),
        doneBefore,
        'nothing imported, confirmed or delivered again',
      );

      // The fresh workflow carries on: the rest is delivered once.
      await handle.executeUpdate(deliverOrderUpdate, { args: [{}] });
      await untilOrder(handle, 'delivered', settledIn('Delivered'));
      const doneAfter = await whatWasDone(pipeline, placed);
      assert.deepEqual(
        [doneAfter.salesOrders, doneAfter.confirmations, doneAfter.statusMessages, doneAfter.deliveries],
        [1, 1, 2, 2],
      );
      assert.ok(
        doneAfter.outbound.every((row) => row.endsWith(':1')),
        `each request sent once: ${doneAfter.outbound.join(', ')}`,
      );
      const [action] = await new OperatorActions(pipeline.db).listForTarget(key);
      assert.deepEqual(
        [action.action, action.outcome, action.reason],
        ['order.replay', 'done', 'terminated by mistake'],
      );
      const actions = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'order',
        'actions',
        placed.jakamoOrderNumber,
      );
      assert.match(
        actions.stdout,
        /order\.replay\s+done\s+test-operator\s+terminated by mistake — fresh run/,
      );
    });
  });

  void test('reset: a dry run lists the events and changes nothing; a reset to the first decision re-decides without sending twice', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline, databaseFile) => {
      const context = recoveryContext(testbed.env, pipeline, 'erp');
      const placed = await placeOrder(pipeline, 0, 1, 61);
      const key = keyOf(pipeline, placed);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ note: 'confirmed before the reset' }] });
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      const runId = (await handle.describe()).runId;

      const plan = await resetOrder(context, key, { to: 'first', dryRun: true });
      assert.equal(plan.runId, runId);
      const fates = plan.events.map((event) => `${event.fate}: ${event.words}`);
      assert.ok(fates.includes('kept: the workflow started'), fates.join('\n'));
      assert.ok(
        fates.some((line) => /^kept: Jakamo message Order /.test(line)),
        fates.join('\n'),
      );
      assert.ok(fates.includes('reapplied: ERP confirm'), fates.join('\n'));
      assert.ok(
        fates.some((line) =>
          /^done again: step done: POST the simple confirmation to Jakamo \(e\d+-simpleConfirm\)/.test(line),
        ),
        fates.join('\n'),
      );
      assert.match(formatReset(plan), /Reset plan \(dry run: nothing changed\)[\s\S]*REAPPLIED/);
      assert.equal((await handle.describe()).runId, runId, 'a dry run resets nothing');
      const cli = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'order',
        'reset',
        placed.jakamoOrderNumber,
        '--to',
        'first',
        '--dry-run',
      );
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /back to event \d+: the first completed workflow task/);

      await assert.rejects(resetOrder(context, key, { to: 'last-good' }), /Nothing failed in this run/);

      const reset = await resetOrder(context, key, { to: 'first', reason: 'test: decide again' });
      assert.notEqual(reset.newRunId, undefined);
      await eventually('the new run', async () =>
        (await handle.describe()).runId === reset.newRunId ? true : undefined,
      );
      // The ERP's confirm reached the new run as it started, before the import was taken again:
      // the order refused it, and the reset says so.
      assert.deepEqual(
        reset.refusedUpdates?.map((update) => update.words),
        ['ERP confirm'],
      );
      assert.match(formatReset(reset), /Refused on reapply: ERP confirm/);
      await untilOrder(handle, 'awaiting the ERP again', settledIn('AwaitingErpConfirmation'));
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ note: 'sent again after the reset' }] });
      const state = await untilOrder(handle, 'confirmed again', settledIn('Confirmed'));
      assert.deepEqual(
        state.outbound.map((entry) => entry.effectId),
        ['e2-simpleConfirm'],
        'the same step id as before the reset',
      );
      const jakamo = await pipeline.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.confirmations, 1, 'the confirmation found its record: not sent twice');
      const [row] = await pipeline.db
        .selectFrom('outbound_documents')
        .selectAll()
        .where('order_key', '=', key)
        .execute();
      assert.equal(row.attempts, 1);
      const history = JSON.stringify(historyToJSON(await handle.fetchHistory()));
      assert.ok(history.includes('test: decide again'), 'the reason is in the new run’s history');
      const [action] = await new OperatorActions(pipeline.db).listForTarget(key);
      assert.deepEqual(
        [action.action, action.outcome, action.reason],
        ['order.reset', 'done', 'test: decide again'],
      );
    });
  });

  void test('reset to last-good: a workflow stuck on a failing workflow task goes on with the fixed code', async () => {
    const taskQueue = `stuck-${Date.now()}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-reset-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'connector.sqlite') });
    await migrateToLatest(db);
    const quiet = () => undefined;
    const worker = await Worker.create({
      connection: testbed.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('../support/stuck-workflow'),
        logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
      }),
    });
    try {
      await worker.runUntil(async () => {
        const workflowId = `stuck-${taskQueue}`;
        const handle = await testbed.env.client.workflow.start('stuckOnABug', { workflowId, taskQueue });
        await handle.signal(stepSignal, 'a');
        await eventually('the first step taken', async () => {
          const history = (await handle.fetchHistory()).events ?? [];
          const signalled = history.findIndex(
            (event) => event.workflowExecutionSignaledEventAttributes != null,
          );
          return signalled >= 0 &&
            history.slice(signalled).some((event) => event.workflowTaskCompletedEventAttributes != null)
            ? true
            : undefined;
        });
        await handle.signal(stepSignal, 'bug');
        const events = await eventually('the failed workflow task', async () => {
          const history = (await handle.fetchHistory()).events ?? [];
          return history.some((event) => event.workflowTaskFailedEventAttributes != null)
            ? history
            : undefined;
        });
        const point = pickResetPoint(events, 'last-good');
        assert.match(point.why, /the last completed workflow task before the failure at event \d+/);
        assert.throws(() => pickResetPoint(events, 3), /not a completed workflow task/);

        const context: RecoveryContext = {
          client: testbed.env.client,
          db,
          integration: 'tests',
          namespace: 'default',
          taskQueue,
          orderDefaults: orderDefaults({
            confirmationPolicy: 'auto',
            orderResponseCustomers: [],
            defaultSellerContactId: undefined,
            quietPeriodMs: 60_000,
          }),
          actor: 'test-operator',
        };
        const plan = await resetOrder(context, workflowId, { to: 'last-good', dryRun: true });
        assert.equal(plan.point.eventId, point.eventId);
        const after = plan.events
          .filter((event) => event.fate !== 'kept')
          .map((event) => `${event.fate}: ${event.words}`);
        assert.ok(after.includes('reapplied: signal step'), after.join('\n'));
        assert.ok(
          after.some((line) => /^dropped: the workflow task failed .*a bug/.test(line)),
          after.join('\n'),
        );
        assert.ok(
          plan.events.some((event) => event.fate === 'kept' && event.words === 'signal step'),
          'the first step is kept',
        );

        const reset = await resetOrder(context, workflowId, { to: 'last-good', reason: 'the bug is fixed' });
        await eventually('the new run', async () =>
          (await handle.describe()).runId === reset.newRunId ? true : undefined,
        );
        await handle.signal(stepSignal, 'done');
        assert.deepEqual(await testbed.env.client.workflow.getHandle(workflowId).result(), [
          'a',
          'bug',
          'done',
        ]);
        const [action] = await new OperatorActions(db).listForTarget(workflowId);
        assert.deepEqual(
          [action.action, action.outcome, action.reason],
          ['order.reset', 'done', 'the bug is fixed'],
        );
      });
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('the replay plan (pure: the order rules over the inputs, steps looked up in the records)', () => {
  const t = (second: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, second)).toISOString();
  const key = 'order:demo:ACME-FI:PO-9';
  const input: OrderWorkflowInput = {
    orderKey: key,
    integration: 'demo',
    buyerPartyId: 'ACME-FI',
    orderNumber: 'PO-9',
    confirmationPolicy: 'auto',
  };
  const line = (lineId: string) => ({
    lineId,
    itemName: `item ${lineId}`,
    quantity: '5',
    unitCode: 'PCS',
    price: '2.50',
    currency: 'EUR',
    deliveryDate: '2026-12-15',
    lineStatusCode: undefined,
  });
  const order: ReplayInput = {
    type: 'message',
    at: t(1),
    ref: {
      integration: 'demo',
      sha256: 'a'.repeat(64),
      kind: 'Order',
      orderNumber: 'PO-9',
      buyerPartyId: 'ACME-FI',
      jakamoOrderNumber: 'JKM-9',
      confirmUrl: 'http://127.0.0.1:1/confirm/JKM-9',
      sequenceNumber: undefined,
      receivedAt: t(1),
      content: { kind: 'Order', lines: [line('1'), line('2')], note: undefined },
    },
  };
  const accepted = (
    effectId: string,
    kind: 'SimpleConfirm' | 'DeliveredStatus',
    second: number,
    ok = true,
  ) => ({
    effectId,
    kind,
    status: 'answered' as const,
    accepted: ok,
    httpStatus: ok ? 200 : 400,
    answeredAt: t(second),
    lastAttemptAt: t(second),
    problems: undefined,
  });
  const confirmedRecords: DoneRecords = {
    salesOrder: { sourceSha256: 'a'.repeat(64), at: t(2) },
    ledger: [{ documentId: 'e3-recordConfirmation', kind: 'Confirmation', at: t(4) }],
    outbound: [accepted('e2-simpleConfirm', 'SimpleConfirm', 3)],
  };

  void test('every step with a record is done, in order, and nothing is left to run', () => {
    const plan = planReplay(newOrderState(input, t(0)), [order], confirmedRecords);
    assert.equal(plan.state.status, 'Confirmed');
    assert.deepEqual(
      plan.steps.map((step) => `${step.kind} ${step.what.split(' ')[0]}`),
      ['input Jakamo', 'done e1-importSalesOrder', 'done e2-simpleConfirm', 'done e3-recordConfirmation'],
    );
    assert.deepEqual(plan.pending, []);
    assert.deepEqual(plan.unaccounted, []);
    assert.deepEqual(
      plan.state.outbound.map((entry) => [entry.effectId, entry.outcome, entry.at]),
      [['e2-simpleConfirm', 'accepted', t(3)]],
    );
  });

  void test('a step without a record stays pending for the fresh workflow; a record no input leads to is reported', () => {
    const noConfirmation = planReplay(newOrderState(input, t(0)), [order], {
      ...confirmedRecords,
      ledger: [],
      outbound: [accepted('e2-simpleConfirm', 'SimpleConfirm', 3, false)],
    });
    assert.equal(noConfirmation.state.status, 'Imported');
    assert.deepEqual(
      noConfirmation.pending.map((step) => [step.effectId, step.why]),
      [
        ['e2-simpleConfirm', 'Jakamo refused it (HTTP 400): it is sent again in the fresh workflow'],
        ['e3-recordConfirmation', 'the ERP has no record of it: it runs in the fresh workflow'],
      ],
    );
    // The ERP delivered, but its `deliver` is not among the inputs (the history that held it is gone).
    const delivered = planReplay(newOrderState(input, t(0)), [order], {
      ...confirmedRecords,
      ledger: [...confirmedRecords.ledger, { documentId: 'e5-recordDelivery', kind: 'Delivery', at: t(9) }],
      outbound: [...confirmedRecords.outbound, accepted('e4-putDeliveredStatus', 'DeliveredStatus', 8)],
    });
    assert.equal(delivered.state.status, 'Confirmed');
    assert.equal(delivered.unaccounted.length, 2);
    assert.match(
      delivered.unaccounted.join('\n'),
      /e5-recordDelivery[\s\S]*DeliveredStatus e4-putDeliveredStatus, accepted by Jakamo/,
    );
  });

  void test('a step resolved by hand is dropped as it was, not sent again; the ERP then records the confirmation', () => {
    const resolve: ReplayInput = {
      type: 'update',
      at: t(6),
      name: 'resolve',
      updateId: 'resolve-1',
      request: { reason: 'confirmed in the Jakamo UI' },
    };
    const plan = planReplay(newOrderState(input, t(0)), [order, resolve], {
      ...confirmedRecords,
      ledger: [{ documentId: 'e3-recordConfirmation', kind: 'Confirmation', at: t(7) }],
      outbound: [accepted('e2-simpleConfirm', 'SimpleConfirm', 3, false)],
    });
    assert.equal(plan.state.status, 'Confirmed');
    assert.deepEqual(plan.pending, []);
    assert.deepEqual(plan.unaccounted, []);
    assert.deepEqual(plan.warnings, []);
    assert.match(
      plan.state.history.map((entry) => entry.note ?? '').join('\n'),
      /handled by hand: confirmed in the Jakamo UI/,
    );
  });
});
