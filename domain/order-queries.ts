import { orderKey } from './order-key';
import type { OrderStatus } from './order-status';
import { JakamoCustomer, JakamoOrderStatus, NeedsAttention } from './search-attributes';

/**
 * The Temporal visibility queries that find an integration's orders by their search attributes,
 * written once for the order list, the bulk retry, the suggestions, the status line and the
 * metrics.
 */

/** Escapes a value for a single-quoted string of a Temporal visibility query. */
export function visibilityString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The workflow id prefix of every order of the integration (`order:{integration}:`, encoded as in the key). */
export function orderKeyPrefix(integration: string): string {
  const sample = orderKey({ integration, buyerPartyId: 'b', orderNumber: 'n' });
  return sample.slice(0, sample.length - 'b:n'.length);
}

/** Filters of an order list; each one left out does not filter. */
export interface OrderListFilter {
  /** One status, or any of several. */
  status?: OrderStatus | readonly OrderStatus[];
  /** The buyer's party id (the `JakamoCustomer` search attribute). */
  customer?: string;
  needsAttention?: boolean;
}

/**
 * The visibility query for the integration's orders that match the filters: its order workflows'
 * current runs (not the earlier runs continue-as-new leaves behind), or with `execution` only the
 * running or only the finished ones.
 */
export function ordersQuery(
  integration: string,
  filter: OrderListFilter = {},
  execution?: 'Running' | 'Completed',
): string {
  const clauses = [
    `WorkflowType = 'orderWorkflow'`,
    `WorkflowId STARTS_WITH ${visibilityString(orderKeyPrefix(integration))}`,
    execution === undefined ? `ExecutionStatus != 'ContinuedAsNew'` : `ExecutionStatus = '${execution}'`,
  ];
  if (typeof filter.status === 'string')
    clauses.push(`${JakamoOrderStatus.name} = ${visibilityString(filter.status)}`);
  else if (filter.status !== undefined)
    clauses.push(`${JakamoOrderStatus.name} IN (${filter.status.map(visibilityString).join(', ')})`);
  if (filter.customer !== undefined)
    clauses.push(`${JakamoCustomer.name} = ${visibilityString(filter.customer)}`);
  if (filter.needsAttention === true) clauses.push(`${NeedsAttention.name} = true`);
  // An order that never needed attention may not carry the attribute at all.
  if (filter.needsAttention === false)
    clauses.push(`(${NeedsAttention.name} = false OR ${NeedsAttention.name} IS NULL)`);
  return clauses.join(' AND ');
}
