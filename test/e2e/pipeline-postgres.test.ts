import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlacedOrder } from '../../sandbox';
import { createTestDatabase, noPostgres, postgresServerUrl } from '../support/postgres';
import { startPipeline } from '../support/pipeline';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

const testbed = devServerTestbed();

void describe('pipeline end to end with PostgreSQL as the connector database', () => {
  void test('10 orders are archived, imported once and confirmed once', async (t) => {
    const server = postgresServerUrl();
    if (server === undefined) return t.skip(noPostgres);
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
      database: { kind: 'postgres', url: await createTestDatabase(server) },
    });
    try {
      await pipeline.control.setFaults(pipeline.integration, { dropNextAcks: 1 });
      const placed: PlacedOrder[] = [];
      for (let i = 0; i < 10; i++) {
        placed.push(
          await pipeline.control.placeOrder(pipeline.integration, {
            customerPartyId: pipeline.customers[i % 2],
            lines: 2,
            seed: 900 + i,
          }),
        );
      }
      await pipeline.startIntake();
      await eventually('10 orders confirmed', async () => {
        const orders = await Promise.all(
          placed.map((order) => pipeline.control.getOrder(order.jakamoOrderNumber)),
        );
        return orders.every((order) => order.status === 'Confirmed') ? orders : undefined;
      });
      const salesOrders = await pipeline.db.selectFrom('sales_orders').select('order_key').execute();
      assert.equal(salesOrders.length, 10);
      const archived = await pipeline.db
        .selectFrom('inbound_messages')
        .select(['times_received', 'status'])
        .execute();
      assert.equal(archived.length, 10);
      assert.equal(
        archived.filter((row) => row.times_received === 2).length,
        1,
        'the redelivery was recognised',
      );
      for (const order of placed) {
        assert.equal((await pipeline.control.getOrder(order.jakamoOrderNumber)).confirmations, 1);
      }
    } finally {
      await pipeline.close();
    }
  });
});
