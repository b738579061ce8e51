import type { Command } from 'commander';
import { parseDuration } from '../../config/settings';
import { OperatorActions } from '../../db/operator-actions';
import { bulkRetry, formatBulkRetry } from '../recovery/bulk-retry';
import { resolveRecoveryOrderKey, withRecoveryContext } from './recovery-context';
import { RecoveryRefused } from '../recovery/context';
import { formatReplay, replayOrder } from '../recovery/order-replay';
import { formatReset, parseResetTarget, resetOrder } from '../recovery/order-reset';
import { progressOn } from '../recovery/progress';
import { formatTable } from './text-table';

/**
 * The recovery commands on the order commands: `orders retry` (bulk retry), `order replay`,
 * `order reset`, `order actions` (docs/operations.md, "Recovery"). Registered on the `orders` and `order`
 * commands that client/cli/operator-commands.ts defines.
 */
export function registerRecoveryCommands(program: Command): void {
  const orders = program.commands.find((command) => command.name() === 'orders');
  const order = program.commands.find((command) => command.name() === 'order');
  if (orders === undefined || order === undefined) {
    throw new Error('registerRecoveryCommands needs the `orders` and `order` commands registered first');
  }
  const orderHelp =
    'the order key (order:{integration}:{buyer}:{order number}) or Jakamo order number (JKM-000012)';

  orders
    .command('retry')
    .description(
      'Retry the waiting step of every order that needs attention (after fixing the cause), with a summary; exit 1 if any retry failed',
    )
    .option('--attention', 'orders that need attention (required: a bulk retry only takes those)')
    .option('--customer <party id>', "only this customer's orders (JakamoCustomer)")
    .option('--error-type <type>', 'only attentions of this failure type, e.g. JakamoMappingMissing')
    .option('--reason <text>', "what was fixed (kept in each order's history)")
    .option(
      '--wait <duration>',
      'how long to wait for the retried steps to tell their outcome (0: do not wait)',
      '20s',
    )
    .option('--dry-run', 'list the orders that would be retried; retry nothing')
    .action(
      (
        options: {
          attention?: boolean;
          customer?: string;
          errorType?: string;
          reason?: string;
          wait: string;
          dryRun?: boolean;
        },
        command: Command,
      ) => {
        // Commander gives the options the parent `orders` also has (--attention, --customer) to the parent.
        const parent = command.parent?.opts<{ attention?: boolean; customer?: string }>() ?? {};
        const attention = options.attention === true || parent.attention === true;
        const customer = options.customer ?? parent.customer;
        if (!attention) {
          throw new RecoveryRefused(
            '`orders retry` retries orders that need attention: add --attention (with --customer / --error-type to narrow it)',
          );
        }
        const waitMs = parseDuration(options.wait);
        return withRecoveryContext(async (context) => {
          const result = await bulkRetry(
            context,
            {
              customer,
              errorType: options.errorType,
              reason: options.reason,
              dryRun: options.dryRun === true,
              waitMs,
            },
            progressOn(process.stderr),
          );
          console.log(formatBulkRetry(result, options.dryRun === true));
          if (result.failed > 0) process.exitCode = 1;
        });
      },
    );

  order
    .command('replay')
    .argument('<order>', orderHelp)
    .option(
      '--dry-run',
      'show the plan: the inputs, the steps already done, what the fresh workflow will run',
    )
    .option('--reason <text>', "why (kept in the order's history)")
    .option('--force', 'start the fresh workflow even when records of work done are not accounted for')
    .description(
      'Re-drive a terminated, failed or lost order into a fresh workflow from its archived messages; nothing is sent or imported twice',
    )
    .action((reference: string, options: { dryRun?: boolean; reason?: string; force?: boolean }) =>
      withRecoveryContext(async (context) => {
        const key = await resolveRecoveryOrderKey(context, reference);
        console.log(formatReplay(await replayOrder(context, key, options)));
      }),
    );

  order
    .command('actions')
    .argument('<order>', orderHelp)
    .description(
      'The operator actions on the order (retries, replays, resets), with their reasons and outcomes',
    )
    .action((reference: string) =>
      withRecoveryContext(async (context) => {
        const key = await resolveRecoveryOrderKey(context, reference);
        const actions = await new OperatorActions(context.db).listForTarget(key);
        if (actions.length === 0) {
          console.log(`No operator actions on ${key}.`);
          return;
        }
        console.log(
          formatTable(
            actions.map((action) => [
              action.at,
              action.action,
              action.outcome,
              action.actor ?? '-',
              [action.reason, action.detail].filter((text) => text !== undefined).join(' — '),
            ]),
            '',
          ).join('\n'),
        );
      }),
    );

  order
    .command('reset')
    .argument('<order>', orderHelp)
    .option(
      '--to <point>',
      'first (the first decision), last-good (the last one before the first failure) or a WorkflowTaskCompleted event id',
      'last-good',
    )
    .option('--dry-run', 'list the events and what becomes of each; reset nothing')
    .option('--reason <text>', "why (kept in the reset request, which Temporal's history shows)")
    .option('--run-id <id>', 'the run to reset (default: the latest)')
    .description("Temporal's reset, for an order stuck on a bug that has since been fixed")
    .action(
      (reference: string, options: { to: string; dryRun?: boolean; reason?: string; runId?: string }) => {
        const to = parseResetTarget(options.to);
        return withRecoveryContext(async (context) => {
          const key = await resolveRecoveryOrderKey(context, reference);
          console.log(
            formatReset(
              await resetOrder(context, key, {
                to,
                dryRun: options.dryRun === true,
                reason: options.reason,
                runId: options.runId,
              }),
            ),
          );
        });
      },
    );
}
