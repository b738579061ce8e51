import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderKey } from '../../domain/order-key';
import type { PlacedOrder } from '../../sandbox';
import { orderStateQuery } from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';
import type { PipelineUnderTest } from './pipeline';
import { eventually } from './temporal';

/** Helpers for tests that follow one order through its life. */

export function keyOf(pipeline: PipelineUnderTest, placed: PlacedOrder): string {
  return orderKey({
    integration: pipeline.integration,
    buyerPartyId: placed.buyerPartyId,
    orderNumber: placed.orderNumber,
  });
}

export function orderHandle(
  env: TestWorkflowEnvironment,
  pipeline: PipelineUnderTest,
  placed: PlacedOrder,
): WorkflowHandle {
  return env.client.workflow.getHandle(keyOf(pipeline, placed));
}

/** Waits until the order's state satisfies `ready` (for example a status); returns that state. */
export function untilOrder(
  handle: WorkflowHandle,
  what: string,
  ready: (state: OrderState) => boolean,
  timeoutMs?: number,
): Promise<OrderState> {
  return eventually(
    `order ${handle.workflowId}: ${what}`,
    async () => {
      const state = await handle.query(orderStateQuery);
      return ready(state) ? state : undefined;
    },
    timeoutMs === undefined ? {} : { timeoutMs },
  );
}

/** The order has reached `status` and has nothing left to do. */
export const settledIn =
  (status: OrderState['status']) =>
  (state: OrderState): boolean =>
    state.status === status && state.pendingEffects.length === 0 && state.attention === undefined;
