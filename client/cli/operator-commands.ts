import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { loadSettings, type Settings } from '../../config/settings';
import { intakeWorkflowId } from '../../domain/order-key';
import { OrderStatus } from '../../domain/order-status';
import {
  intakeStateQuery,
  pauseIntakeSignal,
  pollNowSignal,
  resumeIntakeSignal,
} from '../../workflows/intake-messages';
import type { OrderUpdateAnswer } from '../../workflows/order/messages';
import type { OrderLineTerms, OrderState } from '../../workflows/order/state';
import {
  confirmOrder,
  deliverOrder,
  OrderRequestRefused,
  resolveOrder,
  retryOrder,
  showOrder,
} from '../orders/order-calls';
import { listOrders } from '../orders/order-list';
import { resolveOrderKey } from '../orders/order-reference';
import { confirmRequestOf, deliverRequestOf } from './order-request-options';
import { registerQuarantineCommands } from './quarantine-commands';
import { registerRecoveryCommands } from './recovery-commands';
import { connectCliClient } from '../../worker/temporal-connection';
import { formatTable } from './text-table';

/**
 * Operator commands: look at and steer the intake and the orders from a terminal. They talk
 * to TEMPORAL_ADDRESS, or to the embedded dev server of a running `jakamo-so start`.
 */
export function registerOperatorCommands(program: Command): void {
  registerIntakeCommands(program);
  registerOrderCommands(program);

  program
    .command('orders')
    .description(
      'List orders from Temporal visibility, newest first (open orders first, the one the pipeline took up last on top; then finished ones), a page at a time',
    )
    .option('--attention', 'only orders that need attention')
    .option('--status <status>', `only orders in this status (${Object.values(OrderStatus).join(', ')})`)
    .option('--customer <id>', "only this customer's orders (the buyer's party id, JakamoCustomer)")
    .option('--page <n>', 'which page (1 = the newest orders)', '1')
    .option('--page-size <n>', `orders a page (at most ${maxOrdersPageSize})`, '50')
    .option('--all', 'every matching order, no paging')
    .option('--json', 'the page as JSON: { integration, total, page, pageSize, orders }')
    .addOption(program.createOption('--limit <n>', 'old name of --page-size').hideHelp())
    .action((options: OrdersOptions) => {
      const filter = {
        status: options.status === undefined ? undefined : orderStatusOption(options.status),
        customer: options.customer,
        needsAttention: options.attention === true ? true : undefined,
      };
      const pageSize =
        options.all === true
          ? Number.MAX_SAFE_INTEGER
          : wholeNumberOption('--page-size', options.limit ?? options.pageSize, maxOrdersPageSize);
      const page = options.all === true ? 1 : wholeNumberOption('--page', options.page);
      return withClient(async (client, settings) => {
        const integration = settings.selectedIntegration;
        const { total, orders } = await listOrders(client, integration, filter, { page, pageSize });
        if (options.json === true) {
          print({ integration, total, page, pageSize: options.all === true ? total : pageSize, orders });
          return;
        }
        if (total === 0) {
          console.log(`No orders match (integration "${integration}").`);
          return;
        }
        if (orders.length > 0) {
          const rows = orders.map((order) => [
            order.orderKey,
            order.jakamoOrderNumber ?? '-',
            order.customer ?? '-',
            order.status ?? '?',
            order.startedAt.slice(0, 16).replace('T', ' '),
            order.needsAttention ? 'NEEDS ATTENTION' : '',
          ]);
          const header = ['order key', 'jakamo number', 'customer', 'status', 'started (UTC)', 'attention'];
          console.log(formatTable([header, ...rows], '').join('\n'));
        }
        const pages = Math.ceil(total / pageSize);
        const where = options.all === true || (pages <= 1 && page === 1) ? '' : ` (page ${page} of ${pages})`;
        let next = '';
        if (options.all !== true && page < pages) {
          const again = ['jakamo-so orders'];
          if (options.attention === true) again.push('--attention');
          if (filter.status !== undefined) again.push('--status', filter.status);
          if (filter.customer !== undefined) again.push('--customer', shellWord(filter.customer));
          if (pageSize !== 50) again.push('--page-size', String(pageSize));
          again.push('--page', String(page + 1));
          next = ` · next: ${again.join(' ')}`;
        }
        console.log(`showing ${orders.length} of ${total} orders${where}${next}`);
      });
    });

  registerQuarantineCommands(program);
  // `orders retry`, `order replay`, `order reset` (client/recovery/).
  registerRecoveryCommands(program);
}

interface OrdersOptions {
  attention?: boolean;
  status?: string;
  customer?: string;
  page: string;
  pageSize: string;
  all?: boolean;
  json?: boolean;
  limit?: string;
}

const maxOrdersPageSize = 1000;

/** `--status`, in any case, as one of the order statuses. */
function orderStatusOption(text: string): OrderStatus {
  const status = Object.values(OrderStatus).find(
    (value) => value.toLowerCase() === text.trim().toLowerCase(),
  );
  if (status === undefined) {
    throw new Error(
      `--status ${text} is not an order status: use one of ${Object.values(OrderStatus).join(', ')}`,
    );
  }
  return status;
}

function wholeNumberOption(option: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) {
    throw new Error(
      `${option} ${text} must be a whole number from 1${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`,
    );
  }
  return value;
}

/** A value as it can be pasted back into a shell. */
function shellWord(text: string): string {
  return /^[\w.:@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function registerIntakeCommands(program: Command): void {
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
}

const orderArgument = '<order>';
const orderArgumentHelp =
  'the order key (order:{integration}:{buyer}:{order number}) or Jakamo order number (JKM-000012)';

function registerOrderCommands(program: Command): void {
  const order = program
    .command('order')
    .description(`One order, by its order key or Jakamo order number (JAKAMO_INTEGRATION)`);

  order
    .command('show')
    .argument(orderArgument, orderArgumentHelp)
    .option('--json', 'the whole state as JSON (the fields of OrderState)')
    .description('The order: status, lines, attention, documents, outbound requests, history')
    .action((reference: string, options: { json?: boolean }) =>
      withOrder(reference, async (client, key) => {
        const state = await showOrder(client, key);
        if (options.json) print(state);
        else console.log(formatOrder(state));
      }),
    );

  order
    .command('confirm')
    .argument(orderArgument, orderArgumentHelp)
    .option(
      '--lines <json>',
      'lines that differ from the request, e.g. \'[{"lineId":"1","quantity":"8","price":"12.50","deliveryDate":"2026-12-01"}]\'; ' +
        'left out: every line as requested. Decimals as strings.',
    )
    .option('--note <text>', 'travels to Jakamo with the confirmation')
    .option(
      '--seller-contact <id>',
      "SellerContact/ID of the OrderResponse (a user in Jakamo's user mapping)",
    )
    .option('--idempotency-key <key>', 'the same key again is decided once (Temporal update id)')
    .description('ERP: confirm the order as requested, or with changed lines (a proposal to the customer)')
    .action(
      (
        reference: string,
        options: { lines?: string; note?: string; sellerContact?: string; idempotencyKey?: string },
      ) => {
        const request = confirmRequestOf(options);
        return updateOrder(reference, 'Confirm', (client, key) =>
          confirmOrder(client, key, request, { updateId: options.idempotencyKey }),
        );
      },
    );

  order
    .command('deliver')
    .argument(orderArgument, orderArgumentHelp)
    .option(
      '--lines <json>',
      'quantities delivered now, e.g. \'[{"lineId":"1","quantity":"8"}]\'; left out: everything outstanding',
    )
    .option('--note <text>', 'travels to Jakamo with the Delivered status')
    .option('--idempotency-key <key>', 'the same key again is decided once (Temporal update id)')
    .description('ERP: goods delivered, for some lines or the whole order')
    .action((reference: string, options: { lines?: string; note?: string; idempotencyKey?: string }) => {
      const request = deliverRequestOf(options);
      return updateOrder(reference, 'Deliver', (client, key) =>
        deliverOrder(client, key, request, { updateId: options.idempotencyKey }),
      );
    });

  order
    .command('retry')
    .argument(orderArgument, orderArgumentHelp)
    .option('--reason <text>', 'what was fixed (kept in the order history)')
    .description('Run the step that needs attention again, after fixing its cause')
    .action((reference: string, options: { reason?: string }) =>
      updateOrder(reference, 'Retry', (client, key) => retryOrder(client, key, { reason: options.reason })),
    );

  const resolve = (reference: string, options: { reason?: string }) =>
    updateOrder(reference, 'Resolve', (client, key) => resolveOrder(client, key, { reason: options.reason }));
  order
    .command('resolve')
    .argument(orderArgument, orderArgumentHelp)
    .option('--reason <text>', 'what was done by hand (kept in the order history)')
    .description(
      'The step that needs attention was done by hand (in the ERP or Jakamo): drop it and carry on',
    )
    .action(resolve);
  // Deprecated name of `resolve`, kept hidden so existing scripts keep working.
  order
    .command('cancel-attention', { hidden: true })
    .argument(orderArgument)
    .option('--reason <text>')
    .action((reference: string, options: { reason?: string }) => {
      console.error('`order cancel-attention` is deprecated: use `order resolve`.');
      return resolve(reference, options);
    });
}

function intakeHandle(client: Client, settings: Settings) {
  return client.workflow.getHandle(intakeWorkflowId(settings.selectedIntegration));
}

/**
 * Sends an update to the order the reference names and prints its answer: "<Action> accepted:
 * <what the order decided>", or a refusal as the operator reads it, "<Action> refused: <reason>".
 */
function updateOrder(
  reference: string,
  action: string,
  update: (client: Client, key: string) => Promise<OrderUpdateAnswer>,
): Promise<void> {
  return withOrder(reference, async (client, key) => {
    let answer: OrderUpdateAnswer;
    try {
      answer = await update(client, key);
    } catch (error) {
      if (error instanceof OrderRequestRefused) throw new Error(`${action} refused: ${error.reason}`);
      throw error;
    }
    console.log(`${action} accepted: ${answer.decided} (status ${answer.status})`);
  });
}

/** Resolves the order reference (key or Jakamo number) against the integration, then runs. */
function withOrder(reference: string, run: (client: Client, key: string) => Promise<void>): Promise<void> {
  return withClient(async (client, settings) =>
    run(client, await resolveOrderKey(client, settings.selectedIntegration, reference)),
  );
}

/** Connects to Temporal, runs, closes; errors come out as one line each (runCli prints them). */
async function withClient(run: (client: Client, settings: Settings) => Promise<void>): Promise<void> {
  const settings = loadSettings();
  const { client, connection } = await connectCliClient(settings);
  try {
    await run(client, settings);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new Error(`No such workflow: ${error.workflowId ?? ''}`);
    throw error;
  } finally {
    await connection.close();
  }
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

// ---------------------------------------------------------------------------------------------
// `order show` without --json

/** Columns padded to their widest cell; the last column is not padded. */
/** The columns of an order's lines, as `order show` and `customer show` print them. */
export const lineColumns = [
  'line',
  'item',
  'req qty',
  'req price',
  'req date',
  'conf qty',
  'conf price',
  'conf date',
  'delivered',
  'status',
] as const;

const dash = '-';

function quantityText(terms: OrderLineTerms | undefined): string {
  if (terms?.quantity === undefined) return dash;
  return terms.unitCode === undefined ? terms.quantity : `${terms.quantity} ${terms.unitCode}`;
}

function priceText(terms: OrderLineTerms | undefined): string {
  if (terms?.price === undefined) return dash;
  return terms.currency === undefined ? terms.price : `${terms.price} ${terms.currency}`;
}

/** The order for a person: header, lines table, attention, documents, outbound, recent history. */
export function formatOrder(state: OrderState, historyEntries = 8): string {
  const out: string[] = [];
  out.push(`Order ${state.orderKey}`);
  out.push(
    ...formatTable(
      [
        ['Jakamo number', state.jakamoOrderNumber ?? '(not known yet)'],
        ['status', state.status + (state.attention === undefined ? '' : ' · NEEDS ATTENTION')],
        ['buyer', state.buyerPartyId],
        ['order number', state.orderNumber],
        ['policy', `${state.confirmationPolicy} (as-requested confirmations: ${state.responseStyle})`],
      ],
      '  ',
    ),
  );

  out.push('', `Lines (${state.lines.length})`);
  if (state.lines.length === 0) out.push('  none yet');
  else {
    out.push(
      ...formatTable([
        [...lineColumns],
        ...state.lines.map((line) => [
          line.lineId,
          line.itemName ?? dash,
          quantityText(line.requested),
          priceText(line.requested),
          line.requested.deliveryDate ?? dash,
          quantityText(line.confirmed),
          priceText(line.confirmed),
          line.confirmed?.deliveryDate ?? dash,
          line.delivered,
          line.status,
        ]),
      ]),
    );
  }

  if (state.attention !== undefined) {
    const attention = state.attention;
    out.push('', `Needs attention since ${attention.since}: ${attention.step}`);
    out.push(`  ${attention.errorType}: ${attention.reason}`);
    out.push(`  What to do: ${attention.advice}`);
    const otherwise =
      attention.byHandCommand === undefined
        ? attention.retryable
          ? ''
          : '   (retrying will not help)'
        : `   (or ${attention.byHandCommand} if you did it by hand)`;
    out.push(`  Then: ${attention.command}${otherwise}`);
  }

  out.push('', `Documents from Jakamo (${state.documents.length})`);
  if (state.documents.length === 0) out.push('  none');
  else
    out.push(
      ...formatTable(
        state.documents.map((document) => [
          document.receivedAt,
          document.kind + (document.sequenceNumber === undefined ? '' : ` #${document.sequenceNumber}`),
          document.outcome,
          document.sha256.slice(0, 12),
          document.note ?? '',
        ]),
      ),
    );

  out.push('', `Sent to Jakamo (${state.outbound.length})`);
  if (state.outbound.length === 0) out.push('  nothing yet');
  else
    out.push(
      ...formatTable(
        state.outbound.map((entry) => [
          entry.at,
          entry.kind,
          entry.outcome,
          entry.httpStatus === undefined ? 'no answer' : `HTTP ${entry.httpStatus}`,
          entry.purpose,
        ]),
      ),
    );

  const history = state.history.slice(-historyEntries);
  out.push(
    '',
    state.history.length > history.length
      ? `History (last ${history.length} of ${state.history.length})`
      : `History (${state.history.length})`,
  );
  if (history.length === 0) out.push('  empty');
  else out.push(...formatTable(history.map((entry) => [entry.at, entry.status, entry.note ?? ''])));
  return out.join('\n');
}
