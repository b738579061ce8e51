import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newestFirst, orderKeyPrefix, type OrderSummary } from '../../client/orders/order-list';
import { jakamoOrderNumberQuery } from '../../client/orders/order-reference';

/** The visibility queries that find orders, and the order a list of them is shown in. */

void describe('finding an order by Jakamo order number', () => {
  void test('the visibility query names the workflow type, the number and the integration prefix', () => {
    assert.equal(
      jakamoOrderNumberQuery('demo', 'JKM-000012'),
      "WorkflowType = 'orderWorkflow' AND JakamoOrderNumber = 'JKM-000012' AND WorkflowId STARTS_WITH 'order:demo:'",
    );
  });

  void test('quotes cannot end the string early; the prefix is encoded like the order key', () => {
    assert.match(
      jakamoOrderNumberQuery('demo', "JKM-1' OR 'a'='a"),
      /JakamoOrderNumber = 'JKM-1\\' OR \\'a\\'=\\'a'/,
    );
    assert.equal(orderKeyPrefix('my integration'), 'order:my%20integration:');
  });
});

function summary(
  orderNumber: string,
  jakamoOrderNumber: string | undefined,
  startedAt: string,
): OrderSummary {
  return {
    orderKey: `order:demo:ACME-FI:${orderNumber}`,
    jakamoOrderNumber,
    customer: 'ACME-FI',
    status: 'Confirmed',
    needsAttention: false,
    startedAt,
    execution: 'RUNNING',
  };
}

void describe('newest first: Jakamo’s order', () => {
  void test('the highest Jakamo number comes first, however the workflows happened to start', () => {
    // Handed off at once: the later Jakamo order's workflow started first.
    const orders = [
      summary('PO-3', 'JKM-000003', '2026-12-01T09:00:00.001Z'),
      summary('PO-2', 'JKM-000002', '2026-12-01T09:00:00.002Z'),
      summary('PO-1', 'JKM-000001', '2026-12-01T08:00:00.000Z'),
    ];
    assert.deepEqual(
      [...orders]
        .reverse()
        .sort(newestFirst)
        .map((order) => order.jakamoOrderNumber),
      ['JKM-000003', 'JKM-000002', 'JKM-000001'],
    );
  });

  void test('numbers compare as numbers; an order without one comes last; a tie goes to the later start', () => {
    const orders = [
      summary('PO-A', undefined, '2026-12-02T00:00:00.000Z'),
      summary('PO-9', 'JKM-9', '2026-12-01T00:00:00.000Z'),
      summary('PO-10', 'JKM-10', '2026-11-01T00:00:00.000Z'),
      summary('PO-10B', 'JKM-10', '2026-11-02T00:00:00.000Z'),
    ];
    assert.deepEqual(
      orders.sort(newestFirst).map((order) => order.orderKey.split(':')[3]),
      ['PO-10B', 'PO-10', 'PO-9', 'PO-A'],
    );
  });
});
