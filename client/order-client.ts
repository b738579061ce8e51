import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { DecimalString } from '../domain/documents';
import { orderKey } from '../domain/order-key';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  orderStateQuery,
  resolveOrderUpdate,
  retryOrderUpdate,
  type ConfirmLineRequest,
  type ConfirmRequest,
  type DeliverRequest,
  type OperatorRequest,
  type OrderUpdateAnswer,
} from '../workflows/order/messages';
import type { OrderState } from '../workflows/order/state';

/**
 * One order, from outside its workflow: look it up (by order key or Jakamo's order number), read
 * its state, and send the ERP's and the operator's updates. Used by the CLI now and by the ERP
 * HTTP API later, so every failure is a typed error that says what to do, never a gRPC error.
 */

const orderKeyShape = 'order:{integration}:{buyer}:{order number}';

/** No order workflow with this key, or none with this Jakamo order number in the integration. */
export class OrderNotFound extends Error {
  override name = 'OrderNotFound';
  constructor(
    /** The order key or Jakamo order number that was asked for. */
    readonly reference: string,
    message = `No such order: ${reference}`,
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

/** The order's update validator (or handler) refused the request; `reason` is the workflow's own words. */
export class OrderRequestRefused extends Error {
  override name = 'OrderRequestRefused';
  constructor(
    readonly orderKey: string,
    readonly update: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A `--lines` value (or an API body's lines) that cannot become a request. */
export class InvalidOrderLines extends Error {
  override name = 'InvalidOrderLines';
}

/** Escapes a value for a single-quoted string of a Temporal visibility query. */
export function visibilityString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The workflow id prefix of every order of the integration (`order:{integration}:`, encoded as in the key). */
export function orderKeyPrefix(integration: string): string {
  const sample = orderKey({ integration, buyerPartyId: 'b', orderNumber: 'n' });
  return sample.slice(0, sample.length - 'b:n'.length);
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
 * An order key is returned as it is; anything else is taken for Jakamo's order number (for
 * example JKM-000012) and looked up in Temporal visibility among the integration's orders.
 */
export async function resolveOrderKey(
  client: Client,
  integration: string,
  keyOrJakamoNumber: string,
): Promise<string> {
  const reference = keyOrJakamoNumber.trim();
  if (reference.startsWith('order:')) return reference;
  if (reference === '') {
    throw new OrderNotFound(
      reference,
      `Name the order: its order key (${orderKeyShape}) or Jakamo order number`,
    );
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
    throw new OrderNotFound(
      reference,
      `No order with Jakamo order number "${reference}" in integration "${integration}" ` +
        `(an order key looks like ${orderKeyShape})`,
    );
  }
  if (keys.size > 1) throw new AmbiguousJakamoOrderNumber(reference, [...keys].sort());
  return [...keys][0];
}

/** Temporal's errors for one order call turned into the order's own. */
function orderError(key: string, update: string, error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) {
    const finished = /completed|closed|finished/i.test(error.message);
    return new OrderNotFound(
      key,
      finished ? `Order ${key} has finished: it takes no more requests` : `No such order: ${key}`,
    );
  }
  if (error instanceof WorkflowUpdateFailedError) {
    return new OrderRequestRefused(key, update, error.cause?.message ?? error.message);
  }
  return error;
}

async function callOrder<T>(
  client: Client,
  key: string,
  update: string,
  call: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  try {
    return await call(client.workflow.getHandle(key));
  } catch (error) {
    throw orderError(key, update, error);
  }
}

/** Options of an ERP update. */
export interface OrderUpdateOptions {
  /**
   * Temporal update id: the same id sent again (a retried HTTP call, a re-run CLI command) is
   * decided once and gets the first answer.
   */
  updateId?: string;
}

/** The order's whole state (the `state` query). */
export function showOrder(client: Client, key: string): Promise<OrderState> {
  return callOrder(client, key, 'state', (handle) => handle.query(orderStateQuery));
}

/** ERP: confirm the order, as requested (no lines) or with changed lines (a proposal). */
export function confirmOrder(
  client: Client,
  key: string,
  request: ConfirmRequest,
  options: OrderUpdateOptions = {},
): Promise<OrderUpdateAnswer> {
  return callOrder(client, key, 'confirm', (handle) =>
    handle.executeUpdate(confirmOrderUpdate, { args: [request], updateId: options.updateId }),
  );
}

/** ERP: goods delivered, for some lines or (no lines) everything outstanding. */
export function deliverOrder(
  client: Client,
  key: string,
  request: DeliverRequest,
  options: OrderUpdateOptions = {},
): Promise<OrderUpdateAnswer> {
  return callOrder(client, key, 'deliver', (handle) =>
    handle.executeUpdate(deliverOrderUpdate, { args: [request], updateId: options.updateId }),
  );
}

/** Operator: the cause of the attention was fixed; run the waiting step again. */
export function retryOrder(
  client: Client,
  key: string,
  request: OperatorRequest = {},
  options: OrderUpdateOptions = {},
): Promise<OrderUpdateAnswer> {
  return callOrder(client, key, 'retry', (handle) =>
    handle.executeUpdate(retryOrderUpdate, { args: [request], updateId: options.updateId }),
  );
}

/** Operator: the waiting step was done by hand (in the ERP or Jakamo); drop it and carry on. */
export function resolveOrder(
  client: Client,
  key: string,
  request: OperatorRequest = {},
  options: OrderUpdateOptions = {},
): Promise<OrderUpdateAnswer> {
  return callOrder(client, key, 'resolve', (handle) =>
    handle.executeUpdate(resolveOrderUpdate, { args: [request], updateId: options.updateId }),
  );
}

// ---------------------------------------------------------------------------------------------
// Lines given as JSON (the CLI's --lines, later the HTTP API's body)

const linesExample = '[{"lineId":"1","quantity":"8"}]';
const decimalPattern = /^\d+(\.\d+)?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

type JsonLine = Record<string, unknown>;

function readLineArray(json: string, what: string): JsonLine[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new InvalidOrderLines(
      `${what} must be a JSON array like ${linesExample} (${(error as Error).message})`,
    );
  }
  if (!Array.isArray(parsed))
    throw new InvalidOrderLines(`${what} must be a JSON array like ${linesExample}`);
  if (parsed.length === 0) {
    throw new InvalidOrderLines(`${what} is an empty array: leave it out to mean every line`);
  }
  return parsed.map((line: unknown, index) => {
    if (typeof line !== 'object' || line === null || Array.isArray(line)) {
      throw new InvalidOrderLines(`${what}[${index}] must be an object like {"lineId":"1","quantity":"8"}`);
    }
    return line as JsonLine;
  });
}

function checkFields(line: JsonLine, where: string, allowed: readonly string[]): void {
  const unknown = Object.keys(line).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) {
    throw new InvalidOrderLines(
      `${where}: unknown field ${unknown.map((f) => `"${f}"`).join(', ')} (expected ${allowed.join(', ')})`,
    );
  }
}

function readLineId(line: JsonLine, where: string): string {
  const value = line.lineId;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new InvalidOrderLines(
    `${where}.lineId is missing: each line needs its "lineId" (a string such as "1")`,
  );
}

/**
 * A quantity or price as an exact decimal string. JSON numbers are accepted only when they are
 * whole (safe integers): a float such as 12.5 may already have been rounded by the JSON reader.
 */
export function readDecimal(value: unknown, where: string): DecimalString {
  if (typeof value === 'string') {
    const text = value.trim();
    if (decimalPattern.test(text)) return text;
    throw new InvalidOrderLines(`${where}: "${value}" is not a decimal such as "8" or "12.50"`);
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    if (value < 0) throw new InvalidOrderLines(`${where}: ${value} is negative`);
    throw new InvalidOrderLines(
      `${where}: ${value} is not a whole number; write decimals as strings, e.g. "12.50", so no rounding creeps in`,
    );
  }
  throw new InvalidOrderLines(`${where} must be a decimal string such as "8" or "12.50"`);
}

/** A YYYY-MM-DD date that exists in the calendar. */
export function readIsoDate(value: unknown, where: string): string {
  const match = typeof value === 'string' ? datePattern.exec(value.trim()) : null;
  if (match !== null) {
    const [, year, month, day] = match.map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return match[0];
    }
  }
  throw new InvalidOrderLines(`${where}: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
}

function assertDistinctLines(lines: { lineId: string }[], what: string): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.lineId)) throw new InvalidOrderLines(`${what}: line "${line.lineId}" is given twice`);
    seen.add(line.lineId);
  }
}

/**
 * The ERP's confirmation lines from JSON: `[{"lineId":"1","quantity":"8","price":"12.50",
 * "deliveryDate":"2026-12-01"}]`; whatever a line leaves out is confirmed as requested.
 */
export function parseConfirmLines(json: string, what = '--lines'): ConfirmLineRequest[] {
  const lines = readLineArray(json, what).map((line, index) => {
    const where = `${what}[${index}]`;
    checkFields(line, where, ['lineId', 'quantity', 'price', 'deliveryDate']);
    const parsed: ConfirmLineRequest = { lineId: readLineId(line, where) };
    if (line.quantity !== undefined) parsed.quantity = readDecimal(line.quantity, `${where}.quantity`);
    if (line.price !== undefined) parsed.price = readDecimal(line.price, `${where}.price`);
    if (line.deliveryDate !== undefined)
      parsed.deliveryDate = readIsoDate(line.deliveryDate, `${where}.deliveryDate`);
    return parsed;
  });
  assertDistinctLines(lines, what);
  return lines;
}

/** The ERP's delivered lines from JSON: `[{"lineId":"1","quantity":"8"}]` (quantity delivered now). */
export function parseDeliverLines(json: string, what = '--lines'): NonNullable<DeliverRequest['lines']> {
  const lines = readLineArray(json, what).map((line, index) => {
    const where = `${what}[${index}]`;
    checkFields(line, where, ['lineId', 'quantity']);
    if (line.quantity === undefined) {
      throw new InvalidOrderLines(`${where}.quantity is missing: say how much of the line was delivered`);
    }
    return { lineId: readLineId(line, where), quantity: readDecimal(line.quantity, `${where}.quantity`) };
  });
  assertDistinctLines(lines, what);
  return lines;
}
