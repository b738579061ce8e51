import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { NeedsAttention } from '../../domain/search-attributes';
import type { PlacedOrder } from '../../sandbox';
import { buildOrderXml } from '../../sandbox/ubl-documents';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  orderStateQuery,
  resolveOrderUpdate,
  retryOrderUpdate,
} from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';
import { keyOf, orderHandle, settledIn, untilOrder } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { recordHistoryForReplay } from '../support/replay-histories';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

/**
 * The order's whole life end to end: the worker on the run's dev server, the sandbox over HTTP
 * playing Jakamo and the customer, the reference ERP in SQLite. One test per path.
 */
const testbed = devServerTestbed();

type Orders = NonNullable<Parameters<typeof startPipeline>[2]>['orders'];

async function withPipeline(
  orders: Orders,
  run: (pipeline: PipelineUnderTest) => Promise<void>,
): Promise<void> {
  const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { orders });
  try {
    await pipeline.startIntake();
    await run(pipeline);
  } finally {
    await pipeline.close();
  }
}

async function placeOrder(pipeline: PipelineUnderTest, lines = 2, seed = 1): Promise<PlacedOrder> {
  return pipeline.control.placeOrder(pipeline.integration, {
    customerPartyId: pipeline.customers[0],
    lines,
    seed,
  });
}

async function erpLines(pipeline: PipelineUnderTest, placed: PlacedOrder) {
  return pipeline.db
    .selectFrom('sales_order_lines')
    .selectAll()
    .where('order_key', '=', keyOf(pipeline, placed))
    .orderBy('position')
    .execute();
}

async function erpOrder(pipeline: PipelineUnderTest, placed: PlacedOrder) {
  return pipeline.db
    .selectFrom('sales_orders')
    .selectAll()
    .where('order_key', '=', keyOf(pipeline, placed))
    .executeTakeFirstOrThrow();
}

async function outboundRows(pipeline: PipelineUnderTest, placed: PlacedOrder) {
  return pipeline.db
    .selectFrom('outbound_documents')
    .selectAll()
    .where('order_key', '=', keyOf(pipeline, placed))
    .orderBy('first_attempt_at')
    .execute();
}

const sandboxStatus = (pipeline: PipelineUnderTest, placed: PlacedOrder, status: string) =>
  eventually(`Jakamo shows ${placed.jakamoOrderNumber} ${status}`, async () => {
    const order = await pipeline.control.getOrder(placed.jakamoOrderNumber);
    return order.status === status ? order : undefined;
  });

void describe('the order lifecycle end to end (dev server, sandbox, SQLite)', () => {
  void test('the ERP confirms as requested: one simple confirmation with the note, Confirmed in Jakamo and the ERP', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 2, 11);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));

      const answer = await handle.executeUpdate(confirmOrderUpdate, {
        args: [{ note: 'Thank you, we confirm.' }],
      });
      assert.match(answer.decided, /simple confirmation/);
      const state = await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      assert.ok(state.lines.every((line) => line.status === 'Confirmed' && line.confirmed !== undefined));

      const jakamo = await sandboxStatus(pipeline, placed, 'Confirmed');
      assert.equal(jakamo.confirmations, 1);
      assert.equal(jakamo.orderResponses, 0);
      assert.ok(jakamo.comments.some((comment) => comment.includes('Thank you, we confirm.')));
      assert.deepEqual(
        (await erpLines(pipeline, placed)).map((line) => line.confirmation),
        ['confirmed', 'confirmed'],
      );
      const outbound = await outboundRows(pipeline, placed);
      assert.equal(outbound.length, 1);
      assert.equal(outbound[0].kind, 'SimpleConfirm');
      assert.equal(outbound[0].status, 'answered');
      assert.equal(outbound[0].http_status, 200);
      assert.match(outbound[0].body, /Note=Thank/);
      assert.deepEqual(
        state.outbound.map((entry) => [entry.kind, entry.outcome, entry.httpStatus]),
        [['SimpleConfirm', 'accepted', 200]],
      );
      await recordHistoryForReplay(handle, 'confirm-as-requested');
    });
  });

  void test('the ERP confirms a changed quantity: a proposal, the customer accepts, the order is Confirmed with the new terms', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 2, 12);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      const requested = (await pipeline.control.getOrder(placed.jakamoOrderNumber)).lines[0].requested;
      const proposed = String(Number(requested.quantity) + 5);

      const answer = await handle.executeUpdate(confirmOrderUpdate, {
        args: [{ lines: [{ lineId: '1', quantity: proposed }], note: 'Line 1 comes in full boxes.' }],
      });
      assert.match(answer.decided, /propose changes to line 1/);
      const waiting = await untilOrder(handle, 'waiting for the customer', settledIn('WaitingForCustomer'));
      assert.equal(waiting.lines[0].status, 'Proposed');
      assert.equal(waiting.lines[0].confirmed?.quantity, proposed);
      assert.equal(waiting.lines[1].status, 'Confirmed');
      const proposal = await sandboxStatus(pipeline, placed, 'Waiting for customer action');
      assert.equal(proposal.orderResponses, 1);
      assert.equal(proposal.lines[0].confirmed?.quantity, proposed);
      const [response] = await outboundRows(pipeline, placed);
      assert.equal(response.kind, 'OrderResponse');
      assert.match(response.body, /<cbc:LineStatusCode>3<\/cbc:LineStatusCode>/);
      assert.match(response.body, /<cbc:OrderResponseCode>CA<\/cbc:OrderResponseCode>/);

      await pipeline.control.acceptProposal(placed.jakamoOrderNumber);
      const confirmed = await untilOrder(handle, 'confirmed after acceptance', settledIn('Confirmed'));
      assert.equal(confirmed.lines[0].requested.quantity, proposed);
      assert.ok(confirmed.lines.every((line) => line.status === 'Confirmed'));
      assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).status, 'Confirmed');
      const lines = await erpLines(pipeline, placed);
      assert.equal(lines[0].quantity, proposed, 'the ERP has the accepted quantity');
      assert.deepEqual(
        lines.map((line) => line.confirmation),
        ['confirmed', 'confirmed'],
      );
      await recordHistoryForReplay(handle, 'proposal-accepted');
    });
  });

  void test('the customer rejects the proposal: WaitingForSupplier until the ERP confirms again', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 1, 13);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      await handle.executeUpdate(confirmOrderUpdate, {
        args: [{ lines: [{ lineId: '1', deliveryDate: '2030-01-15' }] }],
      });
      await untilOrder(handle, 'waiting for the customer', settledIn('WaitingForCustomer'));
      await pipeline.control.rejectProposal(placed.jakamoOrderNumber);
      const rejected = await untilOrder(handle, 'waiting for the supplier', settledIn('WaitingForSupplier'));
      assert.equal(rejected.lines[0].status, 'Open');

      await handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      const jakamo = await sandboxStatus(pipeline, placed, 'Confirmed');
      assert.equal(jakamo.orderResponses, 1, 'the proposal');
      assert.equal(jakamo.confirmations, 1, 'the confirmation after the rejection');
      await recordHistoryForReplay(handle, 'proposal-rejected');
    });
  });

  void test('a customer change to a confirmed order is applied to the ERP and confirmed again (policy auto)', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 2, 14);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [{ lineId: '1', quantity: '7', price: '9.90' }],
      });
      const state = await untilOrder(
        handle,
        're-confirmed after the change',
        (s) => settledIn('Confirmed')(s) && s.lastSequenceNumber === '1',
      );
      assert.equal(state.lines[0].requested.quantity, '7');
      assert.equal(state.lines[0].confirmed?.price, '9.90');
      assert.ok(state.history.some((entry) => entry.status === 'Changed'));
      assert.deepEqual(
        state.documents.map((document) => [document.kind, document.outcome]),
        [
          ['Order', 'applied'],
          ['OrderChange', 'applied'],
        ],
      );
      const jakamo = await sandboxStatus(pipeline, placed, 'Confirmed');
      assert.equal(jakamo.confirmations, 2);
      const [line1] = await erpLines(pipeline, placed);
      assert.equal(line1.quantity, '7');
      assert.equal(line1.price, '9.90');
      assert.equal((await erpOrder(pipeline, placed)).last_change_sequence, '1');
      await recordHistoryForReplay(handle, 'customer-change-auto');
    });
  });

  void test('a customer change to a confirmed order waits for the ERP (policy erp)', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 2, 15);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      await handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [{ lineId: '2', deliveryDate: '2031-03-03' }],
      });
      const changed = await untilOrder(
        handle,
        'awaiting the ERP again',
        settledIn('AwaitingErpConfirmation'),
      );
      assert.equal(changed.lines[1].requested.deliveryDate, '2031-03-03');
      assert.equal(changed.lines[1].status, 'Open');
      assert.equal((await erpLines(pipeline, placed))[1].requested_delivery_date, '2031-03-03');
      assert.equal(
        (await pipeline.control.getOrder(placed.jakamoOrderNumber)).confirmations,
        1,
        'nothing confirmed yet',
      );
      await handle.executeUpdate(confirmOrderUpdate, { args: [{}] });
      await untilOrder(handle, 'confirmed again', settledIn('Confirmed'));
      assert.equal((await sandboxStatus(pipeline, placed, 'Confirmed')).confirmations, 2);
    });
  });

  void test('lines cancelled by quantity 0, by LineStatusCode Cancelled and by code 2 are cancelled in the ERP', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 4, 16);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [
          { lineId: '1', quantity: '0' },
          { lineId: '2', cancel: true },
          { lineId: '3', lineStatusCode: '2' },
        ],
      });
      const state = await untilOrder(
        handle,
        'confirmed after the cancellations',
        (s) => settledIn('Confirmed')(s) && s.lastSequenceNumber === '1',
      );
      assert.deepEqual(
        state.lines.map((line) => line.status),
        ['Cancelled', 'Cancelled', 'Cancelled', 'Confirmed'],
      );
      assert.deepEqual(
        (await erpLines(pipeline, placed)).map((line) => line.status),
        ['Cancelled', 'Cancelled', 'Cancelled', 'Confirmed'],
      );
      const change = await pipeline.db
        .selectFrom('inbound_messages')
        .select('raw_xml')
        .where('integration', '=', pipeline.integration)
        .where('document_kind', '=', 'OrderChange')
        .executeTakeFirstOrThrow();
      assert.match(
        change.raw_xml,
        /<cbc:LineStatusCode>2<\/cbc:LineStatusCode>/,
        'the customer really used code 2',
      );
      assert.match(change.raw_xml, /<cbc:LineStatusCode>Cancelled<\/cbc:LineStatusCode>/);
      await recordHistoryForReplay(handle, 'lines-cancelled');
    });
  });

  void test('the customer cancels whole orders (StatusMessage, OrderCancellation, last open line): the ERP is told, the orders are Cancelled', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const [byStatus, byCancellation, byLastLine] = [
        await placeOrder(pipeline, 2, 17),
        await placeOrder(pipeline, 2, 18),
        await placeOrder(pipeline, 1, 19),
      ];
      for (const placed of [byStatus, byCancellation, byLastLine]) {
        await untilOrder(orderHandle(testbed.env, pipeline, placed), 'confirmed', settledIn('Confirmed'));
      }
      await pipeline.control.cancelOrder(byStatus.jakamoOrderNumber, 'project stopped');
      await pipeline.control.cancelOrder(
        byCancellation.jakamoOrderNumber,
        'wrong supplier',
        'OrderCancellation',
      );
      await pipeline.control.changeOrder(byLastLine.jakamoOrderNumber, {
        lines: [{ lineId: '1', quantity: '0' }],
      });
      for (const [placed, kind] of [
        [byStatus, 'StatusMessage'],
        [byCancellation, 'OrderCancellation'],
        [byLastLine, 'OrderChange'],
      ] as const) {
        const handle = orderHandle(testbed.env, pipeline, placed);
        const state = await untilOrder(handle, 'cancelled', settledIn('Cancelled'));
        assert.ok(state.lines.every((line) => line.status === 'Cancelled'));
        assert.equal(state.documents.at(-1)?.kind, kind);
        assert.equal(state.documents.at(-1)?.outcome, 'applied');
        const erp = await erpOrder(pipeline, placed);
        assert.equal(erp.status, 'Cancelled', `${kind}: the ERP order is cancelled`);
        assert.notEqual(erp.cancelled_at, null);
        await eventually('JakamoOrderStatus Cancelled in visibility', async () =>
          (await handle.describe()).typedSearchAttributes
            .getAll()
            .some((pair) => pair.key.name === 'JakamoOrderStatus' && pair.value === 'Cancelled')
            ? true
            : undefined,
        );
      }
      await recordHistoryForReplay(orderHandle(testbed.env, pipeline, byCancellation), 'order-cancellation');
    });
  });

  void test('partial then full delivery: Delivered StatusMessages PUT to Jakamo, deliveries recorded in the ERP', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 3, 20);
      const handle = orderHandle(testbed.env, pipeline, placed);
      const confirmed = await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      const [line1, line2] = confirmed.lines;

      const first = await handle.executeUpdate(deliverOrderUpdate, {
        args: [{ lines: [{ lineId: '1', quantity: line1.confirmed?.quantity ?? '' }] }],
      });
      assert.match(first.decided, /PUT Delivered for line 1/);
      await untilOrder(handle, 'partially delivered', settledIn('PartiallyDelivered'));
      const jakamoAfterFirst = await pipeline.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamoAfterFirst.lines[0].status, 'Delivered');
      assert.equal(jakamoAfterFirst.lines[1].status, 'Confirmed');

      // Too much is refused before anything reaches the history.
      await assert.rejects(
        handle.executeUpdate(deliverOrderUpdate, { args: [{ lines: [{ lineId: '1', quantity: '1' }] }] }),
        (error: unknown) =>
          error instanceof WorkflowUpdateFailedError &&
          /line 1 has nothing outstanding/.test(String(error.cause)),
      );

      await handle.executeUpdate(deliverOrderUpdate, { args: [{ note: 'Shipped with DHL' }] });
      const delivered = await untilOrder(handle, 'delivered', settledIn('Delivered'));
      assert.ok(delivered.lines.every((line) => line.status === 'Delivered'));
      assert.equal(delivered.lines[1].delivered, line2.confirmed?.quantity);
      const jakamo = await sandboxStatus(pipeline, placed, 'Delivered');
      assert.equal(jakamo.documents.filter((document) => document.kind === 'StatusMessage').length, 2);
      const erp = await erpOrder(pipeline, placed);
      assert.equal(erp.status, 'Delivered');
      const deliveries = await pipeline.db
        .selectFrom('sales_order_deliveries')
        .selectAll()
        .where('order_key', '=', keyOf(pipeline, placed))
        .execute();
      assert.equal(deliveries.length, 3, 'line 1 in the first delivery, lines 2 and 3 in the second');
      const puts = (await outboundRows(pipeline, placed)).filter((row) => row.kind === 'DeliveredStatus');
      assert.equal(puts.length, 2);
      assert.match(puts[0].body, /<LineID>1<\/LineID>/);
      assert.doesNotMatch(puts[1].body, /<LineID>/, 'the second one covers the whole order');
      await recordHistoryForReplay(handle, 'delivered-in-two-parts');
    });
  });

  /** Puts an order in NeedsAttention for a Jakamo 400, fixes the cause in the sandbox, retries. */
  async function attentionThenRetry(
    pipeline: PipelineUnderTest,
    placed: PlacedOrder,
    expected: { errorType: string; reason: RegExp; step: RegExp },
    fix: () => Promise<unknown>,
  ) {
    const handle = orderHandle(testbed.env, pipeline, placed);
    const stuck = await untilOrder(handle, 'needs attention', (s) => s.attention !== undefined);
    assert.equal(stuck.attention?.errorType, expected.errorType);
    assert.match(stuck.attention?.reason ?? '', expected.reason);
    assert.match(stuck.attention?.step ?? '', expected.step);
    assert.match(stuck.attention?.advice ?? '', /jakamo-so order retry/);
    await eventually('NeedsAttention in visibility', async () =>
      (await handle.describe()).typedSearchAttributes.get(NeedsAttention) === true ? true : undefined,
    );
    await fix();
    await handle.executeUpdate(retryOrderUpdate, { args: [{ reason: 'fixed in Jakamo' }] });
    const after = await untilOrder(
      handle,
      'carried on after retry',
      (s) => s.attention === undefined && s.pendingEffects.length === 0,
    );
    await eventually('NeedsAttention cleared in visibility', async () =>
      (await handle.describe()).typedSearchAttributes.get(NeedsAttention) === false ? true : undefined,
    );
    return after;
  }

  void test('400 "No customer mapping found" waits in NeedsAttention; retry after adding the mapping sends the proposal', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const mappings = await pipeline.control.getMappings(pipeline.integration);
      const placed = await placeOrder(pipeline, 1, 21);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      await pipeline.control.setMappings(pipeline.integration, { companyMappings: [] });
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ lines: [{ lineId: '1', price: '0.99' }] }] });
      const after = await attentionThenRetry(
        pipeline,
        placed,
        {
          errorType: 'JakamoMappingMissing',
          reason: /No customer mapping found/,
          step: /OrderResponse \(proposal\)/,
        },
        () =>
          pipeline.control.setMappings(pipeline.integration, { companyMappings: mappings.companyMappings }),
      );
      assert.equal(after.status, 'WaitingForCustomer');
      const jakamo = await pipeline.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.orderResponses, 1);
      const [row] = await outboundRows(pipeline, placed);
      assert.equal(row.attempts, 2, 'refused once, accepted on the retry');
      assert.equal(row.http_status, 200);
    });
  });

  void test('400 "Errors in SellerContact element. Missing mapping?" waits in NeedsAttention; retry after adding the user mapping confirms', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const mappings = await pipeline.control.getMappings(pipeline.integration);
      const placed = await placeOrder(pipeline, 1, 22);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      await pipeline.control.setMappings(pipeline.integration, {
        userMappings: [{ identifier: 'SOMEONE-ELSE', jakamoUser: 'Other', defaultUser: true }],
      });
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ lines: [{ lineId: '1', quantity: '1' }] }] });
      const after = await attentionThenRetry(
        pipeline,
        placed,
        {
          errorType: 'JakamoMappingMissing',
          reason: /Errors in SellerContact element/,
          step: /OrderResponse/,
        },
        () => pipeline.control.setMappings(pipeline.integration, { userMappings: mappings.userMappings }),
      );
      assert.equal(after.status, 'WaitingForCustomer');
    });
  });

  void test('400 "Cannot find order." waits in NeedsAttention; retry once Jakamo has the order confirms it', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      // A message without Jakamo's headers (no confirm URL) for an order Jakamo does not know yet.
      const xml = buildOrderXml({
        orderNumber: 'PO-RAW-1',
        issueDate: '2026-11-27',
        currency: 'EUR',
        buyer: { partyId: pipeline.customers[0], name: 'Acme Oy' },
        seller: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
        lines: [
          {
            lineId: '1',
            itemName: 'HEX NUT M16',
            sellersItemId: 'HN-M16',
            unitCode: 'EA',
            terms: { quantity: '40', price: '0.35', deliveryDate: '2026-12-20' },
          },
        ],
      });
      await pipeline.control.enqueueRaw(pipeline.integration, xml);
      const placed: PlacedOrder = {
        jakamoOrderNumber: '',
        orderNumber: 'PO-RAW-1',
        buyerPartyId: pipeline.customers[0],
      };
      const after = await attentionThenRetry(
        pipeline,
        placed,
        {
          errorType: 'JakamoOrderNotFound',
          reason: /Cannot find order\./,
          step: /OrderResponse \(confirmation\)/,
        },
        // The customer's order reaches Jakamo after all (its copy in the queue is acknowledged later).
        () => pipeline.control.placeOrder(pipeline.integration, { xml }),
      );
      assert.equal(after.status, 'Confirmed');
      assert.equal(after.confirmUrl, undefined, 'confirmed with an OrderResponse: there was no confirm URL');
      const jakamo = (await pipeline.control.listOrders(pipeline.integration)).find(
        (o) => o.orderNumber === 'PO-RAW-1',
      );
      assert.equal(jakamo?.status, 'Confirmed');
      assert.equal(jakamo?.orderResponses, 1);
    });
  });

  void test('400 "LineItem missing Quantity" (a document Jakamo refuses) waits in NeedsAttention; retry once Jakamo takes it confirms', async () => {
    await withPipeline({ confirmationPolicy: 'erp' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 1, 27);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      // Jakamo refuses what the preflight let through (its rules may be stricter than documented).
      await pipeline.control.setFaults(pipeline.integration, {
        refuseNextDocuments: ['LineItem missing Quantity'],
      });
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ lines: [{ lineId: '1', quantity: '2' }] }] });
      const after = await attentionThenRetry(
        pipeline,
        placed,
        {
          errorType: 'JakamoDocumentRejected',
          reason: /LineItem missing Quantity/,
          step: /OrderResponse \(proposal\)/,
        },
        async () => (await pipeline.control.getFaults(pipeline.integration)).refuseNextDocuments.length === 0,
      );
      assert.equal(after.status, 'WaitingForCustomer');
      assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).orderResponses, 1);
    });
  });

  void test('an OrderResponse that fails its checks is never sent: NeedsAttention with the problems, then a new confirm goes through', async () => {
    await withPipeline({ confirmationPolicy: 'erp', defaultSellerContactId: undefined }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 1, 23);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
      // No seller contact anywhere: Jakamo would refuse the OrderResponse, so the preflight stops it.
      await handle.executeUpdate(confirmOrderUpdate, { args: [{ lines: [{ lineId: '1', quantity: '1' }] }] });
      const stuck = await untilOrder(handle, 'needs attention', (s) => s.attention !== undefined);
      assert.equal(stuck.attention?.errorType, 'OutboundDocumentInvalid');
      assert.match(stuck.attention?.reason ?? '', /nothing was sent/);
      assert.match(stuck.attention?.reason ?? '', /SellerContact/);
      assert.deepEqual(
        stuck.outbound.map((entry) => [entry.kind, entry.outcome]),
        [['OrderResponse', 'not-sent']],
      );
      const [row] = await outboundRows(pipeline, placed);
      assert.equal(row.status, 'invalid');
      assert.equal(row.attempts, 0);
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.equal(stats.orderResponses + stats.orderResponsesRejected, 0, 'Jakamo never saw it');

      // The ERP answers again with the seller contact: the new confirmation replaces the stuck one.
      await handle.executeUpdate(confirmOrderUpdate, {
        args: [{ lines: [{ lineId: '1', quantity: '1' }], sellerContactId: 'SELLER-1' }],
      });
      await untilOrder(handle, 'waiting for the customer', settledIn('WaitingForCustomer'));
      assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).orderResponses, 1);
    });
  });

  void test('a stale OrderChange (SequenceNumberID not newer) is recorded as ignored and changes nothing', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 1, 24);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [{ lineId: '1', quantity: '11' }],
      });
      await untilOrder(
        handle,
        'first change confirmed',
        (s) => settledIn('Confirmed')(s) && s.lastSequenceNumber === '1',
      );
      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [{ lineId: '1', quantity: '12' }],
      });
      await untilOrder(
        handle,
        'second change confirmed',
        (s) => settledIn('Confirmed')(s) && s.lastSequenceNumber === '2',
      );
      // The first change again, with different bytes (so the archive cannot recognise it): it is old news.
      const first = await pipeline.db
        .selectFrom('inbound_messages')
        .select('raw_xml')
        .where('integration', '=', pipeline.integration)
        .where('raw_xml', 'like', '%<cbc:SequenceNumberID>1</cbc:SequenceNumberID>%')
        .executeTakeFirstOrThrow();
      await pipeline.control.enqueueRaw(pipeline.integration, `${first.raw_xml}\n<!-- resent -->`);
      const state = await untilOrder(handle, 'the stale change recorded', (s) => s.documents.length === 4);
      assert.equal(state.documents[3].outcome, 'ignored');
      assert.match(state.documents[3].note ?? '', /SequenceNumberID 1 is not newer than 2/);
      assert.equal(state.lines[0].requested.quantity, '12');
      assert.equal((await erpLines(pipeline, placed))[0].quantity, '12');
      assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).confirmations, 3);
    });
  });

  void test('after its quiet period a cancelled order completes; a later message for it is quarantined, not a new order', async () => {
    await withPipeline({ confirmationPolicy: 'auto', quietPeriodMs: 1500 }, async (pipeline) => {
      const placed = await placeOrder(pipeline, 1, 25);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await pipeline.control.cancelOrder(placed.jakamoOrderNumber, 'not needed');
      const final = (await handle.result()) as OrderState;
      assert.equal(final.status, 'Completed');
      const completedRunId = (await handle.describe()).runId;
      assert.equal(
        (await handle.query(orderStateQuery)).status,
        'Completed',
        'a completed order stays readable',
      );
      await recordHistoryForReplay(handle, 'cancelled-then-completed');

      const cancellation = await pipeline.db
        .selectFrom('inbound_messages')
        .select('raw_xml')
        .where('integration', '=', pipeline.integration)
        .where('document_kind', '=', 'StatusMessage')
        .executeTakeFirstOrThrow();
      await pipeline.control.enqueueRaw(
        pipeline.integration,
        cancellation.raw_xml.replace('not needed', 'really not needed'),
      );
      const quarantined = await eventually('the late message quarantined', async () => {
        const rows = await pipeline.db
          .selectFrom('inbound_messages')
          .selectAll()
          .where('integration', '=', pipeline.integration)
          .where('status', '=', 'quarantined')
          .execute();
        return rows.length === 1 ? rows[0] : undefined;
      });
      assert.match(quarantined.error ?? '', /has finished \(Completed after its quiet period/);
      assert.equal(quarantined.order_key, null);
      const latest = await handle.describe();
      assert.equal(latest.runId, completedRunId, 'no second run started for the order');
      assert.equal(latest.status.name, 'COMPLETED');
    });
  });

  void test('resolve: a step done by hand is skipped and the order carries on', async () => {
    await withPipeline({ confirmationPolicy: 'auto' }, async (pipeline) => {
      const mappings = await pipeline.control.getMappings(pipeline.integration);
      await pipeline.control.setMappings(pipeline.integration, {
        userMappings: mappings.userMappings.map((user) => ({ ...user, defaultUser: false })),
      });
      const placed = await placeOrder(pipeline, 1, 26);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'needs attention', (s) => s.attention !== undefined);
      await handle.executeUpdate(resolveOrderUpdate, { args: [{ reason: 'confirmed in the Jakamo UI' }] });
      const state = await untilOrder(handle, 'confirmed by hand', settledIn('Confirmed'));
      assert.match(
        state.history.map((entry) => entry.note ?? '').join('\n'),
        /handled by hand: confirmed in the Jakamo UI/,
      );
      assert.equal((await pipeline.control.getOrder(placed.jakamoOrderNumber)).confirmations, 0);
    });
  });
});
