import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { orderKey } from '../../domain/order-key';
import { NeedsAttention } from '../../domain/search-attributes';
import { intakeStateQuery, pollNowSignal } from '../../workflows/intake-messages';
import { orderStateQuery, resolveOrderUpdate, retryOrderUpdate } from '../../workflows/order/messages';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { fixture } from '../../harness/ubl-examples';

const testbed = devServerTestbed();

async function placeOrders(pipeline: PipelineUnderTest, count: number, seed = 1) {
  const placed = [];
  for (let i = 0; i < count; i++) {
    const customerPartyId = pipeline.customers[i % 2];
    placed.push(
      await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId,
        lines: 1 + (i % 4),
        seed: seed + i,
      }),
    );
  }
  return placed;
}

async function waitUntilConfirmed(pipeline: PipelineUnderTest, jakamoOrderNumbers: string[]) {
  await eventually(`${jakamoOrderNumbers.length} orders confirmed in the sandbox`, async () => {
    const orders = await Promise.all(jakamoOrderNumbers.map((number) => pipeline.control.getOrder(number)));
    return orders.every((order) => order.status === 'Confirmed') ? orders : undefined;
  });
}

async function salesOrderKeys(pipeline: PipelineUnderTest): Promise<string[]> {
  const rows = await pipeline.db
    .selectFrom('sales_orders')
    .select('order_key')
    .where('integration', '=', pipeline.integration)
    .execute();
  return rows.map((row) => row.order_key).sort();
}

void describe('pipeline end to end (dev server, sandbox over HTTP, SQLite)', () => {
  void test('20 orders from two customers are imported once, confirmed once, and the queue ends empty', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      const placed = await placeOrders(pipeline, 20);
      await pipeline.startIntake();
      await waitUntilConfirmed(
        pipeline,
        placed.map((order) => order.jakamoOrderNumber),
      );

      const expectedKeys = placed
        .map((order) =>
          orderKey({
            integration: pipeline.integration,
            buyerPartyId: order.buyerPartyId,
            orderNumber: order.orderNumber,
          }),
        )
        .sort();
      assert.deepEqual(await salesOrderKeys(pipeline), expectedKeys, 'one ERP sales order per placed order');
      for (const order of placed) {
        const state = await pipeline.control.getOrder(order.jakamoOrderNumber);
        assert.equal(state.confirmations, 1, `${order.jakamoOrderNumber} confirmed exactly once`);
      }
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.queued, 0, 'the queue is empty');
      assert.equal(stats.acknowledged, 20);

      // Each order workflow knows the whole order, and the ERP got its lines.
      for (const order of placed.slice(0, 4)) {
        const key = orderKey({
          integration: pipeline.integration,
          buyerPartyId: order.buyerPartyId,
          orderNumber: order.orderNumber,
        });
        const state = await testbed.env.client.workflow.getHandle(key).query(orderStateQuery);
        assert.equal(state.status, 'Confirmed');
        assert.equal(state.documents.length, 1);
        assert.equal(state.erpImport?.created, true);
        const sandboxOrder = await pipeline.control.getOrder(order.jakamoOrderNumber);
        assert.deepEqual(
          state.lines.map((line) => [line.lineId, line.requested.quantity, line.confirmed?.quantity]),
          sandboxOrder.lines.map((line) => [line.lineId, line.requested.quantity, line.requested.quantity]),
        );
        const lines = await pipeline.db
          .selectFrom('sales_order_lines')
          .selectAll()
          .where('order_key', '=', key)
          .execute();
        assert.equal(lines.length, sandboxOrder.lines.length);
      }

      // Operators find one workflow per order in the Web UI, filterable by status and customer.
      const query = `WorkflowType = 'orderWorkflow' AND JakamoOrderStatus = 'Confirmed' AND TaskQueue = '${pipeline.taskQueue}'`;
      await eventually('visibility lists the 20 confirmed orders', async () => {
        const { count } = await testbed.env.client.workflow.count(query);
        return count === 20 ? count : undefined;
      });
      const { count: acmeCount } = await testbed.env.client.workflow.count(
        `${query} AND JakamoCustomer = '${pipeline.customers[0]}'`,
      );
      assert.equal(acmeCount, 10);
    } finally {
      await pipeline.close();
    }
  });

  void test('a lost acknowledgement (processed, response dropped) does not import or confirm twice', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      await pipeline.control.setFaults(pipeline.integration, { loseNextAcks: 2 });
      const placed = await placeOrders(pipeline, 6, 100);
      await pipeline.startIntake();
      await waitUntilConfirmed(
        pipeline,
        placed.map((order) => order.jakamoOrderNumber),
      );

      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.lostAcks, 2, 'the sandbox really dropped two acknowledgement responses');
      assert.equal(stats.queued, 0);
      const archived = await pipeline.db
        .selectFrom('inbound_messages')
        .select(['status', 'acknowledged_at'])
        .where('integration', '=', pipeline.integration)
        .execute();
      assert.equal(archived.length, 6);
      assert.ok(
        archived.every((row) => row.status === 'acknowledged' && row.acknowledged_at !== null),
        'the queue moving on proved the lost acknowledgements were processed',
      );
      assert.equal((await salesOrderKeys(pipeline)).length, 6);
      for (const order of placed) {
        assert.equal((await pipeline.control.getOrder(order.jakamoOrderNumber)).confirmations, 1);
      }
    } finally {
      await pipeline.close();
    }
  });

  void test('an acknowledgement lost again on its retry is settled in the archive by the next drain', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      // The first acknowledgement is dropped before Jakamo processes it; its retry (on the
      // redelivered message) is processed but its answer is lost too, so that drain fails and the
      // uncertainty it held dies with it. Only the next drain's GET can tell, and must settle it.
      await pipeline.control.setFaults(pipeline.integration, { dropNextAcks: 1, loseNextAcks: 1 });
      const placed = await placeOrders(pipeline, 3, 400);
      await pipeline.startIntake();
      await waitUntilConfirmed(
        pipeline,
        placed.map((order) => order.jakamoOrderNumber),
      );
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.lostAcks, 1, 'the sandbox really lost one acknowledgement answer');
      assert.equal(stats.queued, 0);
      const archived = await eventually('every archived message settled', async () => {
        const rows = await pipeline.db
          .selectFrom('inbound_messages')
          .select(['status', 'acknowledged_at'])
          .where('integration', '=', pipeline.integration)
          .execute();
        return rows.every((row) => row.acknowledged_at !== null) ? rows : undefined;
      });
      assert.equal(archived.length, 3, 'the archive counts what Jakamo delivered, once each');
      assert.ok(archived.every((row) => row.status === 'acknowledged'));
      assert.equal((await salesOrderKeys(pipeline)).length, 3);
    } finally {
      await pipeline.close();
    }
  });

  void test('under injected 500s and dropped connections, every order is still imported once and confirmed once', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      await pipeline.control.setFaults(pipeline.integration, { errorRate: 0.2, dropRate: 0.1, seed: 42 });
      const placed = await placeOrders(pipeline, 10, 700);
      const intake = testbed.env.client.workflow.getHandle(await pipeline.startIntake());
      await waitUntilConfirmed(
        pipeline,
        placed.map((order) => order.jakamoOrderNumber),
      );

      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.ok(stats.injectedErrors + stats.droppedConnections > 0, 'faults were really injected');
      assert.equal(stats.queued, 0);
      assert.equal((await salesOrderKeys(pipeline)).length, 10);
      for (const order of placed) {
        assert.equal((await pipeline.control.getOrder(order.jakamoOrderNumber)).confirmations, 1);
      }
      const { totals } = await intake.query(intakeStateQuery);
      assert.equal(totals.handedOff, 10, 'each message handed to its order once');
    } finally {
      await pipeline.close();
    }
  });

  void test('a dropped acknowledgement leads to a redelivery that is recognised and not imported twice', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      await pipeline.control.setFaults(pipeline.integration, { dropNextAcks: 1 });
      const placed = await placeOrders(pipeline, 5, 150);
      await pipeline.startIntake();
      await waitUntilConfirmed(
        pipeline,
        placed.map((order) => order.jakamoOrderNumber),
      );

      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.delivered, 6, 'five messages, one of them delivered twice');
      assert.equal(stats.queued, 0);
      const archived = await pipeline.db
        .selectFrom('inbound_messages')
        .select(['times_received', 'status', 'order_key'])
        .where('integration', '=', pipeline.integration)
        .execute();
      assert.equal(archived.length, 5, 'the archive keeps one row per distinct message');
      assert.deepEqual(
        archived.map((row) => row.times_received).sort(),
        [1, 1, 1, 1, 2],
        'the redelivery was recognised by its content hash',
      );
      assert.ok(archived.every((row) => row.status === 'acknowledged'));
      assert.equal((await salesOrderKeys(pipeline)).length, 5);
      for (const order of placed) {
        assert.equal((await pipeline.control.getOrder(order.jakamoOrderNumber)).confirmations, 1);
        const key = orderKey({
          integration: pipeline.integration,
          buyerPartyId: order.buyerPartyId,
          orderNumber: order.orderNumber,
        });
        const state = await testbed.env.client.workflow.getHandle(key).query(orderStateQuery);
        assert.equal(state.documents.length, 1, 'the order workflow saw the message once');
      }
    } finally {
      await pipeline.close();
    }
  });

  void test('a confirmation Jakamo refuses puts the order in NeedsAttention; retry after the fix confirms it', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      const mappings = await pipeline.control.getMappings(pipeline.integration);
      await pipeline.control.setMappings(pipeline.integration, {
        userMappings: mappings.userMappings.map((user) => ({ ...user, defaultUser: false })),
      });
      const [order] = await placeOrders(pipeline, 1, 500);
      await pipeline.startIntake();
      const key = orderKey({
        integration: pipeline.integration,
        buyerPartyId: order.buyerPartyId,
        orderNumber: order.orderNumber,
      });
      const handle = testbed.env.client.workflow.getHandle(key);
      const stuck = await eventually('the order to need attention', async () => {
        const state = await handle.query(orderStateQuery);
        return state.attention ? state : undefined;
      });
      assert.equal(stuck.status, 'Imported');
      assert.equal(stuck.attention?.step, 'POST Jakamo-Confirm-Url (confirm as requested)');
      assert.equal(stuck.attention?.errorType, 'JakamoBadRequest');
      assert.match(stuck.attention?.reason ?? '', /POST Jakamo-Confirm-Url answered 400/);
      await eventually('NeedsAttention in visibility', async () =>
        (await handle.describe()).typedSearchAttributes.get(NeedsAttention) === true ? true : undefined,
      );

      await pipeline.control.setMappings(pipeline.integration, { userMappings: mappings.userMappings });
      await handle.executeUpdate(retryOrderUpdate, { args: [{ reason: 'DefaultUser mapping restored' }] });
      const confirmed = await eventually('the order confirmed after retry', async () => {
        const state = await handle.query(orderStateQuery);
        return state.status === 'Confirmed' ? state : undefined;
      });
      assert.equal(confirmed.attention, undefined);
      assert.equal((await handle.describe()).typedSearchAttributes.get(NeedsAttention), false);
      assert.equal((await pipeline.control.getOrder(order.jakamoOrderNumber)).confirmations, 1);

      // Nothing needs a retry now: the validator refuses before anything reaches history.
      await assert.rejects(handle.executeUpdate(retryOrderUpdate, { args: [{}] }), (error: unknown) => {
        assert.ok(error instanceof WorkflowUpdateFailedError);
        assert.match(String(error.cause), /does not need attention \(status Confirmed\)/);
        return true;
      });
    } finally {
      await pipeline.close();
    }
  });

  void test('an order without Jakamo-Confirm-Url is confirmed with an OrderResponse; "Cannot find order." waits for an operator, resolve clears it', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      // A raw message carries no Jakamo headers, and Jakamo has no such order: the OrderResponse is refused.
      const xml = fixture('basic-order.xml');
      await pipeline.control.enqueueRaw(pipeline.integration, xml);
      await pipeline.startIntake();
      const key = orderKey({
        integration: pipeline.integration,
        buyerPartyId: 'FI-BUYER-7',
        orderNumber: 'PO-4711',
      });
      const handle = testbed.env.client.workflow.getHandle(key);
      const waiting = await eventually('the order to need attention', async () => {
        const state = await handle.query(orderStateQuery);
        return state.attention ? state : undefined;
      });
      assert.equal(waiting.status, 'Imported');
      assert.equal(waiting.attention?.errorType, 'JakamoOrderNotFound');
      assert.equal(waiting.attention?.step, 'POST OrderResponse (confirmation)');
      assert.match(waiting.attention?.reason ?? '', /Cannot find order\./);
      assert.equal(waiting.erpImport?.created, true, 'the sales order was imported all the same');

      await handle.executeUpdate(resolveOrderUpdate, { args: [{ reason: 'confirmed in the Jakamo UI' }] });
      const cleared = await handle.query(orderStateQuery);
      assert.equal(cleared.attention, undefined);
      assert.equal(cleared.status, 'Confirmed');
      assert.ok(
        cleared.history.some((entry) => /handled by hand: confirmed in the Jakamo UI/.test(entry.note ?? '')),
      );
      await eventually('NeedsAttention cleared in visibility', async () =>
        (await handle.describe()).typedSearchAttributes.get(NeedsAttention) === false ? true : undefined,
      );
    } finally {
      await pipeline.close();
    }
  });

  void test('a Jakamo URL that answers 404 puts the intake in NeedsAttention with the reason', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { basePath: '/not-the-api' });
    try {
      const handle = testbed.env.client.workflow.getHandle(await pipeline.startIntake());
      const state = await eventually('the intake to need attention', async () => {
        const current = await handle.query(intakeStateQuery);
        return current.attention ? current : undefined;
      });
      assert.equal(state.paused, false, 'it keeps polling at the interval');
      assert.equal(state.attention?.errorType, 'JakamoBadRequest');
      assert.match(state.attention?.reason ?? '', /GET \/api\/order\/response answered 404/);
      await eventually('NeedsAttention in visibility', async () =>
        (await handle.describe()).typedSearchAttributes.get(NeedsAttention) === true ? true : undefined,
      );
    } finally {
      await pipeline.close();
    }
  });

  void test('a malformed message in the middle of the queue is quarantined with its reason and later orders still flow', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      const first = await placeOrders(pipeline, 3, 200);
      await pipeline.control.enqueueRaw(
        pipeline.integration,
        '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><cbc:ID>broken',
      );
      const second = await placeOrders(pipeline, 3, 300);
      await pipeline.startIntake();
      await waitUntilConfirmed(
        pipeline,
        [...first, ...second].map((order) => order.jakamoOrderNumber),
      );

      const quarantined = await pipeline.db
        .selectFrom('inbound_messages')
        .selectAll()
        .where('integration', '=', pipeline.integration)
        .where('status', '=', 'quarantined')
        .execute();
      assert.equal(quarantined.length, 1);
      assert.match(quarantined[0].error ?? '', /^malformed: /);
      assert.notEqual(quarantined[0].acknowledged_at, null, 'the quarantined message was acknowledged');
      assert.equal((await salesOrderKeys(pipeline)).length, 6);
      assert.equal((await pipeline.control.stats()).integrations[pipeline.integration].queued, 0);
    } finally {
      await pipeline.close();
    }
  });

  void test('wrong credentials: the intake reports "Authentication failed." and pauses instead of spinning', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { wrongPassword: true });
    try {
      await placeOrders(pipeline, 2, 400);
      const workflowId = await pipeline.startIntake();
      const handle = testbed.env.client.workflow.getHandle(workflowId);
      const state = await eventually('the intake to pause', async () => {
        const current = await handle.query(intakeStateQuery);
        return current.paused ? current : undefined;
      });
      assert.equal(state.pausedBecause, 'Authentication failed.');
      assert.equal(state.attention?.errorType, 'JakamoAuthenticationFailed');
      assert.match(state.attention?.reason ?? '', /Authentication failed\./);
      assert.match(state.attention?.reason ?? '', /JAKAMO_USERNAME and JAKAMO_PASSWORD/);
      assert.doesNotMatch(JSON.stringify(state), /wrong-password/, 'the password is never echoed');

      // Asking for a poll while paused must not send another request with the bad credentials.
      await handle.signal(pollNowSignal);
      const history = await eventually('the poll-now signal handled by a workflow task', async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const signalled = events.findIndex((event) => event.workflowExecutionSignaledEventAttributes);
        const handled = events.findIndex(
          (event, index) => index > signalled && event.workflowTaskCompletedEventAttributes,
        );
        return signalled >= 0 && handled > signalled ? events : undefined;
      });
      assert.equal(
        history.filter((event) => event.activityTaskScheduledEventAttributes).length,
        1,
        'no drain was scheduled after the authentication failure',
      );
      assert.equal((await handle.query(intakeStateQuery)).paused, true);
      const described = await handle.describe();
      assert.equal(described.typedSearchAttributes.get(NeedsAttention), true);
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.authFailures, 1, 'exactly one request was refused: no retry loop');
      assert.equal(stats.queued, 2, 'nothing was taken from the queue');
    } finally {
      await pipeline.close();
    }
  });
});
