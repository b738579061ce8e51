import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { orderKey } from '../../domain/order-key';
import { bundleWorkflows } from '../../worker/create-worker';
import { intakeStateQuery } from '../../workflows/intake-messages';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { connectToDevServer, eventually } from '../support/temporal';
import { jakamoSoOn, type CliResult } from '../support/cli';

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let pipeline: PipelineUnderTest;

before(async () => {
  env = await connectToDevServer();
  workflowBundle = await bundleWorkflows();
  pipeline = await startPipeline(env, workflowBundle);
});
after(async () => {
  await pipeline?.close();
  await env?.teardown();
});

function jakamoSo(...args: string[]): Promise<CliResult> {
  return jakamoSoOn(pipeline, {}, ...args);
}

void describe('operator commands against a running pipeline', () => {
  void test('intake status, pause and resume steer the intake workflow', async () => {
    const [placed] = [
      await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: pipeline.customers[0],
        lines: 1,
        seed: 3,
      }),
    ];
    const workflowId = await pipeline.startIntake();
    await eventually('the order confirmed', async () =>
      (await pipeline.control.getOrder(placed.jakamoOrderNumber)).status === 'Confirmed' ? true : undefined,
    );

    const status = await jakamoSo('intake', 'status');
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { integration: string }).integration, pipeline.integration);

    assert.equal((await jakamoSo('intake', 'pause', '--reason', 'ERP upgrade')).code, 0);
    const handle = env.client.workflow.getHandle(workflowId);
    await eventually('paused', async () =>
      (await handle.query(intakeStateQuery)).pausedBecause === 'ERP upgrade' ? true : undefined,
    );
    assert.equal((await jakamoSo('intake', 'resume')).code, 0);
    await eventually('resumed', async () =>
      (await handle.query(intakeStateQuery)).paused ? undefined : true,
    );

    const key = orderKey({
      integration: pipeline.integration,
      buyerPartyId: placed.buyerPartyId,
      orderNumber: placed.orderNumber,
    });
    const shown = await jakamoSo('order', 'show', key, '--json');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { status: string }).status, 'Confirmed');
    const byJakamoNumber = await jakamoSo('order', 'show', placed.jakamoOrderNumber, '--json');
    assert.equal((JSON.parse(byJakamoNumber.stdout) as { orderKey: string }).orderKey, key);

    const listed = await eventually('the order in the list', async () => {
      const result = await jakamoSo('orders', '--status', 'Confirmed');
      return result.stdout.includes(key) ? result : undefined;
    });
    assert.match(listed.stdout, /Confirmed/);

    const retry = await jakamoSo('order', 'retry', key);
    assert.equal(retry.code, 1);
    assert.match(
      retry.stderr,
      /^Retry refused: .*does not need attention \(status Confirmed\): nothing to retry/,
    );
    const resolve = await jakamoSo('order', 'resolve', placed.jakamoOrderNumber, '--reason', 'nothing to do');
    assert.equal(resolve.code, 1);
    assert.match(
      resolve.stderr,
      /^Resolve refused: .*does not need attention \(status Confirmed\): nothing to resolve/,
    );
    const deprecated = await jakamoSo('order', 'cancel-attention', key);
    assert.equal(deprecated.code, 1);
    assert.match(deprecated.stderr, /`order cancel-attention` is deprecated: use `order resolve`/);
    assert.match(deprecated.stderr, /Resolve refused: /);
  });

  void test('an unknown order key gets a clear error, not a stack trace', async () => {
    const result = await jakamoSo('order', 'show', 'order:nope:X:Y');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No such order: order:nope:X:Y/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
