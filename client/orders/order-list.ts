import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { ordersQuery, type OrderListFilter } from '../../domain/order-queries';
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
