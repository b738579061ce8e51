import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadSettings } from '../../config/settings';
import { isPlainDecimal } from '../../domain/decimal';
import {
  SandboxControlClient,
  SandboxControlError,
  SandboxUnreachableError,
  type CustomerCancellationDocument,
  type CustomerLineChange,
} from '../../sandbox/control-client';
import type { SandboxLineTerms, SandboxOrderState } from '../../sandbox/types';
import { lineColumns } from './operator-commands';
import { formatTable } from './text-table';

/**
 * `jakamo-so customer …`: play the customer against the Jakamo sandbox's control API — place,
 * change, cancel, accept or reject a proposal, look at the sandbox's view of an order. One line
 * each, for demos and for trying the pipeline by hand.
 */

export class InvalidLineChange extends Error {
  override name = 'InvalidLineChange';
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const statusCodePattern = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,34}$/;

/** Keys of the `--line` mini syntax, with what they set. */
const lineKeys: Record<
  string,
  { field: keyof CustomerLineChange; check?: (value: string) => string | undefined }
> = {
  qty: { field: 'quantity', check: decimal },
  quantity: { field: 'quantity', check: decimal },
  price: { field: 'price', check: decimal },
  date: { field: 'deliveryDate', check: isoDate },
  deliveryDate: { field: 'deliveryDate', check: isoDate },
  status: { field: 'lineStatusCode', check: statusCode },
  item: { field: 'itemName' },
  sku: { field: 'sellersItemId' },
  unit: { field: 'unitCode' },
};

function decimal(value: string): string | undefined {
  return isPlainDecimal(value) ? undefined : 'a decimal such as 8 or 12.50';
}

function isoDate(value: string): string | undefined {
  if (!datePattern.test(value)) return 'a date YYYY-MM-DD';
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
    ? undefined
    : 'a date YYYY-MM-DD';
}

function statusCode(value: string): string | undefined {
  return statusCodePattern.test(value)
    ? undefined
    : 'a LineStatusCode such as Cancelled or 2 (letters, digits)';
}

export const lineSyntaxHelp = `
--line <spec>, repeatable, one per changed line:  <lineId>:<key>=<value>[,<key>=<value>…]  or  <lineId>:cancel
  qty=<decimal>       requested quantity (qty=0 cancels the line)
  price=<decimal>     unit price, e.g. price=12.50
  date=<YYYY-MM-DD>   requested delivery date
  status=<code>       cbc:LineStatusCode written verbatim (status=2 or status=Cancelled cancels the line)
  cancel              cancel the line (LineStatusCode "Cancelled")
  item=<name>, sku=<id>, unit=<code>   for a new line (which also needs qty, price and date)
Values cannot contain commas. Examples:
  --line 1:qty=8,price=12.50,date=2026-12-01 --line 2:qty=0 --line 3:cancel --line 4:status=2
`;

/** One `--line` value, e.g. `1:qty=8,price=12.50,date=2026-12-01`, `3:cancel` or `3:status=2`. */
export function parseLineChange(spec: string): CustomerLineChange {
  const fail = (problem: string) => new InvalidLineChange(`--line "${spec}": ${problem}`);
  const colon = spec.indexOf(':');
  if (colon < 0) throw fail('expected <lineId>:<key>=<value>,… such as 1:qty=8 or 3:cancel');
  const lineId = spec.slice(0, colon).trim();
  if (lineId === '') throw fail('the line id before ":" is missing');
  const items = spec
    .slice(colon + 1)
    .split(',')
    .map((item) => item.trim());
  if (items.every((item) => item === '')) throw fail('say what changes, e.g. qty=8, price=12.50 or cancel');
  const change: CustomerLineChange = { lineId };
  const seen = new Set<string>();
  for (const item of items) {
    if (item === '') throw fail('an empty item between commas');
    const equals = item.indexOf('=');
    const key = (equals < 0 ? item : item.slice(0, equals)).trim();
    const value = equals < 0 ? undefined : item.slice(equals + 1).trim();
    if (seen.has(key)) throw fail(`"${key}" is given twice`);
    seen.add(key);
    if (key === 'cancel') {
      if (value !== undefined) throw fail('"cancel" takes no value');
      change.cancel = true;
      continue;
    }
    const known = lineKeys[key];
    if (known === undefined) {
      throw fail(`unknown key "${key}" (expected qty, price, date, status, cancel, item, sku or unit)`);
    }
    if (value === undefined || value === '') throw fail(`"${key}" needs a value: ${key}=…`);
    const problem = known.check?.(value);
    if (problem !== undefined) throw fail(`${key}=${value} is not ${problem}`);
    if (change[known.field] !== undefined) throw fail(`"${key}" is given twice`);
    (change as unknown as Record<string, string>)[known.field] = value;
  }
  return change;
}

/** Every `--line` of one change; a line may be named once. */
export function parseLineChanges(specs: string[]): CustomerLineChange[] {
  if (specs.length === 0) {
    throw new InvalidLineChange('Say what changes with at least one --line, e.g. --line 1:qty=8');
  }
  const changes = specs.map(parseLineChange);
  const ids = changes.map((change) => change.lineId);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new InvalidLineChange(`--line: line "${twice}" is given twice`);
  return changes;
}

/** `--lines 1,2` of `customer cancel`. */
export function parseLineIds(list: string): string[] {
  const ids = list.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) {
    throw new InvalidLineChange(`--lines "${list}": expected line ids separated by commas, e.g. 1,2`);
  }
  if (new Set(ids).size !== ids.length)
    throw new InvalidLineChange(`--lines "${list}": a line is given twice`);
  return ids;
}

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

interface CustomerOptions {
  sandbox?: string;
  integration?: string;
}

interface SandboxTarget {
  control: SandboxControlClient;
  url: string;
  integration: string;
}

function sandboxTarget(options: CustomerOptions): SandboxTarget {
  const settings =
    options.sandbox === undefined || options.integration === undefined ? loadSettings() : undefined;
  const url = options.sandbox ?? `http://127.0.0.1:${settings?.sandboxPort ?? 8090}`;
  const integration = options.integration ?? settings?.selectedIntegration ?? 'demo';
  return { control: new SandboxControlClient(url), url, integration };
}

/** Runs one customer action; sandbox errors come out as one line each (runCli prints them). */
async function asCustomer(
  command: Command,
  action: string,
  run: (target: SandboxTarget) => Promise<void>,
): Promise<void> {
  const target = sandboxTarget(command.optsWithGlobals<CustomerOptions>());
  try {
    await run(target);
  } catch (error) {
    if (error instanceof SandboxUnreachableError) {
      throw new Error(`Cannot reach the Jakamo sandbox at ${target.url}: is \`jakamo-so start\` running?`);
    }
    if (error instanceof SandboxControlError) throw new Error(`Cannot ${action}: ${error.reason}`);
    throw error;
  }
}

export function registerCustomerCommands(program: Command): void {
  const customer = program
    .command('customer')
    .description(
      'Play the customer in the Jakamo sandbox (its control API): place, change, cancel, answer proposals',
    )
    .option('--sandbox <url>', 'the sandbox (default http://127.0.0.1:$SANDBOX_PORT, 8090)')
    .option('--integration <id>', 'the integration to place orders in (default JAKAMO_INTEGRATION, demo)');

  customer
    .command('place')
    .description('Place a generated order in the integration (it lands in the supplier queue)')
    .option('--customer <partyId>', "the customer company (default the integration's first customer)")
    .option('--lines <n>', 'number of lines (default 3)', wholeNumber(1, 1000))
    .option('--order-number <number>', "the customer's order number (default PO-<sequence>)")
    .option(
      '--seed <n>',
      'seed of the generated lines (default the order sequence)',
      wholeNumber(0, 2 ** 31 - 1),
    )
    .option('--json', 'print the answer as JSON')
    .action(
      (
        options: { customer?: string; lines?: number; orderNumber?: string; seed?: number; json?: boolean },
        command: Command,
      ) =>
        asCustomer(command, 'place the order', async ({ control, integration }) => {
          const customerPartyId = options.customer ?? (await firstCustomer(control, integration));
          const placed = await control.placeOrder(integration, {
            customerPartyId,
            lines: options.lines,
            orderNumber: options.orderNumber,
            seed: options.seed,
          });
          if (options.json) console.log(JSON.stringify({ ...placed, integration, customerPartyId }, null, 2));
          else
            console.log(
              `Placed ${placed.jakamoOrderNumber}: customer order ${placed.orderNumber}, buyer ${placed.buyerPartyId} ` +
                `(customer ${customerPartyId}, integration ${integration})`,
            );
        }),
    );

  customer
    .command('change')
    .argument('<jakamoNumber>', "Jakamo's order number, e.g. JKM-000012")
    .description('Change lines of an order: an OrderChange with the next SequenceNumberID')
    .option(
      '--line <spec>',
      'one changed line (repeatable), see below',
      (spec: string, earlier: string[] | undefined) => [...(earlier ?? []), spec],
    )
    .option('--note <text>', 'cbc:Note of the OrderChange')
    .addHelpText('after', lineSyntaxHelp)
    .action((jakamoNumber: string, options: { line?: string[]; note?: string }, command: Command) => {
      const lines = parseLineChanges(options.line ?? []);
      return asCustomer(command, `change ${jakamoNumber}`, async ({ control }) => {
        const order = await control.changeOrder(jakamoNumber, { lines, note: options.note });
        console.log(
          `Changed ${order.jakamoOrderNumber} (OrderChange ${order.sequenceNumber}): ${order.status}` +
            restrictedNote(order),
        );
      });
    });

  customer
    .command('cancel')
    .argument('<jakamoNumber>', "Jakamo's order number, e.g. JKM-000012")
    .description(
      'Cancel the whole order, or (--lines) just some lines through an OrderChange with quantity 0',
    )
    .option('--note <text>', 'why (the Note / CancellationNote)')
    .option('--lines <ids>', 'cancel only these lines, e.g. 1,2 (an OrderChange)')
    .addOption(
      new Option('--as <document>', 'how a whole-order cancellation reaches the queue')
        .choices(['status-message', 'order-cancellation'])
        .default('status-message'),
    )
    .action(
      (
        jakamoNumber: string,
        options: { note?: string; lines?: string; as: 'status-message' | 'order-cancellation' },
        command: Command,
      ) => {
        const lineIds = options.lines === undefined ? undefined : parseLineIds(options.lines);
        if (lineIds !== undefined && command.getOptionValueSource('as') === 'cli') {
          throw new InvalidLineChange(
            '--as is for cancelling the whole order; --lines cancels lines through an OrderChange',
          );
        }
        return asCustomer(command, `cancel ${jakamoNumber}`, async ({ control }) => {
          if (lineIds !== undefined) {
            const order = await control.changeOrder(jakamoNumber, {
              lines: lineIds.map((lineId) => ({ lineId, quantity: '0' })),
              note: options.note,
            });
            console.log(
              `Cancelled line${lineIds.length === 1 ? '' : 's'} ${lineIds.join(', ')} of ${order.jakamoOrderNumber} ` +
                `(OrderChange ${order.sequenceNumber}): ${order.status}` +
                restrictedNote(order),
            );
            return;
          }
          const document: CustomerCancellationDocument =
            options.as === 'order-cancellation' ? 'OrderCancellation' : 'StatusMessage';
          const order = await control.cancelOrder(jakamoNumber, options.note, document);
          console.log(
            `Cancelled ${order.jakamoOrderNumber} (${document === 'StatusMessage' ? 'StatusMessage "Cancelled"' : 'OrderCancellation'} queued): ${order.status}`,
          );
        });
      },
    );

  customer
    .command('accept')
    .argument('<jakamoNumber>', "Jakamo's order number, e.g. JKM-000012")
    .description("Accept the supplier's proposal: an OrderChange equal to it, the order is Confirmed")
    .action((jakamoNumber: string, _options: unknown, command: Command) =>
      asCustomer(command, `accept ${jakamoNumber}`, async ({ control }) => {
        const order = await control.acceptProposal(jakamoNumber);
        console.log(
          `Accepted the proposal for ${order.jakamoOrderNumber}: ${order.status}` + restrictedNote(order),
        );
      }),
    );

  customer
    .command('reject')
    .argument('<jakamoNumber>', "Jakamo's order number, e.g. JKM-000012")
    .description("Reject the supplier's proposal: an OrderChange restating the request")
    .action((jakamoNumber: string, _options: unknown, command: Command) =>
      asCustomer(command, `reject ${jakamoNumber}`, async ({ control }) => {
        const order = await control.rejectProposal(jakamoNumber);
        console.log(
          `Rejected the proposal for ${order.jakamoOrderNumber}: ${order.status}` + restrictedNote(order),
        );
      }),
    );

  customer
    .command('show')
    .argument('<jakamoNumber>', "Jakamo's order number, e.g. JKM-000012")
    .description("The sandbox's (Jakamo's) view of the order")
    .option('--json', 'the whole sandbox order as JSON')
    .action((jakamoNumber: string, options: { json?: boolean }, command: Command) =>
      asCustomer(command, `show ${jakamoNumber}`, async ({ control }) => {
        const order = await control.getOrder(jakamoNumber);
        console.log(options.json ? JSON.stringify(order, null, 2) : formatSandboxOrder(order));
      }),
    );
}

async function firstCustomer(control: SandboxControlClient, integration: string): Promise<string> {
  const found = (await control.integrations()).find((candidate) => candidate.id === integration);
  if (found === undefined) {
    throw new InvalidLineChange(
      `The sandbox has no integration "${integration}": name one with --integration`,
    );
  }
  const first = found.customers[0];
  if (first === undefined) throw new InvalidLineChange(`Integration "${integration}" has no customers`);
  return first.partyId;
}

/** Seed 6.4: with OrderChange messages restricted, the change never reaches the supplier queue. */
function restrictedNote(order: SandboxOrderState): string {
  const last = order.comments.at(-1) ?? '';
  return last.includes('was not passed to the SO API queue')
    ? ' (OrderChange messages are restricted: none was queued)'
    : '';
}

function termsText(terms: SandboxLineTerms | undefined): string[] {
  return terms === undefined ? ['-', '-', '-'] : [terms.quantity, terms.price, terms.deliveryDate];
}

/** The sandbox's order for a person. */
export function formatSandboxOrder(order: SandboxOrderState): string {
  const documents = order.documents.map((document) => [
    document.receivedAt,
    document.kind,
    `HTTP ${document.httpStatus}`,
    document.responseBody,
  ]);
  return [
    `${order.jakamoOrderNumber}: ${order.status}`,
    ...formatTable([
      ['customer order', order.orderNumber],
      ['customer', `${order.customerPartyId} (buyer id ${order.buyerPartyId})`],
      ['integration', order.integrationId],
      ['OrderChange sequence', String(order.sequenceNumber)],
      ['confirmations', String(order.confirmations)],
      ['orderResponses', String(order.orderResponses)],
    ]),
    '',
    `Lines (${order.lines.length})`,
    ...formatTable([
      [...lineColumns],
      ...order.lines.map((line) => [
        line.lineId,
        line.itemName,
        ...termsText(line.requested),
        ...termsText(line.confirmed),
        line.delivered?.quantity ?? '-',
        line.status,
      ]),
    ]),
    '',
    `Documents from the supplier (${documents.length})`,
    ...(documents.length === 0 ? ['  none'] : formatTable(documents)),
    ...(order.comments.length === 0
      ? []
      : ['', 'Comments', ...order.comments.map((comment) => `  ${comment}`)]),
  ].join('\n');
}
