import { execFile } from 'node:child_process';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderDefaults } from '../../activities/order-router';
import type { RecoveryContext } from '../../client/recovery/context';
import type { ConfirmationPolicy } from '../../domain/confirmation-policy';
import { projectRoot } from '../../worker/temporal-binaries';
import type { PipelineUnderTest } from './pipeline';
import { devServerAddress } from './temporal';

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
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), ...args],
      {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: devServerAddress(),
          TEMPORAL_TASK_QUEUE: pipeline.taskQueue,
          JAKAMO_INTEGRATION: pipeline.integration,
          DATABASE_URL: databaseFile,
          LOG_LEVEL: 'silent',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
