import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { orderKey, parseOrderKey, type OrderKeyParts } from '../../domain/order-key';
import { orderKeyPrefix, ordersQuery, visibilityString } from '../../domain/order-queries';
import { orderSummaryOf, type OrderSummary } from './order-list';

/**
 * Which order a reference names: an order key, or Jakamo's order number looked up in Temporal
 * visibility. A reference that names no order is an OrderNotFound that says what a key looks
 * like and names the orders it probably meant.
 */

const orderKeyShape = 'order:{integration}:{buyer}:{order number}';

/** No order workflow with this key, or none with this Jakamo order number in the integration. */
export class OrderNotFound extends Error {
  override name = 'OrderNotFound';
  constructor(
    /** The order key or Jakamo order number that was asked for. */
    readonly reference: string,
    message = `No such order: ${reference}`,
    /** Keys of the orders the reference probably meant (already named in the message), closest first. */
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

/** A Jakamo order number that more than one order workflow of the integration carries. */
export class AmbiguousJakamoOrderNumber extends Error {
  override name = 'AmbiguousJakamoOrderNumber';
  constructor(
    readonly jakamoOrderNumber: string,
    readonly orderKeys: string[],
  ) {
    super(
      `Jakamo order number "${jakamoOrderNumber}" names ${orderKeys.length} orders: ${orderKeys.join(', ')}. ` +
        'Use the order key instead.',
    );
  }
}

/** The visibility query finding the order workflow(s) of the integration with this Jakamo order number. */
export function jakamoOrderNumberQuery(integration: string, jakamoOrderNumber: string): string {
  return [
    `WorkflowType = 'orderWorkflow'`,
    `JakamoOrderNumber = ${visibilityString(jakamoOrderNumber)}`,
    `WorkflowId STARTS_WITH ${visibilityString(orderKeyPrefix(integration))}`,
  ].join(' AND ');
}

/**
 * An order key is checked (see `checkKeyExists`) and returned; anything else is taken for Jakamo's order number (for
 * example JKM-000012) and looked up in Temporal visibility among the integration's orders. A
 * reference that names no order is an OrderNotFound that says what a key looks like when the
 * reference is not one, and names the orders it probably meant (same buyer and order number in
 * another integration or case, the customer's order number given for Jakamo's, `jkm-12` for
 * JKM-000012, or a part of a key or number).
 */
export async function resolveOrderKey(
  client: Client,
  integration: string,
  keyOrJakamoNumber: string,
  options: {
    /**
     * Refuse an order key of another integration as not found, and suggest only the
     * integration's own orders (the HTTP API serves one integration).
     */
    onlyThisIntegration?: boolean;
    /**
     * Ask Temporal whether an order key names an order, so that a wrong key is answered with the
     * orders it probably meant. Default: yes, except with `onlyThisIntegration` — the HTTP API
     * serves an order's documents by key from the database alone, also while Temporal is down,
     * and its calls to the order say "not found" themselves.
     */
    checkKeyExists?: boolean;
  } = {},
): Promise<string> {
  const reference = keyOrJakamoNumber.trim();
  const scope = options.onlyThisIntegration === true ? integration : undefined;
  const checkKeyExists = options.checkKeyExists ?? scope === undefined;
  if (reference === '') {
    throw new OrderNotFound(
      reference,
      `Name the order: its order key (${orderKeyShape}) or Jakamo order number`,
    );
  }
  if (reference.startsWith('order:')) {
    if (!isOrderKey(reference)) {
      throw await orderNotFound(
        client,
        integration,
        scope,
        reference,
        notAnOrderKeyMessage(reference, integration),
      );
    }
    if (scope !== undefined && !reference.startsWith(orderKeyPrefix(scope))) {
      throw await orderNotFound(
        client,
        integration,
        scope,
        reference,
        `No such order in integration "${integration}": ${reference}`,
      );
    }
    if (!checkKeyExists) return reference;
    try {
      await client.workflow.getHandle(reference).describe();
      return reference;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    throw await orderNotFound(client, integration, scope, reference, `No such order: ${reference}`);
  }
  const keys = new Set<string>();
  // Runs of one workflow id (continue-as-new, a reset) are one order.
  for await (const execution of client.workflow.list({
    query: jakamoOrderNumberQuery(integration, reference),
  })) {
    keys.add(execution.workflowId);
    if (keys.size > 10) break;
  }
  if (keys.size === 0) {
    throw await orderNotFound(
      client,
      integration,
      scope,
      reference,
      `No order with Jakamo order number "${reference}" in integration "${integration}" ` +
        `(an order key looks like ${orderKeyShape})`,
    );
  }
  if (keys.size > 1) throw new AmbiguousJakamoOrderNumber(reference, [...keys].sort());
  return [...keys][0];
}

/** A well-formed order key: `order:` and three percent-encoded, non-empty parts. */
function isOrderKey(reference: string): boolean {
  try {
    const parts = parseOrderKey(reference);
    return [parts.integration, parts.buyerPartyId, parts.orderNumber].every((part) => part.trim() !== '');
  } catch {
    return false;
  }
}

function notAnOrderKeyMessage(reference: string, integration: string): string {
  const example = orderKey({ integration, buyerPartyId: 'ACME-FI', orderNumber: 'PO-4711' });
  return (
    `"${reference}" is not an order key: a key looks like ${orderKeyShape}, for example ${example} ` +
    `(each part percent-encoded, as the Web UI and \`jakamo-so orders\` show it); ` +
    "or give Jakamo's order number, for example JKM-000012"
  );
}

/**
 * How many orders a reference that named no order is compared with: the first in visibility's
 * own order (the latest started or closed).
 */
const suggestionScanLimit = 2000;
const maxSuggestions = 5;

/** The OrderNotFound for a reference, naming the orders it probably meant. */
async function orderNotFound(
  client: Client,
  integration: string,
  scope: string | undefined,
  reference: string,
  message: string,
): Promise<OrderNotFound> {
  let matches: OrderSummary[] = [];
  try {
    matches = await ordersLike(client, integration, scope, reference);
  } catch {
    // Suggestions are a courtesy: the error itself must not fail on them.
  }
  if (matches.length === 0) return new OrderNotFound(reference, message);
  const shown = matches.slice(0, maxSuggestions);
  const width = Math.max(...shown.map((order) => order.orderKey.length));
  const lines = [
    message,
    shown.length === 1 ? 'Did you mean this order?' : 'Did you mean one of these?',
    ...shown.map((order) =>
      [
        `  ${order.orderKey.padEnd(width)}`,
        (order.jakamoOrderNumber ?? '-').padEnd(10),
        order.status ?? '?',
      ].join('  '),
    ),
  ];
  if (matches.length > shown.length) lines.push(`  … and ${matches.length - shown.length} more`);
  return new OrderNotFound(
    reference,
    lines.join('\n'),
    shown.map((order) => order.orderKey),
  );
}

/**
 * The orders a reference probably meant, closest first: among the first orders of `scope`
 * (every integration when undefined), those `orderReferenceCloseness` finds close; the
 * integration's own before others'.
 */
async function ordersLike(
  client: Client,
  integration: string,
  scope: string | undefined,
  reference: string,
): Promise<OrderSummary[]> {
  const query =
    scope === undefined
      ? `WorkflowType = 'orderWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`
      : ordersQuery(scope);
  const found: { order: OrderSummary; rank: number }[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    if (++scanned > suggestionScanLimit) break;
    if (seen.has(execution.workflowId)) continue;
    seen.add(execution.workflowId);
    const order = orderSummaryOf(execution);
    const closeness = orderReferenceCloseness(reference, order);
    if (closeness === undefined) continue;
    const ownIntegration = order.orderKey.startsWith(orderKeyPrefix(integration));
    found.push({ order, rank: closeness * 2 + (ownIntegration ? 0 : 1) });
  }
  // A stable sort keeps visibility's order within a rank.
  return found.sort((a, b) => a.rank - b.rank).map((entry) => entry.order);
}

const normalized = (text: string): string => text.trim().toLowerCase();

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `JKM-000012`, `jkm-12`, `JKM12` and (without letters) `12` name the same Jakamo number. */
function sameJakamoNumber(given: string, actual: string): boolean {
  if (normalized(given) === normalized(actual)) return true;
  const pattern = /^([a-z]*)[-_ ]?0*(\d+)$/;
  const a = pattern.exec(normalized(given));
  const b = pattern.exec(normalized(actual));
  if (a === null || b === null) return false;
  return a[2] === b[2] && (a[1] === '' || a[1] === b[1]);
}

/**
 * How close an order is to a reference that named no order, for suggestions (smaller is closer):
 * 0: the same buyer and order number (the key's integration, case or encoding was off);
 * 1: the same customer order number, or the same Jakamo number written otherwise;
 * 2: the reference (not a key, at least 3 characters) is part of the order's key, Jakamo number
 *    or order number; undefined: not close.
 */
export function orderReferenceCloseness(
  reference: string,
  order: { orderKey: string; jakamoOrderNumber?: string | undefined },
): number | undefined {
  let have: OrderKeyParts;
  try {
    have = parseOrderKey(order.orderKey);
  } catch {
    return undefined;
  }
  const given = reference.trim();
  const isKey = /^order:/i.test(given);
  const parts = given.split(':').map(decoded);
  if (isKey) parts.shift();
  const number = parts[parts.length - 1] ?? '';
  const buyer = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const same = (a: string, b: string) => normalized(a) === normalized(b);
  if (buyer !== undefined && same(buyer, have.buyerPartyId) && same(number, have.orderNumber)) return 0;
  if (number !== '' && same(number, have.orderNumber)) return 1;
  if (isKey) return undefined;
  const jakamo = order.jakamoOrderNumber;
  if (jakamo !== undefined && sameJakamoNumber(given, jakamo)) return 1;
  const text = normalized(given);
  if (text.length < 3) return undefined;
  const haystacks = [decoded(order.orderKey), jakamo ?? '', have.orderNumber];
  return haystacks.some((haystack) => normalized(haystack).includes(text)) ? 2 : undefined;
}
