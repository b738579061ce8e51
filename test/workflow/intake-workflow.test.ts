/**
 * The intake workflow on its own: a real Worker on the run's dev server with a stub drain
 * activity (no sandbox). What it shows in the Web UI: its current details and the drain's summary.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { workflowMetadataQuery } from '@temporalio/workflow';
import type { DrainQueueInput, IntakeActivities } from '../../activities/types';
import type { intakeWorkflow } from '../../workflows/intake';
import { pauseIntakeSignal, type DrainResult } from '../../workflows/intake-messages';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

const testbed = devServerTestbed();

void describe('intake workflow with a stub drain (dev server)', () => {
  void test('its current details show the drains and totals, then why it is paused; the drain activity has a summary', async () => {
    const taskQueue = `intake-wf-${randomUUID()}`;
    const integration = `wf-${randomUUID().slice(0, 8)}`;
    const drains: DrainQueueInput[] = [];
    const activities: IntakeActivities = {
      drainQueue(input): Promise<DrainResult> {
        drains.push(input);
        return Promise.resolve({
          received: 2,
          redelivered: 0,
          handedOff: 2,
          quarantined: 0,
          acknowledged: 2,
          stoppedBecause: 'empty',
        });
      },
    };
    const worker = await Worker.create({
      connection: testbed.env.nativeConnection,
      taskQueue,
      workflowBundle: testbed.workflowBundle,
      activities,
    });
    await worker.runUntil(async () => {
      const handle = await testbed.env.client.workflow.start<typeof intakeWorkflow>('intakeWorkflow', {
        workflowId: `intake-wf-test:${integration}`,
        taskQueue,
        args: [{ integration, pollIntervalMs: 3_600_000, drainBudgetMs: 30_000 }],
      });
      try {
        const details = () => handle.query(workflowMetadataQuery).then((m) => m.currentDetails ?? '');
        const running = await eventually('the first drain in the details', async () => {
          const text = await details();
          return text.includes('| 2 | 0 | 2 | 0 | 2 |') ? text : undefined;
        });
        assert.ok(
          running.startsWith(
            `**Running** — drains Jakamo's queue of integration ${integration}, polls every 3600 s`,
          ),
          running,
        );
        assert.match(running, /Last drain .* · 1 drain since this run started/);

        await handle.signal(pauseIntakeSignal, { reason: 'ERP maintenance' });
        const paused = await eventually('paused in the details', async () => {
          const text = await details();
          return text.startsWith('**Paused**') ? text : undefined;
        });
        assert.ok(
          paused.includes(
            `**Paused** — ERP maintenance; resume with \`JAKAMO_INTEGRATION=${integration} jakamo-so intake resume\``,
          ),
          paused,
        );

        const scheduled = ((await handle.fetchHistory()).events ?? []).filter(
          (event) => event.activityTaskScheduledEventAttributes != null,
        );
        assert.equal(scheduled.length, drains.length);
        const summary = scheduled[0]?.userMetadata?.summary;
        assert.ok(summary != null, 'the drain activity has a summary');
        assert.equal(
          defaultPayloadConverter.fromPayload(summary),
          "drain Jakamo's queue: GET, archive, hand off, acknowledge",
        );
      } finally {
        await handle.terminate('test finished');
      }
    });
  });
});
