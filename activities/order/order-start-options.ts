import type { WorkflowStartOptions } from '@temporalio/client';
import { orderSummary } from '../../domain/order-summary';
import { OrderStatus } from '../../domain/order-status';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';
import type { orderWorkflow, OrderWorkflowInput } from '../../workflows/order';

/**
 * How an order's workflow is started, by the intake's hand-off (its first life) and by a replay
 * into a fresh workflow (its next life): the same id, task queue, input, Web UI summary and search
 * attributes, from the state the run starts with (a replay's carried state, else a new order).
 */
export function orderStartOptions(
  input: OrderWorkflowInput,
  options: {
    taskQueue: string;
    /** Jakamo's order number (the message's header; a carried state knows its own). */
    jakamoOrderNumber: string | undefined;
    /**
     * `first`: a finished order must not silently start over because a late message arrived;
     * `next`: the earlier run has ended and this is the order's next life, not a second order.
     */
    life: 'first' | 'next';
  },
): WorkflowStartOptions<typeof orderWorkflow> {
  const carried = input.carriedState;
  const jakamoOrderNumber = carried?.jakamoOrderNumber ?? options.jakamoOrderNumber;
  return {
    workflowId: input.orderKey,
    taskQueue: options.taskQueue,
    args: [input],
    workflowIdReusePolicy: options.life === 'first' ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
    // The Web UI's one line for the order: customer order number · customer · Jakamo number.
    staticSummary: orderSummary({
      orderNumber: input.orderNumber,
      buyerPartyId: input.buyerPartyId,
      jakamoOrderNumber,
    }),
    typedSearchAttributes: [
      { key: JakamoOrderStatus, value: carried?.status ?? OrderStatus.Received },
      { key: JakamoCustomer, value: input.buyerPartyId },
      // Jakamo's own order number, as shown in Jakamo's UI; the customer's is in the workflow id.
      { key: JakamoOrderNumber, value: jakamoOrderNumber ?? input.orderNumber },
      { key: NeedsAttention, value: carried?.attention !== undefined },
    ],
  };
}
