import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmingResponse, startTestSandbox, statusMessageXml, type TestSandbox } from './helpers';

void describe('customer actions', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  async function confirmedOrder(lines = 3) {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines });
    const message = await t.supplier.take();
    await t.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    return t.control.getOrder(placed.jakamoOrderNumber);
  }

  /** An order whose supplier proposed a different quantity on line 1. */
  async function proposedOrder() {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    await t.supplier.take();
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    const lines = order.lines.map((line, i) => ({
      lineId: line.lineId,
      ...line.requested,
      ...(i === 0 ? { quantity: '1' } : {}),
    }));
    await t.supplier.postOrderResponse(confirmingResponse(order, { lines }));
    return t.control.getOrder(placed.jakamoOrderNumber);
  }

  void test('a change queues an OrderChange with the next SequenceNumberID and waits for the supplier', async () => {
    const order = await confirmedOrder();
    await t.control.changeOrder(order.jakamoOrderNumber, {
      lines: [{ lineId: '1', quantity: '77' }],
      note: 'More please',
    });
    const message = await t.supplier.next();
    assert.match(message.body, /<OrderChange /);
    assert.match(message.body, /<cbc:SequenceNumberID>1<\/cbc:SequenceNumberID>/);
    assert.match(message.body, new RegExp(`<cac:OrderReference>\\s*<cbc:ID>${order.orderNumber}</cbc:ID>`));
    assert.match(message.body, /<cbc:Quantity unitCode="EA">77<\/cbc:Quantity>/);
    assert.equal(message.headers.get('jakamo-order-number'), order.jakamoOrderNumber);
    assert.ok(message.headers.get('jakamo-confirm-url'), 'OrderChange carries a confirm URL');
    const state = await t.control.getOrder(order.jakamoOrderNumber);
    assert.equal(state.status, 'Waiting for supplier confirmation');
    assert.equal(state.lines[0].requested.quantity, '77');

    await t.supplier.acknowledge(message.headers.get('x-acknowledge-uri') ?? '');
    await t.control.changeOrder(order.jakamoOrderNumber, { lines: [{ lineId: '2', quantity: '3' }] });
    assert.match((await t.supplier.take()).body, /<cbc:SequenceNumberID>2<\/cbc:SequenceNumberID>/);

    await t.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    assert.equal((await t.control.getOrder(order.jakamoOrderNumber)).status, 'Confirmed');
  });

  void test('quantity 0 or LineStatusCode Cancelled cancels lines; cancelling every line cancels the order', async () => {
    const order = await confirmedOrder(3);
    await t.control.changeOrder(order.jakamoOrderNumber, {
      lines: [
        { lineId: '1', quantity: '0' },
        { lineId: '2', cancel: true },
      ],
    });
    const message = await t.supplier.take();
    assert.equal(
      (message.body.match(/<cbc:LineStatusCode>Cancelled<\/cbc:LineStatusCode>/g) ?? []).length,
      2,
    );
    let state = await t.control.getOrder(order.jakamoOrderNumber);
    assert.deepEqual(
      state.lines.map((l) => l.status),
      ['Cancelled', 'Cancelled', 'Confirmed'],
    );
    // The untouched line keeps its confirmation; the order waits for the supplier to answer the change.
    assert.equal(state.status, 'Waiting for supplier confirmation');
    await t.control.changeOrder(order.jakamoOrderNumber, { lines: [{ lineId: '3', quantity: '0' }] });
    await t.supplier.take();
    state = await t.control.getOrder(order.jakamoOrderNumber);
    assert.equal(state.status, 'Cancelled');
  });

  void test('a LineStatusCode given with the change is written verbatim; the UN/CEFACT code 2 cancels the line', async () => {
    const order = await confirmedOrder(3);
    await t.control.changeOrder(order.jakamoOrderNumber, {
      lines: [
        { lineId: '1', lineStatusCode: '2' },
        { lineId: '2', quantity: '0' },
      ],
    });
    const message = await t.supplier.take();
    const statusCodes = [...message.body.matchAll(/<cbc:LineStatusCode>([^<]*)<\/cbc:LineStatusCode>/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(statusCodes, ['2', 'Cancelled'], 'line 1 as given, line 2 the default');
    const state = await t.control.getOrder(order.jakamoOrderNumber);
    assert.deepEqual(
      state.lines.map((l) => l.status),
      ['Cancelled', 'Cancelled', 'Confirmed'],
    );

    // In a later change the line cancelled with "2" is written with the default code again.
    await t.control.changeOrder(order.jakamoOrderNumber, { lines: [{ lineId: '3', quantity: '4' }] });
    const later = await t.supplier.take();
    assert.equal((later.body.match(/<cbc:LineStatusCode>Cancelled<\/cbc:LineStatusCode>/g) ?? []).length, 2);
    await assert.rejects(
      t.control.changeOrder(order.jakamoOrderNumber, {
        lines: [{ lineId: '3', lineStatusCode: '<bad>' }],
      }),
      /400.*lineStatusCode/,
    );
  });

  void test('cancelling as an OrderCancellation queues a UBL OrderCancellation instead of the StatusMessage', async () => {
    const order = await confirmedOrder();
    const cancelled = await t.control.cancelOrder(
      order.jakamoOrderNumber,
      'Project stopped',
      'OrderCancellation',
    );
    assert.equal(cancelled.status, 'Cancelled');
    const message = await t.supplier.take();
    assert.match(
      message.body,
      /<OrderCancellation xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderCancellation-2"/,
    );
    assert.match(message.body, /<cbc:CancellationNote>Project stopped<\/cbc:CancellationNote>/);
    assert.match(message.body, new RegExp(`<cac:OrderReference>\\s*<cbc:ID>${order.orderNumber}</cbc:ID>`));
    assert.equal(message.headers.get('jakamo-order-number'), order.jakamoOrderNumber);
    assert.equal(message.headers.get('jakamo-confirm-url'), null);
    await assert.rejects(
      t.control.cancelOrder(order.jakamoOrderNumber, undefined, 'OrderCancellation'),
      /409/,
    );
  });

  void test('cancelling the whole order queues a StatusMessage "Cancelled" without a confirm URL', async () => {
    const order = await confirmedOrder();
    await t.control.cancelOrder(order.jakamoOrderNumber, 'Project stopped');
    const message = await t.supplier.take();
    assert.match(message.body, /<StatusMessage xmlns="urn:jakamo:statusmessage:assumed:1">/);
    assert.match(message.body, new RegExp(`<OrderID>${order.orderNumber}</OrderID>`));
    assert.match(message.body, /<Status>Cancelled<\/Status>/);
    assert.match(message.body, /<Note>Project stopped<\/Note>/);
    assert.equal(message.headers.get('jakamo-order-number'), order.jakamoOrderNumber);
    assert.equal(message.headers.get('jakamo-confirm-url'), null);
    const state = await t.control.getOrder(order.jakamoOrderNumber);
    assert.equal(state.status, 'Cancelled');
    assert.ok(state.lines.every((line) => line.status === 'Cancelled'));
    await assert.rejects(t.control.cancelOrder(order.jakamoOrderNumber), /409/);
  });

  void test('accepting the proposal queues an OrderChange equal to it and confirms the order', async () => {
    const order = await proposedOrder();
    assert.equal(order.status, 'Waiting for customer action');
    const accepted = await t.control.acceptProposal(order.jakamoOrderNumber);
    assert.equal(accepted.status, 'Confirmed');
    assert.equal(accepted.lines[0].requested.quantity, '1');
    const message = await t.supplier.take();
    assert.match(message.body, /<OrderChange /);
    assert.match(message.body, /<cbc:Quantity unitCode="EA">1<\/cbc:Quantity>/);
  });

  void test('rejecting the proposal restates the request and waits for the supplier again', async () => {
    const order = await proposedOrder();
    const requested = order.lines[0].requested.quantity;
    const rejected = await t.control.rejectProposal(order.jakamoOrderNumber);
    assert.equal(rejected.status, 'Waiting for supplier confirmation');
    const message = await t.supplier.take();
    assert.match(message.body, new RegExp(`<cbc:Quantity unitCode="EA">${requested}</cbc:Quantity>`));
    await t.supplier.postOrderResponse(confirmingResponse(rejected));
    assert.equal((await t.control.getOrder(order.jakamoOrderNumber)).status, 'Confirmed');
  });

  void test('accept or reject without a pending proposal is refused', async () => {
    const order = await confirmedOrder();
    await assert.rejects(t.control.acceptProposal(order.jakamoOrderNumber), /409/);
    await assert.rejects(t.control.rejectProposal(order.jakamoOrderNumber), /409/);
  });
});

void describe('restricted OrderChange messages (seed 6.4)', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  void test('a restricted change does not reach the queue but the order still waits for the supplier', async () => {
    await t.control.restrictOrderChanges('demo', true);
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await t.supplier.take();
    const state = await t.control.changeOrder(placed.jakamoOrderNumber, {
      lines: [{ lineId: '1', quantity: '9' }],
    });
    assert.equal(state.status, 'Waiting for supplier confirmation');
    assert.equal((await t.supplier.next()).body, '<status>No more messages available.</status>');
    await t.control.restrictOrderChanges('demo', false);
    await t.control.changeOrder(placed.jakamoOrderNumber, { lines: [{ lineId: '1', quantity: '8' }] });
    assert.match((await t.supplier.take()).body, /<OrderChange /);
  });
});

void describe('PUT /api/order/{orderNumber}: StatusMessage "Delivered"', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  async function confirmedOrder() {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE', lines: 3 });
    const message = await t.supplier.take();
    await t.supplier.confirm(message.headers.get('jakamo-confirm-url') ?? '');
    return placed;
  }

  void test('lines delivered one by one, the order becomes Delivered with the last one', async () => {
    const placed = await confirmedOrder();
    let answer = await t.supplier.putStatus(
      placed.orderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered', ['1', '2']),
    );
    assert.equal(answer.status, 200);
    let state = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.deepEqual(
      state.lines.map((l) => l.status),
      ['Delivered', 'Delivered', 'Confirmed'],
    );
    assert.equal(state.status, 'Confirmed');
    assert.equal(state.lines[0].delivered?.quantity, state.lines[0].confirmed?.quantity);
    answer = await t.supplier.putStatus(
      placed.orderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered', ['3']),
    );
    state = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(state.status, 'Delivered');
    assert.equal(state.documents.filter((d) => d.kind === 'StatusMessage').length, 2);
  });

  void test('no LineID delivers the whole order; the Jakamo order number works in the path too', async () => {
    const placed = await confirmedOrder();
    const answer = await t.supplier.putStatus(
      placed.jakamoOrderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered'),
    );
    assert.equal(answer.status, 200);
    const state = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.equal(state.status, 'Delivered');
    assert.ok(state.lines.every((l) => l.status === 'Delivered'));
    assert.equal(state.documents.filter((d) => d.kind === 'StatusMessage' && d.httpStatus === 200).length, 1);
  });

  void test('unknown order, unknown line, other statuses and a cancelled order are refused', async () => {
    const placed = await confirmedOrder();
    let answer = await t.supplier.putStatus('NO-SUCH', statusMessageXml('NO-SUCH', 'Delivered'));
    assert.equal(answer.status, 400);
    assert.equal(answer.body, '<error>Cannot find order.</error>');
    answer = await t.supplier.putStatus(
      placed.orderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered', ['99']),
    );
    assert.equal(answer.status, 400);
    answer = await t.supplier.putStatus(placed.orderNumber, statusMessageXml(placed.orderNumber, 'Shipped'));
    assert.equal(answer.body, '<error>Unsupported status "Shipped".</error>');
    answer = await t.supplier.putStatus(placed.orderNumber, '<NotAStatusMessage/>');
    assert.equal(answer.status, 500);
    await t.control.cancelOrder(placed.jakamoOrderNumber);
    answer = await t.supplier.putStatus(
      placed.orderNumber,
      statusMessageXml(placed.orderNumber, 'Delivered'),
    );
    assert.equal(answer.body, '<error>Order is cancelled.</error>');
    assert.equal((await t.control.getOrder(placed.jakamoOrderNumber)).status, 'Cancelled');
  });
});
