import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  SandboxControlClient,
  startSandbox,
  type RunningSandbox,
  type SandboxIntegrationConfig,
} from '../../sandbox';
import { childEnvironment } from '../support/child-environment';
import { runJakamoSo, type CliResult } from '../support/cli';

const suffix = randomUUID().slice(0, 8);
const integration: SandboxIntegrationConfig = {
  id: `cli-${suffix}`,
  username: `supplier-${suffix}`,
  password: 'correct-horse',
  supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
  customers: [
    { partyId: `ACME-${suffix}`, name: 'Acme Oy' },
    { partyId: `NORDIC-${suffix}`, name: 'Nordic Tools AB' },
  ],
};

let sandbox: RunningSandbox;
let control: SandboxControlClient;

before(async () => {
  sandbox = await startSandbox({ port: 0, integrations: [integration], logLevel: 'silent' });
  control = new SandboxControlClient(sandbox.baseUrl);
});
after(async () => {
  await sandbox?.close();
});

/** `jakamo-so customer <args>` as a child process, pointed at this test's sandbox and integration. */
function customer(...args: string[]): Promise<CliResult> {
  return jakamoSo('customer', ...args, '--sandbox', sandbox.baseUrl, '--integration', integration.id);
}

function jakamoSo(...args: string[]): Promise<CliResult> {
  return runJakamoSo(args, { env: childEnvironment({ LOG_LEVEL: 'silent' }) });
}

/** The supplier's view: reads the head of the queue and acknowledges it. */
async function takeFromQueue(): Promise<string> {
  const authorization = `Basic ${Buffer.from(`${integration.username}:${integration.password}`).toString('base64')}`;
  const message = await fetch(`${sandbox.baseUrl}/api/order/response`, { headers: { authorization } });
  const body = await message.text();
  const ackUrl = message.headers.get('x-acknowledge-uri');
  assert.ok(ackUrl, `a message in the queue, not ${body}`);
  assert.equal((await fetch(ackUrl, { method: 'POST', headers: { authorization } })).status, 200);
  return body;
}

async function place(...args: string[]): Promise<string> {
  const placed = await customer('place', ...args);
  assert.equal(placed.code, 0, placed.stderr);
  const jakamoNumber = /^Placed (JKM-\d+):/.exec(placed.stdout)?.[1];
  assert.ok(jakamoNumber, placed.stdout);
  await takeFromQueue(); // the Order
  return jakamoNumber;
}

void describe('jakamo-so customer: the customer side of the sandbox from the command line', () => {
  void test('place prints the Jakamo number, customer order number and buyer id', async () => {
    const result = await customer(
      'place',
      '--customer',
      `NORDIC-${suffix}`,
      '--lines',
      '2',
      '--order-number',
      `PO-${suffix}`,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`^Placed JKM-\\d{6}: customer order PO-${suffix}, buyer NORDIC-${suffix} `),
    );
    const jakamoNumber = /^Placed (JKM-\d+)/.exec(result.stdout)?.[1] ?? '';
    const order = await control.getOrder(jakamoNumber);
    assert.equal(order.integrationId, integration.id);
    assert.equal(order.orderNumber, `PO-${suffix}`);
    assert.equal(order.lines.length, 2);
    assert.match(await takeFromQueue(), /<Order /);

    const byDefault = await customer('place', '--json');
    assert.equal(byDefault.code, 0, byDefault.stderr);
    const placed = JSON.parse(byDefault.stdout) as { jakamoOrderNumber: string; customerPartyId: string };
    assert.equal(placed.customerPartyId, `ACME-${suffix}`, "the integration's first customer");
    assert.equal((await control.getOrder(placed.jakamoOrderNumber)).lines.length, 3);
    await takeFromQueue();
  });

  void test('change sets a new quantity and cancels a line with LineStatusCode 2', async () => {
    const jakamoNumber = await place('--lines', '3');
    const result = await customer(
      'change',
      jakamoNumber,
      '--line',
      '1:qty=8,price=12.50,date=2026-12-01',
      '--line',
      '2:status=2',
      '--note',
      'Less, and no line 2',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`^Changed ${jakamoNumber} \\(OrderChange 1\\): Waiting for supplier confirmation`),
    );
    const order = await control.getOrder(jakamoNumber);
    assert.deepEqual(order.lines[0].requested, { quantity: '8', price: '12.50', deliveryDate: '2026-12-01' });
    assert.deepEqual(
      order.lines.map((line) => line.status),
      ['Waiting for supplier confirmation', 'Cancelled', 'Waiting for supplier confirmation'],
    );
    const orderChange = await takeFromQueue();
    assert.match(orderChange, /<OrderChange /);
    assert.match(orderChange, /<cbc:LineStatusCode>2<\/cbc:LineStatusCode>/);
    assert.match(orderChange, /<cbc:Note>Less, and no line 2<\/cbc:Note>/);
  });

  void test('bad --line input exits 1 with the problem, before anything reaches the sandbox', async () => {
    const jakamoNumber = await place('--lines', '1');
    const result = await customer('change', jakamoNumber, '--line', '1:qty=eight');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--line "1:qty=eight": qty=eight is not a decimal such as 8 or 12\.50/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal((await control.getOrder(jakamoNumber)).sequenceNumber, 0);
  });

  void test('accept and reject are refused clearly when the order is not waiting for the customer', async () => {
    const jakamoNumber = await place('--lines', '1');
    for (const action of ['accept', 'reject']) {
      const result = await customer(action, jakamoNumber);
      assert.equal(result.code, 1, `${action}: ${result.stdout}`);
      assert.match(
        result.stderr,
        new RegExp(
          `Cannot ${action} ${jakamoNumber}: Order is "Waiting for supplier confirmation", not "Waiting for customer action"\\.`,
        ),
      );
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });

  void test('cancel --as order-cancellation queues a UBL OrderCancellation; --lines cancels lines only', async () => {
    const jakamoNumber = await place('--lines', '3');
    const partial = await customer('cancel', jakamoNumber, '--lines', '3');
    assert.equal(partial.code, 0, partial.stderr);
    let order = await control.getOrder(jakamoNumber);
    assert.equal(order.lines[2].status, 'Cancelled');
    assert.notEqual(order.status, 'Cancelled');
    assert.match(await takeFromQueue(), /<cbc:Quantity unitCode="[A-Z]+">0<\/cbc:Quantity>/);

    const result = await customer(
      'cancel',
      jakamoNumber,
      '--as',
      'order-cancellation',
      '--note',
      'Project stopped',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /OrderCancellation queued\): Cancelled/);
    order = await control.getOrder(jakamoNumber);
    assert.equal(order.status, 'Cancelled');
    const cancellation = await takeFromQueue();
    assert.match(cancellation, /<OrderCancellation /);
    assert.match(cancellation, /<cbc:CancellationNote>Project stopped<\/cbc:CancellationNote>/);

    const again = await customer('cancel', jakamoNumber);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`Cannot cancel ${jakamoNumber}: Order is cancelled\\.`));
  });

  void test("show prints the sandbox's view: status, lines, counts", async () => {
    const jakamoNumber = await place('--lines', '2');
    const result = await customer('show', jakamoNumber);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^${jakamoNumber}: Waiting for supplier confirmation`));
    assert.match(result.stdout, /confirmations\s+0/);
    assert.match(result.stdout, /orderResponses\s+0/);
    assert.match(result.stdout, /line\s+item\s+req qty\s+req price\s+req date\s+conf qty/);
    const json = await customer('show', jakamoNumber, '--json');
    assert.equal((JSON.parse(json.stdout) as { jakamoOrderNumber: string }).jakamoOrderNumber, jakamoNumber);
  });

  void test('an unreachable sandbox says so in one line', async () => {
    const result = await jakamoSo('customer', 'show', 'JKM-000001', '--sandbox', 'http://127.0.0.1:9');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Cannot reach the Jakamo sandbox at http:\/\/127\.0\.0\.1:9: is `jakamo-so start` running\?\n$/,
    );
  });
});
