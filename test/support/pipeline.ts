import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import {
  openDatabase,
  migrateToLatest,
  type ConnectorDatabase,
  type DatabaseSettings,
} from '../../db/database';
import { intakeWorkflowId } from '../../domain/order-key';
import { SqlErpAdapter } from '../../erp/sql-erp-adapter';
import { SandboxControlClient, startSandbox, type RunningSandbox } from '../../sandbox';
import type { SandboxIntegrationConfig } from '../../sandbox';
import { createPipelineWorker } from '../../worker/create-worker';
import type { JakamoIntegration } from '../../config/jakamo-integration';
import { Secret } from '../../config/secret';
import type { OrderLifecycleSettings } from '../../config/settings';
import { Libxml2XsdValidator } from '../../ubl/libxml2-validator';
import type { IntakeWorkflowInput } from '../../workflows/intake-messages';
import type { InboundValidationMode } from '../../domain/inbound-validation';
import { schemaDir } from '../../harness/ubl-examples';

export interface PipelineUnderTest {
  integration: string;
  customers: [string, string];
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  db: ConnectorDatabase;
  worker: Worker;
  taskQueue: string;
  startIntake(overrides?: Partial<IntakeWorkflowInput>): Promise<string>;
  close(): Promise<void>;
}

/**
 * A whole pipeline on real parts: a sandbox on a loopback port, a fresh SQLite file (or the given database), a worker
 * on its own task queue of the given Temporal environment. Each call uses a new integration id, so tests
 * sharing the dev server never see each other's orders.
 */
export async function startPipeline(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkflowBundle,
  options: {
    wrongPassword?: boolean;
    database?: DatabaseSettings;
    basePath?: string;
    /** Overrides of the order lifecycle settings (policy `auto`, seller contact SELLER-1, 30 days quiet by default). */
    orders?: Partial<OrderLifecycleSettings>;
    /** UBL_INBOUND_VALIDATION of the worker (`warn` by default, as in the product). */
    inboundValidation?: InboundValidationMode;
    /** JAKAMO_DRAIN_LINGER of the worker (0 by default, as in the product). */
    drainLingerMs?: number;
  } = {},
): Promise<PipelineUnderTest> {
  const suffix = randomUUID().slice(0, 8);
  const integration = `it-${suffix}`;
  const customers: [string, string] = [`ACME-${suffix}`, `NORDIC-${suffix}`];
  const config: SandboxIntegrationConfig = {
    id: integration,
    username: `supplier-${suffix}`,
    password: 'correct-horse',
    supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
    customers: [
      { partyId: customers[0], name: 'Acme Oy' },
      { partyId: customers[1], name: 'Nordic Tools AB' },
    ],
  };
  const sandbox = await startSandbox({ port: 0, integrations: [config], logLevel: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-test-'));
  const db = openDatabase(options.database ?? { kind: 'sqlite', file: path.join(dir, 'connector.sqlite') });
  await migrateToLatest(db);
  const taskQueue = `test-${suffix}`;
  const jakamo: JakamoIntegration = {
    id: integration,
    baseUrl: `${sandbox.baseUrl}${options.basePath ?? ''}`,
    username: new Secret('test sandbox', config.username),
    password: new Secret('test sandbox', options.wrongPassword ? 'wrong-password' : config.password),
    pollIntervalMs: 200,
    drainBudgetMs: 30_000,
    httpTimeoutMs: 10_000,
    customers: {},
  };
  const validator = new Libxml2XsdValidator(schemaDir);
  const inboundValidation = options.inboundValidation ?? 'warn';
  const worker = await createPipelineWorker({
    connection: env.nativeConnection,
    client: env.client,
    namespace: 'default',
    taskQueue,
    db,
    erp: new SqlErpAdapter(db),
    integrations: [jakamo],
    orders: {
      confirmationPolicy: 'auto',
      orderResponseCustomers: [],
      defaultResponseStyle: 'simple',
      customers: {},
      defaultSellerContactId: 'SELLER-1',
      quietPeriodMs: 30 * 24 * 3600 * 1000,
      testCrashAt: undefined,
      ...options.orders,
    },
    validator,
    inboundValidation: inboundValidation === 'off' ? { mode: 'off' } : { mode: inboundValidation, validator },
    workflowBundle,
    drainLingerMs: options.drainLingerMs ?? 0,
  });
  const running = worker.run();
  return {
    integration,
    customers,
    sandbox,
    control: new SandboxControlClient(sandbox.baseUrl),
    db,
    worker,
    taskQueue,
    async startIntake(overrides = {}) {
      const workflowId = intakeWorkflowId(integration);
      await env.client.workflow.start('intakeWorkflow', {
        workflowId,
        taskQueue,
        args: [
          {
            integration,
            pollIntervalMs: jakamo.pollIntervalMs,
            drainBudgetMs: jakamo.drainBudgetMs,
            ...overrides,
          },
        ],
      });
      return workflowId;
    },
    async close() {
      try {
        await env.client.workflow.getHandle(intakeWorkflowId(integration)).terminate('test finished');
      } catch {
        // not started, or already closed
      }
      worker.shutdown();
      await running;
      validator.dispose();
      await db.destroy();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
