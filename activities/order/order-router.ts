import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  JakamoCustomer,
  JakamoOrderNumber,
  JakamoOrderStatus,
  NeedsAttention,
} from '../../domain/search-attributes';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { orderWorkflow, OrderWorkflowInput } from '../../workflows/order';
import { orderSummary } from '../../domain/order-summary';
import { jakamoMessageSignal } from '../../workflows/order/messages';

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
    const bytes = Buffer.byteLength(JSON.stringify(message), 'utf8');
    if (bytes > maxHandOffBytes) return { routed: false, reason: tooLargeReason(message, bytes) };
    try {
      await this.client.workflow.signalWithStart<typeof orderWorkflow, [JakamoMessageRef]>('orderWorkflow', {
        workflowId: input.orderKey,
        taskQueue: this.taskQueue,
        // ERP steps in the worker, one upsert per task: the path of every order started now.
        args: [{ ...input, erpStepsInWorker: true }],
        signal: jakamoMessageSignal,
        signalArgs: [message],
        // A finished order must not silently start over because a late message arrived.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // The Web UI's one line for the order: customer order number · customer · Jakamo number.
        staticSummary: orderSummary({
          orderNumber: input.orderNumber,
          buyerPartyId: input.buyerPartyId,
          jakamoOrderNumber: message.jakamoOrderNumber,
        }),
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
          reason: `order ${input.orderKey} has finished (Completed after its quiet period, or closed by an operator): this ${message.kind} is kept here for an operator instead of starting the order again`,
        };
      }
      // Temporal refuses the payload on every retry: waiting would block the queue for good.
      if (error instanceof Error && /blob data size exceeds limit/i.test(error.message)) {
        return { routed: false, reason: tooLargeReason(message, bytes) };
      }
      throw error;
    }
  }
}

/**
 * The largest message the hand-off carries. Temporal's default limit for one payload is 2 MiB
 * (and it warns from 512 KiB); the codec already refuses documents whose content is over 1 MiB.
 */
export const maxHandOffBytes = 1536 * 1024;

function tooLargeReason(message: JakamoMessageRef, bytes: number): string {
  return `too-large: the ${message.kind}'s content is ${Math.round(bytes / 1024)} KiB, more than the order workflow can carry (${maxHandOffBytes / 1024} KiB); it is kept here for an operator`;
}
