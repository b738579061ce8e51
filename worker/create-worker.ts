import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { ConfirmationPolicy } from '../config/settings';
import type { ConnectorDatabase } from '../db/database';
import { MessageArchive } from '../db/message-archive';
import { BasicAuth } from '../activities/jakamo/jakamo-auth';
import { JakamoClient } from '../activities/jakamo/jakamo-client';
import { createIntakeActivities } from '../activities/intake-activities';
import { createOrderActivities } from '../activities/order-activities';
import { OrderRouter } from '../activities/order-router';
import type { ErpAdapter } from '../erp/erp-adapter';

export interface PipelineWorkerOptions {
  connection: NativeConnection;
  /** The client the intake activity uses to signal order workflows. */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: ConnectorDatabase;
  erp: ErpAdapter;
  jakamo: { baseUrl: string; username: string; password: string; timeoutMs: number };
  confirmationPolicy: ConfirmationPolicy;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled now. */
  workflowBundle?: WorkflowBundle;
}

export const workflowsPath = require.resolve('../workflows');

/** Bundles the workflow code once, for workers that start often (tests) or prebuilt deploys. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

/**
 * The pipeline's worker: every workflow, and activities built from real clients (Jakamo over
 * HTTP, the database, the ERP adapter) so that tests can point them at test servers.
 */
export async function createPipelineWorker(options: PipelineWorkerOptions): Promise<Worker> {
  const archive = new MessageArchive(options.db);
  const jakamo = new JakamoClient({
    baseUrl: options.jakamo.baseUrl,
    auth: new BasicAuth(options.jakamo.username, options.jakamo.password),
    timeoutMs: options.jakamo.timeoutMs,
  });
  const activities = {
    ...createIntakeActivities({
      jakamo,
      archive,
      router: new OrderRouter(options.client, options.taskQueue),
      confirmationPolicy: options.confirmationPolicy,
    }),
    ...createOrderActivities({ archive, erp: options.erp, jakamo }),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
