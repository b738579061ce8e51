import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultStatusMessageLayout } from '../../domain/status-message-layout';
import { basicAuth, startTestSandbox, type TestSandbox } from './helpers';

/** The documented assumptions (docs/sandbox.md) can be reconfigured without code changes. */
void describe('configurable assumptions', () => {
  let t: TestSandbox;
  const layout = { ...defaultStatusMessageLayout, rootElement: 'OrderStatus', statusElement: 'Code' };
  before(async () => {
    t = await startTestSandbox({
      assumptions: { deliveredPath: '/api/orders/:orderNumber/status', statusMessageLayout: layout },
    });
  });
  after(() => t.close());

  void test('the PUT path and StatusMessage layout follow the configuration', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 1 });
    const message = await t.supplier.take();
    await t.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    const body = `<OrderStatus xmlns="${layout.namespace}"><OrderID>${placed.orderNumber}</OrderID><Code>Delivered</Code></OrderStatus>`;
    const put = (url: string) =>
      fetch(url, {
        method: 'PUT',
        headers: {
          authorization: basicAuth('demo-supplier', 'demo-password'),
          'content-type': 'application/xml',
        },
        body,
      });
    const old = await put(`${t.sandbox.baseUrl}/api/order/${placed.orderNumber}`);
    assert.equal(old.status, 404);
    const configured = await put(`${t.sandbox.baseUrl}/api/orders/${placed.orderNumber}/status`);
    assert.equal(configured.status, 200, await configured.text());
    assert.equal((await t.control.getOrder(placed.jakamoOrderNumber)).status, 'Delivered');
  });

  void test('a customer cancellation is queued in the configured layout', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 1 });
    await t.supplier.take();
    await t.control.cancelOrder(placed.jakamoOrderNumber);
    const message = await t.supplier.take();
    assert.match(message.body, /<OrderStatus xmlns="urn:jakamo:statusmessage:assumed:1">/);
    assert.match(message.body, /<Code>Cancelled<\/Code>/);
  });

  void test('the confirm URL also takes the Note as JSON', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 1 });
    const message = await t.supplier.take();
    await t.supplier.confirm(
      message.headers.get('jakamo-confirm-url') ?? '',
      JSON.stringify({ Note: 'JSON note' }),
      'application/json',
    );
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.ok(order.comments.some((c) => c.includes('JSON note')));
  });
});
