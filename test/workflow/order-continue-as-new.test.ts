/**
 * The order workflow continues as new when Temporal suggests it, and loses nothing on the way: an
 * update that is waiting for its answer at that moment is decided (and answered) first, and the
 * fresh run carries the whole order, including the update ids it has decided, so the same update
 * sent again later is recognised. The run's shared dev server suggests continue-as-new only from
 * 4,096 events, so this file starts its own dev server that suggests it from a few dozen.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { orderStartOptions } from '../../activities/order/order-start-options';
import { orderKey } from '../../domain/order-key';
import type { JakamoMessageRef } from '../../domain/order-message';
import { pipelineSearchAttributes } from '../../domain/search-attributes';
import { quietTemporalRuntime } from '../../harness/temporal-runtime';
import { bundleWorkflows } from '../../worker/create-worker';
import type { orderWorkflow } from '../../workflows/order';
import { confirmOrderUpdate, jakamoMessageSignal, orderStateQuery } from '../../workflows/order/messages';
import type { OrderState, OrderWorkflowInput } from '../../workflows/order/state';
import { eventually, temporalCliPath } from '../support/temporal';
import { widget } from './order-lines';
import { StubActivities } from './stub-activities';

/** History length from which this server suggests continue-as-new (Temporal's default: 4,096). */
const suggestAt = 40;

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

before(async () => {
  quietTemporalRuntime();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: [...pipelineSearchAttributes],
      extraArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${suggestAt}`],
    },
  });
  workflowBundle = await bundleWorkflows();
});

after(async () => {
  await env?.teardown();
});

function orderMessage(input: OrderWorkflowInput, sha256: string): JakamoMessageRef {
  return {
    integration: input.integration,
    sha256,
    kind: 'Order',
    orderNumber: input.orderNumber,
    buyerPartyId: input.buyerPartyId,
    jakamoOrderNumber: 'J-CAN-1',
    confirmUrl: 'https://jakamo.test/confirm/J-CAN-1',
    sequenceNumber: undefined,
    receivedAt: new Date().toISOString(),
    content: {
      kind: 'Order',
      note: undefined,
      lines: [widget],
    },
  };
}

void describe('order workflow: continue-as-new (a dev server that suggests it early)', () => {
  void test('an update waiting for its answer when continue-as-new is due is decided first; the fresh run carries the order and its update ids', async () => {
    const orderNumber = `PO-${randomUUID().slice(0, 8)}`;
    const input: OrderWorkflowInput = {
      orderKey: orderKey({ integration: 'can-test', buyerPartyId: 'BUYER-1', orderNumber }),
      integration: 'can-test',
      buyerPartyId: 'BUYER-1',
      orderNumber,
      confirmationPolicy: 'erp',
      defaultSellerContactId: 'seller-7',
    };
    const taskQueue = `order-can-${randomUUID()}`;
    const stub = new StubActivities();
    const serve = async <T>(body: () => Promise<T>): Promise<T> => {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        activities: stub.activities,
      });
      return await worker.runUntil(body);
    };
    const handle = env.client.workflow.getHandle<typeof orderWorkflow>(input.orderKey);
    const order = orderMessage(input, createHash('sha256').update(orderNumber).digest('hex'));
    const state = () => handle.query(orderStateQuery);

    await env.client.workflow.signalWithStart<typeof orderWorkflow, [JakamoMessageRef]>('orderWorkflow', {
      ...orderStartOptions(input, { taskQueue, jakamoOrderNumber: order.jakamoOrderNumber, life: 'first' }),
      signal: jakamoMessageSignal,
      signalArgs: [order],
    });
    const firstRunId = (await handle.describe()).runId;
    await serve(() =>
      eventually('the order awaits the ERP', async () => {
        const now = await state();
        return now.status === 'AwaitingErpConfirmation' && now.pendingEffects.length === 0 ? now : undefined;
      }),
    );

    // No worker now: the same message again, until the history is past the point where the
    // server suggests continue-as-new; then the ERP's confirm, which waits for a worker to take it.
    for (let i = 0; i < suggestAt; i++) await handle.signal(jakamoMessageSignal, order);
    const confirm = handle.executeUpdate(confirmOrderUpdate, {
      args: [{ note: 'confirmed at the hand-over' }],
      updateId: 'erp-confirm-can',
    });

    const fresh = await serve(async () => {
      const answer = await confirm;
      assert.deepEqual(answer, {
        status: 'AwaitingErpConfirmation',
        decided: 'confirm as requested (simple confirmation)',
      });
      return await eventually('a fresh run with the order confirmed', async () => {
        const description = await handle.describe();
        if (description.runId === firstRunId) return undefined;
        const now = await state();
        return now.status === 'Confirmed' && now.pendingEffects.length === 0 ? now : undefined;
      });
    });

    const first = env.client.workflow.getHandle(input.orderKey, firstRunId);
    assert.equal((await first.describe()).status.name, 'CONTINUED_AS_NEW');
    assert.deepEqual(fresh.decidedUpdateIds, ['erp-confirm-can'], 'the decided update id is carried');
    assert.equal(fresh.documents.length, suggestAt + 1, 'every message is carried');
    assert.ok(fresh.documents.slice(1).every((document) => document.outcome === 'duplicate'));
    assert.equal(stub.count('simpleConfirm'), 1);
    assert.equal(stub.inputsOf('simpleConfirm')[0].note, 'confirmed at the hand-over');

    // The same update again, now on the fresh run: recognised by its carried id, nothing sent twice.
    const final: OrderState = await serve(async () => {
      const answer = await handle.executeUpdate(confirmOrderUpdate, {
        args: [{ note: 'confirmed at the hand-over' }],
        updateId: 'erp-confirm-can',
      });
      assert.equal(answer.decided, 'already done (same update id)');
      return await state();
    });
    assert.deepEqual(final.decidedUpdateIds, ['erp-confirm-can']);
    assert.equal(stub.count('simpleConfirm'), 1, 'confirmed once');
  });
});
