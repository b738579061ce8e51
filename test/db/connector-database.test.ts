import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrateToLatest, type ConnectorDatabase } from '../../db/database';
import { MessageArchive, sha256Hex } from '../../db/message-archive';
import type { OrderDocument } from '../../domain/documents';
import { SqlErpAdapter } from '../../erp/sql-erp-adapter';
import { onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';

const order: OrderDocument = {
  kind: 'Order',
  orderNumber: 'PO-42',
  issueDate: '2026-11-27',
  currency: 'EUR',
  buyer: { id: 'ACME-FI', name: 'Acme Oy' },
  seller: { id: 'SUPPLIER-1' },
  notes: [],
  lines: [
    {
      lineId: '1',
      item: { name: 'HEX HEAD SCREW M16x80mm', sellersItemId: 'S-16-80' },
      quantity: { value: '100.000001', unitCode: 'PCS' },
      price: { amount: { value: '0.1234567890123', currencyId: 'EUR' } },
      requestedDelivery: { endDate: '2026-12-15' },
      notes: [],
    },
    { lineId: '2', item: { name: 'Nut' }, quantity: { value: '5', unitCode: 'PCS' }, notes: [] },
  ],
};

/** The same storage contract, run on every dialect the product supports. */
function storageContract(name: string, open: OpenTestDatabase) {
  void describe(`connector database on ${name}`, () => {
    let db: ConnectorDatabase | undefined;
    let skip: string | undefined;

    before(async () => {
      ({ db, skip } = await openMigratedDatabase(open));
      if (db) await migrateToLatest(db); // a second start must be a no-op
    });
    after(async () => {
      await db?.destroy();
    });

    void test('the next GET settles the acknowledgements owed before the head, and no others', async (t) => {
      if (!db) return t.skip(skip);
      const archive = new MessageArchive(db);
      const integration = `settle-${Date.now()}`;
      const take = async (body: string, status: 'handed_off' | 'quarantined' | 'received') => {
        const { record } = await archive.recordReceived({
          integration,
          rawXml: body,
          acknowledgeUri: `http://x/ack/${body}`,
          confirmUrl: undefined,
          jakamoOrderNumber: undefined,
        });
        if (status === 'handed_off') {
          await archive.markHandedOff(integration, record.sha256, {
            rootElement: 'Order',
            documentKind: 'Order',
            orderKey: `order:${integration}:A:${body}`,
          });
        }
        if (status === 'quarantined')
          await archive.markQuarantined(integration, record.sha256, 'malformed: x', undefined);
        return record.sha256;
      };
      const lostAnswer = await take('<Order>lost</Order>', 'handed_off');
      const badOne = await take('<Order>bad', 'quarantined');
      const head = await take('<Order>head</Order>', 'handed_off');
      const neverHandedOff = await take('<Order>received</Order>', 'received');
      await archive.recordReceived({
        integration: `${integration}-other`,
        rawXml: '<Order>lost</Order>',
        acknowledgeUri: 'http://x/ack/other',
        confirmUrl: undefined,
        jakamoOrderNumber: undefined,
      });

      assert.equal(await archive.settleAcknowledgementsBefore(integration, head), 2);
      const status = async (sha: string, at = integration) => {
        const row = await archive.get(at, sha);
        return `${row.status}/${row.acknowledged_at === null ? 'owed' : 'settled'}`;
      };
      assert.equal(await status(lostAnswer), 'acknowledged/settled');
      assert.equal(await status(badOne), 'quarantined/settled', 'a quarantined message stays quarantined');
      assert.equal(await status(head), 'handed_off/owed', 'the head of the queue is still owed');
      assert.equal(
        await status(neverHandedOff),
        'received/owed',
        'a message the queue gave after the head cannot have been cleared',
      );
      assert.equal(
        await status(lostAnswer, `${integration}-other`),
        'received/owed',
        'other queues are their own',
      );
      assert.equal(
        await archive.settleAcknowledgementsBefore(integration, undefined),
        2,
        'an empty queue settles the head too, and what came after it',
      );
      assert.equal(await status(head), 'acknowledged/settled');
      assert.equal(
        await status(neverHandedOff),
        'received/settled',
        'settled, and still waiting in the outbox for its hand-off',
      );
    });

    void test('the outbox: archived messages wait in queue order for their hand-off, acknowledged or not', async (t) => {
      if (!db) return t.skip(skip);
      const archive = new MessageArchive(db);
      const integration = `outbox-${Date.now()}`;
      const take = async (body: string) =>
        (
          await archive.recordReceived({
            integration,
            rawXml: body,
            acknowledgeUri: `http://x/ack/${body}`,
            confirmUrl: undefined,
            jakamoOrderNumber: undefined,
          })
        ).record;
      // Hashes sort differently from the queue order: the position decides.
      const taken = [];
      for (const body of ['<a/>', '<b/>', '<c/>', '<d/>']) taken.push(await take(body));
      assert.deepEqual(
        taken.map((record) => record.queue_position),
        [1, 2, 3, 4],
      );
      const other = await archive.recordReceived({
        integration: `${integration}-other`,
        rawXml: '<a/>',
        acknowledgeUri: 'http://x/ack/other',
        confirmUrl: undefined,
        jakamoOrderNumber: undefined,
      });
      assert.equal(other.record.queue_position, 1, 'each queue counts its own positions');
      const again = await take('<b/>');
      assert.equal(again.queue_position, 2, 'a redelivery keeps its place');

      const [first, second, third] = taken;
      assert.ok(first && second && third);
      await archive.markAcknowledged(integration, first.sha256);
      await archive.markAcknowledged(integration, second.sha256);
      assert.equal(
        (await archive.get(integration, first.sha256)).status,
        'received',
        'acknowledged, still owed its hand-off',
      );
      assert.deepEqual(
        (await archive.listAwaitingHandOff(integration, 10)).map((record) => record.sha256),
        taken.map((record) => record.sha256),
      );
      const routing = { rootElement: 'Order', documentKind: 'Order', orderKey: `order:${integration}:A:1` };
      await archive.markHandedOff(integration, first.sha256, routing);
      await archive.markHandedOff(integration, third.sha256, routing);
      assert.equal(
        (await archive.get(integration, first.sha256)).status,
        'acknowledged',
        'acknowledged before: done',
      );
      assert.equal(
        (await archive.get(integration, third.sha256)).status,
        'handed_off',
        'its acknowledgement still owed',
      );
      await archive.markAcknowledged(integration, third.sha256);
      assert.equal((await archive.get(integration, third.sha256)).status, 'acknowledged');
      assert.deepEqual(
        (await archive.listAwaitingHandOff(integration, 1)).map((record) => record.sha256),
        [second.sha256],
        'the oldest first, up to the limit',
      );
    });

    void test('the archive recognises a redelivered message by its content hash', async (t) => {
      if (!db) return t.skip(skip);
      const archive = new MessageArchive(db);
      const message = {
        integration: 'demo',
        rawXml: '<Order>1</Order>',
        acknowledgeUri: 'http://x/ack/1',
        confirmUrl: undefined,
        jakamoOrderNumber: 'JKM-1',
      };
      const first = await archive.recordReceived(message);
      assert.equal(first.redelivered, false);
      assert.equal(first.record.sha256, sha256Hex(message.rawXml));
      await archive.markHandedOff('demo', first.record.sha256, {
        rootElement: 'Order',
        documentKind: 'Order',
        orderKey: 'order:demo:A:1',
      });
      const second = await archive.recordReceived(message);
      assert.equal(second.redelivered, true);
      assert.equal(second.record.times_received, 2);
      assert.equal(second.record.status, 'handed_off', 'a redelivery keeps what was already done');
      await archive.markAcknowledged('demo', first.record.sha256);
      await archive.recordReceived({ ...message, rawXml: 'garbage' });
      const garbage = sha256Hex('garbage');
      await archive.markQuarantined('demo', garbage, 'malformed: not XML', undefined);
      await archive.markAcknowledged('demo', garbage);
      assert.deepEqual(await archive.countByStatus('demo'), {
        received: 0,
        handed_off: 0,
        acknowledged: 1,
        quarantined: 1,
      });
      const [quarantined] = await archive.listQuarantined('demo');
      assert.equal(quarantined?.error, 'malformed: not XML');
      assert.equal(quarantined?.status, 'quarantined', 'acknowledging keeps the quarantine visible');
    });

    void test('the reference ERP imports a sales order once, with exact decimals', async (t) => {
      if (!db) return t.skip(skip);
      const erp = new SqlErpAdapter(db);
      const input = {
        orderKey: 'order:demo:ACME-FI:PO-42',
        integration: 'demo',
        jakamoOrderNumber: 'JKM-42',
        sourceMessageSha256: 'f'.repeat(64),
        order,
      };
      assert.deepEqual(await erp.importSalesOrder(input), { orderKey: input.orderKey, created: true });
      assert.deepEqual(await erp.importSalesOrder(input), { orderKey: input.orderKey, created: false });
      const lines = await db
        .selectFrom('sales_order_lines')
        .selectAll()
        .where('order_key', '=', input.orderKey)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        lines.map((line) => [line.line_id, line.quantity, line.price, line.requested_delivery_date]),
        [
          ['1', '100.000001', '0.1234567890123', '2026-12-15'],
          ['2', '5', null, null],
        ],
      );
      const headers = await db.selectFrom('sales_orders').selectAll().execute();
      assert.equal(headers.length, 1);
      assert.equal(headers[0]?.buyer_party_id, 'ACME-FI');
    });
  });
}

onEveryDialect('jakamo-so-db-', storageContract);
