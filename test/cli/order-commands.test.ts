import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import type { OrderState } from '../../workflows/order/state';
import { keyOf } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { connectToDevServer, eventually } from '../support/temporal';
import { jakamoSoOn, type CliResult } from '../support/cli';

/** The ERP's and the operator's order commands, run as a child process against a pipeline with policy `erp`. */

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let pipeline: PipelineUnderTest;

before(async () => {
  env = await connectToDevServer();
  workflowBundle = await bundleWorkflows();
  pipeline = await startPipeline(env, workflowBundle, { orders: { confirmationPolicy: 'erp' } });
  await pipeline.startIntake();
});
after(async () => {
  await pipeline?.close();
  await env?.teardown();
});

function jakamoSo(...args: string[]): Promise<CliResult> {
  return jakamoSoOn(pipeline, { LOG_LEVEL: 'silent' }, ...args);
}

/** `order show <reference> --json`, parsed; undefined while the order cannot be found yet. */
async function shownState(reference: string): Promise<OrderState | undefined> {
  const shown = await jakamoSo('order', 'show', reference, '--json');
  return shown.code === 0 ? (JSON.parse(shown.stdout) as OrderState) : undefined;
}

function untilStatus(reference: string, status: OrderState['status']): Promise<OrderState> {
  return eventually(`order ${reference} in ${status}`, async () => {
    const state = await shownState(reference);
    return state?.status === status ? state : undefined;
  });
}

void describe('order commands: the ERP confirms and delivers from the command line', () => {
  void test('an order waiting for the ERP is confirmed with changed lines by its Jakamo number', async () => {
    const placed = await pipeline.control.placeOrder(pipeline.integration, {
      customerPartyId: pipeline.customers[0],
      lines: 2,
      seed: 11,
    });
    const jakamoNumber = placed.jakamoOrderNumber;
    const waiting = await untilStatus(jakamoNumber, 'AwaitingErpConfirmation');
    assert.equal(waiting.orderKey, keyOf(pipeline, placed));
    assert.equal(waiting.jakamoOrderNumber, jakamoNumber);
    assert.deepEqual(
      waiting.lines.map((line) => line.lineId),
      ['1', '2'],
    );

    const refusedDeliver = await jakamoSo(
      'order',
      'deliver',
      jakamoNumber,
      '--lines',
      '[{"lineId":"1","quantity":"1"}]',
    );
    assert.equal(refusedDeliver.code, 1, refusedDeliver.stdout);
    assert.match(refusedDeliver.stderr, /^Deliver refused: .*not confirmed yet/);
    assert.doesNotMatch(refusedDeliver.stderr, /\n\s+at /);

    const badLines = await jakamoSo(
      'order',
      'confirm',
      jakamoNumber,
      '--lines',
      '[{"lineId":"1","quantity":1.5}]',
    );
    assert.equal(badLines.code, 1);
    // The ERP API's words for the same body, naming the option.
    assert.match(
      badLines.stderr,
      /^--lines\[0\]\.quantity: must be a decimal written as a string, such as "8" or "12\.50"\n$/,
    );

    const confirm = () =>
      jakamoSo(
        'order',
        'confirm',
        jakamoNumber,
        '--lines',
        '[{"lineId":"1","quantity":"1"}]',
        '--note',
        'Only one in stock',
        '--idempotency-key',
        `erp-confirm-${jakamoNumber}`,
      );
    const confirmed = await confirm();
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.match(confirmed.stdout, /^Confirm accepted: .+ \(status \w+\)\n$/);

    const proposed = await untilStatus(jakamoNumber, 'WaitingForCustomer');
    assert.equal(proposed.lines[0].confirmed?.quantity, '1');
    const jakamo = await pipeline.control.getOrder(jakamoNumber);
    assert.equal(jakamo.status, 'Waiting for customer action');
    assert.equal(jakamo.orderResponses, 1);

    // The same idempotency key again is the same update: decided once, the same answer.
    const again = await confirm();
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, confirmed.stdout);
    assert.equal((await pipeline.control.getOrder(jakamoNumber)).orderResponses, 1);

    const readable = await jakamoSo('order', 'show', jakamoNumber);
    assert.equal(readable.code, 0, readable.stderr);
    assert.match(
      readable.stdout,
      new RegExp(`^Order ${keyOf(pipeline, placed).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`),
    );
    assert.match(readable.stdout, /Jakamo number\s+JKM-\d{6}/);
    assert.match(readable.stdout, /status\s+WaitingForCustomer/);
    assert.match(
      readable.stdout,
      /line\s+item\s+req qty\s+req price\s+req date\s+conf qty\s+conf price\s+conf date\s+delivered\s+status/,
    );
    assert.match(readable.stdout, /\n\s+1\s+.*\s+1(\s+[A-Z]+)?\s+.*Proposed/);
    assert.match(readable.stdout, /Sent to Jakamo \(1\)\n.*OrderResponse/);
  });

  void test('unknown Jakamo numbers and order keys get one clear line', async () => {
    const byNumber = await jakamoSo('order', 'show', 'JKM-999999');
    assert.equal(byNumber.code, 1);
    assert.match(
      byNumber.stderr,
      new RegExp(
        `^No order with Jakamo order number "JKM-999999" in integration "${pipeline.integration}" \\(an order key looks like order:\\{integration\\}:\\{buyer\\}:\\{order number\\}\\)\n$`,
      ),
    );
    const byKey = await jakamoSo('order', 'confirm', `order:${pipeline.integration}:NOBODY:PO-0`);
    assert.equal(byKey.code, 1);
    assert.match(byKey.stderr, new RegExp(`^No such order: order:${pipeline.integration}:NOBODY:PO-0\n$`));
  });
});
