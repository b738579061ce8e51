import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { JakamoMessageRef } from '../../domain/order-message';
import { maxHandOffBytes, OrderRouter } from '../../activities/order/order-router';
import type { OrderWorkflowInput } from '../../workflows/order';
import { devServerTestbed } from '../support/testbed';

const testbed = devServerTestbed();

function orderFor(note: string): { input: OrderWorkflowInput; message: JakamoMessageRef } {
  const orderNumber = `PO-${randomUUID()}`;
  const orderKey = `router-test/ACME/${orderNumber}`;
  return {
    input: {
      orderKey,
      integration: 'router-test',
      buyerPartyId: 'ACME',
      orderNumber,
      confirmationPolicy: 'erp',
    },
    message: {
      integration: 'router-test',
      sha256: randomUUID(),
      kind: 'Order',
      orderNumber,
      buyerPartyId: 'ACME',
      jakamoOrderNumber: undefined,
      confirmUrl: undefined,
      sequenceNumber: undefined,
      receivedAt: new Date().toISOString(),
      content: { kind: 'Order', lines: [], note },
    },
  };
}

void describe('the hand-off to an order workflow (dev server)', () => {
  void test('a message too large for a workflow payload is refused with a reason instead of blocking the queue', async () => {
    const router = new OrderRouter(testbed.env.client, `router-${randomUUID()}`);
    const { input, message } = orderFor('x'.repeat(maxHandOffBytes + 1));
    const result = await router.route(input, message);
    assert.equal(result.routed, false);
    assert.match(result.routed ? '' : result.reason, /^too-large: the Order's content is \d+ KiB/);
    await assert.rejects(
      testbed.env.client.workflow.getHandle(input.orderKey).describe(),
      WorkflowNotFoundError,
      'no order workflow was started',
    );
  });

  void test('a message of ordinary size starts its order workflow', async () => {
    const router = new OrderRouter(testbed.env.client, `router-${randomUUID()}`);
    const { input, message } = orderFor('Please deliver to gate 2.');
    assert.deepEqual(await router.route(input, message), { routed: true });
    const handle = testbed.env.client.workflow.getHandle(input.orderKey);
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.terminate('test cleanup: nothing polls this task queue');
  });
});
