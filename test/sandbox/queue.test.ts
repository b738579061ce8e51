import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIntegrations, type SandboxIntegrationConfig } from '../../sandbox/index';
import { basicAuth, startTestSandbox, type TestSandbox } from './helpers';

const noMoreMessages = '<status>No more messages available.</status>';

void describe('SO API queue (GET /api/order/response, acknowledge)', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  void test('an empty queue answers 200 with "No more messages available."', async () => {
    const answer = await t.supplier.next();
    assert.equal(answer.status, 200);
    assert.equal(answer.body, noMoreMessages);
    assert.match(answer.headers.get('content-type') ?? '', /application\/xml/);
    assert.equal(answer.headers.get('x-acknowledge-uri'), null);
  });

  void test('an Order comes with absolute X-Acknowledge-Uri, Jakamo-Confirm-Url and Jakamo-Order-Number', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    const answer = await t.supplier.next();
    assert.equal(answer.status, 200);
    assert.match(answer.body, /<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/);
    assert.match(answer.body, new RegExp(`<cbc:ID>${placed.orderNumber}</cbc:ID>`));
    assert.equal(answer.headers.get('jakamo-order-number'), placed.jakamoOrderNumber);
    assert.match(placed.jakamoOrderNumber, /^JKM-\d{6}$/);
    for (const header of ['x-acknowledge-uri', 'jakamo-confirm-url']) {
      assert.ok(answer.headers.get(header)?.startsWith(`${t.sandbox.baseUrl}/`), `${header} is absolute`);
    }
    await t.supplier.acknowledge(answer.headers.get('x-acknowledge-uri') ?? '');
  });

  void test('the same message is returned until it is acknowledged, then the next oldest', async () => {
    const first = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const second = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE' });
    const a = await t.supplier.next();
    const b = await t.supplier.next();
    assert.equal(a.headers.get('jakamo-order-number'), first.jakamoOrderNumber);
    assert.equal(b.headers.get('jakamo-order-number'), first.jakamoOrderNumber);
    assert.equal(a.body, b.body);

    const ack = await t.supplier.acknowledge(a.headers.get('x-acknowledge-uri') ?? '');
    assert.equal(ack.status, 200);
    assert.equal(ack.body, '<Info>Message cleared from the queue</Info>');

    const c = await t.supplier.next();
    assert.equal(c.headers.get('jakamo-order-number'), second.jakamoOrderNumber);
    await t.supplier.acknowledge(c.headers.get('x-acknowledge-uri') ?? '');
    assert.equal((await t.supplier.next()).body, noMoreMessages);
  });

  void test('acknowledging an already cleared message again answers 200 (a retried ack is safe)', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.next();
    const url = message.headers.get('x-acknowledge-uri') ?? '';
    const first = await t.supplier.acknowledge(url);
    const again = await t.supplier.acknowledge(url);
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.equal(again.body, '<Info>Message cleared from the queue</Info>');
    const stats = await t.control.stats();
    assert.equal(stats.integrations.demo.queued, 0);
  });

  void test('messages come out oldest first', async () => {
    const placed = [];
    for (let i = 0; i < 5; i += 1)
      placed.push(await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' }));
    const seen = [];
    for (let i = 0; i < 5; i += 1) seen.push((await t.supplier.take()).headers.get('jakamo-order-number'));
    assert.deepEqual(
      seen,
      placed.map((p) => p.jakamoOrderNumber),
    );
  });

  void test('a raw message is queued verbatim, without order headers', async () => {
    const { messageId } = await t.control.enqueueRaw('demo', '<Order><broken');
    assert.ok(messageId);
    const message = await t.supplier.take();
    assert.equal(message.body, '<Order><broken');
    assert.equal(message.headers.get('jakamo-confirm-url'), null);
    assert.equal(message.headers.get('jakamo-order-number'), null);
  });

  void test('raw bytes (not UTF-8, binary) are served byte for byte', async () => {
    const latin1 = Buffer.from('<Order><Name>Äinö</Name></Order>', 'latin1');
    const binary = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x3c]);
    await t.control.enqueueRaw('demo', latin1);
    await t.control.enqueueRaw('demo', binary);
    for (const expected of [latin1, binary]) {
      const response = await fetch(`${t.sandbox.baseUrl}/api/order/response`, {
        headers: { authorization: basicAuth('demo-supplier', 'demo-password') },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), expected);
      assert.equal(response.headers.get('jakamo-order-number'), null);
      const ack = await t.supplier.acknowledge(response.headers.get('x-acknowledge-uri') ?? '');
      assert.equal(ack.status, 200);
    }
    assert.equal((await t.supplier.next()).body, noMoreMessages);
  });

  void test('a raw message may be larger than other control requests (an oversized message for the pipeline)', async () => {
    const big = `<Order>${'x'.repeat(2 * 1024 * 1024)}</Order>`;
    await t.control.enqueueRaw('demo', big);
    const message = await t.supplier.take();
    assert.equal(message.body.length, big.length);
  });

  void test('a raw message that is not base64 or has two bodies is refused with 400', async () => {
    const post = (body: unknown) =>
      fetch(`${t.sandbox.baseUrl}/control/integrations/demo/raw`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post({ bodyBase64: 'not base64!' })).status, 400);
    assert.equal((await post({ bodyBase64: 'QUJD' })).status, 200);
    assert.equal((await post({ body: 'x', bodyBase64: 'QUJD' })).status, 400);
    await t.supplier.take();
  });

  void test('an unknown acknowledge URI is refused with an <error>', async () => {
    const answer = await t.supplier.acknowledge(`${t.sandbox.baseUrl}/api/order/acknowledge/NOPE`);
    assert.equal(answer.status, 400);
    assert.match(answer.body, /^<error>.+<\/error>$/);
  });

  void test('stats count delivered GETs, acknowledgements and queued messages', async () => {
    const before = (await t.control.stats()).integrations.demo;
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await t.supplier.next();
    await t.supplier.next();
    let now = (await t.control.stats()).integrations.demo;
    assert.equal(now.delivered - before.delivered, 2);
    assert.equal(now.queued, 1);
    await t.supplier.take();
    now = (await t.control.stats()).integrations.demo;
    assert.equal(now.acknowledged - before.acknowledged, 1);
    assert.equal(now.queued, 0);
  });
});

void describe('authentication', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  const failed = '<error>Authentication failed.</error>';

  void test('wrong password on every supplier endpoint → 400 "Authentication failed." and counted', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const good = await t.supplier.next();
    const wrong = t.supplier.as('demo-supplier', 'not-the-password');
    const answers = [
      await wrong.next(),
      await wrong.acknowledge(good.headers.get('x-acknowledge-uri') ?? ''),
      await wrong.confirm(good.headers.get('jakamo-confirm-url') ?? ''),
      await wrong.postOrderResponse('<OrderResponse/>'),
      await wrong.putStatus(placed.orderNumber, '<StatusMessage/>'),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 400);
      assert.equal(answer.body, failed);
    }
    assert.equal((await t.control.stats()).integrations.demo.authFailures, 5);
    // Nothing happened: the message is still there and the order is not confirmed.
    assert.equal((await t.supplier.next()).headers.get('jakamo-order-number'), placed.jakamoOrderNumber);
    assert.equal(
      (await t.control.getOrder(placed.jakamoOrderNumber)).status,
      'Waiting for supplier confirmation',
    );
  });

  void test('missing credentials, non-Basic schemes and unknown users → 400 "Authentication failed."', async () => {
    const url = `${t.sandbox.baseUrl}/api/order/response`;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer abc' },
      { authorization: basicAuth('nobody', 'x') },
    ];
    for (const headers of attempts) {
      const response = await fetch(url, { headers });
      assert.equal(response.status, 400);
      assert.equal(await response.text(), failed);
    }
  });
});

void describe('several integrations', () => {
  const second: SandboxIntegrationConfig = {
    id: 'other',
    username: 'other-supplier',
    password: 'other-password',
    supplier: { partyId: 'OTHER-SUPPLIER', name: 'Other Supplier AB' },
    customers: [{ partyId: 'ACME-FI', name: 'Acme Oy' }],
  };
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ integrations: [...demoIntegrations(), second] });
  });
  after(() => t.close());

  void test("each integration sees only its own queue and cannot acknowledge the other one's messages", async () => {
    const demoOrder = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const otherOrder = await t.control.placeOrder('other', { customerPartyId: 'ACME-FI' });
    const other = t.supplier.as('other-supplier', 'other-password');

    const demoHead = await t.supplier.next();
    const otherHead = await other.next();
    assert.equal(demoHead.headers.get('jakamo-order-number'), demoOrder.jakamoOrderNumber);
    assert.equal(otherHead.headers.get('jakamo-order-number'), otherOrder.jakamoOrderNumber);

    const crossAck = await other.acknowledge(demoHead.headers.get('x-acknowledge-uri') ?? '');
    assert.equal(crossAck.status, 400);
    const crossConfirm = await other.confirm(demoHead.headers.get('jakamo-confirm-url') ?? '');
    assert.equal(crossConfirm.status, 400);
    assert.equal((await t.supplier.next()).headers.get('jakamo-order-number'), demoOrder.jakamoOrderNumber);

    await other.take();
    assert.equal((await other.next()).body, noMoreMessages);
    assert.equal((await t.supplier.next()).headers.get('jakamo-order-number'), demoOrder.jakamoOrderNumber);
    assert.equal((await t.control.listOrders('other')).length, 1);
  });

  void test("one integration's password does not open the other one", async () => {
    const answer = await t.supplier.as('other-supplier', 'demo-password').next();
    assert.equal(answer.status, 400);
    assert.equal((await t.control.stats()).integrations.other.authFailures, 1);
  });
});
