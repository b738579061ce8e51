import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { messageContent } from '../../domain/message-content';
import type { ConnectorDatabase } from '../../db/database';
import type { OrderChangeDocument, OrderDocument } from '../../domain/documents';
import { SqlErpAdapter } from '../../erp/sql-erp-adapter';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { noPostgres, onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';
import { exactFixture } from '../ubl/exact-schemas';
import { columnsOf, migrationRoundTrip, salesOrder, salesOrderLines, tickingClock } from './erp-storage';

/** Parsed once: the documents in test/fixtures/ubl/exact/ (valid against the XSD, see test/ubl/exact-codec.test.ts). */
const order = parseInboundDocument(exactFixture('order.xml')) as OrderDocument;
const change = parseInboundDocument(exactFixture('order-change.xml')) as OrderChangeDocument;
const orderSha = 'a'.repeat(64);
const changeSha = 'b'.repeat(64);
const embeddedBase64 = 'U3VyZmFjZTogemluYyBwbGF0ZWQsIDEyIMK1bS4=';

/** A schedule line's columns, in the order the tests compare them. */
const scheduleColumns = [
  'line_id',
  'position',
  'delivery_id',
  'quantity',
  'unit_code',
  'requested_delivery_start_date',
  'requested_delivery_end_date',
] as const;

/** What the reference ERP stores of one order, in a stable order, for exact comparisons. */
async function stored(db: ConnectorDatabase, orderKey: string) {
  return {
    header: await salesOrder(db, orderKey),
    lines: await salesOrderLines(db, orderKey),
    schedule: await db
      .selectFrom('sales_order_schedule_lines')
      .select(scheduleColumns)
      .where('order_key', '=', orderKey)
      .orderBy('line_id')
      .orderBy('position')
      .execute(),
    allowanceCharges: await db
      .selectFrom('sales_order_allowance_charges')
      .selectAll()
      .where('order_key', '=', orderKey)
      .orderBy('position')
      .execute(),
    taxTotals: await db
      .selectFrom('sales_order_tax_totals')
      .selectAll()
      .where('order_key', '=', orderKey)
      .orderBy('position')
      .execute(),
    taxSubtotals: await db
      .selectFrom('sales_order_tax_subtotals')
      .selectAll()
      .where('order_key', '=', orderKey)
      .orderBy('tax_total_position')
      .orderBy('position')
      .execute(),
    notes: await db
      .selectFrom('sales_order_notes')
      .select(['document_sha256', 'position', 'document_kind', 'note'])
      .where('order_key', '=', orderKey)
      .orderBy('added_at')
      .orderBy('document_sha256')
      .orderBy('position')
      .execute(),
    attachments: await db
      .selectFrom('sales_order_attachments')
      .selectAll()
      .where('order_key', '=', orderKey)
      .orderBy('position')
      .execute(),
  };
}

/** The same contract on every dialect the product supports. */
function exactImportContract(name: string, open: OpenTestDatabase) {
  void describe(`exact imports into the reference ERP on ${name}`, () => {
    let db: ConnectorDatabase | undefined;
    const clock = tickingClock();
    let orders = 0;

    before(async () => {
      ({ db } = await openMigratedDatabase(open));
    });
    after(async () => {
      await db?.destroy();
    });

    /** Imports the exact order under a fresh key; returns the key. */
    async function imported(erp: SqlErpAdapter, document: OrderDocument = order): Promise<string> {
      orders += 1;
      const orderKey = `order:demo:12345678:EXACT-${orders}`;
      const result = await erp.importSalesOrder({
        orderKey,
        integration: 'demo',
        jakamoOrderNumber: `JKM-${orders}`,
        sourceMessageSha256: orderSha,
        order: document,
      });
      assert.equal(result.created, true);
      return orderKey;
    }

    void test('a price per base quantity is stored as price, base quantity and its unit, never as a unit price', async (t) => {
      if (!db) return t.skip(noPostgres);
      const { lines } = await stored(db, await imported(new SqlErpAdapter(db, clock)));
      assert.deepEqual(
        columnsOf(
          lines,
          'line_id',
          'quantity',
          'unit_code',
          'price',
          'price_currency',
          'price_base_quantity',
          'price_base_unit_code',
          'line_amount',
        ),
        [
          ['1', '10', 'C62', '30.00', 'EUR', '2', 'C62', '150.00'],
          ['2', '100', 'C62', '+2.45', 'EUR', null, null, '245.00'],
          ['3', '12.5', 'MTR', '1.25', 'EUR', '10', 'MTR', null],
        ],
        '30 EUR per 2 pieces and 1.25 EUR per 10 metres; a price without a base quantity is per one unit',
      );
    });

    void test("a line without its own delivery period takes the header's, in the ERP and in the order's message content", async (t) => {
      if (!db) return t.skip(noPostgres);
      const { header, lines } = await stored(db, await imported(new SqlErpAdapter(db, clock)));
      assert.deepEqual(
        [header.requested_delivery_start_date, header.requested_delivery_end_date],
        ['2027-01-04', '2027-01-08'],
      );
      assert.deepEqual(
        columnsOf(
          lines,
          'line_id',
          'requested_delivery_start_date',
          'requested_delivery_end_date',
          'requested_delivery_date',
        ),
        [
          ['1', '2027-01-04', '2027-01-08', '2027-01-08'],
          ['2', '2027-01-11', '2027-01-15', '2027-01-15'],
          ['3', '2027-03-01', null, '2027-03-01'],
        ],
        'line 1 has no period: the header one; lines 2 and 3 keep their own (never mixed with the header)',
      );
      const content = messageContent(order);
      assert.equal(content.kind, 'Order');
      assert.deepEqual(
        content.kind === 'Order' ? columnsOf(content.lines, 'lineId', 'deliveryDate') : [],
        columnsOf(lines, 'line_id', 'requested_delivery_date'),
        'the order workflow sees the same requested dates as the ERP',
      );
    });

    void test('a line with several deliveries keeps each as a schedule line; other lines have one', async (t) => {
      if (!db) return t.skip(noPostgres);
      const { schedule } = await stored(db, await imported(new SqlErpAdapter(db, clock)));
      assert.deepEqual(
        columnsOf(schedule, ...scheduleColumns),
        [
          ['1', 1, null, '10', 'C62', '2027-01-04', '2027-01-08'],
          ['2', 1, '2-1', '40', 'C62', '2027-01-11', '2027-01-15'],
          ['2', 2, '2-2', '35.5', 'C62', null, '2027-02-12'],
          ['2', 3, '2-3', '24.5', 'C62', '2027-01-04', '2027-01-08'],
          ['3', 1, null, '12.5', 'MTR', '2027-03-01', null],
        ],
        "the third delivery has no period of its own: it takes the header's",
      );
    });

    void test('header allowances and charges, tax totals, order type code, notes and attachment references are stored', async (t) => {
      if (!db) return t.skip(noPostgres);
      const orderKey = await imported(new SqlErpAdapter(db, clock));
      const all = await stored(db, orderKey);
      assert.equal(all.header.order_type_code, '220');
      assert.deepEqual(
        all.allowanceCharges.map(({ order_key: _key, ...row }) => row),
        [
          {
            position: 1,
            charge_indicator: 1,
            reason_code: 'FC',
            reason: 'Freight',
            multiplier_factor: null,
            amount: '25.00',
            currency: 'EUR',
            base_amount: null,
            tax_category_id: 'S',
            tax_percent: '25.5',
            tax_scheme_id: 'VAT',
          },
          {
            position: 2,
            charge_indicator: 0,
            reason_code: '95',
            reason: 'Volume discount',
            multiplier_factor: '5',
            amount: '20.00',
            currency: 'EUR',
            base_amount: '400.00',
            tax_category_id: null,
            tax_percent: null,
            tax_scheme_id: null,
          },
        ],
      );
      assert.deepEqual(columnsOf(all.taxTotals, 'position', 'tax_amount', 'currency'), [
        [1, '107.10', 'EUR'],
      ]);
      assert.deepEqual(
        columnsOf(
          all.taxSubtotals,
          'tax_total_position',
          'position',
          'taxable_amount',
          'tax_amount',
          'currency',
          'percent',
          'tax_category_id',
          'tax_category_percent',
          'tax_scheme_id',
        ),
        [
          [1, 1, '420.00', '107.10', 'EUR', null, 'S', '25.5', 'VAT'],
          [1, 2, '0.00', '0.00', 'EUR', '0', 'Z', null, 'VAT'],
        ],
      );
      assert.deepEqual(all.notes, [
        { document_sha256: orderSha, position: 1, document_kind: 'Order', note: 'Deliver to gate 4' },
        {
          document_sha256: orderSha,
          position: 2,
          document_kind: 'Order',
          note: 'Call before unloading: +358 40 123 4567',
        },
      ]);
      assert.deepEqual(
        all.attachments.map(({ order_key: _key, ...row }) => row),
        [
          {
            position: 1,
            document_id: 'DRW-100',
            document_type_code: '916',
            document_type: 'Drawing',
            description: 'Bracket drawing, revision C',
            external_uri: 'https://files.example.com/drawings/DRW-100-C.pdf',
            file_name: null,
            mime_code: null,
            embedded: 0,
          },
          {
            position: 2,
            document_id: 'SPEC-7',
            document_type_code: null,
            document_type: 'Specification',
            description: null,
            external_uri: null,
            file_name: 'spec-7.txt',
            mime_code: 'text/plain',
            embedded: 1,
          },
        ],
      );
      assert.ok(!JSON.stringify(all).includes(embeddedBase64), 'no embedded file content reaches the ERP');
    });

    void test('importing the same order again writes nothing twice', async (t) => {
      if (!db) return t.skip(noPostgres);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp);
      const first = await stored(db, orderKey);
      const again = await erp.importSalesOrder({
        orderKey,
        integration: 'demo',
        jakamoOrderNumber: undefined,
        sourceMessageSha256: orderSha,
        order,
      });
      assert.equal(again.created, false);
      assert.deepEqual(await stored(db, orderKey), first);
    });

    void test('an order change replaces a schedule, a price with its base, and the allowances it states; it keeps what it does not state', async (t) => {
      if (!db) return t.skip(noPostgres);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp);
      const before = await stored(db, orderKey);
      const input = { orderKey, sourceMessageSha256: changeSha, change };
      assert.deepEqual(await erp.applyOrderChange(input), { applied: true });
      const changed = await stored(db, orderKey);

      assert.deepEqual(
        [changed.header.requested_delivery_start_date, changed.header.requested_delivery_end_date],
        ['2027-01-18', '2027-01-22'],
        'the header period the change states',
      );
      assert.equal(changed.header.order_type_code, '220', 'an OrderChange has no order type code: kept');
      assert.deepEqual(
        columnsOf(
          changed.lines,
          'line_id',
          'position',
          'quantity',
          'price',
          'price_base_quantity',
          'price_base_unit_code',
          'requested_delivery_start_date',
          'requested_delivery_end_date',
          'requested_delivery_date',
        ),
        [
          ['1', 1, '10', '16.00', null, null, '2027-01-18', '2027-01-22', '2027-01-22'],
          ['2', 2, '100', '+2.45', null, null, null, '2027-01-20', '2027-01-20'],
          ['3', 3, '12.5', '1.25', '10', 'MTR', '2027-03-01', null, '2027-03-01'],
          ['4', 4, '8', '12.00', '4', 'C62', '2027-01-18', '2027-01-22', '2027-01-22'],
        ],
        'line 1: 16.00 per one unit now (the old base of 2 is gone); line 3 is not in the change; line 4 is new',
      );
      assert.deepEqual(
        columnsOf(
          changed.schedule,
          'line_id',
          'position',
          'quantity',
          'requested_delivery_start_date',
          'requested_delivery_end_date',
        ),
        [
          ['1', 1, '10', '2027-01-18', '2027-01-22'],
          ['2', 1, '60', null, '2027-01-20'],
          ['2', 2, '40', '2027-01-18', '2027-01-22'],
          ['3', 1, '12.5', '2027-03-01', null],
          ['4', 1, '8', '2027-01-18', '2027-01-22'],
        ],
        "line 2's three deliveries are replaced by the change's two",
      );
      assert.deepEqual(
        columnsOf(changed.allowanceCharges, 'position', 'charge_indicator', 'reason', 'amount'),
        [[1, 1, 'Freight\nExpress', '30.00']],
      );
      assert.deepEqual(changed.taxTotals, before.taxTotals, 'no tax total in the change: kept');
      assert.deepEqual(changed.taxSubtotals, before.taxSubtotals);
      assert.deepEqual(changed.attachments, before.attachments, 'no attachment in the change: kept');
      assert.deepEqual(changed.notes, [
        ...before.notes,
        {
          document_sha256: changeSha,
          position: 1,
          document_kind: 'OrderChange',
          note: 'Schedule moved one week',
        },
      ]);

      assert.deepEqual(await erp.applyOrderChange(input), { applied: false });
      assert.deepEqual(await stored(db, orderKey), changed, 'the same change again changes nothing');
    });

    void test('a change that states only a price keeps the line schedule', async (t) => {
      if (!db) return t.skip(noPostgres);
      const erp = new SqlErpAdapter(db, clock);
      const orderKey = await imported(erp);
      const before = await stored(db, orderKey);
      await erp.applyOrderChange({
        orderKey,
        sourceMessageSha256: 'c'.repeat(64),
        change: {
          kind: 'OrderChange',
          orderNumber: order.orderNumber,
          sequenceNumber: '1',
          buyer: order.buyer,
          seller: order.seller,
          notes: [],
          lines: [
            {
              lineId: '2',
              item: {},
              price: {
                amount: { value: '2.40', currencyId: 'EUR' },
                baseQuantity: { value: '1', unitCode: 'C62' },
              },
              notes: [],
            },
          ],
        },
      });
      const after = await stored(db, orderKey);
      assert.deepEqual(after.schedule, before.schedule);
      assert.deepEqual(
        [after.lines[1]?.price, after.lines[1]?.price_base_quantity, after.lines[1]?.price_base_unit_code],
        ['2.40', '1', 'C62'],
      );
      assert.deepEqual(after.allowanceCharges, before.allowanceCharges);
    });

    void test('the exact-imports migration rolls back and applies again', (t) =>
      migrationRoundTrip(t, open, '0003_exact_imports', '0002_order_lifecycle'));
  });
}

onEveryDialect('jakamo-so-exact-', exactImportContract);
