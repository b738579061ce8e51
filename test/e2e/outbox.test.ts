import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { intakeStateQuery } from '../../workflows/intake-messages';
import type { PlacedOrder } from '../../sandbox';
import { orderHandle, settledIn, untilOrder } from '../support/orders';
import { startPipeline } from '../support/pipeline';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

/**
 * The archive as the intake's outbox: messages are acknowledged once archived and handed to their
 * order workflows behind the drain, several orders at once. A full queue with an order's change
 * right behind it must still reach each order in the queue's order.
 */
const testbed = devServerTestbed();

void describe('the intake outbox', () => {
  void test('a full queue of orders, changes and a cancellation reaches every order in queue order, each message once', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      // Each change and the cancellation right behind its Order in the queue: hand-offs run
      // concurrently, but never within one order.
      const placed: PlacedOrder[] = [];
      for (let i = 0; i < 12; i++) {
        const order = await pipeline.control.placeOrder(pipeline.integration, {
          customerPartyId: pipeline.customers[i % 2],
          lines: 1,
        });
        placed.push(order);
        if (i < 5) {
          await pipeline.control.changeOrder(order.jakamoOrderNumber, {
            lines: [{ lineId: '1', quantity: '7' }],
          });
        }
        if (i === 5) await pipeline.control.cancelOrder(order.jakamoOrderNumber, 'not needed after all');
      }
      const changed = placed.slice(0, 5);
      const cancelled = placed[5];
      assert.ok(cancelled !== undefined);
      await pipeline.startIntake();

      for (const order of changed) {
        const state = await untilOrder(
          orderHandle(testbed.env, pipeline, order),
          'confirmed with its change',
          (s) => settledIn('Confirmed')(s) && s.lastSequenceNumber === '1',
        );
        assert.deepEqual(
          state.documents.map((document) => document.kind),
          ['Order', 'OrderChange'],
          'the Order first, then its change',
        );
        assert.equal(state.lines[0]?.requested.quantity, '7');
      }
      const cancelledState = await untilOrder(
        orderHandle(testbed.env, pipeline, cancelled),
        'cancelled',
        settledIn('Cancelled'),
      );
      assert.deepEqual(
        cancelledState.documents.map((document) => document.kind),
        ['Order', 'StatusMessage'],
      );
      for (const order of placed.slice(6)) {
        await untilOrder(orderHandle(testbed.env, pipeline, order), 'confirmed', settledIn('Confirmed'));
      }

      // Every message archived once, in queue order, handed off and acknowledged.
      const archived = await eventually('every message acknowledged and handed off', async () => {
        const rows = await pipeline.db
          .selectFrom('inbound_messages')
          .select(['status', 'queue_position', 'times_received'])
          .where('integration', '=', pipeline.integration)
          .orderBy('queue_position')
          .execute();
        return rows.length === 18 && rows.every((row) => row.status === 'acknowledged') ? rows : undefined;
      });
      assert.deepEqual(
        archived.map((row) => row.queue_position),
        Array.from({ length: 18 }, (_, i) => i + 1),
      );
      assert.ok(archived.every((row) => row.times_received === 1));
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats?.queued, 0);
      assert.equal(stats?.acknowledged, 18);
      assert.equal(stats?.delivered, 18, 'no message delivered twice');
      for (const order of [...changed, ...placed.slice(6)]) {
        const jakamo = await pipeline.control.getOrder(order.jakamoOrderNumber);
        assert.ok(jakamo.confirmations >= 1);
      }
    } finally {
      await pipeline.close();
    }
  });

  void test('a lingering drain takes a new order from an empty queue without waiting for the poll interval', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { drainLingerMs: 60_000 });
    try {
      // An hour between polls: only the lingering drain can see the order placed below.
      const intakeId = await pipeline.startIntake({ pollIntervalMs: 3_600_000, drainBudgetMs: 60_000 });
      const intake = testbed.env.client.workflow.getHandle(intakeId);
      await eventually('the drain running', async () => {
        const described = await intake.describe();
        return (described.raw.pendingActivities ?? []).length > 0 ? true : undefined;
      });
      await eventually('the drain finding the queue empty', async () => {
        const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
        return (stats?.emptyPolls ?? 0) > 0 ? true : undefined;
      });
      const placed = await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: pipeline.customers[0],
        lines: 1,
      });
      await untilOrder(orderHandle(testbed.env, pipeline, placed), 'confirmed', settledIn('Confirmed'));
      const state = await intake.query(intakeStateQuery);
      assert.equal(state.drains, 0, 'taken by the drain that was running when the queue was empty');
    } finally {
      await pipeline.close();
    }
  });
});
