import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { orderWorkflow, OrderWorkflowInput } from '../../workflows/order';
import { orderStartOptions } from './order-start-options';
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
        ...orderStartOptions(input, {
          taskQueue: this.taskQueue,
          jakamoOrderNumber: message.jakamoOrderNumber,
          life: 'first',
        }),
        signal: jakamoMessageSignal,
        signalArgs: [message],
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
