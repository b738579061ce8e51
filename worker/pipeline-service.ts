import type { Client } from '@temporalio/client';
import type { Settings } from '../config/settings';
import { connectClient, connectWorker } from '../client/temporal-connection';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../db/database';
import { intakeWorkflowId } from '../domain/order-key';
import { SqlErpAdapter } from '../erp/sql-erp-adapter';
import type { InboundValidation } from '../activities/intake-activities';
import { Libxml2XsdValidator } from '../ubl/libxml2-validator';
import type { XsdValidator } from '../ubl/xsd-validator';
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
  const worker = await createPipelineWorker({
    connection,
    client,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    db,
    erp: new SqlErpAdapter(db),
    jakamo: { ...jakamo, timeoutMs: settings.jakamo.httpTimeoutMs },
    orders: settings.orders,
    validator,
    inboundValidation,
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
