import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orderKeyPrefix } from '../../domain/order-queries';
import { jakamoOrderNumberQuery } from '../../client/orders/order-reference';

/** The visibility queries that find orders. */

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
