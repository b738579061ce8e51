import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../../db/database';
import { intakeWorkflowId, orderKey } from '../../domain/order-key';
import {
  SandboxControlClient,
  startSandbox,
  type RunningSandbox,
  type PlacedOrder,
  type SandboxIntegrationConfig,
} from '../../sandbox';
import { settledIn, untilOrder } from '../support/orders';
import { connectToDevServer, devServerAddress, eventually } from '../support/temporal';
import { startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';

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

interface CrashRig {
  integration: string;
  customer: string;
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  db: ConnectorDatabase;
  startWorker(extra?: Record<string, string>): WorkerProcess;
  /** A customer order placed in this integration's queue, with its order key. */
  placeOrder(lines: number): Promise<{ placed: PlacedOrder; key: string }>;
  /** Starts a worker again and waits, up to a minute, for the order to be Confirmed. */
  restartUntilConfirmed(key: string): Promise<void>;
  close(): Promise<void>;
}

async function crashRig(): Promise<CrashRig> {
  const suffix = randomUUID().slice(0, 8);
  const integration = `crash-${suffix}`;
  const customer = `ACME-${suffix}`;
  const config: SandboxIntegrationConfig = {
    id: integration,
    username: `supplier-${suffix}`,
    password: 'correct-horse',
    supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
    customers: [{ partyId: customer, name: 'Acme Oy' }],
  };
  const sandbox = await startSandbox({ port: 0, integrations: [config], logLevel: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-crash-'));
  const dbFile = path.join(dir, 'connector.sqlite');
  const db = openDatabase({ kind: 'sqlite', file: dbFile });
  await migrateToLatest(db);
  const workers: WorkerProcess[] = [];
  const control = new SandboxControlClient(sandbox.baseUrl);
  const baseEnv = {
    TEMPORAL_ADDRESS: devServerAddress(),
    TEMPORAL_TASK_QUEUE: `crash-${suffix}`,
    JAKAMO_BASE_URL: sandbox.baseUrl,
    JAKAMO_USERNAME: config.username,
    JAKAMO_PASSWORD: config.password,
    JAKAMO_INTEGRATION: integration,
    JAKAMO_POLL_INTERVAL: '200ms',
    JAKAMO_HTTP_TIMEOUT: '20s',
    DATABASE_URL: dbFile,
    DATA_DIR: dir,
    CONFIRMATION_POLICY: 'auto',
  };
  const startWorker = (extra: Record<string, string> = {}): WorkerProcess => {
    const worker = startWorkerProcess({ ...baseEnv, ...extra }, path.join(dir, 'worker.log'));
    workers.push(worker);
    return worker;
  };
  return {
    integration,
    customer,
    sandbox,
    control,
    db,
    async placeOrder(lines) {
      const placed = await control.placeOrder(integration, { customerPartyId: customer, lines });
      const key = orderKey({
        integration,
        buyerPartyId: placed.buyerPartyId,
        orderNumber: placed.orderNumber,
      });
      return { placed, key };
    },
    startWorker,
    async restartUntilConfirmed(key) {
      startWorker();
      await untilOrder(
        env.client.workflow.getHandle(key),
        'confirmed after the restart',
        settledIn('Confirmed'),
        60_000,
      );
    },
    async close() {
      for (const worker of workers) await worker.kill();
      try {
        await env.client.workflow.getHandle(intakeWorkflowId(integration)).terminate('test finished');
      } catch {
        // not started, or already closed
      }
      await db.destroy();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function simpleConfirmRow(rig: CrashRig, key: string) {
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
    const rig = await crashRig();
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
    const rig = await crashRig();
    try {
      // Every request waits 3 s, so the drain is surely in the middle of one when the worker dies.
      await rig.control.setFaults(rig.integration, { latencyMs: 3000 });
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
      // The liveness bound is well under the old 2-minute heartbeat timeout: without heartbeats
      // during requests and a short timeout, this waits for minutes and fails.
      await rig.restartUntilConfirmed(key);
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
    const rig = await crashRig();
    try {
      // Jakamo is slow: every request waits 2.5 s before it is processed.
      await rig.control.setFaults(rig.integration, { latencyMs: 2500 });
      const { placed, key } = await rig.placeOrder(2);
      const first = rig.startWorker();
      await eventually('the confirm POST in flight', async () =>
        (await simpleConfirmRow(rig, key))?.status === 'sending' ? true : undefined,
      );
      await first.kill();
      assert.equal(await first.exited, 'SIGKILL');

      await rig.control.setFaults(rig.integration, { latencyMs: 0 });
      rig.startWorker();
      const handle = env.client.workflow.getHandle(key);
      await untilOrder(handle, 'confirmed after the restart', settledIn('Confirmed'), 60_000);
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
    const rig = await crashRig();
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
