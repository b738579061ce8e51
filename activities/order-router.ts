import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../domain/search-attributes';
import type { JakamoMessageRef, OrderWorkflowInput } from '../workflows/definitions';
import { jakamoMessageSignal } from '../workflows/definitions';
import type { orderWorkflow } from '../workflows/order';

export type RouteResult = { routed: true } | { routed: false; reason: string };

/**
 * Hands a message to its order workflow, starting the workflow if it is not running
 * (signal-with-start). Once this returns, the hand-off is durable in Temporal.
 */
export class OrderRouter {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async route(input: OrderWorkflowInput, message: JakamoMessageRef): Promise<RouteResult> {
    try {
      await this.client.workflow.signalWithStart<typeof orderWorkflow, [JakamoMessageRef]>('orderWorkflow', {
        workflowId: input.orderKey,
        taskQueue: this.taskQueue,
        args: [input],
        signal: jakamoMessageSignal,
        signalArgs: [message],
        // A finished order must not silently start over because a late message arrived.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: JakamoOrderStatus, value: 'Received' },
          { key: JakamoCustomer, value: input.buyerPartyId },
          // Jakamo's own order number, as shown in Jakamo's UI; the customer's is in the workflow id.
          { key: JakamoOrderNumber, value: message.jakamoOrderNumber ?? input.orderNumber },
          { key: NeedsAttention, value: false },
        ],
      });
      return { routed: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        return {
          routed: false,
          reason: `order workflow ${input.orderKey} has already finished; the ${message.kind} message was kept for an operator instead of starting the order again`,
        };
      }
      throw error;
    }
  }
}
