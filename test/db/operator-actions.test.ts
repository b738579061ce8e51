import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConnectorDatabase } from '../../db/database';
import { MessageArchive, sha256Hex } from '../../db/message-archive';
import { OperatorActions } from '../../db/operator-actions';
import { onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

/** The operator-action record and the quarantine resolutions, on every dialect the product supports. */
function operatorActionsContract(name: string, open: OpenTestDatabase) {
  void describe(`operator actions on ${name}`, () => {
    let db: ConnectorDatabase | undefined;
    let skip: string | undefined;

    before(async () => {
      ({ db, skip } = await openMigratedDatabase(open));
    });
    after(async () => {
      await db?.destroy();
    });

    void test('an action is recorded with its reason, outcome and actor, and listed per order', async (t) => {
      if (!db) return t.skip(skip);
      const actions = new OperatorActions(db);
      const key = 'order:demo:ACME-FI:PO-1';
      await actions.record(
        {
          integration: 'demo',
          action: 'order.replay',
          target: key,
          reason: 'terminated by mistake',
          outcome: 'done',
          detail: 'fresh run r-2',
          actor: 'ops',
        },
        at(1),
      );
      await actions.record(
        { integration: 'demo', action: 'order.reset', target: key, reason: '  ', outcome: 'refused' },
        at(0),
      );
      await actions.record(
        {
          integration: 'other',
          action: 'order.retry',
          target: 'order:other:X:Y',
          reason: undefined,
          outcome: 'failed',
        },
        at(2),
      );

      const listed = await actions.listForTarget(key);
      assert.deepEqual(
        listed.map((action) => [action.at, action.action, action.outcome, action.reason, action.detail]),
        [
          [at(0).toISOString(), 'order.reset', 'refused', undefined, undefined],
          [at(1).toISOString(), 'order.replay', 'done', 'terminated by mistake', 'fresh run r-2'],
        ],
      );
      assert.equal(listed[1].actor, 'ops');
      assert.notEqual(listed[0].id, listed[1].id);
      assert.deepEqual(
        (await actions.listRecent('demo')).map((action) => action.action),
        ['order.replay', 'order.reset'],
      );
    });

    void test('a quarantined message is reprocessed or discarded once, with the reason kept on it', async (t) => {
      if (!db) return t.skip(skip);
      const archive = new MessageArchive(db);
      const received = async (xml: string) =>
        (
          await archive.recordReceived({
            integration: 'demo',
            rawXml: xml,
            acknowledgeUri: 'http://127.0.0.1/ack',
            confirmUrl: undefined,
            jakamoOrderNumber: 'JKM-1',
          })
        ).record.sha256;
      const late = await received('<Order>late</Order>');
      const broken = await received('<Order>broken');
      const handedOff = await received('<Order>fine</Order>');
      await archive.markQuarantined('demo', late, 'order has finished', 'Order');
      await archive.markAcknowledged('demo', late);
      await archive.markQuarantined('demo', broken, 'malformed: not XML', undefined);
      await archive.markHandedOff('demo', handedOff, {
        rootElement: 'Order',
        documentKind: 'Order',
        orderKey: 'order:demo:A:1',
      });

      assert.deepEqual(
        (await archive.listOpenQuarantine('demo')).map((m) => m.sha256).sort(),
        [late, broken].sort(),
      );
      assert.deepEqual(
        (await archive.findByIdPrefix('demo', late.slice(0, 12))).map((m) => m.sha256),
        [late],
      );
      assert.deepEqual(await archive.findByIdPrefix('demo', late.slice(0, 4)), [], 'too short an id');
      assert.equal(sha256Hex('<Order>late</Order>'), late);

      await archive.markReprocessed(
        'demo',
        late,
        { rootElement: 'Order', documentKind: 'Order', orderKey: 'order:demo:A:2' },
        'replayed the order',
        at(5),
      );
      await archive.markDiscarded('demo', broken, 'the customer sent it again, fixed', at(6));
      const reprocessed = await archive.get('demo', late);
      assert.equal(
        reprocessed.status,
        'acknowledged',
        'acknowledged before: handed off and acknowledged now',
      );
      assert.equal(reprocessed.order_key, 'order:demo:A:2');
      assert.equal(reprocessed.resolution, 'reprocessed');
      assert.equal(reprocessed.resolution_reason, 'replayed the order');
      assert.equal(reprocessed.error, 'order has finished', 'why it was quarantined is kept');
      const discarded = await archive.get('demo', broken);
      assert.equal(discarded.status, 'quarantined');
      assert.equal(discarded.resolution, 'discarded');
      assert.equal(discarded.resolved_at, at(6).toISOString());
      assert.deepEqual(await archive.listOpenQuarantine('demo'), []);
      assert.equal(
        (await archive.listQuarantined('demo')).length,
        1,
        'the discarded one is still quarantined',
      );

      await archive.markDiscarded('demo', handedOff, 'not quarantined');
      assert.equal(
        (await archive.get('demo', handedOff)).resolution,
        null,
        'only a quarantined message is discarded',
      );
      assert.deepEqual(
        (await archive.listHandedOffForOrder('demo', 'order:demo:A:2')).map((m) => m.sha256),
        [late],
      );
    });
  });
}

onEveryDialect('jakamo-so-actions-', operatorActionsContract);
