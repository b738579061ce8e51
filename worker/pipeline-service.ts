import type { Client } from '@temporalio/client';
import type { Settings } from '../config/settings';
import { connectClient, connectWorker } from '../client/temporal-connection';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../db/database';
import { intakeWorkflowId } from '../domain/order-key';
import { SqlErpAdapter } from '../erp/sql-erp-adapter';
import { Libxml2XsdValidator } from '../ubl/libxml2-validator';
import type { IntakeWorkflowInput } from '../workflows/intake-messages';
import { createPipelineWorker } from './create-worker';
import type { Logger } from './logger';
import { ensureSearchAttributes } from './search-attributes';

export interface JakamoEndpoint {
  baseUrl: string;
  username: string;
  password: string;
  integration: string;
}

export interface PipelineService {
  client: Client;
  db: ConnectorDatabase;
  integration: string;
  intakeWorkflowId: string;
  /** Stops the worker (letting running activities finish) and closes connections. */
  stop(): Promise<void>;
  /** Settles when the worker stops; rejects if it fails. */
  done: Promise<void>;
}

/**
 * Runs the pipeline against a Temporal cluster and a Jakamo endpoint: migrates the database,
 * registers search attributes where needed, starts the worker and makes sure the
 * integration's intake workflow is running (one per integration; a restart reuses it).
 */
export async function startPipelineService(
  settings: Settings,
  temporalAddress: string,
  jakamo: JakamoEndpoint,
  logger: Logger,
): Promise<PipelineService> {
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
  if (settings.ublSchemaDir === undefined) {
    logger.warn(
      'UBL_SCHEMA_DIR is not set: outbound OrderResponses are preflighted but not XSD-validated (see README, "The UBL 2.1 schemas")',
    );
  }
  const worker = await createPipelineWorker({
    connection,
    client,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    db,
    erp: new SqlErpAdapter(db),
    jakamo: { ...jakamo, timeoutMs: settings.jakamo.httpTimeoutMs },
    orders: settings.orders,
    validator:
      settings.ublSchemaDir === undefined ? undefined : new Libxml2XsdValidator(settings.ublSchemaDir),
  });
  const done = worker.run();

  const workflowId = intakeWorkflowId(jakamo.integration);
  const input: IntakeWorkflowInput = {
    integration: jakamo.integration,
    pollIntervalMs: settings.jakamo.pollIntervalMs,
    drainBudgetMs: settings.jakamo.drainBudgetMs,
  };
  await client.workflow.start('intakeWorkflow', {
    workflowId,
    taskQueue: settings.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  logger.info({ workflowId, integration: jakamo.integration }, 'Intake running');

  return {
    client,
    db,
    integration: jakamo.integration,
    intakeWorkflowId: workflowId,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch((error: unknown) => logger.error({ err: error }, 'Worker stopped with an error'));
      await connection.close();
      await clientConnection.close();
      await db.destroy();
    },
  };
}
