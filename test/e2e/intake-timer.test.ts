import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import {
  intakeStateQuery,
  pauseIntakeSignal,
  pollNowSignal,
  resumeIntakeSignal,
} from '../../workflows/intake-messages';
import { startPipeline } from '../support/pipeline';
import { quietTemporalRuntime } from '../../harness/temporal-runtime';
import { eventually, testServerPath } from '../support/temporal';

// The time-skipping server has no custom search attributes, so these tests keep the queue
// empty (no order workflow starts) and look at the intake's polling alone.
let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

before(async () => {
  quietTemporalRuntime();
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
  workflowBundle = await bundleWorkflows();
});
after(async () => {
  await env?.teardown();
});

void describe('intake polling (time-skipping test server)', () => {
  void test('an empty queue is polled again after the poll interval, on a durable timer', async () => {
    const pipeline = await startPipeline(env, workflowBundle);
    try {
      const workflowId = await pipeline.startIntake({ pollIntervalMs: 6 * 3_600_000 });
      const handle = env.client.workflow.getHandle(workflowId);
      await eventually('the first drain of the empty queue', async () => {
        const state = await handle.query(intakeStateQuery);
        return state.drains >= 1 ? state : undefined;
      });
      await env.sleep('5 hours');
      assert.equal(
        (await handle.query(intakeStateQuery)).drains,
        1,
        'no second drain before the interval ends',
      );
      await env.sleep('1 hour');
      await eventually('the second drain after six hours', async () => {
        const state = await handle.query(intakeStateQuery);
        return state.drains >= 2 ? state : undefined;
      });
    } finally {
      await pipeline.close();
    }
  });

  void test('pause stops polling, and resume polls at once', async () => {
    const pipeline = await startPipeline(env, workflowBundle);
    try {
      const workflowId = await pipeline.startIntake({ pollIntervalMs: 3_600_000 });
      const handle = env.client.workflow.getHandle(workflowId);
      await eventually('the first drain', async () =>
        (await handle.query(intakeStateQuery)).drains >= 1 ? true : undefined,
      );
      await handle.signal(pauseIntakeSignal, { reason: 'ERP maintenance' });
      await env.sleep('3 hours');
      const paused = await handle.query(intakeStateQuery);
      assert.equal(paused.paused, true);
      assert.equal(paused.pausedBecause, 'ERP maintenance');
      const drainsWhilePaused = paused.drains;
      assert.ok(drainsWhilePaused <= 2, 'at most the drain that was due when the pause came');

      await handle.signal(resumeIntakeSignal);
      await eventually('a drain right after resume', async () => {
        const state = await handle.query(intakeStateQuery);
        return !state.paused && state.drains > drainsWhilePaused ? state : undefined;
      });
      const before = (await handle.query(intakeStateQuery)).drains;
      await handle.signal(pollNowSignal);
      await eventually('a drain right after poll-now', async () =>
        (await handle.query(intakeStateQuery)).drains > before ? true : undefined,
      );
    } finally {
      await pipeline.close();
    }
  });
});
