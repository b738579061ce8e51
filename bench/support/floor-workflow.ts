/**
 * The floor of one workflow per order, for the end-to-end benchmark: the least Temporal work a
 * pipeline with one workflow per order can do. The workflow is signal-with-started with the
 * order's confirm URL and runs one activity, which confirms it. Bundled on its own (not part of
 * workflows/), by bench/support/floor.ts.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { FloorActivities } from './floor-activities';

export const floorOrderSignal = defineSignal<[{ confirmUrl: string }]>('order');

const { confirmFloorOrder } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', maximumAttempts: 10 },
});

export async function floorOrderWorkflow(): Promise<void> {
  let confirmUrl: string | undefined;
  setHandler(floorOrderSignal, (order) => {
    confirmUrl ??= order.confirmUrl;
  });
  await condition(() => confirmUrl !== undefined);
  await confirmFloorOrder(confirmUrl ?? '');
}
