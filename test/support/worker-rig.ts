import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { intakeWorkflowId, orderKey } from '../../domain/order-key';
import {
  SandboxControlClient,
  startSandbox,
  type PlacedOrder,
  type RunningSandbox,
  type SandboxIntegrationConfig,
} from '../../sandbox';
import { devServerAddress } from './temporal';
import { startWorkerProcess, stopGracefully, type WorkerProcess } from '../../harness/worker-process';

/**
 * `jakamo-so worker` as a child process against the run's dev server, a sandbox over HTTP with
 * the given integrations and a SQLite file in a folder of its own: the deployment command, as an
 * operator runs it, for tests that read what the process writes (logs) or serves (metrics).
 */
export interface WorkerRig {
  /** Short, unique to this rig: integration ids, customers and the task queue carry it. */
  suffix: string;
  dir: string;
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  /** What every worker of the rig gets: Temporal, task queue, database, data folder, a short poll interval. */
  baseEnv: Record<string, string>;
  logFile: string;
  startWorker(env: Record<string, string>): WorkerProcess;
  /** A customer order placed in an integration's queue, with its order key (its workflow id). */
  placeOrder(
    integration: string,
    customer: string,
    lines: number,
  ): Promise<{ placed: PlacedOrder; key: string }>;
  /** Everything the workers wrote to stdout and stderr. */
  readLog(): string;
  /** Stops the workers (SIGTERM, then SIGKILL), terminates the intakes, removes the folder. */
  close(intakes: readonly string[]): Promise<void>;
}

export async function startWorkerRig(
  client: Client,
  integrations: (suffix: string) => SandboxIntegrationConfig[],
): Promise<WorkerRig> {
  const suffix = randomUUID().slice(0, 8);
  const sandbox = await startSandbox({ port: 0, integrations: integrations(suffix), logLevel: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-worker-'));
  const logFile = path.join(dir, 'worker.log');
  const workers: WorkerProcess[] = [];
  const control = new SandboxControlClient(sandbox.baseUrl);
  return {
    suffix,
    dir,
    sandbox,
    control,
    logFile,
    baseEnv: {
      TEMPORAL_ADDRESS: devServerAddress(),
      TEMPORAL_TASK_QUEUE: `worker-${suffix}`,
      JAKAMO_POLL_INTERVAL: '200ms',
      DATABASE_URL: path.join(dir, 'connector.sqlite'),
      DATA_DIR: dir,
      CONFIRMATION_POLICY: 'auto',
    },
    startWorker(env) {
      const worker = startWorkerProcess(env, logFile);
      workers.push(worker);
      return worker;
    },
    async placeOrder(integration, customer, lines) {
      const placed = await control.placeOrder(integration, { customerPartyId: customer, lines });
      const key = orderKey({
        integration,
        buyerPartyId: placed.buyerPartyId,
        orderNumber: placed.orderNumber,
      });
      return { placed, key };
    },
    readLog() {
      return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    },
    async close(intakes) {
      for (const worker of workers) await stopGracefully(worker);
      for (const integration of intakes) {
        try {
          await client.workflow.getHandle(intakeWorkflowId(integration)).terminate('test finished');
        } catch {
          // not started, or already closed
        }
      }
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
