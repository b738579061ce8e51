import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { intakeWorkflowId, orderKey, parseOrderKey } from '../../domain/order-key';

void describe('order key', () => {
  void test('names the order by integration, buyer party and customer order number', () => {
    assert.equal(
      orderKey({ integration: 'demo', buyerPartyId: 'ACME-FI', orderNumber: 'PO-1' }),
      'order:demo:ACME-FI:PO-1',
    );
  });

  void test('stays URL-safe and cannot collide when parts contain separators', () => {
    const a = orderKey({ integration: 'demo', buyerPartyId: 'A:B', orderNumber: 'C' });
    const b = orderKey({ integration: 'demo', buyerPartyId: 'A', orderNumber: 'B:C' });
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9%:_-]+$/);
    assert.equal(
      orderKey({ integration: 'x', buyerPartyId: '0037 12345/678', orderNumber: 'PO 1/2' }),
      'order:x:0037%2012345%2F678:PO%201%2F2',
    );
  });

  void test('round-trips through parseOrderKey', () => {
    const parts = { integration: 'demo', buyerPartyId: 'Ä:/ b', orderNumber: 'PO.1 (rush)' };
    assert.deepEqual(parseOrderKey(orderKey(parts)), parts);
  });

  void test('refuses empty parts and foreign keys with a clear error', () => {
    assert.throws(
      () => orderKey({ integration: 'demo', buyerPartyId: ' ', orderNumber: 'PO-1' }),
      /buyerPartyId is empty/,
    );
    assert.throws(() => parseOrderKey('intake:demo'), /is not an order key/);
  });

  void test('the intake workflow id is per integration', () => {
    assert.equal(intakeWorkflowId('demo'), 'intake:demo');
  });
});
