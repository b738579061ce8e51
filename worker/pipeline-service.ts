import type { Client } from '@temporalio/client';
import { Runtime, type WorkflowBundle, type WorkflowBundlePath } from '@temporalio/worker';
import type { JakamoIntegration } from '../config/jakamo-integration';
import type { Settings } from '../config/settings';
import { connectClient, connectWorker } from './temporal-connection';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../db/database';
import { intakeWorkflowId } from '../domain/order-key';
import { SqlErpAdapter } from '../erp/sql-erp-adapter';
import type { InboundValidation } from '../activities/intake/intake-activities';
import { Libxml2XsdValidator } from '../ubl/libxml2-validator';
import type { XsdValidator } from '../ubl/xsd-validator';
import type { IntakeWorkflowInput } from '../workflows/intake-messages';
import { createPipelineWorker } from './create-worker';
import type { Logger } from './logger';
import { PipelineMetrics, startVisibilityGauges } from './metrics';
import { ensureSearchAttributes } from './search-attributes';

export interface PipelineService {
  client: Client;
  db: ConnectorDatabase;
  /** The first integration and its intake (what single-integration callers such as the status line use). */
  integration: string;
  intakeWorkflowId: string;
  /** Every integration the worker serves, and their intake workflows, in the same order. */
  integrations: string[];
  intakeWorkflowIds: string[];
  /** Stops the worker (letting running activities finish) and closes connections. */
  stop(): Promise<void>;
  /** Settles when the worker stops; rejects if it fails. */
  done: Promise<void>;
}

/**
 * Runs the pipeline against a Temporal cluster and one or more Jakamo integrations: migrates the
 * database, registers search attributes where needed, starts one worker for all of them and makes
 * sure each integration's intake workflow is running (one per integration; a restart reuses it).
 */
export async function startPipelineService(
  settings: Settings,
  temporalAddress: string,
  integrations: readonly JakamoIntegration[],
  logger: Logger,
  options: { workflowBundle?: WorkflowBundle | WorkflowBundlePath } = {},
): Promise<PipelineService> {
  const [first] = integrations;
  if (first === undefined) throw new Error('startPipelineService needs at least one Jakamo integration');
  const ids = integrations.map((integration) => integration.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined)
    throw new Error(`The integration id "${duplicate}" is given twice: each needs its own`);
  // Checked before anything is opened. One validator for both directions: each schema is compiled once.
  const validator =
    settings.ublSchemaDir === undefined ? undefined : new Libxml2XsdValidator(settings.ublSchemaDir);
  const inboundValidation = inboundValidationOf(settings, validator, logger);
  const endpoint = {
    address: temporalAddress,
    namespace: settings.temporal.namespace,
    apiKey: settings.temporal.apiKey,
    tls: settings.temporal.tls,
  };
  const db = openDatabase(settings.database);
  await migrateToLatest(db);
  const { client, connection: clientConnection } = await connectClient(endpoint);
  await ensureSearchAttributes(clientConnection, settings.temporal.namespace, logger);
  const connection = await connectWorker(endpoint);
  // With METRICS_ADDRESS the Runtime exports them (worker/runtime.ts); otherwise nothing is recorded.
  const metrics =
    settings.metrics.address === undefined ? undefined : new PipelineMetrics(Runtime.instance().metricMeter);
  const worker = await createPipelineWorker({
    connection,
    client,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    db,
    erp: new SqlErpAdapter(db),
    integrations,
    orders: settings.orders,
    sizing: settings.worker,
    drainLingerMs: settings.drainLingerMs,
    validator,
    inboundValidation,
    ...(options.workflowBundle === undefined ? {} : { workflowBundle: options.workflowBundle }),
    ...(metrics === undefined ? {} : { metrics }),
  });
  const done = worker.run();

  const workflowIds: string[] = [];
  for (const integration of integrations) {
    const workflowId = intakeWorkflowId(integration.id);
    const input: IntakeWorkflowInput = {
      integration: integration.id,
      pollIntervalMs: integration.pollIntervalMs,
      drainBudgetMs: integration.drainBudgetMs,
    };
    await client.workflow.start('intakeWorkflow', {
      workflowId,
      taskQueue: settings.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Jakamo queue intake · ${integration.id}`,
    });
    workflowIds.push(workflowId);
    logger.info({ workflowId, integration: integration.id }, 'Intake running');
  }
  const gauges =
    metrics === undefined
      ? undefined
      : startVisibilityGauges({
          client,
          metrics,
          integrations: ids,
          intervalMs: settings.metrics.refreshIntervalMs,
          logger,
        });

  return {
    client,
    db,
    integration: first.id,
    intakeWorkflowId: intakeWorkflowId(first.id),
    integrations: ids,
    intakeWorkflowIds: workflowIds,
    done,
    async stop() {
      await gauges?.stop();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch((error: unknown) => logger.error({ err: error }, 'Worker stopped with an error'));
      validator?.dispose();
      await connection.close();
      await clientConnection.close();
      await db.destroy();
    },
  };
}

/**
 * Inbound validation as configured. Without schemas, `warn` becomes `off` with a warning, and
 * `strict` refuses to start (it would let invalid documents through).
 */
function inboundValidationOf(
  settings: Settings,
  validator: XsdValidator | undefined,
  logger: Logger,
): InboundValidation {
  const mode = settings.ublInboundValidation;
  if (validator === undefined) {
    if (mode === 'strict') {
      throw new Error(
        'UBL_INBOUND_VALIDATION=strict needs the UBL 2.1 schemas, and there are none: run `bash scripts/install-ubl-schemas.sh` (needs Maven) or set UBL_SCHEMA_DIR (see README, "The UBL 2.1 schemas")',
      );
    }
    logger.warn(
      'No UBL 2.1 schemas (UBL_SCHEMA_DIR is not set and none are installed under .tools/): documents are not XSD-validated, outbound OrderResponses are only preflighted (see README, "The UBL 2.1 schemas")',
    );
    return { mode: 'off' };
  }
  return mode === 'off' ? { mode } : { mode, validator };
}
