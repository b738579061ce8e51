import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startOrderGenerator, type SandboxOrderState } from '../../sandbox/index';
import { startTestSandbox } from './helpers';

async function generatedOrders(seed: number): Promise<SandboxOrderState[]> {
  const t = await startTestSandbox();
  try {
    const generator = startOrderGenerator({
      baseUrl: t.sandbox.baseUrl,
      integrationId: 'demo',
      customerPartyIds: ['ACME-FI', 'NORDIC-SE'],
      everyMs: 5,
      seed,
      maxOrders: 4,
    });
    let orders = await t.control.listOrders('demo');
    while (orders.length < 4) orders = await t.control.listOrders('demo');
    await generator.stop();
    assert.equal(generator.placed, 4);
    return await t.control.listOrders('demo');
  } finally {
    await t.close();
  }
}

void describe('order generator', () => {
  void test('places orders for the customers in turn, the same ones for the same seed', async () => {
    const first = await generatedOrders(11);
    const again = await generatedOrders(11);
    const other = await generatedOrders(12);
    assert.deepEqual(
      first.map((o) => o.customerPartyId),
      ['ACME-FI', 'NORDIC-SE', 'ACME-FI', 'NORDIC-SE'],
    );
    const content = (orders: SandboxOrderState[]) => orders.map((o) => o.lines.map((l) => l.requested));
    assert.deepEqual(content(again), content(first));
    assert.notDeepEqual(content(other), content(first));
  });
});
