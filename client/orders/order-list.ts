import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { orderKey } from '../../domain/order-key';
import type { OrderStatus } from '../../domain/order-status';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';

/**
 * Lists of orders from Temporal visibility (their search attributes), without asking their
 * workflows: the CLI's `orders`, the ERP API's `GET /orders`, the bulk retry and the suggestions
 * for a reference that names no order.
 */

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

/** Escapes a value for a single-quoted string of a Temporal visibility query. */
export function visibilityString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The workflow id prefix of every order of the integration (`order:{integration}:`, encoded as in the key). */
export function orderKeyPrefix(integration: string): string {
  const sample = orderKey({ integration, buyerPartyId: 'b', orderNumber: 'n' });
  return sample.slice(0, sample.length - 'b:n'.length);
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

// Digits compare as numbers: JKM-000012 comes after JKM-000003, and after JKM-9 too.
const jakamoNumberOrder = new Intl.Collator('en', { numeric: true });

/**
 * Jakamo's order, newest first: by Jakamo order number, highest first (Jakamo numbers its orders
 * as they are placed, and its queue hands them over in that order). Not the workflows' start:
 * the intake hands several orders to their workflows at once, so they start in any order. Orders
 * without a number come last; a tie goes to the later start.
 */
export function newestFirst(a: OrderSummary, b: OrderSummary): number {
  if (a.jakamoOrderNumber !== b.jakamoOrderNumber) {
    if (a.jakamoOrderNumber === undefined) return 1;
    if (b.jakamoOrderNumber === undefined) return -1;
    const byNumber = jakamoNumberOrder.compare(b.jakamoOrderNumber, a.jakamoOrderNumber);
    if (byNumber !== 0) return byNumber;
  }
  return textOrder(b.startedAt, a.startedAt) || textOrder(a.orderKey, b.orderKey);
}

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of the integration's orders, newest first (see `newestFirst`), with the total. Pages
 * are 1-based; a page past the end is empty (with the total). Visibility cannot sort by a search
 * attribute (SQL visibility stores and Temporal Cloud refuse ORDER BY; its own order is the
 * workflows' start and close), so every matching order is read and sorted here.
 */
export async function listOrders(
  client: Client,
  integration: string,
  filter: OrderListFilter,
  paging: { page: number; pageSize: number },
): Promise<OrderPage> {
  const orders = new Map<string, OrderSummary>();
  for await (const execution of client.workflow.list({
    query: ordersQuery(integration, filter),
    pageSize: 1000,
  })) {
    // A reset leaves a second run of the same order: list the order once, as its latest run.
    if (!orders.has(execution.workflowId)) orders.set(execution.workflowId, orderSummaryOf(execution));
  }
  const offset = (paging.page - 1) * paging.pageSize;
  return {
    total: orders.size,
    orders: [...orders.values()].sort(newestFirst).slice(offset, offset + paging.pageSize),
  };
}

/** An order as visibility lists it. */
export function orderSummaryOf(execution: WorkflowExecutionInfo): OrderSummary {
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
