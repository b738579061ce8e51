import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { basicAuth, startTestSandbox } from './helpers';

void describe('state file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('orders, queue, counters and mappings survive a restart', async () => {
    const stateFile = path.join(dir, 'state.json');
    const first = await startTestSandbox({ stateFile });
    const a = await first.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    const b = await first.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE' });
    const message = await first.supplier.take();
    await first.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    await first.control.setMappings('demo', {
      userMappings: [{ identifier: 'ERP-7', jakamoUser: 'Seven', defaultUser: true }],
    });
    const staleAckUrl = message.headers.get('x-acknowledge-uri') ?? '';
    await first.close();

    const persisted = readFileSync(stateFile, 'utf8');
    assert.ok(!persisted.includes('demo-password'), 'credentials are not written to the state file');

    const second = await startTestSandbox({ stateFile });
    try {
      const order = await second.control.getOrder(a.jakamoOrderNumber);
      assert.equal(order.status, 'Confirmed');
      assert.equal(order.confirmations, 1);
      const head = await second.supplier.next();
      assert.equal(
        head.headers.get('jakamo-order-number'),
        b.jakamoOrderNumber,
        'unacknowledged message is still queued',
      );
      const staleAck = await second.supplier.acknowledge(
        staleAckUrl.replace(/^http:\/\/[^/]+/, second.sandbox.baseUrl),
      );
      assert.equal(staleAck.status, 200, 'an ack retried across the restart is still idempotent');
      const stats = (await second.control.stats()).integrations.demo;
      assert.equal(stats.acknowledged, 1);
      assert.equal(stats.confirmations, 1);
      assert.equal(stats.queued, 1);
      assert.equal((await second.control.getMappings('demo')).userMappings[0].identifier, 'ERP-7');
      const c = await second.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
      assert.equal(c.jakamoOrderNumber, 'JKM-000003', 'numbering carries on');
    } finally {
      await second.close();
    }
  });

  void test('a raw message of bytes (not UTF-8) is still served byte for byte after a restart', async () => {
    const stateFile = path.join(dir, 'bytes.json');
    const bytes = Buffer.from('<Order><Name>Äinö</Name></Order>', 'latin1');
    const first = await startTestSandbox({ stateFile });
    await first.control.enqueueRaw('demo', bytes);
    await first.close();
    const second = await startTestSandbox({ stateFile });
    try {
      const response = await fetch(`${second.sandbox.baseUrl}/api/order/response`, {
        headers: { authorization: basicAuth('demo-supplier', 'demo-password') },
      });
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
    } finally {
      await second.close();
    }
  });

  void test('without a state file a restart starts empty', async () => {
    const first = await startTestSandbox();
    await first.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await first.close();
    const second = await startTestSandbox();
    try {
      assert.deepEqual(await second.control.listOrders(), []);
    } finally {
      await second.close();
    }
  });
});
