import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIntegrations } from '../../sandbox/index';
import { startTestSandbox, type TestSandbox } from './helpers';

void describe('simple confirmation (POST Jakamo-Confirm-Url)', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  async function placeAndRead() {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE', lines: 3 });
    const message = await t.supplier.take();
    return { placed, confirmUrl: message.headers.get('jakamo-confirm-url') ?? '' };
  }

  void test('confirms the order as requested and counts the confirmation', async () => {
    const { placed, confirmUrl } = await placeAndRead();
    const answer = await t.supplier.confirm(confirmUrl);
    assert.equal(answer.status, 200);
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.status, 'Confirmed');
    assert.equal(order.confirmations, 1);
    for (const line of order.lines) {
      assert.deepEqual(line.confirmed, line.requested);
      assert.equal(line.status, 'Confirmed');
    }
    assert.equal(order.documents.at(-1)?.kind, 'Confirm');
    assert.equal(order.documents.at(-1)?.httpStatus, 200);
    await t.supplier.confirm(confirmUrl);
    assert.equal((await t.control.getOrder(placed.jakamoOrderNumber)).confirmations, 2);
  });

  void test('a form-encoded Note is added to the order comments', async () => {
    const { placed, confirmUrl } = await placeAndRead();
    await t.supplier.confirm(confirmUrl, 'Note=Shipping+from+Turku', 'application/x-www-form-urlencoded');
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.ok(
      order.comments.some((comment) => comment.includes('Shipping from Turku')),
      order.comments.join('|'),
    );
  });

  void test('a Note in an XML body is added to the order comments', async () => {
    const { placed, confirmUrl } = await placeAndRead();
    await t.supplier.confirm(
      confirmUrl,
      '<Confirmation><Note>Tools &amp; parts</Note></Confirmation>',
      'application/xml',
    );
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.ok(
      order.comments.some((comment) => comment.includes('Tools & parts')),
      order.comments.join('|'),
    );
  });

  void test('confirming a cancelled order is refused with an <error>', async () => {
    const { placed, confirmUrl } = await placeAndRead();
    await t.control.cancelOrder(placed.jakamoOrderNumber);
    const answer = await t.supplier.confirm(confirmUrl);
    assert.equal(answer.status, 400);
    assert.equal(answer.body, '<error>Order is cancelled.</error>');
  });
});

void describe('simple confirmation without a DefaultUser', () => {
  let t: TestSandbox;
  before(async () => {
    const [demo] = demoIntegrations();
    t = await startTestSandbox({
      integrations: [{ ...demo, userMappings: [{ identifier: 'SELLER-1', jakamoUser: 'Seller' }] }],
    });
  });
  after(() => t.close());

  void test('answers 400 with a clear error and leaves the order unconfirmed', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.take();
    const answer = await t.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    assert.equal(answer.status, 400);
    assert.equal(
      answer.body,
      '<error>Cannot confirm order: no DefaultUser is mapped for this integration.</error>',
    );
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.status, 'Waiting for supplier confirmation');
    assert.equal(order.confirmations, 0);
  });
});
