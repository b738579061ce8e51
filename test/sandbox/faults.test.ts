import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { FaultInjector, noFaults, parseFaults } from '../../sandbox/faults';
import { demoIntegrations, type SandboxFaults } from '../../sandbox/index';
import {
  basicAuth,
  confirmingResponse,
  orderResponseXml,
  startTestSandbox,
  statusMessageXml,
  type TestSandbox,
} from './helpers';
import { eventually } from '../support/eventually';

const noMore = '<status>No more messages available.</status>';

void describe('fault injection per integration', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ bodyLimitBytes: 4096 });
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.control.setFaults('demo', noFaults);
    while ((await t.supplier.next()).body !== noMore) await t.supplier.take();
  });

  void test('errorRate 1 answers 500 without touching the queue; back to 0 serves again', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.next();
    await t.control.setFaults('demo', { errorRate: 1 });
    const failedGet = await t.supplier.next();
    const failedAck = await t.supplier.acknowledge(message.headers.get('x-acknowledge-uri') ?? '');
    assert.equal(failedGet.status, 500);
    assert.equal(failedAck.status, 500);
    assert.match(failedAck.body, /^<error>/);
    await t.control.setFaults('demo', { errorRate: 0 });
    assert.equal((await t.supplier.next()).headers.get('jakamo-order-number'), placed.jakamoOrderNumber);
    assert.ok((await t.control.stats()).integrations.demo.injectedErrors >= 2);
  });

  void test('authentication is checked before faults: a wrong password still gets "Authentication failed."', async () => {
    await t.control.setFaults('demo', { errorRate: 1 });
    const answer = await t.supplier.as('demo-supplier', 'wrong').next();
    assert.equal(answer.status, 400);
    assert.equal(answer.body, '<error>Authentication failed.</error>');
  });

  void test('dropRate 1 destroys the connection without an answer', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await t.control.setFaults('demo', { dropRate: 1 });
    await assert.rejects(t.supplier.next());
    await t.control.setFaults('demo', { dropRate: 0 });
    assert.equal((await t.supplier.next()).status, 200);
    assert.ok((await t.control.stats()).integrations.demo.droppedConnections >= 1);
  });

  void test('loseNextAcks: the acknowledgement is processed but its answer never arrives; a retry gets 200', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.next();
    const ackUrl = message.headers.get('x-acknowledge-uri') ?? '';
    await t.control.setFaults('demo', { loseNextAcks: 1 });
    await assert.rejects(t.supplier.acknowledge(ackUrl));
    assert.equal((await t.supplier.next()).body, noMore, 'the message was cleared');
    const retry = await t.supplier.acknowledge(ackUrl);
    assert.equal(retry.status, 200);
    assert.equal(retry.body, '<Info>Message cleared from the queue</Info>');
    const faults = await t.control.getFaults('demo');
    assert.equal(faults.loseNextAcks, 0, 'the counter is used up');
    assert.equal((await t.control.stats()).integrations.demo.lostAcks, 1);
  });

  void test('dropNextAcks: the acknowledgement never arrives, so the same message is delivered again', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const first = await t.supplier.next();
    const ackUrl = first.headers.get('x-acknowledge-uri') ?? '';
    await t.control.setFaults('demo', { dropNextAcks: 1 });
    await assert.rejects(t.supplier.acknowledge(ackUrl));
    const again = await t.supplier.next();
    assert.equal(again.body, first.body, 'the message is still at the head of the queue');
    assert.equal((await t.supplier.acknowledge(ackUrl)).status, 200);
    assert.equal((await t.supplier.next()).body, noMore);
    assert.equal((await t.control.getFaults('demo')).dropNextAcks, 0, 'the counter is used up');
  });

  void test('lostAckRate 1 loses every acknowledgement answer while clearing the messages', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE' });
    await t.control.setFaults('demo', { lostAckRate: 1 });
    for (let i = 0; i < 2; i += 1) {
      const message = await t.supplier.next();
      await assert.rejects(t.supplier.acknowledge(message.headers.get('x-acknowledge-uri') ?? ''));
    }
    assert.equal((await t.supplier.next()).body, noMore);
  });

  const demoStats = async () => (await t.control.stats()).integrations.demo;

  /**
   * A confirm whose client gives up while the sandbox holds it: sent, seen held (one more delayed
   * request than `before`), aborted, then given up by the sandbox (one more abandoned request).
   */
  async function confirmGivenUp(
    confirmUrl: string,
    before: { delayedRequests: number; abandonedRequests: number },
  ): Promise<void> {
    const controller = new AbortController();
    const inFlight = fetch(confirmUrl, {
      method: 'POST',
      headers: { authorization: basicAuth('demo-supplier', 'demo-password') },
      signal: controller.signal,
    });
    await eventually('the confirm held', async () =>
      (await demoStats()).delayedRequests === before.delayedRequests + 1 ? true : undefined,
    );
    controller.abort();
    await assert.rejects(inFlight, { name: 'AbortError' });
    await eventually('the sandbox giving up the held confirm', async () =>
      (await demoStats()).abandonedRequests === before.abandonedRequests + 1 ? true : undefined,
    );
  }

  void test('a confirm whose client gives up during the injected latency is never processed', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.take();
    const confirmUrl = message.headers.get('jakamo-confirm-url') ?? '';
    const jakamoOrderNumber = message.headers.get('jakamo-order-number') ?? '';
    const before = await demoStats();
    // Longer than any test: the confirm stays held until its client gives up.
    await t.control.setFaults('demo', { latencyMs: 600_000 });
    await confirmGivenUp(confirmUrl, before);
    const order = await t.control.getOrder(jakamoOrderNumber);
    assert.equal(order.confirmations, 0, 'the aborted confirm did not get through');
    assert.equal(order.status, 'Waiting for supplier confirmation');
    assert.equal(order.documents.length, 0);

    await t.control.setFaults('demo', { latencyMs: 50 });
    const confirmed = await t.supplier.confirm(confirmUrl);
    assert.equal(confirmed.status, 200, 'a request that waits out the latency is served');
    const after = await demoStats();
    assert.equal(after.delayedRequests, before.delayedRequests + 2, 'the served confirm was held too');
    assert.equal(after.abandonedRequests, before.abandonedRequests + 1);
    assert.equal((await t.control.getOrder(jakamoOrderNumber)).confirmations, 1);
  });

  void test('holdNextDocuments: the next confirm waits unprocessed until its client goes; the one after is served at once', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const message = await t.supplier.take();
    const confirmUrl = message.headers.get('jakamo-confirm-url') ?? '';
    const jakamoOrderNumber = message.headers.get('jakamo-order-number') ?? '';
    const before = await demoStats();
    await t.control.setFaults('demo', { holdNextDocuments: 1 });
    // Queue requests are not held: only the documents are.
    assert.equal((await t.supplier.next()).body, noMore);
    await confirmGivenUp(confirmUrl, before);
    assert.equal((await t.control.getOrder(jakamoOrderNumber)).confirmations, 0, 'never processed');

    const confirmed = await t.supplier.confirm(confirmUrl);
    assert.equal(confirmed.status, 200, 'only the next document was held');
    assert.equal((await t.control.getOrder(jakamoOrderNumber)).confirmations, 1);
    assert.equal((await demoStats()).delayedRequests, before.delayedRequests + 1);
  });

  void test('loseNextAnswers: confirm, OrderResponse and PUT are processed but their answers never arrive', async () => {
    const lostBefore = (await t.control.stats()).integrations.demo.lostAnswers;
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    const message = await t.supplier.take();
    const confirmUrl = message.headers.get('jakamo-confirm-url') ?? '';
    await t.control.setFaults('demo', { loseNextAnswers: 3 });

    await assert.rejects(t.supplier.confirm(confirmUrl));
    let order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.confirmations, 1, 'the confirmation was processed');
    assert.equal(order.status, 'Confirmed');

    await assert.rejects(t.supplier.postOrderResponse(confirmingResponse(order)));
    order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.orderResponses, 1, 'the OrderResponse was processed');

    await assert.rejects(
      t.supplier.putStatus(placed.orderNumber, statusMessageXml(placed.orderNumber, 'Delivered')),
    );
    assert.equal((await t.control.getOrder(placed.jakamoOrderNumber)).status, 'Delivered');

    assert.equal((await t.control.getFaults('demo')).loseNextAnswers, 0, 'the counter is used up');
    assert.equal((await t.control.stats()).integrations.demo.lostAnswers, lostBefore + 3);
    // Queue requests and acknowledgements are not affected.
    assert.equal((await t.supplier.next()).status, 200);
    const again = await t.supplier.putStatus(
      placed.orderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered'),
    );
    assert.equal(again.status, 200, 'the next answer arrives again');
  });

  void test('lostAnswerRate 1: every confirm, OrderResponse and Delivered PUT is processed and recorded on its order, and the client sees only a dropped connection', async () => {
    const lostBefore = (await t.control.stats()).integrations.demo.lostAnswers;
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    const message = await t.supplier.take();
    const confirmUrl = message.headers.get('jakamo-confirm-url') ?? '';
    await t.control.setFaults('demo', { lostAnswerRate: 1 });

    await assert.rejects(t.supplier.confirm(confirmUrl), { name: 'TypeError', message: 'fetch failed' });
    let order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.confirmations, 1, 'the confirmation was processed');
    assert.equal(order.status, 'Confirmed');

    await assert.rejects(t.supplier.postOrderResponse(confirmingResponse(order)), {
      message: 'fetch failed',
    });
    assert.equal(
      (await t.control.getOrder(placed.jakamoOrderNumber)).orderResponses,
      1,
      'the OrderResponse was processed',
    );

    await assert.rejects(
      t.supplier.putStatus(placed.orderNumber, statusMessageXml(placed.orderNumber, 'Delivered')),
      { message: 'fetch failed' },
    );
    order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.status, 'Delivered', 'the PUT was processed');

    // The order keeps every request with the answer it would have had, marked as lost.
    assert.deepEqual(
      order.documents.map((document) => [document.kind, document.httpStatus, document.answerLost]),
      [
        ['Confirm', 200, true],
        ['OrderResponse', 200, true],
        ['StatusMessage', 200, true],
      ],
    );
    assert.equal((await t.control.stats()).integrations.demo.lostAnswers, lostBefore + 3);
    // Queue GETs and acknowledgements are not affected.
    await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE' });
    assert.equal((await t.supplier.take()).status, 200);
  });

  void test('lostAnswerRate also eats the answer of a refused request (processed: Jakamo said no, the supplier never hears it)', async () => {
    await t.control.setFaults('demo', { lostAnswerRate: 1 });
    const orphan = orderResponseXml({
      id: 'OR-X',
      issueDate: '2026-01-01',
      orderReference: 'NO-SUCH-ORDER',
      buyerId: 'ACME-FI',
      sellerContactId: 'SELLER-1',
      lines: [{ lineId: '1', quantity: '1', price: '1' }],
    });
    const before = (await t.control.stats()).integrations.demo;
    await assert.rejects(t.supplier.postOrderResponse(orphan), { message: 'fetch failed' });
    const after = (await t.control.stats()).integrations.demo;
    assert.equal(after.orderResponsesRejected, before.orderResponsesRejected + 1);
    assert.equal(after.lostAnswers, before.lostAnswers + 1);
  });

  void test('lostAnswerRate 0.5 with a seed: some answers lost, some not, and the same seed repeats the pattern', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 1 });
    const confirmUrl = (await t.supplier.take()).headers.get('jakamo-confirm-url') ?? '';
    const pattern = async () => {
      await t.control.setFaults('demo', { lostAnswerRate: 0.5, seed: 7 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        outcomes.push(
          await t.supplier.confirm(confirmUrl).then(
            (answer) => String(answer.status),
            () => 'lost',
          ),
        );
      }
      return outcomes;
    };
    const first = await pattern();
    assert.ok(first.includes('lost') && first.includes('200'), first.join(','));
    assert.deepEqual(await pattern(), first);
    // Every one was processed: 24 confirmations, the lost ones marked on the order.
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(order.confirmations, 24);
    assert.equal(
      order.documents.filter((document) => document.answerLost === true).length,
      first.filter((outcome) => outcome === 'lost').length * 2,
    );
  });

  void test('answerDelayMs: the confirm is processed at once and its answer held; a client that gives up in that window leaves it done', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    const confirmUrl = (await t.supplier.take()).headers.get('jakamo-confirm-url') ?? '';
    const delayedBefore = (await t.control.stats()).integrations.demo.delayedAnswers;
    // Longer than any test: the answer stays held until its client gives up.
    await t.control.setFaults('demo', { answerDelayMs: 600_000 });
    const controller = new AbortController();
    const inFlight = fetch(confirmUrl, {
      method: 'POST',
      headers: { authorization: basicAuth('demo-supplier', 'demo-password') },
      signal: controller.signal,
    });
    const order = await eventually('the confirm processed', async () => {
      const current = await t.control.getOrder(placed.jakamoOrderNumber);
      return current.confirmations === 1 ? current : undefined;
    });
    assert.equal(order.status, 'Confirmed', 'processed while the answer is still held');
    controller.abort();
    await assert.rejects(inFlight, { name: 'AbortError' });

    // A client that waits gets the answer, late.
    await t.control.setFaults('demo', { answerDelayMs: 50 });
    const again = await t.supplier.confirm(confirmUrl);
    assert.equal(again.status, 200);
    assert.equal(
      (await t.control.stats()).integrations.demo.delayedAnswers,
      delayedBefore + 2,
      'both answers were held',
    );
    assert.equal((await t.control.getOrder(placed.jakamoOrderNumber)).confirmations, 2);
  });

  void test('maxBodyBytes answers 413 with a clear body for larger requests', async () => {
    await t.control.setFaults('demo', { maxBodyBytes: 100 });
    const answer = await t.supplier.postOrderResponse(`<OrderResponse>${'x'.repeat(200)}</OrderResponse>`);
    assert.equal(answer.status, 413);
    assert.match(
      answer.body,
      /^<error>Request body of \d+ bytes is larger than the limit of 100 bytes\.<\/error>$/,
    );
  });

  void test('the server-wide body limit answers 413 with a clear body', async () => {
    const answer = await t.supplier.postOrderResponse(`<OrderResponse>${'x'.repeat(5000)}</OrderResponse>`);
    assert.equal(answer.status, 413);
    assert.equal(answer.body, '<error>Request body is larger than the limit of 4096 bytes.</error>');
  });

  void test('latency with jitter still serves the request', async () => {
    const delayedBefore = (await t.control.stats()).integrations.demo.delayedRequests;
    await t.control.setFaults('demo', { latencyMs: 20, jitterMs: 20 });
    assert.equal((await t.supplier.next()).status, 200);
    assert.equal((await t.control.stats()).integrations.demo.delayedRequests, delayedBefore + 1);
  });

  void test('the same seed repeats the same fault pattern', async () => {
    const pattern = async () => {
      await t.control.setFaults('demo', { errorRate: 0.5, seed: 99 });
      const statuses = [];
      for (let i = 0; i < 16; i += 1) statuses.push((await t.supplier.next()).status);
      return statuses;
    };
    const first = await pattern();
    assert.ok(first.includes(500) && first.includes(200), first.join(','));
    assert.deepEqual(await pattern(), first);
  });

  void test('invalid fault settings and unknown integrations are refused', async () => {
    await assert.rejects(t.control.setFaults('demo', { errorRate: 2 }), /400/);
    await assert.rejects(t.control.setFaults('nope', { errorRate: 0 }), /404/);
    await assert.rejects(t.control.setFaults('demo', { loseNextAnswers: -1 }), /400/);
    await assert.rejects(t.control.setFaults('demo', { lostAnswerRate: 1.5 }), /400/);
    await assert.rejects(t.control.setFaults('demo', { answerDelayMs: -1 }), /400/);
    await assert.rejects(
      t.control.setFaults('demo', { lostAnswersRate: 0.1 } as Partial<SandboxFaults>),
      /400.*lostAnswersRate/,
      'a misspelt fault is refused, never silently ignored',
    );
  });
});

void describe('fault isolation', () => {
  void test('faults set on one integration do not affect another', async () => {
    const t = await startTestSandbox({
      integrations: [
        ...demoIntegrations(),
        {
          id: 'calm',
          username: 'calm-supplier',
          password: 'calm-password',
          supplier: { partyId: 'CALM', name: 'Calm Oy' },
          customers: [{ partyId: 'ACME-FI', name: 'Acme Oy' }],
        },
      ],
    });
    try {
      await t.control.setFaults('demo', { errorRate: 1 });
      assert.equal((await t.supplier.next()).status, 500);
      assert.equal((await t.supplier.as('calm-supplier', 'calm-password').next()).status, 200);
    } finally {
      await t.close();
    }
  });
});

void describe('faults from the start (configuration, startSandbox, CLI)', () => {
  void test("an integration's configured faults and startSandbox's faults apply from the first request", async () => {
    const [demo] = demoIntegrations();
    const t = await startTestSandbox({
      integrations: [{ ...demo, faults: { lostAnswerRate: 0.25, seed: 5 } }],
      faults: { answerDelayMs: 10 },
    });
    try {
      const faults = await t.control.getFaults('demo');
      assert.equal(faults.lostAnswerRate, 0.25);
      assert.equal(faults.seed, 5);
      assert.equal(faults.answerDelayMs, 10);
    } finally {
      await t.close();
    }
  });

  void test('fault settings are read strictly: JSON text or an object, unknown keys and bad values named', () => {
    assert.deepEqual(parseFaults('{"lostAnswerRate":0.1,"seed":3}', '--faults'), {
      lostAnswerRate: 0.1,
      seed: 3,
    });
    assert.throws(() => parseFaults('{"lostAnswerRate":2}', '--faults'), /--faults: lostAnswerRate/);
    assert.throws(() => parseFaults('{"lostAnswer":1}', '--faults'), /--faults: .*lostAnswer/);
    assert.throws(() => parseFaults('lostAnswerRate=1', '--faults'), /--faults: not JSON/);
  });
});

void describe('FaultInjector', () => {
  void test('delay is latency plus jitter within [latency, latency + jitter]', () => {
    const injector = new FaultInjector();
    injector.update({ latencyMs: 100, jitterMs: 50, seed: 3 });
    const delays = Array.from({ length: 200 }, () => injector.delayMs());
    assert.ok(delays.every((d) => d >= 100 && d <= 150));
    assert.ok(new Set(delays).size > 10, 'jitter varies');
  });

  void test('rates outside 0..1 are refused', () => {
    assert.throws(() => new FaultInjector().update({ dropRate: -0.1 }), RangeError);
    assert.throws(() => new FaultInjector().update({ lostAnswerRate: 1.1 }), RangeError);
  });

  void test('loseNextAnswers is used up before the lostAnswerRate dice are thrown', () => {
    const injector = new FaultInjector();
    injector.update({ loseNextAnswers: 2, lostAnswerRate: 0 });
    assert.deepEqual(
      [injector.loseThisAnswer(), injector.loseThisAnswer(), injector.loseThisAnswer()],
      [true, true, false],
    );
    injector.update({ lostAnswerRate: 1 });
    assert.equal(injector.loseThisAnswer(), true);
  });
});
