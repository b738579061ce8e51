import type { Client } from '@temporalio/client';
import {
  Worker,
  type NativeConnection,
  type WorkflowBundle,
  type WorkflowBundlePath,
} from '@temporalio/worker';
import type { JakamoIntegration } from '../config/jakamo-integration';
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
import { createErpActivities } from '../activities/erp/erp-activities';
import { createIntakeActivities, type InboundValidation } from '../activities/intake/intake-activities';
import { createJakamoOrderActivities } from '../activities/jakamo/jakamo-order-activities';
import { OrderRouter } from '../activities/order/order-router';
import { orderDefaults } from '../config/customer-terms';
import type { ErpAdapter } from '../erp/erp-adapter';
import type { XsdValidator } from '../ubl/xsd-validator';
import type { PipelineMetrics } from './metrics';
import { prebuiltWorkflowBundle, workflowBundleCode } from './workflow-bundle';

export interface PipelineWorkerOptions {
  connection: NativeConnection;
  /** The client the intake activity uses to signal order workflows. */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: ConnectorDatabase;
  erp: ErpAdapter;
  /** Every Jakamo integration the worker serves (one client each, picked by the integration an activity names). */
  integrations: readonly JakamoIntegration[];
  orders: OrderLifecycleSettings;
  /** XSD validation of outbound UBL (undefined: no UBL 2.1 schemas; the preflight still runs). */
  validator: XsdValidator | undefined;
  /** XSD validation of inbound UBL on intake (UBL_INBOUND_VALIDATION); absent: none. */
  inboundValidation?: InboundValidation;
  /** A bundle given by the caller (tests share one); otherwise the cached prebuilt one (worker/workflow-bundle.ts). */
  workflowBundle?: WorkflowBundle | WorkflowBundlePath;
  /** Where the intake and the Jakamo clients report (METRICS_ADDRESS); absent: no product metrics. */
  metrics?: PipelineMetrics;
  /** Workflow cache and task slots (WORKER_MAX_*); absent: the product's defaults. */
  sizing?: WorkerSizingSettings;
  /** JAKAMO_DRAIN_LINGER: how long a drain watches an empty queue before it ends; absent: 0. */
  drainLingerMs?: number;
}

/** The workflow code as one bundle, for tests that start many workers (built once, cached on disk). */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return workflowBundleCode();
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
          // Revealed only here on their way to Jakamo: into the Basic auth, which never prints them.
          auth: new BasicAuth(integration.username.reveal(), integration.password.reveal()),
          timeoutMs: integration.httpTimeoutMs,
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
      orderDefaults: orderDefaults(options.orders, options.integrations),
      ...(options.inboundValidation === undefined ? {} : { inboundValidation: options.inboundValidation }),
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
      crashAt: options.orders.testCrashAt,
      handOffConcurrency: (options.sizing ?? workerSizingDefaults).maxConcurrentHandOffs,
      drainLingerMs: options.drainLingerMs ?? 0,
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
    // Never `workflowsPath`: webpack in the worker's own process would keep ~110 MiB (docs/performance.md).
    workflowBundle: options.workflowBundle ?? (await prebuiltWorkflowBundle()),
  });
}
