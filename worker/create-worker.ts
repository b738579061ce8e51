import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { CustomerTerms } from '../config/config-file';
import {
  workerSizingDefaults,
  type OrderLifecycleSettings,
  type WorkerSizingSettings,
} from '../config/settings';
import type { ConnectorDatabase } from '../db/database';
import { MessageArchive } from '../db/message-archive';
import { OutboundDocuments } from '../db/outbound-documents';
import { BasicAuth } from '../activities/jakamo/jakamo-auth';
import { JakamoClient } from '../activities/jakamo/jakamo-client';
import { JakamoClients } from '../activities/jakamo/jakamo-clients';
import { createErpActivities } from '../activities/erp-activities';
import { createIntakeActivities, type InboundValidation } from '../activities/intake-activities';
import { createJakamoOrderActivities } from '../activities/jakamo-order-activities';
import { OrderRouter, orderDefaults } from '../activities/order-router';
import type { ErpAdapter } from '../erp/erp-adapter';
import type { XsdValidator } from '../ubl/xsd-validator';
import type { PipelineMetrics } from './metrics';

export interface PipelineWorkerOptions {
  connection: NativeConnection;
  /** The client the intake activity uses to signal order workflows. */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: ConnectorDatabase;
  erp: ErpAdapter;
  /** Every Jakamo integration the worker serves (one client each, picked by the integration an activity names). */
  integrations: WorkerIntegration[];
  orders: OrderLifecycleSettings;
  /** XSD validation of outbound UBL (undefined: no UBL 2.1 schemas; the preflight still runs). */
  validator: XsdValidator | undefined;
  /** XSD validation of inbound UBL on intake (UBL_INBOUND_VALIDATION); absent: none. */
  inboundValidation?: InboundValidation;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled now. */
  workflowBundle?: WorkflowBundle;
  /** Where the intake and the Jakamo clients report (METRICS_ADDRESS); absent: no product metrics. */
  metrics?: PipelineMetrics;
  /** Workflow cache and task slots (WORKER_MAX_*); absent: the product's defaults. */
  sizing?: WorkerSizingSettings;
}

/** One integration's endpoint and credentials, and its own customer terms (see order-router.ts). */
export interface WorkerIntegration {
  id: string;
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  customers?: Record<string, CustomerTerms>;
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
  const jakamo = new JakamoClients(
    new Map(
      options.integrations.map((integration) => [
        integration.id,
        new JakamoClient({
          baseUrl: integration.baseUrl,
          auth: new BasicAuth(integration.username, integration.password),
          timeoutMs: integration.timeoutMs,
          ...(options.metrics === undefined
            ? {}
            : { observer: options.metrics.jakamoRequests(integration.id) }),
        }),
      ]),
    ),
  );
  const activities = {
    ...createIntakeActivities({
      jakamo,
      archive,
      router: new OrderRouter(options.client, options.taskQueue),
      orderDefaults: orderDefaults(
        options.orders,
        Object.fromEntries(
          options.integrations.map((integration) => [integration.id, integration.customers ?? {}]),
        ),
      ),
      ...(options.inboundValidation === undefined ? {} : { inboundValidation: options.inboundValidation }),
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    }),
    ...createErpActivities({ archive, erp: options.erp }),
    ...createJakamoOrderActivities({
      archive,
      outbound: new OutboundDocuments(options.db),
      jakamo,
      validator: options.validator,
      crashAt: options.orders.testCrashAt,
    }),
  };
  const sizing = options.sizing ?? workerSizingDefaults;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    // Bounded, so that memory does not grow with the number of open orders (docs/performance.md).
    maxCachedWorkflows: sizing.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: sizing.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: sizing.maxConcurrentActivities,
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
