import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowExecutionInfo,
  type WorkflowHandle,
} from '@temporalio/client';
import type { ConnectorDatabase } from '../../db/database';
import { OutboundDocuments, type OutboundKind, type OutboundStatus } from '../../db/outbound-documents';
import type { InboundMessageStatus } from '../../db/schema';
import type { DecimalString } from '../../domain/documents';
import { orderKey, parseOrderKey, type OrderKeyParts } from '../../domain/order-key';
import type { OrderStatus } from '../../domain/order-status';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';
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
} from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';

/**
 * Orders from outside their workflows: list them (Temporal visibility), look one up (by order
 * key or Jakamo's order number), read its state and its documents, and send the ERP's and the
 * operator's updates. Shared by the CLI and the ERP HTTP API, so every failure is a typed error
 * that says what to do, never a gRPC error.
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

/** How many of the newest orders a reference that named no order is compared with. */
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
 * The orders a reference probably meant, closest first: among the newest orders of `scope`
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
  // A stable sort keeps the newest first within a rank.
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
   * The caller's idempotency key (the CLI's `--idempotency-key`, the API's `Idempotency-Key`):
   * the same key sent again (a retried HTTP call, a re-run CLI command) is decided once and gets
   * the first answer. It becomes the Temporal update id, prefixed with the update's name, so one
   * key used for a confirm and then for a deliver names two different updates.
   */
  updateId?: string;
}

/** The Temporal update id of a caller's idempotency key (see OrderUpdateOptions.updateId). */
export function orderUpdateId(update: string, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `${update}:${idempotencyKey}`;
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
    handle.executeUpdate(confirmOrderUpdate, {
      args: [request],
      updateId: orderUpdateId('confirm', options.updateId),
    }),
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
    handle.executeUpdate(deliverOrderUpdate, {
      args: [request],
      updateId: orderUpdateId('deliver', options.updateId),
    }),
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
    handle.executeUpdate(retryOrderUpdate, {
      args: [request],
      updateId: orderUpdateId('retry', options.updateId),
    }),
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
    handle.executeUpdate(resolveOrderUpdate, {
      args: [request],
      updateId: orderUpdateId('resolve', options.updateId),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Lists of orders (Temporal visibility)

/** Filters of an order list; each one left out does not filter. */
export interface OrderListFilter {
  status?: OrderStatus;
  /** The buyer's party id (the `JakamoCustomer` search attribute). */
  customer?: string;
  needsAttention?: boolean;
}

/** One order as visibility knows it (its search attributes), without asking its workflow. */
export interface OrderSummary {
  orderKey: string;
  jakamoOrderNumber: string | undefined;
  customer: string | undefined;
  status: OrderStatus | undefined;
  needsAttention: boolean;
  /** When the order's current run started (ISO 8601). */
  startedAt: string;
  /** Temporal's execution status of the current run: Running, or Completed once the order has ended. */
  execution: string;
}

export interface OrderPage {
  /** How many orders match the filters (all pages). */
  total: number;
  orders: OrderSummary[];
}

/**
 * The visibility query for the integration's orders: its order workflows (not their earlier runs,
 * which continue-as-new leaves behind) that match the filters.
 */
export function ordersQuery(integration: string, filter: OrderListFilter = {}): string {
  const clauses = [
    `WorkflowType = 'orderWorkflow'`,
    `WorkflowId STARTS_WITH ${visibilityString(orderKeyPrefix(integration))}`,
    `ExecutionStatus != 'ContinuedAsNew'`,
  ];
  if (filter.status !== undefined)
    clauses.push(`${JakamoOrderStatus.name} = ${visibilityString(filter.status)}`);
  if (filter.customer !== undefined)
    clauses.push(`${JakamoCustomer.name} = ${visibilityString(filter.customer)}`);
  if (filter.needsAttention === true) clauses.push(`${NeedsAttention.name} = true`);
  // An order that never needed attention may not carry the attribute at all.
  if (filter.needsAttention === false)
    clauses.push(`(${NeedsAttention.name} = false OR ${NeedsAttention.name} IS NULL)`);
  return clauses.join(' AND ');
}

/**
 * One page of the integration's orders, newest first, with the total. Pages are 1-based; a
 * page past the end is empty (with the total).
 */
export async function listOrders(
  client: Client,
  integration: string,
  filter: OrderListFilter,
  paging: { page: number; pageSize: number },
): Promise<OrderPage> {
  const query = ordersQuery(integration, filter);
  const offset = (paging.page - 1) * paging.pageSize;
  const { count } = await client.workflow.count(query);
  const orders: OrderSummary[] = [];
  if (offset < count) {
    const seen = new Set<string>();
    let index = 0;
    for await (const execution of client.workflow.list({
      query,
      pageSize: Math.min(1000, offset + paging.pageSize),
    })) {
      // A reset leaves a second run of the same order: list the order once.
      if (seen.has(execution.workflowId)) continue;
      seen.add(execution.workflowId);
      if (index++ < offset) continue;
      orders.push(orderSummaryOf(execution));
      if (orders.length >= paging.pageSize) break;
    }
  }
  return { total: Number(count), orders };
}

/** An order as visibility lists it. */
function orderSummaryOf(execution: WorkflowExecutionInfo): OrderSummary {
  const attributes = execution.typedSearchAttributes;
  return {
    orderKey: execution.workflowId,
    jakamoOrderNumber: attributes.get(JakamoOrderNumber),
    customer: attributes.get(JakamoCustomer),
    status: attributes.get(JakamoOrderStatus) as OrderStatus | undefined,
    needsAttention: attributes.get(NeedsAttention) === true,
    startedAt: execution.startTime.toISOString(),
    execution: execution.status.name,
  };
}

// ---------------------------------------------------------------------------------------------
// An order's documents (the connector database)

/** A message from Jakamo for the order, as archived (its raw XML is `orderDocumentContent`). */
export interface InboundDocumentSummary {
  /** The SHA-256 of the raw message: its id in the archive. */
  id: string;
  /** Order, OrderChange, OrderCancellation, StatusMessage… (undefined when it could not be read). */
  kind: string | undefined;
  rootElement: string | undefined;
  /** received → handed_off → acknowledged; quarantined when it could not be routed. */
  status: InboundMessageStatus;
  jakamoOrderNumber: string | undefined;
  receivedAt: string;
  lastReceivedAt: string;
  /** More than 1 when Jakamo delivered the same message again. */
  timesReceived: number;
  acknowledgedAt: string | undefined;
  /** Why the message was quarantined. */
  error: string | undefined;
  contentType: string;
}

/** A request the pipeline sent (or built and did not send) to Jakamo for the order. */
export interface OutboundDocumentSummary {
  /** The effect that sent it (`e3`): with the order key, its idempotency key. */
  id: string;
  kind: OutboundKind;
  purpose: string;
  method: 'POST' | 'PUT';
  targetUrl: string;
  /** invalid (built, refused before sending) → sending → answered. */
  status: OutboundStatus;
  /** Why it was not sent (status `invalid`). */
  problems: string | undefined;
  attempts: number;
  httpStatus: number | undefined;
  accepted: boolean | undefined;
  firstAttemptAt: string;
  lastAttemptAt: string;
  answeredAt: string | undefined;
  contentType: string;
}

export interface OrderDocuments {
  inbound: InboundDocumentSummary[];
  outbound: OutboundDocumentSummary[];
}

/** A document's raw content, for download. */
export interface DocumentContent {
  contentType: string;
  fileName: string;
  body: string;
}

export type DocumentDirection = 'inbound' | 'outbound';

const xmlContentType = 'application/xml';

/** OrderResponses and StatusMessages are XML; a simple confirmation is a form-encoded `Note`. */
function outboundContentType(kind: OutboundKind): string {
  return kind === 'SimpleConfirm' ? 'application/x-www-form-urlencoded' : xmlContentType;
}

/** A file name that is safe in a Content-Disposition header. */
function fileNameOf(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The order's documents: every message from Jakamo archived for it and every request sent to
 * Jakamo for it, oldest first; undefined when the connector has no document of the order.
 */
export async function listOrderDocuments(
  db: ConnectorDatabase,
  integration: string,
  key: string,
): Promise<OrderDocuments | undefined> {
  const inboundRows = await db
    .selectFrom('inbound_messages')
    .select([
      'sha256',
      'document_kind',
      'root_element',
      'status',
      'jakamo_order_number',
      'first_received_at',
      'last_received_at',
      'times_received',
      'acknowledged_at',
      'error',
    ])
    .where('integration', '=', integration)
    .where('order_key', '=', key)
    .orderBy('first_received_at')
    .orderBy('sha256')
    .execute();
  const outboundRows = (await new OutboundDocuments(db).listForOrder(key)).filter(
    (record) => record.integration === integration,
  );
  if (inboundRows.length === 0 && outboundRows.length === 0) return undefined;
  return {
    inbound: inboundRows.map((row) => ({
      id: row.sha256,
      kind: row.document_kind ?? undefined,
      rootElement: row.root_element ?? undefined,
      status: row.status,
      jakamoOrderNumber: row.jakamo_order_number ?? undefined,
      receivedAt: row.first_received_at,
      lastReceivedAt: row.last_received_at,
      timesReceived: Number(row.times_received),
      acknowledgedAt: row.acknowledged_at ?? undefined,
      error: row.error ?? undefined,
      contentType: xmlContentType,
    })),
    outbound: outboundRows.map((record) => ({
      id: record.effectId,
      kind: record.kind,
      purpose: record.purpose,
      method: record.method,
      targetUrl: record.targetUrl,
      status: record.status,
      problems: record.problems,
      attempts: record.attempts,
      httpStatus: record.httpStatus,
      accepted: record.accepted,
      firstAttemptAt: record.firstAttemptAt,
      lastAttemptAt: record.lastAttemptAt,
      answeredAt: record.answeredAt,
      contentType: outboundContentType(record.kind),
    })),
  };
}

/** One document's raw content (the archived XML, or the request body as sent); undefined when unknown. */
export async function orderDocumentContent(
  db: ConnectorDatabase,
  integration: string,
  key: string,
  direction: DocumentDirection,
  id: string,
): Promise<DocumentContent | undefined> {
  if (direction === 'inbound') {
    const row = await db
      .selectFrom('inbound_messages')
      .select(['raw_xml', 'document_kind'])
      .where('integration', '=', integration)
      .where('order_key', '=', key)
      .where('sha256', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      contentType: xmlContentType,
      fileName: `${fileNameOf(row.document_kind ?? 'message', id.slice(0, 12))}.xml`,
      body: row.raw_xml,
    };
  }
  const record = await new OutboundDocuments(db).find(key, id);
  if (record === undefined || record.integration !== integration) return undefined;
  const contentType = outboundContentType(record.kind);
  return {
    contentType,
    fileName: `${fileNameOf(record.kind, id)}.${contentType === xmlContentType ? 'xml' : 'txt'}`,
    body: record.body,
  };
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
