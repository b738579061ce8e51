import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { intakeWorkflowId } from '../../domain/order-key';
import { connectToDevServer, eventually } from '../support/temporal';
import { startWorkerRig, type WorkerRig } from '../support/worker-rig';

/**
 * A worker SIGKILLed in the middle of a step. The worker is the real deployment command
 * (`jakamo-so worker`) in a child process, against the run's dev server, the sandbox and SQLite.
 */

let env: TestWorkflowEnvironment;
before(async () => {
  env = await connectToDevServer();
});
after(async () => {
  await env?.teardown();
});

async function simpleConfirmRow(rig: WorkerRig, key: string) {
  return rig.db
    .selectFrom('outbound_documents')
    .selectAll()
    .where('order_key', '=', key)
    .where('kind', '=', 'SimpleConfirm')
    .executeTakeFirst();
}

/** The last attempt of the order's simple-confirm activity, as the history records it. */
async function confirmActivity(key: string) {
  const events = (await env.client.workflow.getHandle(key).fetchHistory()).events ?? [];
  const scheduled = events.find(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'simpleConfirm',
  );
  const started = events.find(
    (event) =>
      event.activityTaskStartedEventAttributes?.scheduledEventId?.toString() ===
      scheduled?.eventId?.toString(),
  );
  const completed = events.find(
    (event) =>
      event.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() ===
      scheduled?.eventId?.toString(),
  );
  return {
    attempt: started?.activityTaskStartedEventAttributes?.attempt,
    lastFailure: started?.activityTaskStartedEventAttributes?.lastFailure,
    result: defaultPayloadConverter.fromPayload<{ alreadySent: boolean }>(
      completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0] ?? {},
    ),
  };
}

/** The drain activity's attempt that runs now or ran last, as the intake's history and describe() tell. */
async function drainActivity(integration: string) {
  const handle = env.client.workflow.getHandle(intakeWorkflowId(integration));
  const events = (await handle.fetchHistory()).events ?? [];
  const starts = events.filter((event) => event.activityTaskStartedEventAttributes);
  return starts.map((event) => ({
    attempt: event.activityTaskStartedEventAttributes?.attempt,
    lastFailure: event.activityTaskStartedEventAttributes?.lastFailure,
  }));
}

void describe('a worker killed in the middle of a queue drain', () => {
  void test('killed after the acknowledgement, before the hand-off: the archive (the outbox) still hands the message to its order, once', async () => {
    const rig = await startWorkerRig(env.client, { name: 'crash' });
    try {
      const { placed, key } = await rig.placeOrder(1);
      const first = rig.startWorker({ JAKAMO_SO_TEST_CRASH_AT: 'message-acknowledged' });
      assert.equal(await first.exited, 'SIGKILL', 'the worker died at the crash point');
      const stats = (await rig.control.stats()).integrations[rig.integration];
      assert.equal(stats?.queued, 0, "Jakamo's queue has moved on");
      assert.equal(stats?.acknowledged, 1);
      const archived = await rig.db
        .selectFrom('inbound_messages')
        .selectAll()
        .where('integration', '=', rig.integration)
        .execute();
      assert.equal(archived.length, 1);
      assert.equal(archived[0]?.status, 'received', 'archived and acknowledged, not handed off');
      assert.notEqual(archived[0]?.acknowledged_at, null);
      await assert.rejects(env.client.workflow.getHandle(key).describe(), 'no order workflow yet');

      await rig.restartUntilConfirmed(key);
      assert.equal((await rig.control.getOrder(placed.jakamoOrderNumber)).confirmations, 1);
      const after = await rig.db
        .selectFrom('inbound_messages')
        .select(['status'])
        .where('integration', '=', rig.integration)
        .execute();
      assert.deepEqual(
        after.map((row) => row.status),
        ['acknowledged'],
      );
      const afterStats = (await rig.control.stats()).integrations[rig.integration];
      assert.equal(afterStats?.delivered, 1, 'Jakamo never had to deliver it again');
    } finally {
      await rig.close();
    }
  });

  void test('the intake drains again after the restart: the dead drain is noticed by its heartbeats, not after minutes', async () => {
    const rig = await startWorkerRig(env.client, { name: 'crash' });
    try {
      // Every request is held until its client goes: the drain is in the middle of one, for as long
      // as it takes, when the worker dies.
      await rig.control.setFaults(rig.integration, { latencyMs: 600_000 });
      await rig.control.placeOrder(rig.integration, { customerPartyId: rig.customer, lines: 1 });
      const first = rig.startWorker();
      const intake = env.client.workflow.getHandle(intakeWorkflowId(rig.integration));
      await eventually('a drain running', async () => {
        const described = await intake.describe().catch(() => undefined);
        const pending = described?.raw.pendingActivities ?? [];
        return pending.some(
          (activity) =>
            activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
        )
          ? true
          : undefined;
      });
      await first.kill();

      // An order placed after the crash can only arrive through a drain on the new worker.
      await rig.control.setFaults(rig.integration, { latencyMs: 0 });
      const { key } = await rig.placeOrder(1);
      await rig.restartUntilConfirmed(key);
      // Why the drain ran again is in its last failure, not in how long it took: a heartbeat
      // timeout (without heartbeats during requests it would be the start-to-close timeout).
      const retried = (await drainActivity(rig.integration)).find(
        (start) =>
          start.lastFailure?.timeoutFailureInfo?.timeoutType ===
          temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
      );
      assert.ok(retried !== undefined, 'the interrupted drain was retried after a heartbeat timeout');
      assert.ok((retried.attempt ?? 0) >= 2);
    } finally {
      await rig.close();
    }
  });
});

void describe('a worker killed in the middle of a confirmation', () => {
  void test('killed while the confirm POST is in flight: Jakamo sees one confirmation, and the retry starts from a heartbeat timeout, not the 3-minute one', async () => {
    const rig = await startWorkerRig(env.client, { name: 'crash' });
    try {
      // The confirm is held, unprocessed, until its client goes: it is in flight, for as long as
      // it takes, when the worker dies.
      await rig.control.setFaults(rig.integration, { holdNextDocuments: 1 });
      const { placed, key } = await rig.placeOrder(2);
      const first = rig.startWorker();
      await eventually('the confirm POST in flight', async () =>
        (await simpleConfirmRow(rig, key))?.status === 'sending' &&
        (await rig.control.stats()).integrations[rig.integration]?.delayedRequests === 1
          ? true
          : undefined,
      );
      await first.kill();
      assert.equal(await first.exited, 'SIGKILL');

      await rig.restartUntilConfirmed(key);
      const jakamo = await rig.control.getOrder(placed.jakamoOrderNumber);
      assert.equal(jakamo.status, 'Confirmed');
      assert.equal(jakamo.confirmations, 1, 'Jakamo saw exactly one confirmation');
      const row = await simpleConfirmRow(rig, key);
      assert.equal(
        row?.attempts,
        2,
        'sent by the dead worker (never processed) and once more after the restart',
      );
      assert.equal(row?.accepted, 1);

      const activity = await confirmActivity(key);
      assert.equal(activity.attempt, 2);
      assert.equal(
        activity.lastFailure?.timeoutFailureInfo?.timeoutType,
        temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
        'the dead worker was noticed by its missing heartbeats',
      );
    } finally {
      await rig.close();
    }
  });

  void test('killed right after the answer was recorded: the retry sends nothing and Jakamo sees one confirmation', async () => {
    const rig = await startWorkerRig(env.client, { name: 'crash' });
    try {
      const { placed, key } = await rig.placeOrder(1);
      const first = rig.startWorker({ JAKAMO_SO_TEST_CRASH_AT: 'outbound-answer-recorded' });
      assert.equal(await first.exited, 'SIGKILL', 'the worker died at the crash point');
      assert.equal((await rig.control.getOrder(placed.jakamoOrderNumber)).confirmations, 1);
      assert.equal((await simpleConfirmRow(rig, key))?.status, 'answered');

      await rig.restartUntilConfirmed(key);
      assert.equal((await rig.control.getOrder(placed.jakamoOrderNumber)).confirmations, 1, 'not sent again');
      const row = await simpleConfirmRow(rig, key);
      assert.equal(row?.attempts, 1);
      const activity = await confirmActivity(key);
      assert.equal(activity.attempt, 2);
      assert.equal(activity.result.alreadySent, true, 'the retry found the recorded answer');
    } finally {
      await rig.close();
    }
  });
});
