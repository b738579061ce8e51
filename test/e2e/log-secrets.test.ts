import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadSettings } from '../../config/settings';
import { intakeWorkflowId } from '../../domain/order-key';
import { NeedsAttention } from '../../domain/search-attributes';
import type { SandboxIntegrationConfig } from '../../sandbox';
import { createLogger, knownSecrets, redacted, temporalLogger } from '../../worker/logger';
import { settledIn, untilOrder } from '../support/orders';
import { connectToDevServer, eventually } from '../support/temporal';
import { stopGracefully } from '../../harness/worker-process';
import { startWorkerRig, type WorkerRig } from '../support/worker-rig';

/**
 * No credential or token ever reaches a log, and the logs say which order, workflow and run a line
 * is about. The worker is the deployment command (`jakamo-so worker`, a child process) with known
 * secrets in its configuration; everything it writes is scanned for them.
 */

let env: TestWorkflowEnvironment;
before(async () => {
  env = await connectToDevServer();
});
after(async () => {
  await env?.teardown();
});

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every form of each secret that must not appear: as is, and base64 alone or as a Basic auth header. */
function forbiddenForms(credentials: { username: string; password: string }[], tokens: string[]): string[] {
  return [
    ...credentials.flatMap(({ username, password }) => [
      password,
      base64(password),
      base64(`${username}:${password}`),
    ]),
    ...tokens,
  ];
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`The log holds a line that is not JSON: ${line.slice(0, 300)}`);
      }
    });
}

void describe('logs', () => {
  let rig: WorkerRig;
  const integrations = (suffix: string): SandboxIntegrationConfig[] => [
    {
      id: `logs-${suffix}`,
      username: `supplier-${suffix}`,
      password: `jakamo-Pw-${suffix}-s3cr3t`,
      supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
      customers: [{ partyId: `ACME-${suffix}`, name: 'Acme Oy' }],
    },
    {
      id: `locked-${suffix}`,
      username: `locked-${suffix}`,
      password: `the-right-one-${suffix}`,
      supplier: { partyId: 'SUPPLIER-2', name: 'Other Supplier Ltd.' },
      customers: [{ partyId: `NORDIC-${suffix}`, name: 'Nordic AB' }],
    },
  ];
  before(async () => {
    rig = await startWorkerRig(env.client, { name: 'logs', integrations });
  });
  after(async () => {
    await rig?.close();
  });

  void test('a worker run with orders and refused credentials logs no secret, and order lines carry orderKey, workflowId and runId', async () => {
    const [good, locked] = integrations(rig.suffix);
    assert.ok(good !== undefined && locked !== undefined);
    // The locked integration is configured with a wrong password (from a file): Jakamo refuses it.
    const wrongPassword = `wrong-Pw-${rig.suffix}-s3cr3t`;
    const erpTokens = [`erp-token-one-${rig.suffix}-0123456789`, `erp-token-two-${rig.suffix}-0123456789`];
    fs.writeFileSync(path.join(rig.dir, 'locked-password'), `${wrongPassword}\n`);
    const configFile = path.join(rig.dir, 'jakamo-so.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        integrations: [
          {
            id: good.id,
            baseUrl: rig.sandbox.baseUrl,
            username: { env: 'TEST_GOOD_USER' },
            password: { env: 'TEST_GOOD_PASSWORD' },
          },
          {
            id: locked.id,
            baseUrl: rig.sandbox.baseUrl,
            username: locked.username,
            password: { file: 'locked-password' },
          },
        ],
        erpApi: { tokens: { env: 'TEST_ERP_TOKENS' } },
      }),
    );

    const first = await rig.placeOrder(2);
    const second = await rig.placeOrder(1);
    const worker = rig.startWorker({
      JAKAMO_SO_CONFIG: configFile,
      TEST_GOOD_USER: good.username,
      TEST_GOOD_PASSWORD: good.password,
      TEST_ERP_TOKENS: erpTokens.join(','),
      // Everything the SDK says too, so that the scan sees as much as a debugging operator would.
      LOG_LEVEL: 'debug',
    });
    for (const { key } of [first, second]) {
      await untilOrder(env.client.workflow.getHandle(key), 'confirmed', settledIn('Confirmed'), 120_000);
    }
    const lockedIntake = env.client.workflow.getHandle(intakeWorkflowId(locked.id));
    await eventually(
      'the locked integration to need attention',
      async () =>
        (await lockedIntake.describe()).typedSearchAttributes.get(NeedsAttention) ? true : undefined,
      { timeoutMs: 60_000 },
    );
    const { runId } = await env.client.workflow.getHandle(first.key).describe();
    await stopGracefully(worker);

    const log = rig.readLog();
    const lines = jsonLines(log);
    assert.ok(lines.length > 10, 'the worker logged');
    assert.ok(
      lines.some((line) => /credentials/.test(String(line.msg)) && line.integration === locked.id),
      'the refused credentials were logged (without them)',
    );
    for (const secret of forbiddenForms(
      [
        { username: good.username, password: good.password },
        { username: locked.username, password: wrongPassword },
      ],
      erpTokens,
    )) {
      assert.ok(!log.includes(secret), `the log holds a secret (${secret.slice(0, 6)}…)`);
    }

    assert.ok(
      lines.every((line) => line.taskToken === undefined),
      'no activity task token (it lets its holder complete the activity)',
    );

    // The order's workflow lines and its activities' lines name the order, the workflow and the run.
    const ofOrder = lines.filter((line) => line.workflowId === first.key);
    const workflowLine = ofOrder.find((line) => line.msg === 'Order status changed');
    assert.ok(workflowLine, 'a workflow line of the order');
    assert.equal(workflowLine.orderKey, first.key);
    assert.equal(workflowLine.runId, runId);
    const activityLine = ofOrder.find((line) => line.activityType === 'simpleConfirm');
    assert.ok(activityLine, 'an activity line of the order (debug)');
    assert.equal(activityLine.orderKey, first.key);
    assert.equal(activityLine.runId, runId);
    assert.equal(activityLine.workflowRunId, undefined, 'one name for the run id');
  });

  void test('credential-like keys are redacted and known secrets are scrubbed from every line, in every form', async () => {
    const dir = fs.mkdtempSync(path.join(rig.dir, 'logger-'));
    const jakamoPassword = 'jakamo "quoted" \\ pass-S3cret';
    const databasePassword = 'db pass/word-S3cret';
    const databaseUrl = `postgres://connector:${encodeURIComponent(databasePassword)}@db.internal:5432/connector`;
    const erpToken = 'erp-token-0123456789-abcdef';
    const apiKey = 'temporal-api-key-0123456789';
    const settings = loadSettings({
      JAKAMO_BASE_URL: 'https://demo.thejakamo.com',
      JAKAMO_USERNAME: 'supplier-user',
      JAKAMO_PASSWORD: jakamoPassword,
      DATABASE_URL: databaseUrl,
      ERP_API_TOKENS: erpToken,
      TEMPORAL_API_KEY: apiKey,
    });
    const file = path.join(dir, 'log.jsonl');
    const logger = createLogger({ level: 'info', file, secrets: knownSecrets(settings) });
    const basic = `Basic ${base64(`supplier-user:${jakamoPassword}`)}`;
    logger.info(
      {
        password: 'a-password-under-its-key',
        request: { headers: { authorization: basic } },
        connection: { options: { apiKey } },
        tokens: [erpToken],
      },
      'credentials under their keys',
    );
    logger.error(
      { err: new Error(`cannot connect to ${databaseUrl}`) },
      `database ${databaseUrl} unreachable`,
    );
    logger.warn({ body: `<error>bad header ${basic}</error>` }, `Jakamo said ${jakamoPassword}`);
    logger.info({ note: `token ${erpToken}, key ${apiKey}, password ${databasePassword}` }, 'in free text');
    temporalLogger(logger).info('from an activity', {
      workflowId: 'order:acme:ACME-FI:PO-1',
      workflowRunId: 'run-1',
      activityType: 'simpleConfirm',
    });
    await new Promise<void>((resolve, reject) =>
      logger.flush((error) => (error ? reject(error) : resolve())),
    );
    const log = await eventually('five log lines', () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return Promise.resolve(text.trim().split('\n').length >= 5 ? text : undefined);
    });

    for (const secret of [
      jakamoPassword,
      JSON.stringify(jakamoPassword).slice(1, -1),
      base64(jakamoPassword),
      base64(`supplier-user:${jakamoPassword}`),
      databasePassword,
      encodeURIComponent(databasePassword),
      erpToken,
      apiKey,
      'a-password-under-its-key',
    ]) {
      assert.ok(!log.includes(secret), `the log holds a secret (${secret.slice(0, 6)}…)`);
    }
    const lines = jsonLines(log);
    assert.equal(lines[0]?.password, redacted);
    assert.deepEqual(lines[0]?.request, { headers: { authorization: redacted } });
    assert.match(
      String(lines[1]?.msg),
      /database postgres:\/\/connector:\[REDACTED\]@db\.internal:5432\/connector unreachable/,
    );
    const activity = lines[4];
    assert.equal(activity?.orderKey, 'order:acme:ACME-FI:PO-1');
    assert.equal(activity?.runId, 'run-1');
    assert.equal(activity?.workflowRunId, undefined);
  });
});
