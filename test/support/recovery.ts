import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderDefaults } from '../../config/customer-terms';
import type { RecoveryContext } from '../../client/recovery/context';
import type { ConfirmationPolicy } from '../../domain/confirmation-policy';
import type { PipelineUnderTest } from './pipeline';
import { jakamoSoOn, type CliResult } from './cli';

/** The recovery commands' context on a test pipeline (its integration, task queue and database). */
export function recoveryContext(
  env: TestWorkflowEnvironment,
  pipeline: PipelineUnderTest,
  confirmationPolicy: ConfirmationPolicy = 'auto',
): RecoveryContext {
  return {
    client: env.client,
    db: pipeline.db,
    integration: pipeline.integration,
    namespace: 'default',
    taskQueue: pipeline.taskQueue,
    orderDefaults: orderDefaults({
      confirmationPolicy,
      orderResponseCustomers: [],
      defaultSellerContactId: 'SELLER-1',
      quietPeriodMs: 30 * 24 * 3600 * 1000,
    }),
    actor: 'test-operator',
  };
}

/** `jakamo-so …` as a child process against a test pipeline whose SQLite file is `databaseFile`. */
export function jakamoSoAgainst(
  pipeline: PipelineUnderTest,
  databaseFile: string,
  ...args: string[]
): Promise<CliResult> {
  return jakamoSoOn(
    pipeline,
    { TEMPORAL_TASK_QUEUE: pipeline.taskQueue, DATABASE_URL: databaseFile, LOG_LEVEL: 'silent' },
    ...args,
  );
}
