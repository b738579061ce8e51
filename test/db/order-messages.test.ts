import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { MessageArchive } from '../../db/message-archive';
import { onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

/** An order's archived messages, as the ERP API lists and serves its documents, on every dialect. */
function orderMessagesContract(name: string, open: OpenTestDatabase) {
  /** Runs with an archive of its own (a fresh database), closed however the test ends. */
  async function withArchive(t: TestContext, run: (archive: MessageArchive) => Promise<void>) {
    const { db, skip } = await openMigratedDatabase(open);
    if (!db) return t.skip(skip);
    try {
      await run(new MessageArchive(db));
    } finally {
      await db.destroy();
    }
  }

  /** Archives a message received at `minute`; with an order key, hands it to that order. Its sha256. */
  async function archived(
    archive: MessageArchive,
    integration: string,
    body: string,
    minute: number,
    handOff?: { orderKey: string; documentKind: string },
  ): Promise<string> {
    const { record } = await archive.recordReceived(
      {
        integration,
        rawXml: `<Order>${body}</Order>`,
        acknowledgeUri: `http://x/ack/${body}`,
        confirmUrl: undefined,
        jakamoOrderNumber: 'JKM-000001',
      },
      at(minute),
    );
    if (handOff !== undefined) {
      await archive.markHandedOff(integration, record.sha256, { rootElement: 'Order', ...handOff });
    }
    return record.sha256;
  }

  /** A message of the order as the list shows it (no raw XML), received once at `minute`. */
  function summary(sha256: string, documentKind: string, minute: number) {
    return {
      sha256,
      document_kind: documentKind,
      root_element: 'Order',
      jakamo_order_number: 'JKM-000001',
      first_received_at: at(minute).toISOString(),
      last_received_at: at(minute).toISOString(),
      times_received: 1,
      error: null,
    };
  }

  void describe(`an order's archived messages on ${name}`, () => {
    void test("the order's messages, oldest first, without their raw XML; nobody else's", (t) =>
      withArchive(t, async (archive) => {
        const orderKey = 'order:demo:ACME-FI:PO-1';
        // Archived out of order, and their hashes sort the other way: the list goes by when each
        // was received.
        const change = await archived(archive, 'demo', 'its change', 5, {
          orderKey,
          documentKind: 'OrderChange',
        });
        const order = await archived(archive, 'demo', 'the order', 1, { orderKey, documentKind: 'Order' });
        await archive.markAcknowledged('demo', order, at(2));
        await archived(archive, 'demo', 'another order', 3, {
          orderKey: 'order:demo:ACME-FI:PO-2',
          documentKind: 'Order',
        });
        await archived(archive, 'other', 'another integration', 4, { orderKey, documentKind: 'Order' });
        await archived(archive, 'demo', 'not handed off yet', 6);

        const messages = await archive.listForOrder('demo', orderKey);
        // PostgreSQL may give the count as text: what matters is how many times.
        const seen = messages.map((message) => ({
          ...message,
          times_received: Number(message.times_received),
        }));
        assert.deepEqual(seen, [
          { ...summary(order, 'Order', 1), status: 'acknowledged', acknowledged_at: at(2).toISOString() },
          { ...summary(change, 'OrderChange', 5), status: 'handed_off', acknowledged_at: null },
        ]);
        assert.deepEqual(await archive.listForOrder('demo', 'order:demo:ACME-FI:NONE'), []);
      }));

    void test("one of the order's messages with its raw XML; another order's is not found", (t) =>
      withArchive(t, async (archive) => {
        const orderKey = 'order:demo:ACME-FI:PO-1';
        const mine = await archived(archive, 'demo', 'mine', 1, { orderKey, documentKind: 'Order' });
        const theirs = await archived(archive, 'demo', 'theirs', 2, {
          orderKey: 'order:demo:ACME-FI:PO-2',
          documentKind: 'Order',
        });

        const found = await archive.findForOrder('demo', orderKey, mine);
        assert.equal(found?.raw_xml, '<Order>mine</Order>');
        assert.equal(found?.document_kind, 'Order');
        assert.equal(await archive.findForOrder('demo', orderKey, theirs), undefined);
        assert.equal(await archive.findForOrder('other', orderKey, mine), undefined);
        assert.equal(await archive.findForOrder('demo', orderKey, 'f'.repeat(64)), undefined);
      }));
  });
}

onEveryDialect('jakamo-so-order-messages-', orderMessagesContract);
