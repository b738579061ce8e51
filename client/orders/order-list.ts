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

/**
 * One page of the integration's orders, with the total, in Temporal visibility's own order: open
 * orders first, the one the pipeline took up last (its workflow's start, the list's "started"
 * column) on top; then finished ones, the last to finish on top. Not Jakamo's order: the intake
 * hands several orders to their workflows at once, so orders placed a moment apart can start the
 * other way round. Visibility cannot sort by a search attribute (SQL visibility stores and
 * Temporal Cloud refuse ORDER BY), and reading every order to sort it here would make each page
 * cost as much as the whole list. Pages are 1-based; a page past the end is empty (with the total).
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
      // A reset leaves a second run of the same order: list the order once, as its latest run.
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
