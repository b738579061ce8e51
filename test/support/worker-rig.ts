import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../../db/database';
import { intakeWorkflowId, orderKey } from '../../domain/order-key';
import {
  SandboxControlClient,
  startSandbox,
  type PlacedOrder,
  type RunningSandbox,
  type SandboxIntegrationConfig,
} from '../../sandbox';
import { startWorkerProcess, stopGracefully, type WorkerProcess } from '../../harness/worker-process';
import { settledIn, untilOrder } from './orders';
import { devServerAddress } from './temporal';

/**
 * `jakamo-so worker` as child processes against the run's dev server, a sandbox over HTTP and a
 * SQLite file in a folder of its own: the deployment command, as an operator runs it, for tests
 * that SIGKILL it mid-step and start it again, or read what it writes (logs) or serves (metrics).
 */
export interface WorkerRig {
  /** Short, unique to this rig: integration ids, customers and the task queue carry it. */
  suffix: string;
  /** The rig's (first) integration id, and its first customer's party id: where `placeOrder` places. */
  integration: string;
  customer: string;
  dir: string;
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  /** The workers' database, migrated, for what they recorded (the archive, the outbound documents). */
  db: ConnectorDatabase;
  /**
   * A worker with what every worker of the rig gets (Temporal, task queue, database, data folder,
   * a short poll interval; with the rig's own integration, its Jakamo URL and credentials) and
   * `env` on top of it (for example a crash point).
   */
  startWorker(env?: Record<string, string>): WorkerProcess;
  /** A customer order placed in the rig's integration's queue, with its order key (its workflow id). */
  placeOrder(lines: number): Promise<{ placed: PlacedOrder; key: string }>;
  /** Starts a worker again and waits, up to a minute, for the order to be Confirmed. */
  restartUntilConfirmed(key: string): Promise<void>;
  /** Everything the workers wrote to stdout and stderr (one file in `dir`). */
  readLog(): string;
  /** Stops the workers (SIGTERM, then SIGKILL), terminates the intakes, removes the folder. */
  close(): Promise<void>;
}

export interface WorkerRigOptions {
  /** Names the default integration, the task queue and the folder: `<name>-<suffix>`. */
  name: string;
  /**
   * The sandbox's integrations. Without them the rig has one, `<name>-<suffix>` with one customer,
   * and its workers run it from their environment; with them the test says how its workers reach
   * them (a configuration file, for example).
   */
  integrations?: (suffix: string) => SandboxIntegrationConfig[];
}

function oneCustomerIntegration(name: string, suffix: string): SandboxIntegrationConfig {
  return {
    id: `${name}-${suffix}`,
    username: `supplier-${suffix}`,
    password: 'correct-horse',
    supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
    customers: [{ partyId: `ACME-${suffix}`, name: 'Acme Oy' }],
  };
}

function jakamoEnv(integration: SandboxIntegrationConfig, sandbox: RunningSandbox): Record<string, string> {
  return {
    JAKAMO_BASE_URL: sandbox.baseUrl,
    JAKAMO_USERNAME: integration.username,
    JAKAMO_PASSWORD: integration.password,
    JAKAMO_INTEGRATION: integration.id,
    JAKAMO_HTTP_TIMEOUT: '20s',
  };
}

export async function startWorkerRig(client: Client, options: WorkerRigOptions): Promise<WorkerRig> {
  const suffix = randomUUID().slice(0, 8);
  const integrations = options.integrations?.(suffix) ?? [oneCustomerIntegration(options.name, suffix)];
  const [first] = integrations;
  const customer = first?.customers[0]?.partyId;
  if (first === undefined || customer === undefined)
    throw new Error('A worker rig needs an integration with a customer');
  const temporalAddress = devServerAddress();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jakamo-so-${options.name}-`));
  const dbFile = path.join(dir, 'connector.sqlite');
  const db = openDatabase({ kind: 'sqlite', file: dbFile });
  let started: RunningSandbox | undefined;
  const tearDown = async () => {
    await started?.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(db);
    started = await startSandbox({ port: 0, integrations, logLevel: 'silent' });
  } catch (error) {
    await tearDown();
    throw error;
  }
  const sandbox = started;
  const logFile = path.join(dir, 'worker.log');
  const workers: WorkerProcess[] = [];
  const control = new SandboxControlClient(sandbox.baseUrl);
  const baseEnv = {
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `${options.name}-${suffix}`,
    JAKAMO_POLL_INTERVAL: '200ms',
    DATABASE_URL: dbFile,
    DATA_DIR: dir,
    CONFIRMATION_POLICY: 'auto',
    ...(options.integrations === undefined ? jakamoEnv(first, sandbox) : {}),
  };
  const startWorker = (env: Record<string, string> = {}): WorkerProcess => {
    const worker = startWorkerProcess({ ...baseEnv, ...env }, logFile);
    workers.push(worker);
    return worker;
  };
  return {
    suffix,
    integration: first.id,
    customer,
    dir,
    sandbox,
    control,
    db,
    startWorker,
    async placeOrder(lines) {
      const placed = await control.placeOrder(first.id, { customerPartyId: customer, lines });
      const key = orderKey({
        integration: first.id,
        buyerPartyId: placed.buyerPartyId,
        orderNumber: placed.orderNumber,
      });
      return { placed, key };
    },
    async restartUntilConfirmed(key) {
      startWorker();
      await untilOrder(
        client.workflow.getHandle(key),
        'confirmed after the restart',
        settledIn('Confirmed'),
        60_000,
      );
    },
    readLog() {
      return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    },
    async close() {
      try {
        await Promise.all(workers.map((worker) => stopGracefully(worker)));
        for (const { id } of integrations) {
          try {
            await client.workflow.getHandle(intakeWorkflowId(id)).terminate('test finished');
          } catch {
            // not started, or already closed
          }
        }
      } finally {
        await tearDown();
      }
    },
  };
}
