import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { loadSettings, type Settings } from '../config/settings';
import { openDatabase } from '../db/database';
import { MessageArchive } from '../db/message-archive';
import { intakeWorkflowId } from '../domain/order-key';
import {
  cancelAttentionUpdate,
  intakeStateQuery,
  orderStateQuery,
  pauseIntakeSignal,
  pollNowSignal,
  resumeIntakeSignal,
  retryOrderUpdate,
} from '../workflows/definitions';
import { connectClient } from './temporal-connection';

/**
 * Operator commands: look at and steer the intake and the orders from a terminal. They talk
 * to TEMPORAL_ADDRESS, or to the embedded dev server of a running `jakamo-so start`.
 */
export function registerOperatorCommands(program: Command): void {
  const intake = program.command('intake').description("The integration's queue intake (JAKAMO_INTEGRATION)");
  intake
    .command('status')
    .description('Show whether the intake runs, its totals and anything that needs attention')
    .action(() =>
      withClient(async (client, settings) =>
        print(await intakeHandle(client, settings).query(intakeStateQuery)),
      ),
    );
  intake
    .command('pause')
    .option('--reason <text>', 'shown in the status and the Web UI')
    .description('Stop taking messages from the queue (they stay in Jakamo)')
    .action((options: { reason?: string }) =>
      withClient(async (client, settings) => {
        await intakeHandle(client, settings).signal(pauseIntakeSignal, {
          reason: options.reason ?? 'paused from the CLI',
        });
        console.log('Intake paused.');
      }),
    );
  intake
    .command('resume')
    .description('Resume the intake (also after fixing the credentials) and poll at once')
    .action(() =>
      withClient(async (client, settings) => {
        await intakeHandle(client, settings).signal(resumeIntakeSignal);
        console.log('Intake resumed.');
      }),
    );
  intake
    .command('poll-now')
    .description('Poll the queue now instead of waiting for the poll interval')
    .action(() =>
      withClient(async (client, settings) => {
        await intakeHandle(client, settings).signal(pollNowSignal);
        console.log('Poll requested.');
      }),
    );

  const order = program
    .command('order')
    .description('One order, by its order key (order:{integration}:{buyer}:{order number})');
  order
    .command('show <orderKey>')
    .description('The whole order: status, lines, documents, history, attention')
    .action((key: string) =>
      withClient(async (client) => print(await client.workflow.getHandle(key).query(orderStateQuery))),
    );
  order
    .command('retry <orderKey>')
    .option('--reason <text>', 'why (kept in the workflow history)')
    .description('Run the step that needs attention again, after fixing its cause')
    .action((key: string, options: { reason?: string }) =>
      withClient(async (client) => {
        const status = await client.workflow
          .getHandle(key)
          .executeUpdate(retryOrderUpdate, { args: [{ reason: options.reason }] });
        console.log(`Retry accepted; the order is ${status}.`);
      }),
    );

  order
    .command('cancel-attention <orderKey>')
    .option('--reason <text>', 'what was done by hand (kept in the order history)')
    .description(
      'The cause was handled outside the pipeline (by hand in the ERP or Jakamo): stop waiting and carry on',
    )
    .action((key: string, options: { reason?: string }) =>
      withClient(async (client) => {
        const status = await client.workflow
          .getHandle(key)
          .executeUpdate(cancelAttentionUpdate, { args: [{ reason: options.reason }] });
        console.log(`Attention cleared; the order is ${status}.`);
      }),
    );

  program
    .command('orders')
    .description('List orders from Temporal visibility')
    .option('--attention', 'only orders that need attention')
    .option('--status <status>', 'only orders in this status (for example Confirmed)')
    .option('--limit <n>', 'at most this many', '50')
    .action((options: { attention?: boolean; status?: string; limit: string }) =>
      withClient(async (client, settings) => {
        const filters = [
          `WorkflowType = 'orderWorkflow'`,
          `WorkflowId STARTS_WITH 'order:${settings.jakamo.integration}:'`,
        ];
        if (options.attention) filters.push('NeedsAttention = true');
        if (options.status) filters.push(`JakamoOrderStatus = '${options.status.replace(/'/g, '')}'`);
        let shown = 0;
        for await (const execution of client.workflow.list({ query: filters.join(' AND ') })) {
          const attributes = execution.typedSearchAttributes;
          const status = attributes.getAll().find((pair) => pair.key.name === 'JakamoOrderStatus')?.value;
          const attention =
            attributes.getAll().find((pair) => pair.key.name === 'NeedsAttention')?.value === true;
          console.log(
            `${execution.workflowId}  ${String(status ?? '?')}${attention ? '  NEEDS ATTENTION' : ''}`,
          );
          if (++shown >= Number(options.limit)) break;
        }
        if (shown === 0) console.log('No orders match.');
      }),
    );

  program
    .command('quarantine')
    .description('Messages that could not be parsed or routed, with their reasons')
    .action(async () => {
      const settings = loadSettings();
      const db = openDatabase(settings.database);
      try {
        const messages = await new MessageArchive(db).listQuarantined(settings.jakamo.integration);
        if (messages.length === 0) console.log('No quarantined messages.');
        for (const message of messages) {
          console.log(`${message.first_received_at}  ${message.sha256.slice(0, 12)}  ${message.error ?? ''}`);
        }
      } finally {
        await db.destroy();
      }
    });
}

function intakeHandle(client: Client, settings: Settings) {
  return client.workflow.getHandle(intakeWorkflowId(settings.jakamo.integration));
}

async function withClient(run: (client: Client, settings: Settings) => Promise<void>): Promise<void> {
  const settings = loadSettings();
  const address = settings.temporal.address ?? `127.0.0.1:${settings.temporal.devServerPort}`;
  const { client, connection } = await connectClient({
    address,
    namespace: settings.temporal.namespace,
    apiKey: settings.temporal.apiKey,
    tls: settings.temporal.tls,
  }).catch((error: unknown) => {
    throw new Error(
      `Cannot reach Temporal at ${address} (${(error as Error).message}): is \`jakamo-so start\` running, or TEMPORAL_ADDRESS set?`,
    );
  });
  try {
    await run(client, settings);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new Error(`No such workflow: ${error.workflowId ?? ''}`);
    if (error instanceof WorkflowUpdateFailedError && error.cause) throw new Error(error.cause.message);
    throw error;
  } finally {
    await connection.close();
  }
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
