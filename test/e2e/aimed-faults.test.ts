import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConnectorDatabase } from '../../db/database';
import { orderKey } from '../../domain/order-key';
import type { PlacedOrder, SandboxOrderState } from '../../sandbox';
import { settledIn, untilOrder } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';
import { startWorkerRig } from '../support/worker-rig';

/**
 * Issue 10, defect 3: faults aimed at the windows where a step could be done twice — Jakamo
 * processed a supplier request whose answer never reached the worker (lost answers, a worker killed
 * while the answer is on its way). The pipeline must end every order right; what Jakamo received is
 * counted on the sandbox's order (`documents`), so a test or a soak can say how often.
 */

const testbed = devServerTestbed();

function keyOf(integration: string, placed: PlacedOrder): string {
  return orderKey({ integration, buyerPartyId: placed.buyerPartyId, orderNumber: placed.orderNumber });
}

/** The supplier requests Jakamo processed for an order, by kind. */
function documentsOf(order: SandboxOrderState, kind: SandboxOrderState['documents'][number]['kind']) {
  return order.documents.filter((document) => document.kind === kind);
}

async function outboundRows(db: ConnectorDatabase, key: string) {
  return db.selectFrom('outbound_documents').selectAll().where('order_key', '=', key).execute();
}

void describe('lost answers (processed by Jakamo, the answer never arrives)', () => {
  void test('confirms whose answers are lost are sent again: every order ends Confirmed, and Jakamo counted each resend', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle);
    try {
      await pipeline.control.setFaults(pipeline.integration, { lostAnswerRate: 0.35, seed: 5 });
      const placed: PlacedOrder[] = [];
      for (let i = 0; i < 6; i += 1) {
        placed.push(
          await pipeline.control.placeOrder(pipeline.integration, {
            customerPartyId: pipeline.customers[i % 2],
            lines: 1 + (i % 3),
            seed: 40 + i,
          }),
        );
      }
      await pipeline.startIntake();
      for (const order of placed) {
        await untilOrder(
          testbed.env.client.workflow.getHandle(keyOf(pipeline.integration, order)),
          'confirmed',
          settledIn('Confirmed'),
        );
      }
      await assertEveryRequestCounted(pipeline, placed, 'Confirm', 'SimpleConfirm');
      const stats = (await pipeline.control.stats()).integrations[pipeline.integration];
      assert.ok(stats.lostAnswers > 0, 'the fault did hit some confirms');
      assert.equal(stats.queued, 0);
    } finally {
      await pipeline.close();
    }
  });

  void test('an OrderResponse whose answer is lost is sent again: Confirmed, and Jakamo counted two OrderResponses', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
      orders: { defaultResponseStyle: 'order-response' },
    });
    try {
      await pipeline.control.setFaults(pipeline.integration, { loseNextAnswers: 1 });
      const placed = await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: pipeline.customers[0],
        lines: 2,
      });
      await pipeline.startIntake();
      await untilOrder(
        testbed.env.client.workflow.getHandle(keyOf(pipeline.integration, placed)),
        'confirmed',
        settledIn('Confirmed'),
      );
      const jakamo = await pipeline.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.status, 'Confirmed');
      assert.deepEqual(
        documentsOf(jakamo, 'OrderResponse').map((document) => [
          document.httpStatus,
          document.answerLost ?? false,
        ]),
        [
          [200, true],
          [200, false],
        ],
      );
      await assertEveryRequestCounted(pipeline, [placed], 'OrderResponse', 'OrderResponse');
    } finally {
      await pipeline.close();
    }
  });
});

/**
 * What the worker sent (its outbound record's attempts) and what Jakamo processed (the sandbox's
 * documents) agree for every order: each lost answer shows as one more processed request.
 */
async function assertEveryRequestCounted(
  pipeline: PipelineUnderTest,
  placed: PlacedOrder[],
  kind: 'Confirm' | 'OrderResponse',
  outboundKind: 'SimpleConfirm' | 'OrderResponse',
): Promise<void> {
  for (const order of placed) {
    const jakamo = await pipeline.control.getOrder(order.jakamoOrderNumber);
    assert.equal(jakamo.status, 'Confirmed', order.jakamoOrderNumber);
    const processed = documentsOf(jakamo, kind);
    const lost = processed.filter((document) => document.answerLost === true).length;
    assert.equal(
      processed.length,
      lost + 1,
      `${order.jakamoOrderNumber}: one answered request, plus one per lost answer`,
    );
    const rows = (await outboundRows(pipeline.db, keyOf(pipeline.integration, order))).filter(
      (row) => row.kind === outboundKind,
    );
    assert.equal(rows.length, 1, 'one outbound step');
    assert.equal(rows[0]?.attempts, processed.length, 'every attempt reached Jakamo and was counted there');
    assert.equal(rows[0]?.accepted, 1);
  }
}

void describe('a worker killed while a confirm is in flight', () => {
  void test('killed after Jakamo processed the confirm but before its answer arrived (answerDelayMs): the restarted worker sends it again, the order ends Confirmed, and Jakamo shows the confirm twice', async () => {
    const rig = await startWorkerRig(testbed.env.client, { name: 'aimed' });
    try {
      // Jakamo processes at once, but holds its answers until their client goes: the kill lands
      // in that window however long it takes.
      await rig.control.setFaults(rig.integration, { answerDelayMs: 600_000 });
      const { placed, key } = await rig.placeOrder(2);
      const first = rig.startWorker();
      await eventually('Jakamo has processed the confirm', async () =>
        (await rig.control.getOrder(placed.jakamoOrderNumber)).confirmations === 1 ? true : undefined,
      );
      await first.kill();
      const [row] = await outboundRows(rig.db, key);
      assert.equal(row?.status, 'sending', 'the worker never heard the answer');

      await rig.control.setFaults(rig.integration, { answerDelayMs: 0 });
      await rig.restartUntilConfirmed(key);
      const jakamo = await rig.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.status, 'Confirmed');
      assert.equal(
        jakamo.confirmations,
        2,
        'the window the SO API cannot close: Jakamo has the confirm twice',
      );
      assert.equal(documentsOf(jakamo, 'Confirm').length, 2);
      const [after] = await outboundRows(rig.db, key);
      assert.equal(after?.attempts, 2);
      assert.equal(after?.accepted, 1);
    } finally {
      await rig.close();
    }
  });

  void test('JAKAMO_SO_TEST_CRASH_AT=jakamo-request-sent:simpleConfirm kills the worker once the confirm has been written, before its answer is read; the restarted worker confirms the order', async () => {
    const rig = await startWorkerRig(testbed.env.client, { name: 'aimed' });
    try {
      const { placed, key } = await rig.placeOrder(1);
      const first = rig.startWorker({ JAKAMO_SO_TEST_CRASH_AT: 'jakamo-request-sent:simpleConfirm' });
      assert.equal(await first.exited, 'SIGKILL', 'the worker died at the crash point');
      const [row] = await outboundRows(rig.db, key);
      assert.equal(row?.kind, 'SimpleConfirm');
      assert.equal(row?.status, 'sending', 'sent, and no answer recorded');
      // The intake's own requests never trip it: the order was received and acknowledged first.
      const stats = (await rig.control.stats()).integrations[rig.integration];
      assert.equal(stats.acknowledged, 1);
      // Jakamo got the whole request before the worker died: it processes it (nobody hears the answer).
      const processed = await eventually('Jakamo processed the confirm of the dead worker', async () => {
        const order = await rig.control.getOrder(placed.jakamoOrderNumber);
        return order.confirmations === 1 ? order : undefined;
      });
      assert.equal(documentsOf(processed, 'Confirm').length, 1);

      await rig.restartUntilConfirmed(key);
      const jakamo = await rig.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.confirmations, 2, 'sent once by each worker');
      const [after] = await outboundRows(rig.db, key);
      assert.equal(after?.attempts, 2);
    } finally {
      await rig.close();
    }
  });
});
