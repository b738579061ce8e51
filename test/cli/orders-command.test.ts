import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import type { OrderSummary } from '../../client/orders/order-list';
import { orderReferenceCloseness } from '../../client/orders/order-reference';
import type { PlacedOrder } from '../../sandbox';
import { bundleWorkflows } from '../../worker/create-worker';
import { keyOf } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { connectToDevServer, eventually } from '../support/temporal';
import { jakamoSoOn, type CliResult } from '../support/cli';

/**
 * `jakamo-so orders` (a table with a header, a page at a time, "showing N of M") and what a
 * reference that names no order answers (what a key looks like, the order it probably meant),
 * run as a child process against a pipeline with three confirmed orders.
 */

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let pipeline: PipelineUnderTest;
let placed: PlacedOrder[];

before(async () => {
  env = await connectToDevServer();
  workflowBundle = await bundleWorkflows();
  pipeline = await startPipeline(env, workflowBundle);
  await pipeline.startIntake();
  placed = [];
  for (const [index, customer] of [
    pipeline.customers[0],
    pipeline.customers[0],
    pipeline.customers[1],
  ].entries()) {
    placed.push(
      await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: customer,
        lines: 1,
        seed: 40 + index,
      }),
    );
  }
  // The intake hands the orders off together and visibility catches up a moment after their
  // workflows: wait until every order placed is listed, Confirmed.
  const placedKeys = placed.map((order) => keyOf(pipeline, order)).sort();
  await eventually('every placed order listed as Confirmed', async () => {
    const listed = await jakamoSo('orders', '--status', 'Confirmed', '--json');
    if (listed.code !== 0) return undefined;
    const keys = (JSON.parse(listed.stdout) as { orders: OrderSummary[] }).orders.map(
      (order) => order.orderKey,
    );
    return JSON.stringify(keys.sort()) === JSON.stringify(placedKeys) ? true : undefined;
  });
});
after(async () => {
  await pipeline?.close();
  await env?.teardown();
});

function jakamoSo(...args: string[]): Promise<CliResult> {
  return jakamoSoOn(pipeline, { LOG_LEVEL: 'silent' }, ...args);
}

const headerPattern = /^order key\s+jakamo number\s+customer\s+status\s+started \(UTC\)\s+attention$/;

/** The order keys of a table's rows (each row starts with its key). */
function listedKeys(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('order:'))
    .map((line) => line.split(/\s+/)[0]);
}

/** The order keys an error suggests, in its order. */
function suggestedKeys(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Did you mean'));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .filter((line) => line.trim().startsWith('order:'))
    .map((line) => line.trim().split(/\s+/)[0]);
}

void describe('jakamo-so orders: a table, a page at a time', () => {
  void test('a page has a header row, its orders and "showing N of M" with the command for the next page', async () => {
    const first = await jakamoSo('orders', '--page-size', '2');
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    assert.match(lines[0], headerPattern);
    assert.equal(listedKeys(first.stdout).length, 2);
    assert.equal(
      lines[lines.length - 1],
      'showing 2 of 3 orders (page 1 of 2) · next: jakamo-so orders --page-size 2 --page 2',
    );
    // Columns line up under the header: each row's status starts where the header's does.
    const statusColumn = lines[0].indexOf('status');
    for (const row of lines.slice(1, 3)) assert.equal(row.slice(statusColumn, statusColumn + 9), 'Confirmed');

    const second = await jakamoSo('orders', '--page-size', '2', '--page', '2');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /\nshowing 1 of 3 orders \(page 2 of 2\)\n$/);
    const keys = [...listedKeys(first.stdout), ...listedKeys(second.stdout)];
    assert.deepEqual(keys.sort(), placed.map((order) => keyOf(pipeline, order)).sort());

    const all = await jakamoSo('orders', '--all');
    assert.equal(all.code, 0, all.stderr);
    assert.equal(listedKeys(all.stdout).length, 3);
    assert.match(all.stdout, /\nshowing 3 of 3 orders\n$/);
  });

  void test('the newest order comes first (the one the pipeline took up last), with its Jakamo number and customer', async () => {
    // Newest is the order whose workflow started last: the intake hands orders off several at
    // once, so that need not be the order placed last. The list carries each order's start.
    const all = await jakamoSo('orders', '--all', '--json');
    assert.equal(all.code, 0, all.stderr);
    const listed = (JSON.parse(all.stdout) as { orders: OrderSummary[] }).orders;
    assert.deepEqual(
      listed.map((order) => order.orderKey).sort(),
      placed.map((order) => keyOf(pipeline, order)).sort(),
    );
    for (const [index, order] of listed.entries()) {
      const next = listed[index + 1];
      if (next !== undefined)
        assert.ok(order.startedAt >= next.startedAt, `${order.startedAt} ≥ ${next.startedAt}`);
    }

    const newest = placed.find((order) => keyOf(pipeline, order) === listed[0]?.orderKey);
    assert.ok(newest !== undefined);
    const first = await jakamoSo('orders', '--page-size', '1');
    const row = first.stdout.split('\n')[1].split(/\s+/);
    assert.deepEqual(row.slice(0, 4), [
      keyOf(pipeline, newest),
      newest.jakamoOrderNumber,
      newest.buyerPartyId,
      'Confirmed',
    ]);
  });

  void test('filters: customer, status in any case, attention; --json for scripts', async () => {
    const byCustomer = await jakamoSo(
      'orders',
      '--customer',
      pipeline.customers[0],
      '--status',
      'confirmed',
      '--json',
    );
    assert.equal(byCustomer.code, 0, byCustomer.stderr);
    const page = JSON.parse(byCustomer.stdout) as {
      integration: string;
      total: number;
      page: number;
      pageSize: number;
      orders: OrderSummary[];
    };
    assert.equal(page.integration, pipeline.integration);
    assert.equal(page.total, 2);
    assert.equal(page.page, 1);
    assert.equal(page.pageSize, 50);
    assert.deepEqual(
      page.orders.map((order) => order.customer),
      [pipeline.customers[0], pipeline.customers[0]],
    );

    const attention = await jakamoSo('orders', '--attention');
    assert.equal(attention.code, 0, attention.stderr);
    assert.equal(attention.stdout, `No orders match (integration "${pipeline.integration}").\n`);

    const pastTheEnd = await jakamoSo('orders', '--page', '9');
    assert.equal(pastTheEnd.stdout, 'showing 0 of 3 orders (page 9 of 1)\n');
  });

  void test('a wrong status or page size is refused with what would do', async () => {
    const status = await jakamoSo('orders', '--status', 'Shipped');
    assert.equal(status.code, 1);
    assert.match(
      status.stderr,
      /^--status Shipped is not an order status: use one of Received, .*Completed\n$/,
    );
    const size = await jakamoSo('orders', '--page-size', '0');
    assert.equal(size.code, 1);
    assert.equal(size.stderr, '--page-size 0 must be a whole number from 1 to 1000\n');
  });
});

void describe('a reference that names no order says what a key looks like and suggests the order', () => {
  void test("the customer's order number given for Jakamo's suggests the order", async () => {
    const order = placed[0];
    const result = await jakamoSo('order', 'show', order.orderNumber);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^No order with Jakamo order number "${order.orderNumber}"`));
    assert.match(result.stderr, /an order key looks like order:\{integration\}:\{buyer\}:\{order number\}/);
    assert.equal(suggestedKeys(result.stderr)[0], keyOf(pipeline, order));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  void test('a Jakamo number without its zeros, in lower case, suggests the order', async () => {
    const order = placed[1];
    const short = order.jakamoOrderNumber.toLowerCase().replace(/-0+/, '-');
    const result = await jakamoSo('order', 'confirm', short);
    assert.equal(result.code, 1);
    assert.equal(suggestedKeys(result.stderr)[0], keyOf(pipeline, order));
  });

  void test('a key that is not one says what a key looks like, and suggests the order', async () => {
    const order = placed[2];
    const result = await jakamoSo('order', 'show', `order:${order.buyerPartyId}:${order.orderNumber}`);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^"order:${order.buyerPartyId}:${order.orderNumber}" is not an order key: a key looks like order:\\{integration\\}:\\{buyer\\}:\\{order number\\}, ` +
          `for example order:${pipeline.integration}:ACME-FI:PO-4711`,
      ),
    );
    assert.equal(suggestedKeys(result.stderr)[0], keyOf(pipeline, order));
  });

  void test('a key of another integration or in the wrong case suggests the order', async () => {
    const order = placed[0];
    const otherIntegration = await jakamoSo(
      'order',
      'show',
      `order:elsewhere:${order.buyerPartyId}:${order.orderNumber}`,
    );
    assert.equal(otherIntegration.code, 1);
    assert.match(otherIntegration.stderr, /^No such order: order:elsewhere:/);
    assert.match(otherIntegration.stderr, /\nDid you mean this order\?\n|\nDid you mean one of these\?\n/);
    assert.equal(suggestedKeys(otherIntegration.stderr)[0], keyOf(pipeline, order));

    const lowerCase = await jakamoSo('order', 'show', keyOf(pipeline, order).toLowerCase());
    assert.equal(lowerCase.code, 1);
    assert.equal(suggestedKeys(lowerCase.stderr)[0], keyOf(pipeline, order));
  });

  void test('a well-formed key that matches nothing stays one line', async () => {
    const result = await jakamoSo('order', 'show', `order:${pipeline.integration}:NOBODY:NOTHING-LIKE-IT`);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `No such order: order:${pipeline.integration}:NOBODY:NOTHING-LIKE-IT\n`);
  });
});

void describe('orderReferenceCloseness', () => {
  const order = { orderKey: 'order:demo:ACME-FI:PO-004711', jakamoOrderNumber: 'JKM-000012' };
  const cases: [string, number | undefined][] = [
    ['order:other:ACME-FI:PO-004711', 0],
    ['order:demo:acme-fi:po-004711', 0],
    ['order:ACME-FI:PO-004711', 0],
    ['ACME-FI:PO-004711', 0],
    ['order:demo:SOMEONE:PO-004711', 1],
    ['PO-004711', 1],
    ['jkm-12', 1],
    ['JKM000012', 1],
    ['12', 1],
    ['XYZ-12', undefined],
    ['4711', 2],
    ['acme', 2],
    ['JKM-0000', 2],
    ['order:demo:ACME-FI:PO-0047', undefined],
    ['PO', undefined],
    ['JKM-999999', undefined],
  ];
  for (const [reference, expected] of cases) {
    void test(`"${reference}" → ${String(expected)}`, () => {
      assert.equal(orderReferenceCloseness(reference, order), expected);
    });
  }
});
