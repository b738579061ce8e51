import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConnectorDatabase } from '../../db/database';
import type { OrderChangeDocument, OrderDocument, OrderLine } from '../../domain/documents';
import { ErpRefusedError, type SalesOrderLineCancellation } from '../../erp/erp-adapter';
import { SqlErpAdapter } from '../../erp/sql-erp-adapter';
import { onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';
import { columnsOf, migrationRoundTrip, salesOrder, salesOrderLines, tickingClock } from './erp-storage';

const buyer = { id: 'ACME-FI', name: 'Acme Oy' };
const seller = { id: 'SUPPLIER-1' };

function line(lineId: string, quantity: string, extra: Partial<OrderLine> = {}): OrderLine {
  return {
    lineId,
    item: { name: `Item ${lineId}` },
    quantity: { value: quantity, unitCode: 'PCS' },
    notes: [],
    ...extra,
  };
}

function orderWith(orderNumber: string, lines: OrderLine[]): OrderDocument {
  return {
    kind: 'Order',
    orderNumber,
    issueDate: '2026-11-27',
    currency: 'EUR',
    buyer,
    seller,
    notes: [],
    lines,
  };
}

function changeOf(
  orderNumber: string,
  sequenceNumber: string,
  lines: OrderLine[],
  extra: Partial<OrderChangeDocument> = {},
): OrderChangeDocument {
  return { kind: 'OrderChange', orderNumber, sequenceNumber, buyer, seller, notes: [], lines, ...extra };
}

/** A cancellation of some lines of an order. */
function linesCancellation(
  orderKey: string,
  documentId: string,
  lineIds: string[],
  reason = 'x',
): SalesOrderLineCancellation {
  return { orderKey, documentId, lineIds, wholeOrder: false, reason };
}

/** A cancellation of the whole order. */
function orderCancellation(orderKey: string, documentId: string, reason = 'x'): SalesOrderLineCancellation {
  return { orderKey, documentId, lineIds: [], wholeOrder: true, reason };
}

/** The reference ERP's writes, run on every dialect the product supports. */
function erpContract(name: string, open: OpenTestDatabase) {
  void describe(`reference ERP writes on ${name}`, () => {
    let db: ConnectorDatabase | undefined;
    let skip: string | undefined;
    const clock = tickingClock();

    before(async () => {
      ({ db, skip } = await openMigratedDatabase(open));
    });
    after(async () => {
      await db?.destroy();
    });

    let orders = 0;
    /** Imports a fresh order with the given lines; returns its key. */
    async function imported(erp: SqlErpAdapter, lines: OrderLine[]): Promise<string> {
      orders += 1;
      const orderNumber = `PO-${orders}`;
      const orderKey = `order:demo:ACME-FI:${orderNumber}`;
      await erp.importSalesOrder({
        orderKey,
        integration: 'demo',
        jakamoOrderNumber: `JKM-${orders}`,
        sourceMessageSha256: `${orders}`.padStart(64, '0'),
        order: orderWith(orderNumber, lines),
      });
      return orderKey;
    }

    const header = (orderKey: string) => salesOrder(db!, orderKey);
    const lines = (orderKey: string) => salesOrderLines(db!, orderKey);

    /** Everything the ERP holds about an order, to prove that a write changed nothing. */
    async function snapshot(orderKey: string) {
      const deliveries = await db!
        .selectFrom('sales_order_deliveries')
        .selectAll()
        .where('order_key', '=', orderKey)
        .orderBy('document_id')
        .orderBy('line_id')
        .execute();
      const ledger = await db!
        .selectFrom('erp_applied_documents')
        .selectAll()
        .where('order_key', '=', orderKey)
        .orderBy('document_id')
        .execute();
      return { header: await header(orderKey), lines: await lines(orderKey), deliveries, ledger };
    }

    void test('an order change updates quantity, price and date once; the same change again is a no-op', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [
        line('1', '10', {
          price: { amount: { value: '1.50', currencyId: 'EUR' } },
          lineAmount: { value: '15.00', currencyId: 'EUR' },
          requestedDelivery: { endDate: '2026-12-15' },
        }),
        line('2', '5', { requestedDelivery: { startDate: '2026-12-20' } }),
      ]);
      const change = {
        orderKey,
        sourceMessageSha256: 'c'.repeat(64),
        change: changeOf(orderKey, '1', [
          line('1', '12.5', {
            quantity: { value: '12.5' },
            price: { amount: { value: '1.4999999999' } },
            lineAmount: { value: '18.749999998750' },
            requestedDelivery: { startDate: '2026-12-01', endDate: '2026-12-18' },
          }),
        ]),
      };
      assert.deepEqual(await erp.applyOrderChange(change), { applied: true });
      const changed = await snapshot(orderKey);
      const [first, second] = changed.lines;
      assert.deepEqual(
        [first?.quantity, first?.unit_code, first?.price, first?.price_currency, first?.line_amount],
        ['12.5', 'PCS', '1.4999999999', 'EUR', '18.749999998750'],
        'only the fields the change states are changed; decimals are kept exactly',
      );
      assert.equal(first?.requested_delivery_date, '2026-12-18', 'the end of the requested period');
      assert.equal(first?.status, 'Open');
      assert.deepEqual(
        [second?.quantity, second?.requested_delivery_date, second?.status],
        ['5', '2026-12-20', 'Open'],
        'a line the change does not mention stays as it is',
      );
      assert.equal(changed.header.last_change_sequence, '1');
      assert.deepEqual(columnsOf(changed.ledger, 'document_id', 'kind'), [['c'.repeat(64), 'OrderChange']]);

      assert.deepEqual(await erp.applyOrderChange(change), { applied: false });
      assert.deepEqual(await snapshot(orderKey), changed, 'applying the same change again changes nothing');
    });

    void test('an order change adds new lines at the next positions and dates lines from the header', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '1'), line('2', '2')]);
      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: 'a'.repeat(64),
        change: changeOf(
          orderKey,
          '2',
          [
            line('1', '1'),
            line('10', '7', {
              price: { amount: { value: '3.25', currencyId: 'EUR' } },
              item: { name: 'Washer', sellersItemId: 'W-1' },
            }),
            line('11', '8', { requestedDelivery: { endDate: '2027-01-10' } }),
          ],
          { delivery: { requestedPeriod: { startDate: '2027-01-05' } } },
        ),
      });
      const rows = await lines(orderKey);
      assert.deepEqual(
        columnsOf(
          rows,
          'line_id',
          'position',
          'quantity',
          'price',
          'item_name',
          'requested_delivery_date',
          'status',
        ),
        [
          ['1', 1, '1', null, 'Item 1', '2027-01-05', 'Open'],
          ['2', 2, '2', null, 'Item 2', null, 'Open'],
          ['10', 3, '7', '3.25', 'Washer', '2027-01-05', 'Open'],
          ['11', 4, '8', null, 'Item 11', '2027-01-10', 'Open'],
        ],
      );
      assert.equal(rows[2]?.sellers_item_id, 'W-1');
      assert.equal(rows[2]?.delivered_quantity, '0');
      assert.equal(rows[2]?.confirmation, 'none');
    });

    void test('a change cancels lines by quantity 0, by LineStatusCode Cancelled and by 2; the last one cancels the order', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '4'), line('2', '4'), line('3', '4'), line('4', '4')]);
      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: '1'.repeat(64),
        change: changeOf(orderKey, '1', [
          line('1', '0.000'),
          line('2', '4', { lineStatusCode: 'Cancelled' }),
          line('3', '4', { lineStatusCode: '2' }),
        ]),
      });
      const afterFirst = await snapshot(orderKey);
      assert.deepEqual(
        afterFirst.lines.map((row) => [row.line_id, row.status, row.cancelled_at !== null]),
        [
          ['1', 'Cancelled', true],
          ['2', 'Cancelled', true],
          ['3', 'Cancelled', true],
          ['4', 'Open', false],
        ],
      );
      assert.equal(afterFirst.header.status, 'Open', 'one line is still open');
      assert.equal(afterFirst.header.cancelled_at, null);

      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: '2'.repeat(64),
        change: changeOf(orderKey, '2', [line('4', '0')]),
      });
      const afterSecond = await snapshot(orderKey);
      assert.equal(afterSecond.lines[3]?.status, 'Cancelled');
      assert.equal(afterSecond.header.status, 'Cancelled', 'every line is cancelled: so is the order');
      assert.equal(afterSecond.header.cancelled_at, afterSecond.lines[3]?.cancelled_at);
      assert.equal(afterSecond.header.last_change_sequence, '2');
      assert.equal(
        afterSecond.lines[0]?.cancelled_at,
        afterFirst.lines[0]?.cancelled_at,
        'a line cancelled before keeps its cancellation time',
      );
    });

    void test('a later change that states a cancelled line again with a quantity reinstates it', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '4')]);
      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: 'r1',
        change: changeOf(orderKey, '1', [line('1', '0')]),
      });
      assert.equal((await header(orderKey)).status, 'Cancelled');
      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: 'r2',
        change: changeOf(orderKey, '2', [line('1', '3')]),
      });
      const [row] = await lines(orderKey);
      assert.deepEqual([row?.quantity, row?.status, row?.cancelled_at], ['3', 'Open', null]);
      assert.deepEqual(
        [(await header(orderKey)).status, (await header(orderKey)).cancelled_at],
        ['Open', null],
      );
    });

    void test('cancelling the whole order cancels every line not delivered, once', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '2'), line('2', '2'), line('3', '2')]);
      await erp.recordDelivery({
        orderKey,
        documentId: 'delivery-1',
        lines: [{ lineId: '1', quantity: '2' }],
      });
      const cancellation = orderCancellation(orderKey, 'cancel-1', 'customer cancelled');
      assert.deepEqual(await erp.cancelSalesOrderLines(cancellation), { applied: true });
      const cancelled = await snapshot(orderKey);
      assert.deepEqual(columnsOf(cancelled.lines, 'line_id', 'status'), [
        ['1', 'Delivered'],
        ['2', 'Cancelled'],
        ['3', 'Cancelled'],
      ]);
      assert.equal(cancelled.header.status, 'Cancelled');
      assert.notEqual(cancelled.header.cancelled_at, null);
      assert.deepEqual(columnsOf(cancelled.ledger, 'document_id', 'kind', 'note'), [
        ['cancel-1', 'Cancellation', 'customer cancelled'],
        ['delivery-1', 'Delivery', null],
      ]);
      assert.deepEqual(await erp.cancelSalesOrderLines(cancellation), { applied: false });
      assert.deepEqual(await snapshot(orderKey), cancelled);
    });

    void test('cancelling lines keeps the order open until its last open line is cancelled', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '2'), line('2', '2')]);
      await erp.cancelSalesOrderLines(linesCancellation(orderKey, 'c1', ['1'], 'out of stock'));
      assert.deepEqual(
        (await lines(orderKey)).map((row) => row.status),
        ['Cancelled', 'Open'],
      );
      assert.equal((await header(orderKey)).status, 'Open');
      await erp.cancelSalesOrderLines(linesCancellation(orderKey, 'c2', ['2', '1'], 'customer'));
      assert.deepEqual(
        (await lines(orderKey)).map((row) => row.status),
        ['Cancelled', 'Cancelled'],
      );
      const order = await header(orderKey);
      assert.equal(order.status, 'Cancelled', 'no open line remains');
      assert.notEqual(order.cancelled_at, null);
    });

    void test('a write about an unknown order is refused and not remembered, so it applies once the order is imported', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = 'order:demo:ACME-FI:NOT-YET';
      const writes = [
        () =>
          erp.applyOrderChange({
            orderKey,
            sourceMessageSha256: 'u1',
            change: changeOf('NOT-YET', '1', [line('1', '2')]),
          }),
        () => erp.cancelSalesOrderLines(linesCancellation(orderKey, 'u2', ['1'])),
        () => erp.recordConfirmation({ orderKey, documentId: 'u3', lines: [], proposal: false }),
        () => erp.recordDelivery({ orderKey, documentId: 'u4', lines: [{ lineId: '1', quantity: '1' }] }),
      ];
      for (const write of writes) {
        await assert.rejects(write, (error: unknown) => {
          assert.ok(error instanceof ErpRefusedError);
          assert.match(
            error.message,
            /Sales order order:demo:ACME-FI:NOT-YET is not in the ERP: import it first/,
          );
          return true;
        });
      }
      const ledger = await db
        .selectFrom('erp_applied_documents')
        .selectAll()
        .where('order_key', '=', orderKey)
        .execute();
      assert.deepEqual(ledger, [], 'a refused write leaves no ledger row behind');

      await erp.importSalesOrder({
        orderKey,
        integration: 'demo',
        jakamoOrderNumber: undefined,
        sourceMessageSha256: 'e'.repeat(64),
        order: orderWith('NOT-YET', [line('1', '1')]),
      });
      assert.deepEqual(await writes[0](), { applied: true }, 'the retried change applies after the import');
      assert.equal((await lines(orderKey))[0]?.quantity, '2');
    });

    void test('a write about an unknown line is refused and changes nothing', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '2'), line('2', '2')]);
      const before = await snapshot(orderKey);
      const refused = (pattern: RegExp) => (error: unknown) => {
        assert.ok(error instanceof ErpRefusedError, String(error));
        assert.match(error.message, pattern);
        return true;
      };
      const noLine = new RegExp(`Sales order ${orderKey} has no line 9`);
      await assert.rejects(
        erp.cancelSalesOrderLines(linesCancellation(orderKey, 'x1', ['1', '9'])),
        refused(noLine),
      );
      await assert.rejects(
        erp.recordConfirmation({
          orderKey,
          documentId: 'x2',
          proposal: false,
          lines: [
            { lineId: '1', quantity: '2', price: undefined, deliveryDate: undefined },
            { lineId: '9', quantity: '2', price: undefined, deliveryDate: undefined },
          ],
        }),
        refused(noLine),
      );
      await assert.rejects(
        erp.recordDelivery({
          orderKey,
          documentId: 'x3',
          lines: [
            { lineId: '1', quantity: '1' },
            { lineId: '9', quantity: '1' },
          ],
        }),
        refused(noLine),
      );
      assert.deepEqual(await snapshot(orderKey), before, 'the refused writes were rolled back whole');
    });

    void test('a partial then a full delivery adds exact decimals and moves line and order to Delivered', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '3'), line('2', '0.1'), line('3', '1')]);
      await erp.cancelSalesOrderLines(linesCancellation(orderKey, 'cancel-3', ['3']));

      const partial = {
        orderKey,
        documentId: 'despatch-1',
        lines: [
          { lineId: '1', quantity: '2.5' },
          { lineId: '2', quantity: '0.05' },
        ],
      };
      assert.deepEqual(await erp.recordDelivery(partial), { applied: true });
      const afterPartial = await snapshot(orderKey);
      assert.deepEqual(columnsOf(afterPartial.lines, 'line_id', 'delivered_quantity', 'status'), [
        ['1', '2.5', 'PartiallyDelivered'],
        ['2', '0.05', 'PartiallyDelivered'],
        ['3', '0', 'Cancelled'],
      ]);
      assert.equal(afterPartial.header.status, 'PartiallyDelivered');
      assert.deepEqual(await erp.recordDelivery(partial), { applied: false });
      assert.deepEqual(await snapshot(orderKey), afterPartial, 'the same delivery again adds nothing');

      await erp.recordDelivery({
        orderKey,
        documentId: 'despatch-2',
        lines: [
          { lineId: '1', quantity: '0.5' },
          { lineId: '2', quantity: '0.02' },
          { lineId: '2', quantity: '0.03' },
        ],
      });
      const full = await snapshot(orderKey);
      assert.deepEqual(
        columnsOf(full.lines, 'line_id', 'delivered_quantity', 'status'),
        [
          ['1', '3', 'Delivered'],
          ['2', '0.1', 'Delivered'],
          ['3', '0', 'Cancelled'],
        ],
        '2.5 + 0.5 = 3 and 0.05 + 0.02 + 0.03 = 0.1, exactly',
      );
      assert.equal(full.header.status, 'Delivered', 'every line not cancelled is delivered');
      assert.deepEqual(columnsOf(full.deliveries, 'document_id', 'line_id', 'quantity'), [
        ['despatch-1', '1', '2.5'],
        ['despatch-1', '2', '0.05'],
        ['despatch-2', '1', '0.5'],
        ['despatch-2', '2', '0.05'],
      ]);
    });

    void test('concurrent writes to one order all count, and a document sent twice at once applies once', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '100')]);
      const results = await Promise.all(
        ['p1', 'p2', 'p3', 'p4', 'p1', 'p2'].map((documentId) =>
          erp.recordDelivery({ orderKey, documentId, lines: [{ lineId: '1', quantity: '0.25' }] }),
        ),
      );
      assert.equal(results.filter((result) => result.applied).length, 4);
      assert.equal((await lines(orderKey))[0]?.delivered_quantity, '1');
    });

    void test('a delivery on a cancelled line is refused', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '1'), line('2', '1')]);
      await erp.cancelSalesOrderLines(linesCancellation(orderKey, 'c', ['2']));
      await assert.rejects(
        erp.recordDelivery({ orderKey, documentId: 'd', lines: [{ lineId: '2', quantity: '1' }] }),
        (error: unknown) =>
          error instanceof ErpRefusedError && /line 2 .* is cancelled/i.test(error.message)
            ? true
            : assert.fail(String(error)),
      );
    });

    void test('a proposal records proposed terms and leaves the order open; a confirmation confirms it', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '3'), line('2', '4')]);
      const proposal = {
        orderKey,
        documentId: 'proposal-1',
        proposal: true,
        lines: [{ lineId: '1', quantity: '2', price: '9.990', deliveryDate: '2027-02-01' }],
      };
      assert.deepEqual(await erp.recordConfirmation(proposal), { applied: true });
      const proposed = await snapshot(orderKey);
      assert.deepEqual(
        columnsOf(
          proposed.lines,
          'line_id',
          'confirmation',
          'status',
          'confirmed_quantity',
          'confirmed_price',
          'confirmed_delivery_date',
        ),
        [
          ['1', 'proposed', 'Proposed', '2', '9.990', '2027-02-01'],
          ['2', 'none', 'Open', null, null, null],
        ],
      );
      assert.equal(proposed.header.status, 'Open', 'a proposal does not confirm the order');
      assert.deepEqual(await erp.recordConfirmation(proposal), { applied: false });
      assert.deepEqual(await snapshot(orderKey), proposed);

      await erp.recordConfirmation({
        orderKey,
        documentId: 'confirmation-1',
        proposal: false,
        lines: [
          { lineId: '1', quantity: '2', price: '9.990', deliveryDate: '2027-02-01' },
          { lineId: '2', quantity: '4', price: undefined, deliveryDate: undefined },
        ],
      });
      const confirmed = await snapshot(orderKey);
      assert.deepEqual(
        columnsOf(confirmed.lines, 'line_id', 'confirmation', 'status', 'confirmed_quantity'),
        [
          ['1', 'confirmed', 'Confirmed', '2'],
          ['2', 'confirmed', 'Confirmed', '4'],
        ],
      );
      assert.equal(confirmed.header.status, 'Confirmed');

      // Deliveries are measured against the confirmed quantity (2), not the requested one (3).
      await erp.recordDelivery({ orderKey, documentId: 'd1', lines: [{ lineId: '1', quantity: '2' }] });
      assert.equal((await lines(orderKey))[0]?.status, 'Delivered');
    });

    void test('a confirmation does not reopen a cancelled order', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp, [line('1', '3')]);
      await erp.cancelSalesOrderLines(orderCancellation(orderKey, 'c'));
      await erp.recordConfirmation({
        orderKey,
        documentId: 'late-confirmation',
        proposal: false,
        lines: [{ lineId: '1', quantity: '3', price: undefined, deliveryDate: undefined }],
      });
      const [row] = await lines(orderKey);
      assert.deepEqual([row?.status, row?.confirmation], ['Cancelled', 'confirmed']);
      assert.equal((await header(orderKey)).status, 'Cancelled');
    });

    void test('the lifecycle migration rolls back and applies again', (t) =>
      migrationRoundTrip(t, open, '0002_order_lifecycle', '0001_connector_tables'));
  });
}

onEveryDialect('jakamo-so-erp-', erpContract);
